"""Document-level facts: the kind of document, the procuratorate's decision and its legal basis, 文号,
the agency, the procuratorate, the region, the charge named, and the penalties an agency imposed.

The 不起诉 basis is read with a small anchored citation regex for the few 刑事诉讼法 articles that matter here
(第一百七十七条第一款/第二款, 第一百七十五条第四款, 第二百八十二条, 第一百八十二条); the general citation parser lives
in index/citations.py.
"""
from __future__ import annotations

import re
from datetime import date


from assistant.intake.case import DocType, NonProsecutionType, ProcuratorateDecision
from assistant.intake.dates import small_int

_TITLE_ZONE = 300
_TITLES: list[tuple[str, DocType]] = [
    ("不起诉决定书", "不起诉决定书"),
    ("处罚决定书", "行政处罚决定书"),      # also 公安交通管理简易程序处罚决定书
    ("起诉意见书", "起诉意见书"),
    ("判决书", "判决书"),
]
_BODY_MARKERS: list[tuple[re.Pattern[str], DocType]] = [
    (re.compile(r"经审理查明|判决如下"), "判决书"),
    (re.compile(r"本院认为[^。]{0,300}?决定对[^。]{0,40}?不起诉|决定对[^。]{0,40}?(?:不起诉|作出不起诉决定)"), "不起诉决定书"),
    (re.compile(r"(?:现将此案|特将本案|现将本案)移送审查起诉|特提出起诉意见"), "起诉意见书"),
    (re.compile(r"(?:本局|本机关|本委|本厅)决定[^。]{0,40}?(?:处罚|罚款)|作出如下(?:行政)?处罚|决定(?:给予|对当事人)[^。]{0,30}?(?:行政处罚|罚款)"),
     "行政处罚决定书"),
]


# A title line: short, no sentence punctuation, ending with the document's name (the issuer and a 文号 may share it:
# ××市公安局××分局行政处罚决定书（×公（治）行罚决字〔2025〕1123号）).
_TITLE_LINE = re.compile(
    r"^[^。；，,：:]{0,40}?(不起诉决定书|处罚决定书|起诉意见书|判决书)(?:\s*[（(][^）)]*(?:[（(][^）)]*[）)])?[^）)]*[）)])?\s*$"
)


def detect_doc_type(text: str) -> DocType:
    """行政处罚决定书 / 不起诉决定书 / 起诉意见书 / 判决书 from the title line, else from typical wording, else 其他."""
    for line in text[:_TITLE_ZONE].splitlines()[:8]:
        m = _TITLE_LINE.match(line.strip())
        if m:
            return next(kind for title, kind in _TITLES if title == m.group(1))
    for pattern, kind in _BODY_MARKERS:
        if pattern.search(text):
            return kind
    return "其他"


# --- 刑事诉讼法 citations -------------------------------------------------------------------------------
_CN_NUM = r"[零〇一二两三四五六七八九十百千\d]+"
_LAW = re.compile(r"《[^》]{2,40}》|(?:中华人民共和国)?(?:刑事诉讼法|刑法|行政处罚法|治安管理处罚法)|本法")
_ARTICLE = re.compile(rf"第(?P<a>{_CN_NUM})条(?:之(?P<z>[一二三四五六七八九十]+))?(?:第(?P<k>{_CN_NUM})款)?")
_SENTENCE_END = re.compile(r"[。；;\n]")
_CPL_2018 = date(2018, 10, 26)

# (article, paragraph) of the 2018 text → type; paragraph None: any paragraph of the article.
_NP_TYPES: dict[tuple[int, int | None], NonProsecutionType] = {
    (177, 1): "法定不起诉", (177, 2): "酌定不起诉", (175, 4): "存疑不起诉", (282, None): "附条件不起诉",
    (182, None): "特殊不起诉",
}
# The 2012 text numbered these articles 173 / 171 / 271; the corpus holds only the 2018 text, so a decision made
# before 2018-10-26 that cites the old number is mapped to the current article with a warning.
_CPL_2012_TO_2018 = {(173, 1): (177, 1), (173, 2): (177, 2), (171, 4): (175, 4), (271, None): (282, None)}
_WORDING: list[tuple[re.Pattern[str], NonProsecutionType]] = [
    (re.compile(r"附条件不起诉"), "附条件不起诉"),
    (re.compile(r"证据不足|不符合起诉条件"), "存疑不起诉"),
    (re.compile(r"犯罪情节轻微|不需要判处刑罚|免除刑罚"), "酌定不起诉"),
    (re.compile(r"没有犯罪事实|不构成犯罪|第十六条规定的情形"), "法定不起诉"),
]



def cpl_citations(text: str) -> list[tuple[int, int | None, int]]:
    """(article, paragraph, offset) of every article cited under 刑事诉讼法 (the nearest law name before it, same sentence)."""
    out = []
    for m in _ARTICLE.finditer(text):
        if m.group("z"):
            continue
        brk = None
        for brk in _SENTENCE_END.finditer(text, max(m.start() - 200, 0), m.start()):
            pass
        lo = brk.end() if brk else max(m.start() - 200, 0)
        law = None
        for law in _LAW.finditer(text, lo, m.start()):
            pass
        if law is None or "刑事诉讼法" not in law.group(0):
            continue
        article = small_int(m.group("a"))
        paragraph = small_int(m.group("k")) if m.group("k") else None
        if article:
            out.append((article, paragraph, m.start()))
    return out


def non_prosecution_basis(text: str, decision_date: date | None = None
                          ) -> tuple[NonProsecutionType | None, list[str], list[str]]:
    """The 不起诉 type, the 刑事诉讼法 provision IDs cited in the 不起诉 sentences, and warnings."""
    warnings: list[str] = []
    basis: list[str] = []
    found: NonProsecutionType | None = None
    for article, paragraph, pos in cpl_citations(text):
        s0 = max(text.rfind(c, 0, pos) for c in "。\n") + 1
        end = _SENTENCE_END.search(text, pos)
        sentence = text[s0:end.start() if end else len(text)]
        if "不起诉" not in sentence:
            continue
        old = _CPL_2012_TO_2018.get((article, paragraph)) or _CPL_2012_TO_2018.get((article, None))
        if old:
            cited = f"第{article}条" + (f"第{paragraph}款" if paragraph else "")
            if decision_date is None or decision_date >= _CPL_2018:
                warnings.append(f"不起诉依据引用刑事诉讼法{cited}，与2018年修正后的条文序号不符，请核对文书")
                continue
            warnings.append(f"文书引用2012年刑事诉讼法{cited}，对应2018年修正后的第{old[0]}条"
                            + (f"第{old[1]}款" if old[1] else "") + "（语料库仅收录2018年文本）")
            article, paragraph = old[0], old[1] or paragraph
        pid = f"刑事诉讼法#{article}" + (f".{paragraph}" if paragraph else "")
        if pid not in basis:
            basis.append(pid)
        kind = _NP_TYPES.get((article, paragraph)) or _NP_TYPES.get((article, None))
        if kind and found is None:
            found = kind
        elif kind is None and article == 177 and paragraph is None and found is None:
            warnings.append("不起诉依据只写明刑事诉讼法第一百七十七条，未写明第几款，不起诉类型按文书表述判断")
    if found is None and re.search(r"不起诉", text):
        for pattern, kind in _WORDING:
            if pattern.search(text):
                found = kind
                if basis or "不起诉决定书" in text[:_TITLE_ZONE]:
                    warnings.append(f"未能从法律依据确定不起诉类型，按文书表述推定为{kind}，请核对")
                break
    return found, basis, warnings


_NP_DECISION = re.compile(r"决定对[^。；]{0,40}?不起诉|作出[^。；]{0,20}?不起诉(?:的)?决定|不起诉决定书|"
                          r"决定(?:予以)?(?:相对|酌定|绝对|法定|存疑)?不起诉|不起诉决定[：:（(]|(?:作|作出|予以)(?:相对|酌定|法定|存疑)不起诉")
_PROSECUTED = re.compile(r"起诉书指控|提起公诉|决定起诉|依法起诉")


def procuratorate_decision(text: str, doc_type: DocType) -> ProcuratorateDecision | None:
    if "附条件不起诉" in text and (doc_type == "不起诉决定书" or _NP_DECISION.search(text) or "决定附条件不起诉" in text):
        return "附条件不起诉"
    if doc_type == "不起诉决定书" or _NP_DECISION.search(text):
        return "不起诉"
    if doc_type == "判决书" or _PROSECUTED.search(text):
        return "起诉"
    return None


# --- 文号 ------------------------------------------------------------------------------------------------
_DOC_NO = re.compile(
    r"(?P<p>[\u4e00-\u9fa5A-Za-z]{1,20})[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*[\u4e00-\u9fa5A-Za-z]{0,8}?第?\s*\d+\s*号"
)
_DOC_NO_PREFIX_CUT = re.compile(r".*(?:作出|出具|制作|下达|送达|签发|印发|决定书|依据|根据|按照|文号|编号|字号|以|的|于|并|将|经|[：:])")


def document_numbers(text: str) -> list[str]:
    """文号 in text order: 沪市监嘉处〔2024〕123号, 嘉检刑不诉〔2024〕Z12号 …"""
    out = []
    for m in _DOC_NO.finditer(text):
        number = m.group(0)
        cut = _DOC_NO_PREFIX_CUT.match(m.group("p"))
        if cut:
            number = number[cut.end():]
        if number and number[0] not in "〔[［(（" and number not in out:
            out.append(number)
    return out


def procuratorate_number(numbers: list[str]) -> str | None:
    return next((n for n in numbers if "检" in n and ("诉" in n or "不" in n)), None)


def agency_numbers(numbers: list[str]) -> list[str]:
    return [n for n in numbers if "检" not in n and "刑" not in n and re.search(r"罚|处|案|决", n)]


# --- agency, procuratorate, region -----------------------------------------------------------------------
_AGENCY_CORE = (
    r"市场监督管理局|市场监管局|工商行政管理局|质量技术监督局|食品药品监督管理局|药品监督管理局|生态环境局|环境保护局|"
    r"应急管理局|安全生产监督管理局|税务局|烟草专卖局|林业和草原局|林业局|农业农村局|畜牧兽医局|海洋与渔业局|渔业局|"
    r"自然资源和规划局|规划和自然资源局|自然资源局|国土资源局|水利局|水务局|交通运输局|文化和旅游局|文化广电旅游局|"
    r"文化市场综合行政执法(?:总队|支队|大队)|综合行政执法局|城市管理行政执法局|城市管理局|人力资源和社会保障局|"
    r"人力资源社会保障局|卫生健康委员会|卫生和计划生育委员会|卫生健康局|医疗保障局|商务局|住房和城乡建设局|知识产权局|"
    r"版权局|消防救援(?:支队|大队)|公安局交通警察(?:支队|大队)|公安局交通管理局|海关"
)
_PREFIX_WINDOW = 20
_PREFIX_CUT = re.compile(
    r".*(?:[，。；：:、（）()“”《》\s\d]|当事人|接受|经|由|向|被|将|对|与|及|的|了|在|于|是|系|据|为|并|后|会同|联合|移送|报|公诉机关)"
)
# names in drafts and anonymised documents hold placeholders (XX县市场监督管理局, ××市人民检察院): part of the name
_NAME_CH = r"[\u4e00-\u9fa5XＸ×*＊○]"
_AGENCY = re.compile(rf"{_NAME_CH}{{0,{_PREFIX_WINDOW}}}?(?:{_AGENCY_CORE})")
_PROCURATORATE = re.compile(rf"{_NAME_CH}{{0,{_PREFIX_WINDOW}}}?人民检察院")
_HEADER_AGENCY = re.compile(r"^[\u4e00-\u9fa5XＸ×*＊○（）()]{2,40}(?:局|委员会|支队|大队|总队|海关|厅)$")
_REGION = re.compile(rf"^(?:{_NAME_CH}{{1,8}}?(?:省|自治区|特别行政区|市|自治州|州|盟|地区|自治县|县|新区|区|旗))+")


def _named(pattern: re.Pattern[str], text: str, start: int = 0) -> str | None:
    for m in pattern.finditer(text, start):
        name = m.group(0)
        cut = _PREFIX_CUT.match(name)
        if cut:
            name = name[cut.end():]
        if name:
            return name
    return None


def agency_in(text: str) -> str | None:
    """The first administrative agency named in a passage."""
    return _named(_AGENCY, text)


def find_agency(text: str, doc_type: DocType) -> str | None:
    """The administrative agency: the issuing header of a 行政处罚决定书, else the first agency named."""
    if doc_type == "行政处罚决定书":
        for line in text[:_TITLE_ZONE].splitlines()[:6]:
            line = line.strip()
            if _HEADER_AGENCY.match(line):
                return line
    return _named(_AGENCY, text)


def find_procuratorate(text: str) -> str | None:
    for line in text[:_TITLE_ZONE].splitlines()[:4]:
        line = line.strip().removeprefix("公诉机关")
        if line.endswith("人民检察院") and len(line) <= 30:
            return line
    name = _named(_PROCURATORATE, text)
    return name if name and name != "人民检察院" else None


def region_of(name: str | None) -> str | None:
    """上海市嘉定区人民检察院 → 上海市嘉定区; 国家税务总局某市税务局 → 某市."""
    if not name:
        return None
    name = name.removeprefix("国家税务总局")
    m = _REGION.match(name)
    return m.group(0) if m else None


# --- charge named, penalties ------------------------------------------------------------------------------
# a charge is named where 罪 (not 犯罪嫌疑人) follows a naming verb: 涉嫌X罪, 以X罪, 犯X罪, 构成X罪, 认定为X罪
# 入罪/定罪/本罪 are words about charges, not the end of one (以违法所得数额较大为入罪条件)
_CHARGE_END = re.compile(r"(?<![入出定获无有本此该各认悔服])罪(?!嫌|犯|行|名|责|证|过|错|恶|与|的)|(?<=[^犯罪])一案|(?<=[^犯罪一])案(?![件情发由卷底例值子])")   # 涉嫌…一案
_CHARGE_VERB = re.compile(r"(?:涉嫌|触犯|涉及|(?<![侵违触冒进初再累主从共首惯要正案嫌罪囚逃])犯有?|(?<![所可予足难加用得借])以|构成|认定为?|判处|定性为|成立)")
_CHARGE_BREAK = re.compile(r"[，。；;：:\s“”《》（）()]")
_NOT_CHARGE = re.compile(r"犯罪(?!活动|所得)|犯$|(?<!犯)罪|^的|涉嫌|构成|^刑事|嫌疑|^上述|^该|^其|^本|^何|^此|^数|^一|、$|^、|(?:、[^、]*){3,}|^[^、]*[证书录单见]、")
NEGATED_NAME = re.compile(r"(?:不|未|不再|不能|不应|不宜|难以|尚不|不足以|并不|是否)(?:构成|认定为?|以|涉嫌|涉及|成立)$")
# a name in a supposition (如果…则可能构成X罪, 还可能涉及X罪) is a comparison the writer draws, neither found nor denied
_SUPPOSED_NAME = re.compile(r"(?:如果|假如|倘若|若|否则|则可能|还可能|也可能|或可能|才可能|才会|是否)[^，。；]{0,12}$")


def charges_named(text: str) -> list[str]:
    """Every charge the text names as its own characterisation, in order (涉嫌销售假冒注册商标的商品罪 → 销售假冒注册商标的商品);
    a name denied in the text (不构成X罪) is left out."""
    return _charge_names(text)[0]


def charges_denied(text: str) -> list[str]:
    """The charges the text denies by name (不构成盗伐林木罪, 依法不构成危险驾驶罪), in order."""
    return _charge_names(text)[1]


def _charge_names(text: str) -> tuple[list[str], list[str]]:
    out: list[str] = []
    denied: list[str] = []
    for end in _CHARGE_END.finditer(text):
        window = max(0, end.start() - 32)
        breaks = [b.end() for b in _CHARGE_BREAK.finditer(text, window, end.start())]
        head_start = breaks[-1] if breaks else window
        span = text[head_start:end.start()]
        for v in _CHARGE_VERB.finditer(span):  # the earliest verb that leaves a well-formed name: 以上行为涉嫌X罪 → X
            name = span[v.end():].removeprefix("犯")
            if 2 <= len(name) <= 30 and not _NOT_CHARGE.search(name):
                if _SUPPOSED_NAME.search(text[max(0, head_start + v.start() - 16):head_start + v.start()]):
                    break
                bucket = denied if NEGATED_NAME.search(text[max(0, head_start + v.start() - 4):head_start + v.end()]) else out
                if name not in bucket:
                    bucket.append(name)
                break
    return out, denied


def charge_hint(text: str) -> str | None:
    """The first charge named in the text."""
    names = charges_named(text)
    return names[0] if names else None


_PENALTIES: list[tuple[re.Pattern[str], str | None]] = [
    (re.compile(r"警告"), "警告"),
    (re.compile(r"通报批评"), "通报批评"),
    (re.compile(r"没收违法所得"), "没收违法所得"),
    (re.compile(r"没收(?!违法所得)[^，。；]{0,16}?(?:商品|产品|物品|工具|标识|卷烟|白酒|药品|食品|财物|设备|渔具|猎具|木材|矿产品)"),
     "没收非法财物"),
    (re.compile(r"罚款"), "罚款"),
    (re.compile(r"暂扣[^，。；]{0,10}?(?:许可证件?|执照|驾驶证)"), None),
    (re.compile(r"降低资质等级"), "降低资质等级"),
    (re.compile(r"吊销[^，。；、]{0,10}?(?:许可证件?|营业执照|执照|驾驶证|资质证书|资格证书)"), None),
    (re.compile(r"责令停产停业"), "责令停产停业"),
    (re.compile(r"责令关闭"), "责令关闭"),
    (re.compile(r"限制从业"), "限制从业"),
    (re.compile(r"行政拘留"), "行政拘留"),
]


def penalty_kinds(text: str) -> list[str]:
    """Penalty kinds named in a decision passage, in a stable order; 吊销/暂扣 keep the licence named."""
    out: list[str] = []
    for pattern, label in _PENALTIES:
        m = pattern.search(text)
        if m:
            kind = label or re.sub(r"[^\u4e00-\u9fa5]", "", m.group(0))
            if kind not in out:
                out.append(kind)
    return out
