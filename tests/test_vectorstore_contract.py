"""Every VectorStore implementation honours the same contract: the embedded Chroma client and a real Chroma server
(`chroma run`, started here on a free port) alike."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from index import registry
from index.vectorstore import VectorStoreError, check_collection_name

CHROMA_CLI = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    if not Path(CHROMA_CLI).exists():
        pytest.fail("the `chroma` CLI (installed with chromadb) is missing")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = open(data / "server.log", "wb")
    proc = subprocess.Popen([CHROMA_CLI, "run", "--path", str(data / "db"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma run exited: {(data / 'server.log').read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.terminate()
        raise RuntimeError("chroma run did not start listening within 60 s")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(params=["persistent", "http"])
def store(request, tmp_path):
    name = f"contract-{request.node.name.split('[')[0].replace('_', '-')}"
    if request.param == "persistent":
        vs = registry.create("vectorstore", "chroma", collection=name, path=tmp_path / "chroma")
    else:
        url = request.getfixturevalue("chroma_server")
        vs = registry.create("vectorstore", "chroma", collection=name, url=url)
    yield vs
    try:
        vs.drop()
    except Exception:
        pass


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


VECS = {
    "刑法#214": _unit([1, 0, 0, 0.1]),
    "刑法#213": _unit([0.9, 0.3, 0, 0]),
    "刑事诉讼法#177.3": _unit([0, 1, 0, 0]),
    "治安管理处罚法@2012#43": _unit([0, 0, 1, 0]),
    "治安管理处罚法#51": _unit([0, 0, 0.95, 0.2]),
}
META = {
    "刑法#214": {"doc_short": "刑法", "effective_from": 738946, "effective_to": 3652059, "is_latest": True},
    "刑法#213": {"doc_short": "刑法", "effective_from": 738946, "effective_to": 3652059, "is_latest": True},
    "刑事诉讼法#177.3": {"doc_short": "刑事诉讼法", "effective_from": 737000, "effective_to": 3652059,
                        "is_latest": True},
    "治安管理处罚法@2012#43": {"doc_short": "治安管理处罚法", "effective_from": 734869, "effective_to": 739617,
                          "is_latest": False},
    "治安管理处罚法#51": {"doc_short": "治安管理处罚法", "effective_from": 739617, "effective_to": 3652059,
                      "is_latest": True, "note": None},
}


def _fill(vs):
    ids = list(VECS)
    vs.add(ids, np.stack([VECS[i] for i in ids]), [f"text of {i}" for i in ids], [META[i] for i in ids])


def test_add_count_and_nearest_neighbour_with_cosine_score(store):
    assert store.count() == 0
    _fill(store)
    assert store.count() == 5
    hits = store.query(VECS["刑法#214"], k=2)
    assert [h.id for h in hits] == ["刑法#214", "刑法#213"]
    assert hits[0].score == pytest.approx(1.0, abs=1e-4)       # cosine similarity, not a distance
    assert hits[0].document == "text of 刑法#214"
    assert hits[0].metadata["doc_short"] == "刑法" and hits[0].metadata["is_latest"] is True
    assert store.query(VECS["刑法#214"], k=50)[-1].score < hits[1].score   # k larger than the collection is fine


def test_metadata_filters_select_documents_and_dates(store):
    _fill(store)
    only = store.query(VECS["刑法#214"], k=5, where={"doc_short": "刑事诉讼法"})
    assert [h.id for h in only] == ["刑事诉讼法#177.3"]
    in_2020 = 737425  # 2020-01-01
    dated = store.query(VECS["治安管理处罚法#51"], k=5, where={"$and": [
        {"effective_from": {"$lte": in_2020}}, {"effective_to": {"$gt": in_2020}}]})
    assert "治安管理处罚法@2012#43" in [h.id for h in dated]
    assert "治安管理处罚法#51" not in [h.id for h in dated]
    latest = store.query(VECS["治安管理处罚法#51"], k=5, where={"$and": [
        {"is_latest": True}, {"doc_short": {"$in": ["治安管理处罚法", "刑法"]}}]})
    assert [h.id for h in latest][0] == "治安管理处罚法#51"
    assert "治安管理处罚法@2012#43" not in [h.id for h in latest]


def test_delete_by_id_and_by_filter(store):
    _fill(store)
    store.delete(ids=["刑法#213"])
    assert store.count() == 4
    assert "刑法#213" not in [h.id for h in store.query(VECS["刑法#214"], k=5)]
    store.delete(where={"doc_short": "治安管理处罚法"})
    assert store.count() == 2
    with pytest.raises(ValueError):
        store.delete()


def test_empty_collection_query_returns_nothing(store):
    assert store.query(VECS["刑法#214"], k=3) == []


def test_collection_names_must_be_ascii():
    with pytest.raises(VectorStoreError, match="ASCII"):
        check_collection_name("刑法条文")
    assert check_collection_name("xianjie-20261122-abc") == "xianjie-20261122-abc"


def test_unreachable_server_is_a_clear_error():
    with pytest.raises(VectorStoreError, match="向量库"):
        registry.create("vectorstore", "chroma", collection="nothing-here", url=f"http://127.0.0.1:{_free_port()}")


def test_index_build_and_search_through_a_chroma_server(chroma_server, tmp_path):
    """The way to outgrow one machine: the dense index lives in the server, BM25 and chunks stay local."""
    import chromadb

    from index import build as B
    from index.retriever import HybridRetriever
    from retrieval_fakes import FakeEmbedder, make_corpus_subset

    corpus = make_corpus_subset(tmp_path / "corpus", ["商标法"])
    emb = FakeEmbedder()
    first = B.build(tmp_path / "idx", corpus, emb, cache_dir=tmp_path / "cache", chroma_url=chroma_server,
                    progress=False)
    assert not (first.build_dir / "chroma").exists()
    r = HybridRetriever.open(tmp_path / "idx", embedder=emb, cache_dir=tmp_path / "cache", min_cosine=1.01)
    assert r.vectorstore.name.startswith("chroma:http://127.0.0.1")
    hits = r.search("假冒注册商标的商品不得进入商业渠道", k=3)
    assert hits[0].id == "商标法#63.5" and hits[0].dense_rank is not None

    B.build(tmp_path / "idx", corpus, emb, cache_dir=tmp_path / "cache", chroma_url=chroma_server, force=True,
            progress=False)
    host, port = chroma_server.rsplit(":", 1)
    client = chromadb.HttpClient(host="127.0.0.1", port=int(port),
                                 settings=chromadb.config.Settings(anonymized_telemetry=False))
    names = [c.name for c in client.list_collections() if c.name.startswith("xianjie-")]
    assert len(names) == 1                     # the replaced build's collection was dropped from the server
