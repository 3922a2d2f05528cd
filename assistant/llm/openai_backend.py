"""Any OpenAI-compatible chat endpoint (vLLM, Ollama, llama.cpp server, Xinference, a cloud API) via langchain-openai.

Only the Chat Completions API is used (`use_responses_api=False`): it is the part every compatible server implements.
LangChain sends `max_completion_tokens`; servers that predate it (older Ollama, some Xinference builds) only read
`max_tokens`, so by default both are sent (`legacy_max_tokens`). Retries are kept small: a drafter waiting on a dead
endpoint should fall back to the offline text quickly, not retry for minutes.
"""
from __future__ import annotations

import json
from typing import Iterator

from assistant.llm.base import (LLMBadResponseError, LLMConnectionError, LLMError, LLMHTTPError, LLMTimeoutError,
                                Message)

_HTTP_HINT = {
    400: "请求被拒绝（可能是提示词过长或参数不受支持）",
    401: "密钥无效或缺失（检查 openai_api_key）",
    403: "无权访问该模型",
    404: "地址或模型名不存在（检查 openai_base_url 与 openai_model）",
    413: "请求过大（提示词过长）",
    429: "请求过于频繁或额度已用尽",
}


class OpenAIChat:
    name = "openai"
    is_offline = False

    def __init__(self, base_url: str | None = None, model: str = "qwen2.5", api_key: str | None = None,
                 timeout: float = 60.0, max_retries: int = 1, legacy_max_tokens: bool = True, **_ignored):
        if not base_url:
            raise LLMConnectionError("未配置模型接口地址：请设置 XIANJIE_OPENAI_BASE_URL（如 http://127.0.0.1:8080/v1）")
        from langchain_openai import ChatOpenAI

        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout = float(timeout)
        self.legacy_max_tokens = legacy_max_tokens
        self._llm = ChatOpenAI(base_url=self.base_url, model=model, api_key=api_key or "not-needed",
                               timeout=self.timeout, max_retries=max(0, int(max_retries)), use_responses_api=False)

    def __repr__(self) -> str:
        return f"OpenAIChat(base_url={self.base_url!r}, model={self.model!r})"

    def _kwargs(self, max_tokens: int, temperature: float) -> dict:
        kw: dict = {"max_tokens": int(max_tokens), "temperature": float(temperature)}
        if self.legacy_max_tokens:
            kw["extra_body"] = {"max_tokens": int(max_tokens)}
        return kw

    def complete(self, messages: list[Message], *, max_tokens: int, temperature: float = 0) -> str:
        try:
            msg = self._llm.invoke(messages, **self._kwargs(max_tokens, temperature))
        except Exception as exc:  # noqa: BLE001 — every failure below us becomes one Chinese LLMError
            raise self._translate(exc) from exc
        return _text(msg.content)

    def stream(self, messages: list[Message], *, max_tokens: int, temperature: float = 0) -> Iterator[str]:
        try:
            for chunk in self._llm.stream(messages, **self._kwargs(max_tokens, temperature)):
                piece = _text(chunk.content)
                if piece:
                    yield piece
        except LLMError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise self._translate(exc) from exc

    def _translate(self, exc: BaseException) -> LLMError:
        import openai

        where = f"{self.base_url}（模型 {self.model}）"
        if isinstance(exc, openai.APITimeoutError):
            return LLMTimeoutError(f"模型接口 {where} 在 {self.timeout:g} 秒内没有响应（超时）")
        if isinstance(exc, openai.APIConnectionError):
            return LLMConnectionError(f"无法连接模型接口 {where}：服务未启动或地址有误")
        if isinstance(exc, openai.APIStatusError):
            status = exc.status_code
            hint = _HTTP_HINT.get(status, "服务内部错误" if status >= 500 else "请求失败")
            return LLMHTTPError(f"模型接口 {where} 返回 HTTP {status}：{hint}", status=status)
        if isinstance(exc, (openai.APIResponseValidationError, json.JSONDecodeError, ValueError, TypeError, KeyError,
                            AttributeError)):
            return LLMBadResponseError(f"模型接口 {where} 的返回内容无法解析（不是有效的 OpenAI 格式回复）")
        if isinstance(exc, openai.OpenAIError):
            return LLMError(f"调用模型接口 {where} 失败：{type(exc).__name__}")
        import httpx

        if isinstance(exc, httpx.TimeoutException):
            return LLMTimeoutError(f"模型接口 {where} 在 {self.timeout:g} 秒内没有响应（超时）")
        if isinstance(exc, httpx.HTTPError):
            return LLMConnectionError(f"与模型接口 {where} 通信失败：{type(exc).__name__}")
        return LLMError(f"调用模型接口 {where} 时出现意外错误：{type(exc).__name__}")


def _text(content) -> str:
    """LangChain content is a str, or a list of blocks for some providers; keep the text parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(b if isinstance(b, str) else str(b.get("text", "")) for b in content if isinstance(b, (str, dict)))
    return "" if content is None else str(content)
