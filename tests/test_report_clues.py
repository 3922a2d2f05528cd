"""Clue detection against the planted ground truth of a generated month, the deadline rules and the citations."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from assistant.report.clues import ClueDetector, detect
from assistant.report.demo import MonthGenerator
from assistant.report.evaluate import score
from assistant.report.model import CLUE_TYPES, CaseRow
from assistant.report.pipeline import _engine_and_rules
from assistant.report.reader import read_cases
from assistant.report.rules import ClueRules
from assistant.report.workbook import write_rows
from assistant.review import default_engine
from assistant.review_index import ReviewIndex
from assistant.settings import get_settings

GOAL = 0.95
AS_OF = date(2026, 10, 31)


@pytest.fixture(scope="module")
def engine_rules():
    return _engine_and_rules(get_settings())


@pytest.fixture(scope="module")
def month(engine_rules, tmp_path_factory):
    engine, rules = engine_rules
    m = MonthGenerator("2026-10", engine, rules, seed=21).generate(400)
    path = write_rows(tmp_path_factory.mktemp("m") / "m.xlsx", m.header, m.rows)
    imported = read_cases(path, m.as_of)
    return m, imported, detect(imported.rows, ClueDetector(engine, rules, m.as_of))


def test_every_clue_type_is_planted(month):
    m, _, _ = month
    for t in CLUE_TYPES:
        assert sum(t in v for v in m.truth.values()) >= 4, t


@pytest.mark.parametrize("clue_type", CLUE_TYPES)
def test_precision_and_recall_per_clue_type(month, clue_type):
    m, _, det = month
    s = score(det.clues, m.truth)[clue_type]
    assert s["precision"] is not None and s["precision"] >= GOAL, (clue_type, s["false_positives"])
    assert s["recall"] is not None and s["recall"] >= GOAL, (clue_type, s["missed"])


def test_each_clue_has_reason_figures_and_resolvable_provisions(month):
    _, _, det = month
    store = default_engine().store
    assert det.errors == []
    for c in det.clues:
        assert c.reason.endswith("。") and c.figures and c.number
        assert all(store.get(p) is not None for p in c.provisions), c.provisions
    by_type = {c.type: c for c in det.clues}
    assert "立案追诉标准" in by_type["not_transferred"].reason
    assert "%" in by_type["early_intervention"].figures
    assert "移送涉嫌犯罪案件规定#8.1" in by_type["police_overdue"].provisions
    assert "行政处罚法#36.1" in by_type["limitation"].provisions
    assert any("引述" in n for n in by_type["no_reply"].notes)           # the two-month source is a quotation


def _transferred(accepted: date) -> CaseRow:
    return CaseRow(row=2, number="P-1", agency="某局", cause="销售假冒注册商标的商品", transferred=True,
                   transfer_date=accepted, police_accept_date=accepted)


def test_police_deadline_is_counted_from_acceptance(engine_rules):
    engine, rules = engine_rules
    due = rules.police_due(date(2026, 10, 20))
    assert due == date(2026, 10, 23)                                     # 3 days, 移送涉嫌犯罪案件规定#8.1
    on_due = ClueDetector(engine, rules, due)
    after = ClueDetector(engine, rules, due + timedelta(days=1))
    assert not [c for c in detect([_transferred(date(2026, 10, 20))], on_due).clues]
    late = detect([_transferred(date(2026, 10, 20))], after).clues
    assert [c.type for c in late] == ["police_overdue"] and late[0].days == 1
    decided = replace(_transferred(date(2026, 10, 1)), police_file_date=date(2026, 10, 2))
    assert detect([decided], after).clues == []


def test_reply_deadline_is_two_calendar_months(engine_rules):
    _, rules = engine_rules
    assert rules.reply_due(date(2026, 8, 31)) == date(2026, 10, 31)
    assert rules.reply_due(date(2026, 12, 31)) == date(2027, 2, 28)


def test_missing_deadline_rule_switches_its_clue_type_off_and_says_so(engine_rules):
    engine, _ = engine_rules
    bare = ReviewIndex(entries=engine.index.entries, deadlines=[])
    rules = ClueRules.build(bare, engine.store, 90, 365)
    assert set(rules.disabled) == {"police_overdue", "no_reverse_transfer", "no_reply"}
    assert detect([_transferred(date(2026, 1, 1))], ClueDetector(engine, rules, AS_OF)).clues == []
    assert any("police_review_transfer" in w for w in rules.warnings())


def test_stall_period_is_the_setting(engine_rules):
    engine, _ = engine_rules
    row = CaseRow(row=2, number="S-1", agency="某局", cause="未按规定明码标价", admin_file_date=AS_OF - timedelta(days=60))
    short = ClueRules.build(engine.index, engine.store, 30, 365)
    long = ClueRules.build(engine.index, engine.store, 90, 365)
    assert [c.type for c in detect([row], ClueDetector(engine, short, AS_OF)).clues] == ["stalled"]
    assert detect([row], ClueDetector(engine, long, AS_OF)).clues == []
