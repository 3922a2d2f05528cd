"""Every error the web API returns: JSON `{"code": "...", "message": "<Chinese>"}` with a stable code.

The code is what a client branches on (and what the UI shows next to the message); the HTTP status follows it.
Known exceptions from the layers below (intake, retrieval, drafting, citations) keep their own Chinese messages; an
unknown one is logged and becomes `internal_error`, never a traceback in the response.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import UserError, friendly

log = logging.getLogger("xianjie.web")

# code → HTTP status. Codes are part of the API: add, never rename.
STATUS = {
    "bad_request": 400,
    "empty_question": 400,
    "bad_query": 400,
    "bad_citation": 400,
    "bad_date": 400,
    "bad_month": 400,
    "unauthorized": 401,
    "forbidden_origin": 403,
    "not_found": 404,
    "job_not_found": 404,
    "conversation_not_found": 404,
    "method_not_allowed": 405,
    "job_not_finished": 409,
    "file_too_large": 413,
    "unsupported_file_type": 415,
    "validation_error": 422,
    "bad_case": 422,
    "corrupt_file": 422,
    "too_many_pages": 422,
    "draft_not_possible": 422,
    "report_failed": 422,
    "index_missing": 503,
    "index_corrupt": 503,
    "busy": 503,
    "internal_error": 500,
}


class ErrorBody(BaseModel):
    """The body of every error response (documented in OpenAPI)."""

    code: str = Field(description="稳定的错误代码，如 file_too_large、index_missing、not_found")
    message: str = Field(description="给使用者看的中文说明")


ERROR_RESPONSES = {s: {"model": ErrorBody} for s in (400, 404, 413, 415, 422, 503)}


class ApiError(UserError):
    """A UserError raised by the web layer itself, with its stable code."""

    def __init__(self, code: str, message: str):
        super().__init__(message, code=code)


def status_of(code: str) -> int:
    return STATUS.get(code, 400)


def error_json(code: str, message: str, status: int | None = None, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status or status_of(code), headers=headers)


def classify(exc: BaseException) -> tuple[str, str] | None:
    """(code, Chinese message) for an exception the user can act on; None for a bug."""
    names = {c.__name__ for c in type(exc).__mro__}
    if isinstance(exc, UserError):
        code = exc.code if exc.code in STATUS else "bad_request"
        if "DraftingError" in names:
            code = "draft_not_possible"
        return code, str(exc)
    by_name = [("IndexMissingError", "index_missing"), ("IndexCorruptError", "index_corrupt"),
               ("IndexBusyError", "busy"), ("SearchQueryError", "bad_query"), ("ProvisionNotFound", "not_found"),
               ("CitationError", "bad_citation"), ("IntakeError", "bad_case"), ("DraftingError", "draft_not_possible"),
               ("ReviewIndexError", "bad_request"), ("VectorStoreError", "index_corrupt")]
    for name, code in by_name:
        if name in names:
            return code, str(exc)
    msg = friendly(exc)
    return ("bad_request", msg) if msg else None


_VALIDATION_CN = {
    "missing": "缺少该字段",
    "string_type": "应为文字",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "string_too_short": "不能为空",
    "string_too_long": "太长",
    "json_invalid": "不是有效的 JSON",
    "dict_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "list_type": "应为列表",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "extra_forbidden": "不允许的字段",
}
_LOC_CN = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头", "cookie": "Cookie"}


def validation_message(errors: list[dict]) -> str:
    parts = []
    for e in errors[:5]:
        loc = [str(x) for x in e.get("loc", ())]
        where = _LOC_CN.get(loc[0], loc[0]) if loc else ""
        field = ".".join(loc[1:])
        what = _VALIDATION_CN.get(e.get("type", ""), "格式不正确")
        parts.append(f"{where}{'“' + field + '”' if field else ''}{what}")
    more = f"等 {len(errors)} 处" if len(errors) > 5 else ""
    return "请求格式有误：" + "；".join(parts) + more


def _known_types() -> list[type]:
    """Exceptions of the layers below whose message is already a Chinese explanation for the user."""
    from assistant.intake import IntakeError
    from index.build import IndexBusyError, IndexCorruptError, IndexMissingError
    from index.citations import CitationError
    from index.corpus import CorpusError
    from index.provisions import ProvisionNotFound
    from index.registry import BackendError
    from index.retriever import SearchQueryError
    from index.vectorstore import VectorStoreError

    return [IntakeError, IndexBusyError, IndexCorruptError, IndexMissingError, CitationError, CorpusError,
            ProvisionNotFound, BackendError, SearchQueryError, VectorStoreError]


_HTTP_CN = {404: ("not_found", "请求的页面或接口不存在"), 405: ("method_not_allowed", "该接口不支持这种请求方法"),
            413: ("file_too_large", "上传内容过大"), 401: ("unauthorized", "需要访问令牌")}


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_json("validation_error", validation_message(list(exc.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, default = _HTTP_CN.get(exc.status_code, ("bad_request", "请求无法处理"))
        detail = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else default
        return error_json(code, detail, exc.status_code, getattr(exc, "headers", None))

    @app.exception_handler(UserError)
    async def _user(request: Request, exc: UserError) -> JSONResponse:
        code, message = classify(exc) or ("bad_request", str(exc))
        return error_json(code, message)

    async def _known(request: Request, exc: Exception) -> JSONResponse:
        code, message = classify(exc) or ("bad_request", str(exc))
        return error_json(code, message)

    for exc_type in _known_types():
        app.add_exception_handler(exc_type, _known)

    @app.exception_handler(Exception)
    async def _any(request: Request, exc: Exception) -> JSONResponse:
        # last resort (Starlette re-raises after this response, so the traceback reaches the log)
        known = classify(exc)
        if known:
            return error_json(*known)
        log.exception("未处理的异常：%s %s", request.method, request.url.path)
        return error_json("internal_error", "服务器内部错误，已记入日志。请重试；如反复出现请联系维护人员。")
