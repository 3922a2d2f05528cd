"""The review index (审查索引): per-charge thresholds, elements and evidence, administrative counterparts, cases.

    from assistant.review_index import load_review_index
    idx = load_review_index()
    entry = idx.get("销售假冒注册商标的商品罪")
    rules = idx.applicable_thresholds(entry, date(2025, 6, 1), subject="个人")
    idx.early_intervention_value(rules[0])          # 80% of the 立案追诉 number
"""
from .cases import TypicalCase
from .errors import ReviewIndexError
from .loader import (
    EARLY_INTERVENTION_RATIO,
    ReviewIndex,
    in_force,
    load_review_index,
    normalize_charge_name,
)
from .schema import (
    AdministrativeCounterpart,
    ChargeEntry,
    DeadlineRule,
    Element,
    EvidenceItem,
    ThresholdRule,
)

__all__ = [
    "AdministrativeCounterpart", "ChargeEntry", "DeadlineRule", "EARLY_INTERVENTION_RATIO", "Element",
    "EvidenceItem", "ReviewIndex", "ReviewIndexError", "ThresholdRule", "TypicalCase", "in_force",
    "load_review_index", "normalize_charge_name",
]
