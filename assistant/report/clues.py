"""Clue detection: each imported case against the review engine (thresholds, limitation) and the deadline rules.

One pass over the rows. The review engine is asked only where its answer can make a clue (a case still in the
administrative stage, or a 不起诉 case without an administrative penalty); transferred cases need only the deadline
rules. Each clue carries one sentence of reason, the numbers behind it
and the provisions it rests on (all resolvable in the statute store).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from assistant.review.direction import limitation as limitation_of
from assistant.review.engine import ReviewEngine
from assistant.review.model import Review, ThresholdFinding

from .convert import money, to_case
from .model import Clue, CaseRow
from .rules import BASES, SOURCE_FLAG, ClueRules, describe

DEFAULT_LIMITATION_YEARS = 2     # 行政处罚法#36.1, when the case matches no review-index entry


@dataclass
class Detection:
    clues: list[Clue] = field(default_factory=list)
    charges: dict[str, str] = field(default_factory=dict)        # case number → recognised charge
    reviewed: int = 0
    review_seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


def _amount(f: ThresholdFinding, value: float | None) -> str:
    if value is None:
        return "—"
    if f.unit == "元":
        return money(value)
    return f"{value:g}{f.unit}"


def _finding(r: Review, status: str) -> ThresholdFinding | None:
    """The finding to quote: for a case that reached the threshold, the highest standard it reached (the strongest
    statement); for early intervention, the standard it comes closest to."""
    same = [f for f in r.thresholds if f.status == status and f.level == "立案追诉" and not f.condition]
    if not same:
        same = [f for f in r.thresholds if f.status == status and not f.condition]
    if not same:
        return None
    if status == "met":
        numeric = [f for f in same if f.op != "present"]
        return max(numeric, key=lambda f: f.value) if numeric else same[0]
    return max(same, key=lambda f: f.ratio or 0)


def _base(row: CaseRow, **kw) -> dict:
    return dict(number=row.number, row=row.row, agency=row.agency, field=row.field, party=row.party, cause=row.cause, **kw)


class ClueDetector:
    def __init__(self, engine: ReviewEngine, rules: ClueRules, as_of: date):
        self.engine, self.rules, self.as_of = engine, rules, as_of

    # -- threshold clues ---------------------------------------------------------------------------
    def _threshold(self, row: CaseRow, r: Review) -> Clue | None:
        if r.threshold_status not in ("met", "near") or not r.top:
            return None
        f = _finding(r, r.threshold_status)
        if f is None:
            return None
        charge = r.top.name
        qualitative = f.op == "present"
        if qualitative:
            figures = f"定性情节：{f.variant or f.quote[:40]}"
        else:
            figures = f"{f.metric}{_amount(f, f.case_value)}；立案追诉标准{_amount(f, f.value)}"
        if f.ratio is not None:
            figures += f"（{f.ratio * 100:.0f}%）"
        notes = ["依据事实描述中的情形判断，需核实证据"] if qualitative else []
        if f.approximate:
            notes.append("数额为约数，需核实准确数额")
        if f.note:
            notes.append(f.note)
        if r.threshold_status == "met":
            stage = (f"已作出行政处罚（{'、'.join(row.penalty_kinds) or '处罚'}"
                     f"{'，罚款' + money(row.fine) if row.fine else ''}），存在以罚代刑风险" if row.penalized
                     else "案件仍在行政程序中，未移送公安机关")
            if qualitative:
                reason = f"事实中出现“{f.variant or f.quote[:40]}”情形，符合{charge}罪立案追诉标准（{f.source}），{stage}。"
            else:
                reason = (f"{f.metric}{_amount(f, f.case_value)}，已达到{charge}罪立案追诉标准{_amount(f, f.value)}"
                          f"（{f.source}），{stage}。")
            return Clue(type="not_transferred", reason=reason, figures=figures,
                        provisions=self.rules.cite(f.source, r.top.article, BASES["not_transferred"]),
                        responsible=row.agency, notes=notes, **_base(row))
        conditional = [c for c in r.thresholds if c.status == "met" and c.condition]
        if conditional:
            notes.append(f"如具备“{conditional[0].condition[:40]}”等情形，已达到{conditional[0].source}规定的较低标准")
        reason = (f"{f.metric}{_amount(f, f.case_value)}，达到{charge}罪立案追诉标准{_amount(f, f.value)}的"
                  f"{(f.ratio or 0) * 100:.0f}%（{f.source}），建议提前介入、跟踪数额查证。")
        return Clue(type="early_intervention", reason=reason, figures=figures,
                    provisions=self.rules.cite(f.source, BASES["early_intervention"]), responsible=row.agency,
                    notes=notes, **_base(row))

    # -- limitation --------------------------------------------------------------------------------
    def _limitation(self, row: CaseRow, r: Review | None, case) -> Clue | None:
        lim = r.direction.limitation if r is not None else None
        if lim is None:
            lim = limitation_of(case, DEFAULT_LIMITATION_YEARS, self.as_of)
        if lim.status not in ("expired", "expiring") or lim.expires is None:
            return None
        days = (lim.expires - self.as_of).days
        state = f"已于 {lim.expires.isoformat()} 届满" if lim.status == "expired" else \
            f"将于 {lim.expires.isoformat()} 届满（还有{days}日）"
        reason = (f"不起诉后尚未给予行政处罚，按行为终了日 {lim.start.isoformat() if lim.start else '—'} 计算，"
                  f"{lim.years}年行政处罚时效{state}（{lim.source}），需核实是否已在期限内被发现立案。")
        return Clue(type="limitation", reason=reason, figures=f"时效{lim.years}年；届满日 {lim.expires.isoformat()}",
                    provisions=self.rules.cite(lim.source, BASES["limitation"]), due=lim.expires, days=days,
                    responsible=row.agency, **_base(row))

    # -- deadline clues ----------------------------------------------------------------------------
    def _police(self, row: CaseRow) -> Clue | None:
        rule = self.rules.police
        start = row.police_accept_date or row.transfer_date
        if rule is None or not row.is_transferred or row.police_decided or row.decision or start is None:
            return None
        due = self.rules.police_due(start)
        if self.as_of <= due:
            return None
        late = (self.as_of - due).days
        what = "接受移送" if row.police_accept_date else "移送"
        reason = (f"{start.isoformat()}{what}后，公安机关应在{describe(rule)}内作出是否立案的决定，"
                  f"截至 {self.as_of.isoformat()} 已逾期{late}日仍无立案或不立案记录。")
        return Clue(type="police_overdue", reason=reason, figures=f"{what}日 {start.isoformat()}；期限届满 {due.isoformat()}；逾期{late}日",
                    provisions=self.rules.cite(rule.source, BASES["police_overdue"]), due=due, days=late,
                    responsible=row.police or "公安机关", **_base(row))

    def _stalled(self, row: CaseRow) -> Clue | None:
        rules = self.rules
        if (row.admin_file_date and not row.penalized and not row.is_transferred and not row.decision
                and (self.as_of - row.admin_file_date).days > rules.stall_days_admin):
            days = (self.as_of - row.admin_file_date).days
            reason = (f"{row.admin_file_date.isoformat()}行政立案，至今{days}日既未作出处罚决定也未移送，"
                      f"超过{rules.stall_days_admin}日（行政处罚法#60 一般为九十日，法律、法规、规章另有规定的除外）。")
            return Clue(type="stalled", reason=reason, figures=f"行政立案 {row.admin_file_date.isoformat()}；已{days}日",
                        provisions=rules.cite(BASES["stalled_admin"]), days=days, responsible=row.agency, **_base(row))
        if row.police_file_date and not row.decision and (self.as_of - row.police_file_date).days > rules.stall_days_police:
            days = (self.as_of - row.police_file_date).days
            reason = (f"{row.police_file_date.isoformat()}公安机关立案，至今{days}日仍无检察机关决定记录，"
                      f"超过本院设定的{rules.stall_days_police}日，存在立而不侦风险。")
            return Clue(type="stalled", reason=reason, figures=f"公安立案 {row.police_file_date.isoformat()}；已{days}日",
                        provisions=rules.cite(BASES["stalled_police"]), days=days,
                        responsible=row.police or "公安机关", **_base(row))
        return None

    def _reverse(self, row: CaseRow) -> Clue | None:
        rules = self.rules
        if (not rules.reverse or "no_reverse_transfer" in rules.disabled or row.decision != "不起诉"
                or row.np_type == "附条件不起诉" or not row.decision_date or row.opinion_date or row.penalized):
            return None
        due = rules.reverse_due(row.decision_date)
        if self.as_of <= due:
            return None
        late = (self.as_of - due).days
        reason = (f"{row.decision_date.isoformat()}作出不起诉决定，应在{rules.reverse_text()}内移送并审查终结，"
                  f"截至 {self.as_of.isoformat()} 已逾期{late}日，仍未发出检察意见书，行政机关也未作出处罚。")
        notes = [f"{r.source}：{SOURCE_FLAG[r.source_status]}" for r in rules.reverse if r.source_status in SOURCE_FLAG]
        return Clue(type="no_reverse_transfer", reason=reason,
                    figures=f"不起诉决定 {row.decision_date.isoformat()}；期限届满 {due.isoformat()}；逾期{late}日",
                    provisions=rules.cite([r.source for r in rules.reverse], BASES["no_reverse_transfer"]), due=due,
                    days=late, responsible="本院（刑事检察部门、行政检察部门）", notes=notes, **_base(row))

    def _reply(self, row: CaseRow) -> Clue | None:
        rule = self.rules.reply
        if rule is None or not row.opinion_date or row.reply_date:
            return None
        due = self.rules.reply_due(row.opinion_date)
        if self.as_of <= due:
            return None
        late = (self.as_of - due).days
        reason = (f"{row.opinion_date.isoformat()}发出检察意见书，行政机关应在收到后{describe(rule)}内书面回复，"
                  f"按发出日计算已逾期{late}日仍未回复。")
        notes = [f"{rule.source}：{SOURCE_FLAG[rule.source_status]}"] if rule.source_status in SOURCE_FLAG else []
        notes.append("期限自行政机关收到检察意见书之日起算，发出日与收到日之间的送达时间请核实")
        return Clue(type="no_reply", reason=reason,
                    figures=f"检察意见书 {row.opinion_date.isoformat()}；期限届满 {due.isoformat()}；逾期{late}日",
                    provisions=self.rules.cite(rule.source, BASES["no_reply"]), due=due, days=late,
                    responsible=row.agency, notes=notes, **_base(row))

    # -- one row, all rows -------------------------------------------------------------------------
    def needs_review(self, row: CaseRow) -> bool:
        # Every case still in the administrative stage: some standards are circumstances the facts describe
        # (行为犯 such as 生产、销售假药), not amounts.
        in_admin = not row.is_transferred and not row.decision and row.cause != "未填写"
        return in_admin or (row.non_prosecuted and not row.penalized)

    def row_clues(self, row: CaseRow, det: Detection) -> list[Clue]:
        out: list[Clue] = []
        review = case = None
        if self.needs_review(row):
            case = to_case(row)
            review = self.engine.review(case, self.as_of)
            det.reviewed += 1
            if review.top:
                det.charges[row.number] = review.top.name
            if not row.is_transferred and not row.decision:
                out.append(self._threshold(row, review))
            if row.non_prosecuted and not row.penalized and case.conduct_start:
                out.append(self._limitation(row, review, case))
        out += [self._police(row), self._stalled(row), self._reverse(row), self._reply(row)]
        return [c for c in out if c is not None]


def detect(rows: list[CaseRow], detector: ClueDetector, progress: Callable[[int], None] | None = None) -> Detection:
    import time

    det = Detection()
    t0 = time.perf_counter()
    for i, row in enumerate(rows, 1):
        try:
            det.clues.extend(detector.row_clues(row, det))
        except Exception as exc:  # one bad row must not stop the month; it is named in the report
            det.errors.append(f"第{row.row}行（{row.number}）审查出错：{type(exc).__name__}: {exc}")
        if progress and i % 500 == 0:
            progress(i)
    det.review_seconds = time.perf_counter() - t0
    return det
