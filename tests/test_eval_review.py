"""Review evaluation: how one case is compared with its gold, and how outcomes become figures."""
from __future__ import annotations

import json

import pytest

from assistant.evaluation.labeled import LabeledCase, LabeledDataError, load_labeled
from assistant.evaluation.review_eval import agency_norm, agency_parts, compare, run_review
from assistant.evaluation.review_figures import review_figures
from assistant.intake import case_from_dict
from assistant.review.model import ChargeCandidate, Direction, EvidenceGap, Review


def labeled(id_, gold, split="test", facts="", case=None):
    return LabeledCase(id_, split, "新闻报道", facts, gold, {"id": id_, "facts": facts, "case": case or {}, "gold": gold})


def review(charges=(), abstained=False, status=None, kind="none", agency=None, gaps=()):
    return Review(case_id="x", abstained=abstained, threshold_status=status,
                  charges=[ChargeCandidate(name=n, article=a, confidence=0.9) for n, a in charges],
                  direction=Direction(kind=kind, agency=agency),
                  evidence_gaps=[EvidenceGap(element=e, requirement="", required=[], present=[], gap="缺少", how_to_fill="",
                                             conversion="需重新收集") for e in gaps])


GOLD = {"charge": "销售假冒注册商标的商品", "article": "刑法#214", "threshold_status": "met", "direction": "forward",
        "agency": "市场监督管理部门", "evidence_gaps": ["主观方面"],
        "amounts": [{"metric": "违法所得数额", "value": 35000, "approximate": False}]}
NEG = {"charge": None, "article": None, "threshold_status": None, "direction": "none", "agency": None,
       "evidence_gaps": [], "amounts": []}


def test_agency_normalisation():
    assert agency_norm("市场监督管理部门（知识产权执法）") == "市场监督管理部门"
    assert agency_norm("渔业渔政主管部门；海上另有海警机构") == "渔业渔政主管部门"
    assert agency_parts("自然资源主管部门；林业主管部门；农业农村主管部门")[1] == "林业主管部门"
    assert agency_norm(None) is None


def test_a_fully_right_case():
    case = case_from_dict({"id": "t1", "facts": "违法所得3.5万元"})
    r = review([("销售假冒注册商标的商品", "刑法#214.1")], status="met", kind="forward",
               agency="市场监督管理部门（知识产权执法）", gaps=["主观方面"])
    o = compare(labeled("t1", GOLD), case, r)
    assert o["charge_ok"] and o["top3_ok"] and o["article_ok"]      # 刑法#214.1 is article 刑法#214
    assert o["status_ok"] and o["direction_ok"] and o["agency_ok"]
    assert (o["gap_tp"], o["gap_fp"], o["gap_fn"]) == (1, 0, 0)
    assert o["amounts"][0]["exact"]
    assert o["why"] == [] and o["severity"] == 0


def test_false_abstention_is_not_a_wrong_charge():
    case = case_from_dict({"id": "t2", "facts": "无"})
    o = compare(labeled("t2", GOLD), case, review(abstained=True))
    assert o["false_abstention"] and not o["charge_ok"] and o["pred_status"] == "（弃权）"
    f = review_figures([o])
    assert f["false_abstention_rate"] == 1.0 and f["wrong_charge_rate"] == 0.0
    assert f["amounts"]["exact"] == 0.0 and "错误弃权" in f["worst"][0]["why"][0]


def test_negatives_right_when_abstaining_and_counted_apart():
    case = case_from_dict({"id": "n", "facts": "邻里纠纷"})
    good = compare(labeled("n1", NEG), case, review(abstained=True))
    bad = compare(labeled("n2", NEG), case, review([("非法经营", "刑法#225")], status="unknown"))
    pos = compare(labeled("p1", GOLD), case_from_dict({"id": "p", "facts": "违法所得3.5万元"}),
                  review([("假冒注册商标", "刑法#213")], status="met", kind="forward", agency="市场监督管理部门"))
    f = review_figures([good, bad, pos])
    assert f["negatives"] == 2 and f["positives"] == 1
    assert f["negative_abstention_rate"] == 0.5 and f["negative_false_charge_rate"] == 0.5
    assert f["charge_top1"] == 0.0 and f["wrong_charge_rate"] == 1.0 and f["false_abstention_rate"] == 0.0
    assert f["charge_overall"] == pytest.approx(1 / 3)
    assert ["销售假冒注册商标的商品", "假冒注册商标", 1] in f["confusion"]["charge_errors"]
    assert ["（无罪名）", "非法经营", 1] in f["confusion"]["charge_errors"]
    assert f["per_charge"]["销售假冒注册商标的商品"]["wrong"] == {"假冒注册商标": 1}
    assert f["provision_accuracy"] == 0.0


def test_amount_metric_must_match_for_exact():
    case = case_from_dict({"id": "a", "facts": "销售金额3.5万元"})
    o = compare(labeled("a1", GOLD), case, review(abstained=True))
    a = o["amounts"][0]
    assert not a["exact"] and a["value_ok"]       # 35000 was read, but as 销售金额, not 违法所得数额


def test_quantity_needs_the_unit():
    gold = {**NEG, "amounts": [{"metric": "数量", "value": 120, "unit": "瓶", "approximate": False}]}
    hit = compare(labeled("q1", gold), case_from_dict({"id": "q", "facts": "销售白酒120瓶"}), review(abstained=True))
    miss = compare(labeled("q2", gold), case_from_dict({"id": "q", "facts": "销售白酒120箱"}), review(abstained=True))
    assert hit["amounts"][0]["exact"] and not miss["amounts"][0]["value_ok"]


def test_a_case_that_crashes_is_kept_as_wrong():
    class Broken:
        def review(self, case):
            raise RuntimeError("boom")
    outcomes = run_review([labeled("e1", GOLD, facts="x"), labeled("e2", NEG, facts="y")], Broken())
    assert [o["error"] for o in outcomes] == ["RuntimeError: boom"] * 2
    f = review_figures(outcomes)
    assert f["errors"] == 2 and f["charge_top1"] == 0.0 and f["negative_abstention_rate"] == 0.0
    json.dumps(f, allow_nan=False)


def test_evidence_given_as_names_is_read(tmp_path):
    line = {"id": "d1", "facts": "经查，当事人销售假冒注册商标的白酒。", "case": {"evidence": ["扣押清单", "证人证言"]},
            "gold": NEG}
    (tmp_path / "dev.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    [lc] = load_labeled("dev", tmp_path)
    assert [e.name for e in lc.to_case().evidence] == ["扣押清单", "证人证言"]
    assert load_labeled("test", tmp_path) == []


def test_malformed_labeled_line_names_file_and_line(tmp_path):
    (tmp_path / "dev.jsonl").write_text('{"id": "a", "gold": {}}\n{oops\n', encoding="utf-8")
    with pytest.raises(LabeledDataError, match="dev.jsonl 第 2 行"):
        load_labeled("dev", tmp_path)
    with pytest.raises(LabeledDataError, match="未知的评测集"):
        load_labeled("train", tmp_path)
