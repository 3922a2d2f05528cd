"""GB/T 9704 DOCX writer for official documents (East-Asian fonts on every run), its checks and previews.

    from assistant.render import OfficialDocument, check_fonts
    doc = OfficialDocument()
    doc.add_header_block("某某市某某区人民检察院", "检察意见书", "某检行意〔2026〕3号")
    doc.add_addressee("某某区市场监督管理局")
    doc.add_paragraph("……")
    doc.add_signature("2026-11-22"); doc.add_seal_line()
    doc.save("out.docx"); assert check_fonts("out.docx") == []
"""

from .check import check_document, check_fonts, effective_east_asian_font
from .errors import PreviewUnavailable, RenderError
from .official import NUMBER_STYLES, OfficialDocument, chinese_number, format_date, normalize_document_number
from .preview import Preview, docx_to_pdf, pdf_page_count, pdf_text, pdf_to_png, preview_missing, render_preview
from .styles import (ALLOWED_EAST_ASIAN_FONTS, BODY_LINE_PT, BODY_PT, FANGSONG, HEITI, KAITI, MARGINS_MM, SIZES_PT,
                     SONGTI, TABLE_PT, TITLE_PT, XIAOBIAOSONG, add_run, set_run_fonts)

__all__ = [
    "OfficialDocument", "check_fonts", "check_document", "effective_east_asian_font",
    "RenderError", "PreviewUnavailable",
    "chinese_number", "format_date", "normalize_document_number", "NUMBER_STYLES",
    "Preview", "render_preview", "docx_to_pdf", "pdf_to_png", "pdf_page_count", "pdf_text", "preview_missing",
    "ALLOWED_EAST_ASIAN_FONTS", "BODY_LINE_PT", "BODY_PT", "TABLE_PT", "TITLE_PT", "SIZES_PT", "MARGINS_MM",
    "FANGSONG", "HEITI", "KAITI", "SONGTI", "XIAOBIAOSONG", "add_run", "set_run_fonts",
]
