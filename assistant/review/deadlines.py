"""Deadline warnings from the review index's deadline rules (corpus/guides/review_index/_deadlines.yaml).

A rule applies when the case records the event that starts its clock. Which event that is, is read from the
rule (its key and `starts` text), so adding a rule to the YAML needs no code unless it starts on a new event.
Working days are counted Monday–Friday; public holidays are not known offline, so a working-day due date is a
lower bound and says so.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

from assistant.intake.case import Case
from assistant.review_index import DeadlineRule, ReviewIndex

from .model import DeadlineWarning, Direction

DUE_SOON_DAYS = 3

# event name → (how to find the start date in a case, how to tell the step was done)
Event = tuple[Callable[[Case], date | None], Callable[[Case], bool]]


EVENTS: dict[str, Event] = {
    "police_review": (lambda c: c.police_accept_date or c.transfer_date,
                      lambda c: bool(c.police_file_date or c.police_decline_date)),
    "reverse_handover": (lambda c: c.decision_date if c.procuratorate_decision == "不起诉" or c.non_prosecution_type else None,
                         lambda c: c.opinion_date is not None),
    "agency_reply": (lambda c: c.opinion_date, lambda c: c.agency_reply_date is not None),
}


def _event_of(rule: DeadlineRule) -> str | None:
    text = f"{rule.key} {rule.name} {rule.starts}"
    if "检察意见" in text and ("回复" in text or "答复" in text):
        return "agency_reply"
    if "公安" in text and ("立案" in text or "审查" in text) and "移送" in text:
        return "police_review"
    if "不起诉" in text and ("移送" in text or "三个工作日" in text or "3" in text) and "行政检察" in text:
        return "reverse_handover"
    return None


def add_days(start: date, days: int, working: bool) -> date:
    if not working:
        return start + timedelta(days=days)
    d, left = start, days
    while left > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            left -= 1
    return d


def evaluate(index: ReviewIndex, case: Case, direction: Direction, today: date) -> list[DeadlineWarning]:
    out: list[DeadlineWarning] = []
    for rule in index.deadlines:
        event = _event_of(rule)
        if event is None:
            continue
        start_of, done = EVENTS[event]
        start = start_of(case)
        if start is None:
            continue
        due = add_days(start, rule.days, rule.working_days)
        if done(case):
            status = "done"
        elif today > due:
            status = "overdue"
        elif (due - today).days <= DUE_SOON_DAYS:
            status = "due_soon"
        else:
            status = "pending"
        flag = {"excerpt": "（依据为摘录文本，请与正式文件核对）", "quotation": "（依据为他人引述，请与正式文件核对）"}.get(
            rule.source_status, "")
        when = "工作日（未计法定节假日）" if rule.working_days else "日"
        msg = {"overdue": f"已超期：{rule.name}应于 {due.isoformat()} 前完成{flag}",
               "due_soon": f"即将到期：{rule.name}应于 {due.isoformat()} 前完成{flag}",
               "pending": f"{rule.name}：期限至 {due.isoformat()}（{rule.days}{when}）{flag}",
               "done": f"{rule.name}：已完成"}[status]
        out.append(DeadlineWarning(key=rule.key, name=rule.name, start=start, due=due, status=status,
                                   source=rule.source, source_status=rule.source_status, message=msg))
    return out
