"""`xianjie eval compare A.json B.json`: the figures of two runs side by side, with arrows.

↑ / ↓ give the direction of the change; 变好 / 变差 says whether that is good, knowing which figures are better low
(error rates, false abstentions, silenced queries, NOT_FOUND citations, unscored items, seconds).
"""
from __future__ import annotations

from typing import Any

LOWER_IS_BETTER = ("false_abstention_rate", "wrong_charge_rate", "negative_false_charge_rate", "silenced", "errors",
                   "unscored", "not_found", ".fp", ".fn", "failed", "seconds", "mismatch")
META_KEYS = ("backend", "model", "settings_fingerprint", "review_index", "split", "prompts", "git")
EPS = 1e-9


def lower_is_better(name: str) -> bool:
    return any(k in name for k in LOWER_IS_BETTER)


def fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:.1f}"
    return str(v)


def diff_figures(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per figure present in either run: name, a, b, delta, arrow, verdict (better/worse/same/n.a.)."""
    rows = []
    for name in sorted(set(a) | set(b)):
        va, vb = a.get(name), b.get(name)
        rec = {"name": name, "a": va, "b": vb, "delta": None, "arrow": "", "verdict": "same"}
        if name not in a or name not in b:
            rec["verdict"] = "added" if name not in a else "removed"
        elif va is None or vb is None:
            rec["verdict"] = "same" if va is vb else "changed"
            rec["arrow"] = "" if va is vb else "≠"
        else:
            d = vb - va
            rec["delta"] = d
            if abs(d) > EPS:
                rec["arrow"] = "↑" if d > 0 else "↓"
                rec["verdict"] = "better" if (d > 0) != lower_is_better(name) else "worse"
        rows.append(rec)
    return rows


VERDICT_CN = {"better": "变好", "worse": "变差", "added": "仅 B 有", "removed": "仅 A 有", "changed": "变化", "same": ""}


def render_compare(ra: dict[str, Any], rb: dict[str, Any], show_all: bool = False, names: tuple[str, str] = ("A", "B")
                   ) -> str:
    ma, mb = ra.get("meta", {}), rb.get("meta", {})
    lines = [f"A：{names[0]}", f"B：{names[1]}", ""]
    for key in META_KEYS:
        if ma.get(key) != mb.get(key):
            lines.append(f"  {key}: {_short(ma.get(key))} → {_short(mb.get(key))}")
    rows = diff_figures(ra["figures"], rb["figures"])
    changed = [r for r in rows if r["verdict"] != "same"]
    shown = rows if show_all else changed
    if shown:
        width = max(len(r["name"]) for r in shown)
        lines.append("")
        for r in shown:
            delta = "" if r["delta"] is None else f"（{r['delta']:+.4f}）"
            lines.append(f"{r['name']:<{width}}  {fmt(r['a']):>8} → {fmt(r['b']):<8} {r['arrow']} {delta}"
                         f" {VERDICT_CN[r['verdict']]}".rstrip())
    counts = {v: sum(1 for r in rows if r["verdict"] == v) for v in ("better", "worse", "added", "removed", "changed")}
    lines += ["", f"共 {len(rows)} 项指标：变好 {counts['better']}，变差 {counts['worse']}，"
                  f"未变 {len(rows) - len(changed)}，仅 A 有 {counts['removed']}，仅 B 有 {counts['added']}"
                  + (f"，其他变化 {counts['changed']}" if counts["changed"] else "")]
    return "\n".join(lines) + "\n"


def _short(v: Any) -> str:
    if isinstance(v, dict):
        return "；".join(f"{k}={str(x)[:16]}" for k, x in v.items())
    return str(v)
