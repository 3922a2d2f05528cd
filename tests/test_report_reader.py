"""Reading a month's export: formats of dates and amounts, bad rows, duplicates, unknown and missing columns."""
from __future__ import annotations

import csv
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from assistant.errors import UserError
from assistant.report.columns import match_header
from assistant.report.reader import read_cases
from assistant.report.workbook import write_template

HEADER = ["案件编号", "执法机关", "领域", "当事人", "当事人类型", "案由", "销售金额(元)", "涉案金额", "数量", "违法行为发生日期",
          "处罚决定日期", "罚款金额（元）", "是否移送", "移送日期", "检察机关决定", "检察机关决定日期", "承办人", "内部备注"]


def _xlsx(tmp_path, rows, header=HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    p = tmp_path / "cases.xlsx"
    wb.save(p)
    return p


ROWS = [
    ["A-1", "某市市场监督管理局", "市场监管", "张某", "个人", "销售假冒注册商标的商品", "8.6万", None, "1200瓶",
     datetime(2026, 8, 15), "2026年10月3日", 20000, "否", None, None, None, "李某", "x"],
    ["A-2", "某市烟草专卖局", "烟草专卖", "某商贸有限公司", "企业", "无证经营烟草制品", "86,000元", None, None, "2026/8/1",
     "20261012", "1.5万", "是", "2026.10.5", "酌定不起诉", "2026-10-20", "王某", None],
    ["A-3", "", "市场监管", "赵某", "个人", "未按规定明码标价", None, None, None, "2026-08-01", None, None, "否", None,
     None, None, None, None],                                                                    # no agency: excluded
    ["A-1", "某市市场监督管理局", "市场监管", "张某", "个人", "销售假冒注册商标的商品", 1, None, None, None, None, None,
     "否", None, None, None, None, None],                                                        # duplicate number
    ["A-4", "某市林业局", "林业", "钱某", "自然人", "盗伐林木", None, "不详", "5.5立方米", "2026-13-45", None, -3, "也许",
     None, "审查中", None, None, None],                                                          # several bad cells
    [None] * len(HEADER),                                                                         # empty: skipped
    ["A-5", "某市林业局", "林业", "孙某", "个人", "滥伐林木", None, "10万余元", None, "2026-09-01", None, None, "否",
     "2026-10-02", None, None, None, None],                                                      # 否 but a transfer date
]


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return read_cases(_xlsx(tmp_path_factory.mktemp("r"), ROWS), as_of=date(2026, 10, 31))


def test_good_rows_are_read_with_their_formats(result):
    by = {r.number: r for r in result.rows}
    a1, a2 = by["A-1"], by["A-2"]
    assert a1.amounts["销售金额"][0] == Decimal("86000")
    assert a1.quantity == 1200 and a1.quantity_unit == "瓶"
    assert a1.conduct_date == date(2026, 8, 15) and a1.penalty_date == date(2026, 10, 3)
    assert a2.amounts["销售金额"][0] == Decimal("86000") and a2.fine == Decimal("15000")
    assert a2.conduct_date == date(2026, 8, 1) and a2.penalty_date == date(2026, 10, 12)
    assert a2.transfer_date == date(2026, 10, 5) and a2.is_transferred
    assert a2.party_kind == "单位" and a2.decision == "不起诉" and a2.np_type == "酌定不起诉"
    assert by["A-5"].amounts["涉案金额"] == (Decimal("100000"), True, "10万余元")   # 至少 10 万, approximate


def test_bad_rows_are_listed_with_row_numbers_and_the_rest_goes_through(result):
    assert result.total_rows == 6 and [r.number for r in result.rows] == ["A-1", "A-2", "A-4", "A-5"]
    errors = {(i.row, i.column): i.message for i in result.issues if i.severity == "error"}
    assert "缺少执法机关" in errors[(4, "执法机关")]
    assert "与第2行重复" in errors[(5, "案件编号")]
    row6 = {i.column: i.message for i in result.issues if i.row == 6}
    assert "2026-13-45" in row6["违法行为发生日期"] and "不详" in row6["涉案金额（元）"]
    assert "负数" in row6["罚款金额（元）"] and "也许" in row6["是否移送"]
    a4 = next(r for r in result.rows if r.number == "A-4")
    assert a4.conduct_date is None and a4.fine is None and a4.quantity == Decimal("5.5") and a4.decision is None
    assert any(i.row == 8 and "按已移送处理" in i.message for i in result.issues)
    assert next(r for r in result.rows if r.number == "A-5").is_transferred


def test_unknown_columns_are_reported_not_dropped_silently(result):
    unknown = [i for i in result.issues if i.row is None]
    assert {i.column for i in unknown} == {"承办人", "内部备注"}
    assert any("承办人" in i.message and "2行有内容" in i.message for i in unknown)


def test_headers_match_despite_units_spaces_and_aliases():
    assert match_header(" 涉案金额（元） ").key == match_header("涉案金额(元)").key == "amount_generic"
    assert match_header("案由").key == match_header("违法行为").key == match_header("案由/违法行为").key == "cause"
    assert match_header("承办人") is None


def test_csv_in_gbk_is_read(tmp_path):
    p = tmp_path / "gbk.csv"
    with p.open("w", encoding="gb18030", newline="") as f:
        w = csv.writer(f)
        w.writerow(["案件编号", "执法机关", "案由/违法行为", "货值金额（元）", "行政立案日期"])
        w.writerow(["B-1", "某市市场监督管理局", "生产、销售伪劣产品", "十五万", "二〇二六年九月一日"])
    res = read_cases(p)
    assert res.rows[0].amounts["货值金额"][0] == Decimal("150000")
    assert res.rows[0].admin_file_date == date(2026, 9, 1)


def test_missing_required_column_and_wrong_files_are_clear_errors(tmp_path):
    p = _xlsx(tmp_path, [["X", "某局"]], header=["案件编号", "执法机关"])
    with pytest.raises(UserError, match="缺少必需的列：案由/违法行为"):
        read_cases(p)
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(UserError, match="另存为 .xlsx"):
        read_cases(xls)
    with pytest.raises(UserError, match="找不到导入文件"):
        read_cases(tmp_path / "none.xlsx")


def test_the_empty_template_has_every_column_and_imports_as_no_data(tmp_path):
    p = write_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["案件", "填写说明"]
    assert [c.value for c in wb["案件"][1]][:3] == ["案件编号", "执法机关", "领域"]
    with pytest.raises(UserError, match="只有表头"):
        read_cases(p)


def test_openpyxl_fallback_reads_the_same_as_calamine(tmp_path, monkeypatch):
    import assistant.report.reader as reader

    p = _xlsx(tmp_path, ROWS)
    fast = read_cases(p, as_of=date(2026, 10, 31))
    monkeypatch.setattr(reader, "_calamine_rows", lambda path: None)
    slow = read_cases(p, as_of=date(2026, 10, 31))
    assert [(r.number, r.amounts, r.conduct_date, r.fine, r.quantity) for r in fast.rows] == \
           [(r.number, r.amounts, r.conduct_date, r.fine, r.quantity) for r in slow.rows]
    assert [(i.row, i.column) for i in fast.issues] == [(i.row, i.column) for i in slow.issues]
