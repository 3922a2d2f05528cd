"""Numerals as they appear in Chinese legal citations: 一百三十三, 二千, 两, 〇, 214, full-width ２１４."""
from __future__ import annotations

import re
from functools import lru_cache

import cn2an

CN_DIGITS = "零〇一二三四五六七八九十百千万两"
CN_NUMERAL = f"[{CN_DIGITS}]+"
ARABIC = "[0-9０-９]+"
NUMERAL = f"(?:{CN_NUMERAL}|{ARABIC})"

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_PURE_CN = re.compile(f"^{CN_NUMERAL}$")


class NumeralError(ValueError):
    pass


def to_halfwidth_digits(text: str) -> str:
    return text.translate(_FULLWIDTH)


@lru_cache(maxsize=8192)
def parse_int(text: str) -> int:
    """'一百三十三' → 133, '二一四' is rejected (not a legal article form), '２１４' → 214."""
    s = to_halfwidth_digits(text.strip())
    if s.isdigit():
        return int(s)
    if not _PURE_CN.match(s):
        raise NumeralError(f"无法识别的数字：{text}")
    s = s.replace("〇", "零").replace("两", "二")
    try:
        # 'strict' refuses digit-by-digit readings like 二一四 that never occur in article numbers
        value = cn2an.cn2an(s, "strict")
    except (ValueError, KeyError) as exc:
        raise NumeralError(f"无法识别的数字：{text}") from exc
    if value != int(value):
        raise NumeralError(f"无法识别的数字：{text}")
    return int(value)


def to_chinese(n: int) -> str:
    """133 → 一百三十三 (the form used in article labels; 10–19 read 十… as in 第十条)."""
    s = cn2an.an2cn(n, "low")
    if 10 <= n < 20 and s.startswith("一十"):
        s = s[1:]
    return s
