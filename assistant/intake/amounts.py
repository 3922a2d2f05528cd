"""Exact extraction of money amounts and counted quantities from (normalised) Chinese text.

8.6万元 → 86000, 八万六千元 → 86000, 86,000元 → 86000, 10万余元 → 100000 (至少, approximate),
120瓶, 25.2688立方米, 156mg/100ml. Arabic numbers with a 万/亿 multiplier are computed with Decimal
(cn2an truncates 1.23456万); Chinese and mixed numerals (三万五千, 3万5千, 一万二) go through cn2an.
Each amount gets the metric the nearest preceding cue word names (销售金额, 违法所得, 罚款 …).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

from assistant.intake.case import Amount, Quantity
from assistant.intake.law_figures import in_rule_sentence, law_figure

_CN = "零〇一二两三四五六七八九十百万亿壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億"
# A numeral: Arabic (with 3-digit groups and decimals) or Chinese, mixed (3万5千, 1万2千5百, 二点五万).
# 千 is not taken when it starts a unit (5千克, 3千米) and 点 only inside a Chinese number. Arabic chunks are atomic
# and cannot follow a digit, and the whole numeral is atomic and starts only where a numeral run starts: a long
# digit run (an ID number) or a run of numeral characters costs linear time, never exponential or quadratic.
_ARABIC_CHUNK = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CN_CHUNK = rf"(?:[{_CN}]|千(?![克米瓦])|(?<=[{_CN}])点(?=[{_CN}]))"
_NUM = rf"(?<![\d.{_CN}千])(?>(?:{_ARABIC_CHUNK}|{_CN_CHUNK})(?:(?<![\d.,]){_ARABIC_CHUNK}|{_CN_CHUNK})*)"
_RANGE_SEP = r"\s*(?:至|到|~|-|—|－)\s*"
_AMOUNT = re.compile(
    rf"(?:(?P<lo>{_NUM})(?P<lomul>万|亿)?(?P<locur>元)?{_RANGE_SEP})?"
    rf"(?P<num>{_NUM})(?P<q1>余|多|几)?(?P<mult>万|亿)?(?P<cur>元|块钱|块(?=[，。；、,;\s）)]|$))(?P<q2>以上|左右|许|上下)?"
)
_FOREIGN = re.compile(rf"(?:{_NUM})(?:余|多)?(?:万|亿)?(?P<cur>美元|港元|港币|欧元|日元|英镑|韩元|澳门元|新台币)")
_UNITS = (
    "立方米|平方米|公顷|千克|公斤|毫升|千米|公里|吨|克(?!隆)|斤|亩|瓶|件(?!事)|箱|条(?!第|款|规定|之)|盒|包|袋|支|罐|桶|"
    "只|头(?!目|脑)|株|棵|根|尾|羽|张|份|本|册|盘|套|副|幅|块(?!钱)|台|辆|艘|部(?!分|门|署|长)|个(?!月|工作日|小时|体|人|别|案)|枚|粒|片|"
    "倍(?=[，。；、,;）)\\s]|以上|左右|多|$)|次(?!性|日|要)|个人(?!所得|独资|名义|账户|信息|卫生|经营|工商|银行)|人(?!民|员|次)|名(?!义|称|下|单)|升|米(?!粉|饭)|kg|m3|m³"
)
_QUANTITY = re.compile(
    rf"(?:(?P<lo>{_NUM}){_RANGE_SEP})?(?P<num>{_NUM})(?P<q1>余|多|几)?(?P<mult>万)?(?P<unit>{_UNITS})(?P<q2>以上|左右|许)?"
)
_ALCOHOL = re.compile(rf"(?P<num>{_NUM})\s*(?:mg|毫克)\s*/\s*100\s*(?:ml|毫升)", re.IGNORECASE)

_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_ARABIC_MULT = re.compile(r"(\d+(?:\.\d+)?)(十|百|千|万|亿|百万|千万|万亿)")
_MULT = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000, "百万": 1_000_000,
         "千万": 10_000_000, "万亿": 10**12}
_UNIT_NAMES = {"个人": "人", "公斤": "千克", "kg": "千克", "m3": "立方米", "m³": "立方米", "块钱": "元"}

_BEFORE_ABOUT = re.compile(r"(?:大约|约|大概|左右)$")
_BEFORE_BELOW = re.compile(r"(?:将近|接近|近|不足|不到|未满|未达到?|尚未达到|未超过|离|距离)$")
_BEFORE_ABOVE = re.compile(r"(?:超过|逾)$")
_BEFORE_TOTAL = re.compile(r"(?:共计|合计|累计|总计|总额为?|总共|共|计)(?:人民币)?[为达]?(?:人民币)?(?:约|近|逾|超过)?$")
_BEFORE_VAGUE = re.compile(r"(?:数|几|若干|上)$")
_ORDINAL = re.compile(r"(?:第|之|每)$")

# Cue words → metric, most specific first (the alternation takes the first that matches at a position);
# the nearest cue before an amount wins. 税额/税款 depend on the kind of case (see _tax_metric). Amounts that are
# clearly something else (a unit price, a purchase cost, compensation) get 其他金额, so that they never stand in
# for a threshold metric the way an unattributed 涉案金额 may.
_CUES: list[tuple[str, str]] = [
    (r"单价|售价|进价|每[瓶件箱条盒包袋只个台吨斤克张份次株头]", "其他金额"),   # a unit price is no total
    (r"(?:收取|获取|赚取|收受)[^，。；]{0,10}?(?:费|佣金|提成|好处)|介绍费|加工费|开票费|好处费|手续费|佣金|提成|会员费|"
     r"广告费|转让款|转让费", "违法所得数额"),
    (r"生产、?销售金额", "生产销售金额"),
    (r"销售金额|销售额|销售收入|销售总额|销售价款|销售款|销赃款|已销售|销售了|售出|销售|出售|卖出", "销售金额"),
    (r"违法所得|非法所得|非法获利|获利|盈利|牟利|获取利润|利润", "违法所得数额"),
    (r"非法经营数额|非法经营额|经营数额|经营额|经营金额|营业额|交易额|交易金额", "非法经营数额"),
    (r"涉案货值|货值金额|货值|尚未销售|未销售|库存|待售", "货值金额"),
    (r"偷逃应缴税额|偷逃应缴税款|偷逃税款|偷逃税额|偷逃关税", "偷逃税额"),
    (r"逃避缴纳|少缴税款|少缴|不缴税款|逃税|偷税", "逃避缴纳税款数额"),
    (r"虚开税款|虚开税额|抵扣税款|骗取出口退税", "虚开税款数额"),
    (r"价税合计|虚开金额|票面金额|开票金额|发票金额", "虚开发票金额"),
    (r"直接经济损失|直接损失|经济损失|损失", "直接经济损失"),
    (r"矿产品价值|矿石价值|矿产资源价值", "矿产品价值"),
    (r"拖欠劳动报酬|拖欠.{0,12}?(?:工资|劳动报酬)|欠薪|劳动报酬|工资|工钱|被欠|欠了|欠下|欠付|欠发", "拖欠劳动报酬数额"),
    # 个人所得税人民币18.7万元 is tax even where 工资 was named just before; 增值税专用发票 names an invoice, not tax
    (r"税额|税款|(?:所得|消费|营业|资源|印花|关)税|增值税(?!专用发票|普通发票|发票)", "税"),
    (r"罚款|罚了|被罚|罚他|罚她|罚我们?", "罚款"),
    (r"罚金", "罚金"),
    (r"价值", "价值"),
    (r"涉案金额|涉案价值|案值", "涉案金额"),
    (r"购进|购买|进货|收购|成本|赔偿|退赔|退还|补缴|保证金|押金|借款|贷款|租金|工程款", "其他金额"),
]
_CUE_RE = re.compile("|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(_CUES)))
_CUE_WINDOW = 30
_CLAUSE_BREAK = re.compile(r"[。；;\n]")
_UNSOLD = re.compile(r"尚未销售|未销售|库存|待售")
_MINING = re.compile(r"开采|采矿|采砂|盗采|挖砂|采石|河砂|矿石|砂石|矿产")
_INVOICE_FRAUD = re.compile(r"虚开|没有(?:实际|真实)(?:的)?(?:货物)?交易|无真实(?:货物)?交易|与实际经营业务(?:情况)?不符")


@lru_cache(maxsize=4096)
def parse_number(s: str) -> Decimal | None:
    """A numeral as written in Chinese text → Decimal, or None when it is not a number.

    '8.6万' → 86000, '八万六千' → 86000, '86,000' → 86000, '3万5千' → 35000, '二点五万' → 25000.
    """
    s = s.replace(",", "").strip()
    if not s:
        return None
    if _ARABIC.fullmatch(s):
        return Decimal(s)
    m = _ARABIC_MULT.fullmatch(s)
    if m:
        return Decimal(m.group(1)) * _MULT[m.group(2)]
    if s[0] in "百千佰仟":
        s = "一" + s          # 逾百万元: a bare 百/千 is one hundred/thousand
    value = _cn2an(s)
    if value is None and s[-1] in "万亿千" and len(s) > 1:
        # cn2an rejects a Chinese decimal with a multiplier (二点五万): convert the head, multiply exactly.
        head = _cn2an(s[:-1])
        value = head * _MULT[s[-1]] if head is not None else None
    return value


# 五六辆, 两三万元, 三四十只, 一百五六: two neighbouring digits mean "one or the other", a range, never 56.
_DIGIT_PAIR = re.compile(r"(?P<head>(?:.*[十百千万亿])?)(?P<a>[一二两三四五六七八])(?P<b>[二三四五六七八九])(?P<tail>[十百千]?[万亿]?)")
_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}


def digit_pair_range(num: str) -> tuple[Decimal, Decimal] | None:
    """五六 → (5, 6), 三四十 → (30, 40), 一百五六 → (150, 160); None for a numeral that is not such a pair."""
    m = _DIGIT_PAIR.fullmatch(num)
    if not m or _DIGIT_VALUE[m.group("b")] <= _DIGIT_VALUE[m.group("a")]:
        return None
    head, tail = m.group("head"), m.group("tail")
    lo, hi = parse_number(head + m.group("a") + tail), parse_number(head + m.group("b") + tail)
    return (lo, hi) if lo is not None and hi is not None else None


def _cn2an(s: str) -> Decimal | None:
    try:
        v = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return None


def _qualifier(before: str, q1: str | None, q2: str | None) -> str | None:
    if q1 or q2 == "以上":
        return "至少"
    if q2:
        return "约"
    if _BEFORE_ABOUT.search(before):
        return "约"
    if _BEFORE_BELOW.search(before):
        return "不足"
    if _BEFORE_ABOVE.search(before):
        return "至少"
    return None


_TAX_METRICS = ("逃避缴纳税款数额", "虚开税款数额", "偷逃税额")


def _tax_metric(text: str) -> str:
    if _INVOICE_FRAUD.search(text):
        return "虚开税款数额"
    if "走私" in text:
        return "偷逃税额"
    return "逃避缴纳税款数额"


def _metric(text: str, start: int) -> str:
    lo = max(start - _CUE_WINDOW, 0)
    brk = None
    for brk in _CLAUSE_BREAK.finditer(text, lo, start):
        pass
    if brk is not None:
        lo = brk.end()
    metrics = [_CUES[int(m.lastgroup[1:])][1] for m in _CUE_RE.finditer(text, lo, start)]
    if not metrics:
        return "涉案金额"
    metric = metrics[-1]
    if metric == "税":
        # 少缴企业所得税23万余元: the kind of tax named after the conduct does not override the conduct
        specific = [m for m in metrics if m in _TAX_METRICS]
        return specific[-1] if specific else _tax_metric(text)
    if metric == "价值" and _UNSOLD.search(text, lo, start):
        return "货值金额"        # 尚未销售的商品价值 is the 货值
    if metric in ("销售金额", "价值") and _MINING.search(text):
        return "矿产品价值"      # what mined sand or ore sold for / is worth
    return metric


def _clean_before(text: str, start: int) -> str:
    """The few characters before a number, without 人民币 and spaces, for qualifier tests."""
    before = text[max(start - 8, 0):start].replace(" ", "")
    return before[:-3] if before.endswith("人民币") else before


def extract_amounts(text: str) -> tuple[list[Amount], list[str]]:
    """All money amounts in 元 with their metric; second item: warnings about amounts that could not be read."""
    amounts: list[Amount] = []
    warnings: list[str] = []
    for m in _AMOUNT.finditer(text):
        start = m.start()
        if (in_rule_sentence(text, start) or law_figure(text, start, m.end(), m.group("q2") == "以上")
                or (m.group("cur") == "块" and not _spoken_money(m.group("num"), m.group("mult")))):
            continue
        before = _clean_before(text, start)
        if _BEFORE_VAGUE.search(before):
            warnings.append(f"金额表述不确定，未计入：{before[-2:]}{m.group(0)}")
            continue
        pair = None if m.group("lo") else digit_pair_range(m.group("num"))
        value = pair[0] if pair else parse_number(m.group("num"))
        if value is None:
            if any(c.isdigit() or c in _CN for c in m.group("num")) and len(m.group("num")) > 1:
                warnings.append(f"无法识别的金额：{m.group(0)}")
            continue
        mult = _MULT[m.group("mult")] if m.group("mult") else 1
        value *= mult
        value_max = None
        qualifier = _qualifier(before, m.group("q1"), m.group("q2"))
        if m.group("lo"):
            lo = parse_number(m.group("lo"))
            if lo is None:
                continue
            lo *= _range_scale(m.group("lo"), m.group("lomul"), m.group("locur"), m.group("num"), mult)
            value, value_max, qualifier = lo, value, "区间"
        elif pair:
            value_max, qualifier = pair[1] * mult, "区间"
        amounts.append(Amount(
            metric=_metric(text, start), value=_exact(value), value_max=_exact(value_max) if value_max else None,
            approximate=qualifier is not None, qualifier=qualifier, is_total=bool(_BEFORE_TOTAL.search(before)),
            raw=m.group(0), start=start,
        ))
    for m in _FOREIGN.finditer(text):
        warnings.append(f"外币金额未换算为人民币：{m.group(0)}")
    return amounts, warnings


def _range_scale(lo: str, lomul: str | None, locur: str | None, num: str, mult: int) -> int:
    """5至8万元: the multiplier of the upper bound applies to a bare lower bound (5 → 50000)."""
    if lomul:
        return _MULT[lomul]
    if locur or any(c in lo for c in "万亿萬億"):
        return 1
    if mult > 1:
        return mult
    return _MULT[num[-1]] if num[-1] in "万亿" else 1


def _exact(v: Decimal) -> Decimal:
    """86000.0 → 86000 (no trailing zeros), keeping every significant decimal."""
    v = v.normalize()
    return v.quantize(Decimal(1)) if v == v.to_integral_value() else v


_OUTCOMES = [("死亡人数", "死亡|身亡|丧生|遇难"), ("重伤人数", "重伤"), ("轻伤人数", "轻伤"), ("中毒人数", "中毒")]
# 2人死亡 / 1名作业人员死亡 (a few words between the count and the outcome) / 死亡2人
_OUTCOME_AFTER = [(what, re.compile(rf"^[^，。；、,0-9]{{0,6}}?(?:{words})")) for what, words in _OUTCOMES]
_OUTCOME_BEFORE = [(what, re.compile(rf"(?:{words})$")) for what, words in _OUTCOMES]
_TIMBER = re.compile(r"林木|立木|蓄积|木材|树木|原木|松木|杉木|杨树|柏树")
_SAPLING = re.compile(r"幼树|幼林|树苗|胸径[^。；]{0,12}?5厘米以下")   # 幼树: 胸径5厘米以下 (破坏森林资源刑事解释)
_COUNTED_EVENTS = re.compile(r"下载|点击|浏览|播放|访问|转发")
_INVOICE = re.compile(r"发票")
_SPOKEN_END = re.compile(r"[，。；、,;\s）)]|$")


def _spoken_money(num: str, mult: str | None) -> bool:
    """二十三万六千块 is money; 300块 (soap, bricks) is a count."""
    return bool(mult) or any(c in num for c in "万千百仟佰萬")


_EXCEEDS = re.compile(r"超标|超过|超出|高出|超[^。，；]{0,8}标准")
# what is counted follows the last verb: 现场查获尚未销售的假冒白酒 → 假冒白酒
_ITEM_VERB = re.compile(
    r"尚未销售的|未销售的|查获|扣押|查扣|查封|销售|出售|收购|运输|生产|储存|存放|购进|购买|盗伐|滥伐|非法占用|非法|"
    r"捕捞|猎捕|杀害|虚开|伪造|制造|造成|致|受过|受到|被|没收|其中|共"
)
_ITEM_FILLER = re.compile(r"(?:共计|合计|累计|总计|共|计|约|近|逾|达|为|有|等|各|了)+$")
_ITEM_BREAK = re.compile(r"[，。；;：:、（）()“”\"'\s\d.]")
_ITEM_NOT = re.compile(r"元|价格|(?:销售|出售|购进|查获|扣押|运输|收购|生产|储存)$")


def _what(unit: str, before: str, after: str) -> str:
    if unit in ("人", "名"):
        for what, pattern in _OUTCOME_AFTER:
            if pattern.search(after):
                return what
        for what, pattern in _OUTCOME_BEFORE:
            if pattern.search(before):
                return what
        return "数量"
    if unit == "次":
        return "数量" if _COUNTED_EVENTS.search(before[-8:]) else "次数"
    if unit in ("亩", "平方米", "公顷"):
        return "面积"
    if unit == "立方米" and _TIMBER.search(before):
        return "立木蓄积"
    if unit in ("株", "棵") and _SAPLING.search(before):
        return "幼树株数"
    if unit in ("张", "份") and _INVOICE.search(before + after[:6]):
        return "虚开发票份数"
    return "数量"


def _item(before: str) -> str | None:
    cut = max((m.end() for m in _ITEM_BREAK.finditer(before)), default=0)
    item = _ITEM_FILLER.sub("", before[cut:]).removesuffix("的")
    item = item[max((m.end() for m in _ITEM_VERB.finditer(item)), default=0):]
    return None if not item or _ITEM_NOT.search(item) else item[-8:]


def extract_quantities(text: str) -> list[Quantity]:
    """Counted quantities with their unit (120瓶, 25.2688立方米, 2人死亡, 156mg/100ml); ordinals (第3条) excluded."""
    out: list[Quantity] = []
    for m in _ALCOHOL.finditer(text):
        value = parse_number(m.group("num"))
        if value is not None:
            out.append(Quantity(value=_exact(value), unit="mg/100ml", what="血液酒精含量", raw=m.group(0), start=m.start()))
    taken = [(q.start, q.start + len(q.raw)) for q in out]
    for m in _QUANTITY.finditer(text):
        start = m.start()
        if any(a <= start < b for a, b in taken):
            continue
        before = _clean_before(text, start)
        if _ORDINAL.search(before) or _BEFORE_VAGUE.search(before) or law_figure(text, start, m.end(), m.group("q2") == "以上"):
            continue
        num, unit = m.group("num"), _UNIT_NAMES.get(m.group("unit"), m.group("unit"))
        if unit == "块" and _spoken_money(num, m.group("mult")) and _SPOKEN_END.match(text, m.end()):
            continue  # 二十三万六千块, 一共被欠 is money (read as an amount)
        if unit == "倍" and not _EXCEEDS.search(text[max(start - 16, 0):start]):
            continue  # 罚款五倍, 翻了一倍: only an exceedance of a standard (超标12.4倍) is a measure
        if unit == "个" and num in ("一", "两"):
            continue  # 一个 is an article, not a count
        pair = None if m.group("lo") else digit_pair_range(num)
        value = pair[0] if pair else parse_number(num)
        if value is None:
            continue
        mult = _MULT[m.group("mult")] if m.group("mult") else 1
        value *= mult
        qualifier = _qualifier(before, m.group("q1"), m.group("q2"))
        value_max = None
        if m.group("lo"):
            lo = parse_number(m.group("lo"))
            if lo is None:
                continue
            value, value_max, qualifier = lo, value, "区间"
        elif pair:
            value_max, qualifier = pair[1] * mult, "区间"
        # the sentence so far (up to 80 characters): 被砍伐的杉木胸径均在5厘米以下，共计1,260株
        lo = max(start - 80, 0)
        brk = text.rfind("。", lo, start)
        wide_before = text[(brk + 1 if brk >= 0 else lo):start]
        out.append(Quantity(
            value=_exact(value), value_max=_exact(value_max) if value_max is not None else None,
            unit=unit, what=_what(unit, wide_before, text[m.end():m.end() + 12]),
            item=None if unit in ("人", "名") else _item(text[max(start - 12, 0):start]), approximate=qualifier is not None, qualifier=qualifier,
            raw=m.group(0), start=start,
        ))
    if not any(q.what == "死亡人数" for q in out):
        out.extend(_named_deaths(text))
    out.sort(key=lambda q: q.start or 0)
    return out


# 覃某经抢救无效死亡 / 致工人张某烧伤后死亡: a death told of named people, without a count. The nearest name before
# the death in its sentence is the one who died; 死亡证明, 死亡赔偿金 … name documents, not deaths.
_DEATH = re.compile(r"(?:死亡|身亡|遇难|丧生)(?!证明|医学|原因|鉴定|赔偿|人数|结果|事故|率)")
_PERSON = re.compile(r"[\u4e00-\u9fff]某{1,2}")
_NO_DEATH = re.compile(r"未|无(?!效)|没有|不致|防止|避免|险些|差点")


def _named_deaths(text: str) -> list[Quantity]:
    names: dict[str, int] = {}
    for m in _DEATH.finditer(text):
        s0 = max(text.rfind("。", 0, m.start()), text.rfind("；", 0, m.start()), m.start() - 30, -1) + 1
        before = text[s0:m.start()]
        people = list(_PERSON.finditer(before))
        clause = before[max(before.rfind("，"), before.rfind(","), 0):]
        if not people or _NO_DEATH.search(clause):
            continue
        names.setdefault(people[-1].group(0), s0 + people[-1].start())
    if not names:
        return []
    first = min(names.values())
    return [Quantity(value=Decimal(len(names)), unit="人", what="死亡人数", raw="、".join(names) + "死亡",
                     approximate=False, start=first)]
