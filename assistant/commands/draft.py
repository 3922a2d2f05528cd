"""`xianjie draft opinion|checklist`: one-click 检察意见书 and 证据缺口清单 (DOCX) from a case file."""
from __future__ import annotations

from pathlib import Path

import typer

from assistant.commands.options import parse_date_option
from assistant.errors import UserError

BACKENDS = ("offline", "openai")




def _case(path: Path):
    from assistant.intake import load_case

    if not path.is_file():
        raise UserError(f"找不到案件文件：{path}")
    return load_case(path)


def _output(out: Path | None) -> Path:
    """-o FILE.docx, or a directory (default: the current one) where the file is named after the document."""
    if out is None or out.is_dir():
        return out or Path.cwd()
    if out.suffix.lower() != ".docx":
        raise UserError(f"输出文件应为 .docx：{out}")
    return out


def _report(res, kind: str) -> None:
    typer.echo(f"已生成{kind}：{res.output_path}")
    if res.number:
        typer.echo(f"文号：{res.number}")
    typer.echo(f"生成方式：{res.backend}" + (f"（模型 {res.model}）" if res.model else "") + f"；审计记录 #{res.audit_id}")
    bad = [c for c in res.citations if c.status != "VERIFIED"]
    ids = list(dict.fromkeys(c.id for c in res.citations))
    typer.echo(f"所引条文 {len(ids)} 条" + ("，均已核实" if not bad else f"，其中 {len(bad)} 条未能核实"))
    for c in bad:
        typer.secho(f"  ! {c.id}：{c.message}", fg=typer.colors.RED)
    if res.warnings:
        typer.echo("提示（已同时写入文书末尾的“审查提示”）：")
        for w in res.warnings:
            typer.secho(f"  ! {w}", fg=typer.colors.YELLOW)


def register(app: typer.Typer) -> None:
    draft_app = typer.Typer(help="一键起草：检察意见书、证据缺口清单（DOCX）", no_args_is_help=True)
    app.add_typer(draft_app, name="draft")

    @draft_app.command("opinion", help="起草检察意见书。CASE 为案件文件（.json/.txt/.docx/.pdf）")
    def opinion(
        case: Path = typer.Argument(..., help="案件文件"),
        direction: str = typer.Option(None, "--direction", help="衔接方向 reverse（反向）或 forward（正向）；默认用审查结论"),
        backend: str = typer.Option(None, "--backend", help="生成后端 offline 或 openai；默认用设置 XIANJIE_LLM_BACKEND"),
        out: Path = typer.Option(None, "-o", "--out", help="输出 .docx 路径；默认当前目录下按文号命名"),
        to: str = typer.Option(None, "--to", help="主送机关全称（默认按案件材料或主管机关类型拟定）"),
        user: str = typer.Option(None, "--user", help="使用者姓名（写入审计日志；默认 XIANJIE_USER_NAME）"),
        on: str = typer.Option(None, "--date", help="成文日期 YYYY-MM-DD（默认今天；也用于计算期限）"),
    ) -> None:
        from assistant.drafting import draft_opinion

        if direction is not None and direction not in ("reverse", "forward"):
            raise UserError(f"--direction 只能是 reverse 或 forward：{direction}", exit_code=2)
        if backend is not None and backend not in BACKENDS:
            raise UserError(f"--backend 只能是 {' 或 '.join(BACKENDS)}：{backend}", exit_code=2)
        c = _case(case)
        res = draft_opinion(c, direction=direction, backend=backend, user=user, today=parse_date_option(on), addressee=to,
                            output=_output(out))
        _report(res, "检察意见书")

    @draft_app.command("checklist", help="生成证据缺口清单。CASE 为案件文件（.json/.txt/.docx/.pdf）")
    def checklist(
        case: Path = typer.Argument(..., help="案件文件"),
        out: Path = typer.Option(None, "-o", "--out", help="输出 .docx 路径；默认当前目录下按案件命名"),
        user: str = typer.Option(None, "--user", help="使用者姓名（写入审计日志）"),
        on: str = typer.Option(None, "--date", help="制表日期 YYYY-MM-DD（默认今天）"),
    ) -> None:
        from assistant.drafting import draft_checklist

        c = _case(case)
        res = draft_checklist(c, user=user, today=parse_date_option(on), output=_output(out))
        _report(res, "证据缺口清单")
