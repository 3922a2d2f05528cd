"""The citation verifier: VERIFIED / NOT_FOUND / MISMATCH, and removal that is reported, never silent."""
import pytest

from assistant.verify import CitationVerifier, Status, remove_unverified
from index.provisions import load_store


@pytest.fixture(scope="module")
def verifier():
    return CitationVerifier(load_store())


def test_existing_id_is_verified(verifier):
    assert verifier.check_id("刑事诉讼法#177.3").status is Status.VERIFIED


def test_invented_article_is_not_found(verifier):
    # the 1.5B model's "第三百一8条" style invention, and a plain out-of-range article
    assert verifier.check_id("刑法#999").status is Status.NOT_FOUND
    rep = verifier.verify_text("依据《中华人民共和国刑法》第九百条处理")
    assert [c.status for c in rep.checks] == [Status.NOT_FOUND]


def test_quote_that_differs_is_mismatch(verifier):
    ok = verifier.check_id("刑法#214", quote="销售明知是假冒注册商标的商品，违法所得数额较大")
    bad = verifier.check_id("刑法#214", quote="销售金额五万元以上的，处七年以下有期徒刑")
    assert ok.status is Status.VERIFIED and bad.status is Status.MISMATCH


def test_verify_text_finds_ids_quotes_and_written_citations(verifier):
    text = ("根据“对被不起诉人需要给予行政处罚、处分或者需要没收其违法所得的，人民检察院应当提出检察意见”[刑事诉讼法#177.3]，"
            "并依照《中华人民共和国刑法》第二百一十四条、[刑法#888]、“处十年以上有期徒刑”[刑法#214]。")
    rep = verifier.verify_text(text)
    got = [(c.id, c.status) for c in rep.checks]
    assert got == [("刑事诉讼法#177.3", Status.VERIFIED), ("刑法#214", Status.VERIFIED),
                   ("刑法#888", Status.NOT_FOUND), ("刑法#214", Status.MISMATCH)]
    cleaned, removed = remove_unverified(text, rep)
    assert "刑法#888" not in cleaned and "处十年以上有期徒刑" not in cleaned
    assert "[刑事诉讼法#177.3]" in cleaned and len(removed) == 2


def test_citation_without_document_cannot_be_verified(verifier):
    rep = verifier.verify_text("依照第二百一十四条处理")
    assert rep.checks and rep.checks[0].status is Status.NOT_FOUND


def test_review_index_and_case_ids_resolve(verifier):
    rep = verifier.verify_text("参见[审查索引#危险驾驶]与[案例#交通-001]，以及[审查索引#不存在的罪名]。")
    assert [(c.id, c.status) for c in rep.checks] == [
        ("审查索引#危险驾驶", Status.VERIFIED), ("案例#交通-001", Status.VERIFIED),
        ("审查索引#不存在的罪名", Status.NOT_FOUND)]
