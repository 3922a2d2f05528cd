"""Model-written narrative sections (案件事实, 检察机关认为) for the openai backend — and only those.

The offline composer has already written every section; a model may replace the text of the two narrative sections,
nothing else. Structure, numbers, the recommendation, the reply request and the citations stay the caller's:
`generate_section` (assistant/llm/guarded.py) strips structure from the reply, removes every citation that is not
VERIFIED or not among the provisions given to the model, and falls back to the offline text when the reply is unusable.
Whatever it removed or why it fell back goes into the letter's 审查提示, never silently.

The model writes IDs ([刑法#214]); the document names provisions the way a procurator does, so the IDs are turned into
official names here, after verification.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.intake.text import mask_pii
from assistant.llm.guarded import echo_ratio, generate_section
from assistant.llm.prompts import load_prompt
from assistant.verify import CitationVerifier, Status

from .casefacts import facts_excerpt
from .compose import DraftContext
from .model import DIRECTION_TITLE, OpinionLetter, Section

_ID = re.compile(r"[\[【〔]([^\[\]【】〔〕\s#]{1,40}#[0-9A-Za-z引.\-]{1,20})[\]】〕]")
_BARE_BEFORE = re.compile(r"(?:依照|根据|依据|按照|违反了?|适用|符合|参照|援引|即|及|和|与|、|或者|对照)\s*$")
PROVISION_CHARS = 600   # per provision in the prompt; the guard trims further if the whole prompt is too long


@dataclass
class NarrativeReport:
    prompt_versions: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    used_model: dict[str, bool] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)


def ids_to_names(text: str, ctx: DraftContext) -> str:
    """[刑法#214] → 《中华人民共和国刑法》第二百一十四条, in parentheses where it stands after a fact or a quote."""
    out, pos = [], 0
    for m in _ID.finditer(text):
        pid = m.group(1)
        name = ctx.law.name(pid) if ctx.law.exists(pid) else pid
        before = text[:m.start()]
        out.append(text[pos:m.start()])
        out.append(name if _BARE_BEFORE.search(before) else f"（{name}）")
        pos = m.end()
    out.append(text[pos:])
    joined = "".join(out)
    return re.sub(r"）\s*（(?=《)", "、", joined)


def _provisions_block(ctx: DraftContext, ids: list[str]) -> str:
    lines = []
    for pid in ids:
        p = ctx.law.store.get(pid)
        if p is None:
            continue
        text = p.text if len(p.text) <= PROVISION_CHARS else p.text[:PROVISION_CHARS] + "……"
        lines.append(f"[{pid}] {ctx.law.name(pid)}：{text}")
    return "\n".join(lines)


def _relevant(ctx: DraftContext, section: Section, letter: OpinionLetter) -> list[str]:
    """The provisions a section's prompt provides — and so the only ones the model may cite there: what the offline
    text of the section cites, and for the facts the charge article, the thresholds met and the decision basis (for
    the reasoning: the charge article, or the violated provisions). All of them are review citations or bases of the letter, all verified;
    the rest of the review's citations stay out so that the prompt fits a small model's context."""
    r = ctx.review
    ids = list(section.citations)
    if section.key == "facts":
        ids += [r.top.article] if r.top else []
        ids += [t.source for t in ctx.met_thresholds()] + list(ctx.case.decision_basis)
    elif letter.direction == "forward":
        ids += [r.top.article] if r.top else []
    else:
        ids += r.direction.violated_provisions
    ids = [i for i in dict.fromkeys(ids) if ctx.law.exists(i)]
    # an article whose 款 is also given adds only length: is_allowed() lets the model cite either
    return [i for i in ids if not any(j.startswith(i + ".") for j in ids)]


def _review_brief(ctx: DraftContext, letter: OpinionLetter) -> str:
    """What the review concluded, in a few lines with IDs (the full summary would not fit a 4k-context model)."""
    r, c = ctx.review, ctx.case
    lines = [f"罪名：{r.top.name}罪（{r.top.article}）" if r.top else "罪名：未能确定"]
    for t in ctx.met_thresholds():
        lines.append(f"立案追诉标准：{t.sentence()}")
    lines.append(f"衔接方向：{DIRECTION_TITLE[letter.direction]}；主送机关：{letter.addressee}")
    if c.decision_date or c.decision_number:
        lines.append(f"不起诉决定：{c.decision_date or ''} {c.decision_number or ''} {c.non_prosecution_type or ''}".strip())
    for d in c.administrative_decisions:
        lines.append(f"行政处罚：{d.agency or ''} {d.number or ''} {d.date or ''} {'、'.join(d.penalty_kinds)}".strip())
    lim = r.direction.limitation
    if letter.direction == "reverse" and lim:
        lines.append(f"行政处罚时效（{lim.source}）：{lim.status}，{lim.note}")
    return "\n".join(lines)


def _unusable(text: str, prompt_id: str, ctx: DraftContext) -> str | None:
    """Why a reply that passed the guard still cannot stand in the letter: it repeats the prompt's own writing
    instructions (a 0.5B model answered "概述案件经过、查明的违法事实……" — the task, not the facts), or it never
    names the person or unit the letter is about."""
    prompt = load_prompt(prompt_id)
    template = re.sub(r"\{\{[^}]*\}\}", "", prompt.system + "\n" + prompt.user_template)
    if echo_ratio(text, template, min_block=8) >= 0.3:
        return "模型复述了提示词中的写作要求，没有写出本节正文"
    words = [w for w in (ctx.party.name if ctx.party else None, "被不起诉人", "当事人") if w]
    if not any(w in text for w in words):
        return f"模型文字没有提到本案{ctx.who}"
    return None


def write_narratives(letter: OpinionLetter, ctx: DraftContext, chat, verifier: CitationVerifier) -> NarrativeReport:
    """Replace the text of letter.facts / letter.reasoning with model text where the guard lets it through."""
    report = NarrativeReport()
    common = {
        "direction": DIRECTION_TITLE[letter.direction],
        "review": mask_pii(_review_brief(ctx, letter)),
        # the case text goes to the model as data (the prompt fences it); ID and phone numbers are not needed there
        "case_facts": mask_pii(facts_excerpt(ctx.case) or ctx.case.facts),
        "recommendation": letter.recommendation.section.text,
    }
    # most important first: what the guard keeps when the prompt must shrink
    trims = {"facts": ("case_facts", "provisions", "review"), "reasoning": ("provisions", "review", "case_facts")}
    for key, prompt_id in (("facts", "opinion_facts"), ("reasoning", "opinion_reasoning")):
        section: Section = getattr(letter, key)
        allowed = _relevant(ctx, section, letter)
        variables = {**common, "provisions": _provisions_block(ctx, allowed)}
        res = generate_section(chat, prompt_id, variables, allowed, section.text, verifier, as_of=None,
                               trim_order=trims[key])
        if res.prompt_version:
            report.prompt_versions[prompt_id] = res.prompt_version
        report.used_model[key] = res.used_model
        if res.raw is not None:
            report.raw[key] = res.raw
        tag = f"【{section.heading}】"
        report.notes += [tag + n for n in res.notes]
        if res.stripped:
            shown = "；".join(s[:30] for s in res.stripped[:5])
            report.notes.append(f"{tag}模型输出中的标题、落款等结构性内容已删除（文书结构由系统决定）：{shown}")
        if not res.used_model:
            continue          # the offline text stays as composed (it is already verified)
        unusable = _unusable(res.text, prompt_id, ctx)
        if unusable:
            report.notes.append(f"{tag}{unusable}，本节使用离线文本")
            report.used_model[key] = False
            continue
        text = ids_to_names(res.text, ctx)
        check = verifier.verify_text(text)
        bad = [c for c in check.checks if c.status is not Status.VERIFIED]
        if bad:
            report.notes.append(f"{tag}模型文字改写为正式条文名称后有引用无法核实（{'、'.join(c.id for c in bad)}），本节使用离线文本")
            report.used_model[key] = False
            continue
        paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
        if key == "reasoning" and not re.match(r"^(?:本院|检察机关)认为", paragraphs[0]):
            paragraphs[0] = "本院认为，" + paragraphs[0]
        setattr(letter, key, Section(key=key, heading=section.heading, paragraphs=paragraphs,
                                     citations=list(dict.fromkeys(c.id for c in check.checks)), source="model",
                                     prompt_version=res.prompt_version))
    return report
