"""Load the review index (审查索引): corpus/guides/review_index/*.yaml → validated ChargeEntry objects.

One file per charge, named after the charge (销售假冒注册商标的商品.yaml); `_deadlines.yaml` holds the deadline rules
under the key `deadlines`. Files are validated against schema.py at load time; any problem raises ReviewIndexError
with a Chinese message naming the file and the field. Checks that need the statute store (quotes, provision IDs,
case IDs) live in validate.py so that loading stays cheap.

Choosing thresholds by date: a charge may record several rules for the same metric (an old interpretation and the
one that replaced it). For a conduct date, `applicable_thresholds` keeps, per metric + level + subject (+ unit,
variant, condition), the rule in force on that date; when two are in force, the newer (later effective_from) wins.
The replaced rules stay in the data and are reported by `outdated_thresholds`, so a review can say what changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from .cases import CASE_PREFIX, TypicalCase, load_cases
from .errors import ReviewIndexError, from_validation, read_yaml
from .schema import ChargeEntry, DeadlineRule, ThresholdRule

GUIDES_ROOT = Path(__file__).resolve().parents[2] / "corpus" / "guides"
REVIEW_INDEX_ROOT = GUIDES_ROOT / "review_index"
CASES_ROOT = GUIDES_ROOT / "cases"
DEADLINES_FILE = "_deadlines.yaml"
SUBJECTS = ("个人", "单位", "不限")
# Seed 麻城: cases reaching 80% of a 立案追诉 threshold are flagged for early intervention (提前介入).
EARLY_INTERVENTION_RATIO = 0.8

# Names users still write for charges whose official name changed, and the short forms in common use.
FORMER_NAMES = {
    "生产、销售假药": "生产、销售、提供假药",          # 刑法修正案（十一）added 提供
    "生产、销售劣药": "生产、销售、提供劣药",
    "生产、销售不符合卫生标准的食品": "生产、销售不符合安全标准的食品",  # 刑法修正案（八）
    "偷税": "逃税",                                      # 刑法修正案（七）
    "虚开增值税专用发票": "虚开增值税专用发票、用于骗取出口退税、抵扣税款发票",
    "走私普通货物": "走私普通货物、物品",
}
_NAME_NOISE = re.compile(r"[《》“”\"'\s　、，,]")


def normalize_charge_name(name: str) -> str:
    """'《销售假冒注册商标的商品罪》' → '销售假冒注册商标的商品'; punctuation-insensitive for matching."""
    s = _NAME_NOISE.sub("", name or "")
    for suffix in ("罪", "案"):
        if s.endswith(suffix) and len(s) > 2:
            s = s[: -len(suffix)]
    return s


def _rule_key(r: ThresholdRule) -> tuple:
    return (r.metric, r.level, r.subject, r.unit, r.variant, r.condition)


def in_force(rule: ThresholdRule, on: date) -> bool:
    """effective_to is exclusive: a rule replaced on 2025-04-26 no longer applies to conduct on that day."""
    return rule.effective_from <= on and (rule.effective_to is None or on < rule.effective_to)


@dataclass
class ReviewIndex:
    entries: list[ChargeEntry]
    deadlines: list[DeadlineRule] = field(default_factory=list)
    cases: dict[str, TypicalCase] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)      # charge → its YAML file

    def __post_init__(self) -> None:
        self._by_name: dict[str, ChargeEntry] = {}
        for e in self.entries:
            self._by_name[normalize_charge_name(e.charge)] = e
        for old, new in FORMER_NAMES.items():
            target = self._by_name.get(normalize_charge_name(new))
            if target is not None:
                self._by_name.setdefault(normalize_charge_name(old), target)

    # -- lookup -----------------------------------------------------------------------------------
    def get(self, charge_name: str) -> ChargeEntry | None:
        """By official name, with or without 罪, a former name, or the 刑法 provision ID (刑法#214)."""
        name = (charge_name or "").strip()
        if "#" in name:
            return next((e for e in self.entries if e.article == name), None)
        return self._by_name.get(normalize_charge_name(name))

    def require(self, charge: str | ChargeEntry) -> ChargeEntry:
        if isinstance(charge, ChargeEntry):
            return charge
        entry = self.get(charge)
        if entry is None:
            raise ReviewIndexError(f"审查索引中没有罪名“{charge}”")
        return entry

    def charges(self) -> list[str]:
        return [e.charge for e in self.entries]

    def deadline(self, key: str) -> DeadlineRule | None:
        return next((d for d in self.deadlines if d.key == key), None)

    def case(self, case_id: str) -> TypicalCase | None:
        cid = case_id if case_id.startswith(CASE_PREFIX) else CASE_PREFIX + case_id
        return self.cases.get(cid)

    # -- thresholds -------------------------------------------------------------------------------
    def _subject_rules(self, entry: ChargeEntry, subject: str) -> list[ThresholdRule]:
        if subject not in SUBJECTS:
            raise ReviewIndexError(f"主体应为“个人”或“单位”，现为“{subject}”")
        if subject == "不限":
            return list(entry.thresholds)
        return [r for r in entry.thresholds if r.subject in (subject, "不限")]

    def applicable_thresholds(self, charge: str | ChargeEntry, conduct_date: date | None = None,
                              subject: str = "个人") -> list[ThresholdRule]:
        """The rules that govern conduct on conduct_date (today when unknown), in the entry's order."""
        entry = self.require(charge)
        on = conduct_date or date.today()
        best: dict[tuple, date] = {}
        candidates = [r for r in self._subject_rules(entry, subject) if in_force(r, on)]
        for r in candidates:
            k = _rule_key(r)
            if k not in best or r.effective_from > best[k]:
                best[k] = r.effective_from
        return [r for r in candidates if r.effective_from == best[_rule_key(r)]]

    def outdated_thresholds(self, charge: str | ChargeEntry, conduct_date: date | None = None,
                            subject: str = "个人") -> list[tuple[ThresholdRule, str]]:
        """Recorded rules that do not govern the conduct date, each with the reason in Chinese."""
        entry = self.require(charge)
        on = conduct_date or date.today()
        current = self.applicable_thresholds(entry, on, subject)
        by_key = {_rule_key(r): r for r in current}
        out: list[tuple[ThresholdRule, str]] = []
        for r in self._subject_rules(entry, subject):
            if r in current:
                continue
            if on < r.effective_from:
                reason = f"行为时尚未施行（自 {r.effective_from.isoformat()} 起施行）"
            elif r.effective_to is not None and on >= r.effective_to:
                reason = f"行为时已失效（{r.effective_to.isoformat()} 起不再适用"
                reason += f"，由 {r.superseded_by} 取代）" if r.superseded_by else "）"
            else:
                newer = by_key.get(_rule_key(r))
                reason = f"行为时有较新的规定 {newer.source} 适用" if newer else "行为时不适用"
            out.append((r, reason))
        return out

    @staticmethod
    def early_intervention_value(rule: ThresholdRule) -> float:
        """80% of a numeric threshold (seed 麻城: 提前介入 at 80% of the 立案追诉 standard)."""
        if rule.op == "present":
            raise ReviewIndexError(f"定性情节（{rule.source}）没有数额，不适用 80% 提前介入标准")
        return rule.value * EARLY_INTERVENTION_RATIO


# -- loading --------------------------------------------------------------------------------------
def _check_entry(path: Path, e: ChargeEntry) -> None:
    """Consistency rules the schema cannot express; each error names file and field."""
    def fail(fld: str, msg: str) -> None:
        raise ReviewIndexError(f"审查索引文件 {path.name} 有误：\n  字段 {fld}：{msg}")

    if path.stem != e.charge:
        fail("charge", f"罪名“{e.charge}”应与文件名“{path.stem}”一致")
    if not e.article.startswith("刑法#"):
        fail("article", f"应为刑法条文编号（如 刑法#214），现为“{e.article}”")
    if not e.thresholds:
        fail("thresholds", "至少应有一条立案追诉标准（定性标准可用 metric: 情节、op: present）")
    for i, r in enumerate(e.thresholds):
        where = f"thresholds[{i}]"
        if r.effective_to is not None and r.effective_to <= r.effective_from:
            fail(f"{where}.effective_to", f"失效日 {r.effective_to} 应晚于施行日 {r.effective_from}")
        if r.superseded_by and r.effective_to is None:
            fail(f"{where}.effective_to", "写了 superseded_by 的规则必须写明失效日 effective_to")
        if r.op == "present" and r.value != 1:
            fail(f"{where}.value", "定性情节（op: present）的 value 应为 1")
        if r.metric == "情节" and r.op != "present":
            fail(f"{where}.op", "metric 为“情节”时 op 应为 present")
        if r.base_quote and r.op == "present":
            fail(f"{where}.base_quote", "定性情节不能写 base_quote")
        if not r.quote.strip():
            fail(f"{where}.quote", "引文不能为空")
    for i, pattern in enumerate(e.patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            fail(f"patterns[{i}]", f"正则表达式无效（{exc}）：{pattern}")
    for i, ex in enumerate(e.excluded_when):
        if bool(ex.when) == bool(ex.absent):
            fail(f"excluded_when[{i}]", "when 与 absent 应当且只能写一个")
        for key in ("when", "absent", "unless"):
            try:
                re.compile(getattr(ex, key))
            except re.error as exc:
                fail(f"excluded_when[{i}].{key}", f"正则表达式无效（{exc}）：{getattr(ex, key)}")
    for i, rule in enumerate(e.prevails_over):
        try:
            re.compile(rule.when)
        except re.error as exc:
            fail(f"prevails_over[{i}].when", f"正则表达式无效（{exc}）：{rule.when}")
    for i, c in enumerate(e.cases):
        if not c.startswith(CASE_PREFIX) or len(c) <= len(CASE_PREFIX):
            fail(f"cases[{i}]", f"案例编号应写作“案例#编号”，现为“{c}”")


def _load_entry(path: Path) -> ChargeEntry:
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise ReviewIndexError(f"审查索引文件 {path.name} 应为键值结构（charge、article、thresholds …），现为空或列表")
    try:
        entry = ChargeEntry.model_validate(raw)
    except ValidationError as exc:
        raise from_validation(path, exc) from None
    _check_entry(path, entry)
    return entry


def _load_deadlines(path: Path) -> list[DeadlineRule]:
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("deadlines"), list):
        raise ReviewIndexError(f"审查索引文件 {path.name} 有误：\n  字段 deadlines：应为期限规则的列表")
    out: list[DeadlineRule] = []
    for i, item in enumerate(raw["deadlines"]):
        try:
            rule = DeadlineRule.model_validate(item)
        except ValidationError as exc:
            raise from_validation(path, exc, prefix=("deadlines", i)) from None
        if any(d.key == rule.key for d in out):
            raise ReviewIndexError(f"审查索引文件 {path.name} 有误：\n  字段 deadlines[{i}].key：“{rule.key}”重复")
        out.append(rule)
    return out


@lru_cache(maxsize=8)
def _load(root: Path, cases_root: Path) -> ReviewIndex:
    if not root.is_dir():
        raise ReviewIndexError(f"找不到审查索引目录：{root}")
    entries: list[ChargeEntry] = []
    files: dict[str, Path] = {}
    deadlines: list[DeadlineRule] = []
    for path in sorted(root.glob("*.yaml")):
        if path.name == DEADLINES_FILE:
            deadlines = _load_deadlines(path)
            continue
        if path.name.startswith("_"):
            continue   # other shared data files of the index, not charges
        entry = _load_entry(path)
        if entry.charge in files:
            raise ReviewIndexError(f"罪名“{entry.charge}”在 {files[entry.charge].name} 和 {path.name} 中重复")
        files[entry.charge] = path
        entries.append(entry)
    if not entries:
        raise ReviewIndexError(f"审查索引目录 {root} 中没有任何罪名文件（*.yaml）")
    return ReviewIndex(entries=entries, deadlines=deadlines, cases=load_cases(cases_root), files=files)


def load_review_index(root: str | Path | None = None, cases_root: str | Path | None = None) -> ReviewIndex:
    """The review index under root (default corpus/guides/review_index), loaded once per process and root."""
    r = Path(root).resolve() if root else REVIEW_INDEX_ROOT
    c = Path(cases_root).resolve() if cases_root else (r.parent / "cases")
    return _load(r, c)


load_review_index.cache_clear = _load.cache_clear  # type: ignore[attr-defined]
