"""Index build: identity, status/staleness, atomic swap, incremental re-embedding, clear errors."""
from __future__ import annotations

import pytest

from index import build as B
from index.retriever import HybridRetriever
from retrieval_fakes import FakeEmbedder, make_corpus_subset

DOCS = ["刑事诉讼法", "商标法", "治安管理处罚法"]


@pytest.fixture()
def env(tmp_path):
    corpus = make_corpus_subset(tmp_path / "corpus", DOCS)
    emb = FakeEmbedder()
    res = B.build(tmp_path / "idx", corpus, emb, cache_dir=tmp_path / "cache", progress=False)
    return tmp_path, corpus, emb, res


def _status(tmp, corpus, emb):
    return B.status(tmp / "idx", corpus, emb)


def test_status_reports_counts_identity_and_freshness(env):
    tmp, corpus, emb, res = env
    st = _status(tmp, corpus, emb)
    assert st.built and not st.stale and st.identity == res.identity
    assert st.documents == 4                            # 治安管理处罚法 has two versions
    assert st.chunks == res.chunks and st.articles > 300 and st.chunks > st.articles
    assert st.built_at and st.embedder == "fake-bigram-512" and st.vectorstore == "embedded"


def test_chunks_are_paragraphs_of_multi_paragraph_articles_and_whole_short_articles(env):
    tmp, *_ = env
    chunks = {c.chunk_id: c for c in B.read_chunks(B.current_build(tmp / "idx"))}
    c = chunks["刑事诉讼法#177.3"]
    assert "对被不起诉人需要给予行政处罚" in c.text
    assert c.indexed_text.startswith("刑事诉讼法 第一百七十七条第三款")      # context prefix for the embedder/BM25
    assert "刑事诉讼法#177" not in chunks                                   # its 款 stand for it
    assert any(k.startswith("治安管理处罚法@2012#") for k in chunks)
    assert all(len(ch.text) <= 500 for ch in chunks.values())
    split = [k for k in chunks if "~" in k]
    for k in split:                                                          # parts keep the provision ID
        assert chunks[k].id == k.split("~")[0]


def test_rebuild_without_changes_is_a_no_op(env):
    tmp, corpus, emb, res = env
    again = B.build(tmp / "idx", corpus, emb, cache_dir=tmp / "cache", progress=False)
    assert again.skipped and again.identity == res.identity


def test_changing_one_document_makes_the_index_stale_and_re_embeds_only_it(env):
    tmp, corpus, emb, res = env
    path = corpus / "laws" / "中华人民共和国商标法.md"
    path.write_text(path.read_text(encoding="utf-8").replace("假冒注册商标的商品不得在仅去除假冒注册商标后进入商业渠道",
                                                             "假冒注册商标的商品一律不得进入商业渠道"), encoding="utf-8")
    st = _status(tmp, corpus, emb)
    assert st.stale and st.changed == ["document:商标法"] and "xianjie index build" in st.message

    fresh = FakeEmbedder()
    new = B.build(tmp / "idx", corpus, fresh, cache_dir=tmp / "cache", progress=False)
    assert not new.skipped and new.identity != res.identity
    assert fresh.embedded == ["商标法 第六十三条第五款（第七章 注册商标专用权的保护）\n假冒注册商标的商品一律不得进入商业渠道。"]
    assert new.cache_hits == new.chunks - 1
    assert not _status(tmp, corpus, fresh).stale
    assert len(list((tmp / "idx" / "builds").iterdir())) == 1          # the old build was cleaned up


def test_settings_that_change_the_output_change_the_identity(env):
    tmp, corpus, emb, res = env
    assert _status(tmp, corpus, FakeEmbedder(name="another-model")).changed == ["embedder"]
    assert B.status(tmp / "idx", corpus, emb, max_chars=300).changed == ["chunking"]


def test_a_killed_build_leaves_the_old_index_serving(env, monkeypatch):
    tmp, corpus, emb, res = env
    path = corpus / "laws" / "中华人民共和国刑事诉讼法.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    def killed(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(B, "_write_json", killed)   # dies after embedding and filling Chroma, before the swap
    with pytest.raises(KeyboardInterrupt):
        B.build(tmp / "idx", corpus, emb, cache_dir=tmp / "cache", progress=False)
    assert B.current_build(tmp / "idx") == res.build_dir
    hits = HybridRetriever.open(tmp / "idx", embedder=emb, cache_dir=tmp / "cache").search("被不起诉人 行政处罚", k=3)
    assert hits and hits[0].doc_short == "刑事诉讼法"
    monkeypatch.undo()
    done = B.build(tmp / "idx", corpus, emb, cache_dir=tmp / "cache", progress=False)
    assert B.current_build(tmp / "idx") == done.build_dir
    assert [p.name for p in (tmp / "idx" / "builds").iterdir()] == [done.build_dir.name]   # abandoned one removed


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(B.IndexMissingError, match="xianjie index build"):
        HybridRetriever.open(tmp_path / "nothing")
    corpus = make_corpus_subset(tmp_path / "corpus", ["商标法"])
    st = B.status(tmp_path / "nothing", corpus, FakeEmbedder())
    assert not st.built and st.stale and "xianjie index build" in st.message


@pytest.mark.parametrize("damage", ["pointer", "manifest", "chunks", "bm25"])
def test_corrupt_index_directory_is_a_clear_error(env, damage):
    tmp, corpus, emb, res = env
    d = res.build_dir
    if damage == "pointer":
        (tmp / "idx" / "CURRENT").write_text("no-such-build\n")
    elif damage == "manifest":
        (d / "manifest.json").write_text("{ broken")
    elif damage == "chunks":
        (d / "chunks.jsonl").write_text('{"chunk_id": 1}\n')
    else:
        for f in (d / "bm25").iterdir():
            f.unlink()
    with pytest.raises(B.IndexCorruptError) as err:
        HybridRetriever.open(tmp / "idx", embedder=emb, cache_dir=tmp / "cache")
    assert "xianjie index build" in str(err.value)


def test_concurrent_builds_are_refused(env):
    tmp, corpus, emb, res = env
    with B._build_lock(tmp / "idx"):
        with pytest.raises(B.IndexBusyError, match="正在进行"):
            B.build(tmp / "idx", corpus, emb, cache_dir=tmp / "cache", force=True, progress=False)
