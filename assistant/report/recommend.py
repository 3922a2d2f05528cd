"""Recommendations (工作建议): which agencies should receive a 检察建议 and why, grounded in the clue counts.

A body whose clues (other than early-intervention ones, which call for the procuratorate's own action) reach the
configured number gets a 检察建议 recommendation naming the counts, the case numbers and the legal bases. Clues that
only the procuratorate itself can clear (不起诉 not yet handed over) and early intervention become internal
work recommendations.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .model import CLUE_NAMES, Clue
from .rules import BASES, ClueRules

INTERNAL = "本院（刑事检察部门、行政检察部门）"
_WHAT = {
    "not_transferred": "{n}件达到立案追诉标准未移送公安机关，存在以罚代刑、有案不移问题",
    "police_overdue": "{n}件行政执法机关移送的案件逾期未作出是否立案的决定",
    "stalled": "{n}件立案后长期无进展",
    "no_reply": "{n}件检察意见书逾期未书面回复处理结果",
    "limitation": "{n}件不起诉案件尚未给予行政处罚，且行政处罚时效已过或临近",
    "early_intervention": "{n}件涉案数额达到立案追诉标准80%以上",
}
_ASK = {
    "not_transferred": "依法移送涉嫌犯罪案件，不得以行政处罚代替移送",
    "police_overdue": "依法及时审查并作出立案或者不予立案的决定，书面说明逾期理由",
    "stalled": "依法及时办结，说明长期未办结的原因",
    "no_reply": "依法办理并及时书面回复处理结果",
    "limitation": "在行政处罚时效内依法处理",
}
_TYPE_BASES = {"not_transferred": BASES["not_transferred"][1:2], "police_overdue": BASES["police_overdue"],
               "stalled": BASES["stalled_admin"], "no_reply": BASES["no_reply"][:1], "limitation": ["行政处罚法#36.1"]}


@dataclass
class Recommendation:
    target: str
    kind: str                       # 检察建议 / 工作建议
    counts: dict[str, int]
    reason: str
    ask: str
    numbers: list[str]
    provisions: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def recommend(clues: list[Clue], rules: ClueRules, min_clues: int) -> list[Recommendation]:
    by_target: dict[str, list[Clue]] = defaultdict(list)
    for c in clues:
        by_target[c.responsible or c.agency].append(c)
    out: list[Recommendation] = []
    for target, cs in by_target.items():
        if target == INTERNAL:
            continue
        counts = Counter(c.type for c in cs if c.type != "early_intervention")
        if sum(counts.values()) < min_clues:
            continue
        ordered = [t for t in _WHAT if counts.get(t)]
        reason = "；".join(_WHAT[t].format(n=counts[t]) for t in ordered) + "。"
        ask = "；".join(dict.fromkeys(_ASK[t] for t in ordered if t in _ASK)) + "。"
        bases = rules.cite(BASES["recommendation"], *[_TYPE_BASES.get(t, []) for t in ordered])
        out.append(Recommendation(target, "检察建议", dict(counts.most_common()), reason, ask,
                                  [c.number for c in cs if c.type != "early_intervention"], bases))
    out.sort(key=lambda r: (-r.total, r.target))
    early = [c for c in clues if c.type == "early_intervention"]
    if early:
        agencies = Counter(c.agency for c in early).most_common(3)
        out.append(Recommendation(
            INTERNAL, "工作建议", {"early_intervention": len(early)},
            _WHAT["early_intervention"].format(n=len(early)) + "（主要涉及" + "、".join(a for a, _ in agencies) + "）。",
            "派员提前介入，调阅案卷，跟踪涉案数额查证，达到标准的督促移送。", [c.number for c in early],
            rules.cite([c.provisions[0] for c in early if c.provisions][:1])))
    internal = [c for c in clues if c.responsible == INTERNAL]
    if internal:
        out.append(Recommendation(
            INTERNAL, "工作建议", {"no_reverse_transfer": len(internal)},
            f"{len(internal)}件不起诉案件超过期限仍未发出检察意见书，存在不刑不罚风险。",
            "刑事检察部门及时将不起诉案件移送行政检察部门，行政检察部门在审查期限内审查终结，需要给予行政处罚的依法提出检察意见。",
            [c.number for c in internal], rules.cite(BASES["no_reverse_transfer"])))
    return out


def describe_counts(counts: dict[str, int]) -> str:
    return "；".join(f"{CLUE_NAMES[t]}{n}条" for t, n in counts.items())
