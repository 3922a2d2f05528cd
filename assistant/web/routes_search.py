"""Search and provisions by ID: `GET /api/search`, `GET /api/provisions/{id}`."""
from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from .errors import ERROR_RESPONSES, ApiError

router = APIRouter(prefix="/api", tags=["检索与条文"], responses=ERROR_RESPONSES)


class SearchHit(BaseModel):
    id: str = Field(description="条文编号，如 刑法#214、刑事诉讼法#177.3")
    title: str = Field(description="法律文件全称")
    doc_short: str
    label: str = Field(description="条款序号，如 第二百一十四条")
    version: str = Field(description="版本键，如 2018")
    score: float
    text: str = Field(description="条文原文（长条文为命中的片段）")
    effective_from: str | None = None
    effective_to: str | None = None


class SearchResponse(BaseModel):
    query: str
    hits: list[SearchHit]
    message: str = Field("", description="没有命中时的说明")


class ProvisionView(BaseModel):
    id: str
    label: str
    title: str = Field(description="法律文件全称")
    doc_short: str
    version: str = Field(description="版本说明，如 2018年10月26日第三次修正")
    version_key: str
    effective_from: str | None
    effective_to: str | None
    in_force_today: bool
    kind: str = Field(description="law / regulation / interpretation / normative / guide / excerpt …")
    heading: str = Field("", description="所在编章节")
    text: str = Field(description="条文原文")
    paragraphs: list[str] = Field(default_factory=list, description="各款原文（整条时）")
    note: str = Field("", description="版本选择等提示；摘录类文件会注明并非全文")


@router.get("/search", response_model=SearchResponse, summary="检索法律条文（BM25 + 向量融合，带证据门限）")
def search(request: Request,
           q: str = Query(..., min_length=1, max_length=500, description="问题或关键词"),
           k: int = Query(10, ge=1, le=50, description="返回条数"),
           doc: str | None = Query(None, max_length=100, description="只在某部法律文件中检索，如 刑法、治安管理处罚法@2012"),
           as_of: date | None = Query(None, description="适用日期 YYYY-MM-DD：只检索当时有效的版本"),
           mode: Literal["fused", "bm25", "dense"] = Query("fused", description="检索方式")) -> SearchResponse:
    services = request.app.state.services
    hits = services.retriever.search(q, k=k, doc=doc, as_of=as_of, mode=mode)
    out = [SearchHit(id=h.id, title=h.title, doc_short=h.doc_short, label=h.label, version=h.version_key,
                     score=h.score, text=h.text, effective_from=h.effective_from, effective_to=h.effective_to)
           for h in hits]
    msg = "" if out else "未检索到与问题相关的法律条文（问题中没有可检索的法律内容，或语料中没有相关规定）"
    return SearchResponse(query=q, hits=out, message=msg)


def provision_view(store, pid: str, as_of: date | None = None) -> ProvisionView:
    from index.citations import CitationError
    from index.provisions import ProvisionNotFound

    pid = pid.strip()
    if not pid or len(pid) > 200:
        raise ApiError("bad_citation", "条文编号为空或过长")
    note = ""
    if pid.startswith(GUIDE_PREFIXES):
        return guide_view(pid)
    p = store.get(pid, as_of=as_of) if "#" in pid else None
    if p is None:
        try:
            r = store.resolve(pid.replace("#", " "), as_of=as_of)
        except ProvisionNotFound as exc:
            raise ApiError("not_found", f"{exc}（编号 {pid}）") from None
        except CitationError as exc:
            raise ApiError("bad_citation", str(exc)) from None
        p, note = r.provision, r.note
    d = store.document(p)
    today = date.today()
    if d.kind == "excerpt":
        note = (note + "本文件仅有摘录或引文，并非全文，请与正式文本核对。").strip()
    return ProvisionView(
        id=p.id, label=p.label, title=d.title, doc_short=d.short, version=d.version, version_key=d.version_key,
        effective_from=d.effective_from.isoformat() if d.effective_from else None,
        effective_to=d.effective_to.isoformat() if d.effective_to else None, in_force_today=d.in_force(today),
        kind=d.kind, heading=p.heading, text=p.text, paragraphs=list(p.paragraphs) if p.paragraph is None else [],
        note=note)


GUIDE_PREFIXES = ("审查索引#", "案例#")
_GUIDE_NOTES = {"guide": "本系统依据法规原文编写的审查索引，其中的数字均引自所注条文；适用时请以条文原文为准。",
                "case": "示例性编写的典型案例，非真实案件，仅供参考。"}


def guide_view(pid: str) -> ProvisionView:
    """A review-index entry (审查索引#罪名) or typical case (案例#…), cited in answers beside the statutes."""
    try:
        from assistant.guides import guide_info
    except ImportError:
        guide_info = None
    info = guide_info(pid) if guide_info else {}
    if not info:
        raise ApiError("not_found", f"未找到：{pid}（审查索引或典型案例中没有这一项）")
    kind = "case" if pid.startswith("案例#") else "guide"
    return ProvisionView(id=info["id"], label=info["label"], title=info["title"], doc_short=pid.split("#", 1)[0],
                         version=info.get("version") or "本系统编写", version_key="guide",
                         effective_from=info.get("effective_from"), effective_to=None, in_force_today=True,
                         kind=kind, heading="", text=info["text"], paragraphs=info["text"].split("\n"),
                         note=_GUIDE_NOTES[kind])


def citation_name(store, pid: str) -> str:
    """How a citation chip names a provision: 《中华人民共和国刑法》第二百一十四条; the ID when it resolves nowhere."""
    try:
        if pid.startswith(GUIDE_PREFIXES):
            v = guide_view(pid)
            return f"《{v.title}》{v.label}"
        p = store.get(pid) if "#" in pid else None
    except ApiError:
        return pid
    return f"《{store.document(p).title}》{p.label}" if p is not None else pid


@router.get("/provisions/{pid}", response_model=ProvisionView,
            summary="按编号查看条文原文、所属文件、版本与施行日期（编号中的 # 写作 %23）")
def provision(request: Request, pid: str,
              as_of: date | None = Query(None, description="适用日期：未写版本时选用当时有效的版本")) -> ProvisionView:
    return provision_view(request.app.state.services.store, pid, as_of)
