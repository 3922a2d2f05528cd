"""`xianjie article`: print one provision verbatim with its ID, document, version and effective date."""
from __future__ import annotations

import json

import typer

from assistant.commands.options import parse_date_option
from assistant.errors import NotFoundError, UserError
from assistant.settings import get_settings




def register(app: typer.Typer) -> None:
    @app.command("article", help="按条文引用查看原文，如：刑事诉讼法第一百七十七条第三款、刑法 214、刑法#133-1")
    def article(
        citation: str = typer.Argument(..., help="条文引用或编号"),
        as_of: str = typer.Option(None, "--as-of", help="行为/适用日期 YYYY-MM-DD：选用当时有效的版本"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
    ) -> None:
        from index.citations import CitationError
        from index.provisions import ProvisionNotFound, load_store

        store = load_store(get_settings().corpus_dir)
        try:
            r = store.resolve(citation, as_of=parse_date_option(as_of))
        except ProvisionNotFound as exc:
            raise NotFoundError(str(exc)) from None
        except CitationError as exc:
            raise UserError(str(exc), exit_code=2) from None
        p, d = r.provision, r.document
        if as_json:
            typer.echo(json.dumps({
                "id": p.id, "label": p.label, "title": d.title, "version": d.version,
                "effective_from": d.effective_from.isoformat() if d.effective_from else None,
                "effective_to": d.effective_to.isoformat() if d.effective_to else None,
                "kind": d.kind, "text": p.text, "note": r.note,
            }, ensure_ascii=False, indent=2))
            return
        typer.secho(f"{p.id}　《{d.title}》{p.label}", bold=True)
        eff = f"施行日期：{d.effective_from.isoformat() if d.effective_from else '未载明'}"
        if d.effective_to:
            eff += f"；{d.effective_to.isoformat()} 起失效" + (f"（{d.repealed_by} 废止）" if d.repealed_by else "")
        typer.echo(f"版本：{d.version}；{eff}")
        if d.kind == "excerpt":
            typer.secho("注意：本文件仅有摘录/引文，并非全文，请与正式文本核对。", fg=typer.colors.YELLOW)
        if r.note:
            typer.echo(r.note)
        typer.echo("")
        typer.echo(p.text)
