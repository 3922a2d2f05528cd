"""Writing import-format workbooks: the empty template, the filled example and generated demo months.

The template's first sheet holds only the headers (so it can be filled and imported as is); a second sheet
「填写说明」 explains each column. The reader skips that sheet.
"""
from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path

from assistant.errors import UserError

from .columns import COLUMNS
from .reader import NOTES_SHEETS

DATE_FORMAT = "yyyy-mm-dd"


def _notes_rows() -> list[list[str]]:
    rows = [["列名", "是否必填", "填写说明", "示例"]]
    for c in COLUMNS:
        names = c.header + (f"（也可写作：{'、'.join(c.aliases)}）" if c.aliases else "")
        rows.append([names, "必填" if c.required else "选填", c.description, c.example])
    rows += [[], ["日期", "", "可写 2026-10-03、2026/10/3、2026.10.03、2026年10月3日、20261003，或使用 Excel 日期格式"],
             ["金额", "", "单位为元；可写 86000、86,000、8.6万、8.6万元、人民币八万六千元；“10万余元”按至少10万元并提示核实"],
             ["其他", "", "不认识的列会在报告的数据质量部分列出，不参与分析；案件编号重复的行只按第一次出现的分析"]]
    return rows


def _style_header(ws, n: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for cell in ws[1][:n]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "B2"


def write_template(path: str | Path, rows: list[dict] | None = None) -> Path:
    """The import template (empty) or, with rows, a filled example — both with the notes sheet."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    p = Path(path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "案件"
    headers = [c.header for c in COLUMNS]
    ws.append(headers)
    for r in rows or []:
        ws.append([_cell(r.get(h)) for h in headers])
    for i, h in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(h) * 2 + 4))
        for cell in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            if isinstance(cell[0].value, (date, datetime)):
                cell[0].number_format = DATE_FORMAT
    _style_header(ws, len(headers))
    notes = wb.create_sheet(NOTES_SHEETS[0])
    for r in _notes_rows():
        notes.append(r)
    for col, width in zip("ABCD", (34, 10, 80, 30)):
        notes.column_dimensions[col].width = width
    _style_header(notes, 4)
    return save_workbook(wb, p)


def _cell(v):
    return v if v is None or isinstance(v, (int, float, str, date, datetime)) else str(v)


def save_workbook(wb, p: Path) -> Path:
    """Write an openpyxl workbook; a path that cannot be written is a Chinese error."""
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        wb.save(p)
    except OSError as exc:
        raise UserError(f"无法写入文件 {p}：{exc.strerror or exc}") from None
    return p


def write_rows(path: str | Path, header: list[str], rows: list[dict]) -> Path:
    """A month as the platform would export it: .xlsx (streamed, fast for 100,000 rows) or .csv (UTF-8 with BOM)."""
    p = Path(path)
    if p.suffix.lower() == ".csv":
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            with p.open("w", encoding="utf-8-sig", newline="") as f:
                w = csv.writer(f)
                w.writerow(header)
                for r in rows:
                    w.writerow(["" if r.get(h) is None else (r[h].isoformat() if isinstance(r[h], date) else r[h])
                                for h in header])
        except OSError as exc:
            raise UserError(f"无法写入文件 {p}：{exc.strerror or exc}") from None
        return p
    if p.suffix.lower() != ".xlsx":
        raise UserError(f"输出文件应为 .xlsx 或 .csv：{p.name}")
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("案件")
    ws.append(header)
    for r in rows:
        out = []
        for h in header:
            v = r.get(h)
            if isinstance(v, date):
                cell = WriteOnlyCell(ws, value=v)
                cell.number_format = DATE_FORMAT
                out.append(cell)
            else:
                out.append(v)
        ws.append(out)
    return save_workbook(wb, p)


def write_truth(path: str | Path, data: dict) -> Path:
    p = Path(path)
    p.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return p


def truth_path(cases_path: str | Path) -> Path:
    p = Path(cases_path)
    return p.with_name(p.stem + ".truth.json")
