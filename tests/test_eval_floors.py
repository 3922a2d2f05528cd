"""Floors: a figure below its floor fails the check (and the command), and floors are never lowered silently."""
from __future__ import annotations

import json

import pytest

from assistant.cli import main
from assistant.errors import UserError
from assistant.evaluation.floors import (FLOORS, check, committed_versions, load_floors, lowered_without_reason,
                                         parse_floors, raise_floors, suggested)


def result(figures, parts=("review",), split="all"):
    return {"meta": {"parts": list(parts), "split": split}, "figures": figures}


def test_a_figure_below_its_floor_fails_by_name():
    floors = {"review.test.charge_top1": 0.88, "review.test.direction_accuracy": 0.8}
    assert check(result({"review.test.charge_top1": 0.9, "review.test.direction_accuracy": 0.8}), floors) == []
    failures = check(result({"review.test.charge_top1": 0.85, "review.test.direction_accuracy": 0.8}), floors)
    assert len(failures) == 1 and failures[0].startswith("review.test.charge_top1：0.8500 低于下限 0.88")


def test_missing_or_undefined_figure_fails_only_where_it_should_have_been_measured():
    floors = {"review.test.charge_top1": 0.8, "retrieval.fused.mrr": 0.7, "review.dev.charge_top1": 0.9}
    # retrieval did not run, and only the test split ran: those floors do not apply
    assert check(result({"review.test.charge_top1": 0.9}, split="test"), floors) == []
    # review ran on all splits, but the dev figure is missing / undefined
    assert check(result({"review.test.charge_top1": 0.9}), floors) == ["review.dev.charge_top1：未测得（下限 0.9）"]
    assert check(result({"review.test.charge_top1": 0.9, "review.dev.charge_top1": None}), floors) == \
        ["review.dev.charge_top1：未测得（下限 0.9）"]


def test_lowering_needs_a_reason():
    old = {"floors": {"a": 0.9, "b": 0.8, "c": 0.5}, "lowered": {}}
    assert lowered_without_reason(old, {"floors": {"a": 0.95, "b": 0.8, "c": 0.5}, "lowered": {}}) == []
    problems = lowered_without_reason(old, {"floors": {"a": 0.85, "b": 0.8}, "lowered": {}})
    assert problems == ["a 的下限从 0.9 降到 0.85，但 lowered 中没有说明原因",
                        "c 的下限被删除，但 lowered 中没有说明原因"]
    explained = {"floors": {"a": 0.85, "b": 0.8}, "lowered": {"a": "新增难例 12 个", "c": "指标改名为 d"}}
    assert lowered_without_reason(old, explained) == []
    assert lowered_without_reason(old, {"floors": {"a": 0.85, "b": 0.8, "c": 0.5}, "lowered": {"a": " "}}) != []


def test_raising_floors_never_lowers():
    data = {"floors": {"a": 0.80, "b": 0.95}, "lowered": {}}
    assert raise_floors(data, {"a": 0.912, "b": 0.90}) == {"a": (0.80, 0.90)}
    assert suggested(1.0) == 0.99 and suggested(0.889) == 0.88 and suggested(0.0) == 0.0


def test_malformed_floors_file_is_a_chinese_error():
    with pytest.raises(UserError, match="不是有效的 JSON"):
        parse_floors("{oops")
    with pytest.raises(UserError, match="floors"):
        parse_floors('{"floors": {"a": "high"}}')


def test_repository_floors_never_lowered_silently():
    """The working copy against git HEAD's copy, and HEAD's copy against the version before it."""
    current = load_floors()
    assert current["floors"], "eval/floors.json holds no floors"
    versions = [parse_floors(t, f"git:{i}") for i, t in enumerate(committed_versions())]
    if not versions:
        pytest.skip("git history of eval/floors.json not available")
    assert lowered_without_reason(versions[0], current) == []
    if len(versions) > 1:
        assert lowered_without_reason(versions[1], versions[0]) == []


def test_repository_floors_name_figures_the_harness_produces():
    known = ("retrieval.", "review.test.", "review.dev.", "drafting.test.", "drafting.dev.", "report.")
    assert all(name.startswith(known) for name in load_floors()["floors"]), FLOORS


def test_check_floors_command_exits_non_zero_naming_the_figure(tmp_path, capsys):
    gold = {"charge": None, "article": None, "threshold_status": None, "direction": "none", "agency": None,
            "evidence_gaps": [], "amounts": []}
    line = {"id": "t-1", "style": "新闻报道", "facts": "邻居因宅基地边界发生口角，经村委会调解和好。", "gold": gold}
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "test.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"floors": {"review.test.negative_abstention_rate": 0.5,
                                             "review.test.direction_accuracy": 1.01}}), encoding="utf-8")
    out = tmp_path / "r.md"
    code = main(["eval", "review", "--split", "test", "--cases", str(cases), "-o", str(out), "--check-floors",
                 "--floors", str(floors)])
    err = capsys.readouterr().err
    assert code == 1
    assert "review.test.direction_accuracy" in err and "低于下限" in err
    assert "negative_abstention_rate" not in err
    data = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert data["floors"]["failures"] and data["figures"]["review.test.direction_accuracy"] == 1.0
    assert out.read_text(encoding="utf-8").startswith("# 评测报告")


def test_ceilings_fail_above_and_loosening_needs_a_reason():
    r = {"meta": {"parts": ["drafting"], "split": "test"}, "figures": {"drafting.test.not_found": 2}}
    assert check(r, {}, {"drafting.test.not_found": 0}) == ["drafting.test.not_found：2 高于上限 0"]
    r["figures"]["drafting.test.not_found"] = 0
    assert check(r, {}, {"drafting.test.not_found": 0}) == []
    old = {"floors": {}, "ceilings": {"drafting.test.not_found": 0}}
    assert lowered_without_reason(old, {"floors": {}, "ceilings": {"drafting.test.not_found": 3}}) == \
        ["drafting.test.not_found 的上限从 0 升到 3，但 lowered 中没有说明原因"]
    assert lowered_without_reason(old, {"floors": {}, "ceilings": {"drafting.test.not_found": 0}}) == []
