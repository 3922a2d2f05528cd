"""Server-sent events for the chat answer and for report progress.

Chat events, in order: `meta` (conversation id), `token` (text to append; many), `reset` (clear what was shown: the
model failed mid-way and the extractive fallback follows), `citations` (the verified citations, each with the
provision's document and label for the chip), `done` (the whole answer), or `error` (code + Chinese message) instead
of the rest. Retrieval runs inside the stream so that the response starts at once; a failure there is an `error`
event, never a broken connection.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Callable, Iterator

from sse_starlette import ServerSentEvent

from .errors import classify

log = logging.getLogger("xianjie.web")
MAX_CHUNK = 24          # characters per token event: the offline answer arrives a line at a time


def event(name: str, data: dict) -> ServerSentEvent:
    return ServerSentEvent(data=json.dumps(data, ensure_ascii=False), event=name)


def error_payload(exc: BaseException) -> dict:
    known = classify(exc)
    if known is None:
        log.exception("问答出错")
        known = ("internal_error", "生成回答时出错，已记入日志。请重试。")
    return {"code": known[0], "message": known[1]}


def _chunks(text: str) -> Iterator[str]:
    for i in range(0, len(text), MAX_CHUNK):
        yield text[i:i + MAX_CHUNK]


def chat_events(run: Callable[[], Iterator], finish: Callable[[object], dict], conversation_id: str
                ) -> Iterator[ServerSentEvent]:
    """`run()` yields assistant.llm.answer.StreamEvent; `finish(answer)` records the turn and returns the citations
    payload. Sync generator: sse-starlette iterates it in a worker thread."""
    yield event("meta", {"conversation_id": conversation_id})
    try:
        for ev in run():
            if ev.type == "delta":
                for piece in _chunks(ev.text):
                    yield event("token", {"text": piece})
            elif ev.type == "reset":
                yield event("reset", {"reason": ev.text})
            elif ev.type == "done":
                payload = finish(ev.answer)
                yield event("citations", {"citations": payload["citations"]})
                yield event("done", payload)
                return
    except Exception as exc:   # noqa: BLE001 — reported to the client as an event
        yield event("error", error_payload(exc))
        return
    yield event("error", {"code": "internal_error", "message": "回答意外中断，请重试。"})


def job_events(get_state: Callable[[], dict], interval: float = 0.5, timeout: float = 3600.0
               ) -> Iterator[ServerSentEvent]:
    """Report progress: a `progress` event whenever the state changes, then `done` or `error`."""
    last, start = None, time.monotonic()
    while time.monotonic() - start < timeout:
        state = get_state()
        key = (state["status"], state["stage"], state["done"], state["percent"])
        if key != last:
            last = key
            if state["status"] == "done":
                yield event("done", state)
                return
            if state["status"] == "failed":
                yield event("error", {**(state.get("error") or {}), "job": state})
                return
            yield event("progress", state)
        time.sleep(interval)
    yield event("error", {"code": "busy", "message": "等待报告超时，请稍后刷新查看"})
