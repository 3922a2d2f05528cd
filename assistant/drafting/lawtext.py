"""Provision text for drafting: official names, verbatim quotes, and which penalty provisions fit the facts.

Every quote returned here is cut out of the provision's text in the ProvisionStore (never typed in by hand), and
`cite()` runs it through the CitationVerifier, so a quote in a document is VERIFIED by construction and checked
again anyway. When a provision a template expects is missing from the corpus, the caller gets None and says so in
the document's review notes instead of quoting from memory.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.verify import CitationVerifier, normalize
from index.provisions import ProvisionStore

from .model import CitedProvision

_ITEM = re.compile(r"^（([一二三四五六七八九十]+)）")
_SENTENCE_SPLIT = re.compile(r"(?<=。)")
_CJK = re.compile(r"[^\u4e00-\u9fff]")
# what an administrative sanction looks like in a penalty clause (行政处罚法#9 kinds, plus 责令… measures)
_MEASURE = re.compile(r"责令[^，；。、]+|没收[^，；。]+|吊销[^，；。、]+|暂扣[^，；。、]+|[^，；。]*不得重新取得[^，；。]*"
                      r"|(?:并)?处[^，；。]*罚款|罚款|警告|通报批评|行政拘留|降低资质等级|限制从业|责令停产停业|责令关闭")
# a reference to another article inside a provision ("依照本法第十六条"): such a sentence is not quoted, because a
# bare article number in our prose would be read as a citation that names no document
_SHORTHAND = re.compile(r"(?P<doc>[^\s#、，。；：（）()“”]+)#(?P<a>[0-9][0-9.\-]*)、#(?P<b>[0-9][0-9.\-]*)")
_INNER_REF = re.compile(r"第[一二三四五六七八九十百千零〇\d]+条")


def bigrams(text: str) -> set[str]:
    s = _CJK.sub("", text)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def coverage(phrase: str, basis: str | set[str]) -> float:
    """Share of the phrase's character bigrams that occur in `basis` (1.0 when the phrase occurs word for word)."""
    b = bigrams(phrase)
    if not b:
        return 0.0
    have = basis if isinstance(basis, set) else bigrams(basis)
    return len(b & have) / len(b)


def condition_of(unit: str) -> str:
    """The condition clause of a rule ("醉酒驾驶机动车的，由…" → "醉酒驾驶机动车"): up to the first 的，/的：."""
    m = re.search(r"的[，：:]", unit)
    return unit[: m.start()] if m else unit


@dataclass(frozen=True)
class Unit:
    text: str              # verbatim, without its closing punctuation
    item: str | None       # 项 number in Chinese ("三") when the unit is an enumerated item


class LawText:
    def __init__(self, store: ProvisionStore, verifier: CitationVerifier | None = None):
        self.store = store
        self.verifier = verifier or CitationVerifier(store)

    # -- names -------------------------------------------------------------------------------------------------
    def exists(self, pid: str) -> bool:
        return self.store.get(pid) is not None

    def title(self, pid: str) -> str:
        """《中华人民共和国刑事诉讼法》; an excerpt's "（引文）/（摘录）" marker is left to the data, not the prose."""
        p = self.store.get(pid)
        if p is None:
            return pid
        title = re.sub(r"（(?:引文|摘录)）$", "", self.store.document(p).title)
        return f"《{title}》"

    def name(self, pid: str, item: str | None = None) -> str:
        """《中华人民共和国刑事诉讼法》第一百七十七条第三款 (+ 第三项); an older version says which one."""
        p = self.store.get(pid)
        if p is None:
            return pid
        doc = self.store.document(p)
        version = f"（{doc.version_key}年版本）" if "@" in pid else ""
        label = "" if p.article.startswith("引") else p.label
        return f"{self.title(pid)}{version}{label}" + (f"第{item}项" if item else "")

    def source_status(self, pid: str) -> str:
        p = self.store.get(pid)
        if p is None:
            return "full_text"
        if p.article.startswith("引"):
            return "quotation"
        return "excerpt" if self.store.document(p).kind == "excerpt" else "full_text"

    # -- quotes ------------------------------------------------------------------------------------------------
    def units(self, pid: str) -> list[Unit]:
        """Sentences (to 。) and enumerated items of a provision, verbatim, in order."""
        p = self.store.get(pid)
        if p is None:
            return []
        out = []
        for line in p.text.split("\n"):
            line = line.strip()
            if not line:
                continue
            m = _ITEM.match(line)
            if m:
                out.append(Unit(line[m.end():].rstrip("；。;，"), m.group(1)))
                continue
            for part in _SENTENCE_SPLIT.split(line):
                part = part.strip().rstrip("；。;，：")
                if part:
                    out.append(Unit(part, None))
        return out

    def exact(self, pid: str, phrase: str) -> str | None:
        """`phrase` when the provision says it word for word (punctuation aside), else None."""
        p = self.store.get(pid)
        return phrase if p is not None and normalize(phrase) in normalize(p.text) else None

    def best_unit(self, pid: str, basis: str, *, prefer: str | None = None) -> Unit | None:
        """The unit that best matches the facts (`basis`); with `prefer`, only units containing that word count."""
        units = [u for u in self.units(pid) if not _INNER_REF.search(u.text)]
        if prefer:
            units = [u for u in units if prefer in u.text] or units
        if not units:
            return None
        have = bigrams(basis)
        return max(units, key=lambda u: (coverage(condition_of(u.text), have), -units.index(u)))

    def sanction_units(self, pid: str) -> list[Unit]:
        """Units that impose a sanction (罚款、吊销、没收…), in order."""
        return [u for u in self.units(pid) if _MEASURE.search(u.text) and not _INNER_REF.search(u.text)]

    def penalty_rule(self, pid: str, basis: str, threshold: float = 0.8) -> Unit | None:
        """The sentence of a penalty provision to quote and apply: the first one that imposes a sanction (the main
        rule), unless a later one's condition fits the facts clearly better (商标法#60.2: the main rule, not the
        good-faith seller's exception that merely shares the words 销售…商品)."""
        units = self.sanction_units(pid)
        if not units:
            return None
        have = bigrams(basis)
        first = units[0]
        best = max(units, key=lambda u: coverage(condition_of(u.text), have))
        if best is not first and coverage(condition_of(best.text), have) >= max(
                threshold, coverage(condition_of(first.text), have) + 0.2):
            return best
        return first

    def humanize_ids(self, text: str) -> str:
        """Provision IDs written in data texts (审查索引: "可依知识产权刑事解释#4 推定明知") → official names, so that a
        document never shows the system's IDs; written citations are left as they are."""
        # the index's shorthand "知识产权刑事解释#1、#2": the second ID takes the first one's document
        prev = None
        while prev != text:
            prev = text
            text = _SHORTHAND.sub(r"\g<doc>#\g<a>、\g<doc>#\g<b>", text)
        out = text
        for c in sorted(self.verifier.verify_text(text).checks, key=lambda c: c.start, reverse=True):
            if c.status.value == "VERIFIED" and text[c.start:c.end] == c.id:
                out = out[:c.start] + self.name(c.id) + out[c.end:].lstrip(" ")
        # "《X》第一条、《X》第二条" → "《X》第一条、第二条" (a bare 第N条 right after 、 keeps the document before it)
        prev = None
        while prev != out:
            prev = out
            out = re.sub(r"(《([^》]+)》第[零一二三四五六七八九十百千之条款项、第]*?)、《\2》第", r"\1、第", out)
        return out

    # -- verification ------------------------------------------------------------------------------------------
    def cite(self, pid: str, quote: str | None = None, item: str | None = None) -> CitedProvision:
        check = self.verifier.check_id(pid, quote)
        return CitedProvision(id=pid, name=self.name(pid, item), quote=quote, status=check.status.value,
                              message=check.message, source_status=self.source_status(pid))


def measures_of(text: str) -> list[str]:
    """Sanctions a penalty clause names, verbatim and in order; any fine is one entry, "罚款" (its amount is the
    agency's to decide within the range the clause sets)."""
    out: list[str] = []
    for m in _MEASURE.finditer(text):
        phrase = m.group(0).strip()
        if "罚款" in phrase:
            phrase = "罚款"
        phrase = re.sub(r"^(?:并|可以|应当)+", "", phrase)
        if phrase and phrase not in out:
            out.append(phrase)
    return out


def select_penalty_provisions(law: LawText, candidates: list[str], basis: str, threshold: float = 0.8
                              ) -> tuple[list[str], list[str]]:
    """Split the review index's penalty provisions into (those whose condition the facts meet, the others).

    A provision fits when the condition clause of one of its sanction units is covered by the facts and the
    threshold quotes the review matched (醉酒驾驶机动车的 → 道路交通安全法#91.2, not #91.4 营运机动车). With a single
    candidate there is nothing to choose. When nothing fits, the best one is kept and the caller notes it."""
    cands = [c for c in dict.fromkeys(candidates) if law.exists(c)]
    if len(cands) <= 1:
        return cands, []
    have = bigrams(basis)
    scores = {}
    for pid in cands:
        units = law.sanction_units(pid) or law.units(pid)
        scores[pid] = max((coverage(condition_of(u.text), have) for u in units), default=0.0)
    chosen = [c for c in cands if scores[c] >= threshold]
    if not chosen:
        chosen = [max(cands, key=lambda c: scores[c])]
    return chosen, [c for c in cands if c not in chosen]
