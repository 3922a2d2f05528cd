"""Plain data of the monthly report: an imported row, a data-quality issue, a clue, and the clue types.

`CaseRow` is a dataclass, not a pydantic model: a month can hold 100,000 rows and the report only reads them.
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field   # `field` is also a column name (领域)
from datetime import date
from decimal import Decimal
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITY_CN = {"error": "未纳入分析", "warning": "已纳入分析"}


@dataclass
class CaseRow:
    row: int                                   # row number in the spreadsheet (header = 1)
    number: str
    agency: str
    field: str = "未填写"
    party: str | None = None
    party_kind: str = "个人"
    cause: str = "未填写"
    charge: str | None = None
    facts: str = ""
    item: str | None = None
    place: str | None = None
    amounts: dict[str, tuple[Decimal, bool, str]] = _field(default_factory=dict)  # metric → (value, approximate, raw)
    quantity: Decimal | None = None
    quantity_unit: str | None = None
    quantity_raw: str = ""
    conduct_date: date | None = None
    conduct_end: date | None = None
    admin_file_date: date | None = None
    penalty_date: date | None = None
    penalty_kinds: list[str] = _field(default_factory=list)
    fine: Decimal | None = None
    transferred: bool = False
    transfer_date: date | None = None
    police: str | None = None
    police_accept_date: date | None = None
    police_file_date: date | None = None
    police_decline_date: date | None = None
    decision: str | None = None                # 起诉 / 不起诉 / 附条件不起诉
    np_type: str | None = None
    decision_date: date | None = None
    opinion_date: date | None = None
    reply_date: date | None = None
    reply_result: str | None = None

    # -- the steps of the case flow, as the statistics and the clue rules see them ------------------
    @property
    def penalized(self) -> bool:
        return bool(self.penalty_date or (self.fine and self.fine > 0) or
                    any(k and k not in ("无", "不予处罚") for k in self.penalty_kinds))

    @property
    def is_transferred(self) -> bool:
        return bool(self.transferred or self.transfer_date or self.police_accept_date or self.police_file_date
                    or self.police_decline_date)

    @property
    def police_decided(self) -> bool:
        return bool(self.police_file_date or self.police_decline_date)

    @property
    def non_prosecuted(self) -> bool:
        return self.decision in ("不起诉", "附条件不起诉") or bool(self.np_type)

    @property
    def conduct_last(self) -> date | None:
        return self.conduct_end or self.conduct_date


@dataclass
class DataIssue:
    row: int | None            # None: the whole file (a column, the header)
    number: str | None
    column: str | None
    message: str
    severity: Severity = "warning"


ClueType = Literal["not_transferred", "early_intervention", "police_overdue", "stalled", "no_reverse_transfer",
                   "no_reply", "limitation"]
CLUE_TYPES: tuple[ClueType, ...] = ("not_transferred", "early_intervention", "police_overdue", "stalled",
                                    "no_reverse_transfer", "no_reply", "limitation")
CLUE_NAMES: dict[str, str] = {
    "not_transferred": "达到立案追诉标准未移送（以罚代刑、有案不移）",
    "early_intervention": "达到立案追诉标准80%以上（建议提前介入）",
    "police_overdue": "已移送但公安机关逾期未作出立案决定",
    "stalled": "立案后长期无进展",
    "no_reverse_transfer": "不起诉后逾期未反向移送（不刑不罚风险）",
    "no_reply": "检察意见书逾期未回复（不刑不罚风险）",
    "limitation": "行政处罚时效已过或临近",
}
CLUE_SHORT: dict[str, str] = {
    "not_transferred": "达标未移送", "early_intervention": "提前介入", "police_overdue": "公安逾期",
    "stalled": "长期无进展", "no_reverse_transfer": "未反向移送", "no_reply": "逾期未回复", "limitation": "处罚时效",
}


@dataclass
class Clue:
    type: ClueType
    number: str
    row: int
    agency: str
    field: str
    party: str | None
    cause: str
    reason: str                                 # one sentence, Chinese
    figures: str                                # the numbers behind the reason
    provisions: list[str] = _field(default_factory=list)
    due: date | None = None
    days: int | None = None                     # days overdue / since filing / to expiry
    responsible: str = ""                       # who has to act: the agency, 公安机关, 本院
    notes: list[str] = _field(default_factory=list)

    @property
    def type_name(self) -> str:
        return CLUE_NAMES[self.type]
