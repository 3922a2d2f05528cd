"""Language-model backends, prompts, token budget and the guard that verifies what a model writes.

    from assistant.llm import chat_from_settings           # the configured backend (offline by default)
    from assistant.llm.guarded import generate_section     # model text, verified, with offline fallback
"""
from assistant.llm.base import (ChatModel, LLMBadResponseError, LLMConnectionError, LLMError, LLMHTTPError,
                                LLMTimeoutError, OfflineChat, OfflineModeError)
from assistant.llm.plugins import chat_from_settings

__all__ = ["ChatModel", "LLMError", "LLMTimeoutError", "LLMConnectionError", "LLMHTTPError", "LLMBadResponseError",
           "OfflineModeError", "OfflineChat", "chat_from_settings"]
