"""Command groups of the `xianjie` CLI. A group module exposes `register(app)`; list it in GROUPS."""
from __future__ import annotations

import importlib

import typer

GROUPS = ["article", "index_cmd", "review", "draft", "audit", "report", "eval_cmd", "serve"]


def register_all(app: typer.Typer) -> None:
    for name in GROUPS:
        try:
            mod = importlib.import_module(f"assistant.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"assistant.commands.{name}":
                continue  # group not built yet
            raise
        mod.register(app)
