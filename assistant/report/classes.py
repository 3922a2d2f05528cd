"""Class-level analysis (类案分析): how violation types distribute per field and agency (义乌: "隐患管理类占40%"),
which parties, products and places recur, where the clues concentrate, and what changed since the previous month.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .model import CLUE_SHORT, CLUE_TYPES, CaseRow, Clue
from .stats import LABELS, Counts, Overview

TOP_CAUSES = 5
MIN_GROUP = 10          # a field/agency needs this many cases before its distribution is described in words
MIN_PARTY = 2           # the same party twice in the export: repeated violation
MIN_ITEM = 3
MIN_PLACE = 3
MAX_PATTERNS = 8
_NOISE = re.compile(r"[\s　（）()“”\"'，,。]")


@dataclass
class Share:
    group: str
    cause: str
    count: int
    share: float              # of the group's cases


@dataclass
class Pattern:
    kind: str                 # 当事人 / 涉案物品 / 违法地点
    key: str
    count: int
    parties: int
    agencies: list[str]
    causes: list[str]
    numbers: list[str]


@dataclass
class ClassAnalysis:
    by_field: list[Share] = field(default_factory=list)
    by_agency: list[Share] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    clue_matrix: dict[str, Counter] = field(default_factory=dict)       # field → clue type counts


@dataclass
class Change:
    label: str
    current: float
    previous: float

    @property
    def delta(self) -> float:
        return self.current - self.previous

    @property
    def rate(self) -> float | None:
        return None if not self.previous else self.delta / self.previous


@dataclass
class Comparison:
    previous_month: str
    totals: list[Change] = field(default_factory=list)
    fields: list[Change] = field(default_factory=list)       # cases per field
    clues: list[Change] = field(default_factory=list)
    persisting: list[tuple[str, str]] = field(default_factory=list)   # (case number, clue type) flagged in both months
    sentences: list[str] = field(default_factory=list)


def _norm(s: str | None) -> str:
    return _NOISE.sub("", s or "")


def _shares(rows: list[CaseRow], key) -> list[Share]:
    groups: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        groups[key(r)][r.cause] += 1
    out: list[Share] = []
    for g, counter in sorted(groups.items(), key=lambda kv: -sum(kv[1].values())):
        total = sum(counter.values())
        out += [Share(g, cause, n, n / total) for cause, n in counter.most_common(TOP_CAUSES)]
    return out


def _patterns(rows: list[CaseRow]) -> tuple[list[Pattern], dict[str, int]]:
    """The most frequent recurring parties, items and places (MAX_PATTERNS each), and how many of each kind recur."""
    # A person's name alone is not an identity: the same 张某华 before two different agencies is more likely two
    # people, so individuals are grouped per agency; a unit's full name is specific enough on its own.
    specs = (("当事人", lambda r: r.party, lambda r: "" if r.party_kind == "单位" else r.agency, MIN_PARTY),
             ("涉案物品", lambda r: r.item, lambda r: "", MIN_ITEM), ("违法地点", lambda r: r.place, lambda r: "", MIN_PLACE))
    out: list[Pattern] = []
    totals: dict[str, int] = {}
    for kind, get, scope, minimum in specs:
        groups: dict[tuple[str, str], list[CaseRow]] = defaultdict(list)
        for r in rows:
            k = _norm(get(r))
            if k and k not in ("未填写", "无", "不详"):
                groups[(k, scope(r))].append(r)
        found = []
        for k, rs in groups.items():
            parties = {_norm(r.party) for r in rs if r.party}
            # an item or place matters as a pattern only when several parties share it
            if len(rs) >= minimum and (kind == "当事人" or len(parties) >= 2):
                found.append(Pattern(kind, get(rs[0]) or k, len(rs), len(parties), sorted({r.agency for r in rs}),
                                     [c for c, _ in Counter(r.cause for r in rs).most_common(3)],
                                     [r.number for r in rs]))
        found.sort(key=lambda p: (-p.count, p.key))
        out += found[:MAX_PATTERNS]
        totals[kind] = len(found)
    return out, totals


def analyse(rows: list[CaseRow], clues: list[Clue], ov: Overview) -> ClassAnalysis:
    ca = ClassAnalysis(by_field=_shares(rows, lambda r: r.field), by_agency=_shares(rows, lambda r: r.agency))
    for g, c in ov.fields_():
        if c.cases < MIN_GROUP:
            continue
        top = next(s for s in ca.by_field if s.group == g)
        ca.sentences.append(f"{g}领域{c.cases}件，其中“{top.cause}”最多，{top.count}件，占该领域的{top.share:.1%}。")
    matrix: dict[str, Counter] = defaultdict(Counter)
    for cl in clues:
        matrix[cl.field][cl.type] += 1
    ca.clue_matrix = dict(matrix)
    if matrix:
        worst = max(matrix.items(), key=lambda kv: sum(kv[1].values()))
        kinds = "、".join(f"{CLUE_SHORT[t]}{n}条" for t, n in worst[1].most_common(3))
        ca.sentences.append(f"监督线索最集中的领域是{worst[0]}（{sum(worst[1].values())}条：{kinds}）。")
    ca.patterns, totals = _patterns(rows)
    repeat = [p for p in ca.patterns if p.kind == "当事人"]
    if repeat:
        ca.sentences.append(f"{totals['当事人']}个当事人在本期数据中出现两次以上（最多{repeat[0].count}次）；二年内因同类行为受过"
                            "行政处罚后再次实施的，部分罪名适用较低的立案追诉标准，应核实其处罚记录。")
    return ca


def compare(month: str, ov: Overview, clues: list[Clue], prev_ov: Overview, prev_clues: list[Clue]) -> Comparison:
    cmp = Comparison(previous_month=month)
    for key in ("cases", "penalized", "transferred", "police_filed", "non_prosecuted", "opinions", "replies"):
        cmp.totals.append(Change(LABELS[key], getattr(ov.total, key), getattr(prev_ov.total, key)))
    names = sorted(set(ov.by_field) | set(prev_ov.by_field), key=lambda f: -ov.by_field.get(f, Counts()).cases)
    for f in names:
        cmp.fields.append(Change(f, ov.by_field.get(f, Counts()).cases, prev_ov.by_field.get(f, Counts()).cases))
    now, before = Counter(c.type for c in clues), Counter(c.type for c in prev_clues)
    for t in CLUE_TYPES:
        cmp.clues.append(Change(CLUE_SHORT[t], now[t], before[t]))
    prev_keys = {(c.number, c.type) for c in prev_clues}
    cmp.persisting = sorted({(c.number, c.type) for c in clues if (c.number, c.type) in prev_keys})
    for ch in cmp.totals[:3] + [Change("监督线索", len(clues), len(prev_clues))]:
        rate = f"{ch.rate:+.1%}" if ch.rate is not None else "上月为0"
        cmp.sentences.append(f"{ch.label}{ch.current:g}，上月{ch.previous:g}，环比{rate}。")
    if cmp.persisting:
        cmp.sentences.append(f"{len(cmp.persisting)}条线索上月已发现、本月仍未消除，应重点督办。")
    return cmp
