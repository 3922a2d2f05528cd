"""The review index and the typical cases as citable, searchable texts: 审查索引#<罪名> and 案例#<id>.

They are indexed for retrieval beside the statutes (so the chat panel and the drafter can find and cite them) and
resolve in the verifier. Their text is composed from the YAML entries; every number in it is quoted from the
statute text it came from (the entry's verbatim quote and source ID).
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from index.model import Provision

GUIDE_DOC = "审查索引"
CASE_DOC = "案例"
GUIDE_TITLE = "行刑反向衔接案件审查索引（本系统编写）"
CASE_TITLE = "典型案例（示例性编写，非真实案件）"


def _entry_text(e) -> str:
    lines = [f"{e.charge}罪（{e.article}）审查要点：{e.summary}"]
    current, seen = [], set()
    for r in e.thresholds:
        if r.effective_to is None and r.quote not in seen:
            seen.add(r.quote)
            current.append(r)
    for r in current[:8]:
        where = f"（{r.variant}）" if r.variant else ""
        cond = f"，且{r.condition}" if r.condition else ""
        lines.append(f"立案追诉标准{where}：“{r.quote}”〔{r.source}，{r.effective_from.isoformat()}起施行{cond}〕")
    adm = e.administrative
    lines.append(f"反向衔接主管机关：{adm.agency}；处罚依据：{'、'.join(adm.penalty_provisions)}；"
                 f"可给予：{'、'.join(adm.penalties)}；违反：{'、'.join(adm.violated)}")
    if adm.checks:
        lines.append("移送前核查：" + "；".join(adm.checks))
    for el in e.elements:
        ev = "、".join(f"{i.name}（{'可直接使用' if i.conversion == 'direct' else '需重新收集' if i.conversion == 'recollect' else '需鉴定检验'}）"
                      for i in el.evidence)
        lines.append(f"{el.element}：{el.requirement}；证据：{ev}")
    if e.source_notes:
        lines.append("来源说明：" + "；".join(e.source_notes))
    return "\n".join(lines)


def _case_text(c) -> str:
    return "\n".join([f"{c.title}（{c.disclaimer}）", f"案情：{c.facts}", f"处理：{c.handling}",
                      "要点：" + "；".join(c.points), "依据：" + "、".join(c.provisions)])


@lru_cache(maxsize=1)
def guide_provisions() -> tuple[Provision, ...]:
    """Every review-index entry and typical case as a Provision (doc 审查索引 / 案例)."""
    from assistant.review_index import load_review_index

    idx = load_review_index()
    out: list[Provision] = []
    for e in idx.entries:
        text = _entry_text(e)
        out.append(Provision(id=f"{GUIDE_DOC}#{e.charge}", doc_key=GUIDE_DOC, doc_short=GUIDE_DOC, article=e.charge,
                             paragraph=None, text=text, label=f"{e.charge}罪审查索引", heading=e.field,
                             paragraphs=(text,)))
    for cid, c in sorted(idx.cases.items()):
        text = _case_text(c)
        out.append(Provision(id=cid, doc_key=CASE_DOC, doc_short=CASE_DOC, article=cid.split("#", 1)[1],
                             paragraph=None, text=text, label=c.title, heading=c.charge, paragraphs=(text,)))
    return tuple(out)


@lru_cache(maxsize=1)
def _by_id() -> dict[str, Provision]:
    return {p.id: p for p in guide_provisions()}


def get_guide(pid: str) -> Provision | None:
    return _by_id().get(pid)


def guide_exists(pid: str) -> bool:
    return pid in _by_id()


def guide_info(pid: str) -> dict:
    """Title/version data shown with a guide citation (the chat panel's chip)."""
    p = get_guide(pid)
    if p is None:
        return {}
    title = GUIDE_TITLE if p.doc_short == GUIDE_DOC else CASE_TITLE
    return {"id": p.id, "title": title, "label": p.label, "version": "本系统编写", "effective_from": None,
            "text": p.text, "kind": "guide", "as_of": date.today().isoformat()}


def guide_source():
    """The review index and typical cases as an extra retrieval source for index.build."""
    from index.build import ExtraSource
    from index.model import DocumentInfo

    def doc(short: str, title: str, kind: str) -> DocumentInfo:
        return DocumentInfo(key=short, short=short, title=title, aliases=(), kind=kind, issuing_body="本系统",
                            version="本系统编写", version_key="guide", effective_from=None, effective_to=None,
                            repealed_by=None, file="", source="corpus/guides/")

    return ExtraSource(documents=(doc(GUIDE_DOC, GUIDE_TITLE, "guide"), doc(CASE_DOC, CASE_TITLE, "case")),
                       provisions=guide_provisions())
