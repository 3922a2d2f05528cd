"""Case review and one-click drafts.

    POST /api/review            JSON: {"facts": "…"} or {"case": {…case JSON…}} (+ conversation_id, today)
    POST /api/review/upload     multipart: file (PDF/DOCX/TXT/JSON) (+ conversation_id, today)
    POST /api/drafts/{kind}     kind = opinion (检察意见书) | checklist (证据缺口清单); JSON: conversation_id (the case
                                reviewed in that conversation) or an inline case → the DOCX, recorded in the audit log
    POST /api/drafts/{kind}/upload   multipart: the case file → the DOCX

The reviewed case is kept with the conversation, so the chat's follow-up questions ("这个案子应当移送哪个部门？") and the
one-click buttons work on it without sending it again.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from .auth import requesting_user
from .errors import ERROR_RESPONSES, ApiError
from .uploads import CASE_SUFFIXES, check_declared_length, read_upload

router = APIRouter(prefix="/api", tags=["案件审查与文书"], responses=ERROR_RESPONSES)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_FACTS = 200_000


class ReviewRequest(BaseModel):
    facts: str | None = Field(None, max_length=MAX_FACTS, description="案件事实（粘贴决定书或事实段落）")
    case: dict[str, Any] | None = Field(None, description="案件 JSON（字段见 assistant/intake/case.py，至少含 facts）")
    conversation_id: str | None = Field(None, max_length=64, description="把案件挂到该会话（问答中可用“本案”指代）")
    today: date | None = Field(None, description="计算期限所用的“今天”，默认系统日期")


class ReviewResponse(BaseModel):
    conversation_id: str
    case: dict = Field(description="读取出的案件（Case）")
    review: dict = Field(description="审查结果（Review）：罪名、立案标准、衔接方向、期限、证据缺口、所引条文")
    summary: str = Field(description="中文审查摘要")
    provisions: dict[str, str] = Field(description="所引条文编号 → 条文名称（用于显示）")


class DraftRequest(BaseModel):
    conversation_id: str | None = Field(None, max_length=64, description="使用该会话中已审查的案件")
    facts: str | None = Field(None, max_length=MAX_FACTS, description="或直接提供案件事实")
    case: dict[str, Any] | None = Field(None, description="或直接提供案件 JSON")
    direction: Literal["reverse", "forward"] | None = Field(None, description="衔接方向，默认采用审查结论（仅检察意见书）")
    today: date | None = None


def _case_from_request(facts: str | None, case: dict | None):
    from assistant.intake import case_from_dict, case_from_text

    if case is not None:
        return case_from_dict(case)
    if facts is not None and facts.strip():
        return case_from_text(facts)
    raise ApiError("bad_case", "请提供案件事实（facts）或案件 JSON（case），或上传案件文件")


def _case_from_upload(data: bytes, name: str, settings):
    from assistant.intake import load_case

    return load_case(data, name, max_pages=settings.max_pdf_pages)


def provision_names(store, ids: list[str]) -> dict[str, str]:
    from .routes_search import citation_name

    return {pid: citation_name(store, pid) for pid in ids}


def _respond(request: Request, case, conversation_id: str | None, today: date | None) -> ReviewResponse:
    from assistant.review.summary import summarize

    services = request.app.state.services
    review = services.engine.review(case, today)
    conv = services.conversations.get_or_new(conversation_id)
    conv.case, conv.review = case, review
    return ReviewResponse(conversation_id=conv.id, case=case.model_dump(mode="json"),
                          review=review.model_dump(mode="json"), summary=summarize(review),
                          provisions=provision_names(services.store, review.citations))


@router.post("/review", response_model=ReviewResponse, summary="审查案件（JSON 或粘贴的事实）")
def review_json(request: Request, body: ReviewRequest) -> ReviewResponse:
    return _respond(request, _case_from_request(body.facts, body.case), body.conversation_id, body.today)


@router.post("/review/upload", response_model=ReviewResponse, summary="审查上传的案件文件（PDF/DOCX/TXT/JSON）")
async def review_upload(request: Request, file: UploadFile = File(..., description="不起诉决定书、行政处罚决定书等"),
                        conversation_id: str | None = Form(None, max_length=64),
                        today: date | None = Form(None)) -> ReviewResponse:
    from starlette.concurrency import run_in_threadpool

    settings = request.app.state.settings
    check_declared_length(request, settings)
    data, name = await read_upload(file, settings, CASE_SUFFIXES, "案件文件")
    case = await run_in_threadpool(_case_from_upload, data, name, settings)
    return await run_in_threadpool(_respond, request, case, conversation_id, today)


def _docx(res) -> Response:
    ascii_name = "draft.docx"
    headers = {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(res.filename)}",
               "X-Audit-Id": str(res.audit_id or ""), "X-Draft-Warnings": str(len(res.warnings)),
               "X-Document-Number": quote(res.number or "")}
    return Response(res.docx_bytes, media_type=DOCX_TYPE, headers=headers)


def _draft(request: Request, kind: str, case, review, direction: str | None, today: date | None) -> Response:
    from assistant.drafting import draft_checklist, draft_opinion

    services = request.app.state.services
    user = requesting_user(request)
    if kind == "opinion":
        res = draft_opinion(case, review, direction=direction, backend=services.chat, user=user,
                            settings=services.settings, today=today)
    else:
        res = draft_checklist(case, review, user=user, settings=services.settings, today=today)
    return _docx(res)


_DRAFT_DOC = "kind：opinion（检察意见书）或 checklist（证据缺口清单）。返回 DOCX，并记入审计日志（响应头 X-Audit-Id）"
_DOCX_RESPONSE = {200: {"content": {DOCX_TYPE: {}}, "description": "DOCX 文书"}}


@router.post("/drafts/{kind}", summary="一键生成文书（DOCX）", description=_DRAFT_DOC, response_class=Response,
             responses=_DOCX_RESPONSE)
def draft(request: Request, kind: Literal["opinion", "checklist"], body: DraftRequest) -> Response:
    services = request.app.state.services
    if body.case is not None or (body.facts and body.facts.strip()):
        case, review = _case_from_request(body.facts, body.case), None
    elif body.conversation_id:
        conv = services.conversations.get(body.conversation_id)
        if conv.case is None:
            raise ApiError("bad_case", "该会话中还没有案件：请先粘贴案件事实或上传案件文件进行审查")
        case, review = conv.case, conv.review
    else:
        raise ApiError("bad_case", "请提供会话编号（conversation_id）、案件事实或案件 JSON")
    if body.today is not None:
        review = None
    return _draft(request, kind, case, review, body.direction, body.today)


@router.post("/drafts/{kind}/upload", summary="上传案件文件并一键生成文书（DOCX）", description=_DRAFT_DOC,
             response_class=Response, responses=_DOCX_RESPONSE)
async def draft_upload(request: Request, kind: Literal["opinion", "checklist"],
                       file: UploadFile = File(..., description="案件文件（PDF/DOCX/TXT/JSON）"),
                       direction: Literal["reverse", "forward"] | None = Form(None),
                       today: date | None = Form(None)) -> Response:
    from starlette.concurrency import run_in_threadpool

    settings = request.app.state.settings
    check_declared_length(request, settings)
    data, name = await read_upload(file, settings, CASE_SUFFIXES, "案件文件")
    case = await run_in_threadpool(_case_from_upload, data, name, settings)
    return await run_in_threadpool(_draft, request, kind, case, None, direction, today)
