"""Where the review draws its lines for a generated violation: the amount (or quantity) at which a case reaches
the prosecution threshold (T) and the one at which it reaches 80 % of it (N).

The review index holds several rules per charge (variants, subjects, conditions, dates in force) and the review engine
decides which govern a given set of facts. Rather than re-implementing that choice, the generator asks the engine about
a probe case — the same facts, party type and conduct date, with a trial amount — and bisects for T and N. The
generated amounts are then placed well inside their band (ordinary < 0.85 N, early intervention between N and T,
reached ≥ 1.05 T); the ground truth is that band, not the engine's answer about the generated row.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from assistant.intake.case import Amount, Case, Party, Quantity
from assistant.review.engine import ReviewEngine

from .convert import money
from .demo_vocab import Violation

_MAX = 1e11
_STEPS = 16          # 4·2^-16 relative precision: far finer than the 5 % margins around each line


@dataclass(frozen=True)
class Lines:
    near: float      # N: smallest value reviewed as ≥ 80 % (or met)
    met: float       # T: smallest value reviewed as met


def amount_sentence(v: Violation, value: Decimal) -> str:
    if v.metric == "数量":
        return f"经查，涉案数量{value.normalize():f}{v.unit}。"
    label = {"违法所得数额": "违法所得", "价值": "涉案物品价值"}.get(v.metric or "", v.metric)
    return f"经查，{label}{money(value)}。"


def base_facts(v: Violation, item: str | None) -> str:
    return v.facts.format(item=item or "")


class Calibrator:
    """Probes are cached per engine for the life of the process (the lines do not depend on the report date)."""

    def __init__(self, engine: ReviewEngine, today: date):
        self.engine, self.today = engine, today
        self._lines: dict[tuple, Lines | None] = {}
        self._qual: dict[tuple, bool] = {}
        self._generic: dict[tuple, float | None] = {}

    # -- probes ------------------------------------------------------------------------------------
    def _case(self, v: Violation, item: str | None, subject: str, on: date, value: float | None,
              generic: bool = False) -> Case:
        facts = base_facts(v, item)
        amounts, quantities = [], []
        if value is not None:
            d = Decimal(str(round(value, 4)))
            if generic:
                amounts.append(Amount(metric="涉案金额", value=d))
            elif v.metric == "数量":
                quantities.append(Quantity(value=d, unit=v.unit or ""))
                facts += amount_sentence(v, d)
            else:
                amounts.append(Amount(metric=v.metric, value=d))     # type: ignore[arg-type]
                facts += amount_sentence(v, d)
        return Case(id="probe", facts=facts, charge_hint=v.cause, source_kind="json", conduct_start=on,
                    parties=[Party(name="当事人", kind=subject)], amounts=amounts, quantities=quantities)  # type: ignore[arg-type]

    def status(self, v: Violation, item: str | None, subject: str, on: date, value: float | None,
               generic: bool = False) -> str | None:
        return self.engine.review(self._case(v, item, subject, on, value, generic), self.today).threshold_status

    def _signature(self, v: Violation, item: str | None, subject: str, on: date) -> tuple:
        """Which rules are in force for this violation on this date: probes are cached per signature, not per day."""
        cands, _ = self.engine.recognizer.recognize(base_facts(v, item), v.cause)
        entry = self.engine.index.get(cands[0].name) if cands else None
        if entry is None:
            return (v.cause, item, subject, None)
        rules = self.engine.index.applicable_thresholds(entry, on, subject)
        return (v.cause, item, subject, entry.charge, tuple((r.source, r.metric, r.value, r.variant) for r in rules))

    def _bisect(self, ok) -> float | None:
        hi = 1.0
        while not ok(hi):
            hi *= 4
            if hi > _MAX:
                return None
        lo = hi / 4 if hi > 1 else 0.0
        for _ in range(_STEPS):
            mid = (lo + hi) / 2
            if ok(mid):
                hi = mid
            else:
                lo = mid
        return hi

    # -- what the generator asks -------------------------------------------------------------------
    def lines(self, v: Violation, item: str | None, subject: str, on: date) -> Lines | None:
        key = self._signature(v, item, subject, on)
        if key not in self._lines:
            met = self._bisect(lambda x: self.status(v, item, subject, on, x) == "met")
            near = None
            if met is not None:
                near = self._bisect(lambda x: x >= met or self.status(v, item, subject, on, x) in ("near", "met"))
            self._lines[key] = Lines(near=near or met, met=met) if met is not None else None
        return self._lines[key]

    def qualitative(self, v: Violation, item: str | None, subject: str, on: date) -> bool:
        """True when the facts alone (no amount) already read as reaching or nearing a threshold."""
        key = self._signature(v, item, subject, on)
        if key not in self._qual:
            self._qual[key] = self.status(v, item, subject, on, None) in ("met", "near")
        return self._qual[key]

    def generic_cap(self, v: Violation, item: str | None, subject: str, on: date) -> float | None:
        """Largest 涉案金额 that stays clear of 80 % of any line the review would compare it with (None: no line)."""
        key = self._signature(v, item, subject, on)
        if key not in self._generic:
            n = self._bisect(lambda x: self.status(v, item, subject, on, x, generic=True) in ("near", "met"))
            self._generic[key] = None if n is None else 0.7 * n
        return self._generic[key]


_BY_ENGINE: dict[int, tuple[ReviewEngine, Calibrator]] = {}


def calibrator_for(engine: ReviewEngine, today: date) -> Calibrator:
    """One calibrator per engine: the thresholds it finds depend on the index and the conduct date, not on `today`."""
    got = _BY_ENGINE.get(id(engine))
    if got is None or got[0] is not engine:
        got = _BY_ENGINE[id(engine)] = (engine, Calibrator(engine, today))
    return got[1]
