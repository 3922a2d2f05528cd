"""`xianjie eval compare`: figure-by-figure differences with arrows, better/worse aware of lower-is-better figures."""
from __future__ import annotations

import json

from assistant.cli import main
from assistant.evaluation.compare import diff_figures, render_compare
from assistant.evaluation.runner import flatten


def result(figures, backend="offline"):
    return {"meta": {"backend": backend, "model": backend}, "parts": {}, "figures": figures}


def test_diff_marks_direction_and_verdict():
    rows = {r["name"]: r for r in diff_figures(
        {"review.test.charge_top1": 0.8, "review.test.false_abstention_rate": 0.1, "retrieval.fused.mrr": 0.5,
         "old.only": 1.0, "x.none": None},
        {"review.test.charge_top1": 0.9, "review.test.false_abstention_rate": 0.2, "retrieval.fused.mrr": 0.5,
         "new.only": 2.0, "x.none": 0.3})}
    assert rows["review.test.charge_top1"]["arrow"] == "↑" and rows["review.test.charge_top1"]["verdict"] == "better"
    assert rows["review.test.charge_top1"]["delta"] == 0.9 - 0.8
    # more false abstentions is an increase, and worse
    assert rows["review.test.false_abstention_rate"]["arrow"] == "↑"
    assert rows["review.test.false_abstention_rate"]["verdict"] == "worse"
    assert rows["retrieval.fused.mrr"]["verdict"] == "same"
    assert rows["old.only"]["verdict"] == "removed" and rows["new.only"]["verdict"] == "added"
    assert rows["x.none"]["verdict"] == "changed"


def test_render_lists_changes_and_meta():
    text = render_compare(result({"a.recall": 0.5, "a.same": 1.0}), result({"a.recall": 0.25, "a.same": 1.0}, "openai"))
    assert "backend: offline → openai" in text
    assert "a.recall" in text and "↓" in text and "变差" in text
    assert "a.same" not in text                       # unchanged figures only with --all
    assert "变好 0，变差 1，未变 1" in text
    assert "a.same" in render_compare(result({"a.same": 1.0}), result({"a.same": 1.0}), show_all=True)


def test_flatten_keeps_numbers_and_none_only():
    flat = flatten({"modes": {"fused": {"mrr": 0.5, "no_answer": {"share": None, "n": 3}}},
                    "cases": [1, 2], "worst": [], "label": "x", "ok": True}, "retrieval")
    assert flat == {"retrieval.modes.fused.mrr": 0.5, "retrieval.modes.fused.no_answer.share": None,
                    "retrieval.modes.fused.no_answer.n": 3}


def test_compare_command(tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(result({"review.test.charge_top1": 0.8})), encoding="utf-8")
    b.write_text(json.dumps(result({"review.test.charge_top1": 0.9})), encoding="utf-8")
    assert main(["eval", "compare", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "review.test.charge_top1" in out and "0.8 → 0.9" in out and "↑" in out


def test_compare_bad_file_is_a_chinese_error(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["eval", "compare", str(bad), str(tmp_path / "missing.json")]) != 0
    assert "不是有效的 JSON" in capsys.readouterr().err
