"""`xianjie demo-data`: a realistic synthetic month of the case-sharing platform, with planted anomalies of every
clue type and a ground-truth file (case number → clue types).

Amounts sit around the real thresholds of the review index: ordinary cases below 85 % of the early-intervention line,
early-intervention cases between 80 % and the threshold, cases that reached it at 105–400 % (demo_calibrate.py finds
the lines the review draws for each violation). Deadlines come from the same deadline rules the report uses, and every
planted date is several days clear of its due date. The ground truth is what was planted; the generator never asks
whether a generated row is a clue.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from assistant.review.engine import ReviewEngine

from .demo_calibrate import Lines, amount_sentence, base_facts, calibrator_for
from .demo_vocab import AGENCIES, CITY, COMPANY_KINDS, COMPANY_WORDS, DISTRICTS, GIVEN, HOTSPOTS, ROADS, RURAL, SURNAMES, \
    Agency, Violation
from .rules import ClueRules

# Planted share of each scenario (at least MIN_PLANTED each); the rest are ordinary administrative cases.
PLANTED = {"nt": 0.010, "ei": 0.015, "stall_admin": 0.012, "po": 0.006, "stall_police": 0.004, "nrt": 0.004,
           "nr": 0.004, "lim": 0.003}
CARRIED = {"transfer_ok": 0.012, "police_pending": 0.008, "prosecuted": 0.006, "np_ok": 0.012}
TRUTH = {"nt": "not_transferred", "ei": "early_intervention", "stall_admin": "stalled", "po": "police_overdue",
         "stall_police": "stalled", "nrt": "no_reverse_transfer", "nr": "no_reply", "lim": "limitation"}
MIN_PLANTED = 4
POLICE = (f"{CITY}公安局", f"{CITY}公安局江口分局", f"{CITY}公安局北山分局")


def month_bounds(month: str) -> tuple[date, date]:
    y, m = (int(x) for x in month.split("-"))
    start = date(y, m, 1)
    end = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1))
    return start, end


@dataclass
class GeneratedMonth:
    month: str
    as_of: date
    seed: int
    header: list[str]
    rows: list[dict]
    truth: dict[str, list[str]] = field(default_factory=dict)

    def truth_json(self, settings: dict) -> dict:
        from .model import CLUE_NAMES, CLUE_TYPES

        counts = {t: sum(t in v for v in self.truth.values()) for t in CLUE_TYPES}
        return {"month": self.month, "as_of": self.as_of.isoformat(), "seed": self.seed, "rows": len(self.rows),
                "settings": settings, "clue_types": CLUE_NAMES, "counts": counts,
                "note": "只列出埋设了线索的案件；未列出的案件不应出现任何线索。",
                "cases": dict(sorted(self.truth.items()))}


class MonthGenerator:
    def __init__(self, month: str, engine: ReviewEngine, rules: ClueRules, seed: int = 1, with_errors: bool = True):
        self.month, self.engine, self.index, self.rules, self.seed = month, engine, engine.index, rules, seed
        self.start, self.as_of = month_bounds(month)
        self.rnd = random.Random(seed)
        self.with_errors = with_errors
        self.cal = calibrator_for(engine, self.as_of)
        self.seq = 1000
        self.all_violations = [(a, v) for a in AGENCIES for v in a.violations]
        self.threshold_violations = [(a, v) for a, v in self.all_violations
                                     if v.charge and self.index.get(v.charge) is not None]
        self.repeaters: list[tuple[Agency, Violation, str, str, int]] = []     # …, times used so far

    # -- people, places ----------------------------------------------------------------------------
    def person(self) -> str:
        return self.rnd.choice(SURNAMES) + "某" + self.rnd.choice(GIVEN) + (self.rnd.choice(GIVEN) if self.rnd.random() < .7 else "")

    def company(self) -> str:
        return f"{CITY}{self.rnd.choice(COMPANY_WORDS)}{self.rnd.choice(COMPANY_WORDS)}{self.rnd.choice(COMPANY_KINDS)}"

    def place(self, agency: Agency) -> str:
        r = self.rnd.random()
        if r < 0.08:
            hot = {"市场监管": 0, "烟草专卖": 0, "生态环境": 1, "安全生产": 1, "林业": 2, "农业农村": 3, "自然资源": 3}
            if agency.field in hot:
                return HOTSPOTS[hot[agency.field]]
        if agency.field in ("林业", "农业农村", "自然资源"):
            return f"{CITY}{self.rnd.choice(DISTRICTS)}{self.rnd.choice(RURAL)}"
        return f"{CITY}{self.rnd.choice(DISTRICTS)}{self.rnd.choice(ROADS)}{self.rnd.randint(1, 300)}号"

    def pick(self, pool: list[tuple[Agency, Violation]]) -> tuple[Agency, Violation]:
        weights = [a.weight * v.weight for a, v in pool]
        return self.rnd.choices(pool, weights=weights)[0]

    # -- values ------------------------------------------------------------------------------------
    def value(self, v: Violation, lines: Lines, band: str) -> Decimal | None:
        """A value well inside its band, or None when the band has no room (a threshold of 1 株 has no ordinary
        amount below 85 % of it in whole plants)."""
        n, t = lines.near, lines.met
        if band == "near" and t - n < 0.05 * t:
            return None
        for _ in range(20):
            x = {"normal": lambda: n * self.rnd.uniform(0.05, 0.85),
                 "near": lambda: n + (t - n) * self.rnd.uniform(0.1, 0.9),
                 "met": lambda: t * self.rnd.uniform(1.05, 4.0)}[band]()
            if v.metric == "数量":
                digits = {"立方米": 2, "亩": 1, "吨": 1}.get(v.unit or "", 0)
                d = Decimal(str(round(x, digits))) if digits else Decimal(int(x))
            else:
                step = 100 if t >= 20000 else 10 if t >= 200 else 1
                d = Decimal(int(x // step * step))
            f = float(d)
            if d > 0 and {"normal": f <= 0.9 * n, "near": n * 1.01 <= f <= t * 0.99, "met": f >= t * 1.01}[band]:
                return d
        return None

    def money_cell(self, d: Decimal):
        r = self.rnd.random()
        if r < 0.1 and d >= 10000 and d % 100 == 0:
            return f"{(d / 10000).normalize():f}万"
        if r < 0.15:
            return f"{int(d):,}元"
        return int(d)

    def date_cell(self, d: date | None):
        if d is None:
            return None
        r = self.rnd.random()
        if r < 0.05:
            return f"{d.year}/{d.month}/{d.day}"
        if r < 0.10:
            return f"{d.year}年{d.month}月{d.day}日"
        if r < 0.13:
            return d.strftime("%Y%m%d")
        return d

    def days(self, a: int, b: int) -> timedelta:
        return timedelta(days=self.rnd.randint(a, b))

    # -- one case ----------------------------------------------------------------------------------
    def case(self, scenario: str) -> dict:
        band = {"nt": "met", "ei": "near", "admin": "normal", "stall_admin": "normal"}.get(scenario, "met")
        admin_stage = scenario in ("admin", "nt", "ei", "stall_admin")
        for _ in range(200):
            threshold_needed = scenario not in ("admin", "stall_admin") or \
                (scenario == "stall_admin" and self.rnd.random() < .5)
            if scenario == "admin" and self.repeaters and self.rnd.random() < 0.04:
                i = self.rnd.randrange(len(self.repeaters))
                agency, v, party, kind, uses = self.repeaters[i]
                if uses + 1 >= 4:                       # a repeated violator appears 2–4 times, not a dozen
                    self.repeaters.pop(i)
                else:
                    self.repeaters[i] = (agency, v, party, kind, uses + 1)
            else:
                agency, v = self.pick(self.threshold_violations if threshold_needed else self.all_violations)
                kind = "单位" if self.rnd.random() < v.unit_party else "个人"
                party = self.company() if kind == "单位" else self.person()
            c = {"agency": agency, "v": v, "party": party, "kind": kind, "item": self.rnd.choice(v.items) or None,
                 "place": self.place(agency), "scenario": scenario, "value": None, "generic": None}
            flow = scenario if admin_stage else "criminal"
            getattr(self, f"_flow_{flow}")(c)
            if admin_stage and scenario != "nt" and self.cal.qualitative(v, c["item"], kind, c["conduct"]):
                continue        # the facts alone already read as a clue: not an ordinary / ≥80 % case
            if v.charge:
                lines = self.cal.lines(v, c["item"], kind, c["conduct"])
                c["value"] = self.value(v, lines, band) if lines else None
                if c["value"] is None and band != "normal":
                    continue
            elif self.rnd.random() < 0.4:
                cap = self.cal.generic_cap(v, c["item"], kind, c["conduct"])
                amount = self.rnd.uniform(500, 200000)
                c["generic"] = Decimal(int(min(amount, cap) // 10 * 10)) if cap else Decimal(int(amount // 10 * 10))
            if scenario == "admin" and len(self.repeaters) < 40 and self.rnd.random() < 0.02:
                self.repeaters.append((agency, v, party, kind, 1))
            return c
        raise RuntimeError(f"审查索引中没有可用于生成“{scenario}”类案件的罪名与数额标准")

    def _admin_dates(self, c: dict, file_back: tuple[int, int], decided: float) -> None:
        c["file"] = self.as_of - self.days(*file_back)
        c["conduct"] = c["file"] - self.days(3, 60)
        pen = c["file"] + self.days(5, 60)
        c["penalty"] = pen if self.rnd.random() < decided and pen <= self.as_of else None

    def _flow_admin(self, c: dict) -> None:
        """Most rows of a month's export are the penalty decisions of that month; the rest are still open."""
        if self.rnd.random() < 0.85:
            c["penalty"] = self.start + self.days(0, (self.as_of - self.start).days)
            c["file"] = c["penalty"] - self.days(5, 60)
            c["conduct"] = c["file"] - self.days(3, 60)
        else:
            self._admin_dates(c, (1, max(2, self.rules.stall_days_admin - 10)), 0.0)

    def _flow_nt(self, c: dict) -> None:
        self._admin_dates(c, (20, max(21, self.rules.stall_days_admin - 10)), 0.7)

    _flow_ei = _flow_nt

    def _flow_stall_admin(self, c: dict) -> None:
        self._admin_dates(c, (self.rules.stall_days_admin + 10, self.rules.stall_days_admin + 200), 0.0)

    def _flow_criminal(self, c: dict) -> None:
        s, a = c["scenario"], self.as_of
        if s == "lim":
            years = self._years(c["v"])
            expires = a + self.days(-150, 70)
            c["conduct"] = expires.replace(year=expires.year - years) if not (expires.month == 2 and expires.day == 29) \
                else date(expires.year - years, 2, 28)
            c["file"] = c["conduct"] + self.days(5, 60)
            c["transfer"] = c["file"] + self.days(5, 40)
            c["accept"] = c["transfer"] + self.days(0, 2)
            c["police_file"] = c["accept"] + self.days(0, 3)
            c["decision"], c["decision_date"] = "不起诉", a - self.days(20, 45)
            c["opinion"] = min(self._working(c["decision_date"], 3, 12), a)
            return
        if s == "transfer_ok":
            c["transfer"] = a - self.days(1, 60)
        elif s == "po":
            c["transfer"] = a - self.days(10, 120)
        elif s == "police_pending":
            c["transfer"] = a - self.days(30, 330)
        elif s == "stall_police":
            c["transfer"] = a - self.days(self.rules.stall_days_police + 15, self.rules.stall_days_police + 250)
        else:   # prosecuted, np_ok, nrt, nr: a decision some months ago
            if s == "nr":
                c["opinion"] = a - self.days(80, 200)
                c["decision_date"] = c["opinion"] - self.days(3, 15)
            else:
                decided = {"nrt": (40, 200), "np_ok": (5, 250), "prosecuted": (5, 250)}[s]
                c["decision_date"] = a - self.days(*decided)
            c["transfer"] = c["decision_date"] - self.days(70, 200)
        c["file"] = c["transfer"] - self.days(5, 40)
        c["conduct"] = c["file"] - self.days(5, 100)
        c["accept"] = c["transfer"] + self.days(0, 1)
        if s == "po":
            c["police_file"] = None
            if self.rnd.random() < 0.3:
                c["accept"] = None
            return
        c["police_file"] = c["accept"] + self.days(0, 3)
        if c["police_file"] > a:
            c["police_file"] = None
            if c["accept"] > a:
                c["accept"] = None
            return
        if s == "transfer_ok" and self.rnd.random() < 0.15:
            c["police_decline"], c["police_file"] = c["police_file"], None
        if s in ("transfer_ok", "police_pending", "stall_police"):
            return
        c["decision"] = "起诉" if s == "prosecuted" else "不起诉"
        if s == "prosecuted":
            return
        c["np_type"] = self.rnd.choices(["酌定不起诉", "存疑不起诉", "法定不起诉"], [8, 1, 1])[0]
        d = c["decision_date"]
        if s == "nrt":
            return
        if s == "nr":
            return
        # np_ok: everything on time; what is not done yet is not yet due
        if a <= self.rules.reverse_due(d) and self.rnd.random() < 0.5:
            return
        c["opinion"] = self._working(d, 2, 12)
        if c["opinion"] > a:
            c["opinion"] = None
            return
        reply = c["opinion"] + self.days(10, 55)
        if reply <= a and (a > self.rules.reply_due(c["opinion"]) or self.rnd.random() < 0.5):
            c["reply"] = reply
            if self.rnd.random() < 0.7:
                c["reply_result"] = "已给予行政处罚"
                c["penalty_after"] = reply - self.days(0, 5)
            else:
                c["reply_result"] = "不予行政处罚（情节轻微并及时改正）"

    def _years(self, v: Violation) -> int:
        entry = self.index.get(v.charge) if v.charge else None
        return entry.administrative.limitation_years if entry else 2

    def _working(self, start: date, lo: int, hi: int) -> date:
        from assistant.review.deadlines import add_days

        return add_days(start, self.rnd.randint(lo, hi), True)

    # -- the row as exported -----------------------------------------------------------------------
    def row(self, c: dict) -> dict:
        v: Violation = c["v"]
        agency: Agency = c["agency"]
        self.seq += 1
        year = (c.get("file") or c["conduct"]).year
        facts = base_facts(v, c["item"])
        out: dict = {"案件编号": f"{agency.short}〔{year}〕{self.seq}号", "执法机关": agency.name, "领域": agency.field,
                     "当事人": c["party"], "当事人类型": c["kind"], "案由/违法行为": v.cause, "涉案物品": c["item"],
                     "违法地点": c["place"]}
        value = c["value"]
        if value is not None:
            if v.metric == "数量":
                out["数量"], out["数量单位"] = float(value) if value % 1 else int(value), v.unit
            else:
                col = {"销售金额": "销售金额（元）", "非法经营数额": "非法经营数额（元）", "价值": "涉案物品价值（元）",
                       "违法所得数额": "违法所得（元）", "货值金额": "货值金额（元）"}[v.metric]
                out[col] = self.money_cell(value)
            facts += amount_sentence(v, value)
        elif c["generic"]:
            out["涉案金额（元）"] = self.money_cell(c["generic"])
        out["违法事实"] = facts
        out["违法行为发生日期"] = self.date_cell(c["conduct"])
        out["行政立案日期"] = self.date_cell(c.get("file"))
        penalty = c.get("penalty") or c.get("penalty_after")
        if penalty:
            out["处罚决定日期"] = self.date_cell(penalty)
            out["处罚种类"] = "、".join(v.penalties)
            if "罚款" in v.penalties:
                lo, hi = v.fine
                out["罚款金额（元）"] = self.money_cell(Decimal(self.rnd.randint(lo // 100, hi // 100) * 100))
        transferred = bool(c.get("transfer"))
        out["是否移送"] = "是" if transferred else "否"
        if transferred:
            out["移送日期"] = self.date_cell(c["transfer"])
            out["公安机关"] = self.rnd.choice(POLICE)
            out["公安受理日期"] = self.date_cell(c.get("accept"))
            out["公安立案日期"] = self.date_cell(c.get("police_file"))
            out["公安不立案日期"] = self.date_cell(c.get("police_decline"))
        if c.get("decision"):
            out["检察机关决定"] = c["decision"]
            out["不起诉类型"] = c.get("np_type")
            out["检察机关决定日期"] = self.date_cell(c["decision_date"])
        out["检察意见书发出日期"] = self.date_cell(c.get("opinion"))
        out["行政机关回复日期"] = self.date_cell(c.get("reply"))
        out["处理结果"] = c.get("reply_result")
        return out

    # -- the month ---------------------------------------------------------------------------------
    def generate(self, n: int, min_planted: int | None = None) -> GeneratedMonth:
        """n rows; each clue scenario at least `min_planted` times (default 4 from 300 rows on, else 1)."""
        from .columns import template_headers

        least = min_planted if min_planted is not None else (MIN_PLANTED if n >= 300 else 1)
        plan: list[str] = []
        for s, share in {**PLANTED, **CARRIED}.items():
            plan += [s] * max(least if s in PLANTED else min(2, least), round(share * n))
        plan = plan[:n]
        plan += ["admin"] * (n - len(plan))
        self.rnd.shuffle(plan)
        header = template_headers()
        month = GeneratedMonth(self.month, self.as_of, self.seed, header, [])
        for scenario in plan:
            row = self.row(self.case(scenario))
            month.rows.append(row)
            if scenario in TRUTH:
                month.truth.setdefault(row["案件编号"], []).append(TRUTH[scenario])
        if self.with_errors and n >= 50:
            self._plant_errors(month)
        return month

    def _plant_errors(self, month: GeneratedMonth) -> None:
        """A few rows a real export would have: no agency, an impossible date, an unreadable amount, a duplicate,
        and a column the report does not know (承办人)."""
        ordinary = [r for r in month.rows if r["案件编号"] not in month.truth and r.get("检察机关决定") is None
                    and r.get("是否移送") == "否"]
        picks = self.rnd.sample(ordinary, 4)
        picks[0]["执法机关"] = None
        picks[1]["违法行为发生日期"] = f"{self.as_of.year}-13-45"
        picks[2]["涉案金额（元）"] = "不详"
        month.rows.insert(self.rnd.randrange(len(month.rows)), dict(picks[3]))
        month.header.append("承办人")
        for r in month.rows:
            r["承办人"] = self.person()
