"""The typed `Case` the review works on, and its parts.

A Case comes from JSON (fields given by the user win) or from a document's text (fields extracted by
`assistant.intake.extract`). Amounts are always in 元, as Decimal, so that 8.6万元 is exactly 86000.
Dates that the text gives only to the month are stored as the first (start) or last (end) day of that
month, and a warning says so.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, field_validator

from assistant.intake.dates import parse_date
from assistant.review_index.schema import Metric

SourceKind = Literal["json", "txt", "docx", "pdf"]
DocType = Literal["行政处罚决定书", "不起诉决定书", "起诉意见书", "判决书", "其他"]
PartyKind = Literal["个人", "单位"]
PartyRole = Literal["当事人", "犯罪嫌疑人", "被不起诉人", "被告人", "单位负责人"]
# Amount metrics: the review-index vocabulary, plus 涉案金额 when the text does not say which amount it is,
# and the sanctions (罚款/罚金), which must never be compared with a prosecution threshold.
# 其他金额: the text says what the amount is and it is no threshold metric (unit price, purchase cost, compensation).
AmountMetric = Literal[Metric, "涉案金额", "罚款", "罚金", "其他金额"]
# 至少: 10万余元 / 10万元以上 / 逾10万元; 约: 约5万元 / 5万元左右; 不足: 近5万元 / 不足5万元; 区间: 5万至8万元
Qualifier = Literal["至少", "约", "不足", "区间"]
ProcuratorateDecision = Literal["起诉", "不起诉", "附条件不起诉"]
NonProsecutionType = Literal["法定不起诉", "酌定不起诉", "存疑不起诉", "附条件不起诉", "特殊不起诉"]
EvidenceKind = Literal[
    "物证", "书证", "视听资料", "电子数据", "证人证言", "被害人陈述", "当事人陈述", "犯罪嫌疑人供述和辩解",
    "鉴定意见", "检验报告", "勘验检查笔录", "询问笔录", "辨认笔录", "其他",
]
Collector = Literal["行政机关", "侦查机关"]


def _number_json(v: Decimal) -> int | float:
    return int(v) if v == v.to_integral_value() else float(v)


# Exact in Python, a plain JSON number on output (86000, 25.2688), not a string.
Num = Annotated[Decimal, PlainSerializer(_number_json, when_used="json")]


class _Model(BaseModel):
    # Unknown keys are ignored here; the JSON reader reports them as a warning instead of failing the case.
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


def _chinese_date(v: Any) -> Any:
    """JSON may write dates the Chinese way (2024年3月5日, 2024.3.5, 二〇二四年三月五日); ISO strings pass through."""
    if isinstance(v, str) and v.strip() and not _ISO_DATE.match(v.strip()):
        return parse_date(v) or v
    return v


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Party(_Model):
    name: str = Field(min_length=1)
    kind: PartyKind = "个人"
    id_number: str | None = Field(default=None, description="公民身份号码, or 统一社会信用代码 for a unit")
    role: PartyRole = "当事人"


class Amount(_Model):
    metric: AmountMetric = "涉案金额"
    value: Num = Field(description="in 元; the lower bound of a range")
    value_max: Num | None = Field(default=None, description="upper bound of a range (5万至8万元)")
    approximate: bool = False
    qualifier: Qualifier | None = None
    is_total: bool = Field(default=False, description="stated as 共计/合计/累计/总计")
    raw: str = ""
    start: int | None = Field(default=None, description="offset of raw in Case.facts")


class Quantity(_Model):
    value: Num
    value_max: Num | None = None
    unit: str = Field(min_length=1, description="瓶, 立方米, 只, 吨, 千克, 亩, 张, 次, 人, mg/100ml …")
    what: Metric = Field(default="数量", description="数量, 面积, 立木蓄积, 幼树株数, 次数, 死亡人数, 血液酒精含量 …")
    item: str | None = Field(default=None, description="what is counted, when the text names it just before (白酒)")
    approximate: bool = False
    qualifier: Qualifier | None = None
    raw: str = ""
    start: int | None = None


class AdministrativeDecision(_Model):
    agency: str | None = None
    number: str | None = Field(default=None, description="文号, e.g. 沪市监嘉处〔2024〕123号")
    date: dt.date | None = None
    penalty_kinds: list[str] = Field(default_factory=list, description="罚款, 没收违法所得, 吊销许可证 …")
    fine_amount: Num | None = Field(default=None, description="罚款, in 元")
    confiscated_amount: Num | None = Field(default=None, description="没收违法所得, in 元")


    _dates = field_validator("date", mode="before")(_chinese_date)


class EvidenceRecord(_Model):
    name: str = Field(min_length=1)
    kind: EvidenceKind = "其他"
    collected_by: Collector | None = None


class Case(_Model):
    id: str = Field(min_length=1)
    facts: str = ""
    source_kind: SourceKind = "txt"
    doc_type: DocType = "其他"
    parties: list[Party] = Field(default_factory=list)
    conduct_start: dt.date | None = None
    conduct_end: dt.date | None = None
    amounts: list[Amount] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    administrative_decisions: list[AdministrativeDecision] = Field(default_factory=list)
    transfer_date: dt.date | None = Field(default=None, description="行政机关移送公安机关的日期")
    police_accept_date: dt.date | None = None
    police_file_date: dt.date | None = Field(default=None, description="公安机关立案日期")
    police_decline_date: dt.date | None = Field(default=None, description="公安机关决定不予立案的日期")
    procuratorate_decision: ProcuratorateDecision | None = None
    non_prosecution_type: NonProsecutionType | None = None
    decision_date: dt.date | None = Field(default=None, description="the procuratorate's decision date (不起诉决定书 date)")
    decision_number: str | None = Field(default=None, description="文号 of the procuratorate's decision")
    decision_basis: list[str] = Field(default_factory=list, description="provision IDs, e.g. 刑事诉讼法#177.2")
    opinion_date: dt.date | None = Field(default=None, description="检察意见书发出日期")
    agency_reply_date: dt.date | None = Field(default=None, description="行政机关回复检察意见的日期")
    evidence: list[EvidenceRecord] = Field(default_factory=list)
    agency: str | None = Field(default=None, description="the administrative agency named in the case")
    region: str | None = None
    procuratorate: str | None = None
    charge_hint: str | None = Field(default=None, description="charge named in the text, without 罪")
    warnings: list[str] = Field(default_factory=list, description="what could not be read, in Chinese")

    _dates = field_validator("conduct_start", "conduct_end", "transfer_date", "police_accept_date", "police_file_date",
                             "police_decline_date", "decision_date", "opinion_date", "agency_reply_date",
                             mode="before")(_chinese_date)

    @field_validator("evidence", mode="before")
    @classmethod
    def _evidence_from_names(cls, v: Any) -> Any:
        """JSON may list evidence by name only (["现场检查笔录", "询问笔录"]): classify each name."""
        if isinstance(v, list) and any(isinstance(x, str) for x in v):
            from assistant.intake.parties import evidence_record  # parties imports this module
            return [evidence_record(x) if isinstance(x, str) else x for x in v]
        return v

    @field_validator("parties", mode="before")
    @classmethod
    def _parties_from_names(cls, v: Any) -> Any:
        """JSON may list parties by name only (["王某", "某某商贸有限公司"])."""
        if isinstance(v, list) and any(isinstance(x, str) for x in v):
            from assistant.intake.parties import party_from_name
            return [party_from_name(x) if isinstance(x, str) else x for x in v]
        return v

    def amount(self, metric: str) -> Amount | None:
        """The largest stated amount of one metric (totals and single mentions alike), or None. An upper bound
        (不足五万元, 近5万元) is used only when the case states no other amount of that metric."""
        found = [a for a in self.amounts if a.metric == metric]
        stated = [a for a in found if a.qualifier != "不足"] or found
        return max(stated, key=lambda a: a.value) if stated else None
