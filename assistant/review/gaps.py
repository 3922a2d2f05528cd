"""Evidence per element of the charge: what is required, what the case has, the gap and how to fill it.

Administrative evidence: 物证、书证、视听资料、电子数据 may be used directly in criminal proceedings
(刑事诉讼法#54.2); 询问笔录 and other testimony must be taken again by the investigators; 鉴定意见 and
检验报告 must come from a qualified body and state what the element needs.
"""
from __future__ import annotations

import re

from assistant.intake.case import Case, EvidenceRecord
from assistant.review_index import ChargeEntry, EvidenceItem

from .circumstances import tokens
from .evidence_match import IDENTITY_STATED, satisfies
from .model import EvidenceGap

CONVERSION_CN = {"direct": "可直接作为刑事证据使用", "recollect": "需由侦查机关重新收集", "appraisal": "需具备资质的鉴定/检验"}
BASIS = "刑事诉讼法#54.2"
IDENTITY_IN_DOCUMENT = "文书载明的身份信息（应附户籍证明）"
_SPECIFIC_KINDS = {"鉴定意见", "检验报告", "电子数据", "视听资料", "勘验检查笔录"}
_TESTIMONY = {"证人证言", "被害人陈述", "当事人陈述", "犯罪嫌疑人供述和辩解", "询问笔录"}
_SPLIT = re.compile(r"[、，,及和与或/（）()\s]+|等$")
# evidence the facts mention in the usual "有…等证据证实" phrasing
_MENTION = re.compile(r"(鉴定意见|检验报告|检测报告|鉴定报告|评估报告|价格认定|扣押清单|现场勘验|勘验笔录|检查笔录|询问笔录|"
                      r"讯问笔录|证人证言|供述|监控录像|视听资料|电子数据|聊天记录|销售记录|账册|账本|发票|合同|银行流水|"
                      r"转账记录|营业执照|身份证明|户籍证明|权利人|鉴别意见|商标注册证|现场照片|抽样|监测报告|检测数据|"
                      r"采伐许可|许可证|血液酒精|酒精含量检验|事故调查报告|工资清单|考勤|责令支付|指令书)")


def _terms(name: str) -> list[str]:
    return [t for t in _SPLIT.split(name) if len(t) >= 2]


def _similar(a: str, b: str) -> bool:
    """Same evidence under different wording: 机动车驾驶人信息查询结果 ≈ 机动车驾驶证信息、车辆登记信息查询结果."""
    ta, tb = tokens(a), tokens(b)
    common = ta & tb
    return len(common) >= 2 or (len(common) == 1 and min(len(ta), len(tb)) == 1)


def _present(item: EvidenceItem, records: list[EvidenceRecord], mentioned: set[str], facts: str) -> str | None:
    terms = _terms(item.name)
    for r in records:
        if any(t in r.name or r.name in t for t in terms) or _similar(item.name, r.name) or satisfies(item.name, r.name):
            return r.name
        if item.kind in _SPECIFIC_KINDS and r.kind == item.kind:
            return r.name
    for m in mentioned:
        if any(m in t or t in m for t in terms):
            return m
    if ("身份" in item.name or "户籍" in item.name) and IDENTITY_STATED.search(facts):
        return IDENTITY_IN_DOCUMENT
    return None


# the text lists its evidence: "上述事实有…等证据证实", "证据：…", "附件：…", "已收集证据：…", "卷内材料…"
_EVIDENCE_LIST = re.compile(r"证据[有：:如包]|证据材料|(现有|已有|卷内|在案|随案|移送)的?(材料|证据)|已(收集|调取|提取|固定)|"
                            r"(以上|上述)事实[^。]{0,12}(有|由)|认定[^。]{0,8}事实的证据|(证实|为证|在卷佐证)[。；，]|"
                            r"附件[：:]|附[：:]|卷内|已做|已制作|尚未(出具|鉴定|查明|取得|调取)|正在委托")


def evidence_known(case: Case) -> bool:
    """Does the case say what evidence there is? Without that, gaps cannot be told from silence; a document or
    object named in the narrative (发票, 合同, 许可证) is no list of the evidence gathered."""
    return bool(case.evidence) or bool(_EVIDENCE_LIST.search(case.facts or ""))


def evidence_table(entry: ChargeEntry, case: Case) -> list[EvidenceGap]:
    mentioned = set(_MENTION.findall(case.facts or ""))
    rows: list[EvidenceGap] = []
    for el in entry.elements:
        present: list[str] = []
        missing: list[EvidenceItem] = []
        recollect: list[str] = []
        for item in el.evidence:
            found = _present(item, case.evidence, mentioned, case.facts or "")
            if found:
                present.append(f"{item.name}（{found}）" if found != item.name else item.name)
                rec = next((r for r in case.evidence if r.name == found), None)
                if rec and rec.collected_by == "行政机关" and (rec.kind in _TESTIMONY or item.conversion == "recollect"):
                    recollect.append(item.name)
            else:
                missing.append(item)
        gap = ""
        fill = ""
        if not present:
            gap = "缺少证明该要件的证据"
            fill = "补充收集：" + "、".join(i.name for i in el.evidence)
        elif recollect:
            gap = "行政机关收集的言词证据不能直接使用：" + "、".join(recollect)
            fill = "由侦查机关依法重新询问/讯问并制作笔录"
        conv = "；".join(sorted({CONVERSION_CN[i.conversion] for i in (missing or el.evidence)}))
        if el.appraisal_note and any(i.conversion == "appraisal" for i in missing):
            fill = (fill + "；" if fill else "") + el.appraisal_note
        rows.append(EvidenceGap(
            element=el.element, requirement=el.requirement, required=[i.name for i in el.evidence],
            present=present, gap=gap, how_to_fill=fill, conversion=conv, provisions=[BASIS],
        ))
    return rows
