"""Read a month's export (CSV or XLSX) into `CaseRow`s and a list of data-quality issues.

A row with an unusable cell still goes through with that field left empty (issue severity "warning"); only a row
without 案件编号 or 执法机关, or a repeated 案件编号, is left out (severity "error"). Columns the report does not know
are reported once, by name, with the number of rows that have something in them: nothing is dropped silently.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterator

from assistant.errors import UserError

from . import cells
from .columns import BY_KEY, COLUMNS, REQUIRED, Column, match_header
from .model import CaseRow, DataIssue

NOTES_SHEETS = ("填写说明", "说明", "notes")


@dataclass
class ImportResult:
    path: Path | None
    rows: list[CaseRow] = field(default_factory=list)
    issues: list[DataIssue] = field(default_factory=list)
    total_rows: int = 0                      # non-empty data rows in the file
    unknown_columns: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)   # the recognised headers, in file order

    @property
    def excluded(self) -> int:
        return self.total_rows - len(self.rows)


# -- raw tables ------------------------------------------------------------------------------------
def _pick_sheet(names: list[str]) -> int:
    return next((i for i, n in enumerate(names) if n.strip().lower() not in NOTES_SHEETS), 0)


def _calamine_rows(path: Path) -> Iterator[tuple] | None:
    """Rows through calamine (Rust): ten times faster than openpyxl on a 100,000-row export. None if not installed."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        return None
    try:
        wb = CalamineWorkbook.from_path(str(path))
        sheet = wb.get_sheet_by_index(_pick_sheet(list(wb.sheet_names)))
    except Exception as exc:   # calamine raises its own error types for damaged or non-xlsx files
        raise UserError(f"无法读取 Excel 文件 {path.name}：{exc}（应为 .xlsx 格式）") from None
    return (tuple(row) for row in sheet.iter_rows())


def _xlsx_rows(path: Path) -> Iterator[tuple]:
    fast = _calamine_rows(path)
    if fast is not None:
        yield from fast
        return
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise UserError(f"无法读取 Excel 文件 {path.name}：{exc}（应为 .xlsx 格式）") from None
    try:
        yield from wb.worksheets[_pick_sheet(wb.sheetnames)].iter_rows(values_only=True)
    finally:
        wb.close()


def _csv_rows(path: Path) -> Iterator[list[str]]:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            content = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UserError(f"无法识别 CSV 文件 {path.name} 的编码（应为 UTF-8 或 GBK）")
    sample = content[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(content), dialect)


def raw_rows(path: str | Path) -> Iterator[tuple]:
    p = Path(path)
    if not p.is_file():
        raise UserError(f"找不到导入文件：{p}")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(p)
    if suffix in (".csv", ".txt", ".tsv"):
        return _csv_rows(p)
    if suffix == ".xls":
        raise UserError(f"不支持旧版 .xls 文件：请在 Excel/WPS 中另存为 .xlsx 或 .csv 后再导入（{p.name}）")
    raise UserError(f"不支持的文件类型“{p.suffix}”：请导入 .xlsx 或 .csv 文件")


# -- header ----------------------------------------------------------------------------------------
def _map_header(header: tuple, result: ImportResult) -> dict[int, Column]:
    mapping: dict[int, Column] = {}
    seen: dict[str, str] = {}
    for i, h in enumerate(header):
        name = cells.text(h)
        if name is None:
            continue
        col = match_header(name)
        if col is None:
            result.unknown_columns.append(name)
            continue
        if col.key in seen:
            result.issues.append(DataIssue(None, None, name, f"列“{name}”与列“{seen[col.key]}”重复（同为“{col.header}”），"
                                                             "只读取前一列", "warning"))
            continue
        seen[col.key] = name
        mapping[i] = col
        result.columns.append(col.header)
    missing = [c.header for c in REQUIRED if c.key not in seen]
    if missing:
        raise UserError(f"导入文件缺少必需的列：{'、'.join(missing)}。请使用导入模板（eval/report/template.xlsx）"
                        "的表头，或参见 docs/monthly_report.md。")
    return mapping


# -- one row ---------------------------------------------------------------------------------------
def _build_row(rownum: int, values: dict[str, object], issues: list[DataIssue]) -> CaseRow | None:
    number = cells.text(values.get("number"))
    agency = cells.text(values.get("agency"))

    def issue(col: str | None, msg: str, severity: str = "warning") -> None:
        issues.append(DataIssue(rownum, number, BY_KEY[col].header if col else None, msg, severity))  # type: ignore[arg-type]

    if not number:
        issue("number", "缺少案件编号，该行未纳入分析", "error")
        return None
    if not agency:
        issue("agency", "缺少执法机关，该行未纳入分析", "error")
        return None
    row = CaseRow(row=rownum, number=number, agency=agency)
    for key in ("field", "cause"):
        v = cells.text(values.get(key))
        if v:
            setattr(row, key, v)
    if row.cause == "未填写":
        issue("cause", "缺少案由/违法行为，无法比对立案标准")
    for key in ("party", "charge", "item", "place", "police", "reply_result"):
        setattr(row, key, cells.text(values.get(key)))
    row.facts = cells.text(values.get("facts")) or ""
    row.party_kind, p = cells.parse_party_kind(values.get("party_kind"))
    if p:
        issue("party_kind", p)
    for col in COLUMNS:
        if col.kind == "date":
            d, p = cells.parse_date_cell(values.get(col.key))
            if p:
                issue(col.key, p + "，按未填写处理")
            setattr(row, col.key, d)
        elif col.kind == "amount":
            v, approx, p = cells.parse_amount_cell(values.get(col.key))
            if p:
                issue(col.key, p + "，按未填写处理")
            if v is None:
                continue
            if col.key == "fine":
                row.fine = v
            else:
                row.amounts[col.metric or col.key] = (v, approx, str(values.get(col.key)))
    unit = cells.text(values.get("quantity_unit"))
    row.quantity, row.quantity_unit, p = cells.parse_quantity_cell(values.get("quantity"), unit)
    if p:
        issue("quantity", p)
    if row.quantity is not None:
        row.quantity_raw = f"{row.quantity.normalize():f}{row.quantity_unit or ''}"
        if not row.quantity_unit:
            issue("quantity_unit", "有数量但没有单位，无法与立案标准比对")
    row.penalty_kinds = cells.split_kinds(values.get("penalty_kinds"))
    yes, p = cells.parse_yesno(values.get("transferred"))
    if p:
        issue("transferred", p)
    row.transferred = bool(yes)
    row.decision, row.np_type, p = cells.parse_decision(values.get("decision"))
    if p:
        issue("decision", p)
    np_type, p = cells.parse_np_type(values.get("np_type"))
    if p:
        issue("np_type", p)
    if np_type:
        row.np_type = np_type
        if row.decision is None:
            row.decision = "附条件不起诉" if np_type == "附条件不起诉" else "不起诉"
    _check_consistency(row, yes, issue)
    return row


def _check_consistency(row: CaseRow, said_transferred: bool | None, issue) -> None:
    if said_transferred is False and row.is_transferred:
        issue("transferred", "“是否移送”为否，但填写了移送或公安办理日期，按已移送处理")
        row.transferred = True
    if said_transferred and not (row.transfer_date or row.police_accept_date):
        issue("transfer_date", "已移送但缺少移送日期和公安受理日期，无法计算公安机关审查期限")
    if row.decision and not row.decision_date:
        issue("decision_date", f"有检察机关决定（{row.decision}）但缺少决定日期，无法计算反向移送期限")
    if row.opinion_date and not row.non_prosecuted:
        issue("opinion_date", "填写了检察意见书发出日期，但检察机关决定不是不起诉，请核实")
    if row.reply_date and not row.opinion_date:
        issue("reply_date", "填写了行政机关回复日期，但没有检察意见书发出日期，请核实")
    order = [("conduct_date", "admin_file_date"), ("admin_file_date", "penalty_date"), ("conduct_date", "transfer_date"),
             ("transfer_date", "police_file_date"), ("transfer_date", "police_decline_date"),
             ("decision_date", "opinion_date"), ("opinion_date", "reply_date"), ("conduct_date", "conduct_end")]
    for a, b in order:
        da, db = getattr(row, a), getattr(row, b)
        if da and db and db < da:
            issue(b, f"{BY_KEY[b].header}（{db.isoformat()}）早于{BY_KEY[a].header}（{da.isoformat()}），请核实")


def _check_future(row: CaseRow, as_of: date, issues: list[DataIssue]) -> None:
    for col in COLUMNS:
        if col.kind != "date":
            continue
        d = getattr(row, col.key)
        if d and d > as_of:
            issues.append(DataIssue(row.row, row.number, col.header,
                                    f"{col.header}（{d.isoformat()}）晚于统计截止日 {as_of.isoformat()}，请核实", "warning"))


# -- the file --------------------------------------------------------------------------------------
def read_cases(path: str | Path, as_of: date | None = None, *, progress=None) -> ImportResult:
    """Read and validate an export. `progress(done)` is called every 1,000 rows."""
    p = Path(path)
    result = ImportResult(path=p)
    it = iter(raw_rows(p))
    header = None
    for header in it:
        if any(not cells.is_blank(v) for v in header):
            break
    else:
        raise UserError(f"导入文件 {p.name} 是空的（没有表头）")
    mapping = _map_header(tuple(header), result)
    unknown_idx = [i for i, h in enumerate(header) if cells.text(h) and i not in mapping
                   and cells.text(h) in result.unknown_columns]
    unknown_filled = {cells.text(header[i]): 0 for i in unknown_idx}
    first_row: dict[str, int] = {}
    rownum = 1
    for values in it:
        rownum += 1
        if values is None or all(cells.is_blank(v) for v in values):
            continue
        result.total_rows += 1
        by_key = {col.key: values[i] for i, col in mapping.items() if i < len(values)}
        for i in unknown_idx:
            if i < len(values) and not cells.is_blank(values[i]):
                unknown_filled[cells.text(header[i])] += 1
        row = _build_row(rownum, by_key, result.issues)
        if row is not None:
            if row.number in first_row:
                result.issues.append(DataIssue(rownum, row.number, "案件编号",
                                               f"案件编号与第{first_row[row.number]}行重复，本行未纳入分析（只按第一次出现的分析）",
                                               "error"))
            else:
                first_row[row.number] = rownum
                if as_of:
                    _check_future(row, as_of, result.issues)
                result.rows.append(row)
        if progress and result.total_rows % 1000 == 0:
            progress(result.total_rows)
    for name, filled in unknown_filled.items():
        result.issues.append(DataIssue(None, None, name, f"未识别的列“{name}”（{filled}行有内容）：该列未纳入分析；"
                                       "如是已有字段的别名，请改用模板中的列名", "warning"))
    if result.total_rows == 0:
        raise UserError(f"导入文件 {p.name} 只有表头，没有案件数据")
    return result
