"""Citation parsing: the ways people write a provision ↔ provision IDs.

Reads 刑事诉讼法第一百七十七条第三款, 《中华人民共和国刑法》第214条, 刑法 214, 第一百三十三条之一, 刑法第２１４条,
第一百七十七条第三款第二项, and IDs (刑法#214, 刑事诉讼法#177.3, 治安管理处罚法@2012#10).
Anchored on 第…条 as a whole: 第十条 is never found inside 第一百一十条, and "刑法 21" never matches 214.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from .numerals import CN_NUMERAL, NUMERAL, NumeralError, parse_int, to_chinese, to_halfwidth_digits

_N = rf"\s*({NUMERAL})\s*"
ARTICLE_RE = re.compile(rf"第{_N}条(?:之{_N})?(?:[ 　]*第{_N}款)?(?:[ 　]*第{_N}项)?")
ID_RE = re.compile(r"([^\s#\[\]【】《》,，;；。、()]+?)(?:@([0-9A-Za-z]+))?#(\d+|引\d+)(?:-(\d+))?(?:\.(\d+))?(?![\d])")
_BARE_RE = re.compile(rf"^(.*?)[\s　]*([0-9０-９]+)(?:之({CN_NUMERAL}|[0-9]+))?(?:[.．]([0-9]+))?$")
_CONTINUE_PARA = re.compile(rf"^[、和及或]\s*第({NUMERAL})款")
_SELF_REF = ("本法", "该法", "本规定", "本解释", "本条例", "本规则", "本办法", "本细则", "同法")
_BRACKETS = "《》<>〈〉「」“”\"' \t　"

DocResolver = Callable[[str], "str | None"]


class CitationError(ValueError):
    """A citation that cannot be read; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class Citation:
    doc: str | None            # resolved short name, None when the text names no document
    article: str               # "214", "133-1"
    paragraph: int | None = None
    item: int | None = None
    version_key: str | None = None
    raw: str = ""
    start: int = 0
    end: int = 0
    doc_written: str | None = None  # the document name as written, when it could not be resolved

    @property
    def id(self) -> str:
        doc = self.doc or "?"
        if self.version_key:
            doc = f"{doc}@{self.version_key}"
        base = f"{doc}#{self.article}"
        return f"{base}.{self.paragraph}" if self.paragraph else base

    @property
    def article_id(self) -> str:
        return replace(self, paragraph=None).id

    def label(self) -> str:
        """Human form used in messages: 刑法第九百条, 刑事诉讼法第一百七十七条第三款."""
        if not self.article[0].isdigit():
            return f"{self.doc or self.doc_written or ''}{self.article}"
        num, _, sub = self.article.partition("-")
        s = f"第{to_chinese(int(num))}条" + (f"之{to_chinese(int(sub))}" if sub else "")
        if self.paragraph:
            s += f"第{to_chinese(self.paragraph)}款"
        if self.item:
            s += f"第{to_chinese(self.item)}项"
        return f"{self.doc or self.doc_written or ''}{s}"


def article_key(num: str, sub: str | None) -> str:
    """第一百三十三条之一 as written (一百三十三, 一) → the article part of an ID, 133-1."""
    n = parse_int(num)
    return f"{n}-{parse_int(sub)}" if sub else str(n)


def parse_id(text: str) -> Citation | None:
    """'刑事诉讼法#177.3' → Citation; None if the text is not an ID."""
    m = ID_RE.fullmatch(text.strip())
    if not m:
        return None
    doc, ver, art, sub, para = m.groups()
    if not art.isdigit():  # 引N: a quotation record of an excerpt document
        return Citation(doc=doc, version_key=ver, article=art, raw=text, end=len(text))
    return Citation(doc=doc, version_key=ver, article=f"{int(art)}-{int(sub)}" if sub else str(int(art)),
                    paragraph=int(para) if para else None, raw=text, end=len(text))


def parse_citation(text: str, resolve_doc: DocResolver, default_doc: str = "刑法") -> Citation:
    """Read one citation typed by a user. Raises CitationError with a Chinese message."""
    s = (text or "").strip()
    if not s:
        raise CitationError("请输入条文，例如：刑事诉讼法第一百七十七条第三款、刑法#214")
    if "#" in s:
        c = parse_id(s)
        if c is None:
            raise CitationError(f"无法识别的条文编号：{s}（格式如 刑法#214、刑事诉讼法#177.3、刑法#133-1）")
        doc = resolve_doc(c.doc) if c.doc else None
        if doc is None:
            raise CitationError(f"未找到文件：{c.doc}")
        return replace(c, doc=doc)
    s = to_halfwidth_digits(s)
    m = ARTICLE_RE.search(s)
    if m:
        if s[m.end():].strip(" 。；;，,之规定"):
            raise CitationError(f"无法识别的条文：{text}（条文之后还有多余内容）")
        doc_part = s[: m.start()].strip(_BRACKETS)
        try:
            article = article_key(m.group(1), m.group(2))
            para = parse_int(m.group(3)) if m.group(3) else None
            item = parse_int(m.group(4)) if m.group(4) else None
        except NumeralError as exc:
            raise CitationError(f"无法识别的条文：{text}（{exc}）") from exc
    else:
        bm = _BARE_RE.match(s)
        if not bm or not bm.group(1).strip(_BRACKETS):
            raise CitationError(f"无法识别的条文：{text}（示例：刑法第二百一十四条、刑法 214、刑事诉讼法第一百七十七条第三款）")
        doc_part = bm.group(1).strip(_BRACKETS)
        try:
            article = article_key(bm.group(2), bm.group(3))
        except NumeralError as exc:
            raise CitationError(f"无法识别的条文：{text}（{exc}）") from exc
        para, item = (int(bm.group(4)) if bm.group(4) else None), None
    if article.split("-")[0] == "0" or para == 0 or item == 0:
        raise CitationError(f"无法识别的条文：{text}（条、款、项从一开始编号）")
    if doc_part:
        doc = resolve_doc(doc_part)
        if doc is None:
            raise CitationError(f"未找到文件：{doc_part}")
    else:
        doc = default_doc
    return Citation(doc=doc, article=article, paragraph=para, item=item, raw=text, end=len(text))


def doc_name_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """One alternation of every document name, longest first, optionally in 《》."""
    alts = sorted({n for n in names if n}, key=len, reverse=True)
    body = "|".join(re.escape(n) for n in alts)
    return re.compile(rf"《?({body}|{'|'.join(_SELF_REF)})》?[\s　]*$")


def find_citations(
    text: str,
    resolve_doc: DocResolver,
    doc_pattern: re.Pattern[str],
    context_doc: str | None = None,
) -> list[Citation]:
    """Every citation in running text, in order. A bare 第N条 after a named one (、第二百一十三条) inherits its
    document; 本法/本规定 refer to context_doc; a bare one with nothing before it keeps doc=None."""
    out: list[Citation] = []
    norm = to_halfwidth_digits(text)
    last_doc: str | None = None
    last_end = -10
    for m in ARTICLE_RE.finditer(norm):
        try:
            article = article_key(m.group(1), m.group(2))
            para = parse_int(m.group(3)) if m.group(3) else None
            item = parse_int(m.group(4)) if m.group(4) else None
        except NumeralError:
            continue
        before = norm[max(0, m.start() - 60): m.start()]
        dm = doc_pattern.search(before)
        doc: str | None = None
        written: str | None = None
        if dm:
            name = dm.group(1)
            doc = context_doc if name in _SELF_REF else resolve_doc(name)
            written = name
        elif m.start() - last_end <= 2 and norm[last_end:m.start()].strip() in ("、", "和", "及", "或", "，", ",", "", "至", "到"):
            doc = last_doc
        cit = Citation(doc=doc, article=article, paragraph=para, item=item, raw=text[m.start():m.end()],
                       start=m.start(), end=m.end(), doc_written=None if doc else written)
        out.append(cit)
        last_doc, last_end = doc, m.end()
        # "第一百七十七条第二款、第三款": further 款 of the same article
        pos = m.end()
        while para and (cm := _CONTINUE_PARA.match(norm[pos:])):
            try:
                p2 = parse_int(cm.group(1))
            except NumeralError:
                break
            out.append(replace(cit, paragraph=p2, raw=text[pos:pos + cm.end()], start=pos, end=pos + cm.end()))
            pos += cm.end()
            last_end = pos
    return out


def find_ids(text: str) -> list[tuple[str, int, int]]:
    """Provision IDs written in generated text (刑法#214, 刑事诉讼法#177.3) with their spans."""
    return [(m.group(0), m.start(), m.end()) for m in ID_RE.finditer(text)]


def ids_in_prose(text: str, exists: Callable[[str], bool]) -> list[tuple[str, str | None]]:
    """IDs written inside running text (“属森林法#56.3 规定的…”): each as written and the ID it names, or None.
    An ID's document name has no delimiter before it in prose, so the longest tail of the head that names an
    existing provision is the one meant."""
    out: list[tuple[str, str | None]] = []
    for raw, _, _ in find_ids(text):
        head, _, tail = raw.partition("#")
        out.append((raw, next((f"{head[i:]}#{tail}" for i in range(len(head)) if exists(f"{head[i:]}#{tail}")), None)))
    return out
