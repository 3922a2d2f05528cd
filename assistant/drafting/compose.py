"""The drafting context shared by the letter composers: the case, its review, the provision texts, and the bookkeeping
of what each section cites (IDs kept beside the prose) and what the procurator must be told (审查提示)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from assistant.errors import UserError
from assistant.intake.case import Case, Party
from assistant.review.model import ChargeCandidate, Review, ThresholdFinding
from assistant.review_index import ReviewIndex

from . import casefacts
from .lawtext import LawText
from .model import CitedProvision, Section


class DraftingError(UserError):
    """The case cannot be drafted into the requested document (message in Chinese, exit code 2)."""

    code = "drafting_error"
    exit_code = 2


@dataclass
class DraftContext:
    case: Case
    review: Review
    law: LawText
    index: ReviewIndex
    direction: str                      # "reverse" | "forward"
    today: date
    procuratorate: str
    notes: list[str] = field(default_factory=list)
    cited: dict[str, CitedProvision] = field(default_factory=dict)
    facts: str = ""                     # the case's 查明 text, with instruction-like sentences removed
    dropped: list[str] = field(default_factory=list)
    party: Party | None = None
    review_kind: str | None = None      # the review's own direction, when the user forced another one

    def __post_init__(self) -> None:
        self.party = casefacts.main_party(self.case)
        self.facts, self.dropped = casefacts.drop_instructions(casefacts.facts_excerpt(self.case))
        if self.dropped:
            shown = "；".join(s[:60] for s in self.dropped)
            self.notes.append(f"案件材料中有疑似对模型下达指令的语句，未写入文书，也未改变文书的结构和引用：{shown}")

    # -- the case ----------------------------------------------------------------------------------------------
    @property
    def charge(self) -> ChargeCandidate | None:
        return self.review.top

    @property
    def who(self) -> str:
        """被不起诉人张建国 / 当事人某某公司."""
        return casefacts.party_label(self.party, self.direction)

    @property
    def name(self) -> str:
        return self.party.name if self.party else self.who

    def met_thresholds(self) -> list[ThresholdFinding]:
        """Thresholds the facts meet without a further condition the case does not establish."""
        return [t for t in self.review.thresholds if t.status == "met" and not t.condition]

    def basis(self) -> str:
        """What penalty clauses are matched against: the facts, and the threshold wording the review found met."""
        return "\n".join([self.case.facts or "", *(t.quote for t in self.met_thresholds())])

    # -- citations ---------------------------------------------------------------------------------------------
    def cite(self, pid: str, quote: str | None = None, item: str | None = None) -> CitedProvision | None:
        """Record a provision the document relies on; None (and a note) when it does not verify."""
        c = self.law.cite(pid, quote, item)
        if c.status != "VERIFIED":
            self.notes.append(f"{pid} 未能核实（{c.message}），未写入文书，请人工补充依据。")
            return None
        key = f"{pid}|{quote or ''}|{item or ''}"
        self.cited.setdefault(key, c)
        return c


class SectionBuilder:
    """Paragraphs of one section plus the IDs they cite; names come from the verified provision records."""

    def __init__(self, ctx: DraftContext, key: str, heading: str):
        self.ctx, self.key, self.heading = ctx, key, heading
        self.paragraphs: list[str] = []
        self.ids: list[str] = []

    def name(self, pid: str, quote: str | None = None, item: str | None = None) -> str | None:
        c = self.ctx.cite(pid, quote, item)
        if c is None:
            return None
        self.ids.append(pid)
        return c.name

    def names(self, pids: list[str]) -> str | None:
        """Several provisions in one phrase: 《A》第五条、第六条和《B》第二十七条第一款 (a document named once)."""
        groups: list[tuple[str, list[str]]] = []
        for pid in dict.fromkeys(pids):
            if self.name(pid) is None:
                continue
            title = self.ctx.law.title(pid)
            label = self.ctx.law.name(pid)[len(title):]
            if groups and groups[-1][0] == title:
                groups[-1][1].append(label)
            else:
                groups.append((title, [label]))
        if not groups:
            return None
        parts = [t + "、".join(labels) for t, labels in groups]
        return parts[0] if len(parts) == 1 else "、".join(parts[:-1]) + "和" + parts[-1]

    def quote(self, pid: str, phrase: str) -> str | None:
        """`phrase` if the provision says it verbatim (recorded as the quote), else None."""
        if self.ctx.law.exact(pid, phrase) is None:
            self.ctx.notes.append(f"{pid} 的原文与预期不符（语料可能已更新），该处未引用原文，请核对。")
            return None
        self.name(pid, phrase)
        return phrase

    def add(self, text: str | None) -> None:
        if text and text.strip():
            self.paragraphs.append(text.strip())

    def add_established_facts(self) -> bool:
        """"经审查查明：…" from the case's facts, one paragraph per line; False (and a note) when there are none."""
        if not self.ctx.facts:
            self.ctx.notes.append("案件材料中没有可摘录的查明事实，事实部分请检察官补写。")
            return False
        lines = self.ctx.facts.split("\n")
        self.add("经审查查明：" + lines[0])
        for line in lines[1:]:
            self.add(line)
        return True

    def build(self) -> Section:
        return Section(key=self.key, heading=self.heading, paragraphs=self.paragraphs,
                       citations=list(dict.fromkeys(self.ids)))


def require_charge(ctx: DraftContext) -> ChargeCandidate:
    if ctx.charge is None:
        reason = ctx.review.abstain_reason or "审查未能确定涉嫌罪名"
        raise DraftingError(f"无法起草检察意见书：{reason}。请在案件材料中写明罪名（JSON 的 charge_hint 字段）后重试。")
    return ctx.charge


def decision_basis_names(sb: SectionBuilder, ids: list[str]) -> str | None:
    return sb.names([i for i in ids if sb.ctx.law.exists(i)]) if ids else None
