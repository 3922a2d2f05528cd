"""Test double for chat backends, registered through the same plugin hook as the built-in ones:

    registry.load_plugin_module("tests.fake_backends")
    chat = registry.create("chat", "fake", replies=["依照[刑法#214]……"])

`FakeChat` answers scripted replies in order (the last one repeats); a reply that is an exception instance is raised
instead, so tests can script a failure. Every prompt it receives is kept in `prompts`.
"""
from __future__ import annotations

from typing import Iterator


class FakeChat:
    name = "fake"
    is_offline = False

    def __init__(self, replies=None, model: str = "fake-1", chunk_chars: int = 4, **_ignored):
        self.replies = list(replies or ["（未设置回复）"])
        self.model = model
        self.chunk_chars = chunk_chars
        self.prompts: list[list[dict]] = []
        self.calls: list[dict] = []

    def _next(self, messages, max_tokens, temperature):
        self.prompts.append([dict(m) for m in messages])
        self.calls.append({"max_tokens": max_tokens, "temperature": temperature})
        reply = self.replies[min(len(self.prompts) - 1, len(self.replies) - 1)]
        if isinstance(reply, BaseException):
            raise reply
        return reply

    def complete(self, messages, *, max_tokens: int, temperature: float = 0) -> str:
        return self._next(messages, max_tokens, temperature)

    def stream(self, messages, *, max_tokens: int, temperature: float = 0) -> Iterator[str]:
        text = self._next(messages, max_tokens, temperature)
        for i in range(0, len(text), self.chunk_chars):
            yield text[i:i + self.chunk_chars]


def register_backends(register) -> None:
    register("chat", "fake", FakeChat)
