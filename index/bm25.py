"""Lexical retrieval: jieba tokens (with the legal user dictionary) scored by BM25 (bm25s).

A private `jieba.Tokenizer` is used so that loading our dictionary never changes the global jieba other modules may
use, and its prefix-dictionary cache goes to a directory we know is writable.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import math
import os
import tempfile
import threading
import unicodedata
from pathlib import Path

import numpy as np

DEFAULT_USER_DICT: Path = Path(__file__).resolve().parent / "legal_dict.txt"
DEFAULT_JIEBA_CACHE_DIR: Path = Path(__file__).resolve().parent.parent / "var" / "cache"

# Function words and chat filler: they carry no legal meaning, and without them a greeting has no lexical evidence.
STOPWORDS = frozenset("""
的 了 和 与 及 以及 或 或者 是 在 对 把 被 将 由 从 向 于 为 以 之 其 该 此 这 那 这个 那个 这些 那些 这种 那种
有 有的 也 都 就 还 又 而 并 并且 但 但是 如果 若 如何 怎么 怎样 怎么办 什么 哪些 哪个 哪 吗 呢 吧 啊 呀 哦 嗯 么
我 你 您 他 她 它 我们 你们 他们 她们 它们 自己 咱们 请问 请 一下 可以 能 能否 是否 会 要 想 给 让 个 一个 一些 等 等等
上 下 中 里 时 时候 关于 对于 根据 按照 依照 依据 所 所以 因为 因此 然后 如何 还是 已经 曾经 现在 今天 明天 昨天
你好 您好 谢谢 好的 没有 不是 就是 还有 怎么样 多少 几 谁 啥 嘛 哈 呃
""".split())

_lock = threading.Lock()


def _normalize(text: str) -> str:
    # NFKC: full-width digits/letters → ASCII so "２１４" and "214" are one token; case-folded for Latin letters.
    return unicodedata.normalize("NFKC", text).lower()


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def user_dict_hash(path: Path | str = DEFAULT_USER_DICT) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class LegalTokenizer:
    """jieba segmentation in search style (a long word also yields its dictionary sub-words), minus stopwords and
    punctuation."""

    def __init__(self, user_dict: Path | str | None = DEFAULT_USER_DICT, cache_dir: Path | str | None = None):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self.user_dict = Path(user_dict) if user_dict else None
        self.dict_hash = user_dict_hash(self.user_dict) if self.user_dict else "none"
        self._tk = jieba.Tokenizer()
        self._tk.tmp_dir = str(self._writable_dir(cache_dir))
        self._tk.cache_file = "jieba-xianjie.cache"
        self._ready = False

    @staticmethod
    def _writable_dir(cache_dir: Path | str | None) -> Path:
        for candidate in (cache_dir, DEFAULT_JIEBA_CACHE_DIR, Path(tempfile.gettempdir()) / "xianjie"):
            if candidate is None:
                continue
            path = Path(candidate)
            try:
                path.mkdir(parents=True, exist_ok=True)
                if os.access(path, os.W_OK):
                    return path
            except OSError:
                continue
        return Path(tempfile.gettempdir())

    def _init(self) -> None:
        if self._ready:
            return
        with _lock:
            if self._ready:
                return
            self._tk.initialize()
            if self.user_dict:
                lines = [ln for ln in self.user_dict.read_text(encoding="utf-8").splitlines()
                         if ln.strip() and not ln.lstrip().startswith("#")]
                self._tk.load_userdict(io.StringIO("\n".join(lines)))
            self._ready = True

    def tokenize(self, text: str) -> list[str]:
        return self.analyze(text)[1]

    def analyze(self, text: str) -> tuple[list[str], list[str]]:
        """(words, tokens): the segmented words (stopwords dropped) and the indexing tokens (words + sub-words)."""
        self._init()
        words: list[str] = []
        tokens: list[str] = []
        freq = self._tk.FREQ
        for word in self._tk.cut(_normalize(text), HMM=True):
            word = word.strip()
            if not word or not _is_word(word):
                continue
            # Like jieba's search mode, but every dictionary sub-word of a long word, not only 2/3-grams, so that
            # "违法所得数额较大" also yields "违法所得" and "数额较大".
            n = len(word)
            if n > 2:
                for size in range(2, n):
                    for start in range(n - size + 1):
                        sub = word[start:start + size]
                        if freq.get(sub) and sub not in STOPWORDS:
                            tokens.append(sub)
            if word not in STOPWORDS:
                tokens.append(word)
                words.append(word)
        return words, tokens


class BM25Index:
    """bm25s over pre-tokenised chunks; document i of the index is chunk i of the build's chunk list."""

    META = "xianjie-bm25.json"

    def __init__(self, retriever, doc_freq: dict[str, int], n_docs: int, dict_hash: str):
        self._bm25 = retriever
        self.doc_freq = doc_freq
        self.n_docs = n_docs
        self.dict_hash = dict_hash

    @classmethod
    def build(cls, token_lists: list[list[str]], dict_hash: str, k1: float = 1.2, b: float = 0.75) -> BM25Index:
        import bm25s

        retriever = bm25s.BM25(k1=k1, b=b, method="lucene")
        retriever.index(token_lists, show_progress=False)
        doc_freq: dict[str, int] = {}
        for tokens in token_lists:
            for tok in set(tokens):
                doc_freq[tok] = doc_freq.get(tok, 0) + 1
        return cls(retriever, doc_freq, len(token_lists), dict_hash)

    def save(self, directory: Path | str) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self._bm25.save(str(directory), show_progress=False)
        meta = {"n_docs": self.n_docs, "dict_hash": self.dict_hash, "doc_freq": self.doc_freq}
        (directory / self.META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path | str) -> BM25Index:
        import bm25s

        directory = Path(directory)
        meta = json.loads((directory / cls.META).read_text(encoding="utf-8"))
        retriever = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        return cls(retriever, meta["doc_freq"], int(meta["n_docs"]), meta["dict_hash"])

    def idf(self, token: str) -> float:
        df = self.doc_freq.get(token, 0)
        if df == 0:
            return 0.0
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every indexed chunk for the (deduplicated) query tokens; zeros when nothing matches."""
        known = [t for t in dict.fromkeys(query_tokens) if t in self.doc_freq]
        if not known:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)
