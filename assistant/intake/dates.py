"""Dates in Chinese case texts, and what each date is (conduct, transfer, filing, decision …).

Forms: 2024年3月5日, 2024.3.5, 2024-03-05, 2024/3/5, 二〇二四年三月五日, 2024年3月 (month precision),
ranges 2024年1月至6月 / 2023年12月至2024年2月 / 3月5日至10日, open ranges 2024年1月起至案发, and dates without
a year (同年6月2日, 5月13日) that take the year of the previous date in the text.
The role of a date comes from the words right after it (…于2024年5月10日将该案移送公安机关) or, in form-style text,
right before it (移送日期：2024年5月10日).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal

import cn2an

from assistant.intake.text import sentence_bounds

Precision = Literal["day", "month", "year"]

_CN_DIGIT = {"零": 0, "〇": 0, "Ｏ": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_YEAR = r"\d{4}|[零〇ＯOo一二三四五六七八九]{4}"
_MON = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_ATOM = re.compile(
    rf"(?:(?:(?P<y>{_YEAR})\s*年|(?P<rel>同年|当年|次年|翌年))(?:\s*(?P<m>{_MON})\s*月(?:\s*(?P<d>{_DAY})\s*[日号])?)?"
    rf"|(?<![年\d\.])(?P<m2>{_MON})\s*月(?:\s*(?P<d2>{_DAY})\s*[日号])"
    rf"|(?<=[至到~～\-—－])(?P<m3>{_MON})\s*月(?!\s*(?:{_DAY})\s*[日号])"
    rf"|(?<=[至到~～\-—－])(?P<bd>{_DAY})\s*[日号])"
    rf"|(?<![\d.])(?P<dy>\d{{4}})(?P<sep>[.\-/])(?P<dm>\d{{1,2}})(?P=sep)(?P<dd>\d{{1,2}})(?![\d.])"
)
_RANGE_WORDS = frozenset({"至", "到", "~", "～", "-", "—", "－", "起至", "起到"})
_OPEN_END = re.compile(r"\s*(?:以来|起?至今|起?至案发|起?至被查获|起?至被查处|至[^，。；]{0,6}案发)")
_LABEL_BEFORE = re.compile(r"(?:日期|时间)\s*[：:]\s*$")   # form style: 移送日期：2024年5月10日
_BIRTH = re.compile(r"^\s*(?:出生|生)|生于\s*$|出生于?\s*$")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    first: date          # first day the mention covers
    last: date           # last day it covers (= first for a day)
    precision: Precision
    raw: str
    is_range: bool = False
    open_end: bool = False   # 2024年1月起至今 / 以来: the end is not stated


@lru_cache(maxsize=512)
def small_int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    try:
        return int(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _year(s: str) -> int | None:
    y = int(s) if s.isdigit() else int("".join(str(_CN_DIGIT[c]) for c in s))
    return y if 1900 <= y <= 2100 else None


def _span(y: int, m: int | None, d: int | None) -> tuple[date, date, Precision] | None:
    try:
        if m is None:
            return date(y, 1, 1), date(y, 12, 31), "year"
        if d is None:
            return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month"
        day = date(y, m, d)
        return day, day, "day"
    except ValueError:
        return None


_PRECISION_ORDER = {"day": 0, "month": 1, "year": 2}


def find_dates(text: str) -> list[DateMention]:
    """Every date and date range in text order; invalid dates (2月30日) are skipped."""
    atoms: list[tuple[int, int, date, date, Precision]] = []
    cur_year: int | None = None
    cur_month: int | None = None
    for m in _ATOM.finditer(text):
        g = m.groupdict()
        if g["dy"]:
            y, mo, d = int(g["dy"]), int(g["dm"]), int(g["dd"])
        elif g["bd"]:
            if cur_year is None or cur_month is None:
                continue
            y, mo, d = cur_year, cur_month, small_int(g["bd"])
        elif g["m2"] or g["m3"]:
            if cur_year is None:
                continue
            y, mo, d = cur_year, small_int(g["m2"] or g["m3"]), small_int(g["d2"]) if g["d2"] else None
        else:
            if g["y"]:
                y = _year(g["y"])
            elif cur_year is not None:
                y = cur_year + (1 if g["rel"] in ("次年", "翌年") else 0)
            else:
                continue
            mo = small_int(g["m"]) if g["m"] else None
            d = small_int(g["d"]) if g["d"] else None
        if y is None or (g["m"] or g["m2"] or g["m3"]) and mo is None:
            continue
        span = _span(y, mo, d)
        if span is None:
            continue
        cur_year, cur_month = y, mo or cur_month
        atoms.append((m.start(), m.end(), *span))

    out: list[DateMention] = []
    i = 0
    while i < len(atoms):
        s, e, first, last, prec = atoms[i]
        if i + 1 < len(atoms) and text[e:atoms[i + 1][0]].strip() in _RANGE_WORDS:
            s2, e2, _, last2, prec2 = atoms[i + 1]
            worst = max(prec, prec2, key=_PRECISION_ORDER.get)
            out.append(DateMention(s, e2, first, last2, worst, text[s:e2], is_range=True))
            i += 2
            continue
        open_end = bool(_OPEN_END.match(text, e))
        out.append(DateMention(s, e, first, last, prec, text[s:e], is_range=open_end, open_end=open_end))
        i += 1
    return out


def parse_date(s: str) -> date | None:
    """One date written any of the supported ways (2024年3月5日, 2024.3.5, 二〇二四年三月五日) → date, else None."""
    found = find_dates(s.strip())
    return found[0].first if found else None


Role = Literal["conduct", "birth", "transfer", "police_accept", "police_file", "police_decline", "np_decision",
               "admin_decision", "procedural"]

# Checked in this order on the words after a date (up to the next date or the end of the sentence).
_ROLE_RULES: list[tuple[Role, re.Pattern[str], re.Pattern[str] | None]] = [
    ("police_decline", re.compile(r"不予立案|不立案"), None),
    ("police_file", re.compile(r"立案侦查|刑事立案|决定立案|立案决定"), None),
    ("police_file", re.compile(r"立案(?!调查|查处|审查)"), re.compile(r"公安|派出所|侦查")),
    ("police_accept", re.compile(r"受理"), re.compile(r"公安|派出所|侦查")),
    ("transfer", re.compile(r"移送(?!审查起诉|起诉|本院|人民检察院|检察院|法院)|移交(?!审查起诉|本院|检察院)"),
     re.compile(r"公安|派出所|侦查机关|涉嫌犯罪")),
    ("np_decision", re.compile(r"不起诉"), re.compile(r"决定")),
    ("admin_decision", re.compile(
        r"行政处罚决定|处罚决定|作出[^，。；]{0,20}处罚|给予[^，。；]{0,12}处罚|处以[^，。；]{0,8}?(?:罚款|警告|拘留|没收)|处罚款|予以处罚"
    ), None),
    ("procedural", re.compile(
        r"决定|作出|送达|审查起诉|拘留|逮捕|取保候审|监视居住|判处|判决|起诉书|起诉意见|提起公诉|告知|听证|复议|签发|施行|生效|"
        r"修订|修正|立案|受理|移送|移交|批准|报请|宣告|开庭|审理终结"
    ), None),
    # Words that also occur inside a description of the conduct (经检验不合格的电线…): they make the date procedural
    # only when they come first in its clause (2024年3月8日，经鉴定… / 2024年8月24日被抓获).
    ("procedural", re.compile(r"^.{0,8}?(?:到案|投案|归案|抓获|传唤|释放|鉴定|检验|检测|出具|收到)"), None),
]


@dataclass
class DateRoles:
    conduct_start: date | None = None
    conduct_end: date | None = None
    transfer_date: date | None = None
    police_accept_date: date | None = None
    police_file_date: date | None = None
    police_decline_date: date | None = None
    np_decision_date: date | None = None        # 不起诉 decision date named in the text
    document_date: date | None = None           # the date line that closes a document (落款日期)
    admin_decisions: list[tuple[DateMention, tuple[int, int]]] = field(default_factory=list)  # with sentence bounds
    roles: list[tuple[DateMention, Role]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# Form-style labels (platform exports, 移送日期：…) name the event outright.
_FORM_LABELS: list[tuple[Role, re.Pattern[str]]] = [
    ("police_decline", re.compile(r"不予?立案(?:决定)?(?:日期|时间)\s*[：:]\s*$")),
    ("police_file", re.compile(r"(?:公安|刑事)立案(?:日期|时间)\s*[：:]\s*$")),
    ("police_accept", re.compile(r"受理(?:日期|时间)\s*[：:]\s*$")),
    ("transfer", re.compile(r"移送(?:公安)?(?:日期|时间)\s*[：:]\s*$")),
    ("np_decision", re.compile(r"不起诉(?:决定)?(?:日期|时间)\s*[：:]\s*$")),
    ("admin_decision", re.compile(r"处罚(?:决定)?(?:日期|时间)\s*[：:]\s*$")),
]


_PARTY_LABEL = re.compile(r"被不起诉人|被不起诉单位|犯罪嫌疑人|犯罪嫌疑单位|被告人|被告单位")


def _role(text: str, m: DateMention, after: str, before: str) -> Role:
    if _BIRTH.search(before) or _BIRTH.match(after):
        return "birth"
    for role, label in _FORM_LABELS:
        if label.search(before):
            return role
    if m.is_range:
        return "conduct"    # an event of the procedure happens on a day; a period is what the person did
    after, before = _PARTY_LABEL.sub("", after), _PARTY_LABEL.sub("", before)   # 被不起诉人王某… is no 不起诉
    s0, s1 = sentence_bounds(text, m.start)
    sentence = text[s0:s1]
    for seg in (after, before):
        for role, words, needs in _ROLE_RULES:
            if words.search(seg) and (needs is None or needs.search(sentence)):
                return role
    return "conduct"


def _is_date_line(text: str, m: DateMention) -> bool:
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:m.start].strip() and not text[m.end:line_end].strip()


def assign_roles(text: str, mentions: list[DateMention] | None = None) -> DateRoles:
    """Decide what each date is, and derive the conduct period and the procedural dates."""
    mentions = find_dates(text) if mentions is None else mentions
    out = DateRoles()
    conduct: list[DateMention] = []
    for i, m in enumerate(mentions):
        s0, s1 = sentence_bounds(text, m.start)
        nxt = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        prv = mentions[i - 1].end if i > 0 else 0
        # The clause after the date (…于2024年5月10日将该案移送公安机关 / 2024年5月10日，某局将该案移送…),
        # not the rest of the sentence: a conduct period is often followed by …后被查获并移送公安机关.
        after = re.split(r"[，,]", text[m.end:min(nxt, s1)].lstrip("，, "), maxsplit=1)[0]
        before = text[max(prv, s0):m.start]
        # only the words of the same clause: 经审理查明：2023年… is no procedural date
        before = re.split(r"[，,：:]", before)[-1] if not _LABEL_BEFORE.search(before) else before
        if _is_date_line(text, m):
            out.document_date = m.first if m.precision == "day" else out.document_date
            out.roles.append((m, "procedural"))
            continue
        role = _role(text, m, after, before)
        out.roles.append((m, role))
        if role == "conduct":
            conduct.append(m)
        elif role == "admin_decision":
            out.admin_decisions.append((m, (s0, s1)))
        elif m.precision == "day":
            attr = {"transfer": "transfer_date", "police_accept": "police_accept_date", "police_file": "police_file_date",
                    "police_decline": "police_decline_date", "np_decision": "np_decision_date"}.get(role)
            if attr and getattr(out, attr) is None:
                setattr(out, attr, m.first)
    if conduct:
        out.conduct_start = min(c.first for c in conduct)
        closed = [c for c in conduct if not c.open_end]
        out.conduct_end = max(c.last for c in closed) if closed else None
        rough = [c.raw for c in conduct if c.precision != "day"]
        if rough:
            out.warnings.append(f"行为时间只精确到月或年（{'、'.join(rough[:3])}），起止日期按月（年）初、末计算")
        if not closed:
            out.warnings.append("行为终止时间未写明（“至今”“以来”等），未确定行为终止日期")
    return out
