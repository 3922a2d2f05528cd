"""Do the facts describe a circumstance of a rule? Variants (which kind of land, species, product), qualitative
circumstances (醉酒驾驶, 禁猎期使用禁用工具), and a rule's extra condition (受过行政处罚后再次实施).

Matching is on content tokens (jieba with the legal dictionary). A token that is rare across the review index
(病死, 禁猎期, 暗管, 醉酒) is strong evidence on its own; common ones (销售, 生产) need company. Everything matched
here is reported as "事实中出现该情形的表述，需结合证据核实": it points the procurator at a rule, it does not prove it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from assistant.intake.case import Case
from assistant.review_index import ReviewIndex

GENERIC_VARIANT = ("其他", "一般")
_STOP = {"使用", "或许", "可", "从事", "通过", "方式", "非", "情况", "以外", "其他", "行为", "情形", "以上", "有关",
         "相关", "直接", "造成", "进行", "违反", "国家", "规定", "严重", "重大", "实施", "具有", "属于", "未经", "依法",
         "或者", "以及", "等", "的", "生产", "销售", "经营", "提供", "标准", "物质", "数量", "价值", "危害"}
# everyday words for a few variants whose index wording is formal
_SYNONYMS = {
    "烟草专卖品": ("卷烟", "香烟", "烟草", "烟叶", "雪茄"),
    "非法买卖外汇": ("外汇", "换汇", "美元"),
    "非法从事资金支付结算业务": ("支付结算", "POS机", "套现", "地下钱庄"),
    "醉酒驾驶": ("醉酒驾驶", "醉驾", "醉酒驾车", "醉酒后驾驶", "属醉酒"),
    "追逐竞驶": ("追逐竞驶", "飙车"),
    "商品林地": ("商品林",),
    "复制发行": ("复制", "翻印", "盗印", "盗版", "刻录"),
    # 药品安全刑事解释#2 lists the harms that make up 对人体健康造成严重危害 (#5 refers to it)
    "对人体健康造成严重危害": ("轻伤", "重伤", "残疾", "功能障碍", "器官组织损伤", "严重危害人体健康"),
}
_PRIOR_PENALTY = re.compile(r"(受过|曾因|曾被|被[^。；]{0,12}?(处罚|处以|罚款)|因[^。；]{0,15}?(处罚|罚款))[^。]{0,60}?(又|再次|再度|仍)")
_REPEAT = re.compile(r"又|再次|后再")
# a clause that denies a circumstance (非禁渔区, 当时非禁渔期, 未使用禁用工具) says nothing for it
_DENIAL = re.compile(r"(?<![是])非(?!法|常|要|但|物质|机动)|不属于|不在|不是|并非|未在|没有在|未使用|未采用|未发现|未见|不存在|均不|并未|"
                     r"未显示|未造成|没有造成|未导致|没有导致|未出现|没有出现|未检出|没有检出|没检出|"
                     r"怀疑|疑似|未获证实|未经证实|查无实据|举报不实")
_CLAUSE = re.compile(r"[^，。；、（）()\n]+")


@lru_cache(maxsize=64)
def affirmed(facts: str) -> str:
    """The facts without the clauses that deny something (kept in place as blanks so offsets do not matter)."""
    return _CLAUSE.sub(lambda m: " " * len(m.group(0)) if _DENIAL.search(m.group(0)) else m.group(0), facts)


_PRIOR_COUNT = re.compile(r"([两二三四五六七八九十]|\d+)[次回]")


@lru_cache(maxsize=1)
def _tokenizer():
    from index.bm25 import LegalTokenizer

    return LegalTokenizer()


@lru_cache(maxsize=8192)
def tokens(text: str) -> frozenset[str]:
    return frozenset(t for t in _tokenizer().tokenize(text) if len(t) >= 2 and t not in _STOP)


# Everyday and technical words for what the rules name in general terms: where one occurs, the rule's own words are
# added to the facts before the word overlap is counted (a rule with two parts, 禁渔区 + 禁用方法, still needs both).
_CANON: list[tuple[re.Pattern[str], str]] = [(re.compile(p), c) for p, c in [
    (r"禁捕水域|禁捕区|禁渔河段|全年禁捕|禁渔水域", "禁渔区"),
    (r"休渔期|禁捕期|伏季休渔|禁渔期内", "禁渔期"),
    (r"电鱼|毒鱼|炸鱼|电捕|电瓶[^。，；]{0,10}(杆|鱼|电)|绝户网", "使用禁用方法 禁用工具"),
    (r"钢丝套|铁夹|猎夹|猎套|排铳|地枪|电猫|捕鸟网|鸟网|粘网|毒饵", "使用禁用工具 禁用方法"),
    (r"罂粟壳|罂粟|瘦肉精|克仑特罗|莱克多巴胺|苏丹红|硼砂|吊白块|甲醛|福尔马林|工业明胶|工业盐|孔雀石绿|硝基呋喃|地沟油|"
     r"三聚氰胺|罗丹明|碱性橙|敌敌畏|工业酒精|甲醇|红砖粉|西地那非|他达拉非", "掺入 使用 有毒 有害 非食品原料"),
    (r"瘦肉精|克仑特罗|莱克多巴胺|沙丁胺醇|孔雀石绿|硝基呋喃|氯霉素|禁用农药|禁用兽药|甲拌磷|克百威|氧乐果|呋喃丹", "食用农产品 使用 禁用农药 兽药"),
    (r"(传感器|探头|报警器|报警仪|联锁|检测报警|监控)[^。]{0,20}(关闭|关了|关掉|拔掉|包住|包裹|屏蔽|短接|旁路|拆除|断电|遮挡|堵住)|"
     r"(关闭|拔掉|包住|包裹|屏蔽|短接|拆除|遮挡)[^。]{0,12}(传感器|探头|报警器|报警仪|联锁|监控)", "关闭 破坏 安全设备 设施"),
    (r"飙车|竞速|赛车|互相追逐|追逐", "追逐竞驶"),
    (r"暗管|渗井|渗坑|私设[^。，；]{0,6}管|埋[^。，；]{0,8}管", "逃避监管 方式 排放"),
]]


@lru_cache(maxsize=64)
def canonical(facts: str) -> str:
    extra = [c for p, c in _CANON if p.search(facts)]
    return facts + ("\n" + " ".join(extra) if extra else "")


_ARTICLE_WORD = re.compile(r"^第|[条款项]$|^[零一二三四五六七八九十百千]+$")


class CircumstanceMatcher:
    def __init__(self, index: ReviewIndex):
        df: dict[str, int] = {}
        for e in index.entries:
            for r in e.thresholds:
                for t in tokens(f"{r.variant} {r.quote}"):
                    df[t] = df.get(t, 0) + 1
        # article numbers quoted in a rule (第一百四十二条) are no circumstance words
        self._rare = {t for t, n in df.items() if n <= 4 and len(t) >= 2 and not _ARTICLE_WORD.search(t)}

    def variant(self, variant: str, facts: str, quote: str = "", qualitative: bool = False) -> bool:
        if not variant or variant.startswith(GENERIC_VARIANT):
            return False
        if qualitative and "处罚" in variant and _REPEAT.search(variant):
            return self.condition(variant, facts)  # 二年内二次以上行政处罚又…: the prior penalties must be stated
        facts = affirmed(facts)
        head, _, tail = variant.partition("以外的")
        if tail and head in facts:
            return False  # "永久基本农田以外的耕地" does not apply when the facts say 永久基本农田
        for key, syn in _SYNONYMS.items():
            if key in variant and any(w in facts for w in syn):
                return True
        label = tail or variant
        if label in facts:
            return True
        fact_toks = tokens(canonical(facts))
        vt = tokens(label)
        hit = vt & fact_toks
        if vt and len(hit) >= min(2, len(vt)) and len(hit) * 2 >= len(vt):
            return True
        if qualitative:
            strong = (vt | tokens(quote)) & fact_toks & self._rare
            return len(strong) >= 1 and (len(hit) >= 1 or len(strong) >= 2)
        return False

    @staticmethod
    def core_conduct(variant: str, charge: str) -> bool:
        """A 行为犯 rule whose circumstance is the charge's own conduct (生产、销售假药 for 生产、销售、提供假药)."""
        vt = tokens(variant) | {t for t in re.split(r"[、，]", variant) if len(t) >= 2}
        ct = tokens(charge) | {t for t in re.split(r"[、，]", charge) if len(t) >= 2}
        return bool(vt) and vt <= ct

    @staticmethod
    def condition(condition: str, facts: str, case: Case | None = None) -> bool:
        """Is a rule's extra condition stated in the facts? Prior penalties are the common case; a condition with a
        number of its own (且虚开发票一百份以上) holds only when the case reaches that number too."""
        if not condition:
            return True
        if case is not None and "处罚" not in condition:
            numeric = _numeric_condition(condition, case)
            if numeric is not None:
                return numeric
        if "处罚" in condition and ("再次" in condition or "又" in condition):
            need = _PRIOR_COUNT.search(condition)
            return prior_penalties(facts) >= (_count(need.group(1)) if need else 1)
        if "两种以上" in condition:
            return bool(re.search(r"(两|二|[2-9]|多)种", facts))
        ct = tokens(condition)
        return bool(ct) and len(ct & tokens(affirmed(facts))) * 10 >= len(ct) * 6


def _numeric_condition(condition: str, case: Case) -> bool | None:
    """None when the condition states no number; else whether every number it states is reached by the case."""
    from assistant.intake.amounts import extract_amounts, extract_quantities

    amounts, _ = extract_amounts(condition)
    quantities = extract_quantities(condition)
    if not amounts and not quantities:
        return None
    for a in amounts:
        have = case.amount(a.metric)
        if have is None or have.value < a.value:
            return False
    for q in quantities:
        found = [c.value for c in case.quantities if c.unit == q.unit]
        if not found or max(found) < q.value:
            return False
    return True


# earlier penalties, stated in a sentence of their own as often as in "受过…处罚后又…"
_PRIOR_SENTENCE = re.compile(r"[^。；\n]*(?:曾|此前|之前|先前|先后|分别|前两次|前次|上一次|(?:两|二|三)次被|"
                             # 两次经口岸…均被海关…处罚, 两回都是没收货物、罚款, 两次查到过他…人也罚了款
                             r"(?:两|二|三|四|[2-9])(?:次|回)[^。；\n]{0,40}?(?:被|均|都|也))[^。；\n]*?"
                             r"(?:处罚|罚款|罚了款?|处以(?![^，。；]{0,10}?价))[^。；\n]*")
# 此前未因同类行为受过处罚 / 从未受过处罚 / 无违法记录: a denied earlier penalty
_NO_PRIOR = re.compile(r"(?:未|不曾|没有)(?:因[^，。；]{0,12}?)?(?:受过|受到|被)[^，。；]{0,8}?(?:处罚|罚款)|"
                       r"无[^，。；]{0,10}?(?:违法记录|处罚记录|违法前科|前科)")   # 因无证批发卷烟被罚款 is a penalty
_DECISION_NO = re.compile(r"〔\d{4}〕\s*\d+\s*号|\[\d{4}\]\s*\d+\s*号")


# 已在规定期限内足额补缴税款、缴纳滞纳金 / 已于…全部补缴: the payment a condition says was not made (刑法#201.4)
_PAID_BACK = re.compile(r"(?:已|均已|全部|足额|如数|按期|及时)[^。；，]{0,14}?补缴|补缴了|已缴清[^。；，]{0,6}税款")
_NOT_PAID = re.compile(r"逾期(?:仍)?未(?:补)?缴|拒不补缴|(?<!已)未补缴")
_LATE_OR_PART = re.compile(r"立案(?:侦查)?后[^。；]{0,20}$")


def condition_contradicted(condition: str, facts: str) -> bool:
    """Does the text state the very payment a standard's condition says was not made (经追缴通知后未补缴…)? Paying only
    after the police filed the case, or only in part, does not count (立案追诉标准（二）#52.2)."""
    if not re.search(r"未[^。；，]{0,8}补缴|不补缴", condition):
        return False
    text = affirmed(facts)
    if _NOT_PAID.search(text):
        return False
    return any(not _LATE_OR_PART.search(text[max(0, m.start() - 30):m.start()]) and not text.startswith("部分", m.end())
               for m in _PAID_BACK.finditer(text))


def prior_penalties(facts: str) -> int:
    """How many earlier administrative or criminal penalties the facts state (0 when none)."""
    best = 0
    m = _PRIOR_PENALTY.search(facts)
    if m and not _NO_PRIOR.search(m.group(0)):
        c = _PRIOR_COUNT.search(m.group(0))
        best = _count(c.group(1)) if c else 1
    for sent in _PRIOR_SENTENCE.finditer(facts):
        text = sent.group(0)
        if _NO_PRIOR.search(text):
            continue
        counts = [_count(c) for c in _PRIOR_COUNT.findall(text)]    # 查到过一次，又被查到一次，两回都…罚款: the largest
        n = max(max(counts, default=1), len(set(_DECISION_NO.findall(text))))
        best = max(best, n)
    return best


_CN = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _count(s: str) -> int:
    return int(s) if s.isdigit() else _CN.get(s, 0)
