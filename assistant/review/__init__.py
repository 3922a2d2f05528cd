"""The case review engine: Case → Review (charges, thresholds, direction, deadlines, evidence gaps)."""
from .engine import ReviewEngine, default_engine, review_case
from .model import (
    ChargeCandidate,
    DeadlineWarning,
    Direction,
    EvidenceGap,
    Limitation,
    Review,
    ThresholdFinding,
)

__all__ = ["ReviewEngine", "default_engine", "review_case", "Review", "ChargeCandidate", "ThresholdFinding",
           "Direction", "DeadlineWarning", "EvidenceGap", "Limitation"]
