"""One-click drafts, the Python API the CLI and the web app call:

    from assistant.drafting import draft_opinion, draft_checklist
    res = draft_opinion(case)                                   # review, compose, verify, render, audit
    res = draft_opinion(case, direction="forward", backend="openai", user="王检察官", output="out.docx")
    res.docx_bytes, res.filename, res.warnings, res.citations, res.audit_id

`case` is a Case, a dict (case JSON) or a path; `review` defaults to a fresh review of the case; `direction` defaults
to the review's; `backend` is a registry name ("offline", "openai", …) or a chat object (tests pass a fake).
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from assistant.audit import AuditEntry, AuditLog, case_hash, sha256_bytes
from assistant.intake.case import Case
from assistant.review.model import Direction, Review
from assistant.verify import CitationVerifier, Status, VerificationReport, remove_unverified

from .checklist import compose_checklist
from .compose import DraftContext, DraftingError
from .lawtext import LawText
from .letter import compose_letter
from .model import CitedProvision, DraftResult, EvidenceChecklist, OpinionLetter
from .narrative import write_narratives
from .numbering import allocate_number
from .writer import checklist_docx, letter_docx

_UNSAFE = str.maketrans({c: "_" for c in '/\\:*?"<>|'})


@lru_cache(maxsize=2)
def _law(corpus_dir: str) -> LawText:
    from index.provisions import load_store

    return LawText(load_store(Path(corpus_dir)))


def _as_case(case) -> Case:
    if isinstance(case, Case):
        return case
    if isinstance(case, dict):
        from assistant.intake import case_from_dict

        return case_from_dict(case)
    if isinstance(case, (str, Path)):
        from assistant.intake import load_case

        return load_case(Path(case))
    raise DraftingError(f"无法识别的案件输入（{type(case).__name__}）：应为案件文件、案件 JSON 或 Case")


def _chat(backend, settings):
    from assistant.llm.plugins import chat_from_settings

    if backend is None or isinstance(backend, str):
        return chat_from_settings(settings, backend=backend)
    return backend


def resolve_direction(review: Review, case: Case, forced: str | None, today: date) -> Review:
    """The review with the direction to draft. Without `forced`, the review's own, and none is an error that says why;
    a forced direction the review did not reach gets its administrative data from the review index."""
    kind = review.direction.kind
    if forced is None:
        if kind == "none":
            why = "；".join(review.direction.reasons) or (review.abstain_reason or "未达到移送条件，也没有不起诉决定")
            raise DraftingError(f"审查结论为“无需衔接移送”（{why}），不起草检察意见书。如确需起草，请用 --direction "
                                "reverse 或 --direction forward 指定方向。")
        return review
    if forced not in ("reverse", "forward"):
        raise DraftingError(f"衔接方向只能是 reverse（反向）或 forward（正向）：{forced}")
    if forced == kind:
        return review
    from assistant.review import default_engine
    from assistant.review.direction import FORWARD_BASES, REVERSE_BASES, agency_type, limitation

    entry = default_engine().index.get(review.top.name) if review.top else None
    adm = entry.administrative if entry else None
    d = Direction(kind=forced, agency=agency_type(adm.agency) if adm else case.agency,
                  agency_detail=adm.agency if adm else None)
    d.reasons.append("方向由使用者指定")
    if forced == "reverse":
        d.provisions = list(REVERSE_BASES)
        if adm:
            d.violated_provisions, d.penalty_provisions = list(adm.violated), list(adm.penalty_provisions)
            d.penalties, d.checks = list(adm.penalties), list(adm.checks)
            d.limitation = limitation(case, adm.limitation_years, today)
    else:
        d.provisions = list(FORWARD_BASES)
    return review.model_copy(update={"direction": d})


def _quote_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”", text)]


def _safety_net(doc: OpinionLetter, verifier: CitationVerifier) -> list[str]:
    """Last check of every issued paragraph: a citation that does not verify (e.g. one copied from the case text) is
    removed and reported. The composers never write one; this is what makes "never silent" hold regardless.
    Inside a provision the composer quoted verbatim, the law's own words ("本法第十六条") are not our citations."""
    notes = []
    for section in doc.body_sections():
        composed = section.source == "offline" and section.key != "facts"
        for i, para in enumerate(section.paragraphs):
            report = verifier.verify_text(para)
            spans = _quote_spans(para) if composed else []
            failed = [c for c in report.checks if c.status is not Status.VERIFIED
                      and not any(s <= c.start and c.end <= e for s, e in spans)]
            if not failed:
                continue
            cleaned, removed = remove_unverified(para, VerificationReport(failed))
            section.paragraphs[i] = cleaned
            notes += [f"【{section.heading}】已删除无法核实的引用 {c.id}：{c.message}" for c in removed]
    return notes


def _citations(body: str, cited: list[CitedProvision], law: LawText) -> list[CitedProvision]:
    """The document's citations: every quote record, plus every provision the issued text names."""
    out = {(c.id, c.quote): c for c in cited}
    seen = {c.id for c in cited}
    for chk in law.verifier.verify_text(body).checks:
        if chk.id not in seen:
            seen.add(chk.id)
            out[(chk.id, None)] = CitedProvision(id=chk.id, name=law.name(chk.id) if law.exists(chk.id) else chk.id,
                                                 status=chk.status.value, message=chk.message,
                                                 source_status=law.source_status(chk.id))
    return list(out.values())


def _finish(kind: str, document, data: bytes, filename: str, warnings: list[str], citations: list[CitedProvision],
            case: Case, review: Review, settings, user: str | None, chat, prompts: dict, output) -> DraftResult:
    from assistant.review.summary import summarize

    path = None
    if output is not None:
        path = Path(output)
        if path.is_dir():
            path = path / filename
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".part")
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError as exc:
            raise DraftingError(f"无法写入文书文件 {path}：{exc.strerror or exc}") from None
    warnings = list(dict.fromkeys(warnings))
    entry = AuditEntry(
        user=user or settings.user_name, kind=kind, case_hash=case_hash(case), output_sha256=sha256_bytes(data),
        backend=getattr(chat, "name", "offline"), model=getattr(chat, "model", None),
        settings_fingerprint=settings.fingerprint(), prompt_versions=prompts,
        citations=[c.model_dump(exclude_none=True) for c in citations],
        direction=getattr(document, "direction", None), document_number=getattr(document, "number", None),
        case_id=case.id, review_summary=summarize(review), output_path=str(path.resolve()) if path else None,
        warnings=warnings)
    audit_id = AuditLog(settings.db_path).record(entry)
    return DraftResult(docx_bytes=data, filename=filename, warnings=warnings, citations=citations, audit_id=audit_id,
                       number=getattr(document, "number", None), output_path=str(path) if path else None,
                       backend=entry.backend, model=entry.model, document=document)


def _prepare(case, review, settings, today):
    from assistant.review import default_engine, review_case
    from assistant.settings import get_settings

    s = settings or get_settings()
    today = today or date.today()
    case = _as_case(case)
    review = review or review_case(case, today)
    return s, today, case, review, _law(str(s.corpus_dir)), default_engine().index


def _data_warnings(case: Case, review: Review) -> list[str]:
    return list(dict.fromkeys([*case.warnings, *review.warnings]))


def draft_opinion(case, review: Review | None = None, direction: str | None = None, backend=None,
                  user: str | None = None, *, settings=None, today: date | None = None, addressee: str | None = None,
                  output: str | Path | None = None, number: str | None = None) -> DraftResult:
    """检察意见书 for a case (see module doc). Raises DraftingError (Chinese message) when it cannot be drafted."""
    s, today, case, review, law, index = _prepare(case, review, settings, today)
    review_kind = review.direction.kind
    review = resolve_direction(review, case, direction, today)
    ctx = DraftContext(case=case, review=review, law=law, index=index, direction=review.direction.kind, today=today,
                       procuratorate=s.procuratorate, review_kind=review_kind)
    letter = compose_letter(ctx, number="（文号）", addressee=addressee)
    chat = _chat(backend, s)
    prompts, model_notes = {}, []
    if not getattr(chat, "is_offline", True):
        report = write_narratives(letter, ctx, chat, law.verifier)
        prompts, model_notes = report.prompt_versions, report.notes
    net = _safety_net(letter, law.verifier)
    letter.review_notes = list(dict.fromkeys(letter.review_notes + model_notes + net))
    letter.number = number or allocate_number(s, today.year)
    data = letter_docx(letter)
    citations = _citations(letter.body_text(), letter.cited, law)
    warnings = model_notes + net + ctx.notes + _data_warnings(case, review)
    filename = f"检察意见书_{letter.number}.docx".translate(_UNSAFE)
    return _finish("opinion", letter, data, filename, warnings, citations, case, review, s, user, chat, prompts,
                   output)


def draft_checklist(case, review: Review | None = None, backend=None, user: str | None = None, *, settings=None,
                    today: date | None = None, output: str | Path | None = None) -> DraftResult:
    """证据缺口清单 for a case. Composed offline whatever the backend (a table of facts, nothing for a model to write);
    `backend` is accepted for symmetry and recorded as "offline"."""
    s, today, case, review, law, index = _prepare(case, review, settings, today)
    kind = review.direction.kind if review.direction.kind != "none" else "reverse"
    ctx = DraftContext(case=case, review=review, law=law, index=index, direction=kind, today=today,
                       procuratorate=s.procuratorate)
    checklist: EvidenceChecklist = compose_checklist(ctx)
    data = checklist_docx(checklist)
    citations = _citations(checklist.body_text(), checklist.cited, law)
    bad = [c for c in citations if c.status != Status.VERIFIED.value]
    warnings = [f"{c.id}：{c.message}" for c in bad] + ctx.notes + _data_warnings(case, review)
    stem = (case.decision_number or case.id).translate(_UNSAFE)
    from assistant.llm.base import OfflineChat

    return _finish("checklist", checklist, data, f"证据缺口清单_{stem}.docx", warnings, citations, case, review, s,
                   user, OfflineChat(), {}, output)
