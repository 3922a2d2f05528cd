"""Markdown statute text → provisions (编/章/节 headings, 条 incl. 之一, 款, 项).

The corpus comes from several repositories with their own markup (LawRefBook headers ending in
``<!-- INFO END -->``, ``<!-- … -->`` metadata comments, a VuePress page with HTML). That markup is
stripped here; the wording of the law is never changed: a provision's text is the source line(s)
with only markup removed.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .model import Provision, article_id
from .numerals import CN_NUMERAL, parse_int, to_chinese

PARSER_VERSION = "3"

_HEADER_END = re.compile(r"<!--\s*(INFO END|LEGAL_HEADER_END)\s*-->")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_ATTR_BLOCK = re.compile(r"\{[a-z]+=\"[^\"]*\"\}")  # VuePress {align="center"}
_ARTICLE = re.compile(rf"^第({CN_NUMERAL})条(?:之({CN_NUMERAL}))?(?=[\s　［〔【(（]|$)")
# a reprint glitch seen in the 刑事诉讼法 source: "第一百二十八 条侦查人员…" (space before 条, none after)
_ARTICLE_GLITCH = re.compile(rf"^第({CN_NUMERAL})[ 　]+条")
_ENUM_ARTICLE = re.compile(rf"^({CN_NUMERAL})、")
_HEADING_MD = re.compile(r"^#{1,6}\s*(.+?)\s*$")
_HEADING_PLAIN = re.compile(rf"^第{CN_NUMERAL}[编章节](?:[\s　]|$)|^第{CN_NUMERAL}分编")
# "二、破坏社会主义市场经济案": a part heading in a document whose articles are numbered 第X条
_ENUM_HEADING = re.compile(rf"^{CN_NUMERAL}、[^。；：，,]{{2,30}}$")
_ITEM = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[（(][0-9０-９]+[）)]|[0-9０-９]+[．.、](?!\d))")
_NOISE = re.compile(r"^(?::::|@tab|\[\[toc\]\]|-\s|\[|---$|本文来源|——)")
_CAPTION = re.compile(r"^[［〔【][^］〕】\n]+[］〕】]")
_SPACE = re.compile(r"[ \t\u00a0\u2002\u2003\u3000]+")


@dataclass
class _Article:
    number: int
    sub: int  # 之N, 0 when none
    label: str
    heading: str
    lines: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.number}-{self.sub}" if self.sub else str(self.number)


def clean_line(line: str) -> str:
    """Remove repository markup from one line; keep every character of the wording."""
    line = _TAG.sub("", line)
    line = _ATTR_BLOCK.sub("", line)
    line = html.unescape(line)
    return line.strip(" \t\r\n\u00a0\u2002\u2003\u3000")


def body_lines(raw: str) -> list[str]:
    """Lines of the document body: repository header, comments and front matter removed."""
    m = None
    for m in _HEADER_END.finditer(raw):
        pass
    if m:
        raw = raw[m.end():]
    elif raw.startswith("---\n"):
        end = raw.find("\n---\n", 4)
        raw = raw[end + 5:] if end > 0 else raw
    raw = _COMMENT.sub("", raw)
    out = []
    for line in raw.splitlines():
        c = clean_line(line)
        if c and not _NOISE.match(c):
            out.append(c)
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    """Group an article's lines into 款: an item line （一）/1． belongs to the 款 before it."""
    paras: list[str] = []
    for line in lines:
        if paras and _ITEM.match(line):
            paras[-1] += "\n" + line
        else:
            paras.append(line)
    return paras


def _article_label(number: int, sub: int, enumerated: bool) -> str:
    if enumerated:
        return f"{to_chinese(number)}、"
    return f"第{to_chinese(number)}条" + (f"之{to_chinese(sub)}" if sub else "")


def split_articles(lines: list[str]) -> tuple[list[_Article], bool]:
    """Find article starts. Numbering must move forward (n+1, or 之N of the same article) so a
    paragraph that happens to begin with "第一百四十一条规定的…" is never taken for an article."""
    starts = [(_ARTICLE.match(l), l) for l in lines]
    enumerated = not any(m for m, _ in starts)
    articles: list[_Article] = []
    heading_path: dict[int, str] = {}
    prev: tuple[int, int] | None = None
    for line in lines:
        md = _HEADING_MD.match(line)
        plain_heading = _HEADING_PLAIN.match(line)
        if md or plain_heading:
            text = _SPACE.sub(" ", (md.group(1) if md else line)).strip()
            level = 1 if "编" in text[:8] and "分编" not in text[:8] else 2 if "分编" in text[:8] else 3 if "章" in text[:8] else 4
            heading_path = {k: v for k, v in heading_path.items() if k < level}
            heading_path[level] = text
            continue
        number = sub = None
        rest = line
        if not enumerated:
            m = _ARTICLE.match(line)
            g = None if m else _ARTICLE_GLITCH.match(line)
            if g and prev is not None and parse_int(g.group(1)) == prev[0] + 1:
                m = g
            if m:
                n = parse_int(m.group(1))
                s = parse_int(m.group(2)) if m.re is _ARTICLE and m.group(2) else 0
                if prev is None or (s == 0 and prev[0] < n <= prev[0] + 3) or (s > 0 and n == prev[0] and s == prev[1] + 1):
                    number, sub, rest = n, s, line[m.end():]
            elif _ENUM_HEADING.match(line):
                heading_path = {k: v for k, v in heading_path.items() if k < 3}
                heading_path[3] = line
                continue
        else:
            m = _ENUM_ARTICLE.match(line)
            if m:
                n = parse_int(m.group(1))
                if prev is None and n == 1 or prev is not None and n == prev[0] + 1:
                    number, sub, rest = n, 0, line  # keep "一、" in the text: it is part of the wording
        if number is not None:
            heading = " / ".join(heading_path[k] for k in sorted(heading_path))
            art = _Article(number, sub, _article_label(number, sub, enumerated), heading)
            rest = rest.strip(" \t\u2003\u3000")
            if rest:
                art.lines.append(rest)
            articles.append(art)
            prev = (number, sub)
        elif articles:
            articles[-1].lines.append(line)
    return articles, enumerated


def parse_document(raw: str, doc_short: str, doc_key: str, version_key: str | None) -> list[Provision]:
    """All provisions of one document version: each article, and each 款 of a multi-款 article."""
    articles, _ = split_articles(body_lines(raw))
    out: list[Provision] = []
    for art in articles:
        paras = _paragraphs(art.lines)
        caption = ""
        if paras and (cm := _CAPTION.match(paras[0])):
            caption = cm.group(0)
            if len(paras) > 1 and paras[0] == caption:
                # 立案追诉标准（二）puts the caption alone on the label line: it belongs to 款 1
                paras[0:2] = [caption + "\n" + paras[1]]
        out.append(
            Provision(
                id=article_id(doc_short, art.key, None, version_key),
                doc_key=doc_key,
                doc_short=doc_short,
                article=art.key,
                paragraph=None,
                text="\n".join(paras),
                label=art.label,
                heading=art.heading,
                caption=caption,
                paragraphs=tuple(paras),
            )
        )
        if len(paras) > 1:
            for i, p in enumerate(paras, 1):
                out.append(
                    Provision(
                        id=article_id(doc_short, art.key, i, version_key),
                        doc_key=doc_key,
                        doc_short=doc_short,
                        article=art.key,
                        paragraph=i,
                        text=p,
                        label=f"{art.label}第{to_chinese(i)}款",
                        heading=art.heading,
                        caption=caption if i == 1 else "",
                    )
                )
    return out
