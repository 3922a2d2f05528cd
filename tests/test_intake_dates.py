"""Dates and what they mean: the conduct period and the case-flow dates drive the threshold version and deadlines."""
from datetime import date

import pytest

from assistant.intake import assign_roles, find_dates, normalize_text, parse_date


@pytest.mark.parametrize("text,first,last,precision", [
    ("2024年3月5日", date(2024, 3, 5), date(2024, 3, 5), "day"),
    ("2024.3.5", date(2024, 3, 5), date(2024, 3, 5), "day"),
    ("2024-03-05", date(2024, 3, 5), date(2024, 3, 5), "day"),
    ("2024/3/5", date(2024, 3, 5), date(2024, 3, 5), "day"),
    ("二〇二四年三月五日", date(2024, 3, 5), date(2024, 3, 5), "day"),
    ("二○二四年十二月三十一日", date(2024, 12, 31), date(2024, 12, 31), "day"),
    ("2024 年3 月5 日", date(2024, 3, 5), date(2024, 3, 5), "day"),          # pypdf spacing
    ("2024年3月", date(2024, 3, 1), date(2024, 3, 31), "month"),
    ("2024年2月", date(2024, 2, 1), date(2024, 2, 29), "month"),
    ("2024年1月至6月", date(2024, 1, 1), date(2024, 6, 30), "month"),
    ("2023年12月至2024年2月", date(2023, 12, 1), date(2024, 2, 29), "month"),
    ("2024年3月5日至10日", date(2024, 3, 5), date(2024, 3, 10), "day"),
    ("2024年3月5日至4月2日", date(2024, 3, 5), date(2024, 4, 2), "day"),
])
def test_date_forms(text, first, last, precision):
    [m] = find_dates(normalize_text(text))
    assert (m.first, m.last, m.precision) == (first, last, precision)


@pytest.mark.parametrize("text", ["2024年2月30日", "8.6万元", "第3条", "13812345678", "1234年5月"])
def test_not_dates(text):
    assert find_dates(text) == []


def test_dates_without_year_take_the_previous_year():
    found = find_dates("2023年12月20日，……次年1月5日，……同年2月3日，……3月4日")
    assert [m.first for m in found] == [date(2023, 12, 20), date(2024, 1, 5), date(2024, 2, 3), date(2024, 3, 4)]


def test_parse_date():
    assert parse_date(" 二〇二四年七月十日 ") == date(2024, 7, 10)
    assert parse_date("不详") is None


def test_open_ended_period_has_no_end():
    roles = assign_roles("2024年1月起至案发，张某在其店内销售假冒卷烟。")
    assert roles.conduct_start == date(2024, 1, 1) and roles.conduct_end is None
    assert any("终止" in w for w in roles.warnings)


def test_roles_of_a_case_flow():
    text = ("李某，男，1985年3月12日出生。2024年1月至6月，李某在其经营的超市内销售假冒白酒，后被查获并移送公安机关。"
            "2024年6月10日，某区市场监督管理局对当事人立案调查。某区市场监督管理局于2024年7月1日将该案移送某区公安分局，"
            "公安分局于同年7月3日受理，7月20日决定不予立案。\n2024年8月1日，本局作出行政处罚决定，对当事人处以罚款。\n二〇二四年八月一日")
    roles = assign_roles(text)
    assert (roles.conduct_start, roles.conduct_end) == (date(2024, 1, 1), date(2024, 6, 30))   # not the birth date
    assert roles.transfer_date == date(2024, 7, 1)
    assert roles.police_accept_date == date(2024, 7, 3)
    assert roles.police_decline_date == date(2024, 7, 20) and roles.police_file_date is None
    assert [m.first for m, _ in roles.admin_decisions] == [date(2024, 8, 1)]
    assert roles.document_date == date(2024, 8, 1)


def test_form_style_labels():
    roles = assign_roles("案件名称：某某案\n移送日期：2024年5月10日\n公安立案日期：2024年5月20日\n违法行为发生时间：2024年3月")
    assert roles.transfer_date == date(2024, 5, 10)
    assert roles.police_file_date == date(2024, 5, 20)
    assert roles.conduct_start == date(2024, 3, 1)
