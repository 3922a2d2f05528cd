"""Does a piece of evidence the case lists satisfy an evidence item the review index requires?

Documents name the same evidence in many ways: the index asks for 犯罪嫌疑人供述和辩解 and an agency's file holds
the 当事人询问笔录 (the administrative counterpart, still to be taken again by the investigators); the index asks for
进货渠道、进货价格的单据 and the file lists 购销合同及发票、出入库记录. So both sides are read into evidence families
(what the evidence is, not how it is worded); a shared family is a match. Expert opinions are the exception: a
鉴定意见 proves only what it was about, so two opinions match only when they share their object (物种, 价值, 含量…).
"""
from __future__ import annotations

import re

# family → (pattern on the required item, pattern on the case's evidence)
_FAMILIES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "供述": (re.compile(r"供述|辩解"),
           re.compile(r"供述|辩解|讯问笔录|陈述申辩|当事人陈述|(?:当事人|负责人|法定代表人|经营者|业主|犯罪嫌疑人|被不起诉人|被告人|"
                      r"本人|实际控制人|主管|股东|驾驶人|车主|船主|行为人)[^、，,]{0,8}(?:询问|调查)笔录|^(?:询问|调查)笔录$")),
    "证言": (re.compile(r"证言"),
           re.compile(r"证言|证人|(?:工人|员工|职工|工友|购买者|消费者|顾客|买家|村民|群众|举报人|养殖户|鱼贩|收购|患者|就诊|劳动者|"
                      r"家属|知情人|司机|店员|邻居)[^、，,]{0,8}(?:询问笔录|陈述|笔录)|^(?:询问|调查)笔录$")),
    "身份": (re.compile(r"身份|户籍"), re.compile(r"身份|户籍|人口信息|常住人口")),
    "单位登记": (re.compile(r"营业执照|单位登记|工商登记|章程|任职"),
             re.compile(r"营业执照|登记信息|工商登记|企业信用|统一社会信用代码|章程|任职")),
    # trade papers: where the goods came from (knowledge, cost) and where they went (amounts) prove different things
    "进货": (re.compile(r"进货|采购|购进|购货|供货|来源|收购记录"),
           re.compile(r"进货|采购|购进|购货|供货|来源|收购")),
    "销售": (re.compile(r"销售(?:记录|账|单|清单|台账|明细)|送货单|出库|订单|账册|账簿|账本|台账|营业额"),
           re.compile(r"销售|送货|出库|出入库|订单|账册|账簿|账本|台账|小票|营业额")),
    "资金": (re.compile(r"流水|转账|付款|收款|开户|资金|财产转移|账户|收费记录|工资(?:表|清单|发放)"),
           re.compile(r"流水|转账|付款|收款|开户|资金|账户|收费|工资|收据")),
    "合同": (re.compile(r"合同|协议"), re.compile(r"合同|协议")),
    "发票": (re.compile(r"发票(?!.{0,2}数据)|票据"), re.compile(r"发票|票据")),
    "聊天记录": (re.compile(r"聊天|微信|通讯|短信"), re.compile(r"聊天|微信|QQ|短信|通讯")),
    "网络平台": (re.compile(r"网店|后台|平台数据|网页|商品页面|网站"), re.compile(r"网店|后台|平台|网页|店铺|网站|截图")),
    "许可": (re.compile(r"许可|资格|执业|登记证|证书|无证证明"), re.compile(r"许可|资格|执业|登记证|证书|无证")),
    "在先处罚": (re.compile(r"行政处罚决定书|处罚记录|责令|前科"),
             re.compile(r"行政处罚决定书|处罚决定|责令|处罚记录|前科|受过.{0,6}处罚")),
    "现场检查": (re.compile(r"现场检查|勘验|勘查|检查笔录|现场笔录|扣押|查封"),
             re.compile(r"现场检查|勘验|勘查|检查笔录|现场笔录|扣押|查封|检查记录")),
    "视听资料": (re.compile(r"监控|录像|视频|照片|执法记录|录音"), re.compile(r"监控|录像|视频|照片|执法记录|录音")),
}
_OPINION = re.compile(r"鉴定|检验|检测|化验|认定|认证|评估|监测|核算|鉴别|测定")
_GENERIC = re.compile(r"鉴定|意见|报告|检验|检测|化验|认定|认证|评估|监测|核算|鉴别|测定|出具|机构|专业|相关|材料|证明|情况|结果|书面|"
                      r"[及和与或、的之等书（）()“”\s，,]")
# identity particulars a document records from the household register: the 主体 of a natural person is not in doubt
IDENTITY_STATED = re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:出?生|生人)|[男女][，,]\s*[汉回满藏壮苗彝]族|公民身份号码|身份证号|户籍(?:地|所在地)|住址[：:]"
                             r"|统一社会信用代码|法定代表人[：:]")


def families(text: str, required: bool) -> set[str]:
    side = 0 if required else 1
    return {name for name, pats in _FAMILIES.items() if pats[side].search(text)}


def _object_grams(text: str) -> set[str]:
    """What an opinion is about, as character pairs once the generic words are gone: 物种鉴定及价值认定意见 → 物种、价值."""
    runs = _GENERIC.split(text.replace("价格", "价值"))
    return {r[i:i + 2] for r in runs for i in range(len(r) - 1)}


def satisfies(required: str, listed: str) -> bool:
    """Does the listed evidence (as the document names it) provide the required evidence item?"""
    parts = [p for p in re.split(r"[、，,；;]|或者?|及", required) if p.strip()]
    for part in parts or [required]:
        if families(part, True) & families(listed, False):
            return True
        if _OPINION.search(part) and _OPINION.search(listed) and _object_grams(part) & _object_grams(listed):
            return True
    return False
