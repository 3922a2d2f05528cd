"""Review figures from per-case outcomes (review_eval.py): overall, per charge, per agency, confusions, worst cases."""
from __future__ import annotations

from collections import Counter
from typing import Any

from .metrics import Confusion, precision_recall, rate
from .review_eval import ABSTAIN, ERROR, NO_CHARGE, NO_LABEL

STATUS_ORDER = ("met", "near", "not_met", "unknown", ABSTAIN, NO_LABEL)
DIRECTION_ORDER = ("forward", "reverse", "none")
WORST = 10


def _share(items: list[dict], key: str) -> float | None:
    scored = [o[key] for o in items if o.get(key) is not None]
    return rate(sum(1 for v in scored if v), len(scored))


def predicted_charge(o: dict) -> str:
    """The review's answer as a label: an abstention is "no charge" (right on a negative, wrong on a positive)."""
    if o["error"]:
        return ERROR
    return NO_CHARGE if o["abstained"] else (o["pred_charge"] or NO_LABEL)


def charge_confusion(outcomes: list[dict]) -> Confusion:
    c = Confusion()
    for o in outcomes:
        c.add(o["gold_charge"] or NO_CHARGE, predicted_charge(o))
    return c


def per_charge(outcomes: list[dict]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in sorted({o["gold_charge"] for o in outcomes if o["positive"]}):
        rows = [o for o in outcomes if o["gold_charge"] == name]
        wrong = Counter(predicted_charge(o) for o in rows
                        if not o["charge_ok"] and not o.get("false_abstention"))
        out[name] = {"n": len(rows), "top1": _share(rows, "charge_ok"), "top3": _share(rows, "top3_ok"),
                     "false_abstentions": sum(1 for o in rows if o.get("false_abstention")),
                     "wrong": dict(wrong.most_common()), "provision": _share(rows, "article_ok"),
                     "threshold": _share(rows, "status_ok")}
    return out


def per_agency(outcomes: list[dict]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in sorted({o["gold_agency"] for o in outcomes if o["gold_agency"]}):
        rows = [o for o in outcomes if o["gold_agency"] == name]
        out[name] = {"n": len(rows), "accuracy": _share(rows, "agency_ok"), "listed": _share(rows, "agency_listed"),
                     "predicted": dict(Counter(o["pred_agency"] or NO_LABEL for o in rows).most_common())}
    return out


def amount_figures(outcomes: list[dict]) -> dict[str, Any]:
    items = [a for o in outcomes for a in o["amounts"]]
    with_gold = [o for o in outcomes if o["amounts"]]
    approx = [a["approximate_ok"] for a in items if a["approximate_ok"] is not None]
    return {"n": len(items), "exact": rate(sum(a["exact"] for a in items), len(items)),
            "value_only": rate(sum(a["value_ok"] for a in items), len(items)),
            "approximate_flag": rate(sum(approx), len(approx)),
            "cases_all_exact": rate(sum(all(a["exact"] for a in o["amounts"]) for o in with_gold), len(with_gold)),
            "cases": len(with_gold)}


def review_figures(outcomes: list[dict]) -> dict[str, Any]:
    pos = [o for o in outcomes if o["positive"]]
    neg = [o for o in outcomes if not o["positive"]]
    false_abst = sum(1 for o in pos if o.get("false_abstention"))
    wrong_pos = sum(1 for o in pos if not o["charge_ok"] and not o.get("false_abstention"))
    tp, fp, fn = (sum(o[k] for o in outcomes) for k in ("gap_tp", "gap_fp", "gap_fn"))
    status, direction = Confusion(), Confusion()
    for o in outcomes:
        if o["gold_status"]:
            status.add(o["gold_status"], o["pred_status"])
        direction.add(o["gold_direction"], o["pred_direction"])
    charges = charge_confusion(outcomes)
    worst = sorted((o for o in outcomes if o["severity"] > 0), key=lambda o: (-o["severity"], o["id"]))[:WORST]
    return {
        "n": len(outcomes), "positives": len(pos), "negatives": len(neg),
        "errors": sum(1 for o in outcomes if o["error"]),
        "charge_top1": _share(pos, "charge_ok"),
        "charge_top3": _share(pos, "top3_ok"),
        "charge_overall": _share(outcomes, "charge_ok"),
        "false_abstention_rate": rate(false_abst, len(pos)),
        "wrong_charge_rate": rate(wrong_pos, len(pos)),
        "negative_abstention_rate": rate(sum(1 for o in neg if o["charge_ok"]), len(neg)),
        "negative_false_charge_rate": rate(sum(1 for o in neg if not o["charge_ok"]), len(neg)),
        "provision_accuracy": _share(pos, "article_ok"),
        "threshold_accuracy": status.accuracy(),
        "direction_accuracy": direction.accuracy(),
        "agency_accuracy": _share(outcomes, "agency_ok"),
        "agency_listed": _share(outcomes, "agency_listed"),
        "evidence_gaps": precision_recall(tp, fp, fn),
        "amounts": amount_figures(outcomes),
        "per_charge": per_charge(outcomes),
        "per_agency": per_agency(outcomes),
        "confusion": {"charge": charges.to_json(), "charge_errors": [list(t) for t in charges.errors()],
                      "threshold": status.to_json(STATUS_ORDER), "direction": direction.to_json(DIRECTION_ORDER)},
        "worst": [{"id": o["id"], "split": o["split"], "severity": o["severity"], "why": o["why"]} for o in worst],
    }
