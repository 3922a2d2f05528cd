"""The chat panel's answer: from the retrieved provisions and review-index rules only, citations verified.

    ans = answer_question(chat, "销售假冒注册商标的商品违法所得多少可以立案？", hits, rules, verifier=v)
    for ev in stream_answer(chat, question, hits, rules, verifier=v):   # SSE: delta / reset / done
        ...

- No hits → "依据不足" and what is missing, without calling the model (nothing to ground an answer on).
- Offline backend, or the model fails → an extractive answer: the provisions' own words, each with its ID, and the
  rules' numbers with their sources; never prose the sources do not support.
- With a model: its reply goes through the same guard as a drafted section (guarded.check_citations): unverifiable or
  unprovided citations are removed and reported; an Arabic number found in no source, or a reply left without any
  citation, falls back to the extractive answer and says why.
Streaming never shows an unverified citation: text is released a sentence at a time (never inside an open quote or
bracket), after that sentence's citations were checked. A "reset" event tells the client to clear what it showed
(the model failed mid-way, or its answer lost all support) before the fallback text follows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator

from assistant.errors import UserError
from assistant.llm.base import ChatModel, LLMError
from assistant.llm.guarded import (_fit, _settings, check_citations, nest_quotes, strip_injection,
                                   unsupported_numbers)
from assistant.llm.prompts import load_prompt
from assistant.verify import CitationCheck, CitationVerifier

INSUFFICIENT = "依据不足"
MAX_QUOTE = 380          # the verifier links a quote to the ID after it only within 400 characters


@dataclass
class Answer:
    text: str
    insufficient: bool = False
    missing: str | None = None                 # what would be needed, when insufficient
    used_model: bool = False
    fallback_reason: str | None = None
    citations: list[CitationCheck] = field(default_factory=list)
    removed: list[CitationCheck] = field(default_factory=list)
    prompt_version: str | None = None
    backend: str = "offline"
    model: str | None = None

    @property
    def cited_ids(self) -> list[str]:
        return list(dict.fromkeys(c.id for c in self.citations))

    def to_dict(self) -> dict:
        return {"text": self.text, "insufficient": self.insufficient, "missing": self.missing,
                "used_model": self.used_model, "fallback_reason": self.fallback_reason,
                "citations": [c.to_dict() for c in self.citations], "removed": [c.to_dict() for c in self.removed],
                "prompt_version": self.prompt_version, "backend": self.backend, "model": self.model}


@dataclass
class StreamEvent:
    type: str                      # "delta" (append text) | "reset" (clear; text = reason) | "done" (answer set)
    text: str = ""
    answer: Answer | None = None


# -- inputs ------------------------------------------------------------------------------------------------------
def _get(obj, name: str, default=None):
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


def _hit_heading(h) -> str:
    doc = _get(h, "doc_short") or _get(h, "title") or ""
    pid = str(_get(h, "id") or "")
    if "@" in pid:
        # an older version: a written "《矿产资源法》第四十二条" would be read as the current text, so name the
        # version and leave the article to the ID that follows the quotation
        return f"《{doc}》（{pid.split('@')[1].split('#')[0]}年文本）"
    return f"《{doc}》{_get(h, 'label') or ''}".strip()


def _quote(text: str) -> str:
    """The hit's verbatim text, cut at a sentence end to fit the verifier's quote window."""
    text = nest_quotes((text or "").strip())
    if len(text) <= MAX_QUOTE:
        return text
    cut = max(text.rfind(ch, 0, MAX_QUOTE) for ch in "。；")
    return text[: cut + 1] if cut > 0 else text[:MAX_QUOTE]


_OPS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


def rule_line(rule) -> tuple[str, str | None]:
    """A review-index rule (ThresholdRule, DeadlineRule, dict or str) → (one line of text, its source ID)."""
    if isinstance(rule, str):
        return rule, None
    source = _get(rule, "source")
    parts = []
    if _get(rule, "metric") is not None and _get(rule, "value") is not None:
        value = _get(rule, "value")
        value = int(value) if float(value).is_integer() else value
        parts.append(f"{_get(rule, 'metric')}{_OPS.get(str(_get(rule, 'op', '>=')), '≥')}{value}{_get(rule, 'unit', '')}")
        if _get(rule, "level"):
            parts.append(str(_get(rule, "level")))
    elif _get(rule, "days") is not None:
        unit = "个工作日" if _get(rule, "working_days") else "日"
        parts.append(f"{_get(rule, 'name', '')}：{_get(rule, 'days')}{unit}（自{_get(rule, 'starts', '')}起）")
    for key in ("variant", "condition"):
        if _get(rule, key):
            parts.append(str(_get(rule, key)))
    head = f"{_get(rule, 'charge')}：" if _get(rule, "charge") else ""
    quote = nest_quotes(_get(rule, "quote") or "")
    basis = f"，依据“{quote}”[{source}]" if quote and source else (f"，依据[{source}]" if source else "")
    return f"{head}{'，'.join(parts)}{basis}", source


def _provisions_block(hits) -> str:
    return "\n".join(f"[{_get(h, 'id')}] {_hit_heading(h)}：{_get(h, 'text', '')}" for h in hits)


def _history_block(history) -> str:
    lines = []
    for turn in list(history or [])[-6:]:
        who = "检察官" if _get(turn, "role") == "user" else "助手"
        lines.append(f"{who}：{_get(turn, 'content', '')}")
    return "\n".join(lines) or "（无）"


def extractive_answer(hits, rules) -> str:
    """The offline answer: provisions quoted verbatim with their IDs, then the rules with their numbers."""
    lines = ["根据检索到的规定："]
    for i, h in enumerate(hits, 1):
        lines.append(f"{i}. {_hit_heading(h)}：“{_quote(_get(h, 'text', ''))}”[{_get(h, 'id')}]")
    rule_lines = [rule_line(r)[0] for r in rules or ()]
    if rule_lines:
        lines.append("审查索引中的相关规则：")
        lines.extend(f"- {ln}" for ln in rule_lines)
    lines.append("以上为相关规定的原文摘录，是否适用请结合案件事实判断。")
    return "\n".join(lines)


def insufficient_answer(question: str, rules=()) -> Answer:
    missing = "能回答该问题的法律条文（可写明罪名、违法行为、文书名称或法律文件名称后重试）"
    text = f"{INSUFFICIENT}：未检索到能回答该问题的法律条文，无法作答。缺少：{missing}。"
    if rules:
        text += f"审查索引中有 {len(list(rules))} 条可能相关的规则，但没有检索到对应条文原文，未据以作答。"
    return Answer(text=text, insufficient=True, missing=missing)


# -- answering ---------------------------------------------------------------------------------------------------
@dataclass
class _Plan:
    offline_text: str
    offline_checks: list
    offline_removed: list
    allowed: set
    messages: list | None = None
    prompt_ref: str | None = None
    reason: str | None = None
    sources: str = ""


def _plan(chat, question, hits, rules, verifier, history, as_of, max_tokens) -> _Plan:
    allowed = {str(_get(h, "id")) for h in hits} | {s for s in (rule_line(r)[1] for r in rules) if s}
    offline_text, checks, removed = check_citations(extractive_answer(hits, rules), verifier, None, as_of)
    plan = _Plan(offline_text, checks, removed, allowed)
    if chat is None or getattr(chat, "is_offline", False):
        return plan
    s = _settings()
    prompt = load_prompt("chat_answer")
    variables = {"question": question, "provisions": _provisions_block(hits),
                 "rules": "\n".join(rule_line(r)[0] for r in rules) or "（无）", "allowed_ids": sorted(allowed),
                 "history": _history_block(history)}
    plan.prompt_ref = prompt.ref
    plan.sources = "\n".join(str(v) for v in variables.values()) + "\n" + offline_text
    plan.messages, too_long = _fit(prompt, variables, ("provisions", "history", "rules"),
                                   s.llm_context_tokens, max_tokens, s.llm_token_margin)
    if plan.messages is None:
        plan.reason = f"{too_long}，改为摘录条文原文作答"
    return plan


def _offline_answer(plan: _Plan, chat, reason: str | None, removed=()) -> Answer:
    return Answer(plan.offline_text, used_model=False, fallback_reason=reason, citations=plan.offline_checks,
                  removed=list(removed) + plan.offline_removed, prompt_version=plan.prompt_ref,
                  backend=getattr(chat, "name", "offline"), model=getattr(chat, "model", None))


def _judge(plan: _Plan, text: str, kept, removed, chat) -> Answer:
    numbers = unsupported_numbers(text, kept, plan.sources)
    if numbers:
        return _offline_answer(plan, chat, f"模型写出了条文和规则中没有的数字（{'、'.join(numbers)}），改为摘录条文原文作答",
                               removed)
    if not kept:
        return _offline_answer(plan, chat, "模型的回答没有可核实的法律依据，改为摘录条文原文作答", removed)
    return Answer(text, used_model=True, citations=kept, removed=list(removed), prompt_version=plan.prompt_ref,
                  backend=chat.name, model=chat.model)


def _check_question(question: str) -> str:
    q = (question or "").strip()
    if not q:
        raise UserError("问题不能为空", code="empty_question")
    return q


def answer_question(chat: ChatModel | None, question: str, hits: Iterable, rules: Iterable = (), *,
                    verifier: CitationVerifier | None = None, history=(), as_of: date | None = None,
                    max_tokens: int | None = None) -> Answer:
    question, hits, rules = _check_question(question), list(hits or []), list(rules or [])
    if not hits:
        return insufficient_answer(question, rules)
    verifier = verifier or _default_verifier()
    max_tokens = int(max_tokens or _settings().llm_max_tokens)
    plan = _plan(chat, question, hits, rules, verifier, history, as_of, max_tokens)
    if plan.messages is None:
        return _offline_answer(plan, chat, plan.reason)
    try:
        raw = chat.complete(plan.messages, max_tokens=max_tokens, temperature=0)
    except LLMError as exc:
        return _offline_answer(plan, chat, f"模型调用失败：{exc}。改为摘录条文原文作答")
    text, kept, removed = check_citations(_drop_marks(raw), verifier, plan.allowed, as_of)
    return _judge(plan, text, kept, removed, chat)


def stream_answer(chat: ChatModel | None, question: str, hits: Iterable, rules: Iterable = (), *,
                  verifier: CitationVerifier | None = None, history=(), as_of: date | None = None,
                  max_tokens: int | None = None) -> Iterator[StreamEvent]:
    question, hits, rules = _check_question(question), list(hits or []), list(rules or [])
    if not hits:
        ans = insufficient_answer(question, rules)
        yield StreamEvent("delta", ans.text)
        yield StreamEvent("done", answer=ans)
        return
    verifier = verifier or _default_verifier()
    max_tokens = int(max_tokens or _settings().llm_max_tokens)
    plan = _plan(chat, question, hits, rules, verifier, history, as_of, max_tokens)
    if plan.messages is None:
        yield from _emit_offline(_offline_answer(plan, chat, plan.reason), shown=False)
        return
    shown, removed, buf = [], [], ""
    try:
        for piece in chat.stream(plan.messages, max_tokens=max_tokens, temperature=0):
            buf += piece
            cut = safe_cut(buf)
            if cut:
                segment, buf = buf[:cut], buf[cut:]
                text, kept, gone = check_citations(_drop_marks(segment), verifier, plan.allowed, as_of)
                removed.extend(gone)
                numbers = unsupported_numbers(text, kept, plan.sources)
                if numbers:    # stop here: nothing after it would be shown anyway
                    reason = f"模型写出了条文和规则中没有的数字（{'、'.join(numbers)}），改为摘录条文原文作答"
                    yield from _emit_offline(_offline_answer(plan, chat, reason, removed), shown=bool(shown))
                    return
                if text:
                    shown.append(text + ("\n" if segment.endswith("\n") else ""))
                    yield StreamEvent("delta", shown[-1])
        if buf.strip():     # the tail after the last sentence end
            text, _, gone = check_citations(_drop_marks(buf), verifier, plan.allowed, as_of)
            removed.extend(gone)
            if text:
                shown.append(text)
                yield StreamEvent("delta", text)
    except LLMError as exc:
        yield from _emit_offline(_offline_answer(plan, chat, f"模型调用失败：{exc}。改为摘录条文原文作答", removed),
                                 shown=bool(shown))
        return
    text, kept, more = check_citations("".join(shown).strip(), verifier, plan.allowed, as_of)
    ans = _judge(plan, text, kept, removed + more, chat)
    if ans.used_model:
        yield StreamEvent("done", answer=ans)
    else:
        yield from _emit_offline(ans, shown=bool(shown))


def _emit_offline(ans: Answer, shown: bool) -> Iterator[StreamEvent]:
    if shown:
        yield StreamEvent("reset", ans.fallback_reason or "")
    for line in ans.text.split("\n"):
        yield StreamEvent("delta", line + "\n")
    yield StreamEvent("done", answer=ans)


_OPEN, _CLOSE = "“[（(【「《", "”]）)】」》"


def safe_cut(buf: str) -> int:
    """Index just after the last sentence end that is outside every quote and bracket (0: nothing safe yet)."""
    depth, cut = 0, 0
    for i, ch in enumerate(buf):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in "。！？\n" and depth == 0:
            cut = i + 1
    return cut


def _drop_marks(text: str) -> str:
    """Echoed data-block marks and sentences that carry instructions aimed at the model never reach the user."""
    text = "\n".join(ln for ln in text.split("\n") if "<<<" not in ln and ">>>" not in ln)
    return strip_injection(text)[0]


def _default_verifier() -> CitationVerifier:
    from assistant.verify import default_verifier

    return default_verifier()
