"""Overview figures of the month: per agency and field, the steps of the case flow (cases, penalties, transfers,
police filings, 不起诉, reverse transfers, replies), and the daily series of penalties and transfers in the month."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal

from .model import CaseRow

LABELS = {"cases": "案件数", "penalized": "行政处罚", "transferred": "移送公安", "police_filed": "公安立案",
          "police_declined": "公安不立案", "non_prosecuted": "不起诉", "opinions": "检察意见书（反向移送）",
          "replies": "行政机关回复", "fines": "罚款合计"}


@dataclass
class Counts:
    cases: int = 0
    penalized: int = 0
    transferred: int = 0
    police_filed: int = 0
    police_declined: int = 0
    non_prosecuted: int = 0
    opinions: int = 0
    replies: int = 0
    fines: Decimal = Decimal(0)

    def add(self, r: CaseRow) -> None:
        self.cases += 1
        self.penalized += r.penalized
        self.transferred += r.is_transferred
        self.police_filed += r.police_file_date is not None
        self.police_declined += r.police_decline_date is not None
        self.non_prosecuted += r.non_prosecuted
        self.opinions += r.opinion_date is not None
        self.replies += r.reply_date is not None
        if r.fine:
            self.fines += r.fine

    @property
    def transfer_rate(self) -> float:
        return self.transferred / self.cases if self.cases else 0.0

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class Overview:
    start: date
    end: date
    total: Counts = field(default_factory=Counts)
    by_agency: dict[str, Counts] = field(default_factory=dict)
    by_field: dict[str, Counts] = field(default_factory=dict)
    daily_penalties: list[int] = field(default_factory=list)     # one per day of the month
    daily_transfers: list[int] = field(default_factory=list)
    new_cases: int = 0                                            # 行政立案 within the month

    def agencies(self) -> list[tuple[str, Counts]]:
        return sorted(self.by_agency.items(), key=lambda kv: (-kv[1].cases, kv[0]))

    def fields_(self) -> list[tuple[str, Counts]]:
        return sorted(self.by_field.items(), key=lambda kv: (-kv[1].cases, kv[0]))


def overview(rows: list[CaseRow], start: date, end: date) -> Overview:
    ov = Overview(start, end)
    by_agency: dict[str, Counts] = defaultdict(Counts)
    by_field: dict[str, Counts] = defaultdict(Counts)
    days = (end - start).days + 1
    ov.daily_penalties, ov.daily_transfers = [0] * days, [0] * days
    for r in rows:
        ov.total.add(r)
        by_agency[r.agency].add(r)
        by_field[r.field].add(r)
        if r.penalty_date and start <= r.penalty_date <= end:
            ov.daily_penalties[(r.penalty_date - start).days] += 1
        if r.transfer_date and start <= r.transfer_date <= end:
            ov.daily_transfers[(r.transfer_date - start).days] += 1
        if r.admin_file_date and start <= r.admin_file_date <= end:
            ov.new_cases += 1
    ov.by_agency, ov.by_field = dict(by_agency), dict(by_field)
    return ov


def month_days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]
