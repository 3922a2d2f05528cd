"""The import columns of the monthly report: one row per case, Chinese headers as the sharing platforms export them.

Each column has a key (the field of `CaseRow`), a kind (how the cell is read), the header written in the template,
the other spellings accepted on import, and a description that goes into the template's notes sheet and
docs/monthly_report.md. Headers are matched after removing spaces, unit suffixes such as （元） and full/half-width
differences, so 「涉案金额(元)」, 「涉案金额（元）」 and 「涉案金额」 are the same column.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["text", "date", "amount", "number", "party_kind", "yesno", "decision", "np_type"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind
    description: str
    example: str = ""
    required: bool = False
    aliases: tuple[str, ...] = field(default_factory=tuple)
    metric: str | None = None     # amount columns: the review-index metric(s) the amount is compared as


COLUMNS: tuple[Column, ...] = (
    Column("number", "案件编号", "text", "案件在共享平台上的编号；同一编号只能出现一次（重复的行只按第一次出现的分析）",
           "临市监处〔2026〕1001号", True, ("编号", "案号", "行政案件编号")),
    Column("agency", "执法机关", "text", "作出行政处罚或办理案件的行政执法机关全称", "临江市市场监督管理局", True,
           ("行政执法机关", "办案机关", "执法单位")),
    Column("field", "领域", "text", "执法领域：市场监管、生态环境、安全生产、税务、烟草专卖、林业、渔业、自然资源、交通、卫生健康、文化市场…",
           "市场监管", False, ("执法领域", "所属领域")),
    Column("party", "当事人", "text", "当事人姓名或单位名称（用于发现同一当事人反复违法）", "张某某", False,
           ("当事人名称", "违法主体")),
    Column("party_kind", "当事人类型", "party_kind", "个人 或 单位（单位犯罪的立案标准可能不同）", "个人", False,
           ("主体类型",)),
    Column("cause", "案由/违法行为", "text", "案由或违法行为；写明罪名式的案由（如 销售假冒注册商标的商品）时罪名识别最可靠",
           "销售假冒注册商标的商品", True, ("案由", "违法行为", "违法类型")),
    Column("charge", "涉嫌罪名", "text", "可选：已判断涉嫌的罪名（不含“罪”字亦可）；填写后优先按此比对立案标准", "", False,
           ("罪名",)),
    Column("facts", "违法事实", "text", "违法事实摘要", "当事人在其经营的店铺内销售假冒“某某”注册商标的白酒……", False,
           ("案件事实", "简要案情")),
    Column("item", "涉案物品", "text", "涉案商品/物品名称（用于发现同一产品反复出现）", "白酒", False, ("涉案商品", "涉案产品")),
    Column("place", "违法地点", "text", "违法行为发生地点（用于发现同一地点反复出现）", "临江市东城街道建设路88号", False,
           ("发生地点", "案发地点", "地点")),
    Column("amount_generic", "涉案金额（元）", "amount", "涉案金额，未区分具体类别时填写；只在相应罪名的标准为销售金额、非法经营数额、货值金额、价值等时参照比对，并提示核实",
           "8.6万", False, (), "涉案金额"),
    Column("amount_sales", "销售金额（元）", "amount", "销售金额（已销售部分）", "86000", False, (), "销售金额"),
    Column("amount_gain", "违法所得（元）", "amount", "违法所得数额", "12000", False, ("违法所得数额",), "违法所得数额"),
    Column("amount_goods", "货值金额（元）", "amount", "货值金额（含尚未销售的）", "", False, (), "货值金额"),
    Column("amount_business", "非法经营数额（元）", "amount", "非法经营数额", "", False, (), "非法经营数额"),
    Column("amount_value", "涉案物品价值（元）", "amount", "涉案野生动物、林木、矿产品、水产品等的价值", "", False,
           ("涉案价值", "物品价值", "矿产品价值"), "价值"),
    Column("quantity", "数量", "text", "涉案数量，可连同单位写（1200瓶、25.5立方米、600公斤）", "1200", False,
           ("涉案数量",)),
    Column("quantity_unit", "数量单位", "text", "数量的单位：瓶、件、立方米、株、亩、公斤、吨…；“数量”栏已写单位时可不填", "瓶",
           False),
    Column("conduct_date", "违法行为发生日期", "date", "违法行为发生（或开始）的日期；行政处罚时效从此计算", "2026-08-15", False,
           ("发生日期", "违法行为日期", "案发日期")),
    Column("conduct_end", "违法行为终了日期", "date", "可选：违法行为有连续或继续状态时的终了日期（行政处罚法#36.2）", "", False,
           ("行为终了日期",)),
    Column("admin_file_date", "行政立案日期", "date", "行政执法机关立案日期", "2026-09-02", False, ("立案日期",)),
    Column("penalty_date", "处罚决定日期", "date", "行政处罚决定日期；未作出处罚的留空", "2026-10-12", False,
           ("行政处罚决定日期", "处罚日期")),
    Column("penalty_kinds", "处罚种类", "text", "警告、罚款、没收违法所得、责令停产停业、吊销许可证件…，多种用顿号分隔", "罚款、没收违法所得",
           False, ("处罚类别",)),
    Column("fine", "罚款金额（元）", "amount", "罚款数额", "20000", False, ("罚款",)),
    Column("transferred", "是否移送", "yesno", "是否已移送公安机关：是 / 否（填写了移送日期的按已移送处理）", "否", False,
           ("已移送", "移送公安")),
    Column("transfer_date", "移送日期", "date", "移送公安机关的日期", "", False, ("移送公安日期",)),
    Column("police", "公安机关", "text", "可选：接受移送的公安机关", "", False, ("受理公安机关", "接受移送机关")),
    Column("police_accept_date", "公安受理日期", "date", "公安机关接受移送的日期；留空时按移送日期计算审查期限", "", False,
           ("受理日期",)),
    Column("police_file_date", "公安立案日期", "date", "公安机关刑事立案日期", "", False, ("刑事立案日期",)),
    Column("police_decline_date", "公安不立案日期", "date", "公安机关决定不予立案的日期", "", False,
           ("不予立案日期", "不立案日期")),
    Column("decision", "检察机关决定", "decision", "起诉、不起诉（可写明类型，如 酌定不起诉）、附条件不起诉；尚无决定的留空", "", False,
           ("检察决定", "审查起诉结果")),
    Column("np_type", "不起诉类型", "np_type", "法定不起诉、酌定不起诉、存疑不起诉、附条件不起诉、特殊不起诉", "", False,
           ("不起诉种类",)),
    Column("decision_date", "检察机关决定日期", "date", "检察机关作出起诉/不起诉决定的日期", "", False,
           ("检察决定日期", "不起诉决定日期")),
    Column("opinion_date", "检察意见书发出日期", "date", "不起诉后向行政机关发出检察意见书（反向移送）的日期", "", False,
           ("检察意见书日期", "反向移送日期")),
    Column("reply_date", "行政机关回复日期", "date", "行政机关书面回复检察意见的日期", "", False, ("回复日期",)),
    Column("reply_result", "处理结果", "text", "行政机关对检察意见的处理结果（已给予行政处罚、不予处罚及理由…）", "", False,
           ("回复结果", "办理结果")),
    Column("remarks", "备注", "text", "备注（不参与分析）", "", False, ("说明",)),
)

BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = tuple(c for c in COLUMNS if c.required)
AMOUNT_COLUMNS = tuple(c for c in COLUMNS if c.kind == "amount" and c.metric)

_UNIT_SUFFIX = re.compile(r"[（(][^（）()]*[）)]$")
_SPACES = re.compile(r"\s+")
_SLASH = re.compile(r"[／/、]")


def normalize_header(text: object) -> str:
    """'涉案金额 (元)' → '涉案金额'; full-width letters/digits folded; slashes unified."""
    s = unicodedata.normalize("NFKC", str(text or "")).strip()
    s = _SPACES.sub("", s).replace("*", "").replace("＊", "")
    s = _UNIT_SUFFIX.sub("", s)
    return _SLASH.sub("/", s)


def _build_lookup() -> dict[str, Column]:
    out: dict[str, Column] = {}
    for c in COLUMNS:
        for name in (c.header, *c.aliases):
            key = normalize_header(name)
            if key in out and out[key] is not c:
                raise RuntimeError(f"列名“{name}”同时属于两列")  # a programming error in COLUMNS
            out[key] = c
    return out


_LOOKUP = _build_lookup()


def match_header(text: object) -> Column | None:
    return _LOOKUP.get(normalize_header(text))


def template_headers() -> list[str]:
    return [c.header for c in COLUMNS]
