"""`xianjie report`: the monthly 类案监督报告 (and its import template, and its clue evaluation);
`xianjie demo-data`: a synthetic month with planted clues and their ground truth."""
from __future__ import annotations

from pathlib import Path

import typer

from assistant.commands.options import parse_date_option
from assistant.errors import UserError

report_app = typer.Typer(help="类案监督报告：从共享平台导出的月度案件数据（CSV/XLSX）生成报告", no_args_is_help=True)




class _Bar:
    """A rich progress bar on stderr, one task per stage."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(TextColumn("{task.description:<12}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=Console(stderr=True), transient=False)
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        self.progress.__enter__()
        return self

    def __exit__(self, *exc):
        for tid in self.tasks.values():
            t = self.progress.tasks[tid]
            if t.total is None:
                self.progress.update(tid, total=max(t.completed, 1), completed=max(t.completed, 1))
        return self.progress.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        for name, tid in self.tasks.items():      # a new stage finishes the open ones
            if name != stage and self.progress.tasks[tid].total is None:
                self.progress.update(tid, total=max(self.progress.tasks[tid].completed, 1),
                                     completed=max(self.progress.tasks[tid].completed, 1))
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)


@report_app.command("monthly", help="生成月度类案监督报告：DOCX（公文版式）、同名 .html 与 .clues.xlsx")
def monthly(
    input: Path = typer.Argument(..., help="本月导出的案件数据（.xlsx 或 .csv，列名见 docs/monthly_report.md）"),
    month: str = typer.Option(..., "--month", help="统计月份 YYYY-MM，如 2026-10"),
    previous: Path = typer.Option(None, "--previous", help="上月导出的案件数据，用于环比分析"),
    out: Path = typer.Option(Path("report.docx"), "-o", "--out", help="输出的 DOCX 路径；HTML 与 XLSX 写在旁边"),
    as_of: str = typer.Option(None, "--as-of", help="期限计算截止日 YYYY-MM-DD，默认为该月最后一天"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度条"),
) -> None:
    from assistant.report.pipeline import build_report, output_paths, write_outputs

    output_paths(out)   # a wrong suffix fails before any work
    if previous is not None and not previous.is_file():
        raise UserError(f"找不到上月数据文件：{previous}")
    if quiet:
        report = build_report(input, month, previous=previous, as_of=parse_date_option(as_of))
        paths = write_outputs(report, out)
    else:
        with _Bar() as bar:
            report = build_report(input, month, previous=previous, as_of=parse_date_option(as_of), progress=bar)
            paths = write_outputs(report, out, progress=bar)
    cur = report.current
    typer.echo(f"{report.period}：导入 {cur.imported.total_rows} 行，纳入分析 {len(cur.imported.rows)} 件，"
               f"监督线索 {len(report.clues)} 条，建议制发检察建议 {sum(r.kind == '检察建议' for r in report.recommendations)} 个机关。")
    if cur.imported.issues:
        typer.echo(f"数据问题 {len(cur.imported.issues)} 处（{cur.imported.excluded} 行未纳入分析），见报告“数据质量”部分。")
    for label, key in (("报告（DOCX）", "docx"), ("网页版（HTML）", "html"), ("线索清单（XLSX）", "xlsx")):
        typer.echo(f"{label}：{paths[key]}")
    for w in report.warnings:
        typer.secho(f"提示：{w}", fg=typer.colors.YELLOW, err=True)


@report_app.command("template", help="写出空白导入模板（含“填写说明”工作表）；--example N 写出含 N 行示例数据的模板")
def template(
    out: Path = typer.Option(Path("template.xlsx"), "-o", "--out", help="输出的 .xlsx 路径"),
    example: int = typer.Option(0, "--example", help="示例数据行数（0 为空白模板）"),
    month: str = typer.Option("2026-10", "--month", help="示例数据的月份"),
    seed: int = typer.Option(1, "--seed", help="示例数据的随机种子"),
) -> None:
    from assistant.report.workbook import write_template

    if out.suffix.lower() != ".xlsx":
        raise UserError(f"模板应为 .xlsx 文件：{out.name}")
    rows = None
    if example:
        m = _generate(month, example, seed, with_errors=False)
        rows = m.rows
    typer.echo(f"已写出：{write_template(out, rows)}")


@report_app.command("evaluate", help="在生成的月度数据上评测线索识别（按线索类型的精确率与召回率）")
def evaluate(rows: int = typer.Option(2000, "--rows", help="每个月份的行数")) -> None:
    from assistant.report.evaluate import markdown, run_report

    typer.echo(markdown(run_report(rows=rows)))


def _generate(month: str, rows: int, seed: int, with_errors: bool = True):
    from assistant.report.demo import MonthGenerator
    from assistant.report.pipeline import _engine_and_rules, parse_month
    from assistant.settings import get_settings

    if rows < 1 or rows > 1_000_000:
        raise UserError(f"行数应在 1 到 1000000 之间：{rows}")
    engine, rules = _engine_and_rules(get_settings())
    return MonthGenerator(parse_month(month), engine, rules, seed=seed, with_errors=with_errors).generate(rows)


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")

    @app.command("demo-data", help="生成一个月的模拟共享平台数据（含埋设的各类监督线索）及真值文件 *.truth.json")
    def demo_data(
        month: str = typer.Option(..., "--month", help="月份 YYYY-MM"),
        rows: int = typer.Option(2000, "--rows", help="行数"),
        out: Path = typer.Option(Path("cases.xlsx"), "-o", "--out", help="输出文件（.xlsx 或 .csv）"),
        seed: int = typer.Option(1, "--seed", help="随机种子（相同种子生成相同数据）"),
        no_errors: bool = typer.Option(False, "--no-errors", help="不埋设数据质量问题（缺执法机关、错误日期、重复编号、未知列）"),
    ) -> None:
        from assistant.report.workbook import truth_path, write_rows, write_truth
        from assistant.settings import get_settings

        if out.suffix.lower() not in (".xlsx", ".csv"):
            raise UserError(f"输出文件应为 .xlsx 或 .csv：{out.name}")
        m = _generate(month, rows, seed, with_errors=not no_errors)
        write_rows(out, m.header, m.rows)
        s = get_settings()
        truth = m.truth_json({"report_stall_days_admin": s.report_stall_days_admin,
                              "report_stall_days_police": s.report_stall_days_police})
        tp = write_truth(truth_path(out), truth)
        typer.echo(f"已生成 {len(m.rows)} 行：{out}")
        typer.echo(f"真值：{tp}（埋设线索 {len(m.truth)} 件）")
        from assistant.report.model import CLUE_NAMES

        for t, n in truth["counts"].items():
            typer.echo(f"  {CLUE_NAMES[t]}：{n}")
