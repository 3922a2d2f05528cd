"""Read a case from JSON, TXT, DOCX or PDF (path or bytes) into a `Case`.

Anything that cannot be read raises `IntakeError` with a Chinese message for the user — a scanned PDF is an
error, never a silently empty case.
"""
from __future__ import annotations

import io
import json
import logging
import re
import zipfile
from pathlib import Path

from assistant.intake.case import Case, SourceKind
from assistant.intake.extract import IntakeError, case_from_dict, case_from_text
from assistant.intake.text import normalize_text

DEFAULT_MAX_PAGES = 50
MAX_BYTES = 50 * 1024 * 1024
_MIN_CHARS = 10              # fewer readable characters than this: the PDF has no text layer
_READABLE = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—－]\s*\d+\s*[-—－]|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
_LINE_END_PUNCT = "。：:；;！!？?」』”）)"

logging.getLogger("pypdf").setLevel(logging.ERROR)   # pypdf warns on every odd font; our warnings say what matters


def read_text_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (which covers GBK/GB2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise IntakeError("文本文件编码无法识别，请另存为 UTF-8 编码后重新上传")


def read_docx(data: bytes) -> str:
    """Paragraphs and tables of a DOCX body, in document order; a table row becomes one line."""
    import docx  # python-docx; imported here so that TXT/JSON intake does not pay for it
    from docx.table import Table

    if not data.startswith(b"PK"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise IntakeError("这是旧版 Word（.doc）文件，暂不支持，请在 Word 或 WPS 中另存为 .docx 后重新上传")
        raise IntakeError("DOCX 文件无法打开：文件已损坏或不是 Word 文档")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise IntakeError(f"DOCX 文件无法打开：文件已损坏或不是 Word 文档（{type(err).__name__}）") from None
    except Exception as err:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise IntakeError(f"DOCX 文件无法打开：{type(err).__name__}") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:            # merged cells repeat: keep each text once
                    t = cell.text.strip()
                    if t and t not in cells:
                        cells.append(t)
                if cells:
                    lines.append("：".join(cells) if len(cells) == 2 else "，".join(cells))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _join_pdf_lines(page_text: str) -> str:
    """Undo the hard line wraps of a PDF page: a full-width line not ending a sentence continues on the next."""
    lines = [ln.rstrip() for ln in page_text.splitlines() if not _PAGE_NUMBER.match(ln)]
    if not lines:
        return ""
    full = max(len(ln) for ln in lines)
    out = [lines[0]]
    for ln in lines[1:]:
        prev = out[-1]
        if prev and len(prev) >= 0.85 * full and full >= 15 and not prev.endswith(tuple(_LINE_END_PUNCT)):
            out[-1] = prev + ln.lstrip()
        else:
            out.append(ln)
    return "\n".join(out)


def read_pdf(data: bytes, max_pages: int = DEFAULT_MAX_PAGES) -> tuple[str, list[str]]:
    """Text of a text PDF (pypdf) and warnings about unreadable pages; scanned/empty/corrupt PDFs raise IntakeError."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise IntakeError("PDF 文件无法打开：文件已损坏或不是 PDF")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IntakeError("PDF 已加密，无法读取，请上传未加密的文件")
        pages = reader.pages
        count = len(pages)
    except IntakeError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as err:
        raise IntakeError(f"PDF 文件无法打开：文件已损坏（{type(err).__name__}）") from None
    if count == 0:
        raise IntakeError("PDF 中没有页面")
    if count > max_pages:
        raise IntakeError(f"PDF 共 {count} 页，超过 {max_pages} 页的上限；请只上传决定书本身，或调高页数上限")
    texts: list[str] = []
    warnings: list[str] = []
    empty_pages: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as err:  # a broken content stream on one page must not lose the others
            warnings.append(f"PDF 第 {number} 页无法读取（{type(err).__name__}）")
            text = ""
        if len(_READABLE.findall(text)) < _MIN_CHARS:
            empty_pages.append(number)
        texts.append(_join_pdf_lines(text))
    if len(_READABLE.findall("".join(texts))) < _MIN_CHARS:
        raise IntakeError("PDF 中没有可提取的文字（可能是扫描件），请上传文字版或先做 OCR")
    if empty_pages:
        shown = "、".join(map(str, empty_pages[:10]))
        warnings.append(f"PDF 第 {shown} 页没有可提取的文字（可能是扫描页），这些页的内容未读取")
    return "\n".join(texts), warnings


def _kind_of(data: bytes, filename: str | None) -> SourceKind:
    suffix = Path(filename).suffix.lower() if filename else ""
    if suffix in (".json", ".txt", ".docx", ".pdf"):
        return suffix[1:]  # type: ignore[return-value]
    if suffix in (".doc", ".wps"):
        raise IntakeError(f"不支持 {suffix} 格式，请另存为 .docx 后重新上传")
    if suffix and suffix not in (".text", ".md"):
        raise IntakeError(f"不支持的文件类型 {suffix}：请上传 JSON、TXT、DOCX 或 PDF")
    head = data.lstrip()[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        return "docx"
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"{"):
        return "json"
    return "txt"


def load_case(source: str | Path | bytes, filename: str | None = None, *, case_id: str | None = None,
              max_pages: int = DEFAULT_MAX_PAGES) -> Case:
    """Read one case from a path or from bytes (with the uploaded file's name, which decides the format)."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise IntakeError(f"找不到文件：{path}")
        if path.stat().st_size > MAX_BYTES:
            raise IntakeError(f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB）")
        data, filename = path.read_bytes(), filename or path.name
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        if len(data) > MAX_BYTES:
            raise IntakeError(f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB）")
    else:
        raise IntakeError("无法读取案件：需要文件路径或文件内容")
    if not data.strip():
        raise IntakeError("文件为空")
    kind = _kind_of(data, filename)
    default_id = case_id or (Path(filename).stem if filename else None)
    if kind == "json":
        try:
            obj = json.loads(read_text_bytes(data))
        except json.JSONDecodeError as err:
            raise IntakeError(f"JSON 格式错误：第 {err.lineno} 行第 {err.colno} 列（{err.msg}）") from None
        if isinstance(obj, list):
            raise IntakeError("JSON 文件包含多个案件，请使用批量审查（--batch，每行一个案件）")
        if isinstance(obj, dict) and not obj.get("id") and default_id:
            obj = {**obj, "id": default_id}
        return case_from_dict(obj, source_kind="json")
    warnings: list[str] = []
    if kind == "txt":
        text = read_text_bytes(data)
    elif kind == "docx":
        text = read_docx(data)
    else:
        text, warnings = read_pdf(data, max_pages=max_pages)
    if not normalize_text(text):
        raise IntakeError(f"{kind.upper()} 文件中没有文字")
    case = case_from_text(text, id=default_id, source_kind=kind)
    case.warnings[:0] = warnings
    return case
