"""The chat panel's API.

    POST /api/conversations            → a new conversation id
    GET  /api/conversations/{id}       → its case (if any) and history
    POST /api/chat                     → the answer as server-sent events (see sse.py for the events)
    POST /api/chat/answer              → the same answer as one JSON object (scripts, tests)

Each answer quotes only retrieved provisions and matching review-index rules (assistant/llm/answer.py); the turn is
kept in the conversation so that a follow-up question keeps its context.
"""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field
from sse_starlette import EventSourceResponse

from .chat_context import matching_rules, retrieval_query
from .errors import ERROR_RESPONSES, ApiError
from .routes_search import citation_name
from .sse import chat_events

router = APIRouter(prefix="/api", tags=["问答"], responses=ERROR_RESPONSES)
CHAT_K = 4          # provisions quoted per answer: enough to cover a question, few enough to read
MAX_PINNED = 2
ID_PATTERN = r"^[0-9a-f]{32}$"


class ChatRequest(BaseModel):
    question: str = Field(..., min_length=1, max_length=2000, description="问题，如：醉驾不起诉后应当移送哪个部门？")
    conversation_id: str | None = Field(None, max_length=64, description="会话编号；为空时新建会话")
    as_of: date | None = Field(None, description="适用日期：只引用当时有效的版本")


class Citation(BaseModel):
    id: str
    status: str = Field(description="VERIFIED / NOT_FOUND / MISMATCH")
    label: str = ""
    name: str = Field("", description="条文名称，如 《中华人民共和国刑法》第二百一十四条")
    quote: str | None = None
    message: str = ""


class ChatAnswer(BaseModel):
    conversation_id: str
    text: str
    insufficient: bool = Field(description="依据不足：检索不到能回答问题的条文")
    missing: str | None = None
    citations: list[Citation]
    removed: list[Citation] = Field(default_factory=list, description="因无法核实而删去的引用")
    used_model: bool
    fallback_reason: str | None = None
    backend: str
    query: str = Field(description="实际用于检索的语句（含会话上下文）")


class ConversationView(BaseModel):
    conversation_id: str
    has_case: bool
    case_id: str | None = None
    charge: str | None = None
    history: list[dict]


def rule_provisions(store, rules, as_of: date | None = None) -> list[dict]:
    """The provisions (verbatim, from the store) that the rules cite, as hits for the answer."""
    out, seen = [], set()
    for r in rules:
        pid = r.get("source") if isinstance(r, dict) else getattr(r, "source", None)
        if not pid or pid in seen or pid.startswith(("审查索引#", "案例#")):
            continue
        seen.add(pid)
        p = store.get(pid, as_of=as_of)
        if p is not None:
            d = store.document(p)
            out.append({"id": pid, "title": d.title, "doc_short": d.short, "label": p.label, "text": p.text})
    return out


def _cited(store, checks) -> list[Citation]:
    out, seen = [], set()
    for c in checks:
        d = c.to_dict()
        if d["id"] in seen:
            continue
        seen.add(d["id"])
        out.append(Citation(**d, name=citation_name(store, d["id"])))
    return out


class _Turn:
    """One question in one conversation: the retrieval, the rules, and the bookkeeping after the answer."""

    def __init__(self, request: Request, body: ChatRequest):
        self.services = request.app.state.services
        self.question = body.question.strip()
        if not self.question:
            raise ApiError("empty_question", "问题不能为空")
        self.conv = self.services.conversations.get_or_new(body.conversation_id)
        self.as_of = body.as_of
        self.query = retrieval_query(self.question, self.conv)

    def inputs(self):
        """Retrieved provisions, with the provisions the matching rules rest on put first: the rule says which
        article settles the question, so its words belong in the answer even when retrieval ranked it lower.
        Nothing retrieved means no support: no rules either, the answer says 依据不足."""
        hits = self.services.retriever.search(self.query, k=CHAT_K, as_of=self.as_of)
        if not hits:
            return [], []
        rules = matching_rules(self.question, self.conv, self.services.engine, self.as_of)
        pinned = rule_provisions(self.services.store, rules, self.as_of)[:MAX_PINNED]
        ids = {p["id"] for p in pinned}
        return pinned + [h for h in hits if h.id not in ids][:CHAT_K + 1 - len(pinned)], rules

    def stream(self):
        from assistant.llm.answer import stream_answer

        hits, rules = self.inputs()
        yield from stream_answer(self.services.chat, self.question, hits, rules, verifier=self.services.verifier,
                                 history=list(self.conv.history), as_of=self.as_of)

    def finish(self, answer) -> dict:
        self.conv.add_turn(self.question, answer.text)
        store = self.services.store
        return ChatAnswer(conversation_id=self.conv.id, text=answer.text, insufficient=answer.insufficient,
                          missing=answer.missing, citations=_cited(store, answer.citations),
                          removed=_cited(store, answer.removed), used_model=answer.used_model,
                          fallback_reason=answer.fallback_reason, backend=answer.backend,
                          query=self.query).model_dump()


@router.post("/chat", summary="提问（流式回答，text/event-stream）",
             description="事件：meta（会话编号）→ token（逐段文字）→ citations（已核实的引用）→ done（完整回答）；"
                         "出错时为 error（code、message）。reset 表示清空已显示的文字（模型中途失败，改为摘录条文作答）。",
             responses={200: {"content": {"text/event-stream": {}}, "description": "SSE 事件流"}})
def chat(request: Request, body: ChatRequest) -> EventSourceResponse:
    turn = _Turn(request, body)
    return EventSourceResponse(chat_events(turn.stream, turn.finish, turn.conv.id), ping=15,
                               headers={"X-Accel-Buffering": "no", "Cache-Control": "no-cache"})


@router.post("/chat/answer", response_model=ChatAnswer, summary="提问（一次返回完整回答）")
def chat_answer(request: Request, body: ChatRequest) -> dict:
    from assistant.llm.answer import answer_question

    turn = _Turn(request, body)
    hits, rules = turn.inputs()
    ans = answer_question(turn.services.chat, turn.question, hits, rules, verifier=turn.services.verifier,
                          history=list(turn.conv.history), as_of=turn.as_of)
    return turn.finish(ans)


@router.post("/conversations", response_model=ConversationView, summary="新建会话")
def new_conversation(request: Request) -> ConversationView:
    conv = request.app.state.services.conversations.new()
    return ConversationView(conversation_id=conv.id, has_case=False, history=[])


@router.get("/conversations/{conversation_id}", response_model=ConversationView, summary="查看会话（案件与问答记录）")
def show_conversation(request: Request,
                      conversation_id: str = Path(..., pattern=ID_PATTERN, description="会话编号")) -> ConversationView:
    conv = request.app.state.services.conversations.get(conversation_id)
    top = getattr(conv.review, "top", None) if conv.review is not None else None
    return ConversationView(conversation_id=conv.id, has_case=conv.case is not None,
                            case_id=getattr(conv.case, "id", None), charge=top.name if top else None,
                            history=conv.history)
