"""Tables for official documents: bordered, header row repeated on every page, 仿宋 四号 inside.

Also the "审查提示" box, a one-cell shaded table, because a bordered table survives editing in WPS and Word
better than paragraph borders or text boxes.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from .errors import RenderError
from .styles import (FANGSONG, HEITI, KAITI, MARGINS_MM, PAGE_WIDTH_MM, TABLE_LINE_PT, TABLE_PT, add_run,
                     set_paragraph_format)

TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]  # 156 mm 版心


def _set_table_borders(table, size_eighths: int = 4, color: str = "000000", style: str = "single") -> None:
    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), style)
        el.set(qn("w:sz"), str(size_eighths))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), color)
        borders.append(el)
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                 "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _set_fixed_layout(table) -> None:
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tbl_pr.insert_element_before(layout, "w:tblCellMar", "w:tblLook", "w:tblCaption",
                                     "w:tblDescription", "w:tblPrChange")
    layout.set(qn("w:type"), "fixed")


def _set_cell_shading(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.insert_element_before(shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                                "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge",
                                "w:tcPrChange")


def mark_header_row(row) -> None:
    """w:tblHeader: the row is repeated at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        el = OxmlElement("w:tblHeader")
        tr_pr.insert_element_before(el, "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
                                    "w:trPrChange")


def _fill_cell(cell, text: str, *, font: str, size_pt: float, align: str, bold: bool = False) -> None:
    lines = str(text).split("\n") if text is not None else [""]
    first = True
    for line in lines:
        para = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        set_paragraph_format(para, align=align, line_pt=TABLE_LINE_PT, char_pt=size_pt)
        if line:
            add_run(para, line, font, size_pt, bold=bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _column_widths(n: int, widths_mm: Sequence[float] | None) -> list[float]:
    if widths_mm is None:
        return [TEXT_WIDTH_MM / n] * n
    if len(widths_mm) != n:
        raise RenderError(f"表格列宽数（{len(widths_mm)}）与列数（{n}）不一致")
    total = sum(widths_mm)
    if total <= 0:
        raise RenderError("表格列宽必须为正数")
    # Scale to the 版心 so a table never runs into the margin.
    return [w * TEXT_WIDTH_MM / total for w in widths_mm]


def add_table(document, header: Sequence[str], rows: Sequence[Sequence[object]], *,
              widths_mm: Sequence[float] | None = None, font: str = FANGSONG, size_pt: float = TABLE_PT,
              header_font: str = HEITI, center_columns: Sequence[int] = ()):
    """Append a bordered table; the header row repeats on each page. Cells may hold "\\n" for line breaks."""
    if not header:
        raise RenderError("表格缺少表头")
    n = len(header)
    for i, row in enumerate(rows, start=1):
        if len(row) != n:
            raise RenderError(f"表格第{i}行有{len(row)}列，表头有{n}列")
    widths = _column_widths(n, widths_mm)
    table = document.add_table(rows=1 + len(rows), cols=n)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _set_fixed_layout(table)
    _set_table_borders(table)
    for i, col in enumerate(table.columns):
        col.width = Mm(widths[i])
    mark_header_row(table.rows[0])
    for i, text in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.width = Mm(widths[i])
        _fill_cell(cell, text, font=header_font, size_pt=size_pt, align="center")
        _set_cell_shading(cell, "F2F2F2")
    for r, row in enumerate(rows, start=1):
        for i, value in enumerate(row):
            cell = table.rows[r].cells[i]
            cell.width = Mm(widths[i])
            _fill_cell(cell, "" if value is None else str(value), font=font, size_pt=size_pt,
                       # Left, not justified: justify spreads the characters of short wrapped lines in narrow cells.
                       align="center" if i in center_columns else "left")
    return table


def add_note_box(document, lines: Sequence[str], title: str = "审查提示"):
    """A shaded one-cell box holding review notes for the procurator (to be removed before issuing)."""
    table = document.add_table(rows=1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _set_fixed_layout(table)
    _set_table_borders(table, size_eighths=8, color="C00000")
    table.columns[0].width = Mm(TEXT_WIDTH_MM)
    cell = table.rows[0].cells[0]
    cell.width = Mm(TEXT_WIDTH_MM)
    _set_cell_shading(cell, "FFF7E6")
    head = cell.paragraphs[0]
    set_paragraph_format(head, align="left", line_pt=TABLE_LINE_PT, char_pt=TABLE_PT)
    add_run(head, f"{title}：", HEITI, TABLE_PT, color="C00000")
    for line in lines:
        para = cell.add_paragraph()
        set_paragraph_format(para, align="justify", line_pt=TABLE_LINE_PT, char_pt=TABLE_PT)
        add_run(para, line, KAITI, TABLE_PT)
    return table
