"""Evidence gaps: the evidence a document lists is read, matched to what the review index requires per element, and
only elements with no matching evidence become gaps."""
import pytest

from assistant.intake import case_from_dict
from assistant.review import review_case
from assistant.review.evidence_match import satisfies


@pytest.mark.parametrize("required, listed, expected", [
    # the agency's record of the party's own account stands in for the suspect's statement (to be taken again)
    ("犯罪嫌疑人供述和辩解", "当事人询问笔录", True),
    ("犯罪嫌疑人供述和辩解", "公司负责人询问笔录", True),
    ("犯罪嫌疑人供述和辩解", "购买者证言", False),
    ("员工、购买者证言", "购买者询问笔录", True),
    ("员工、购买者证言", "证人王某的证言", True),
    # where the goods came from and where they went prove different things
    ("进货单据、付款记录", "销售台账", False),
    ("进货渠道、进货价格、无合格证明的进货单据", "进货记录", True),
    ("销售账册、发票、送货单、收款凭证", "销售记录", True),
    ("聊天记录、订单", "营业执照", False),
    # an expert opinion proves only what it was about
    ("物种鉴定意见（种属、是否国家重点保护）", "物种鉴定及价值认定意见", True),
    ("猎获物价值核算或价格认证报告", "物种鉴定及价值认定意见", True),
    ("因果关系的医学鉴定意见", "水质监测报告", False),
    ("营业执照、单位登记信息", "营业执照及药品经营许可证", True),
])
def test_listed_evidence_satisfies_required_item(required, listed, expected):
    assert satisfies(required, listed) is expected


@pytest.mark.parametrize("text, names", [
    ("经查，当事人销售假冒白酒。证据：营业执照、抽样检验报告、购销合同及发票、当事人询问笔录。本局认为，当事人的行为违法。",
     ["营业执照", "抽样检验报告", "购销合同及发票", "当事人询问笔录"]),
    ("以上事实有转让合同、收款凭证、勘测定界图、当事人询问笔录为证。", ["转让合同", "收款凭证", "勘测定界图", "当事人询问笔录"]),
    ("上述事实的证据：黄某的供述、检验报告、销售记录。", ["黄某的供述", "检验报告", "销售记录"]),
])
def test_evidence_lists_without_the_usual_wording_are_read(text, names):
    case = case_from_dict({"id": "e", "facts": text})
    assert [e.name for e in case.evidence] == names


SELLER = ("当事人王某，男，1980年3月生，XX市人。经查，2025年6月至9月，当事人在其经营的超市销售假冒“茅台”注册商标的白酒，"
          "销售金额8.6万元。")


def _gaps(facts):
    return {g.element for g in review_case(case_from_dict({"id": "g", "facts": facts})).evidence_gaps}


def test_identity_recorded_in_the_document_is_not_a_subject_gap():
    assert "主体" not in _gaps(SELLER + "证据：扣押的白酒、权利人鉴定意见、销售记录、当事人询问笔录。")


def test_unidentified_seller_is_a_subject_gap():
    facts = "群众举报，一名男子在夜市销售假冒“茅台”注册商标的白酒，销售金额8.6万元。证据：扣押的白酒、权利人鉴定意见、销售记录。"
    assert "主体" in _gaps(facts)


def test_party_statement_taken_by_the_agency_is_no_gap_but_must_be_taken_again():
    review = review_case(case_from_dict({"id": "g", "facts": SELLER + "证据：扣押的白酒、权利人鉴定意见、销售记录、当事人询问笔录。",
                                         "doc_type": "行政处罚决定书"}))
    row = next(r for r in review.evidence_table if r.element == "主观方面")
    assert not row.gap.startswith("缺少") and "重新" in row.how_to_fill
