"""Review evaluation, per case: run the review engine on a labeled case and compare every field with the gold.

The result of one case is a plain dict (an "outcome") kept in the JSON output, so that two runs can be compared case
by case; review_figures.py turns a list of outcomes into the figures.

Rules (documented in docs/eval.md):
- charge: top-1 is right when the review did not abstain and its first candidate is the gold charge; top-3 when the
  gold is among the first three candidates of a review that did not abstain. An abstention is counted apart from a
  wrong charge: on a positive case it is a false abstention, on a negative case the right answer.
- main provision: the first candidate's article equals the gold article at article level (刑法#343 ~ 刑法#343.1).
- agency: both sides lose their parenthesised notes; the review's first-named agency (before "；") must equal the gold
  type; `agency_listed` is the looser check that the gold type is one of the agencies the review names.
- amounts: each gold amount must appear in the extracted Case with the same metric and value (money: Case.amounts;
  with a unit other than 元: Case.quantities with the same unit); `value_ok` drops the metric requirement.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from assistant.intake.case import Case
from assistant.review.direction import agency_type

from .labeled import LabeledCase
from .metrics import same_article, set_counts

ABSTAIN = "（弃权）"
NO_CHARGE = "（无罪名）"
NO_LABEL = "（无）"
ERROR = "（出错）"
MONEY_UNITS = {None, "", "元"}

# how much each kind of miss weighs when choosing the worst cases (a wrong charge misleads most)
WEIGHTS = {"error": 10, "charge": 5, "false_abstention": 4, "false_charge": 5, "direction": 3, "provision": 2,
           "threshold": 2, "agency": 2, "gap": 1, "amount": 1}


def agency_parts(name: str | None) -> list[str]:
    """'市场监督管理部门（知识产权）；食用农产品…另涉农业农村主管部门' → ['市场监督管理部门', '食用农产品…']"""
    if not name:
        return []
    return [p.strip() for p in (agency_type(name) or "").split("；") if p.strip()]


def agency_norm(name: str | None) -> str | None:
    parts = agency_parts(name)
    return parts[0] if parts else None


def _dec(v: Any) -> Decimal | None:
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError, TypeError):
        return None


def match_amount(gold: dict[str, Any], case: Case) -> dict[str, Any]:
    """One gold amount against the extracted Case: exact (metric + value [+ unit]) and value-only matches."""
    value, metric, unit = _dec(gold.get("value")), gold.get("metric"), gold.get("unit")
    if unit in MONEY_UNITS:
        same_value = [a for a in case.amounts if a.value == value]
        exact = [a for a in same_value if a.metric == metric]
    else:
        same_value = [q for q in case.quantities if q.value == value and q.unit == unit]
        exact = [q for q in same_value if q.what == metric]
    found = exact[0] if exact else (same_value[0] if same_value else None)
    return {"metric": metric, "value": gold.get("value"), "unit": unit, "exact": bool(exact),
            "value_ok": bool(same_value),
            "approximate_ok": None if found is None else bool(found.approximate) == bool(gold.get("approximate")),
            "found": None if found is None else {"metric": getattr(found, "metric", None) or getattr(found, "what", None),
                                                 "raw": found.raw}}


def compare(lc: LabeledCase, case: Case, review) -> dict[str, Any]:
    g = lc.gold
    names = [c.name for c in review.charges]
    top1 = None if review.abstained or not names else names[0]
    gold_charge = g.get("charge")
    o: dict[str, Any] = {"id": lc.id, "split": lc.split, "style": lc.style, "positive": bool(gold_charge),
                         "gold_charge": gold_charge, "pred_charge": top1, "candidates": names[:3],
                         "abstained": bool(review.abstained), "error": None}
    if gold_charge:
        o["charge_ok"] = top1 == gold_charge
        o["top3_ok"] = not review.abstained and gold_charge in names[:3]
        o["false_abstention"] = bool(review.abstained)
        o["gold_article"] = g.get("article")
        o["pred_article"] = review.charges[0].article if top1 else None
        o["article_ok"] = same_article(o["pred_article"], g.get("article")) if g.get("article") else None
    else:
        o["charge_ok"] = bool(review.abstained)       # the right answer on a negative is to abstain
        o["false_charge"] = None if review.abstained else top1
    gs = g.get("threshold_status")
    o["gold_status"] = gs
    o["pred_status"] = ABSTAIN if review.abstained else (review.threshold_status or NO_LABEL)
    o["status_ok"] = (o["pred_status"] == gs) if gs else None
    o["gold_direction"] = g.get("direction") or "none"
    o["pred_direction"] = review.direction.kind
    o["direction_ok"] = o["pred_direction"] == o["gold_direction"]
    ga = agency_norm(g.get("agency"))
    o["gold_agency"], o["pred_agency"] = ga, agency_norm(review.direction.agency)
    o["agency_ok"] = (o["pred_agency"] == ga) if ga else None
    o["agency_listed"] = (ga in agency_parts(review.direction.agency)) if ga else None
    gold_gaps, pred_gaps = sorted(set(g.get("evidence_gaps") or [])), sorted({x.element for x in review.evidence_gaps})
    o["gold_gaps"], o["pred_gaps"] = gold_gaps, pred_gaps
    o["gap_tp"], o["gap_fp"], o["gap_fn"] = set_counts(gold_gaps, pred_gaps)
    o["amounts"] = [match_amount(a, case) for a in (g.get("amounts") or []) if isinstance(a, dict)]
    o["why"], o["severity"] = explain(o)
    return o


def error_outcome(lc: LabeledCase, message: str) -> dict[str, Any]:
    """A case the intake or the review could not handle: kept, and counted wrong everywhere it has a gold label."""
    g = lc.gold
    gold_charge = g.get("charge")
    o: dict[str, Any] = {"id": lc.id, "split": lc.split, "style": lc.style, "positive": bool(gold_charge),
                         "gold_charge": gold_charge, "pred_charge": None, "candidates": [], "abstained": False,
                         "error": message, "charge_ok": False, "gold_status": g.get("threshold_status"),
                         "pred_status": ERROR, "status_ok": False if g.get("threshold_status") else None,
                         "gold_direction": g.get("direction") or "none", "pred_direction": ERROR,
                         "direction_ok": False, "gold_agency": agency_norm(g.get("agency")), "pred_agency": None,
                         "gold_gaps": sorted(set(g.get("evidence_gaps") or [])), "pred_gaps": []}
    if gold_charge:
        o.update(top3_ok=False, false_abstention=False, gold_article=g.get("article"), pred_article=None,
                 article_ok=False if g.get("article") else None)
    else:
        o["false_charge"] = ERROR
    o["agency_ok"] = o["agency_listed"] = False if o["gold_agency"] else None
    o["gap_tp"], o["gap_fp"], o["gap_fn"] = 0, 0, len(o["gold_gaps"])
    o["amounts"] = [{"metric": a.get("metric"), "value": a.get("value"), "unit": a.get("unit"), "exact": False,
                     "value_ok": False, "approximate_ok": None, "found": None}
                    for a in (g.get("amounts") or []) if isinstance(a, dict)]
    o["why"], o["severity"] = [f"出错：{message}"], WEIGHTS["error"]
    return o


def _num(v: Any) -> str:
    d = _dec(v)
    if d is None:
        return str(v)
    return f"{d:f}".rstrip("0").rstrip(".") if "." in f"{d:f}" else f"{d:f}"


def explain(o: dict[str, Any]) -> tuple[list[str], int]:
    """Chinese reasons a case went wrong, and a severity used to pick the worst cases."""
    why: list[str] = []
    sev = 0
    if o["positive"]:
        if o.get("false_abstention"):
            why.append(f"错误弃权：应为“{o['gold_charge']}”")
            sev += WEIGHTS["false_abstention"]
        elif not o["charge_ok"]:
            where = "（前三名内有）" if o.get("top3_ok") else ""
            why.append(f"罪名错误：应为“{o['gold_charge']}”，识别为“{o['pred_charge']}”{where}")
            sev += WEIGHTS["charge"]
        elif o.get("article_ok") is False:
            why.append(f"主要条文：应为 {o['gold_article']}，给出 {o['pred_article']}")
            sev += WEIGHTS["provision"]
    elif not o["charge_ok"]:
        why.append(f"不属任何罪名，却识别为“{o['false_charge']}”")
        sev += WEIGHTS["false_charge"]
    if o["status_ok"] is False and not o.get("false_abstention"):
        why.append(f"立案标准：应为 {o['gold_status']}，判断为 {o['pred_status']}")
        sev += WEIGHTS["threshold"]
    if not o["direction_ok"]:
        why.append(f"衔接方向：应为 {o['gold_direction']}，判断为 {o['pred_direction']}")
        sev += WEIGHTS["direction"]
    if o["agency_ok"] is False:
        why.append(f"主管机关：应为“{o['gold_agency']}”，给出“{o['pred_agency'] or NO_LABEL}”")
        sev += WEIGHTS["agency"]
    if o["gap_fp"] or o["gap_fn"]:
        missing = sorted(set(o["gold_gaps"]) - set(o["pred_gaps"]))
        extra = sorted(set(o["pred_gaps"]) - set(o["gold_gaps"]))
        parts = ([f"漏报 {'、'.join(missing)}"] if missing else []) + ([f"多报 {'、'.join(extra)}"] if extra else [])
        why.append("证据缺口：" + "；".join(parts))
        sev += WEIGHTS["gap"] * (o["gap_fp"] + o["gap_fn"])
    lost = [a for a in o["amounts"] if not a["exact"]]
    if lost:
        why.append("数额提取：未准确提取 " + "、".join(f"{a['metric']}{_num(a['value'])}{a['unit'] or '元'}" for a in lost))
        sev += WEIGHTS["amount"] * len(lost)
    return why, sev


def run_review(cases: list[LabeledCase], engine) -> list[dict[str, Any]]:
    """Outcomes of every case, in order. A case whose intake or review raises becomes an error outcome: it is measured
    as wrong, never dropped, and the run goes on (the message names the exception)."""
    out = []
    for lc in cases:
        try:
            case = lc.to_case()
            review = engine.review(case)
        except Exception as exc:  # noqa: BLE001 - one broken case must not stop the measurement of the others
            out.append(error_outcome(lc, f"{type(exc).__name__}: {exc}"[:300]))
            continue
        out.append(compare(lc, case, review))
    return out
