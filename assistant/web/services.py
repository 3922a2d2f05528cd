"""The services the routes use, opened once per server and lazily: the first search opens the index, the first review
loads the review index. Tests pass their own (a small index, a fake chat model) through `create_app(services=…)`.
"""
from __future__ import annotations

import threading
from functools import cached_property

from .conversations import ConversationStore
from .jobs import ReportJobs


class Services:
    def __init__(self, settings, retriever=None, chat=None, store=None, engine=None):
        self.settings = settings
        self._retriever = retriever
        self._chat = chat
        self._store = store
        self._engine = engine
        self._lock = threading.Lock()
        self.conversations = ConversationStore()
        self.jobs = ReportJobs(settings)

    @property
    def retriever(self):
        """The hybrid retriever over the current build. IndexMissingError (Chinese message: run the build) when none
        was built; the next request tries again, so building while the server runs needs no restart."""
        if self._retriever is None:
            with self._lock:
                if self._retriever is None:
                    from index.retriever import HybridRetriever

                    self._retriever = HybridRetriever.from_settings(self.settings)
        return self._retriever

    @property
    def store(self):
        if self._store is None:
            from index.provisions import load_store

            self._store = load_store(self.settings.corpus_dir)
        return self._store

    @property
    def engine(self):
        """The review engine (review index + charge recognizer), shared with the CLI's default."""
        if self._engine is None:
            from assistant.review import default_engine

            self._engine = default_engine()
        return self._engine

    @property
    def chat(self):
        if self._chat is None:
            from assistant.llm.plugins import chat_from_settings

            self._chat = chat_from_settings(self.settings)
        return self._chat

    @cached_property
    def verifier(self):
        from assistant.verify import CitationVerifier

        return CitationVerifier(self.store)

    def index_status(self) -> dict:
        """Whether search can run, without opening the index (the health check must stay cheap)."""
        if self._retriever is not None:
            return {"ready": True, "message": "检索索引已就绪"}
        try:
            from index.build import current_build

            current_build(self.settings.resolved_index_dir)
        except Exception as exc:     # IndexMissingError / IndexCorruptError carry the Chinese how-to
            return {"ready": False, "message": str(exc)}
        return {"ready": True, "message": "检索索引已构建（首次检索时加载）"}

    def warm_up(self) -> None:
        """Open everything the first question needs (index, embedder, provision store, review index and its text model,
        one search), so that the first user does not wait for it. Run in a background thread by `xianjie serve`; a
        missing index is not an error here (the first search says how to build it)."""
        import logging

        try:
            _ = self.store, self.engine, self.verifier
            if self.engine.text_model is not None:
                self.engine.text_model.suggest("预加载")  # fits once (about 5 s) or loads the cached model
            self.retriever.search("醉酒驾驶机动车", k=1)
        except Exception as exc:   # noqa: BLE001 — reported when a request needs it
            logging.getLogger("xianjie.web").info("预加载未完成：%s", exc)

    def close(self) -> None:
        self.jobs.shutdown()
