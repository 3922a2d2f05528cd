"""One-click drafts: 检察意见书 (reverse / forward) and 证据缺口清单 as GB/T 9704 DOCX, with verified citations and an
audit record for every document.

    from assistant.drafting import draft_opinion, draft_checklist
    res = draft_opinion(case)                 # -> DraftResult(docx_bytes, filename, warnings, citations, audit_id)

Modules: model (the data of a draft), casefacts (what is taken from the case), lawtext (names, verbatim quotes,
penalty clauses), compose (context + section bookkeeping), reverse / forward (the two letters), letter (assembly,
addressee, review notes), checklist, narrative (model-written sections through the guard), numbering (文号),
writer (DOCX), api (the entry points).
"""
from .api import draft_checklist, draft_opinion, resolve_direction
from .compose import DraftingError
from .model import (ChecklistRow, CitedProvision, DraftResult, EvidenceChecklist, OpinionLetter, Recommendation,
                    ReplyRequest, Section)
from .numbering import allocate_number, format_number, next_sequence

__all__ = ["draft_opinion", "draft_checklist", "resolve_direction", "DraftingError", "DraftResult", "OpinionLetter",
           "EvidenceChecklist", "ChecklistRow", "CitedProvision", "Recommendation", "ReplyRequest", "Section",
           "allocate_number", "format_number", "next_sequence"]
