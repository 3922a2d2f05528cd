"""The audit log over HTTP: `GET /api/audit` (latest first), `GET /api/audit/{id}`."""
from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from .errors import ERROR_RESPONSES

router = APIRouter(prefix="/api/audit", tags=["审计日志"], responses=ERROR_RESPONSES)
KIND_CN = {"opinion": "检察意见书", "checklist": "证据缺口清单", "report_docx": "类案监督报告（DOCX）",
           "report_html": "类案监督报告（HTML）", "report_xlsx": "类案监督报告线索清单（XLSX）"}


class AuditRow(BaseModel):
    id: int
    created_at: str
    user: str = Field(description="请求者")
    kind: str
    kind_cn: str
    case_id: str | None = None
    document_number: str | None = None
    direction: str | None = None
    backend: str
    model: str | None = None
    output_sha256: str


class AuditDetail(AuditRow):
    case_hash: str
    citations: list[dict]
    prompt_versions: dict
    settings_fingerprint: str
    output_path: str | None = None
    review_summary: str | None = None
    warnings: list[str]
    text: str = Field(description="中文格式的完整记录")


def _log(request: Request):
    from assistant.audit import AuditLog

    return AuditLog(request.app.state.settings.db_path)


@router.get("", response_model=list[AuditRow], summary="审计日志（最新在前）")
def audit_list(request: Request, limit: int = Query(20, ge=1, le=500, description="条数")) -> list[AuditRow]:
    return [AuditRow(**{k: v for k, v in asdict(e).items() if k in AuditRow.model_fields},
                     kind_cn=KIND_CN.get(e.kind, e.kind)) for e in _log(request).list(limit)]


@router.get("/{entry_id}", response_model=AuditDetail, summary="查看一条审计记录")
def audit_show(request: Request, entry_id: int = Path(..., ge=1, le=2**62)) -> AuditDetail:
    from assistant.audit import format_entry

    e = _log(request).get(entry_id)
    return AuditDetail(**asdict(e), kind_cn=KIND_CN.get(e.kind, e.kind), text=format_entry(e))
