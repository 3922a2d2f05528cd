"""The periods and legal bases the clue detection uses, taken from the review index's deadline rules
(corpus/guides/review_index/_deadlines.yaml) and the settings — never typed in here.

A rule missing from the index switches its clue type off and says so in the report, instead of guessing a period.
Periods the source states in months (两个月) are counted in calendar months, as the rule's note asks.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from assistant.review.deadlines import add_days
from assistant.review_index import DeadlineRule, ReviewIndex
from index.provisions import ProvisionStore

from .model import CLUE_NAMES

POLICE_RULE = "police_review_transfer"
REVERSE_RULES = ("reverse_handover", "reverse_review")      # hand-over to 行政检察, then its review: chained
REPLY_RULE = "agency_reply"
LIMITATION_RULE = "admin_penalty_limitation"

SOURCE_FLAG = {"excerpt": "依据为摘录文本，须与正式文件核对", "quotation": "依据为他人引述，须与正式文件核对"}

# Legal bases cited by each clue type besides the rule sources; every one is checked against the store.
BASES: dict[str, list[str]] = {
    "not_transferred": ["移送涉嫌犯罪案件规定#3.1", "移送涉嫌犯罪案件规定#11.1", "行政处罚法#27.1"],
    "early_intervention": [],
    "police_overdue": ["刑事诉讼规则#562.1"],
    "stalled_admin": ["行政处罚法#60"],
    "stalled_police": [],
    "no_reverse_transfer": ["刑事诉讼法#177.3", "刑事诉讼规则#373.2"],
    "no_reply": ["刑事诉讼法#177.3"],
    "limitation": ["行政处罚法#36.2"],
    "recommendation": ["人民检察院组织法#21"],
}


def add_months(d: date, months: int) -> date:
    """The same day `months` later (31 August + 2 months → 31 October; 31 December + 2 → 28/29 February)."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def rule_months(rule: DeadlineRule) -> int:
    q = rule.quote + rule.name
    for word, n in (("两个月", 2), ("二个月", 2), ("一个月", 1), ("三个月", 3), ("六个月", 6)):
        if word in q:
            return n
    return 0


def due_after(start: date, rule: DeadlineRule) -> date:
    months = rule_months(rule)
    if months:
        return add_months(start, months)
    return add_days(start, rule.days, rule.working_days)


def describe(rule: DeadlineRule) -> str:
    months = rule_months(rule)
    if months:
        span = f"{'两' if months == 2 else months}个月"
    else:
        span = f"{rule.days}{'个工作日' if rule.working_days else '日'}"
    flag = SOURCE_FLAG.get(rule.source_status)
    return f"{span}（{rule.source}{'；' + flag if flag else ''}）"


@dataclass
class ClueRules:
    police: DeadlineRule | None
    reverse: list[DeadlineRule]
    reply: DeadlineRule | None
    stall_days_admin: int
    stall_days_police: int
    store: ProvisionStore
    disabled: dict[str, str] = field(default_factory=dict)      # clue type → why it was not checked
    dropped: list[str] = field(default_factory=list)            # provision IDs that did not resolve
    _ok: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def build(cls, index: ReviewIndex, store: ProvisionStore, stall_days_admin: int, stall_days_police: int) -> "ClueRules":
        reverse = [r for r in (index.deadline(k) for k in REVERSE_RULES) if r is not None]
        rules = cls(police=index.deadline(POLICE_RULE), reverse=reverse, reply=index.deadline(REPLY_RULE),
                    stall_days_admin=stall_days_admin, stall_days_police=stall_days_police, store=store)
        missing = "审查索引期限规则（_deadlines.yaml）中没有 {}，本类线索未检查"
        if rules.police is None:
            rules.disabled["police_overdue"] = missing.format(POLICE_RULE)
        if not rules.reverse or rules.reverse[0].key != REVERSE_RULES[0]:
            rules.disabled["no_reverse_transfer"] = missing.format(REVERSE_RULES[0])
        if rules.reply is None:
            rules.disabled["no_reply"] = missing.format(REPLY_RULE)
        return rules

    # -- due dates ---------------------------------------------------------------------------------
    def police_due(self, accepted: date) -> date:
        assert self.police is not None
        return due_after(accepted, self.police)

    def reverse_due(self, decided: date) -> date:
        d = decided
        for rule in self.reverse:
            d = due_after(d, rule)
        return d

    def reply_due(self, sent: date) -> date:
        assert self.reply is not None
        return due_after(sent, self.reply)

    def reverse_text(self) -> str:
        return "，再".join(describe(r) for r in self.reverse)

    # -- citations ---------------------------------------------------------------------------------
    def resolves(self, pid: str) -> bool:
        if pid not in self._ok:
            self._ok[pid] = self.store.get(pid) is not None
            if not self._ok[pid]:
                self.dropped.append(pid)
        return self._ok[pid]

    def cite(self, *groups: list[str] | str) -> list[str]:
        ids: list[str] = []
        for g in groups:
            ids.extend([g] if isinstance(g, str) else g)
        return [p for p in dict.fromkeys(i for i in ids if i) if self.resolves(p)]

    def warnings(self) -> list[str]:
        out = [f"“{CLUE_NAMES[t]}”：{why}" for t, why in self.disabled.items()]
        for r in [*self.reverse, *([self.reply] if self.reply else [])]:
            if r.source_status in SOURCE_FLAG:
                out.append(f"“{r.name}”的期限出自 {r.source}，{SOURCE_FLAG[r.source_status]}。")
        out += [f"引用的 {pid} 在法规索引中不存在，已从线索依据中去除，请报告维护人员。" for pid in dict.fromkeys(self.dropped)]
        return out
