"""What a draft is, as data: `OpinionLetter` (检察意见书), `EvidenceChecklist` (证据缺口清单) and `DraftResult`.

The text of every section names provisions the way a procurator writes them (《中华人民共和国刑事诉讼法》第一百七十七条
第三款); the provision IDs behind those names are kept beside the text (`Section.citations`, `OpinionLetter.cited`) so
that the verifier and the audit log work on IDs, never on re-parsed prose alone.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

Direction = Literal["reverse", "forward"]
SectionSource = Literal["offline", "model"]
SourceStatus = Literal["full_text", "excerpt", "quotation"]

DIRECTION_TITLE = {"reverse": "反向衔接（不起诉后移送行政主管机关处理）", "forward": "正向衔接（建议行政执法机关移送公安机关）"}


class CitedProvision(BaseModel):
    """One provision the document relies on: its ID, how the document names it, and what the verifier said."""

    id: str
    name: str = Field(description="official name as written in the document, e.g. 《中华人民共和国刑法》第二百一十四条")
    quote: str | None = Field(default=None, description="verbatim words of the provision the document quotes")
    status: str = "VERIFIED"
    message: str = ""
    source_status: SourceStatus = "full_text"


class Section(BaseModel):
    key: str
    heading: str = Field(description="Chinese name of the section (for the web view and the tests), not printed")
    paragraphs: list[str] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list, description="provision IDs this section cites")
    source: SectionSource = "offline"
    prompt_version: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


class Recommendation(BaseModel):
    kind: Literal["administrative_penalty", "transfer"]
    agency: str = Field(description="who should act: the competent agency, or the agency that must transfer")
    measures: list[str] = Field(default_factory=list, description="penalty kinds (reverse) or the transfer (forward)")
    provisions: list[str] = Field(default_factory=list)
    section: Section


class ReplyRequest(BaseModel):
    time_limit: str | None = Field(default=None, description="e.g. 两个月以内; None when the corpus gives no limit")
    source: str | None = Field(default=None, description="provision ID the time limit rests on")
    source_status: SourceStatus = "full_text"
    note: str = ""
    section: Section


class OpinionLetter(BaseModel):
    direction: Direction
    organ: str
    title: str = "检察意见书"
    number: str
    addressee: str
    case: Section
    facts: Section
    reasoning: Section
    recommendation: Recommendation
    reply: ReplyRequest
    attachments: list[str] = Field(default_factory=list)
    date: dt.date
    seal_line: str = "（院印）"
    review_notes: list[str] = Field(default_factory=list, description="审查提示 for the procurator, not for issuing")
    cited: list[CitedProvision] = Field(default_factory=list)

    def body_sections(self) -> list[Section]:
        return [self.case, self.facts, self.reasoning, self.recommendation.section, self.reply.section]

    def body_text(self) -> str:
        """Everything that is issued (not the 审查提示): what the verifier checks."""
        parts = [self.organ, self.title, self.number, self.addressee + "："]
        parts += [s.text for s in self.body_sections()]
        parts += self.attachments
        return "\n".join(parts)


class ChecklistRow(BaseModel):
    element: str
    requirement: str
    required: list[str]
    present: list[str]
    gap: str
    how_to_fill: str
    conversion: str
    provisions: list[str] = Field(default_factory=list, description="provision IDs")
    provision_names: list[str] = Field(default_factory=list)


class EvidenceChecklist(BaseModel):
    organ: str
    title: str = "证据缺口清单"
    case_line: str = Field(description="案件、罪名、衔接方向 in one paragraph")
    requirements: Section
    rows: list[ChecklistRow] = Field(default_factory=list)
    conversion_note: Section
    date: dt.date
    review_notes: list[str] = Field(default_factory=list)
    cited: list[CitedProvision] = Field(default_factory=list)

    def body_text(self) -> str:
        parts = [self.organ, self.title, self.case_line, self.requirements.text]
        for r in self.rows:
            parts += [r.element, r.requirement, "、".join(r.required), "、".join(r.present), r.gap, r.how_to_fill,
                      r.conversion, "、".join(r.provision_names)]
        parts.append(self.conversion_note.text)
        return "\n".join(parts)


class DraftResult(BaseModel):
    """What the CLI and the web app get back. `docx_bytes` is the document; the rest is for display and audit."""

    model_config = {"arbitrary_types_allowed": True}

    docx_bytes: bytes
    filename: str
    warnings: list[str] = Field(default_factory=list, description="citation and data warnings, Chinese")
    citations: list[CitedProvision] = Field(default_factory=list)
    audit_id: int | None = None
    number: str | None = None
    output_path: str | None = None
    backend: str = "offline"
    model: str | None = None
    document: OpinionLetter | EvidenceChecklist | None = None
