"""The review engine on constructed cases: thresholds by conduct date, ≥80%, direction, limitation, abstention."""
from datetime import date

import pytest

from assistant.intake import case_from_text
from assistant.intake.case import AdministrativeDecision, Amount, Case, Party
from assistant.review import review_case
from index.provisions import load_store

SELL = "当事人明知是假冒注册商标的商品仍予以销售，销售假冒“茅台”注册商标的白酒。"


def _case(cid, facts=SELL, **kw):
    return Case(id=cid, facts=facts, **kw)


def _illegal_gain(v):
    return [Amount(metric="违法所得数额", value=v, raw=f"{v}元")]


def test_threshold_met_after_2025_interpretation():
    r = review_case(_case("a", amounts=_illegal_gain(35000), conduct_end=date(2025, 8, 1)))
    assert r.top.name == "销售假冒注册商标的商品" and r.top.article == "刑法#214"
    assert r.threshold_status == "met"
    met = [t for t in r.thresholds if t.status == "met"]
    assert met and met[0].source.startswith("知识产权刑事解释#") and met[0].value == 30000


def test_eighty_percent_is_early_intervention():
    r = review_case(_case("b", amounts=_illegal_gain(25000), conduct_end=date(2025, 8, 1)))
    assert r.threshold_status == "near"
    near = next(t for t in r.thresholds if t.status == "near")
    assert near.early_intervention_value == pytest.approx(24000)


def test_below_eighty_percent_is_not_met():
    assert review_case(_case("c", amounts=_illegal_gain(10000), conduct_end=date(2025, 8, 1))).threshold_status == "not_met"


def test_missing_amount_is_unknown_and_says_what_is_missing():
    r = review_case(_case("d", conduct_end=date(2025, 8, 1)))
    assert r.threshold_status == "unknown"
    assert any("违法所得" in (t.missing or "") for t in r.thresholds)


def test_conduct_before_2025_uses_the_older_sales_amount_rule():
    old = review_case(_case("e", amounts=[Amount(metric="销售金额", value=60000, raw="6万元")],
                            conduct_end=date(2024, 6, 1)))
    assert old.threshold_status == "met"
    assert any(t.status == "met" and "2004" in t.source for t in old.thresholds)
    new = review_case(_case("f", amounts=[Amount(metric="销售金额", value=40000, raw="4万元")],
                            conduct_end=date(2025, 6, 1)))
    assert all("2004" not in t.source for t in new.thresholds)


def test_forward_when_met_but_kept_administrative():
    case = _case("g", amounts=_illegal_gain(50000), conduct_end=date(2025, 8, 1), doc_type="行政处罚决定书",
                 administrative_decisions=[AdministrativeDecision(agency="某区市场监督管理局", penalty_kinds=["罚款"],
                                                                  fine_amount=100000)])
    r = review_case(case)
    assert r.direction.kind == "forward"
    assert r.direction.agency == "市场监督管理部门"
    assert any("以罚代刑" in x for x in r.direction.reasons)


@pytest.mark.parametrize("news", ["目前，邹某已被公安机关刑事拘留。", "该店负责人已被警方控制。", "王某已被批准逮捕。"])
def test_no_forward_clue_when_the_facts_say_the_case_is_already_criminal(news):
    facts = SELL + "经查，违法所得5万元，区市场监管局曾对其罚款。" + news
    r = review_case(_case("h", facts=facts, amounts=_illegal_gain(50000), conduct_end=date(2025, 8, 1)))
    assert r.threshold_status == "met" and r.direction.kind == "none"
    kept = review_case(_case("i", facts=SELL + "经查，违法所得5万元，区市场监管局对其罚款后结案。",
                             amounts=_illegal_gain(50000), conduct_end=date(2025, 8, 1)))
    assert kept.direction.kind == "forward"


def test_reverse_after_non_prosecution_with_limitation():
    case = _case("h", amounts=_illegal_gain(35000), conduct_end=date(2023, 1, 10), doc_type="不起诉决定书",
                 procuratorate_decision="不起诉", non_prosecution_type="酌定不起诉", decision_date=date(2025, 9, 1))
    r = review_case(case, today=date(2025, 10, 1))
    assert r.direction.kind == "reverse" and r.direction.agency == "市场监督管理部门"
    assert "刑事诉讼法#177.3" in r.direction.provisions
    assert r.direction.limitation.status == "expired"
    assert r.direction.penalty_provisions


def test_greeting_abstains():
    r = review_case(_case("i", facts="你好，今天天气不错。"))
    assert r.abstained and r.charges == [] and r.abstain_reason


def test_unit_subject_detected():
    r = review_case(_case("j", amounts=_illegal_gain(35000), conduct_end=date(2025, 8, 1),
                          parties=[Party(name="某某商贸有限公司", kind="单位")]))
    assert r.subject == "单位"


def test_every_citation_resolves():
    store = load_store()
    case = _case("k", amounts=_illegal_gain(35000), conduct_end=date(2023, 1, 10), doc_type="不起诉决定书",
                 procuratorate_decision="不起诉", decision_date=date(2025, 9, 1))
    r = review_case(case, today=date(2025, 10, 1))
    assert r.citations and all(store.get(pid) is not None for pid in r.citations)


def test_sold_times_three_plus_unsold_value_reaches_the_standard():
    # 立案追诉标准（一）第十六条第（三）项: 2.6万×3 + 8.4万 = 16.2万 ≥ 15万, though each part alone falls short
    store = load_store()
    case = Case(id="m", facts="当事人以翻新刹车片冒充原厂新件销售，以次充好。", conduct_end=date(2025, 12, 1),
                amounts=[Amount(metric="销售金额", value=26000, raw="2.6万元"),
                         Amount(metric="货值金额", value=84000, raw="8.4万元")])
    r = review_case(case)
    assert r.top.name == "生产、销售伪劣产品" and r.threshold_status == "met"
    combined = next(t for t in r.thresholds if t.variant == "已销售与尚未销售合计")
    assert combined.case_value == 162000 and combined.status == "met"
    assert combined.quote in store.get(combined.source).text and "乘以三倍" in combined.quote
    assert all("烟草" not in t.variant for t in r.thresholds)


def test_a_met_threshold_in_a_citizen_report_is_no_forward_transfer_clue():
    # forward supervision is about an agency that kept a criminal case administrative; a bare report is a clue to pass on
    report = "群众来电反映：" + SELL + "违法所得约5万元，希望有关部门查处。"
    r = review_case(_case("j", facts=report, amounts=_illegal_gain(50000), conduct_end=date(2025, 8, 1)))
    assert r.threshold_status == "met" and r.direction.kind == "none"
    assert any("转交主管机关" in x for x in r.direction.reasons)
    handled = report + "区市场监管局检查后对其罚款3万元，案件已办结。"
    r = review_case(_case("k", facts=handled, amounts=_illegal_gain(50000), conduct_end=date(2025, 8, 1)))
    assert r.direction.kind == "forward"


def test_no_reverse_transfer_is_proposed_for_a_charge_outside_the_index():
    facts = ("不起诉决定：2024年11月2日，货车司机田某右转时未让行，与骑电动自行车的老人相撞致其死亡，负事故主要责任。"
             "田某赔偿并取得谅解，检察院决定相对不起诉。")
    from assistant.intake import case_from_text

    r = review_case(case_from_text(facts))
    assert r.abstained and r.direction.kind == "none"
    assert any("不在审查索引的罪名之内" in x for x in r.direction.reasons)


def test_the_provision_an_exclusion_reason_names_is_cited():
    # the procurator reads “不需要申请采伐许可证（森林法#56.2）” beside 不作推断: that provision is a citation to open
    r = review_case(_case("x", facts="经查，村民王某于2024年3月未办理林木采伐许可证，将其自家房前屋后种植的杨树12棵砍伐后出售。"))
    assert r.abstained and "森林法#56.2" in r.abstain_reason
    assert "森林法#56.2" in r.citations


def test_a_police_receipt_for_a_transferred_case_is_no_forward_clue():
    # the agency did hand the case over: 以罚代刑 is not the question any more
    facts = ("XX县公安局受案回执\nXX县市场监督管理局：你局移送的某日化公司涉嫌假冒注册商标案，我局已于同日收悉，并登记受案。"
             "经初步审查，该公司未经许可在自产洗衣液外包装上印制他人注册商标，执法人员现场扣押洗衣液412瓶，非法经营数额约12万元。")
    case = case_from_text(facts)
    case.conduct_end = date(2025, 9, 1)
    r = review_case(case)
    assert r.top.name == "假冒注册商标" and r.threshold_status == "met" and r.direction.kind == "none"


@pytest.mark.parametrize("ending, kind", [
    ("本次仍作行政处罚，未移送缉私部门立案侦查。", "forward"),              # the criminal step denied: a clue
    ("本院认为，该公司逃避缴纳税款数额较大，建议你局依法移送公安机关立案侦查。", "forward"),   # a procuratorate, not a court
    ("2025年12月，XX区法院以逃税罪判处该公司负责人有期徒刑一年。", "none"),
])
def test_criminal_steps_count_only_where_they_were_taken(ending, kind):
    facts = ("XX县税务局稽查查明，某公司2024年度采取隐匿收入手段进行虚假纳税申报，逃避缴纳税款86万元，占应纳税额35%，"
             "经税务机关下达追缴通知后未补缴税款。税务局对其处罚款。" + ending)
    case = case_from_text(facts)
    case.conduct_end = date(2024, 12, 31)
    r = review_case(case, today=date(2026, 1, 10))
    assert r.top.name == "逃税" and r.threshold_status == "met" and r.direction.kind == kind
