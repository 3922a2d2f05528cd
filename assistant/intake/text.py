"""Text normalisation shared by every extractor, and PII masking for logs.

Extractors run on normalised text only, so that the offsets they report (Amount.start …) refer to
`Case.facts`, which holds the normalised text too.
"""
from __future__ import annotations

import re

# Full-width ASCII block (！..～) → ASCII, applied to digits and Latin letters only: Chinese punctuation
# (，。：；（）) stays as it is, because the documents and our patterns use it.
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}           # ０-９
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})    # Ａ-Ｚ
_FULLWIDTH_ALNUM.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})    # ａ-ｚ
_FULLWIDTH_ALNUM.update({
    0x3000: 0x20,   # ideographic space
    0x00A0: 0x20,   # no-break space
    0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: None, 0xFEFF: None,
    0xFF05: ord("%"), 0xFF0F: ord("/"), 0xFF5E: ord("~"),
    0x25CB: ord("〇"),  # ○ written for 〇 in dates (二○二四年)
})

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef“”‘’…—·"
# Horizontal whitespace next to a CJK character or CJK punctuation is an artefact (pypdf, OCR, hand typing):
# Chinese has no spaces between words. Spaces between Latin words / numbers are kept.
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \t]+|[ \t]+(?=[{_CJK}{_CJK_PUNCT}])")
# 86，000 / 86．5 → 86,000 / 86.5 (only between digits: a Chinese comma elsewhere is a comma)
_FW_THOUSANDS = re.compile(r"(?<=\d)[，,](?=\d{3}(?!\d))")
_FW_DOT = re.compile(r"(?<=\d)．(?=\d)")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)   # paragraph indentation of DOCX/TXT/PDF text
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Normalise whitespace, full-width digits/letters and number punctuation; keep Chinese punctuation."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_FULLWIDTH_ALNUM)
    text = _SPACE_NEAR_CJK.sub("", text)
    text = _FW_THOUSANDS.sub(",", text)
    text = _FW_DOT.sub(".", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _INDENT.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip()


# 18-digit resident ID (last character may be X) and 11-digit mainland mobile numbers, not inside longer digit runs.
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5})(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}([\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)")


def mask_pii(text: str) -> str:
    """Mask resident ID numbers and mobile numbers, for logs: 110101198503071234 → 110101********1234."""
    if not text:
        return text
    text = _ID_CARD.sub(lambda m: m.group(1) + "*" * 8 + m.group(0)[-4:], text)
    return _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end offsets of the sentence (。；！？ or line break) that contains `pos`."""
    start = max(text.rfind(ch, 0, pos) for ch in "。；;！!？?\n") + 1
    m = _SENTENCE_END.search(text, pos)
    return start, (m.start() if m else len(text))
