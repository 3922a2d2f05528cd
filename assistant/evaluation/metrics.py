"""Metric functions of the evaluation harness: plain inputs in, plain numbers out (no I/O, no project imports).

Provision-ID matching (used by retrieval and by the review's main-provision figure):
- `article_of("刑事诉讼法#177.3") == "刑事诉讼法#177"`; the version part stays (`治安管理处罚法@2012#10.1` →
  `治安管理处罚法@2012#10`), so an older version never matches the newest one.
- `ids_match(hit, gold)`: equal IDs match; an article matches each of its 款 and each 款 its article
  (`刑事诉讼法#177.3` ~ `刑事诉讼法#177`, both ways). Two different 款 of one article (`#177.2` vs `#177.3`) do not match:
  a gold 款 asks for that 款, and its article (the whole text) is accepted as containing it.
- `same_article(a, b)`: the review compares at article level (`刑法#343` and `刑法#343.1` are one article).

Undefined figures (nothing to count) are None, never NaN, so the JSON output stays valid and comparable.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable


# -- provision IDs ---------------------------------------------------------------------------------------------------
def article_of(pid: str) -> str:
    head, sep, tail = pid.partition("#")
    return f"{head}#{tail.split('.', 1)[0]}" if sep else pid


def ids_match(hit: str, gold: str) -> bool:
    if hit == gold:
        return True
    art = article_of(hit)
    return art == article_of(gold) and (hit == art or gold == art)


def same_article(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and article_of(a) == article_of(b)


# -- ratios ----------------------------------------------------------------------------------------------------------
def rate(num: float, den: float) -> float | None:
    """num / den, or None when there is nothing to count (den == 0)."""
    return num / den if den else None


def mean(values: Iterable[float]) -> float | None:
    vals = list(values)
    return sum(vals) / len(vals) if vals else None


def precision_recall(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    p, r = rate(tp, tp + fp), rate(tp, tp + fn)
    if p is None or r is None:
        f1 = None
    else:
        f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def set_counts(gold: Iterable[str], predicted: Iterable[str]) -> tuple[int, int, int]:
    """(tp, fp, fn) of two sets of labels."""
    g, p = set(gold), set(predicted)
    return len(g & p), len(p - g), len(g - p)


# -- ranking ---------------------------------------------------------------------------------------------------------
def _credits(ranked: list[str], gold: list[str]) -> list[int | None]:
    """For each ranked ID, the index of the gold item it newly satisfies, or None (irrelevant, or that gold item was
    already satisfied by a better-ranked hit: 刑事诉讼法#177.2 and #177.3 do not both earn credit for gold #177)."""
    done: set[int] = set()
    out: list[int | None] = []
    for pid in ranked:
        idx = next((j for j, g in enumerate(gold) if j not in done and ids_match(pid, g)), None)
        if idx is not None:
            done.add(idx)
        out.append(idx)
    return out


def recall_at(ranked: list[str], gold: list[str], k: int) -> float:
    """Share of the gold IDs satisfied by the first k ranked IDs."""
    if not gold:
        raise ValueError("recall needs at least one gold ID")
    return sum(1 for c in _credits(ranked[:k], gold) if c is not None) / len(gold)


def reciprocal_rank(ranked: list[str], gold: list[str]) -> float:
    """1 / rank of the first ranked ID matching any gold ID; 0 when none does."""
    for i, pid in enumerate(ranked, 1):
        if any(ids_match(pid, g) for g in gold):
            return 1.0 / i
    return 0.0


def ndcg_at(ranked: list[str], gold: list[str], k: int = 10) -> float:
    """Binary-relevance nDCG@k: gain 1 at each rank that newly satisfies a gold ID, discount 1/log2(rank+1);
    the ideal ranking puts min(k, len(gold)) relevant IDs first."""
    if not gold:
        raise ValueError("nDCG needs at least one gold ID")
    dcg = sum(1 / math.log2(i + 1) for i, c in enumerate(_credits(ranked[:k], gold), 1) if c is not None)
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(k, len(gold)) + 1))
    return dcg / ideal


# -- confusion -------------------------------------------------------------------------------------------------------
@dataclass
class Confusion:
    """Counts of (gold, predicted) label pairs. Labels are strings; use a visible label such as "（弃权）" for None."""
    pairs: Counter = field(default_factory=Counter)

    def add(self, gold: str, predicted: str) -> None:
        self.pairs[(gold, predicted)] += 1

    @property
    def total(self) -> int:
        return sum(self.pairs.values())

    @property
    def correct(self) -> int:
        return sum(n for (g, p), n in self.pairs.items() if g == p)

    def accuracy(self) -> float | None:
        return rate(self.correct, self.total)

    def labels(self, order: Iterable[str] = ()) -> list[str]:
        """The labels in `order` that occur, then the others sorted."""
        seen = {x for pair in self.pairs for x in pair}
        first = [x for x in order if x in seen]
        return first + sorted(seen - set(first))

    def row(self, gold: str) -> dict[str, int]:
        return {p: n for (g, p), n in self.pairs.items() if g == gold}

    def errors(self) -> list[tuple[str, str, int]]:
        """Off-diagonal cells, most frequent first."""
        return sorted(((g, p, n) for (g, p), n in self.pairs.items() if g != p), key=lambda t: (-t[2], t[0], t[1]))

    def to_json(self, order: Iterable[str] = ()) -> dict:
        labels = self.labels(order)
        return {"labels": labels, "matrix": [[self.pairs.get((g, p), 0) for p in labels] for g in labels],
                "accuracy": self.accuracy(), "total": self.total}


# -- pass/fail tallies with unscored items ---------------------------------------------------------------------------
@dataclass
class Tally:
    """Pass/fail counts where an item may also be `unscored` (a model call that timed out, an answer that could not be
    parsed, a generation that failed). Unscored items are kept: they count in `n` and never as a pass, so a backend
    cannot raise its figure by failing; `scored_rate` gives the share among scored items beside it."""
    passed: int = 0
    failed: int = 0
    unscored: int = 0
    reasons: Counter = field(default_factory=Counter)

    def add(self, ok: bool | None, reason: str = "") -> None:
        if ok is None:
            self.unscored += 1
            self.reasons[reason or "未评分"] += 1
        elif ok:
            self.passed += 1
        else:
            self.failed += 1

    @property
    def n(self) -> int:
        return self.passed + self.failed + self.unscored

    def to_json(self) -> dict:
        return {"rate": rate(self.passed, self.n), "scored_rate": rate(self.passed, self.passed + self.failed),
                "passed": self.passed, "failed": self.failed, "unscored": self.unscored, "n": self.n,
                "unscored_reasons": dict(self.reasons)}
