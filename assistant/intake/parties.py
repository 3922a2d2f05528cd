"""Parties (当事人 / 犯罪嫌疑人 / 被不起诉人 / 被告人 and the unit's 负责人) and the evidence list of a case text."""
from __future__ import annotations

import re

from assistant.intake.case import Collector, DocType, EvidenceRecord, Party, PartyRole

_LABELS: dict[str, PartyRole] = {
    "被不起诉单位": "被不起诉人", "被不起诉人": "被不起诉人", "犯罪嫌疑单位": "犯罪嫌疑人", "犯罪嫌疑人": "犯罪嫌疑人",
    "被告单位": "被告人", "被告人": "被告人", "当事人名称": "当事人", "当事人姓名": "当事人", "当事人": "当事人",
    "被处罚单位": "当事人", "被处罚人": "当事人", "受处罚人": "当事人", "违法行为人": "当事人", "违法嫌疑人": "当事人",
    "法定代表人": "单位负责人", "单位负责人": "单位负责人", "诉讼代表人": "单位负责人", "主要负责人": "单位负责人",
    "负责人": "单位负责人", "经营者": "单位负责人",
}
_LABEL_RE = "|".join(sorted(_LABELS, key=len, reverse=True))
# A party line: the label at the start of a line or a sentence (the document header), then the name.
_PARTY_LINE = re.compile(
    rf"(?:^|(?<=[。\n]))[ \t]*(?P<label>{_LABEL_RE})[ \t]*[：:]?[ \t]*(?P<name>[^，,。；;：:\n（(、]{{1,40}})",
    re.MULTILINE,
)
# In narrative facts: 犯罪嫌疑人王某某 / 当事人李某 (a pseudonymised name) or a unit name.
_ORG_SUFFIX = (
    r"有限责任公司|股份有限公司|有限公司|分公司|公司|集团|厂|合作社|商行|经营部|门市部|超市|商店|药店|药房|诊所|酒店|饭店|"
    r"餐厅|养殖场|农场|林场|砂场|石场|采石场|加工厂|作坊|工作室|中心|医院|学校|商场|市场|店|站|场|部|社"
)
_NARRATIVE_PARTY = re.compile(
    rf"(?P<label>犯罪嫌疑人|被不起诉人|被告人|当事人)(?P<name>[\u4e00-\u9fa5]{{1,2}}某{{1,2}}|[A-Z]某?|"
    rf"[\u4e00-\u9fa5]{{2,24}}?(?:{_ORG_SUFFIX}))(?=[，,。；、（(\s]|于|在|因|系|自|将|的)"
)
_ORG_END = re.compile(rf"(?:{_ORG_SUFFIX})(?:[（(][^）)]*[）)])?$")
_NOT_NAME = re.compile(r"\d|[于在对因经的是了及和与将被向从以为犯罪]|行政|违法|涉嫌|认为|决定|情况|基本|如下|信息")
_ID_NUMBER = re.compile(r"(?:公民身份号码|身份证号码|身份证号|身份号码|证件号码)?[：:为\s]*(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_CREDIT_CODE = re.compile(r"统一社会信用代码[：:为\s]*([0-9A-Z]{18})")
_NEXT_LABEL = re.compile(rf"(?:^|\n)[ \t]*(?:{_LABEL_RE})", re.MULTILINE)


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", "", name).strip("“”\"'")


def _valid(name: str, is_unit: bool) -> bool:
    if not name or len(name) > 40:
        return False
    if is_unit:
        return not re.search(r"\d{3}|[。；]", name)
    return len(name) <= 8 and not _NOT_NAME.search(name)


def extract_parties(text: str) -> list[Party]:
    """Parties from the header lines of a document, else from narrative mentions (犯罪嫌疑人王某某 …)."""
    parties: list[Party] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, name: str, pos: int) -> None:
        role = _LABELS[label]
        name = _clean_name(name)
        is_unit = ("单位" in label and label != "单位负责人") or bool(_ORG_END.search(name))
        if not _valid(name, is_unit) or (name, role) in seen:
            return
        seen.add((name, role))
        # The ID / credit code belongs to this party if it comes before the next party label.
        nxt = _NEXT_LABEL.search(text, pos + 1)
        scope = text[pos:nxt.start() if nxt else min(len(text), pos + 300)][:300]
        id_match = (_CREDIT_CODE if is_unit else _ID_NUMBER).search(scope)
        parties.append(Party(name=name, kind="单位" if is_unit else "个人", role=role,
                             id_number=id_match.group(1).upper() if id_match else None))

    for m in _PARTY_LINE.finditer(text):
        add(m.group("label"), m.group("name"), m.start("name"))
    if not any(p.role != "单位负责人" for p in parties):
        for m in _NARRATIVE_PARTY.finditer(text):
            add(m.group("label"), m.group("name"), m.start("name"))
    return parties


# --- evidence ---------------------------------------------------------------------------------------------
_LIST_INTRO = re.compile(r"(?:下列|以下|如下)证据(?:材料)?(?:证明|证实|为证|予以证明|予以证实|佐证|在案)?[：:]|证据(?:材料)?(?:如下|有)[：:]"
                         r"|(?:^|[。\n（(]|事实的)\s*(?:主要|在案|相关|认定事实的)?证据(?:材料|清单|目录)?[：:]")
_LIST_END = re.compile(r"\n\s*\n|(?:本局|本院|本机关)认为|综上|上述证据|以上证据|依据|根据")
_INLINE = re.compile(
    r"(?:有|经)(?P<list>[^。：:]{4,300}?)等?(?:证据|在案证据)(?:材料)?(?:予以)?(?:证实|证明|佐证|为证|在案|可以证实|足以认定)"
    # 以上事实有A、B、C为证 — the list without the word 证据
    r"|(?:事实|上述|以上)[^。，,]{0,6}有(?P<bare>[^。：:]{4,300}?)等?(?:为证|予以证实|证明属实|在卷佐证|佐证)"
)
_ITEM_SPLIT = re.compile(r"[；;\n]|、|，|(?<=[录书单据告见言述辩])和(?!辩解)|(?<=[录书单据告见言述辩])及|\s+(?=\d+[.、．])")
_NUMBERING = re.compile(r"^\s*(?:\d+[.、．)）]|[（(]\d+[）)]|[①-⑳]|[一二三四五六七八九十]+、)\s*")
_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"讯问笔录|供述|辩解"), "犯罪嫌疑人供述和辩解"),
    (re.compile(r"询问笔录"), "询问笔录"),
    (re.compile(r"证人证言|证言"), "证人证言"),
    (re.compile(r"被害人陈述"), "被害人陈述"),
    (re.compile(r"陈述|申辩"), "当事人陈述"),
    (re.compile(r"鉴定|价格认定|鉴别"), "鉴定意见"),
    (re.compile(r"检验|检测|化验"), "检验报告"),
    (re.compile(r"勘验|勘查|检查笔录|现场笔录|检查记录"), "勘验检查笔录"),
    (re.compile(r"辨认笔录"), "辨认笔录"),
    (re.compile(r"照片|录像|视频|录音|监控|视听资料"), "视听资料"),
    (re.compile(r"电子数据|聊天记录|微信|QQ|网页|电子邮件|短信|交易记录|后台数据|电子"), "电子数据"),
    (re.compile(r"清单|营业执照|发票|合同|账簿|账册|单据|凭证|送货单|收据|证明|说明|决定书|通知书|许可证|登记|身份证|户籍|"
                r"记录|报表|流水|书证|文件|材料|协议|证书|明细|台账|报告|函|复函"), "书证"),
    (re.compile(r"物证|扣押的|查获的|实物|样品|假冒|工具|赃物"), "物证"),
]
_ADMIN = re.compile(r"行政|执法|市场监|市场监督|税务|海关|林业|农业|生态环境|应急|烟草|自然资源|卫生|文化|人社|人力资源|局")
_POLICE = re.compile(r"公安|侦查|派出所")


def _kind(item: str) -> str:
    return next((kind for pattern, kind in _KINDS if pattern.search(item)), "其他")


def _collector(item: str, doc_type: DocType) -> Collector | None:
    if _POLICE.search(item):
        return "侦查机关"
    if _ADMIN.search(item):
        return "行政机关"
    if doc_type == "行政处罚决定书":
        return "行政机关"
    if doc_type in ("不起诉决定书", "起诉意见书", "判决书"):
        return "侦查机关"
    return None


def _items(chunk: str) -> list[str]:
    out = []
    for raw in _ITEM_SPLIT.split(chunk):
        item = _NUMBERING.sub("", raw).strip(" \t，,。；;：:等")
        item = re.sub(r"^(?:有|及|和|以及)", "", item)
        if 2 <= len(item) <= 40 and item not in out:
            out.append(item)
    return out


def evidence_record(name: str, doc_type: DocType = "其他") -> EvidenceRecord:
    """An evidence item known only by its name: kind and collector read from the name."""
    name = name.strip() or "（未命名证据）"
    return EvidenceRecord(name=name, kind=_kind(name), collected_by=_collector(name, doc_type))


def party_from_name(name: str) -> Party:
    name = _clean_name(name) or "（未知）"
    return Party(name=name, kind="单位" if _ORG_END.search(name) else "个人")


def extract_evidence(text: str, doc_type: DocType) -> list[EvidenceRecord]:
    """The evidence a document lists (以上事实有下列证据证明：1.… / 有A、B、C等证据证实)."""
    items: list[str] = []
    for m in _LIST_INTRO.finditer(text):
        end = _LIST_END.search(text, m.end())
        chunk = text[m.end():end.start() if end else min(len(text), m.end() + 1500)]
        first = chunk.split("。", 1)[0]
        if "、" in first and "\n" not in first.strip():
            chunk = first  # an inline list (证据：A、B、C。) ends with its sentence
        items.extend(i for i in _items(chunk) if i not in items)
    for m in _INLINE.finditer(text):
        chunk = m.group("list") or m.group("bare")
        # keep only the part after the last clause word (上述事实，有A、B等证据证实)
        chunk = re.split(r"事实[，,]?|如下[：:]", chunk)[-1]
        items.extend(i for i in _items(chunk) if i not in items)
    return [evidence_record(i, doc_type) for i in items]
