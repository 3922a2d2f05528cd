"""LangChain wrappers: our hybrid retriever as a `BaseRetriever` (imported only when asked for: langchain_core's
retriever module costs ~0.5 s to import, which the CLI should not pay on every search)."""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from index.embedder import LangChainEmbeddings

__all__ = ["ProvisionRetriever", "LangChainEmbeddings"]


class ProvisionRetriever(BaseRetriever):
    """`HybridRetriever.search` as LangChain documents: page_content = verbatim text, metadata = the hit's fields."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any
    k: int = 5
    search_kwargs: dict[str, Any] = {}

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.retriever.search(query, k=self.k, **self.search_kwargs)
        return [Document(page_content=h.text, metadata={k: v for k, v in h.to_dict().items()
                                                          if k != "text" and v is not None}, id=h.id)
                for h in hits]
