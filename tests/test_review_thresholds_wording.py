"""Threshold review on how documents state numbers and circumstances: upper bounds (不足五万元), conditions with a
number of their own, circumstances the text denies (非禁渔区), and repeat-offence circumstances."""
from assistant.intake import case_from_dict
from assistant.review import review_case


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
