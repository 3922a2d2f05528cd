"""The monthly 类案监督报告: upload the month's export → a background job → progress → downloads.

    POST /api/reports                       multipart: file (CSV/XLSX), month (YYYY-MM), previous (optional) → 202 + job
    GET  /api/reports/{job_id}              job state: stage, percent, downloads when done, error when failed
    GET  /api/reports/{job_id}/events       the same as server-sent events (progress … done | error)
    GET  /api/reports/{job_id}/download/{fmt}   fmt = docx | html | xlsx
"""
from __future__ import annotations

import re
from datetime import date
from typing import Literal
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from sse_starlette import EventSourceResponse

from .auth import requesting_user
from .errors import ERROR_RESPONSES, ApiError
from .jobs import FORMATS
from .sse import job_events
from .uploads import REPORT_SUFFIXES, check_declared_length, read_upload

router = APIRouter(prefix="/api/reports", tags=["月度报告"], responses=ERROR_RESPONSES)
_JOB_ID = re.compile(r"^[0-9a-f]{32}$")
JobId = Path(..., pattern=_JOB_ID.pattern, description="报告任务编号")


class Download(BaseModel):
    label: str
    url: str
    filename: str


class JobView(BaseModel):
    job_id: str
    status: Literal["queued", "running", "done", "failed"]
    stage: str = Field(description="当前阶段（中文）")
    done: int
    total: int | None
    percent: int = Field(description="0–100 的大致进度")
    month: str
    filename: str
    error: dict | None = Field(None, description="失败时：code 与中文 message")
    summary: str = ""
    warnings: list[str] = Field(default_factory=list)
    downloads: dict[str, Download] = Field(default_factory=dict)
    audit_ids: dict[str, int] = Field(default_factory=dict)


def _job(request: Request, job_id: str):
    if not _JOB_ID.match(job_id):
        raise ApiError("job_not_found", "报告任务编号格式不正确")
    return request.app.state.services.jobs.get(job_id)


@router.post("", status_code=202, response_model=JobView, summary="上传月度数据并开始生成报告")
async def start_report(request: Request,
                       file: UploadFile = File(..., description="本月从共享平台导出的案件数据（.xlsx 或 .csv）"),
                       month: str = Form(..., max_length=20, description="统计月份 YYYY-MM，如 2026-10"),
                       previous: UploadFile | None = File(None, description="上月数据（可选，用于环比）"),
                       as_of: date | None = Form(None, description="期限计算截止日，默认为该月最后一天")) -> JSONResponse:
    from assistant.report.pipeline import parse_month

    settings = request.app.state.settings
    check_declared_length(request, settings)
    try:
        month = parse_month(month)
    except Exception as exc:
        raise ApiError("bad_month", str(exc)) from None
    data, name = await read_upload(file, settings, REPORT_SUFFIXES, "月度数据")
    prev = None
    if previous is not None and previous.filename:
        prev = await read_upload(previous, settings, REPORT_SUFFIXES, "上月数据")
    job = request.app.state.services.jobs.submit(data, name, month, requesting_user(request), prev, as_of)
    return JSONResponse(job.to_dict(), status_code=202, headers={"Location": f"/api/reports/{job.id}"})


@router.get("/{job_id}", response_model=JobView, summary="报告任务的进度与下载链接")
def report_status(request: Request, job_id: str = JobId) -> dict:
    return _job(request, job_id).to_dict()


@router.get("/{job_id}/events", summary="报告任务进度（text/event-stream）",
            responses={200: {"content": {"text/event-stream": {}}, "description": "progress … done | error"}})
def report_events(request: Request, job_id: str = JobId) -> EventSourceResponse:
    job = _job(request, job_id)
    return EventSourceResponse(job_events(job.to_dict), ping=15, headers={"X-Accel-Buffering": "no"})


@router.get("/{job_id}/download/{fmt}", summary="下载报告：docx / html / xlsx", response_class=FileResponse,
            responses={200: {"content": {v[1].split(";")[0]: {} for v in FORMATS.values()}, "description": "报告文件"}})
def report_download(request: Request, fmt: Literal["docx", "html", "xlsx"],
                    job_id: str = JobId) -> FileResponse:
    job = _job(request, job_id)
    if job.status != "done":
        raise ApiError("job_not_finished", "报告尚未生成完成" if job.status != "failed" else "报告生成失败，没有可下载的文件")
    path = job.outputs.get(fmt)
    if path is None or not path.is_file():
        raise ApiError("not_found", "报告文件已不存在（可能已被清理），请重新生成")
    headers = {"Content-Disposition": f"attachment; filename=\"report.{fmt}\"; filename*=UTF-8''{quote(path.name)}"}
    return FileResponse(path, media_type=FORMATS[fmt][1], headers=headers)
