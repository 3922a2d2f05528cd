"""ProvisionStore: every provision of every document version, looked up exactly by ID or citation.

This is the ground truth the verifier, the review index and the drafter check against; retrieval is built
from it. Lookups never guess: an ID that does not exist is "not found", never the nearest article.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .citations import (
    Citation,
    CitationError,
    doc_name_pattern,
    find_citations,
    parse_citation,
    parse_id,
)
from .corpus import CORPUS_ROOT, Corpus, load_corpus, strip_book_marks
from .model import DocumentInfo, Provision, article_id
from .structure import parse_document

QUOTE_PREFIX = "引"  # excerpt records without article numbers: 衔接规定（引文）#引1


class ProvisionNotFound(LookupError):
    """The citation is well-formed but names no provision of the corpus (message in Chinese)."""


@dataclass(frozen=True)
class Resolved:
    provision: Provision
    document: DocumentInfo
    citation: Citation | None = None
    note: str = ""   # e.g. the version was chosen by date, or 项 was asked and the 款 is shown


class ProvisionStore:
    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self._by_id: dict[str, Provision] = {}
        self._by_doc: dict[str, list[Provision]] = {}
        for doc in corpus.documents:
            provs = self._parse(doc)
            self._by_doc[doc.key] = provs
            for p in provs:
                self._by_id[p.id] = p
        names: set[str] = set()
        for doc in corpus.documents:
            names.update({doc.short, doc.title, *doc.aliases})
        self._doc_pattern = doc_name_pattern(names)

    # -- building ---------------------------------------------------------------------------------
    def _parse(self, doc: DocumentInfo) -> list[Provision]:
        vkey = None if doc.key == doc.short else doc.version_key
        if doc.kind != "excerpt":
            return parse_document(self.corpus.read_text(doc), doc.short, doc.key, vkey)
        out: list[Provision] = []
        quotes = 0
        for rec in self.corpus.read_excerpts(doc):
            provs = parse_document(rec["text"], doc.short, doc.key, vkey)
            if provs:
                out.extend(provs)
                continue
            quotes += 1
            key = f"{QUOTE_PREFIX}{quotes}"
            out.append(Provision(
                id=article_id(doc.short, key, None, vkey), doc_key=doc.key, doc_short=doc.short, article=key,
                paragraph=None, text=rec["text"].strip(), label=f"引文{quotes}",
                heading=f"摘录来源 {rec['id']}：{rec.get('what', '')}", paragraphs=(rec["text"].strip(),),
            ))
        return out

    # -- access -----------------------------------------------------------------------------------
    def provisions(self) -> Iterator[Provision]:
        for doc in self.corpus.documents:
            yield from self._by_doc[doc.key]

    def articles(self, doc_key: str) -> list[Provision]:
        return [p for p in self._by_doc.get(doc_key, []) if p.paragraph is None]

    def document(self, p: Provision) -> DocumentInfo:
        doc = self.corpus.by_key(p.doc_key)
        assert doc is not None
        return doc

    def resolve_doc(self, name: str) -> str | None:
        shorts = self.corpus.find(strip_book_marks(name))
        return shorts[0] if shorts else None

    def _version(self, short: str, version_key: str | None, as_of: date | None) -> DocumentInfo | None:
        if version_key:
            return next((d for d in self.corpus.versions(short) if d.version_key == version_key), None)
        return self.corpus.version_for(short, as_of)

    def lookup(self, c: Citation, as_of: date | None = None) -> Resolved | None:
        if not c.doc:
            return None
        doc = self._version(c.doc, c.version_key, as_of)
        if doc is None:
            return None
        vkey = None if doc.key == doc.short else doc.version_key
        pid = article_id(doc.short, c.article, c.paragraph, vkey)
        p = self._by_id.get(pid)
        note = ""
        if p is None and c.paragraph == 1:
            # a one-款 article is stored once, under the article ID
            art = self._by_id.get(article_id(doc.short, c.article, None, vkey))
            if art is not None and len(art.paragraphs) <= 1:
                p = art
        if p is None:
            return None
        if c.item:
            note = f"所引第{c.item}项包含在本款中。"
        if doc.key != doc.short and not c.version_key:
            note = (note + f"已按日期选用 {doc.version_key} 年版本。").strip()
        if self.corpus.wording_of_the_time_missing(doc, as_of):
            note = (note + f"注意：所示为 {doc.effective_from} 起施行的条文，{as_of} 时的条文措辞不在语料中，请核对当时文本。").strip()
        return Resolved(p, doc, c, note)

    def get(self, pid: str, as_of: date | None = None) -> Provision | None:
        """Exact lookup by ID (刑法#214, 刑事诉讼法#177.3, 治安管理处罚法@2012#10)."""
        p = self._by_id.get(pid)
        if p is not None and as_of is None:
            return p
        c = parse_id(pid)
        if c is None:
            return None
        doc = c.doc if self.corpus.versions(c.doc or "") else self.resolve_doc(c.doc or "")
        if doc is None:
            return None
        r = self.lookup(Citation(doc=doc, article=c.article, paragraph=c.paragraph, version_key=c.version_key), as_of)
        return r.provision if r else None

    def resolve(self, text: str, as_of: date | None = None, default_doc: str = "刑法") -> Resolved:
        """A citation typed by a user → the provision. Raises CitationError / ProvisionNotFound (Chinese)."""
        c = parse_citation(text, self.resolve_doc, default_doc=default_doc)
        r = self.lookup(c, as_of)
        if r is None:
            if c.doc and not self._version(c.doc, c.version_key, as_of):
                when = f"（{as_of.isoformat()} 时不在施行期内）" if as_of else ""
                raise ProvisionNotFound(f"未找到：{c.doc}{when}")
            raise ProvisionNotFound(f"未找到：{c.label()}")
        return r

    def find_citations(self, text: str, context_doc: str | None = None) -> list[Citation]:
        return find_citations(text, self.resolve_doc, self._doc_pattern, context_doc)

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for key, provs in self._by_doc.items():
            arts = [p for p in provs if p.paragraph is None]
            out[key] = {"articles": len(arts), "paragraphs": sum(max(1, len(p.paragraphs)) for p in arts)}
        return out


@lru_cache(maxsize=4)
def _load_store(root: Path) -> ProvisionStore:
    return ProvisionStore(load_corpus(root))


def load_store(root: Path = CORPUS_ROOT) -> ProvisionStore:
    """The process-wide store for a corpus root (parsed once, ≈ 1 s)."""
    return _load_store(Path(root).resolve())


__all__ = ["ProvisionStore", "ProvisionNotFound", "Resolved", "load_store", "CitationError"]
