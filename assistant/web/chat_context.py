"""What the chat panel hands to the answer module besides the question: the retrieval query (with the conversation's
context) and the review-index rules that match the question (thresholds, competent agency, deadlines).

Rules are chosen by what the question asks: 立案/标准/多少 → the charge's thresholds in force; 部门/机关/移送 → the
competent agency and its penalty provisions; 期限/几日/多久 → the deadline rules whose wording the question shares.
The charge comes from the question (a name or a typical term, via the review's own recognizer) or, when the question
points at "本案/这个案子" or names none, from the case attached to the conversation.
"""
from __future__ import annotations

import re
from datetime import date

from .conversations import Conversation

_CASE_REF = re.compile(r"本案|该案|此案|这个案|这起案|这件案|本件|这个案件|该案件|当事人|被不起诉人")
_FOLLOW_UP = re.compile(r"^(那|那么|还有|另外|如果|若|它|其|这|该|上述|同样|依据|根据|为什么)|呢[？?]?$")
_TIME = re.compile(r"期限|多少天|几天|几日|多少日|多长时间|多久|时限|日内|时效|何时|什么时候")
_AGENCY = re.compile(r"部门|机关|移送|移交|交给|谁来|主管|处罚|管辖")
_THRESHOLD = re.compile(r"立案|标准|多少|数额|金额|追诉|达到|够罪|构成|起刑|入罪")
MAX_THRESHOLDS = 4
MAX_DEADLINES = 3


def retrieval_query(question: str, conv: Conversation | None) -> str:
    """The question, with the previous question in front of a short or elliptical follow-up, and the case's charge
    when the question points at the case ("这个案子应当移送哪个部门？")."""
    q = question.strip()
    parts: list[str] = []
    if conv is not None:
        prev = conv.last_question()
        if prev and (len(q) <= 12 or _FOLLOW_UP.search(q)):
            parts.append(prev)
        top = getattr(conv.review, "top", None) if conv.review is not None else None
        if top is not None and _CASE_REF.search(q):
            # the charge, the words of the case that pointed to it, and 不起诉 when the case is a reverse transfer
            terms = [f"{top.name}罪", *[t for t in top.triggers if len(t) <= 12][:2]]
            if conv.review.direction.kind == "reverse":
                terms.append("不起诉")
            parts.append(" ".join(terms))
    return "；".join(parts + [q])


def _charges(question: str, conv: Conversation | None, engine) -> list:
    named = engine.recognizer.named(question)
    if named:
        return named[:2]
    found, abstain = engine.recognizer.recognize(question)
    if not abstain and found:
        return [engine.index.require(found[0].name)]
    if conv is not None and conv.review is not None and getattr(conv.review, "top", None) is not None:
        if _CASE_REF.search(question) or not found:
            return [engine.index.require(conv.review.top.name)]
    if conv is not None and conv.last_question():      # a follow-up keeps the charge of the question before
        named = engine.recognizer.named(conv.last_question())
        if named:
            return named[:1]
        found, abstain = engine.recognizer.recognize(conv.last_question())
        if not abstain and found:
            return [engine.index.require(found[0].name)]
    return []


def _threshold_rules(entry, engine, on: date) -> list[dict]:
    rules = engine.index.applicable_thresholds(entry, on, subject="不限")
    rules = sorted(rules, key=lambda r: (r.level != "立案追诉", bool(r.condition)))[:MAX_THRESHOLDS]
    return [{"charge": entry.charge, "metric": r.metric, "op": r.op, "value": r.value, "unit": r.unit,
             "level": r.level, "variant": r.variant, "condition": r.condition, "quote": r.quote, "source": r.source}
            for r in rules if r.op != "present"] + \
        [{"charge": entry.charge, "variant": f"{r.variant or r.level}（{r.level}）", "quote": r.quote, "source": r.source}
         for r in rules if r.op == "present"]


def _agency_rules(entry) -> list[dict]:
    from assistant.review.direction import REVERSE_BASES, agency_type

    adm = entry.administrative
    agency = agency_type(adm.agency) or adm.agency
    detail = f"（审查索引：{adm.agency}）" if adm.agency != agency else ""
    out = [{"charge": entry.charge,
            "variant": f"不起诉后需要给予行政处罚的，由{agency}处理{detail}",
            "source": REVERSE_BASES[0]}]
    if adm.penalty_provisions:
        kinds = "、".join(p.split("（")[0] for p in adm.penalties[:3])
        out.append({"charge": entry.charge, "variant": f"{agency}可给予的行政处罚：{kinds}",
                    "source": adm.penalty_provisions[0]})
    return out


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s，。？！、；：“”（）?]", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _deadline_rules(question: str, engine) -> list:
    words = _bigrams(question) - {"多少", "几天", "几日", "期限", "时间", "什么", "应当", "是否", "多久"}
    scored = []
    for d in engine.index.deadlines:
        overlap = len(words & _bigrams(d.name + d.starts))
        if overlap:
            scored.append((overlap, d))
    scored.sort(key=lambda x: -x[0])
    return [d for _, d in scored[:MAX_DEADLINES]]


def matching_rules(question: str, conv: Conversation | None, engine, today: date | None = None) -> list:
    """Review-index rules for the question, in the form `assistant.llm.answer.rule_line` reads."""
    q = question.strip()
    asks_time, asks_agency, asks_threshold = bool(_TIME.search(q)), bool(_AGENCY.search(q)), bool(_THRESHOLD.search(q))
    if not (asks_time or asks_agency or asks_threshold):
        asks_agency = asks_threshold = True        # a bare question about a charge: its standard and agency
    on = today or date.today()
    if conv is not None and conv.review is not None and getattr(conv.review, "conduct_date", None):
        on = conv.review.conduct_date
    rules: list = []
    for entry in _charges(q, conv, engine):
        if asks_threshold and not asks_time:
            rules += _threshold_rules(entry, engine, on)
        if asks_agency:
            rules += _agency_rules(entry)
    if asks_time:
        rules += _deadline_rules(q, engine)
    return rules
