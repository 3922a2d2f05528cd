"""Model text that a procurator can trust: verified citations, no invented numbers, no structure of its own.

    from assistant.llm.guarded import generate_section
    res = generate_section(chat, "opinion_facts", variables, allowed_ids=["刑法#214", "刑事诉讼法#177.3"],
                           offline_text=offline_facts, verifier=verifier, as_of=case.decision_date)
    section.text = res.text
    review_notes.extend(res.notes)                       # removed citations, fallback reason — never silent
    audit.add(res.prompt_version, res.used_model, [c.to_dict() for c in res.citations + res.removed])

What the guard does with the model's reply, in order:
1. strips anything that tries to be structure (Markdown or "一、" headings, section names, title, date or seal lines,
   echoed data-block marks): the document's structure is the caller's; and every sentence that carries an
   instruction aimed at the model ("忽略以上指令…"), even one the model copied from the case text;
2. verifies every citation (CitationVerifier.verify_text) and removes — reporting each — those that are NOT_FOUND,
   MISMATCH, or not among `allowed_ids` (the provisions the prompt provided);
3. falls back to `offline_text` (and says why, in Chinese) when the model failed (LLMError), wrote nothing usable,
   mostly parroted the prompt (echo_ratio), wrote an Arabic number that none of the inputs contain, or lost every
   citation while the offline text had some.
The offline text goes through the same verification, so whatever comes out carries only VERIFIED citations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from assistant.llm.base import ChatModel, LLMError
from assistant.llm.prompts import load_prompt
from assistant.llm.tokens import budget, count_tokens, trim_to_budget
from assistant.verify import CitationCheck, CitationVerifier, Status, VerificationReport, remove_unverified


@dataclass
class SectionResult:
    text: str
    used_model: bool
    fallback_reason: str | None
    removed: list[CitationCheck]              # taken out of the model's (or offline) text, each with a Chinese message
    citations: list[CitationCheck]            # the citations of `text`: all VERIFIED
    prompt_version: str | None                # Prompt.ref, e.g. "opinion_facts.v1#ae4d8dc03a78" (None when offline)
    backend: str = "offline"
    model: str | None = None
    stripped: list[str] = field(default_factory=list)          # structure lines removed from the model's reply
    unsupported_numbers: list[str] = field(default_factory=list)
    raw: str | None = None                    # the model's reply as received (for the audit log)

    @property
    def cited_ids(self) -> list[str]:
        return list(dict.fromkeys(c.id for c in self.citations))

    @property
    def notes(self) -> list[str]:
        """Review notes for the document (Chinese): what was removed and why, and why the offline text was used."""
        out = [f"已删除无法核实的引用 {c.id}：{c.message}" for c in self.removed]
        if self.fallback_reason:
            out.append(self.fallback_reason)
        return out


# -- citations ---------------------------------------------------------------------------------------------------
def is_allowed(pid: str, allowed: set[str]) -> bool:
    """刑法#214.1 is covered by an allowed 刑法#214; 刑事诉讼法#177 covers an allowed 刑事诉讼法#177.3."""
    if pid in allowed:
        return True
    return any(pid.startswith(a + ".") or a.startswith(pid + ".") for a in allowed)


def _quoted_spans(text: str, report: VerificationReport) -> list[tuple[int, int]]:
    """Spans of verified verbatim quotes. A provision quoted word for word may itself say "本法第十六条"; that is the
    law's own wording, not a citation of ours, and must not be cut out of the quote."""
    spans = []
    for c in report.checks:
        if c.status is Status.VERIFIED and c.quote:
            q = text.rfind(c.quote, 0, c.start)
            if q >= 0:
                spans.append((q, q + len(c.quote)))
    return spans


def _range_ends(text: str, checks: list[CitationCheck], verifier: CitationVerifier, as_of: date | None
                ) -> list[CitationCheck]:
    """"刑法第二百一十三条至第二百一十五条": the parser reads the range end without its document (NOT_FOUND); it
    belongs to the document of the citation just before the 至."""
    out: list[CitationCheck] = []
    for c in checks:
        prev = out[-1] if out else None
        if (c.status is Status.NOT_FOUND and "#" not in c.id and prev is not None and "#" in prev.id
                and prev.status is Status.VERIFIED and re.fullmatch(r"\s*(?:至|到|—|－|~)\s*", text[prev.end:c.start])):
            doc = prev.id.split("#")[0].split("@")[0]
            sub = verifier.verify_text(doc + text[c.start:c.end], as_of=as_of).checks
            if len(sub) == 1 and sub[0].status is Status.VERIFIED:
                c = replace(sub[0], start=c.start, end=c.end)
        out.append(c)
    return out


def check_citations(text: str, verifier: CitationVerifier, allowed: set[str] | None, as_of: date | None = None
                    ) -> tuple[str, list[CitationCheck], list[CitationCheck]]:
    """Verify `text`; remove what fails or is not allowed. Returns (clean text, kept checks, removed checks)."""
    report = verifier.verify_text(text, as_of=as_of)
    quoted = _quoted_spans(text, report)
    checks = _range_ends(text, [c for c in report.checks if not any(s <= c.start and c.end <= e for s, e in quoted)],
                         verifier, as_of)
    to_remove, kept, disallowed = [], [], {}
    for c in checks:
        if c.status is not Status.VERIFIED:
            to_remove.append(c)
        elif allowed is not None and not is_allowed(c.id, allowed):
            # the provision exists, but the prompt never gave the model its text: the model cannot have read it.
            # remove_unverified only removes non-VERIFIED checks, so hand it a copy marked NOT_FOUND and report the
            # original (still VERIFIED: it exists) with the reason.
            marked = replace(c, status=Status.NOT_FOUND)
            disallowed[id(marked)] = replace(c, message=f"{c.id} 不在本节提供的依据之内，模型不可能据其原文写作")
            to_remove.append(marked)
        else:
            kept.append(c)
    cleaned, removed = remove_unverified(text, VerificationReport(to_remove))
    reported = [disallowed.get(id(r), r) for r in removed]
    cleaned = _tidy(cleaned)
    if cleaned != text:
        # positions moved: re-read the kept citations from the cleaned text
        report = verifier.verify_text(cleaned, as_of=as_of)
        quoted = _quoted_spans(cleaned, report)
        kept = [c for c in _range_ends(cleaned, report.checks, verifier, as_of) if c.status is Status.VERIFIED
                and not any(s <= c.start and c.end <= e for s, e in quoted)]
    return cleaned, kept, sorted(reported, key=lambda c: c.start)


def nest_quotes(text: str) -> str:
    """Prepare provision text for quoting as “…”[ID]: its own quotation marks (“ ” and ASCII ") become ‘ ’ — the
    Chinese nesting form, ignored by the verifier's comparison — so the quotation is read whole and verified whole,
    and nothing inside it (“本法第十六条”) is mistaken for a citation of ours. The drafter should quote through this."""
    text = text.replace("“", "‘").replace("”", "’")
    parts = text.split('"')
    return "".join(p + ("‘" if i % 2 == 0 else "’") for i, p in enumerate(parts[:-1])) + parts[-1]


_EMPTY_BRACKETS = re.compile(r"\[\s*\]|（\s*）|\(\s*\)|【\s*】|〔\s*〕|“\s*”|《\s*》")
_REPEATED = re.compile(r"([，、；。,;])(?:\s*[，、；,;])+")


def _tidy(text: str) -> str:
    text = _EMPTY_BRACKETS.sub("", text)
    text = _REPEATED.sub(r"\1", text)
    text = re.sub(r"[，、；,;]\s*([。！？])", r"\1", text)
    text = re.sub(r"(依照|根据|依据|按照)\s*[，、。]", "", text)
    text = re.sub(r"(?:以及|或者|及|和|与|、)+(?=[，。；！？])", "", text)   # "违反及。" after both IDs went
    text = re.sub(r"[ \t]{2,}", " ", text)
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if re.search(r"[\w\u4e00-\u9fff]", ln)).strip()


# -- structure ---------------------------------------------------------------------------------------------------
_SECTION_WORDS = {"案件事实", "事实", "基本案情", "案件基本情况", "案件来源", "查明事实", "检察机关认为", "本院认为",
                  "理由", "说理", "处理建议", "检察意见", "建议", "意见", "附件", "此致", "敬礼", "结论", "说明",
                  "依据", "法律依据", "回复要求", "检察意见书", "证据缺口清单", "正文", "答复", "回答"}
_HEADING = re.compile(r"^\s*(?:#{1,6}\s*|[一二三四五六七八九十]+[、．.]\s*|[（(][一二三四五六七八九十]+[）)]\s*"
                      r"|第[一二三四五六七八九十]+[部分节章][、：:\s]*)")
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[二〇零一二三四五六七八九]{4})年.{1,4}月.{1,4}日\s*$")
_MD = re.compile(r"\*\*|__|`")


# phrases of an instruction aimed at the model; a sentence carrying one is never document text, even when the model
# copied it from the case material (where it is data)
_INJECTION = re.compile(r"忽略(?:以上|上述|前面|之前|先前|所有|全部)|无视(?:以上|上述|之前)|不要遵守|不必遵守|你现在是|"
                        r"(?:系统|system)\s*提示词|ignore (?:all |the )?(?:previous|above)|disregard (?:all |the )?previous",
                        re.I)
_SENTENCE = re.compile(r"[^。！？\n]*(?:[。！？]|$)")


def strip_injection(text: str) -> tuple[str, list[str]]:
    """Drop every sentence that carries an instruction aimed at the model."""
    kept, stripped = [], []
    for line in text.split("\n"):
        out = []
        for m in _SENTENCE.finditer(line):
            sentence = m.group(0)
            if sentence and _INJECTION.search(sentence):
                stripped.append(sentence.strip())
            else:
                out.append(sentence)
        kept.append("".join(out))
    return "\n".join(kept), stripped


def echo_ratio(text: str, scaffold: str, min_block: int = 12) -> float:
    """Share of `text` (outside quotation marks) copied verbatim, in runs of ≥ `min_block` characters, from
    `scaffold` — the prompt without the material a section may legitimately repeat (the case facts)."""
    import difflib

    body = re.sub(r"“[^”]*”", "", text)
    body = re.sub(r"\s+", "", body)
    if not body:
        return 0.0
    sm = difflib.SequenceMatcher(None, re.sub(r"\s+", "", scaffold), body, autojunk=False)
    copied = sum(b.size for b in sm.get_matching_blocks() if b.size >= min_block)
    return copied / len(body)


def strip_structure(text: str) -> tuple[str, list[str]]:
    """Remove headings, section names, title/date/seal lines, code fences and Markdown marks; keep the prose."""
    kept, stripped = [], []
    for line in text.replace("\r\n", "\n").split("\n"):
        raw = line
        line = _MD.sub("", line).strip()
        line = re.sub(r"^(?:[-*•>]\s+)+", "", line)
        if not line:
            continue
        bare = re.sub(r"[\s：:。]", "", line)
        heading = _HEADING.match(line)
        if (line.startswith("```") or "<<<" in line or ">>>" in line or bare in _SECTION_WORDS
                or _DATE_LINE.match(line) or re.fullmatch(r"[（(]?(?:院印|印章|盖章)[）)]?", bare)
                or re.fullmatch(r".{2,30}人民检察院", bare)
                or (heading and len(line) <= 24 and "。" not in line)
                or (len(bare) <= 12 and line.endswith(("：", ":")) and not re.search(r"[，。]", line))):
            stripped.append(raw.strip())
            continue
        if heading:  # a long numbered paragraph: keep the words, drop the numbering (structure is the caller's)
            stripped.append(heading.group(0).strip())
            line = line[heading.end():]
        kept.append(line)
    return "\n".join(kept), stripped


# -- numbers -----------------------------------------------------------------------------------------------------
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?:\s*(?:万|亿))?")
_CN_RUN = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")


def _values(text: str, chinese: bool) -> set:
    from assistant.intake.amounts import parse_number

    out = set()
    for m in _ARABIC.finditer(text):
        v = parse_number(m.group(0).replace(" ", ""))
        if v is not None:
            out.add(v.normalize())
    if chinese:
        for m in _CN_RUN.finditer(text):
            v = parse_number(m.group(0))
            if v is not None:
                out.add(v.normalize())
    return out


def unsupported_numbers(text: str, checks: list[CitationCheck], sources: str) -> list[str]:
    """Arabic numbers in `text` (outside citations) whose value appears nowhere in `sources` (8.6万 = 86000)."""
    spans = [(c.start, c.end) for c in checks]
    have = _values(sources, chinese=True)
    out = []
    for m in _ARABIC.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        from assistant.intake.amounts import parse_number

        v = parse_number(m.group(0).replace(" ", ""))
        if v is not None and v.normalize() not in have:
            out.append(m.group(0))
    return list(dict.fromkeys(out))


# -- the section -------------------------------------------------------------------------------------------------
def _settings():
    from assistant.settings import get_settings

    return get_settings()


def _fit(prompt, variables: dict, trim_order: tuple[str, ...], context_tokens: int, max_tokens: int, margin: float):
    """Render the prompt; if it does not fit, trim the variables in `trim_order` (cut at sentence ends)."""
    messages = prompt.render(variables)
    b = budget(messages, context_tokens, max_tokens, margin)
    if b.fits:
        return messages, None
    keys = [k for k in trim_order if k in variables and str(variables[k] or "").strip()]
    if not keys:
        return None, f"提示词约 {b.estimated_tokens} token，超出模型上下文（{context_tokens}，另留 {max_tokens} 生成）"
    current = sum(count_tokens(str(variables[k])) for k in keys)
    allowed = current + b.room
    res = trim_to_budget([(k, str(variables[k])) for k in keys], max(allowed, 0))
    trimmed = {**variables, **{k: "（已从略）" for k in res.dropped}, **res.as_dict()}
    messages = prompt.render(trimmed)
    b = budget(messages, context_tokens, max_tokens, margin)
    if not b.fits:
        return None, f"提示词在删节后仍约 {b.estimated_tokens} token，超出模型上下文（{context_tokens}）"
    return messages, None


def generate_section(chat: ChatModel | None, prompt_id: str, variables: dict, allowed_ids, offline_text: str,
                     verifier: CitationVerifier, *, as_of: date | None = None, max_tokens: int | None = None,
                     context_tokens: int | None = None, margin: float | None = None,
                     trim_order: tuple[str, ...] = ("provisions", "case_facts"),
                     copy_ok: tuple[str, ...] = ("case_facts",),
                     prompt_version: int | None = None) -> SectionResult:
    """One narrative section: the model's text when it survives verification, else `offline_text` (see module doc).

    `variables` fill the prompt's placeholders (`allowed_ids` is filled in if absent). `offline_text` is what the
    offline drafter writes for this section; it is also what the document gets whenever the model text is unusable.
    `copy_ok` names the variables the section may repeat word for word (the case facts); a reply that is mostly a
    copy of the rest of the prompt (the provisions list, the review) is parroting, not drafting."""
    allowed = set(allowed_ids)
    offline_clean, offline_checks, offline_removed = check_citations(offline_text, verifier, None, as_of)

    def offline(reason: str | None, removed=(), **extra) -> SectionResult:
        return SectionResult(offline_clean, False, reason, list(removed) + offline_removed, offline_checks,
                             extra.pop("prompt_version", None), backend=getattr(chat, "name", "offline"),
                             model=getattr(chat, "model", None), **extra)

    if chat is None or getattr(chat, "is_offline", False):
        return offline(None)
    s = _settings()
    max_tokens = int(max_tokens or s.llm_max_tokens)
    prompt = load_prompt(prompt_id, prompt_version)
    variables = {"allowed_ids": sorted(allowed), **variables}
    messages, too_long = _fit(prompt, variables, trim_order, int(context_tokens or s.llm_context_tokens), max_tokens,
                              s.llm_token_margin if margin is None else margin)
    if messages is None:
        return offline(f"{too_long}，本节使用离线文本", prompt_version=prompt.ref)
    try:
        raw = chat.complete(messages, max_tokens=max_tokens, temperature=0)
    except LLMError as exc:
        return offline(f"模型调用失败：{exc}。本节使用离线文本", prompt_version=prompt.ref)

    body, stripped = strip_structure(raw)
    body, injected = strip_injection(body)
    stripped += injected
    text, kept, removed = check_citations(body, verifier, allowed, as_of)
    sources = "\n".join(str(v) for v in variables.values()) + "\n" + offline_text
    numbers = unsupported_numbers(text, kept, sources)
    common = dict(prompt_version=prompt.ref, stripped=stripped, raw=raw)
    if not re.search(r"[\u4e00-\u9fff]{4,}", text):
        return offline("模型没有生成可用的正文，本节使用离线文本", removed, **common)
    scaffold = messages[0]["content"] + "\n" + "\n".join(
        str(v) for k, v in variables.items() if k not in copy_ok)
    if echo_ratio(text, scaffold) >= 0.5:
        return offline("模型复述了提示词中的条文清单或审查结论，没有写出本节正文，本节使用离线文本", removed, **common)
    if numbers:
        return offline(f"模型写出了材料中没有的数字（{'、'.join(numbers)}），本节使用离线文本", removed,
                       unsupported_numbers=numbers, **common)
    if not kept and offline_checks:
        return offline("删除无法核实的引用后，模型生成的文字已没有任何有效的法律依据，本节使用离线文本", removed, **common)
    return SectionResult(text, True, None, removed, kept, prompt.ref, backend=chat.name, model=chat.model,
                         stripped=stripped, raw=raw)


def __getattr__(name: str):
    # the chat panel's answer lives in its own module (assistant/llm/answer.py); re-exported here lazily
    if name in ("answer_question", "stream_answer", "Answer", "StreamEvent"):
        from assistant.llm import answer

        return getattr(answer, name)
    raise AttributeError(name)
