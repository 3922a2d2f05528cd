"""The report as an official DOCX (GB/T 9704 layout of assistant.render), charts as pictures."""
from __future__ import annotations

from pathlib import Path

from assistant.render import OfficialDocument

from .content import TITLE, compose, review_notes
from .pipeline import MonthlyReport


def build_docx(r: MonthlyReport) -> OfficialDocument:
    doc = OfficialDocument()
    doc.add_header_block(r.procuratorate, f"{TITLE}\n（{r.period}）")
    doc.add_review_note(review_notes(r))
    for block in compose(r, r.settings["report_docx_max_rows"], notes=False):
        if block.kind == "h1":
            doc.add_heading1(block.text)
        elif block.kind == "h2":
            doc.add_heading2(block.text)
        elif block.kind == "p":
            doc.add_paragraph(block.text)
        elif block.kind == "pl":
            doc.add_paragraph(block.text, align="left")
        elif block.kind == "table":
            doc.add_table(block.header, [list(row) for row in block.rows], caption=block.text or None,
                          widths_mm=block.widths, center_columns=(0,) if block.header[0] in ("序号", "行号") else ())
        elif block.kind == "image":
            doc.add_image(block.image, width_mm=150, caption=block.text)
    doc.add_signature(r.generated, r.procuratorate)
    return doc


def write_docx(r: MonthlyReport, path: str | Path) -> Path:
    return build_docx(r).save(path)
