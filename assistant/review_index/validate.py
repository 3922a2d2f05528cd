"""Check the review index against the statute store: every quote is verbatim, every number matches, every ID exists.

This is the gate that keeps invented articles and mistyped thresholds out of the data. It needs the ProvisionStore
(≈ 0.5 s to build), so it is separate from loading: tests and `check_review_index()` call it, the review does not.
Problems are returned as Chinese strings naming the file and the field; an empty list means the index is sound.
"""
from __future__ import annotations

import math
import re
from typing import Iterable

import cn2an

from index.citations import ids_in_prose

from .loader import ReviewIndex, load_review_index
from .schema import ThresholdRule

_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_SCALE = {"千": 1e3, "万": 1e4, "亿": 1e8}
_NUMBER = re.compile(rf"(\d+(?:\.\d+)?)\s*([千万亿]*)|([{_CN_CHARS}]+)")
_MULTIPLE = re.compile(rf"(\d+(?:\.\d+)?|[{_CN_CHARS}]+)倍|(\d+(?:\.\d+)?)%|百分之([{_CN_CHARS}]+)")


def _cn(s: str) -> float | None:
    try:
        return float(cn2an.cn2an(s.replace("〇", "零").replace("两", "二"), "normal"))
    except (ValueError, KeyError):
        return None


def numbers_in(text: str) -> list[float]:
    """Every number a legal text states: 三万元 → 30000, 5千元 → 5000, 2万元 → 20000, 100万元 → 1000000, 500 → 500."""
    out: list[float] = []
    for m in _NUMBER.finditer(text.translate(_FULLWIDTH)):
        if m.group(1):
            value = float(m.group(1))
            for ch in m.group(2):
                value *= _SCALE[ch]
            out.append(value)
        else:
            v = _cn(m.group(3))
            if v is not None:
                out.append(v)
    return out


def multiples_in(text: str) -> list[float]:
    """Multiples a text states: 三倍 → 3, 十倍 → 10, 60% → 0.6, 百分之五十 → 0.5."""
    out: list[float] = []
    for m in _MULTIPLE.finditer(text.translate(_FULLWIDTH)):
        if m.group(1):
            v = float(m.group(1)) if m.group(1)[0].isdigit() else _cn(m.group(1))
        elif m.group(2):
            v = float(m.group(2)) / 100
        else:
            c = _cn(m.group(3))
            v = c / 100 if c is not None else None
        if v is not None:
            out.append(v)
    return out


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def check_rule_number(rule: ThresholdRule) -> str | None:
    """None when the quote states the rule's value; otherwise what is wrong (Chinese)."""
    if rule.op == "present":
        return None
    if rule.base_quote:
        bases, mults = numbers_in(rule.base_quote), multiples_in(rule.quote)
        if not mults:
            return f"引文“{rule.quote}”中没有倍数（…倍 / …%），无法由 base_quote 推算 {rule.value:g}"
        if not any(_close(b * m, rule.value) for b in bases for m in mults):
            return f"base_quote 的数额 {bases} × 引文倍数 {mults} 不等于 value {rule.value:g}"
        return None
    found = numbers_in(rule.quote)
    if not any(_close(n, rule.value) for n in found):
        return f"引文“{rule.quote}”中的数字 {[f'{n:g}' for n in found]} 不含 value {rule.value:g}"
    return None


def check_index(index: ReviewIndex, store) -> list[str]:
    """All problems of the index against the store (quotes, numbers, provision IDs, case IDs)."""
    problems: list[str] = []

    def resolve(pid: str, where: str) -> str | None:
        p = store.get(pid)
        if p is None:
            problems.append(f"{where}：条文编号 {pid} 在条文库中不存在")
            return None
        return p.text

    for entry in index.entries:
        fname = index.files[entry.charge].name if entry.charge in index.files else entry.charge
        resolve(entry.article, f"{fname} 字段 article")
        for i, r in enumerate(entry.thresholds):
            where = f"{fname} 字段 thresholds[{i}]"
            text = resolve(r.source, f"{where}.source")
            if text is not None:
                if r.quote not in text:
                    problems.append(f"{where}.quote：引文未在 {r.source} 原文中逐字找到：“{r.quote}”")
                if r.base_quote and r.base_quote not in text:
                    problems.append(f"{where}.base_quote：引文未在 {r.source} 原文中逐字找到：“{r.base_quote}”")
            bad = check_rule_number(r)
            if bad:
                problems.append(f"{where}.value：{bad}")
            if r.superseded_by:
                resolve(r.superseded_by, f"{where}.superseded_by")
        adm = entry.administrative
        for kind, ids in (("violated", adm.violated), ("penalty_provisions", adm.penalty_provisions)):
            for j, pid in enumerate(ids):
                resolve(pid, f"{fname} 字段 administrative.{kind}[{j}]")
        for j, ex in enumerate(entry.excluded_when):
            if ex.instead and (index.get(ex.instead) is None or ex.instead == entry.charge):
                problems.append(f"{fname} 字段 excluded_when[{j}].instead：罪名“{ex.instead}”不在审查索引中或与本罪名相同")
            # the reason is shown to the procurator: every provision it names must exist (文书 short + article)
            for raw, pid in ids_in_prose(ex.reason, lambda p: store.get(p) is not None):
                if pid is None:
                    problems.append(f"{fname} 字段 excluded_when[{j}].reason：条文编号 {raw[-20:]} 在条文库中不存在")
        for j, rule in enumerate(entry.prevails_over):
            where = f"{fname} 字段 prevails_over[{j}]"
            if index.get(rule.over) is None:
                problems.append(f"{where}.over：罪名“{rule.over}”不在审查索引中")
            text = resolve(rule.source, f"{where}.source")
            if text is not None and rule.quote not in text:
                problems.append(f"{where}.quote：引文未在 {rule.source} 原文中逐字找到：“{rule.quote}”")
        for j, cid in enumerate(entry.cases):
            if index.case(cid) is None:
                problems.append(f"{fname} 字段 cases[{j}]：案例 {cid} 在 corpus/guides/cases/ 中不存在")
    for cid, case in index.cases.items():
        if index.get(case.charge) is None:
            problems.append(f"案例 {cid} 字段 charge：罪名“{case.charge}”不在审查索引中")
        for j, pid in enumerate(case.provisions):
            resolve(pid, f"案例 {cid} 字段 provisions[{j}]")
    for i, d in enumerate(index.deadlines):
        where = f"_deadlines.yaml 字段 deadlines[{i}]"
        text = resolve(d.source, f"{where}.source")
        if text is not None and d.quote not in text:
            problems.append(f"{where}.quote：引文未在 {d.source} 原文中逐字找到：“{d.quote}”")
    return problems


def check_review_index(root=None, store=None) -> list[str]:
    """Load the index (default location) and check it against the default statute store."""
    if store is None:
        from index.provisions import load_store

        store = load_store()
    return check_index(load_review_index(root), store)


def iter_provision_ids(index: ReviewIndex) -> Iterable[str]:
    """Every provision ID the index cites (for retrieval or reporting)."""
    for e in index.entries:
        yield e.article
        for r in e.thresholds:
            yield r.source
        yield from e.administrative.violated
        yield from e.administrative.penalty_provisions
        for rule in e.prevails_over:
            yield rule.source
