"""Metric functions of the evaluation harness on tiny hand-made inputs: exact values a user can check by hand."""
from __future__ import annotations

import json
import math

import pytest

from assistant.evaluation.metrics import (Confusion, Tally, article_of, ids_match, ndcg_at, precision_recall,
                                          recall_at, reciprocal_rank, same_article)
from assistant.evaluation.retrieval_eval import summarize


@pytest.mark.parametrize("hit, gold, expected", [
    ("刑事诉讼法#177.3", "刑事诉讼法#177", True),       # a 款 satisfies its article
    ("刑事诉讼法#177", "刑事诉讼法#177.3", True),       # and the article its 款
    ("刑事诉讼法#177.2", "刑事诉讼法#177.3", False),    # but not another 款 of it
    ("刑法#214", "刑法#214", True),
    ("刑法#21", "刑法#214", False),                     # no prefix matching of numbers
    ("刑法#133-1", "刑法#133", False),                  # 之一 is its own article
    ("刑法#133-1.1", "刑法#133-1", True),
    ("治安管理处罚法@2012#10", "治安管理处罚法#10", False),  # another version is another provision
    ("知识产权刑事解释#5", "刑法#5", False),
])
def test_ids_match(hit, gold, expected):
    assert ids_match(hit, gold) is expected


def test_article_level_comparison():
    assert article_of("刑事诉讼法#177.3") == "刑事诉讼法#177"
    assert article_of("治安管理处罚法@2012#10.1") == "治安管理处罚法@2012#10"
    assert same_article("刑法#343", "刑法#343.1")
    assert not same_article("刑法#343", "刑法#344")
    assert not same_article(None, "刑法#343")


def test_recall_at_k():
    ranked = ["刑法#1", "刑法#214", "知识产权刑事解释#5.1", "刑法#3"]
    gold = ["知识产权刑事解释#5", "刑法#214"]
    assert recall_at(ranked, gold, 1) == 0.0
    assert recall_at(ranked, gold, 2) == 0.5
    assert recall_at(ranked, gold, 5) == 1.0


def test_two_paragraphs_earn_one_gold_article_once():
    ranked = ["刑事诉讼法#177.2", "刑事诉讼法#177.3"]
    assert recall_at(ranked, ["刑事诉讼法#177", "刑法#37"], 5) == 0.5


def test_reciprocal_rank():
    assert reciprocal_rank(["a#1", "a#2", "刑法#214.1"], ["刑法#214"]) == pytest.approx(1 / 3)
    assert reciprocal_rank(["a#1"], ["刑法#214"]) == 0.0
    assert reciprocal_rank([], ["刑法#214"]) == 0.0


def test_ndcg_exact_values():
    # one gold item found at rank 2: DCG = 1/log2(3), ideal = 1
    assert ndcg_at(["x#1", "刑法#214"], ["刑法#214"], 10) == pytest.approx(1 / math.log2(3))
    # two gold items at ranks 1 and 3: (1 + 1/log2(4)) / (1 + 1/log2(3))
    got = ndcg_at(["刑法#214", "x#1", "刑法#213"], ["刑法#213", "刑法#214"], 10)
    assert got == pytest.approx((1 + 0.5) / (1 + 1 / math.log2(3)))
    # a duplicate hit of an already satisfied gold article earns nothing
    assert ndcg_at(["刑法#214.1", "刑法#214.2"], ["刑法#214"], 10) == pytest.approx(1.0)
    # beyond k nothing counts
    assert ndcg_at(["x#%d" % i for i in range(10)] + ["刑法#214"], ["刑法#214"], 10) == 0.0


def test_metrics_refuse_empty_gold():
    with pytest.raises(ValueError):
        recall_at(["刑法#214"], [], 5)


def test_no_answer_queries_are_measured_apart():
    per_query = [
        {"gold": ["刑法#214"], "ranked": ["刑法#214"]},
        {"gold": ["刑法#213"], "ranked": []},             # silenced by the gate: scores 0, counted
        {"gold": [], "ranked": []},                        # no-law query answered with nothing: right
        {"gold": [], "ranked": ["刑法#1"]},                # no-law query answered: wrong
    ]
    s = summarize(per_query)
    assert s["n"] == 2 and s["recall@1"] == 0.5 and s["mrr"] == 0.5 and s["silenced"] == 1
    assert s["no_answer"] == {"n": 2, "returned_nothing": 1, "share": 0.5}


def test_confusion_counts():
    c = Confusion()
    for g, p in [("met", "met"), ("met", "near"), ("near", "near"), ("met", "met"), ("unknown", "met")]:
        c.add(g, p)
    assert c.total == 5 and c.correct == 3 and c.accuracy() == pytest.approx(0.6)
    assert c.row("met") == {"met": 2, "near": 1}
    assert c.errors() == [("met", "near", 1), ("unknown", "met", 1)]
    j = c.to_json(["met", "near", "not_met", "unknown"])
    assert j["labels"] == ["met", "near", "unknown"]       # only labels that occur, in the given order
    assert j["matrix"] == [[2, 1, 0], [0, 1, 0], [1, 0, 0]]


def test_precision_recall():
    assert precision_recall(2, 1, 3) == {"precision": 2 / 3, "recall": 0.4, "f1": pytest.approx(0.5),
                                         "tp": 2, "fp": 1, "fn": 3}
    nothing = precision_recall(0, 0, 0)
    assert nothing["precision"] is None and nothing["recall"] is None and nothing["f1"] is None
    assert precision_recall(0, 2, 0)["f1"] is None       # recall undefined: no gold items
    assert precision_recall(0, 2, 1)["f1"] == 0.0


def test_unscored_items_are_kept_and_never_count_as_passes():
    t = Tally()
    t.add(True)
    t.add(False)
    t.add(None, "超时")
    t.add(None, "无法解析")
    j = t.to_json()
    assert j["n"] == 4 and j["unscored"] == 2 and j["passed"] == 1
    assert j["rate"] == 0.25            # unscored in the denominator: a failing backend cannot look better
    assert j["scored_rate"] == 0.5
    assert j["unscored_reasons"] == {"超时": 1, "无法解析": 1}
    json.dumps(j, allow_nan=False)      # never NaN


def test_all_unscored_is_none_not_nan():
    t = Tally()
    t.add(None, "超时")
    j = t.to_json()
    assert j["rate"] == 0.0 and j["scored_rate"] is None
    json.dumps(j, allow_nan=False)
