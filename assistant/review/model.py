"""What a review produces: `Review` and its findings. Plain data; the engine modules fill it in."""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

ThresholdStatus = Literal["met", "near", "not_met", "unknown"]
DirectionKind = Literal["forward", "reverse", "none"]
DeadlineStatus = Literal["overdue", "due_soon", "pending", "done", "unknown"]

STATUS_CN = {"met": "已达立案追诉标准", "near": "达到立案标准的80%以上（提前介入）", "not_met": "未达立案标准",
             "unknown": "无法判断（缺少数额/数量事实）"}
DIRECTION_CN = {"forward": "正向衔接：应移送公安机关", "reverse": "反向衔接：不起诉后移送行政主管机关处罚",
                "none": "无需衔接移送"}


class ChargeCandidate(BaseModel):
    name: str = Field(description="official charge name without 罪")
    article: str = Field(description="刑法 provision ID")
    confidence: float
    score: float = Field(default=0.0, description="raw recognition score (named charge 12, pattern 3, trigger by specificity)")
    triggers: list[str] = Field(default_factory=list, description="the words in the facts that pointed here")
    reason: str = ""


class ThresholdFinding(BaseModel):
    charge: str
    metric: str
    op: str
    value: float
    unit: str
    level: str
    subject: str
    source: str
    quote: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    variant: str = ""
    condition: str = ""
    case_value: float | None = None
    case_raw: str | None = None
    approximate: bool = False
    status: ThresholdStatus = "unknown"
    ratio: float | None = None
    early_intervention_value: float | None = None
    missing: str | None = Field(default=None, description="which fact is missing when status is unknown")
    note: str = ""

    def sentence(self) -> str:
        unit = self.unit
        if self.status == "unknown":
            return f"{self.metric}标准为{format_number(self.value)}{unit}（{self.source}），{self.missing or '案件事实中没有相应数额'}。"
        cmp = {"met": "已达到", "near": "已达到80%以上但未达", "not_met": "未达到"}[self.status]
        approx = "（数额为约数，需核实）" if self.approximate else ""
        return (f"{self.metric}{format_number(self.case_value)}{unit}{approx}，{cmp}{self.level}标准{format_number(self.value)}{unit}"
                f"（{self.source}）。")


class Limitation(BaseModel):
    years: int
    start: dt.date | None
    expires: dt.date | None
    status: Literal["expired", "expiring", "running", "unknown"]
    source: str = "行政处罚法#36.1"
    note: str = ""


class Direction(BaseModel):
    kind: DirectionKind = "none"
    agency: str | None = Field(default=None, description="competent agency type, e.g. 市场监督管理部门")
    agency_detail: str | None = Field(default=None, description="the review index's fuller wording of the agency")
    reasons: list[str] = Field(default_factory=list)
    provisions: list[str] = Field(default_factory=list, description="legal bases of the transfer")
    penalty_provisions: list[str] = Field(default_factory=list)
    violated_provisions: list[str] = Field(default_factory=list)
    penalties: list[str] = Field(default_factory=list)
    prior_penalty: bool = False
    limitation: Limitation | None = None
    checks: list[str] = Field(default_factory=list)


class DeadlineWarning(BaseModel):
    key: str
    name: str
    start: dt.date | None = None
    due: dt.date | None = None
    status: DeadlineStatus = "unknown"
    source: str
    source_status: str = "full_text"
    message: str = ""


class EvidenceGap(BaseModel):
    element: str
    requirement: str
    required: list[str]
    present: list[str]
    gap: str
    how_to_fill: str
    conversion: str = Field(description="可直接使用 / 需重新收集 / 需鉴定检验")
    provisions: list[str] = Field(default_factory=list)


class Review(BaseModel):
    case_id: str
    conduct_date: dt.date | None = None
    subject: str = "个人"
    charges: list[ChargeCandidate] = Field(default_factory=list)
    abstained: bool = False
    abstain_reason: str | None = None
    threshold_status: ThresholdStatus | None = None
    thresholds: list[ThresholdFinding] = Field(default_factory=list)
    direction: Direction = Field(default_factory=Direction)
    deadlines: list[DeadlineWarning] = Field(default_factory=list)
    evidence_gaps: list[EvidenceGap] = Field(default_factory=list, description="elements with no evidence at all")
    evidence_table: list[EvidenceGap] = Field(default_factory=list, description="every element, gap empty when covered")
    citations: list[str] = Field(default_factory=list, description="every provision ID the review cites, all resolvable")
    warnings: list[str] = Field(default_factory=list)

    @property
    def top(self) -> ChargeCandidate | None:
        return None if self.abstained or not self.charges else self.charges[0]

    def batch_record(self) -> dict:
        """The line written by `xianjie review --batch`."""
        return {
            "id": self.case_id,
            "charges": [{"name": c.name, "article": c.article, "confidence": round(c.confidence, 3)} for c in self.charges],
            "abstained": self.abstained,
            "abstain_reason": self.abstain_reason,
            "threshold_status": self.threshold_status,
            "thresholds": [t.model_dump(mode="json", include={"metric", "value", "unit", "level", "source", "case_value",
                                                               "status", "ratio"}) for t in self.thresholds],
            "direction": self.direction.kind,
            "agency": self.direction.agency,
            "evidence_gaps": [g.element for g in self.evidence_gaps],
            "deadlines": [d.model_dump(mode="json", include={"key", "due", "status"}) for d in self.deadlines],
            "citations": self.citations,
            "warnings": self.warnings,
        }


def format_number(v: float | None) -> str:
    """A figure as findings print it: 50000 → 5万, 17.2 → 17.2."""
    if v is None:
        return "—"
    if v >= 10000 and v % 1000 == 0:
        return f"{v / 10000:g}万"
    return f"{v:g}"
