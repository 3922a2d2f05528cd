"""Review-index entries for environment, natural resources, work safety, traffic and health charges, and the
deadline rules: the standard a procurator sees must be the one in force on the conduct date, every number must
come from a quoted provision, and rules from excerpts or quotations must say so."""
from __future__ import annotations

from datetime import date

import pytest

from assistant.review_index.loader import load_review_index
from assistant.review_index.validate import check_index

CHARGES = ["污染环境", "非法采矿", "非法占用农用地", "非法转让、倒卖土地使用权", "盗伐林木", "滥伐林木", "危害国家重点保护植物",
           "危害珍贵、濒危野生动物", "非法狩猎", "非法捕捞水产品", "重大责任事故", "重大劳动安全事故", "危险作业", "危险驾驶", "非法行医"]


@pytest.fixture(scope="module")
def index():
    return load_review_index()


@pytest.fixture(scope="module")
def store():
    from index.provisions import load_store

    return load_store()


def test_entries_quotes_numbers_and_ids_check_out(index, store):
    mine = [f"{c}.yaml" for c in CHARGES] + ["_deadlines.yaml", "环资-", "安全-", "交通-", "卫健-"]
    problems = [p for p in check_index(index, store) if any(m in p for m in mine)]
    assert problems == []
    for charge in CHARGES:
        entry = index.require(charge)
        assert entry.cases, charge
        assert all(e.evidence for e in entry.elements), charge


@pytest.mark.parametrize("conduct, source", [
    (date(2020, 6, 1), "立案追诉标准（一）补充规定#10.1"),
    (date(2024, 6, 1), "环境污染刑事解释@2023#1.1"),
    (date(2026, 3, 29), "环境污染刑事解释@2023#1.1"),
    (date(2026, 3, 30), "环境污染刑事解释#1.1"),
])
def test_pollution_standard_follows_the_conduct_date(index, conduct, source):
    rules = index.applicable_thresholds("污染环境", conduct)
    waste = [r for r in rules if r.metric == "数量" and r.unit == "吨" and r.level == "立案追诉"]
    assert [(r.source, r.value) for r in waste] == [(source, 3)]


def test_land_rules_for_farmland_and_forest_land_do_not_replace_each_other(index):
    rules = index.applicable_thresholds("非法占用农用地", date(2024, 1, 1))
    by_variant = {r.variant: (r.value, r.source) for r in rules if r.metric == "面积"}
    assert by_variant["基本农田"] == (5, "立案追诉标准（一）#67.1")
    assert by_variant["公益林地"] == (5, "破坏森林资源刑事解释#1.2")
    assert "防护林地、特种用途林地" not in by_variant          # the 2008 forest-land standard ended 2023-08-15


def test_each_drunk_driving_circumstance_survives_and_no_invented_alcohol_number(index):
    entry = index.require("危险驾驶")
    rules = index.applicable_thresholds(entry, date(2025, 1, 1))
    assert {r.variant for r in rules} == {"醉酒驾驶", "追逐竞驶", "校车、旅客运输严重超员超速", "违规运输危险化学品"}
    assert not [r for r in entry.thresholds if r.metric == "血液酒精含量"]
    assert any("80mg/100ml" in n for n in entry.source_notes)
    assert "道路交通安全法#91.2" in entry.administrative.penalty_provisions


def test_accident_loss_threshold_raised_in_2015(index):
    def loss(d):
        return sorted(r.value for r in index.applicable_thresholds("重大责任事故", d)
                      if r.metric == "直接经济损失" and r.level == "立案追诉" and not r.variant)
    assert loss(date(2014, 6, 1)) == [500000]
    assert loss(date(2016, 6, 1)) == [1000000]


def test_felling_volume_tiers_are_multiples_of_the_base_standard(index):
    rules = index.applicable_thresholds("盗伐林木", date(2024, 1, 1))
    volume = {r.level: r.value for r in rules if r.metric == "立木蓄积"}
    assert volume == {"立案追诉": 5, "数额巨大": 50, "数额特别巨大": 250}


def test_deadline_rules_flag_their_source_quality(index):
    police = index.deadline("police_review_transfer")
    assert (police.days, police.working_days, police.source_status) == (3, False, "full_text")
    handover = index.deadline("reverse_handover")
    assert (handover.days, handover.working_days, handover.source_status) == (3, True, "quotation")
    review = index.deadline("reverse_review")
    assert (review.days, review.working_days, review.source_status, review.source) == (10, True, "excerpt", "工作指引（摘录）#12.1")
    reply = index.deadline("agency_reply")
    assert reply.source_status == "quotation" and "两个月" in reply.quote
