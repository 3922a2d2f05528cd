"""CaseRow → the intake `Case` the review engine works on.

`ReportCase` is the shared `Case` (which carries opinion_date and agency_reply_date).
"""
from __future__ import annotations

from decimal import Decimal


from assistant.intake.case import AdministrativeDecision, Amount, Case, Party, Quantity

from .model import CaseRow

# The shared Case now carries 检察意见书发出日期 / 行政机关回复日期 itself; the name stays for callers.
ReportCase = Case


def charge_hint(row: CaseRow) -> str:
    hint = (row.charge or row.cause or "").strip()
    for prefix in ("涉嫌",):
        hint = hint.removeprefix(prefix)
    return hint.removesuffix("罪")


def to_case(row: CaseRow) -> ReportCase:
    hint = charge_hint(row)
    amounts: list[Amount] = []
    for metric, (value, approx, raw) in row.amounts.items():
        # 涉案物品价值 goes in as 价值; the review itself lets it stand for 矿产品价值 / 非法经营数额 with a note.
        amounts.append(Amount(metric=metric, value=value, approximate=approx, qualifier="至少" if approx else None,
                              raw=raw if raw and raw != "None" else f"{value}元"))
    quantities: list[Quantity] = []
    if row.quantity is not None and row.quantity_unit:
        quantities.append(Quantity(value=row.quantity, unit=row.quantity_unit, item=row.item, raw=row.quantity_raw))
    decisions: list[AdministrativeDecision] = []
    if row.penalized:
        decisions.append(AdministrativeDecision(agency=row.agency, date=row.penalty_date, penalty_kinds=row.penalty_kinds,
                                                fine_amount=row.fine if row.fine else None))
    if row.fine:
        amounts.append(Amount(metric="罚款", value=row.fine, raw=f"{row.fine}元"))
    parties = []
    if row.party or row.party_kind == "单位":
        parties.append(Party(name=row.party or "（未填写）", kind=row.party_kind))   # type: ignore[arg-type]
    return ReportCase(
        id=row.number,
        facts=row.facts or row.cause,
        source_kind="json",
        doc_type="行政处罚决定书" if row.penalized else "其他",
        parties=parties,
        conduct_start=row.conduct_date,
        conduct_end=row.conduct_end,
        amounts=amounts,
        quantities=quantities,
        administrative_decisions=decisions,
        transfer_date=row.transfer_date,
        police_accept_date=row.police_accept_date,
        police_file_date=row.police_file_date,
        police_decline_date=row.police_decline_date,
        procuratorate_decision=row.decision,        # type: ignore[arg-type]
        non_prosecution_type=row.np_type,           # type: ignore[arg-type]
        decision_date=row.decision_date,
        agency=row.agency,
        charge_hint=hint or None,
        opinion_date=row.opinion_date,
        agency_reply_date=row.reply_date,
    )


def money(v: Decimal | float | None) -> str:
    """86000 → 8.6万元, 1234.5 → 1234.5元: how amounts read in the report."""
    if v is None:
        return "—"
    d = Decimal(str(v))
    if d >= 10000:
        w = (d / 10000).normalize()
        return f"{w:f}万元" if abs(w.as_tuple().exponent) <= 4 else f"{d / 10000:.2f}万元"
    return f"{d.normalize():f}元"
