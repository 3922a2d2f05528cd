"""Chat backends, registered through the one backend registry (index/registry.py) like every other backend.

    from assistant.llm.plugins import chat_from_settings
    chat = chat_from_settings()          # settings.llm_backend: "offline" (default) or "openai"
    if not chat.is_offline: ...

A third-party chat backend registers `register("chat", "name", factory)` from its own plugin module; its factory
receives the common keyword arguments (base_url, model, api_key, timeout, max_retries) and may ignore the rest.
"""
from __future__ import annotations

from assistant.llm.base import ChatModel, OfflineChat


def _openai(**kwargs) -> ChatModel:
    from assistant.llm.openai_backend import OpenAIChat

    return OpenAIChat(**kwargs)


def _offline(**kwargs) -> ChatModel:
    return OfflineChat(**kwargs)


def register_backends(register) -> None:
    register("chat", "openai", _openai)
    register("chat", "offline", _offline)


def chat_from_settings(settings=None, backend: str | None = None) -> ChatModel:
    """The chat backend the settings name (or `backend`), built with the settings' endpoint, model and timeouts."""
    from assistant.settings import get_settings
    from index import registry

    s = settings or get_settings()
    name = backend or s.llm_backend
    if name == "offline":
        return registry.create("chat", "offline")
    return registry.create("chat", name, base_url=s.openai_base_url, model=s.openai_model, api_key=s.openai_api_key,
                           timeout=s.llm_timeout, max_retries=s.llm_max_retries,
                           legacy_max_tokens=s.openai_legacy_max_tokens)
