"""Floors: the minimum each headline figure may reach (eval/floors.json), checked by `xianjie eval … --check-floors`.

    {"floors": {"review.test.charge_top1": 0.88, …},
     "ceilings": {"drafting.test.not_found": 0, …},
     "lowered": {"review.test.charge_top1": "why this floor was lowered"}}

Ceilings are the same for figures that must stay low (NOT_FOUND citations must stay 0); raising one is loosening it
and needs a reason in "lowered" just as lowering a floor does.

A floor is raised when the figures improve (`xianjie eval floors RESULT.json --raise`) and is never lowered silently:
a floor lower than the committed one (or a floor removed) must be named in "lowered" with a reason; tests compare the
working copy with git HEAD's copy and HEAD's copy with the version before it.
A floor applies when its part ran and, for `review.<split>.…` / `drafting.<split>.…` figures, when that split ran; a
figure that then is missing or undefined fails the check ("未测得"), since a headline figure must not vanish.
"""
from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path
from typing import Any

from assistant.errors import UserError
from assistant.settings import REPO_ROOT

FLOORS = REPO_ROOT / "eval" / "floors.json"
SPLIT_PARTS = ("review", "drafting")
MARGIN = 0.005     # a new floor sits this much below the measured figure, then is rounded down to 0.01


def parse_floors(text: str, origin: str = "floors.json") -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{origin} 不是有效的 JSON：{exc.msg}（第 {exc.lineno} 行）") from None
    floors = data.get("floors") if isinstance(data, dict) else None
    if not isinstance(floors, dict) or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                               for v in floors.values()):
        raise UserError(f"{origin} 应为 {{\"floors\": {{指标名: 最低值}}, \"lowered\": {{指标名: 原因}}}}")
    ceilings = data.get("ceilings") or {}
    if not isinstance(ceilings, dict) or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                 for v in ceilings.values()):
        raise UserError(f"{origin} 的 ceilings 应为 {{指标名: 最高值}}")
    lowered = data.get("lowered") or {}
    if not isinstance(lowered, dict):
        raise UserError(f"{origin} 的 lowered 应为 {{指标名: 原因}}")
    rest = {k: v for k, v in data.items() if k not in ("floors", "ceilings", "lowered")}
    return {"floors": floors, "ceilings": ceilings, "lowered": lowered, **rest}


def load_floors(path: Path | None = None) -> dict[str, Any]:
    p = Path(path or FLOORS)
    if not p.is_file():
        raise UserError(f"找不到指标下限文件：{p}")
    return parse_floors(p.read_text(encoding="utf-8"), p.name)


def applies(name: str, meta: dict[str, Any]) -> bool:
    part = name.split(".", 1)[0]
    if part not in meta.get("parts", []):
        return False
    if part in SPLIT_PARTS:
        split = name.split(".")[1] if name.count(".") >= 2 else None
        ran = ["test", "dev", "all"] if meta.get("split") == "all" else [meta.get("split")]
        return split not in ("test", "dev", "all") or split in ran
    return True


def check(result: dict[str, Any], floors: dict[str, float], ceilings: dict[str, float] | None = None) -> list[str]:
    """Chinese messages, one per figure below its floor / above its ceiling (or missing); empty when all hold."""
    figures, meta = result.get("figures", {}), result.get("meta", {})
    failures = []
    for name, limit, is_floor in sorted([(n, v, True) for n, v in floors.items()] +
                                        [(n, v, False) for n, v in (ceilings or {}).items()]):
        if not applies(name, meta):
            continue
        value = figures.get(name)
        if value is None:
            failures.append(f"{name}：未测得（{'下限' if is_floor else '上限'} {limit:g}）")
        elif is_floor and value < limit - 1e-12:
            failures.append(f"{name}：{value:.4f} 低于下限 {limit:g}")
        elif not is_floor and value > limit + 1e-12:
            failures.append(f"{name}：{value:g} 高于上限 {limit:g}")
    return failures


def suggested(value: float) -> float:
    return max(0.0, math.floor((value - MARGIN) * 100 + 1e-9) / 100)


def raise_floors(current: dict[str, Any], figures: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Floors the measured figures allow to raise: name → (old, new). Never lowers."""
    out = {}
    for name, old in current["floors"].items():
        v = figures.get(name)
        if v is not None and suggested(v) > old + 1e-12:
            out[name] = (old, suggested(v))
    return out


def write_floors(data: dict[str, Any], path: Path | None = None) -> None:
    order = ["note", "floors", "ceilings", "lowered"]
    ordered = {k: data[k] for k in order if k in data} | {k: v for k, v in data.items() if k not in order}
    Path(path or FLOORS).write_text(json.dumps(ordered, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def lowered_without_reason(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Floors lower in `new` than in `old`, ceilings higher, or either removed, that `new["lowered"]` does not explain
    with a reason."""
    problems = []
    reasons = new.get("lowered") or {}
    for key, kind, sign in (("floors", "下限", 1), ("ceilings", "上限", -1)):
        for name, was in (old.get(key) or {}).items():
            now = (new.get(key) or {}).get(name)
            if now is not None and sign * (now - was) >= -1e-12:
                continue
            if not str(reasons.get(name) or "").strip():
                what = "被删除" if now is None else f"从 {was:g} {'降到' if sign > 0 else '升到'} {now:g}"
                problems.append(f"{name} 的{kind}{what}，但 lowered 中没有说明原因")
    return problems


def committed_versions(path: Path = FLOORS, root: Path = REPO_ROOT) -> list[str]:
    """The texts of the floors file at HEAD and at the commit before the last one that changed it (newest first);
    empty where git or the history is not available."""
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    try:
        log = subprocess.run(["git", "log", "-n", "2", "--format=%H", "--", rel], cwd=root, capture_output=True,
                             text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return []
    if log.returncode != 0:
        return []
    texts = []
    for rev in ["HEAD"] + log.stdout.split()[1:2]:
        show = subprocess.run(["git", "show", f"{rev}:{rel}"], cwd=root, capture_output=True, text=True, timeout=20)
        if show.returncode == 0:
            texts.append(show.stdout)
    return texts
