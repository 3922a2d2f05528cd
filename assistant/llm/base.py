"""What every chat backend offers, and the one error type callers have to handle.

A chat backend is anything with `name`, `model`, `is_offline`, `complete()` and `stream()`. Callers (the drafter, the
chat panel) ask `chat.is_offline` before calling it: the offline backend has no model, and its `complete()` raises
`OfflineModeError`, so a caller that forgets to ask still gets a clear error instead of made-up text.

Every failure below the backend (timeout, HTTP status, refused connection, a body that is not an OpenAI reply) is
turned into an `LLMError` with a Chinese message; the caller then uses the offline text and says why.
"""
from __future__ import annotations

from typing import Iterator, Protocol, runtime_checkable

Message = dict  # {"role": "system" | "user" | "assistant", "content": str}


class LLMError(RuntimeError):
    """The model could not produce an answer. `str(exc)` is a Chinese message fit for the user."""

    code = "llm_error"


class LLMTimeoutError(LLMError):
    code = "llm_timeout"


class LLMConnectionError(LLMError):
    code = "llm_unreachable"


class LLMHTTPError(LLMError):
    code = "llm_http_error"

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class LLMBadResponseError(LLMError):
    code = "llm_bad_response"


class OfflineModeError(LLMError):
    """Raised by the offline backend's `complete()`/`stream()`: there is no model to call."""

    code = "llm_offline"


@runtime_checkable
class ChatModel(Protocol):
    name: str               # backend name in the registry: "openai", "offline", "fake" …
    model: str | None       # model name on the endpoint (None for offline); goes to the audit log
    is_offline: bool

    def complete(self, messages: list[Message], *, max_tokens: int, temperature: float = 0) -> str: ...

    def stream(self, messages: list[Message], *, max_tokens: int, temperature: float = 0) -> Iterator[str]: ...


class OfflineChat:
    """The default backend: no model. Documents are composed deterministically by the drafter."""

    name = "offline"
    model = None
    is_offline = True

    def __init__(self, **_ignored):
        pass

    def complete(self, messages: list[Message], *, max_tokens: int = 0, temperature: float = 0) -> str:
        raise OfflineModeError("当前为离线模式（未配置语言模型），不调用模型")

    def stream(self, messages: list[Message], *, max_tokens: int = 0, temperature: float = 0) -> Iterator[str]:
        raise OfflineModeError("当前为离线模式（未配置语言模型），不调用模型")

    def __repr__(self) -> str:
        return "OfflineChat()"
