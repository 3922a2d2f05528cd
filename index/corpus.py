"""The statute corpus: load corpus/statutes/manifest.yaml, resolve document names/aliases, pick versions by date.

Every other layer (structure parser, ProvisionStore, retrieval) learns which documents exist, what they are called
and which version was in force when, only through this module. The manifest is hand-curated data; this loader
validates it strictly so that a typo surfaces as a clear Chinese error naming the entry, not as a wrong answer.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from index.model import DocumentInfo

CORPUS_ROOT: Path = Path(__file__).resolve().parent.parent / "corpus" / "statutes"
MANIFEST_NAME = "manifest.yaml"
KINDS = ("law", "regulation", "interpretation", "normative", "excerpt")
PRC_PREFIX = "中华人民共和国"

_REQUIRED = ("file", "short", "title", "kind", "issuing_body", "version", "version_key", "effective_from", "source",
             "size_chars")
_OPTIONAL = ("aliases", "effective_to", "repealed_by", "note", "excerpt_records", "in_force_since")
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml when available: the manifest is read often
# Characters that may not appear in a short name or version key, because they delimit provision IDs.
_ID_DELIMITERS = re.compile(r"[#@.\s]")


class CorpusError(ValueError):
    """The manifest or a corpus file is unusable. The message is Chinese and names the entry."""


@dataclass(frozen=True)
class _Manifest:
    documents: list[DocumentInfo]
    excerpt_records: dict[str, tuple[str, ...]]   # DocumentInfo.key → excerpt record ids (kind excerpt only)


def _where(i: int, raw: Any) -> str:
    if isinstance(raw, dict):
        return f"清单第 {i + 1} 条（{raw.get('file') or raw.get('short') or '未写文件名'}）"
    return f"清单第 {i + 1} 条"


def _parse_date(value: Any, field: str, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CorpusError(f"{where}：字段 {field} 的日期“{value}”无效，应写作 YYYY-MM-DD 或 null")


def _text(raw: dict, field: str, where: str, required: bool = True) -> str:
    value = raw.get(field)
    if value is None and not required:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and field == "version_key":
        value = str(value)   # version_key: 2012 unquoted in YAML is an int; accept it as the label "2012"
    if not isinstance(value, str) or (required and not value.strip()):
        raise CorpusError(f"{where}：字段 {field} 缺失或不是文字")
    return value.strip()


def strip_book_marks(name: str) -> str:
    """'《中华人民共和国刑法》' → '中华人民共和国刑法'; also unifies ASCII brackets with the full-width ones."""
    name = name.strip().strip("《》〈〉“”\"'")
    return name.replace("(", "（").replace(")", "）").replace(" ", "").replace("\u3000", "")


def _read_excerpt_ids(path: Path, where: str) -> set[str]:
    ids: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                ids.add(json.loads(line)["id"])
            except (ValueError, KeyError, TypeError) as exc:
                raise CorpusError(f"{where}：摘录文件 {path.name} 第 {n} 行无法解析（{exc}）") from exc
    return ids


def _entry(i: int, raw: Any, root: Path) -> tuple[DocumentInfo, tuple[str, ...]]:
    where = _where(i, raw)
    if not isinstance(raw, dict):
        raise CorpusError(f"{where}：应为键值表（file: …, short: …）")
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise CorpusError(f"{where}：未知字段 {', '.join(map(str, unknown))}")
    missing = [f for f in _REQUIRED if f not in raw]
    if missing:
        raise CorpusError(f"{where}：缺少字段 {', '.join(missing)}")

    file = _text(raw, "file", where)
    path = (root / file).resolve()
    if root.resolve() not in path.parents:
        raise CorpusError(f"{where}：文件路径 {file} 不在语料目录内")
    if not path.is_file():
        raise CorpusError(f"{where}：文件不存在：{file}")
    short = _text(raw, "short", where)
    version_key = _text(raw, "version_key", where)
    for field, value in (("short", short), ("version_key", version_key)):
        if _ID_DELIMITERS.search(value):
            raise CorpusError(f"{where}：字段 {field}“{value}”不得包含 # @ . 或空格（它们用于条文编号）")
    kind = _text(raw, "kind", where)
    if kind not in KINDS:
        raise CorpusError(f"{where}：未知的文件类别 kind“{kind}”，应为 {' / '.join(KINDS)} 之一")
    size = raw.get("size_chars")
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise CorpusError(f"{where}：字段 size_chars 应为正整数")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise CorpusError(f"{where}：字段 aliases 应为文字列表")

    effective_from = _parse_date(raw.get("effective_from"), "effective_from", where)
    effective_to = _parse_date(raw.get("effective_to"), "effective_to", where)
    if effective_from and effective_to and effective_to <= effective_from:
        raise CorpusError(f"{where}：失效日期 {effective_to} 不晚于施行日期 {effective_from}")

    records = raw.get("excerpt_records")
    if kind == "excerpt":
        if not isinstance(records, list) or not records or not all(isinstance(r, str) for r in records):
            raise CorpusError(f"{where}：摘录文件（kind: excerpt）须列出 excerpt_records")
        known = _read_excerpt_ids(path, where)
        absent = [r for r in records if r not in known]
        if absent:
            raise CorpusError(f"{where}：摘录记录不存在于 {file}：{', '.join(absent)}")
    elif records is not None:
        raise CorpusError(f"{where}：只有 kind: excerpt 的条目可以写 excerpt_records")

    doc = DocumentInfo(
        key=short,   # provisional; fixed in _assign_keys once all versions are known
        short=short,
        title=_text(raw, "title", where),
        aliases=tuple(dict.fromkeys(strip_book_marks(a) for a in aliases)),
        kind=kind,
        issuing_body=_text(raw, "issuing_body", where),
        version=_text(raw, "version", where),
        version_key=version_key,
        effective_from=effective_from,
        effective_to=effective_to,
        repealed_by=_text(raw, "repealed_by", where, required=False) or None,
        file=file,
        source=_text(raw, "source", where),
        note=_text(raw, "note", where, required=False),
        in_force_since=_parse_date(raw.get("in_force_since"), "in_force_since", where),
    )
    return doc, tuple(records or ())


def _order(doc: DocumentInfo) -> tuple[date, str]:
    return (doc.effective_from or date.min, doc.version_key)


def _assign_keys(docs: list[DocumentInfo]) -> list[DocumentInfo]:
    """key = short for the newest version (greatest effective_from), short@version_key for the others."""
    by_short: dict[str, list[DocumentInfo]] = {}
    for doc in docs:
        by_short.setdefault(doc.short, []).append(doc)
    newest: dict[str, DocumentInfo] = {}
    for short, versions in by_short.items():
        seen: dict[str, DocumentInfo] = {}
        for doc in versions:
            if doc.version_key in seen:
                raise CorpusError(f"简称“{short}”的版本 version_key“{doc.version_key}”重复："
                                  f"{seen[doc.version_key].file} 与 {doc.file}")
            seen[doc.version_key] = doc
        ranked = sorted(versions, key=lambda d: d.effective_from or date.min)
        if len(ranked) > 1 and (ranked[-1].effective_from or date.min) == (ranked[-2].effective_from or date.min):
            raise CorpusError(f"简称“{short}”有两个版本施行日期相同（{ranked[-1].effective_from}），"
                              f"无法确定最新版本：{ranked[-2].file} 与 {ranked[-1].file}")
        newest[short] = ranked[-1]
    out = []
    for doc in docs:
        key = doc.short if doc is newest[doc.short] else f"{doc.short}@{doc.version_key}"
        out.append(DocumentInfo(**{**doc.__dict__, "key": key}))
    return out


def _load(root: Path) -> _Manifest:
    path = root / MANIFEST_NAME
    if not path.is_file():
        raise CorpusError(f"找不到语料清单：{path}")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        raise CorpusError(f"语料清单 {path.name} 不是有效的 YAML：{exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise CorpusError(f"语料清单 {path.name} 须以 documents: 列表开头")
    docs, records, files = [], {}, {}
    for i, raw in enumerate(data["documents"]):
        doc, recs = _entry(i, raw, root)
        if doc.file in files and doc.kind != "excerpt":
            raise CorpusError(f"{_where(i, raw)}：文件 {doc.file} 已由第 {files[doc.file] + 1} 条登记")
        files.setdefault(doc.file, i)
        docs.append(doc)
        records[i] = recs
    docs = _assign_keys(docs)
    return _Manifest(docs, {docs[i].key: recs for i, recs in records.items() if recs})


def load_manifest(root: Path = CORPUS_ROOT) -> list[DocumentInfo]:
    """All document versions of the manifest, validated; raises CorpusError (Chinese message) on any problem."""
    return _load(Path(root)).documents


def _name_forms(name: str) -> set[str]:
    """A name as users may write it: with/without 《》 and with/without the 中华人民共和国 prefix."""
    base = strip_book_marks(name)
    forms = {base}
    if base.startswith(PRC_PREFIX) and len(base) > len(PRC_PREFIX):
        forms.add(base[len(PRC_PREFIX):])
    return forms


class Corpus:
    """The loaded corpus: documents by key, versions by short name, names → short names, text access."""

    def __init__(self, docs: list[DocumentInfo], excerpt_records: dict[str, tuple[str, ...]] | None = None,
                 root: Path = CORPUS_ROOT):
        self.documents: list[DocumentInfo] = list(docs)
        self.root = Path(root)
        self._excerpt_records = dict(excerpt_records or {})
        self._by_key = {d.key: d for d in self.documents}
        self._versions: dict[str, list[DocumentInfo]] = {}
        for doc in self.documents:
            self._versions.setdefault(doc.short, []).append(doc)
        for versions in self._versions.values():
            versions.sort(key=_order)
        # exact: the name exactly as written in the manifest (minus 《》); loose: also without 中华人民共和国
        self._exact: dict[str, list[str]] = {}
        self._loose: dict[str, list[str]] = {}
        for doc in self.documents:
            for name in (doc.short, doc.title, *doc.aliases):
                exact = strip_book_marks(name)
                self._add(self._exact, exact, doc.short)
                for form in _name_forms(exact):
                    self._add(self._loose, form, doc.short)

    @staticmethod
    def _add(index: dict[str, list[str]], name: str, short: str) -> None:
        shorts = index.setdefault(name, [])
        if short not in shorts:
            shorts.append(short)

    def by_key(self, key: str) -> DocumentInfo | None:
        return self._by_key.get(key)

    def shorts(self) -> list[str]:
        return list(self._versions)

    def versions(self, short: str) -> list[DocumentInfo]:
        """Every version of a short name, oldest first (by effective_from)."""
        return list(self._versions.get(short, []))

    def find(self, name: str) -> list[str]:
        """Short names for a name, title or alias (with or without 《》 or 中华人民共和国); exact matches first."""
        if not isinstance(name, str) or not name.strip():
            return []
        result: list[str] = []
        written = strip_book_marks(name)
        candidates = [self._exact.get(written, [])]
        for form in sorted(_name_forms(written), key=lambda f: f != written):
            candidates.append(self._loose.get(form, []))
        if not written.startswith(PRC_PREFIX):
            candidates.append(self._loose.get(PRC_PREFIX + written, []))
        for shorts in candidates:
            for short in shorts:
                if short not in result:
                    result.append(short)
        return result

    def version_for(self, short: str, as_of: date | None) -> DocumentInfo | None:
        """The version of `short` in force on `as_of` (the newest one when as_of is None); None if none was."""
        versions = self._versions.get(short)
        if not versions:
            return None
        if as_of is None:
            return self._by_key.get(short) or versions[-1]
        in_force = [d for d in versions if d.in_force(as_of)]
        if in_force:
            return in_force[-1]
        oldest = versions[0]
        if oldest.in_force_since and oldest.in_force_since <= as_of and (
                oldest.effective_from is None or as_of < oldest.effective_from):
            return oldest  # the document applied then; its wording of the time is not in the corpus
        return None

    def wording_of_the_time_missing(self, doc: DocumentInfo, as_of: date | None) -> bool:
        """True when `doc` was chosen for a date before its own wording took effect (see in_force_since)."""
        return bool(as_of and doc.effective_from and as_of < doc.effective_from)

    def path(self, doc: DocumentInfo) -> Path:
        return self.root / doc.file

    def read_text(self, doc: DocumentInfo) -> str:
        """The raw file text, exactly as stored (repository markup included)."""
        try:
            return self.path(doc).read_text(encoding="utf-8")
        except OSError as exc:
            raise CorpusError(f"无法读取《{doc.title}》的文件 {doc.file}：{exc}") from exc

    def excerpt_records(self, doc: DocumentInfo) -> tuple[str, ...]:
        """Record ids (in excerpts.jsonl) an excerpt document is built from; empty for full texts."""
        return self._excerpt_records.get(doc.key, ())

    def read_excerpts(self, doc: DocumentInfo) -> list[dict[str, str]]:
        """The excerpt records of an excerpt document ({id, url, what, text}), in manifest order."""
        wanted = self.excerpt_records(doc)
        if not wanted:
            return []
        found: dict[str, dict[str, str]] = {}
        for line in self.read_text(doc).splitlines():
            if line.strip():
                record = json.loads(line)
                if record.get("id") in wanted:
                    found[record["id"]] = record
        return [found[r] for r in wanted if r in found]


@lru_cache(maxsize=8)
def _load_corpus_cached(root: Path) -> Corpus:
    manifest = _load(root)
    return Corpus(manifest.documents, manifest.excerpt_records, root=root)


def load_corpus(root: Path = CORPUS_ROOT) -> Corpus:
    """The corpus under `root`, loaded once per root (the manifest is read and validated on first use)."""
    return _load_corpus_cached(Path(root).resolve())
