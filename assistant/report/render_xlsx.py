"""The clue lists as XLSX: a summary sheet, one sheet per clue type (all clues, not only those the DOCX lists), the
recommendations, the recurring patterns and the data-quality issues. Streamed (write-only) so that 10,000 clues stay fast.
"""
from __future__ import annotations

from pathlib import Path


from .content import urgency
from .model import CLUE_NAMES, CLUE_SHORT, CLUE_TYPES, SEVERITY_CN
from .pipeline import MonthlyReport
from .recommend import describe_counts
from .workbook import save_workbook

CLUE_HEADER = ("序号", "案件编号", "导入行号", "执法机关", "领域", "当事人", "案由/违法行为", "线索理由", "数额与期限", "依据",
               "期限届满日", "天数", "应督促的机关", "提示")
CLUE_WIDTHS = (6, 26, 9, 28, 10, 22, 26, 70, 40, 34, 12, 8, 26, 50)
SUMMARY_SHEET = "汇总"


def _sheet(wb, title: str, header: tuple, widths: tuple | None = None):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    if widths:
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    cells = []
    for h in header:
        c = WriteOnlyCell(ws, value=h)
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cells.append(c)
    ws.append(cells)
    return ws


def write_xlsx(r: MonthlyReport, path: str | Path) -> Path:
    import openpyxl

    p = Path(path)
    wb = openpyxl.Workbook(write_only=True)
    cur = r.current
    ws = _sheet(wb, SUMMARY_SHEET, ("项目", "内容"), (34, 80))
    for row in (("检察院", r.procuratorate), ("统计期间", f"{r.period}（{cur.start.isoformat()}至{cur.end.isoformat()}）"),
                ("期限计算截至", cur.as_of.isoformat()), ("导入行数", cur.imported.total_rows),
                ("纳入分析案件", len(cur.imported.rows)), ("未纳入分析行数", cur.imported.excluded),
                ("监督线索合计", len(r.clues))):
        ws.append(list(row))
    for t in CLUE_TYPES:
        ws.append([CLUE_NAMES[t], sum(c.type == t for c in r.clues)])
    for w in r.warnings:
        ws.append(["提示", w])
    for t in CLUE_TYPES:
        ws = _sheet(wb, CLUE_SHORT[t], CLUE_HEADER, CLUE_WIDTHS)
        items = sorted((c for c in r.clues if c.type == t), key=urgency)
        for n, c in enumerate(items, 1):
            ws.append([n, c.number, c.row, c.agency, c.field, c.party, c.cause, c.reason, c.figures,
                       "、".join(c.provisions), c.due, c.days, c.responsible, "；".join(c.notes)])
    ws = _sheet(wb, "检察建议", ("序号", "对象", "类别", "线索条数", "理由", "建议内容", "依据", "涉及案件"),
                (6, 30, 10, 40, 60, 50, 34, 60))
    for n, rec in enumerate(r.recommendations, 1):
        ws.append([n, rec.target, rec.kind, describe_counts(rec.counts), rec.reason, rec.ask, "、".join(rec.provisions),
                   "、".join(rec.numbers)])
    ws = _sheet(wb, "重复出现", ("类别", "名称", "件数", "当事人数", "执法机关", "主要案由", "案件编号"),
                (10, 36, 8, 10, 40, 40, 80))
    for pat in r.classes.patterns:
        ws.append([pat.kind, pat.key, pat.count, pat.parties, "、".join(pat.agencies), "、".join(pat.causes),
                   "、".join(pat.numbers)])
    ws = _sheet(wb, "数据质量", ("行号", "案件编号", "列", "问题", "处理"), (8, 28, 20, 90, 14))
    for i in cur.imported.issues:
        ws.append([i.row, i.number, i.column, i.message, SEVERITY_CN[i.severity]])
    return save_workbook(wb, p)
