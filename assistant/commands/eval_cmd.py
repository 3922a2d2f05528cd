"""`xianjie eval`: the evaluation harness (retrieval, review, drafting, monthly report), comparison of two runs, floors.

    xianjie eval all --backend offline --split all -o var/eval/offline.md      # + var/eval/offline.json
    xianjie eval review --split dev
    xianjie eval all --check-floors                                            # CI: exit 1 below a floor
    xianjie eval compare var/eval/offline.json var/eval/qwen.json
    xianjie eval floors var/eval/offline.json --raise                          # raise floors that improved
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

from assistant.errors import UserError

PART_HELP = {
    "retrieval": "检索评测：bm25 / dense / fused 的 R@1、R@5、MRR、nDCG@10，及无答案问题",
    "review": "审查评测：罪名、弃权、主要条文、立案标准、衔接方向、主管机关、证据缺口、数额提取",
    "drafting": "文书评测：对需要制发文书的标注案例生成文书并核对结构、引用、事实与数额",
    "report": "类案监督月报评测：生成的月度数据上各类线索的精确率/召回率",
    "all": "全部评测",
}
BACKENDS = ("offline", "openai")


def _paths(output: Path | None, json_out: Path | None) -> tuple[Path, Path]:
    if output is None:
        from assistant.settings import get_settings

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        output = get_settings().data_dir / "eval" / f"eval-{stamp}.md"
    if output.suffix.lower() != ".md":
        output = output.with_suffix(".md")
    return output, json_out or output.with_suffix(".json")


def run_parts(parts: list[str], backend: str, split: str, cases: Path | None, output: Path | None,
              json_out: Path | None, check_floors: bool, floors_file: Path | None) -> None:
    from assistant.evaluation.floors import check, load_floors
    from assistant.evaluation.labeled import SPLITS
    from assistant.evaluation.markdown import render
    from assistant.evaluation.runner import run, write_json
    from assistant.settings import get_settings

    if backend not in BACKENDS:
        raise UserError(f"未知的后端“{backend}”，应为 offline 或 openai", exit_code=2)
    if split not in SPLITS:
        raise UserError(f"未知的案例集“{split}”，应为 dev / test / all", exit_code=2)
    if cases is not None and not cases.is_dir():
        raise UserError(f"找不到标注案例目录：{cases}", exit_code=2)
    floors = load_floors(floors_file) if check_floors else None   # a broken floors file fails before the long run
    md_path, json_path = _paths(output, json_out)
    result = run(parts, get_settings(), backend=backend, split=split, cases_dir=cases)
    failures = check(result, floors["floors"], floors["ceilings"]) if floors else []
    if floors:
        result["floors"] = {"file": str(floors_file or "eval/floors.json"), "failures": failures}
    write_json(result, json_path)
    md_path.parent.mkdir(parents=True, exist_ok=True)
    md_path.write_text(render(result), encoding="utf-8")
    typer.echo(headline(result))
    typer.echo(f"报告：{md_path}\n数据：{json_path}")
    if floors:
        if failures:
            raise UserError("以下指标越过了 eval/floors.json 的界限：\n  " + "\n  ".join(failures), exit_code=1)
        typer.echo("所有指标均不低于下限。")


def headline(result: dict) -> str:
    f = result["figures"]
    picks = [("retrieval.fused.recall@5", "检索 fused R@5"), ("retrieval.fused.mrr", "检索 fused MRR"),
             ("review.test.charge_top1", "罪名 top-1（test）"), ("review.dev.charge_top1", "罪名 top-1（dev）"),
             ("review.test.negative_abstention_rate", "负例弃权（test）"),
             ("review.test.threshold_accuracy", "立案标准（test）"), ("review.test.direction_accuracy", "衔接方向（test）"),
             ("drafting.test.sections.rate", "文书结构完整（test）"), ("drafting.test.citations_verified", "引用核验（test）"),
             ("report.macro.precision", "月报线索精确率"), ("report.macro.recall", "月报线索召回率")]
    lines = [f"  {label}：{f[name]:.3f}" for name, label in picks if isinstance(f.get(name), (int, float))]
    return "\n".join(["主要指标："] + lines) if lines else "（本次没有主要指标）"


def register(app: typer.Typer) -> None:
    eval_app = typer.Typer(help="评测：检索、审查、文书、月报的准确率（标注数据见 eval/；说明见 docs/eval.md）",
                           no_args_is_help=True)
    app.add_typer(eval_app, name="eval")

    def add_part(name: str) -> None:
        @eval_app.command(name, help=PART_HELP[name])
        def part(
            backend: str = typer.Option("offline", "--backend", help="文书生成后端：offline 或 openai"),
            split: str = typer.Option("all", "--split", help="标注案例集：dev（调参）/ test（保留）/ all"),
            cases: Path = typer.Option(None, "--cases", help="标注案例目录（含 dev.jsonl / test.jsonl），默认 eval/cases"),
            output: Path = typer.Option(None, "-o", "--output", help="Markdown 报告路径（同名 .json 保存全部指标）"),
            json_out: Path = typer.Option(None, "--json", help="JSON 结果路径（默认与报告同名）"),
            check_floors: bool = typer.Option(False, "--check-floors", help="任一主要指标低于 eval/floors.json 的下限则退出码为 1"),
            floors_file: Path = typer.Option(None, "--floors", help="指标下限文件（默认 eval/floors.json）"),
        ) -> None:
            from assistant.evaluation.runner import PARTS

            run_parts(list(PARTS) if name == "all" else [name], backend, split, cases, output, json_out,
                      check_floors, floors_file)

    for name in PART_HELP:
        add_part(name)

    @eval_app.command("compare", help="比较两次评测的结果（JSON），逐项列出变化")
    def compare(
        a: Path = typer.Argument(..., help="第一次评测的 JSON"),
        b: Path = typer.Argument(..., help="第二次评测的 JSON"),
        show_all: bool = typer.Option(False, "--all", help="列出全部指标（默认只列有变化的）"),
    ) -> None:
        from assistant.evaluation.compare import render_compare
        from assistant.evaluation.runner import read_json

        typer.echo(render_compare(read_json(a), read_json(b), show_all=show_all, names=(str(a), str(b))), nl=False)

    @eval_app.command("floors", help="按一次评测结果检查指标下限；--raise 把已提高的下限写回 eval/floors.json")
    def floors_cmd(
        result_file: Path = typer.Argument(..., help="评测结果 JSON"),
        raise_: bool = typer.Option(False, "--raise", help="把可提高的下限写回文件（从不降低）"),
        floors_file: Path = typer.Option(None, "--floors", help="指标下限文件（默认 eval/floors.json）"),
    ) -> None:
        from assistant.evaluation.floors import check, load_floors, raise_floors, write_floors
        from assistant.evaluation.runner import read_json

        result = read_json(result_file)
        data = load_floors(floors_file)
        failures = check(result, data["floors"], data["ceilings"])
        ups = raise_floors(data, result["figures"])
        for name, (old, new) in ups.items():
            typer.echo(f"{name}：{old:g} → {new:g}（可提高）")
        if raise_ and ups:
            data["floors"].update({name: new for name, (_, new) in ups.items()})
            write_floors(data, floors_file)
            typer.echo(f"已提高 {len(ups)} 项下限。")
        if failures:
            raise UserError("以下指标越过了界限：\n  " + "\n  ".join(failures), exit_code=1)
        typer.echo(f"所有指标均在界限之内（{len(data['floors'])} 项下限，{len(data['ceilings'])} 项上限）。")
