"""Citation verifier: every citation a model or a template writes is resolved against the ProvisionStore.

Statuses: VERIFIED (the provision exists; a quote attached to it occurs in its text), NOT_FOUND (no such
provision), MISMATCH (the provision exists but the quoted words are not in it). The verifier never
rewrites a citation into another one; `remove_unverified` deletes what failed and reports each removal,
so the caller can tell the user (paper-qa drops unknown keys silently; we do not).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import lru_cache

from index.citations import Citation, parse_id
from index.provisions import ProvisionStore

_PUNCT = re.compile(r"[\s　，,。.；;：:、！!？?“”\"'‘’（）()《》〈〉【】\[\]…—-]+")
# a quotation directly followed by an ID: “……”[刑法#214]  or 「……」（刑法#214）
_QUOTE_BEFORE = re.compile(r"[“「『\"]([^”」』\"]{2,400})[”」』\"]\s*$")


class Status(str, Enum):
    VERIFIED = "VERIFIED"
    NOT_FOUND = "NOT_FOUND"
    MISMATCH = "MISMATCH"


@dataclass
class CitationCheck:
    id: str
    status: Status
    start: int = 0
    end: int = 0
    quote: str | None = None
    label: str = ""
    message: str = ""

    def to_dict(self) -> dict:
        return {"id": self.id, "status": self.status.value, "quote": self.quote, "label": self.label,
                "message": self.message}


@dataclass
class VerificationReport:
    checks: list[CitationCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.status is Status.VERIFIED for c in self.checks)

    def by_status(self, status: Status) -> list[CitationCheck]:
        return [c for c in self.checks if c.status is status]

    def ids(self) -> list[str]:
        return list(dict.fromkeys(c.id for c in self.checks))


def normalize(text: str) -> str:
    return _PUNCT.sub("", text)


@lru_cache(maxsize=8)
def _id_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    guides = r"(?:审查索引|案例)#[^\s\[\]【】（）()，,。；;、“”]+"
    return re.compile(rf"{guides}|(?:{alts})(?:@[0-9A-Za-z]+)?#(?:\d+|引\d+)(?:-\d+)?(?:\.\d+)?(?![\d])")


class CitationVerifier:
    def __init__(self, store: ProvisionStore):
        self.store = store
        names = {d.short for d in store.corpus.documents}
        self._ids = _id_pattern(tuple(sorted(names)))

    def check_id(self, pid: str, quote: str | None = None, as_of: date | None = None) -> CitationCheck:
        p = self.store.get(pid, as_of=as_of) if not pid.startswith(("审查索引#", "案例#")) else None
        if p is None:
            if pid.startswith(("审查索引#", "案例#")) and self._guide_exists(pid):
                return CitationCheck(pid, Status.VERIFIED, label=pid)
            return CitationCheck(pid, Status.NOT_FOUND, quote=quote, message=f"索引中没有 {pid}")
        if quote and normalize(quote) not in normalize(p.text):
            return CitationCheck(pid, Status.MISMATCH, quote=quote, label=p.label,
                                 message=f"引文与 {pid} 原文不符")
        return CitationCheck(pid, Status.VERIFIED, quote=quote, label=p.label)

    def _guide_exists(self, pid: str) -> bool:
        try:
            from assistant.guides import guide_exists
        except ImportError:
            return False
        return guide_exists(pid)

    def verify_text(self, text: str, as_of: date | None = None, context_doc: str | None = None) -> VerificationReport:
        """Check every ID (刑法#214) and every written citation (《刑法》第二百一十四条) in a text."""
        report = VerificationReport()
        for m in self._ids.finditer(text):
            qm = _QUOTE_BEFORE.search(text[max(0, m.start() - 420): m.start()].rstrip("[（(〔【 "))
            chk = self.check_id(m.group(0), qm.group(1) if qm else None, as_of)
            chk.start, chk.end = m.start(), m.end()
            report.checks.append(chk)
        covered = [(c.start, c.end) for c in report.checks]
        for c in self.store.find_citations(text, context_doc=context_doc):
            if any(s <= c.start < e for s, e in covered):
                continue
            report.checks.append(self._check_written(c, as_of))
        report.checks.sort(key=lambda c: c.start)
        return report

    def _check_written(self, c: Citation, as_of: date | None) -> CitationCheck:
        if not c.doc:
            return CitationCheck(c.raw, Status.NOT_FOUND, c.start, c.end,
                                 message=f"“{c.raw}”未写明所属法律文件，无法核实")
        r = self.store.lookup(c, as_of)
        if r is None:
            return CitationCheck(c.id, Status.NOT_FOUND, c.start, c.end, label=c.label(),
                                 message=f"索引中没有 {c.label()}")
        return CitationCheck(r.provision.id, Status.VERIFIED, c.start, c.end, label=r.provision.label)


def remove_unverified(text: str, report: VerificationReport) -> tuple[str, list[CitationCheck]]:
    """Delete failed citations (with an attached quote for MISMATCH) from the text; return what was removed."""
    removed = [c for c in report.checks if c.status is not Status.VERIFIED]
    out = text
    for c in sorted(removed, key=lambda c: c.start, reverse=True):
        start, end = c.start, c.end
        # take the brackets around an ID with it: [刑法#999] / （刑法#999）
        if start > 0 and end < len(out) and out[start - 1] in "[（(〔【" and out[end] in "]）)〕】":
            start, end = start - 1, end + 1
        if c.status is Status.MISMATCH and c.quote:
            q = out.rfind(c.quote, 0, start)
            if q >= 1 and start - (q + len(c.quote)) <= 3:
                start = q - 1
        out = out[:start] + out[end:]
    return out, removed


def default_verifier() -> CitationVerifier:
    from index.provisions import load_store

    return CitationVerifier(load_store())


__all__ = ["Status", "CitationCheck", "VerificationReport", "CitationVerifier", "remove_unverified", "parse_id"]
