"""Provisions → retrieval chunks (the unit that is embedded, BM25-indexed and returned as a hit).

One chunk per 款 when an article has several 款 (刑事诉讼法#177.3), else one per article (刑法#214). The indexed text
is prefixed with the document short name, the article label, caption and section heading, so that a short 款 such as
"前款规定的…" keeps its context for both the embedder and BM25. A chunk longer than `max_chars` is split on sentence
boundaries; every part keeps the provision ID (chunk IDs 刑法#xxx~1, ~2 …, hits are merged back per provision).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Iterable

from index.model import DocumentInfo, Provision

CHUNK_SCHEME = "1"          # bump when the indexed-text template below changes (it is part of the index identity)
DEFAULT_MAX_CHARS = 500     # ≈ 300 e5 tokens: well inside the model's 512-token window
DEFAULT_OVERLAP = 40
FAR_FUTURE = date(9999, 12, 31).toordinal()


@dataclass(frozen=True)
class Chunk:
    chunk_id: str             # unique in the index: provision ID, plus "~n" for parts of a split provision
    id: str                   # provision ID (刑事诉讼法#177.3, 治安管理处罚法@2012#10)
    doc_key: str
    doc_short: str
    title: str
    version_key: str
    kind: str
    label: str                # 第一百七十七条第三款
    text: str                 # verbatim provision text (or this part of it)
    indexed_text: str         # what is embedded and tokenised: context prefix + text
    effective_from: int       # date ordinals (0 = no start date); Chroma where-filters need numbers
    effective_to: int         # exclusive; FAR_FUTURE when still in force
    is_latest: bool           # newest version of its document (IDs without "@")

    def metadata(self) -> dict[str, Any]:
        """Metadata stored with the vector (every field but the texts)."""
        meta = asdict(self)
        del meta["text"], meta["indexed_text"]
        return meta

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on.toordinal() < self.effective_to


def _context(doc: DocumentInfo, p: Provision) -> str:
    head = f"{doc.short} {p.label}"
    if p.caption:
        head += f" {p.caption}"
    section = p.heading.split(" / ")[-1].strip() if p.heading else ""
    if section:
        head += f"（{section}）"
    return head


def _split(text: str, max_chars: int, overlap: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max_chars, chunk_overlap=overlap, keep_separator="end",
        separators=["\n", "。", "；", "：", "，", ""])
    return [part.strip() for part in splitter.split_text(text) if part.strip()]


def chunk_units(provisions: Iterable[Provision]) -> list[Provision]:
    """The provisions that become chunks: the 款 of multi-款 articles, every other article whole."""
    provisions = list(provisions)
    multi = {(p.doc_key, p.article) for p in provisions
             if p.paragraph is None and len(p.paragraphs) > 1}
    units = []
    for p in provisions:
        if (p.doc_key, p.article) in multi:
            if p.paragraph is not None:
                units.append(p)
        elif p.paragraph is None:
            units.append(p)
    return units


def make_chunks(provisions: Iterable[Provision], documents: Iterable[DocumentInfo],
                max_chars: int = DEFAULT_MAX_CHARS, overlap: int = DEFAULT_OVERLAP) -> list[Chunk]:
    docs = {d.key: d for d in documents}
    chunks: list[Chunk] = []
    for p in chunk_units(provisions):
        doc = docs[p.doc_key]
        text = p.text.strip()
        if not text:
            continue
        parts = _split(text, max_chars, overlap)
        context = _context(doc, p)
        for n, part in enumerate(parts, 1):
            chunks.append(Chunk(
                chunk_id=p.id if len(parts) == 1 else f"{p.id}~{n}",
                id=p.id, doc_key=doc.key, doc_short=doc.short, title=doc.title, version_key=doc.version_key,
                kind=doc.kind, label=p.label, text=part, indexed_text=f"{context}\n{part}",
                effective_from=doc.effective_from.toordinal() if doc.effective_from else 0,
                effective_to=doc.effective_to.toordinal() if doc.effective_to else FAR_FUTURE,
                is_latest=doc.key == doc.short,
            ))
    return chunks


def chunk_from_dict(data: dict[str, Any]) -> Chunk:
    return Chunk(**data)
