"""Schema of the review index (审查索引): one YAML file per charge under corpus/guides/review_index/.

Validated at load time; a malformed entry is a load error naming the file and the field.
Every legal number carries its source provision ID, a verbatim quote and its effective dates.
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Controlled vocabulary of threshold metrics. Extend here (and only here) when a source needs a new one.
Metric = Literal[
    "销售金额",
    "违法所得数额",
    "非法经营数额",
    "货值金额",
    "生产销售金额",
    "偷逃税额",
    "逃避缴纳税款数额",
    "虚开税款数额",
    "虚开发票金额",
    "虚开发票份数",
    "税款损失数额",    # 造成国家税款损失（立案追诉标准（二）第五十六条）
    "数量",            # unit says what is counted: 瓶, 件, 张, 只, 株, 立方米, 吨, 千克, 份 …
    "面积",            # 亩 / 平方米
    "立木蓄积",        # 立方米
    "幼树株数",
    "次数",
    "死亡人数",
    "重伤人数",
    "轻伤人数",
    "中毒人数",
    "直接经济损失",
    "矿产品价值",
    "拖欠劳动报酬数额",
    "血液酒精含量",    # mg/100ml
    "价值",            # 野生动物及其制品价值 etc.
    "情节",            # qualitative circumstance (value is 1 when present); quote states it
]

Comparison = Literal[">=", ">", "present"]
Level = Literal["立案追诉", "情节严重", "情节特别严重", "数额较大", "数额巨大", "数额特别巨大", "后果严重", "后果特别严重"]
Subject = Literal["个人", "单位", "不限"]
Conversion = Literal["direct", "recollect", "appraisal"]
ElementName = Literal["主体", "主观方面", "客观行为", "数额或情节", "因果关系", "结果"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ThresholdRule(Strict):
    """One numeric (or qualitative) line of a prosecution standard, from one source provision."""

    metric: Metric
    op: Comparison = ">="
    value: float = Field(description="In the unit given; amounts always in 元 (三万元 → 30000)")
    unit: str = Field(description="元, 瓶, 只, 立方米, 亩, 次, 人, mg/100ml …")
    level: Level = "立案追诉"
    subject: Subject = "不限"
    source: str = Field(description="provision ID down to 款, e.g. 知识产权刑事解释#3.1")
    quote: str = Field(description="verbatim substring of the source provision stating the number")
    effective_from: date
    effective_to: date | None = None
    superseded_by: str | None = Field(default=None, description="source ID of the newer rule that replaced this one")
    alternative_group: str | None = Field(
        default=None, description="rules sharing a group are alternatives (any one suffices); default: each rule alone suffices"
    )
    # The three fields below were added (backward compatible, all default to "") because the sources state
    # thresholds that a bare number cannot express; see assistant/review_index/loader.py for how they are used.
    variant: str = Field(
        default="",
        description="which form of the conduct or which circumstance the rule covers (烟草专卖品, 非法买卖外汇, 服务商标, "
        "病死畜禽 …); rules of different variants never replace each other",
    )
    condition: str = Field(
        default="",
        description="a further circumstance that must also be established (二年内受过行政处罚后再次实施, 假冒两种以上注册商标, "
        "并且占应纳税额百分之十以上 …); empty: the number alone suffices",
    )
    base_quote: str = Field(
        default="",
        description="when the source states the number as a multiple of another standard in the same provision "
        "(…销售金额标准三倍以上): the verbatim quote of that standard; value = base × the multiple stated in quote",
    )
    note: str = ""


class EvidenceItem(Strict):
    name: str
    kind: Literal["物证", "书证", "视听资料", "电子数据", "证人证言", "被害人陈述", "当事人陈述", "犯罪嫌疑人供述和辩解", "鉴定意见", "勘验检查笔录", "检验报告", "其他"]
    conversion: Conversion = Field(description="direct: 刑事诉讼法#54.2 lists it; recollect: 言词证据 must be taken again; appraisal: needs a qualified 鉴定/检验")
    note: str = ""


class Element(Strict):
    element: ElementName
    requirement: str
    evidence: list[EvidenceItem]
    appraisal_note: str = Field(default="", description="what a 鉴定意见/检验报告 must state, if any")


class AdministrativeCounterpart(Strict):
    agency: str = Field(description="competent agency type: 市场监督管理部门, 公安机关交通管理部门, 林业主管部门 …")
    violated: list[str] = Field(description="provision IDs of the administrative rules the conduct violates")
    penalty_provisions: list[str] = Field(description="provision IDs that set the penalty")
    penalties: list[str] = Field(description="penalty kinds available: 罚款, 没收违法所得, 吊销许可证 …")
    limitation_years: int = Field(default=2, description="行政处罚法#36.1: 2, or 5 where life/health/financial safety was harmed")
    checks: list[str] = Field(default_factory=list, description="points to check before a reverse transfer")


class Precedence(Strict):
    """A rule of law that one charge absorbs another when both kinds of conduct are present (假冒注册商标 then selling
    the goods is punished as 假冒注册商标 only)."""
    over: str = Field(description="the charge this entry prevails over (official name, as in the index)")
    when: str = Field(description="regular expression: this entry's own conduct, which must be stated in the facts")
    source: str = Field(description="provision ID of the rule")
    quote: str = Field(description="verbatim words of the source that state the rule")


class Exclusion(Strict):
    """Facts that take away an element of the charge (the vehicle is a 非机动车; the seller holds the licence the charge
    presupposes is missing): the charge is not suggested, whatever words it shares with the facts."""
    when: str = Field(default="", description="regular expression: the fact that excludes the charge")
    absent: str = Field(default="", description="regular expression: a fact the charge cannot do without; excluded when "
                                                 "the facts never state it (negated mentions do not count)")
    unless: str = Field(default="", description="regular expression: a fact that restores it (持有零售许可证 but 批发 without one)")
    reason: str = Field(description="why, in Chinese, naming the element that is missing")
    instead: str = Field(default="", description="the charge whose conduct the same fact shows (本人所有的林木: 盗伐 → "
                                                 "滥伐); it takes over the excluded charge's weight when it has less")


class ChargeEntry(Strict):
    charge: str = Field(description="official charge name (罪名), without 罪")
    article: str = Field(description="刑法 provision ID, e.g. 刑法#214")
    field: str = Field(description="enforcement field: 知识产权, 食品药品, 生态环境, 自然资源, 安全生产, 税务, 海关, 劳动保障, 卫生健康, 交通, 市场秩序, 烟草专卖 …")
    triggers: list[str] = Field(description="terms whose presence suggests this charge")
    context_terms: list[str] = Field(default_factory=list, description="objects and settings of the charge (野猪, 林木, 砂石): "
                                     "evidence only beside a trigger or pattern of the entry, or two of them together")
    patterns: list[str] = Field(default_factory=list, description="regular expressions of typical fact patterns")
    negative_terms: list[str] = Field(default_factory=list, description="terms that argue against this charge")
    excluded_when: list[Exclusion] = Field(default_factory=list, description="facts that take away an element of the charge")
    prevails_over: list[Precedence] = Field(default_factory=list, description="charges this one absorbs when both conducts are present")
    summary: str = Field(description="one-sentence plain description of the conduct")
    thresholds: list[ThresholdRule]
    elements: list[Element]
    administrative: AdministrativeCounterpart
    cases: list[str] = Field(default_factory=list, description="IDs of typical cases: 案例#…")
    source_notes: list[str] = Field(default_factory=list, description="gaps and doubts about the sources")


class DeadlineRule(Strict):
    key: str
    name: str
    days: int
    working_days: bool
    starts: str = Field(description="what event starts the clock")
    source: str = Field(description="provision ID, or excerpt ID such as 工作指引（摘录）#12")
    quote: str
    source_status: Literal["full_text", "excerpt", "quotation"]
    note: str = ""
