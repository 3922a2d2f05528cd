"""Drafting evaluation: the checks applied to a drafted 检察意见书 (agency naming, invented figures, notes apart)."""
from __future__ import annotations

import json

import pytest

from assistant.evaluation.drafting_eval import (agency_named, failed_document, figure_checks, figures, split_notes)
from assistant.evaluation.labeled import LabeledCase
from assistant.intake import case_from_dict
from assistant.review.model import Review


def labeled(gold):
    return LabeledCase("d-1", "test", "行政处罚决定书", "", gold, {"id": "d-1", "gold": gold})


@pytest.mark.parametrize("gold, written, ok", [
    ("林业主管部门", "县林业局", True),
    ("市场监督管理部门", "某某市某某区市场监督管理局", True),
    ("市场监督管理部门（知识产权执法）", "某区市场监管局", True),
    ("公安机关交通管理部门", "市公安局交通警察支队", True),
    ("人力资源社会保障行政部门", "某区人力资源和社会保障局", True),
    ("农业农村主管部门", "XX县农业综合行政执法大队", True),
    ("应急管理部门", "XX省矿山安全监管局XX分局", True),
    ("应急管理部门", "XX县市场监督管理局", False),
    ("税务机关", "某区市场监督管理局", False),
    ("林业主管部门", None, False),
])
def test_agency_named(gold, written, ok):
    assert agency_named(gold, written) is ok


def test_no_gold_agency_is_not_scored():
    assert agency_named(None, "县林业局") is None


def test_review_notes_are_split_from_the_issued_text():
    body, notes = split_notes("检察意见书\n……（院印）\n审查提示（供检察官审核，制发前删除）\n1. 按第九十一条第二款")
    assert body.endswith("（院印）\n") and notes.startswith("审查提示")
    assert split_notes("只有正文") == ("只有正文", "")


def test_invented_and_missing_figures():
    case = case_from_dict({"id": "f", "facts": "经查，当事人张某销售假冒白酒120瓶，违法所得3.5万元。",
                           "parties": [{"name": "张某"}]})
    gold = {"direction": "forward", "amounts": [{"metric": "违法所得数额", "value": 35000},
                                                {"metric": "数量", "value": 120, "unit": "瓶"}]}
    review = Review(case_id="f")
    good = figure_checks(labeled(gold), case, review,
                         "当事人张某销售假冒白酒120瓶，违法所得3.5万元，达到“违法所得数额在三万元以上”的标准。")
    assert good == {"invented": [], "gold_absent": [], "parties_unnamed": []}
    bad = figure_checks(labeled(gold), case, review, "当事人销售假冒白酒150瓶，违法所得三万五千元。")
    assert bad["invented"] == ["150"]                 # a number the case never stated
    assert bad["gold_absent"] == ["120"]              # 3.5万 = 三万五千: written differently, still present
    assert bad["parties_unnamed"] == ["张某"]


def test_a_draft_that_fails_counts_against_every_check():
    gold = {"direction": "reverse", "agency": "市场监督管理部门"}
    docs = [failed_document(labeled(gold), "DraftingError: 无法起草")]
    f = figures(docs, "offline")
    assert f["produced"] == 0.0
    assert f["sections"]["rate"] == 0.0 and f["agency"]["failed"] == 1
    assert f["citations_verified"] is None and f["not_found"] == 0
    json.dumps(f, allow_nan=False)


def test_one_reverse_case_end_to_end():
    pytest.importorskip("assistant.drafting")
    from assistant.evaluation.drafting_eval import run_drafting
    from assistant.evaluation.labeled import load_labeled
    from assistant.settings import get_settings

    case = next(lc for lc in load_labeled("dev") if lc.gold.get("direction") == "reverse")
    part = run_drafting({"dev": [case]}, get_settings(), "offline")
    [doc] = part["dev"]["documents_detail"]
    assert doc["id"] == case.id
    assert doc["error"] is None
    assert doc["citations_total"] > 0 and doc["sections"], doc["why"]
    assert doc["not_found"] == 0, doc["bad_citations"]        # NOT_FOUND never in an issued text
