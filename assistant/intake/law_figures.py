"""Figures of the law inside a case text. Decisions, discussions and news stories quote or explain the standards they
apply (“违法经营额五万元以上的，可以处…罚款”, “矿产品价值十万元以上才属于情节严重”); those numbers must not be read as
the case's own amounts and quantities."""
from __future__ import annotations

import re

from assistant.intake.text import sentence_bounds

# Decisions quote the rules they apply (“违法经营额五万元以上的，可以处违法经营额五倍以下的罚款”): the numbers of a
# rule are no facts of the case. A sentence in rule language is skipped.
_RULE_TEXT = re.compile(r"(?:以上|以下|不足)的|倍以下|倍以上|可以处|处[^。；]{0,24}?以上[^。；]{0,24}?以下|规定[：:]\s*“")


_QUOTED = re.compile(r"“[^”]*”")


def in_rule_sentence(text: str, pos: int) -> bool:
    """Is the number at pos in a sentence (or quotation) written in the language of a rule?"""
    s0, s1 = sentence_bounds(text, pos)
    quote_open = text.rfind("“", s0, pos)
    if quote_open >= 0 and text.find("”", quote_open, pos) < 0:      # inside a quotation: check the quotation only
        close = text.find("”", pos)
        return bool(_RULE_TEXT.search(text, quote_open, close if close >= 0 else s1))
    return bool(_RULE_TEXT.search(_QUOTED.sub("", text[s0:s1])))   # outside a quotation: the sentence minus quotations


# A figure of the law the text explains or compares with: “蓄积20立方米以上、幼树1000株以上或者价值5万元以上的”,
# “矿产品价值十万元以上才属于情节严重”, “未达到…二十立方米、价值五万元的立案追诉标准”. Only the figure's own clause is
# judged, so “本案为4.2亩” after a comma stays a fact.
_RULE_CLAUSE = re.compile(r"才|就|即|方(?!米)|应予|应当|将被|属于|构成|涉嫌|追诉|标准|规定|解释|或者|、|以上的")
_STANDARD_SPAN = re.compile(r"(?:达到|低于|不足|高于)[^。；，]{0,40}?(?:立案追诉|立案|入罪|追诉|定罪)?(?:标准|门槛)")
_CLAUSE_END = "，。；;：:\n"


_BRACKETED_AT_LEAST = re.compile(r"[（(][^）)]{0,6}[）)]以上")


def law_figure(text: str, start: int, end: int, at_least: bool) -> bool:
    """Is the figure text[start:end] (at_least: written “…以上”) a standard the text states, not a fact of the case?"""
    at_least = at_least or bool(_BRACKETED_AT_LEAST.match(text, end))      # 五百张（份）以上的
    s0, s1 = sentence_bounds(text, start)
    if any(a.start() <= start and end <= a.end() for a in _STANDARD_SPAN.finditer(text, s0, s1)):
        return True
    if not at_least:
        return False
    c0 = max(text.rfind(ch, 0, start) for ch in _CLAUSE_END) + 1
    c1 = min([i for i in (text.find(ch, end) for ch in _CLAUSE_END) if i >= 0] or [len(text)])
    return bool(_RULE_CLAUSE.search(text, c0, c1))
