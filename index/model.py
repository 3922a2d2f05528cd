"""Core data types shared by every layer: documents and provisions of the statute corpus."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DocumentInfo:
    """One version of one document of the corpus, as described by corpus/statutes/manifest.yaml."""

    key: str                      # unique per version: "治安管理处罚法@2012"; equals `short` for the newest
    short: str                    # short name used in IDs: "刑法", "刑事诉讼法", "立案追诉标准（二）"
    title: str                    # full official title
    aliases: tuple[str, ...]      # other names users write: "中华人民共和国刑法", "《刑法》"
    kind: str                     # law | regulation | interpretation | normative | guide | case
    issuing_body: str
    version: str                  # human label: "2018年10月26日第三次修正"
    version_key: str              # short, sortable, used after '@' in IDs: "2018", "2012"
    effective_from: date | None
    effective_to: date | None     # exclusive: not in force on this day and after
    repealed_by: str | None
    file: str                     # path relative to corpus/statutes/
    source: str                   # where the text came from (repository, path, commit)
    note: str = ""
    # For the oldest version of a document: the earliest date the document (in any wording) was in force,
    # when that precedes effective_from. Conduct in that gap is still governed by the document; only the
    # wording of the time is missing from the corpus, which callers must say.
    in_force_since: date | None = None

    def in_force(self, on: date) -> bool:
        if self.effective_from and on < self.effective_from:
            return False
        if self.effective_to and on >= self.effective_to:
            return False
        return True


@dataclass(frozen=True)
class Provision:
    """An article (条) or one of its paragraphs (款), with its verbatim text.

    IDs: "刑法#214" (article), "刑事诉讼法#177.3" (款 3 of art. 177), "刑法#133-1" (第一百三十三条之一).
    A version other than the newest is addressed with "@": "治安管理处罚法@2012#10".
    """

    id: str                       # canonical ID without version when doc is the newest version
    doc_key: str                  # DocumentInfo.key
    doc_short: str
    article: str                  # "214", "133-1"
    paragraph: int | None         # 款 number, None for the whole article
    text: str                     # verbatim official wording (markup stripped, wording untouched)
    label: str                    # "第二百一十四条" / "第一百七十七条第三款"
    heading: str = ""             # "第二编 分则 / 第三章 … / 第七节 侵犯知识产权罪"
    caption: str = ""             # bracketed article caption some documents carry: "〔销售假冒注册商标的商品案…〕"
    paragraphs: tuple[str, ...] = field(default=())  # for articles: texts of every 款 in order


def article_id(doc_short: str, article: str, paragraph: int | None = None, version_key: str | None = None) -> str:
    doc = f"{doc_short}@{version_key}" if version_key else doc_short
    base = f"{doc}#{article}"
    return f"{base}.{paragraph}" if paragraph else base
