"""Run every extractor over a case text and assemble a `Case`.

`case_from_text` is the whole pipeline for a document or a facts paragraph; `case_from_dict` takes a JSON case
({"id", "facts"} plus any Case fields) and fills in only the fields the JSON does not give: what the user states
wins over what we read.
"""
from __future__ import annotations

import hashlib
import re
from typing import Any

from pydantic import ValidationError

from assistant.intake.amounts import extract_amounts, extract_quantities
from assistant.intake.case import AdministrativeDecision, Amount, Case, DocType, SourceKind
from assistant.intake.dates import DateRoles, assign_roles, find_dates
from assistant.intake.documents import (
    agency_in, agency_numbers, charge_hint, detect_doc_type, document_numbers, find_agency, find_procuratorate,
    non_prosecution_basis, penalty_kinds, procuratorate_decision, procuratorate_number, region_of,
)
from assistant.intake.parties import extract_evidence, extract_parties
from assistant.intake.text import normalize_text


class IntakeError(ValueError):
    """A case that cannot be read; the message is in Chinese and meant for the user."""


_DECISION_PASSAGE = re.compile(
    r"作出如下(?:行政)?处罚|处罚决定如下|决定如下|(?:本局|本机关|本委|本厅)决定|决定(?:对当事人)?(?:给予|作出|处以)"
)
_PASSAGE_END = re.compile(r"如不服|不服本(?:处罚)?决定|申请行政复议|提起行政诉讼")
_SENTENCES = re.compile(r"[^。；;\n]+")
_IMPOSED = re.compile(r"作出|给予|处以|处罚款|决定|被[^。；]{0,20}?(?:处罚|罚款)|受[过到]")
_NOT_IMPOSED = re.compile(r"需要给予|应当给予|应予|可以|建议|检察意见|处[^。；]{0,6}以下|以上[^。；]{0,8}以下|"
                          r"尚未|未(?:对[^。；]{0,12})?作出|没有作出|未予|不予|移送前未")


def _confiscated(amounts: list[Amount], text: str, lo: int, hi: int) -> Any:
    for a in amounts:
        if a.metric == "违法所得数额" and a.start is not None and lo <= a.start < hi and "没收" in text[max(a.start - 12, 0):a.start]:
            return a.value
    return None


def _fine(amounts: list[Amount], lo: int, hi: int) -> Any:
    return next((a.value for a in amounts if a.metric == "罚款" and a.start is not None and lo <= a.start < hi), None)


def _administrative_decisions(text: str, doc_type: DocType, agency: str | None, roles: DateRoles,
                              numbers: list[str], amounts: list[Amount]) -> list[AdministrativeDecision]:
    if doc_type == "行政处罚决定书":
        m = _DECISION_PASSAGE.search(text)
        lo = m.start() if m else 0
        end = _PASSAGE_END.search(text, lo)
        hi = end.start() if end else len(text)
        admin_dates = [d.first for d, _ in roles.admin_decisions if d.precision == "day"]
        own = agency_numbers(numbers)
        return [AdministrativeDecision(
            agency=agency, number=own[0] if own else None, date=roles.document_date or (admin_dates[-1] if admin_dates else None),
            penalty_kinds=penalty_kinds(text[lo:hi]), fine_amount=_fine(amounts, lo, hi),
            confiscated_amount=_confiscated(amounts, text, lo, hi),
        )]
    out = []
    dated = {span: d for d, span in roles.admin_decisions}
    for s in _SENTENCES.finditer(text):
        sentence = s.group(0)
        kinds = penalty_kinds(sentence)
        if not kinds or not _IMPOSED.search(sentence) or _NOT_IMPOSED.search(sentence):
            continue
        when = dated.get((s.start(), s.end()))
        if when is None:
            days = [d for d in find_dates(sentence) if d.precision == "day"]
            when_date = days[0].first if days else None
        else:
            when_date = when.first
        own = agency_numbers(document_numbers(sentence))
        out.append(AdministrativeDecision(
            agency=agency_in(sentence), number=own[0] if own else None, date=when_date,
            penalty_kinds=kinds, fine_amount=_fine(amounts, s.start(), s.end()),
            confiscated_amount=_confiscated(amounts, text, s.start(), s.end()),
        ))
    return out


def extract_fields(text: str) -> dict[str, Any]:
    """All Case fields read from a normalised text (no id, no source_kind)."""
    warnings: list[str] = []
    doc_type = detect_doc_type(text)
    amounts, amount_warnings = extract_amounts(text)
    warnings += amount_warnings
    quantities = extract_quantities(text)
    roles = assign_roles(text)
    warnings += roles.warnings
    numbers = document_numbers(text)
    decision_date = roles.np_decision_date or (roles.document_date if doc_type == "不起诉决定书" else None)
    np_type, basis, basis_warnings = non_prosecution_basis(text, decision_date)
    warnings += basis_warnings
    decision = procuratorate_decision(text, doc_type)
    agency = find_agency(text, doc_type)
    procuratorate = find_procuratorate(text)
    if decision in ("不起诉", "附条件不起诉") and np_type is None:
        warnings.append("未能识别不起诉的类型及法律依据（刑事诉讼法第一百七十七条等），请补充")
    if decision == "附条件不起诉":
        np_type = "附条件不起诉"
    if not amounts and not quantities:
        warnings.append("未识别到涉案金额或数量")
    if roles.conduct_start is None:
        warnings.append("未识别到违法犯罪行为的发生时间")
    return {
        "facts": text,
        "doc_type": doc_type,
        "parties": extract_parties(text),
        "conduct_start": roles.conduct_start,
        "conduct_end": roles.conduct_end,
        "amounts": amounts,
        "quantities": quantities,
        "administrative_decisions": _administrative_decisions(text, doc_type, agency, roles, numbers, amounts),
        "transfer_date": roles.transfer_date,
        "police_accept_date": roles.police_accept_date,
        "police_file_date": roles.police_file_date,
        "police_decline_date": roles.police_decline_date,
        "procuratorate_decision": decision,
        "non_prosecution_type": np_type if decision in ("不起诉", "附条件不起诉", None) else None,
        "decision_date": decision_date if decision in ("不起诉", "附条件不起诉") else None,
        "decision_number": procuratorate_number(numbers),
        "decision_basis": basis,
        "evidence": extract_evidence(text, doc_type),
        "agency": agency,
        "region": region_of(procuratorate) or region_of(agency),
        "procuratorate": procuratorate,
        "charge_hint": charge_hint(text),
        "warnings": warnings,
    }


def _default_id(text: str) -> str:
    return "case-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def case_from_text(text: str, id: str | None = None, source_kind: SourceKind = "txt") -> Case:
    """Read every field of a Case from a document's or a paragraph's text."""
    if not isinstance(text, str) or not text.strip():
        raise IntakeError("案件内容为空：没有可读取的文字")
    norm = normalize_text(text)
    return Case(id=id or _default_id(norm), source_kind=source_kind, **extract_fields(norm))


def _validation_message(err: ValidationError) -> str:
    parts = []
    for e in err.errors()[:5]:
        where = ".".join(str(p) for p in e["loc"]) or "案件"
        parts.append(f"{where}（{e['msg']}，收到：{str(e.get('input'))[:40]}）")
    return "案件字段格式不正确：" + "；".join(parts)


def case_from_dict(data: dict[str, Any], source_kind: SourceKind = "json") -> Case:
    """A case given as a dict: the fields it states are kept, the others are read from its facts."""
    if not isinstance(data, dict):
        raise IntakeError("案件 JSON 应为对象（{\"id\": …, \"facts\": …}），收到的是" + type(data).__name__)
    facts = data.get("facts")
    if facts is not None and not isinstance(facts, str):
        raise IntakeError("facts 字段应为文字")
    if data.get("id") in (None, ""):
        if not facts:
            raise IntakeError("案件缺少 id 和 facts 字段")
    unknown = sorted(k for k in data if k not in Case.model_fields)
    fields: dict[str, Any] = {}
    if facts and facts.strip():
        fields = extract_fields(normalize_text(facts))
    given = {k: v for k, v in data.items() if k in Case.model_fields and v is not None and k != "facts"}
    warnings = list(given.pop("warnings", []) or []) + fields.pop("warnings", [])
    if unknown:
        warnings.append("忽略了未知字段：" + "、".join(unknown[:10]))
    if facts and "doc_type" in given and "evidence" not in given and given["doc_type"] != fields.get("doc_type"):
        # who collected the evidence follows the kind of document; the caller knows it better than the text did
        fields["evidence"] = extract_evidence(normalize_text(facts), given["doc_type"])
    fields.update(given)
    fields["warnings"] = warnings
    fields.setdefault("facts", "")
    fields.setdefault("id", _default_id(facts or ""))
    fields["id"] = str(fields["id"])
    fields.setdefault("source_kind", source_kind)
    try:
        return Case(**fields)
    except ValidationError as err:
        raise IntakeError(_validation_message(err)) from None
