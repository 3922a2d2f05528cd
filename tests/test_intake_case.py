"""Whole documents → Case: an agency's 行政处罚决定书, a 不起诉决定书, a judgment, and facts written as news."""
from datetime import date
from decimal import Decimal

import pytest

from assistant.intake import case_from_text

ADMIN_DECISION = """上海市嘉定区市场监督管理局
行政处罚决定书
沪市监嘉处〔2024〕142024000123号

当事人：上海某某商贸有限公司
主体资格证照名称：营业执照
统一社会信用代码：91310114MA1GT12345
住所：上海市嘉定区某某路100号
法定代表人：张某某
身份证件号码：310114198503071234

    2024年3月5日，本局执法人员对当事人经营场所进行检查，现场查获标注“茅台”注册商标的白酒120瓶。经商标注册人贵州茅台酒股份有限公司鉴别，上述白酒均为假冒注册商标的商品。本局于2024年3月6日对当事人立案调查。
    经查，2024年1月至3月间，当事人从他人处以每瓶800元的价格购进假冒“茅台”白酒共计200瓶，以每瓶1,200元的价格对外销售80瓶，销售金额共计9.6万元，违法所得3.2万元；尚未销售的120瓶货值金额14.4万元。
    以上事实有下列证据证明：
    1.现场检查笔录及现场照片；
    2.扣押物品清单；
    3.商标注册人出具的鉴别证明；
    4.当事人法定代表人张某某的询问笔录；
    5.销售单据及微信聊天记录；
    6.营业执照复印件。
    本局认为，当事人的上述行为违反了《中华人民共和国商标法》第五十七条第（三）项的规定。依据《中华人民共和国商标法》第六十条第二款的规定，本局决定对当事人作出如下行政处罚：
    1.没收侵权白酒120瓶；
    2.没收违法所得人民币叁万贰仟元；
    3.罚款人民币伍拾万元。
    当事人如不服本处罚决定，可在收到本决定书之日起六十日内向上海市嘉定区人民政府申请行政复议。

上海市嘉定区市场监督管理局
2024年5月20日
"""

NON_PROSECUTION = """上海市嘉定区人民检察院
不起诉决定书
沪嘉检刑不诉〔2024〕Z45号

    被不起诉人王某某，男，1980年5月12日出生，公民身份号码310114198005121234，汉族，初中文化，个体经营者，户籍地上海市嘉定区某某镇。因涉嫌销售假冒注册商标的商品罪，于2024年4月2日被上海市公安局嘉定分局取保候审。
    本案由上海市公安局嘉定分局侦查终结，以被不起诉人王某某涉嫌销售假冒注册商标的商品罪，于2024年6月3日向本院移送审查起诉。
    经本院依法审查查明：
    2023年10月至2024年2月，被不起诉人王某某在其经营的嘉定区某某烟酒店内，销售假冒“五粮液”注册商标的白酒，销售金额共计人民币八万六千元，违法所得1.5万余元。2024年2月28日，上海市嘉定区市场监督管理局在检查中查获尚未销售的假冒白酒35瓶。2024年3月8日，该局将案件移送上海市公安局嘉定分局，公安机关于同年3月11日受理，3月15日立案侦查。
    上述事实，有扣押的假冒白酒、商标权利人出具的鉴定证明、证人证言、被不起诉人的供述和辩解等证据证实，足以认定。
    本院认为，被不起诉人王某某实施了《中华人民共和国刑法》第二百一十四条规定的行为，但犯罪情节轻微，具有坦白、自愿认罪认罚、退缴违法所得等情节，根据《中华人民共和国刑法》第三十七条的规定，不需要判处刑罚。依据《中华人民共和国刑事诉讼法》第一百七十七条第二款的规定，决定对王某某不起诉。
    被不起诉人如不服本决定，可以自收到本决定书后七日以内向本院申诉。

上海市嘉定区人民检察院
二〇二四年七月十日
"""

JUDGMENT = """浙江省义乌市人民法院
刑事判决书
（2024）浙0782刑初1234号

公诉机关浙江省义乌市人民检察院。
被告人李某，男，1976年8月3日出生于浙江省义乌市，汉族，小学文化，农民。因涉嫌滥伐林木罪，于2024年5月6日被义乌市公安局取保候审。
义乌市人民检察院以义检刑诉〔2024〕567号起诉书指控被告人李某犯滥伐林木罪，于2024年8月1日向本院提起公诉。
经审理查明：2023年11月至12月间，被告人李某在未取得林木采伐许可证的情况下，雇佣他人在义乌市某某镇某某村山林内采伐杉木、松木，经鉴定，滥伐林木蓄积25.2688立方米，其中幼树500株。案发后，义乌市自然资源和规划局于2024年3月20日对李某作出罚款人民币2万元的行政处罚，并将案件移送义乌市公安局。
上述事实，有林业调查报告、现场勘验笔录、证人证言、被告人供述等证据证实。
本院认为，被告人李某违反森林法的规定，滥伐林木，数量较大，其行为已构成滥伐林木罪。依照《中华人民共和国刑法》第三百四十五条第二款之规定，判决如下：
被告人李某犯滥伐林木罪，判处有期徒刑一年，缓刑一年，并处罚金人民币一万元。

二〇二四年九月十二日
"""


def amounts(case):
    return {(a.metric, a.value) for a in case.amounts}


def test_agency_penalty_decision():
    case = case_from_text(ADMIN_DECISION, id="admin-1")
    assert case.doc_type == "行政处罚决定书"
    assert case.agency == "上海市嘉定区市场监督管理局" and case.region == "上海市嘉定区"
    assert [(p.name, p.kind, p.role, p.id_number) for p in case.parties] == [
        ("上海某某商贸有限公司", "单位", "当事人", "91310114MA1GT12345"),
        ("张某某", "个人", "单位负责人", "310114198503071234"),
    ]
    assert {("销售金额", 96000), ("违法所得数额", 32000), ("货值金额", 144000), ("罚款", 500000)} <= amounts(case)
    assert ("销售金额", 1200) not in amounts(case)              # a unit price is not the sales amount
    assert case.amount("销售金额").is_total
    assert (case.conduct_start, case.conduct_end) == (date(2024, 1, 1), date(2024, 3, 31))
    assert any("精确到月" in w for w in case.warnings)
    [decision] = case.administrative_decisions
    assert decision.agency == case.agency and decision.number == "沪市监嘉处〔2024〕142024000123号"
    assert decision.date == date(2024, 5, 20)
    assert decision.fine_amount == 500000 and decision.confiscated_amount == 32000
    assert {"罚款", "没收违法所得", "没收非法财物"} == set(decision.penalty_kinds)
    kinds = {e.name: e.kind for e in case.evidence}
    assert kinds["现场检查笔录"] == "勘验检查笔录" and kinds["扣押物品清单"] == "书证"
    assert kinds["当事人法定代表人张某某的询问笔录"] == "询问笔录" and kinds["微信聊天记录"] == "电子数据"
    assert {e.collected_by for e in case.evidence} == {"行政机关"}
    assert case.procuratorate_decision is None and case.non_prosecution_type is None


def test_non_prosecution_decision():
    case = case_from_text(NON_PROSECUTION)
    assert case.doc_type == "不起诉决定书"
    assert case.procuratorate == "上海市嘉定区人民检察院" and case.region == "上海市嘉定区"
    assert case.procuratorate_decision == "不起诉"
    assert case.non_prosecution_type == "酌定不起诉" and case.decision_basis == ["刑事诉讼法#177.2"]
    assert case.decision_date == date(2024, 7, 10) and case.decision_number == "沪嘉检刑不诉〔2024〕Z45号"
    assert case.charge_hint == "销售假冒注册商标的商品"
    assert [(p.name, p.role, p.id_number) for p in case.parties] == [("王某某", "被不起诉人", "310114198005121234")]
    assert case.amount("销售金额").value == Decimal(86000)
    illegal_gain = case.amount("违法所得数额")
    assert illegal_gain.value == 15000 and illegal_gain.approximate and illegal_gain.qualifier == "至少"
    assert case.conduct_start == date(2023, 10, 1) and case.conduct_end == date(2024, 2, 29)
    assert case.transfer_date == date(2024, 3, 8)
    assert case.police_accept_date == date(2024, 3, 11) and case.police_file_date == date(2024, 3, 15)
    assert case.police_decline_date is None
    assert case.agency == "上海市嘉定区市场监督管理局"
    names = [e.name for e in case.evidence]
    assert names == ["扣押的假冒白酒", "商标权利人出具的鉴定证明", "证人证言", "被不起诉人的供述和辩解"]
    assert case.evidence[3].kind == "犯罪嫌疑人供述和辩解"


def test_judgment():
    case = case_from_text(JUDGMENT)
    assert case.doc_type == "判决书" and case.procuratorate_decision == "起诉"
    assert case.procuratorate == "浙江省义乌市人民检察院"
    assert [(p.name, p.role) for p in case.parties] == [("李某", "被告人")]
    assert case.charge_hint == "滥伐林木"
    q = {q.what: (q.value, q.unit) for q in case.quantities}
    assert q["立木蓄积"] == (Decimal("25.2688"), "立方米") and q["幼树株数"] == (500, "株")
    assert (case.conduct_start, case.conduct_end) == (date(2023, 11, 1), date(2023, 12, 31))
    assert ("罚金", 10000) in amounts(case) and ("罚款", 20000) in amounts(case)
    [decision] = case.administrative_decisions
    assert (decision.agency, decision.date, decision.fine_amount) == ("义乌市自然资源和规划局", date(2024, 3, 20), 20000)
    assert case.non_prosecution_type is None and case.decision_date is None


NP_TEMPLATE = """某市某区人民检察院
不起诉决定书
被不起诉人赵某，男，1990年1月1日出生。
经本院依法审查查明：2024年1月，赵某……。
{reason}依据《中华人民共和国刑事诉讼法》{cite}的规定，决定对赵某不起诉。
{date}
"""


@pytest.mark.parametrize("reason,cite,dated,kind,basis", [
    ("", "第一百七十七条第一款", "二〇二四年七月十日", "法定不起诉", ["刑事诉讼法#177.1"]),
    ("", "第一百七十七条第二款", "二〇二四年七月十日", "酌定不起诉", ["刑事诉讼法#177.2"]),
    ("", "第177条第2款", "2024年7月10日", "酌定不起诉", ["刑事诉讼法#177.2"]),
    ("本案经二次退回补充侦查，仍然证据不足，不符合起诉条件。", "第一百七十五条第四款", "二〇二四年七月十日", "存疑不起诉",
     ["刑事诉讼法#175.4"]),
    ("", "第十六条第（一）项和第一百七十七条第一款", "二〇二四年七月十日", "法定不起诉", ["刑事诉讼法#16", "刑事诉讼法#177.1"]),
    ("", "第一百七十三条第二款", "二〇一七年五月八日", "酌定不起诉", ["刑事诉讼法#177.2"]),   # 2012 numbering
])
def test_non_prosecution_basis(reason, cite, dated, kind, basis):
    case = case_from_text(NP_TEMPLATE.format(reason=reason, cite=cite, date=dated))
    assert case.non_prosecution_type == kind
    assert case.decision_basis == basis
    if "一百七十三" in cite:
        assert any("2012" in w for w in case.warnings)


def test_paragraph_one_and_two_are_not_confused_by_other_citations():
    # 刑法第三十七条 and 刑事诉讼法第一百七十七条第三款 (检察意见) stand next to the basis; only 第一款 decides the type.
    text = ("不起诉决定书\n本院认为，根据《中华人民共和国刑法》第三十七条，依据《中华人民共和国刑事诉讼法》第一百七十七条第一款的规定，"
            "决定对钱某不起诉。\n依据《中华人民共和国刑事诉讼法》第一百七十七条第三款，对被不起诉人需要给予行政处罚的，本院将提出检察意见。")
    case = case_from_text(text)
    assert case.non_prosecution_type == "法定不起诉"
    assert "刑事诉讼法#177.1" in case.decision_basis and "刑法#37" not in case.decision_basis


def test_news_style_drunk_driving_summary():
    text = ("近日，某县人民检察院对一起危险驾驶案依法作出不起诉决定。2024年5月1日晚，孙某酒后驾驶小型轿车行驶至某路口时被查获，"
            "经检验，其血液酒精含量为156mg/100ml。孙某以涉嫌危险驾驶罪被移送审查起诉。检察机关认为其犯罪情节轻微，"
            "依据刑事诉讼法第一百七十七条第二款作出不起诉决定，并向公安机关交通管理部门提出检察意见。")
    case = case_from_text(text)
    assert case.doc_type == "其他"
    assert case.procuratorate_decision == "不起诉" and case.non_prosecution_type == "酌定不起诉"
    [alcohol] = case.quantities
    assert (alcohol.what, alcohol.value, alcohol.unit) == ("血液酒精含量", 156, "mg/100ml")
    assert case.charge_hint == "危险驾驶"
    assert case.conduct_start == date(2024, 5, 1)


def test_forward_transfer_timeline_with_police_declining():
    text = ("2024年4月，某区应急管理局在检查中发现某某化工有限公司未经许可储存危险化学品。某区应急管理局于2024年5月10日将该案移送"
            "某区公安分局，公安分局于5月13日受理，6月2日决定不予立案。")
    case = case_from_text(text)
    assert case.agency == "某区应急管理局"
    assert case.transfer_date == date(2024, 5, 10)
    assert case.police_accept_date == date(2024, 5, 13)
    assert case.police_decline_date == date(2024, 6, 2) and case.police_file_date is None
    assert case.conduct_start == date(2024, 4, 1)


def test_empty_facts_warn_instead_of_guessing():
    case = case_from_text("当事人对上述事实无异议。")
    assert case.amounts == [] and case.doc_type == "其他"
    assert any("金额" in w for w in case.warnings) and any("时间" in w for w in case.warnings)


@pytest.mark.parametrize("text,kind", [
    ("××市公安局××分局行政处罚决定书（×公（治）行罚决字〔2025〕1123号）\n违法行为人：柯某，男，1990年生。", "行政处罚决定书"),
    ("XX市公安局交通警察支队\n公安交通管理简易程序处罚决定书\n被处罚人：冯某某。", "行政处罚决定书"),
    # a judgment that mentions an agency's 行政处罚决定书 near the top is still a judgment
    ("XX县人民法院\n刑事判决书\n被告人蒙某某，曾因非法采砂两次受到行政处罚决定书所列处罚。\n经审理查明：……", "判决书"),
    # a clue summary that quotes a decision is not the decision itself
    ("【线索】某区市场监督管理局2025年12月对邹某作出行政处罚决定书，罚款2万元。", "其他"),
    ("某县公安局\n起诉意见书\n犯罪嫌疑人俞某某，男。", "起诉意见书"),
])
def test_doc_type_from_the_title_line(text, kind):
    assert case_from_text(text).doc_type == kind


def test_party_labels_of_penalty_decisions():
    case = case_from_text("某县公安局\n行政处罚决定书\n违法行为人：唐某，男，1987年生。\n被处罚单位：某某建筑劳务有限公司。")
    assert [(p.name, p.kind, p.role) for p in case.parties] == [("唐某", "个人", "当事人"), ("某某建筑劳务有限公司", "单位", "当事人")]


def test_a_penalty_not_yet_imposed_is_not_a_prior_penalty():
    from assistant.intake import case_from_text

    case = case_from_text("经向交通警察大队核实，截至2026年5月20日尚未对王某某作出吊销机动车驾驶证的处理。")
    assert case.administrative_decisions == []


def test_reverse_flow_dates_accept_chinese_dates_in_json():
    from assistant.intake import case_from_dict

    case = case_from_dict({"id": "r", "facts": "", "opinion_date": "2026年3月5日", "agency_reply_date": "2026.4.1"})
    assert case.opinion_date.isoformat() == "2026-03-05" and case.agency_reply_date.isoformat() == "2026-04-01"


@pytest.mark.parametrize("text, decision", [
    ("XX县检察院不起诉决定：潘某于2025年1月未经许可采伐自己承包山场的马尾松，立木蓄积23立方米，决定不起诉。", "不起诉"),
    ("余某盗窃电动自行车1辆，系初犯、已退赃，检察院作相对不起诉。", "不起诉"),
    ("检察院经审查，决定对赵某不起诉。", "不起诉"),
    ("公安机关建议检察院对赵某作出处理，目前正在审查。", None),
])
def test_short_summaries_state_the_non_prosecution(text, decision):
    assert case_from_text(text).procuratorate_decision == decision


@pytest.mark.parametrize("text, agency, region", [
    # anonymised names keep their placeholder: the letter is addressed to “XX县市场监督管理局”, not to a bare “县…”
    ("XX县市场监督管理局于2024年5月对当事人罚款2万元。", "XX县市场监督管理局", "XX县"),
    ("经查，××市生态环境局对该公司作出罚款决定。", "××市生态环境局", "××市"),
    ("2024年3月X日，县林业局对王某作出行政处罚。", "县林业局", None),        # a date's placeholder is no part of the name
])
def test_placeholder_names_of_agencies_are_kept_whole(text, agency, region):
    case = case_from_text(text)
    assert case.agency == agency and case.region == region
