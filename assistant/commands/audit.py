"""`xianjie audit list|show`: what the system generated, for whom, from which input and sources."""
from __future__ import annotations

import json
from dataclasses import asdict

import typer

from assistant.errors import UserError


def register(app: typer.Typer) -> None:
    audit_app = typer.Typer(help="审计日志：每份生成文书的时间、使用者、输入、引用、模型与输出", no_args_is_help=True)
    app.add_typer(audit_app, name="audit")

    @audit_app.command("list", help="列出最近生成的文书")
    def list_(
        limit: int = typer.Option(20, "-n", "--limit", help="最多列出条数"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
    ) -> None:
        from assistant.audit import KIND_CN, AuditLog
        from assistant.settings import get_settings

        if limit < 1:
            raise UserError(f"--limit 应为正整数：{limit}")
        s = get_settings()
        rows = AuditLog(s.db_path).list(limit)
        if as_json:
            typer.echo(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
            return
        if not rows:
            typer.echo(f"审计日志为空（{s.db_path}）。")
            return
        for r in rows:
            bad = sum(1 for c in r.citations if c.get("status") != "VERIFIED")
            cites = f"引用 {len(r.citations)}" + (f"（{bad} 条未核实）" if bad else "")
            typer.echo(f"#{r.id:<4} {r.created_at}  {KIND_CN.get(r.kind, r.kind)} {r.document_number or ''}  "
                       f"{r.user}  {r.backend}{'/' + r.model if r.model else ''}  {cites}  {r.output_path or '（网页下载）'}")

    @audit_app.command("show", help="查看一条审计记录的全部内容")
    def show(
        entry_id: int = typer.Argument(..., help="记录编号（见 audit list）"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
    ) -> None:
        from assistant.audit import AuditLog, format_entry
        from assistant.settings import get_settings

        e = AuditLog(get_settings().db_path).get(entry_id)
        if as_json:
            typer.echo(json.dumps(asdict(e), ensure_ascii=False, indent=2))
        else:
            typer.echo(format_entry(e))
