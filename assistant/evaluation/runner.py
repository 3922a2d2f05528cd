"""Run the parts of the evaluation and assemble one result: {"meta", "parts", "figures"}.

`figures` is the flat view every comparison and floor uses: dotted names such as `retrieval.fused.recall@5`,
`review.test.charge_top1`, `review.dev.evidence_gaps.precision`, each a number or None (nothing to count). Per-case
records, confusion matrices and worst-case lists stay in `parts` and are not flattened.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, Callable

from assistant.errors import UserError

from .labeled import load_labeled
from .runinfo import run_info

PARTS = ("retrieval", "review", "drafting", "report")
SPLIT_ORDER = ("test", "dev", "all")
NOT_FLATTENED = {"cases", "worst", "confusion", "fused_misses", "documents_detail", "unscored_reasons", "wrong",
                 "predicted"}


def splits_of(split: str) -> list[str]:
    return ["test", "dev", "all"] if split == "all" else [split]


def flatten(tree: Any, prefix: str = "") -> dict[str, float | int | None]:
    """Numbers (and None) of a nested dict as dotted names; lists and the keys in NOT_FLATTENED are left out."""
    out: dict[str, float | int | None] = {}
    if isinstance(tree, dict):
        for key, value in tree.items():
            if key in NOT_FLATTENED:
                continue
            out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif tree is None or (isinstance(tree, (int, float)) and not isinstance(tree, bool)):
        out[prefix] = tree
    return out


def _labeled(split: str, cases_dir: Path | None) -> dict[str, list]:
    by_split = {s: load_labeled(s, cases_dir) for s in ("dev", "test")}
    if not any(by_split.values()):
        raise UserError(f"没有找到标注案例（{cases_dir or 'eval/cases'} 下应有 dev.jsonl / test.jsonl）")
    by_split["all"] = by_split["dev"] + by_split["test"]
    return {s: by_split[s] for s in splits_of(split) if by_split[s]}


def run_review_part(split: str, cases_dir: Path | None) -> dict[str, Any]:
    from assistant.review import default_engine

    from .review_eval import run_review
    from .review_figures import review_figures

    labeled = _labeled(split, cases_dir)
    engine = default_engine()
    base = "all" if "all" in labeled else next(iter(labeled))
    outcomes = run_review(labeled[base], engine)
    out: dict[str, Any] = {}
    for s in labeled:
        rows = outcomes if s == base else [o for o in outcomes if o["split"] == s]
        out[s] = review_figures(rows)
    out[base]["cases"] = outcomes
    return out


def run_retrieval_part(settings) -> dict[str, Any]:
    from .retrieval_eval import load_queries, open_retriever, run_retrieval

    return run_retrieval(open_retriever(settings), load_queries())


def run_drafting_part(split: str, cases_dir: Path | None, settings, backend: str) -> dict[str, Any]:
    from .drafting_eval import run_drafting

    return run_drafting(_labeled(split, cases_dir), settings, backend)


def run_report_part(settings) -> dict[str, Any]:
    from .report_eval import run_report

    return run_report(settings)


def _unavailable(part: str, exc: ImportError) -> dict[str, Any]:
    return {"status": "unavailable", "reason": f"{part} 评测所需模块尚未就绪：{exc}"}


def run(parts: list[str], settings, backend: str = "offline", split: str = "all", cases_dir: Path | None = None,
        log: Callable[[str], None] | None = None) -> dict[str, Any]:
    log = log or (lambda msg: print(msg, file=sys.stderr))
    settings = settings.model_copy(update={"llm_backend": backend})
    meta = run_info(settings, backend, split, cases_dir, parts)
    result: dict[str, Any] = {"meta": meta, "parts": {}, "figures": {}}
    meta["seconds"] = {}
    for part in parts:
        t = time.perf_counter()
        log(f"评测：{part} …")
        try:
            if part == "retrieval":
                data = run_retrieval_part(settings)
            elif part == "review":
                data = run_review_part(split, cases_dir)
            elif part == "drafting":
                data = run_drafting_part(split, cases_dir, settings, backend)
            elif part == "report":
                data = run_report_part(settings)
            else:
                raise UserError(f"未知的评测部分“{part}”，应为 {' / '.join(PARTS)} / all")
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith(("assistant.drafting", "assistant.report", "assistant.evaluation")):
                raise
            data = _unavailable(part, exc)
            log(f"  跳过：{data['reason']}")
        meta["seconds"][part] = round(time.perf_counter() - t, 2)
        result["parts"][part] = data
        result["figures"].update(flatten(data, part))
        log(f"  完成（{meta['seconds'][part]:.1f} 秒）")
    return result


def write_json(result: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # allow_nan=False: an undefined figure must be None, never NaN
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1, allow_nan=False) + "\n", encoding="utf-8")


def read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"找不到评测结果文件：{path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise UserError(f"评测结果文件不是有效的 JSON：{path}") from None
    if not isinstance(data, dict) or not isinstance(data.get("figures"), dict):
        raise UserError(f"{path} 不是 `xianjie eval` 写出的结果文件（缺少 figures）")
    return data
