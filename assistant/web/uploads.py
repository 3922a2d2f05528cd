"""Upload limits: size, type and (for PDF) page count, each refused with a stable code and a clear Chinese message.

Checked before any parsing: the declared length (so a huge upload is refused before it is read), the bytes actually
read, the file name's suffix, then the content's signature, so that garbage named `.pdf` is "not a PDF" rather than a
parser's exception. Whatever still fails inside a reader comes back as the reader's own IntakeError (bad_case).
"""
from __future__ import annotations

import io
import zipfile

from fastapi import Request, UploadFile

from .errors import ApiError

CASE_SUFFIXES = (".json", ".txt", ".docx", ".pdf")
REPORT_SUFFIXES = (".csv", ".xlsx")
_CHUNK = 1 << 16
_MULTIPART_SLACK = 64 * 1024         # form fields and boundaries around the file


def limit_bytes(settings) -> int:
    return int(settings.max_upload_mb) * 1024 * 1024


def check_declared_length(request: Request, settings) -> None:
    """Refuse by Content-Length before reading the body."""
    raw = request.headers.get("content-length")
    if raw and raw.isdigit() and int(raw) > limit_bytes(settings) + _MULTIPART_SLACK:
        raise ApiError("file_too_large", _too_large(settings))


class BodyLimitMiddleware:
    """Every request body is limited to the upload limit (plus the multipart envelope), before anything parses it:
    a declared Content-Length over the limit is refused at once; a chunked body is counted as it arrives and
    refused when it passes the limit (the form parser then sees the error, which becomes the 413 JSON response)."""

    def __init__(self, app, settings):
        self.app = app
        self.settings = settings
        self.limit = limit_bytes(settings) + _MULTIPART_SLACK

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        raw = headers.get(b"content-length", b"").decode("latin-1")
        if raw.isdigit() and int(raw) > self.limit:
            from .errors import error_json

            await error_json("file_too_large", _too_large(self.settings))(scope, receive, send)
            return
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:   # an HTTPException passes FastAPI's body parser unchanged (→ 413 JSON)
                    from starlette.exceptions import HTTPException

                    raise HTTPException(413, detail=_too_large(self.settings))
            return message

        await self.app(scope, counted, send)


def _too_large(settings) -> str:
    return f"文件过大：上传文件不能超过 {settings.max_upload_mb} MB"


def suffix_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


async def read_upload(file: UploadFile, settings, allowed: tuple[str, ...], what: str) -> tuple[bytes, str]:
    """(content, file name) of an uploaded file, or ApiError with the reason."""
    name = (file.filename or "").strip().replace("\\", "/").rsplit("/", 1)[-1] or "上传文件"
    suffix = suffix_of(name)
    if suffix not in allowed:
        kinds = "、".join(s[1:].upper() for s in allowed)
        hint = "；旧版 Word（.doc）请另存为 .docx" if suffix in (".doc", ".wps") else ""
        hint += "；旧版 Excel（.xls）请另存为 .xlsx" if suffix == ".xls" else ""
        raise ApiError("unsupported_file_type",
                       f"不支持的文件类型“{suffix or '无扩展名'}”：{what}只接受 {kinds} 文件{hint}")
    limit = limit_bytes(settings)
    buf = bytearray()
    while True:
        chunk = await file.read(_CHUNK)
        if not chunk:
            break
        buf += chunk
        if len(buf) > limit:
            raise ApiError("file_too_large", _too_large(settings))
    data = bytes(buf)
    if not data.strip():
        raise ApiError("bad_case" if what == "案件文件" else "corrupt_file", f"文件“{name}”是空的")
    check_signature(data, name, suffix)
    if suffix == ".pdf":
        check_pdf_pages(data, name, settings.max_pdf_pages)
    return data, name


def check_signature(data: bytes, name: str, suffix: str) -> None:
    if suffix == ".pdf" and b"%PDF" not in data[:1024]:
        raise ApiError("corrupt_file", f"文件“{name}”不是有效的 PDF（文件头不符），可能已损坏或被改了扩展名")
    if suffix in (".docx", ".xlsx"):
        label = "Word（.docx）" if suffix == ".docx" else "Excel（.xlsx）"
        if data[:4] == b"\xd0\xcf\x11\xe0":
            old = ".doc" if suffix == ".docx" else ".xls"
            raise ApiError("unsupported_file_type", f"文件“{name}”实为旧版 {old} 格式，请另存为 {suffix} 后重新上传")
        if not data.startswith(b"PK"):
            raise ApiError("corrupt_file", f"文件“{name}”不是有效的 {label} 文件（文件头不符），可能已损坏")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            raise ApiError("corrupt_file", f"文件“{name}”已损坏，无法作为 {label} 打开") from None
        need = "word/document.xml" if suffix == ".docx" else "xl/workbook.xml"
        if need not in names:
            raise ApiError("corrupt_file", f"文件“{name}”不是 {label} 文件（压缩包中没有 {need}）")


def check_pdf_pages(data: bytes, name: str, max_pages: int) -> None:
    """Count pages cheaply (pypdf reads the page tree, not the content)."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ApiError("corrupt_file", f"PDF“{name}”已加密，无法读取，请上传未加密的文件")
        pages = len(reader.pages)
    except ApiError:
        raise
    except Exception:   # pypdf raises many kinds on damaged files; any of them means "cannot open"
        raise ApiError("corrupt_file", f"PDF“{name}”已损坏，无法打开") from None
    if pages == 0:
        raise ApiError("corrupt_file", f"PDF“{name}”中没有页面")
    if pages > max_pages:
        raise ApiError("too_many_pages", f"PDF“{name}”共 {pages} 页，超过 {max_pages} 页的上限；请只上传决定书本身")
