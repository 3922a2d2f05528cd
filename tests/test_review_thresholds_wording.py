"""Threshold review on how documents state numbers and circumstances: upper bounds (不足五万元), conditions with a
number of their own, circumstances the text denies (非禁渔区), and repeat-offence circumstances."""
import pytest

from assistant.intake import case_from_dict
from assistant.review import review_case
from assistant.review.circumstances import prior_penalties


def _review(facts, **kw):
    return review_case(case_from_dict({"id": "t", "facts": facts, **kw}))


def test_an_upper_bound_does_not_stand_in_for_the_stated_amount():
    r = _review("2025年6月，当事人以不合格电线冒充合格产品销售，销售金额4.3万元，尚不足五万元，暂不具备移送条件。")
    assert r.top.name == "生产、销售伪劣产品"
    assert r.threshold_status == "near"
    assert any(t.case_value == 43000 for t in r.thresholds)


def test_an_upper_bound_alone_is_near_with_a_note_to_verify():
    r = _review("2025年6月，当事人以不合格电线冒充合格产品销售，销售金额不足五万元。")
    near = [t for t in r.thresholds if t.status == "near"]
    assert r.threshold_status == "near" and near and "需查清准确数额" in near[0].note


def test_a_condition_with_its_own_number_must_be_reached():
    # 税收征管刑事解释#13.1: 票面金额五十万元; or 三十万元 且 一百份以上. 86 份 does not make the second reading.
    r = _review("2025年3月至8月，当事人在没有真实业务的情况下为他人虚开增值税普通发票86份，票面金额41.26万元。")
    assert r.top.name == "虚开发票"
    assert r.threshold_status == "near"
    r = _review("2025年3月至8月，当事人在没有真实业务的情况下为他人虚开增值税普通发票120份，票面金额41.26万元。")
    assert r.threshold_status == "met"


def test_a_denied_circumstance_does_not_count():
    r = _review("2025年8月，阳某在XX水库（非禁渔区，当时非禁渔期）使用密眼地笼网捕捞，渔获物236公斤，经价格认定价值8,800元。")
    assert r.top.name == "非法捕捞水产品"
    assert r.threshold_status == "near"
    assert not any(t.status == "met" and t.op == "present" for t in r.thresholds)


def test_a_repeat_offence_circumstance_needs_the_prior_penalties():
    once = "2025年11月至2026年2月，卢某未经审核同意，在商品林地上修建农家乐用房，毁坏商品林地8.5亩。林业局对卢某作出行政处罚。"
    r = _review(once)
    assert r.threshold_status == "near"
    twice = once + "卢某此前二年内曾因非法占用林地两次受过行政处罚后又占用林地。"
    assert _review(twice).threshold_status == "met"



@pytest.mark.parametrize("text, count", [
    ("经查询，邱某某此前曾两次因非法经营卷烟受到行政处罚：2022年11月，因无证批发卷烟被罚款。", 2),
    ("张某某于2024年6月17日曾因销售假冒洗衣液被该局处以没收侵权商品、罚款二万元。", 1),
    ("林某某携带化妆品不申报入境，分别被本关以走私行为处以没收走私物品并罚款的行政处罚"
     "（X关缉违字〔2024〕0152号、X关缉违字〔2024〕0469号）。", 2),
    ("王某因销售假冒商品受过行政处罚后又销售假冒商品。", 1),
    ("林业局对卢某作出行政处罚，责令恢复原状。", 0),   # the present penalty is not an earlier one
    ("当事人曾于2023年获评先进个人。", 0),
    ("当事人此前未因同类行为受过处罚。", 0),          # a denied earlier penalty
    ("冯某此前未受过同类处罚。", 0),
    ("经查询，当事人此前无商标侵权违法记录。2025年3月曾因销售过期食品被罚款。", 1),
    ("当事人先后从流动商贩处以每瓶600元的价格购进该酒51瓶。", 0),   # 处以…价格 is a price, not a penalty
    # counted in the sentence that tells the penalties, in the words of agencies and villagers
    ("旅客两次经口岸藏匿未申报手机入境，均被海关以走私行为作出没收、罚款处罚。其第三次入境被查获。", 2),
    ("系统查询：该旅客两次因同类行为被海关给予行政处罚。", 2),
    ("他去年被海关的人查到过一次，今年四月又被查到一次，两回都是没收货物、罚款。", 2),
    ("海关今年上半年两次在海上查到过他，东西没收了，人也罚了款。", 2),
    ("市场监管局两次检查，对其罚款5000元。", 0),      # two inspections and the present fine: no earlier penalty
])
def test_prior_penalties_stated_in_the_facts(text, count):
    assert prior_penalties(text) == count


def test_repeat_seller_reaches_the_lower_standard():
    facts = ("2025年10月8日至11月20日，张某某从流动供货人员处购进标有“清逸”注册商标的假冒洗发水在门店销售，销售金额34,500元。"
             "张某某于2024年6月17日曾因销售假冒“清逸”牌洗衣液被该局处以罚款二万元。")
    r = _review(facts)
    assert r.top.name == "销售假冒注册商标的商品" and r.threshold_status == "met"
    assert any(t.status == "met" and t.condition and t.value == 30000 for t in r.thresholds)


# 劣药 is a result crime (刑法#142, 药品安全刑事解释#5 → #2): selling expired medicine alone reaches no filing standard,
# also for the 药品使用单位 form of 刑法#142.2, whose rule carries the same condition.
_EXPIRED = "2025年7月，当事人药店销售超过有效期的“头孢克肟分散片”18盒，货值金额2,350元，属劣药。"


def test_bad_medicine_without_harm_is_not_a_met_standard():
    r = _review(_EXPIRED + "未发现因使用上述药品造成人身伤害的情况。")
    assert r.top.name == "生产、销售、提供劣药" and r.threshold_status != "met"
    r = _review(_EXPIRED + "现有证据未显示上述药品对人体健康造成严重危害。")
    assert r.threshold_status != "met"


def test_bad_medicine_with_a_minor_injury_is_met():
    r = _review(_EXPIRED + "患者王某使用后出现严重过敏反应，经鉴定损伤程度为轻伤二级。")
    assert r.top.name == "生产、销售、提供劣药" and r.threshold_status == "met"



@pytest.mark.parametrize("facts, charge", [
    ("2026年6月，有人在长江流域禁捕水域背着电瓶用两根杆子电鱼，电过的地方小鱼小虾全漂起来。", "非法捕捞水产品"),
    ("2025年3月起，老味道卤菜馆老板每次熬卤水都往料包里塞一把罂粟壳，对外销售卤菜。", "生产、销售有毒、有害食品"),
    ("2025年1月至5月，马某在养殖肉羊时在饲料中添加瘦肉精，将育肥后的肉羊32只出售给屠宰场。", "生产、销售有毒、有害食品"),
    ("2026年8月起，矿上掘进工作面的瓦斯传感器被人用湿毛巾包住，探头报不了警，工人照常下井作业。", "危险作业"),
])
def test_everyday_words_for_a_qualifying_circumstance(facts, charge):
    r = _review(facts)
    assert r.top.name == charge and r.threshold_status == "met"


def test_a_substance_not_found_is_no_circumstance():
    r = _review("2025年10月，消费者怀疑辣椒粉添加了苏丹红，市场监管局抽样送检，均未检出苏丹红，但标签未标注生产日期，"
                "当事人在辣椒粉中掺入工业色素的举报未获证实。")
    assert r.abstained or r.threshold_status != "met"


def test_pirated_books_counted_in_volumes_reach_the_copies_standard():
    # 翻印 is 复制发行; 册 are copies (份): 知识产权刑事解释#13.1 复制品数量合计五百张（份）以上
    r = _review("2025年6月至9月，打印店店主陈某未经著作权人许可，用店内设备翻印教辅《同步练习》后对外销售，"
                "执法人员查获库存1,320册，非法经营数额2.9万元。")
    assert r.top.name == "侵犯著作权" and r.threshold_status == "met"
    assert any(t.variant == "复制发行" and t.case_value == 1320 and t.status == "met" for t in r.thresholds)


def test_films_counted_in_parts_meet_the_standard_written_in_pieces_or_parts():
    # the source says 五百件（部）: a film site's 680部 is counted against it
    r = _review("2025年7月起，刘某未经著作权人许可，在其网站上通过信息网络向公众传播影视作品680部，靠广告分成获利2.2万元。")
    assert r.top.name == "侵犯著作权" and r.threshold_status == "met"


def test_a_quantity_told_as_an_upper_bound_is_near_not_met():
    # 接近三吨 against 三吨 of hazardous waste: under the standard and close to it, as 不足五万元 is for money
    r = _review("2025年9月，当事人将废机油倒入厂外渗坑，讨论：有意见认为，危险废物数量已接近三吨，建议通报公安机关。")
    assert r.top.name == "污染环境"
    assert any(t.unit == "吨" and t.status == "near" for t in r.thresholds)
    assert not any(t.unit == "吨" and t.status == "met" for t in r.thresholds)


def test_a_tax_figure_in_a_false_invoice_case_is_compared_with_a_note():
    # the intake reads 少缴税款 as evaded tax; in a 虚开 review it is compared as the invoices' tax, and says so
    r = _review("2025年3月，某公司老板为少交税，从中间人处购买增值税专用发票，实际没有进货，少缴税款23.4万元。")
    assert r.top.name == "虚开增值税专用发票、用于骗取出口退税、抵扣税款发票" and r.threshold_status == "met"
    assert any("需核实是否为虚开的税款" in t.note for t in r.thresholds if t.status == "met")


@pytest.mark.parametrize("after, status", [
    ("当事人已在规定期限内足额补缴税款、缴纳滞纳金，五年内未因逃避缴纳税款受过处罚。本局对其处罚款。", "not_met"),   # 刑法#201.4
    ("当事人逾期未补缴，本局对其处罚款。", "met"),
    ("当事人逾期未缴，公安机关立案后公司已补缴部分税款。", "met"),      # paying after filing, or in part, is no exemption
])
def test_tax_paid_back_after_the_notice_is_no_crime(after, status):
    r = _review("2025年，某公司采取隐匿收入手段虚假申报，逃避缴纳税款52万元，占应纳税额42%。税务局依法下达追缴通知。" + after)
    assert r.top.name == "逃税" and r.threshold_status == status
    if status == "not_met":
        assert any("刑法#201.4" in t.note for t in r.thresholds)


def test_a_special_case_standard_does_not_apply_to_the_charge_at_large():
    # 走私非法经营兴奋剂刑事解释#1.2 (一万元) is for doping substances; the general 偷逃税额 standard is not in the corpus
    r = _review("2025年3月，某贸易公司以低报价格方式进口冻牛肉7票，经海关计核偷逃应缴税额47.3万元，海关对其罚款后结案。")
    assert r.top.name == "走私普通货物、物品" and r.threshold_status == "unknown"
    assert not any(t.status == "met" and "兴奋剂" in t.variant for t in r.thresholds)
