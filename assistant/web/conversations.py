"""Server-side state of each conversation: its case (with the review), and the question/answer history.

Kept in memory, bounded (least recently used conversations are dropped) and expired after a while: a conversation is
a working session at one desk, not a record — the documents it produced are in the audit log.
"""
from __future__ import annotations

import re
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from .errors import ApiError

MAX_CONVERSATIONS = 500
MAX_TURNS = 20
TTL_SECONDS = 8 * 3600
_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class Conversation:
    id: str
    case: object | None = None             # assistant.intake.Case
    review: object | None = None           # assistant.review.Review
    history: list[dict] = field(default_factory=list)   # {"role": "user"|"assistant", "content": str}
    touched: float = field(default_factory=time.monotonic)

    def add_turn(self, question: str, answer: str) -> None:
        self.history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
        del self.history[:-2 * MAX_TURNS]

    def last_question(self) -> str | None:
        return next((t["content"] for t in reversed(self.history) if t["role"] == "user"), None)


class ConversationStore:
    def __init__(self, max_items: int = MAX_CONVERSATIONS, ttl: float = TTL_SECONDS):
        self._items: OrderedDict[str, Conversation] = OrderedDict()
        self._lock = threading.Lock()
        self.max_items, self.ttl = max_items, ttl

    def _expire(self) -> None:
        now = time.monotonic()
        for cid in [c for c, v in self._items.items() if now - v.touched > self.ttl]:
            del self._items[cid]
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)

    def new(self) -> Conversation:
        with self._lock:
            conv = Conversation(uuid.uuid4().hex)
            self._items[conv.id] = conv
            self._expire()
            return conv

    def get(self, cid: str) -> Conversation:
        with self._lock:
            conv = self._items.get(cid or "")
            if conv is None:
                raise ApiError("conversation_not_found", "会话不存在或已过期（服务重启或长时间未使用），请重新开始会话")
            conv.touched = time.monotonic()
            self._items.move_to_end(conv.id)
            return conv

    def get_or_new(self, cid: str | None) -> Conversation:
        """The named conversation, or a new one when none was named. A malformed or expired id starts a new one
        too, rather than failing a question the user can simply ask again."""
        if cid and _ID.match(cid):
            try:
                return self.get(cid)
            except ApiError:
                pass
        return self.new()
