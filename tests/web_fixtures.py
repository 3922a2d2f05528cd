"""Shared set-up of the web tests: a small real index (BM25 + Chroma, with the deterministic fake embedder so that no
model is loaded) over the documents the chat questions need, settings with a temporary data directory (audit log,
document numbers, report jobs), and the app built on them. Import the fixtures into a test module by name.
"""
from __future__ import annotations

import io
import socket
import threading
import time
from pathlib import Path

import pytest

from retrieval_fakes import FakeEmbedder, make_corpus_subset

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "eval" / "samples"
DRUNK_CASE = SAMPLES / "不起诉决定书_危险驾驶.txt"
TRADEMARK_CASE = SAMPLES / "不起诉决定书_销售假冒注册商标的商品.txt"
REPORT_EXAMPLE = ROOT / "eval" / "report" / "example.xlsx"
DOCS = ["刑法", "刑事诉讼法", "刑事诉讼规则", "行政处罚法", "道路交通安全法", "知识产权刑事解释", "商标法"]


@pytest.fixture(scope="session")
def web_retriever(tmp_path_factory):
    from index import build as B
    from index.retriever import HybridRetriever

    tmp = tmp_path_factory.mktemp("web-index")
    corpus = make_corpus_subset(tmp / "corpus", DOCS)
    emb = FakeEmbedder()
    B.build(tmp / "idx", corpus, emb, cache_dir=tmp / "cache", progress=False)
    # the fake's cosines are not calibrated: the evidence gate runs on lexical evidence only
    return HybridRetriever.open(tmp / "idx", embedder=emb, cache_dir=tmp / "cache", min_cosine=1.01)


def make_settings(tmp: Path, **kw):
    from assistant.settings import Settings

    return Settings(data_dir=tmp, index_dir=tmp / "no-index", **kw)


def make_app(tmp: Path, retriever=None, host: str = "127.0.0.1", chat=None, **settings_kw):
    from assistant.web import create_app
    from assistant.web.services import Services

    settings = make_settings(tmp, **settings_kw)
    return create_app(settings, host=host, services=Services(settings, retriever=retriever, chat=chat))


@pytest.fixture()
def client(tmp_path, web_retriever):
    from fastapi.testclient import TestClient

    with TestClient(make_app(tmp_path, web_retriever)) as c:
        yield c


def pdf_bytes(pages: int, text: str | None = None) -> bytes:
    """A PDF of blank pages (pypdf writes no text; enough to test page limits and "no text" handling)."""
    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn in a thread of the test process, on a free loopback port (for the browser test and the bench)."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("测试服务未能启动")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=10)
