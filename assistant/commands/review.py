"""`xianjie review`: review one case file, or a JSONL batch."""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer

from assistant.commands.options import parse_date_option
from assistant.errors import UserError




def run_batch(src: Path, out: Path, today: date | None, progress: bool) -> tuple[int, int]:
    from assistant.intake import case_from_dict
    from assistant.review import default_engine

    engine = default_engine()
    lines = src.read_text(encoding="utf-8").splitlines()
    ok = bad = 0
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=len(lines), unit="案", desc="审查", file=sys.stderr)
    with out.open("w", encoding="utf-8") as fh:
        for n, line in enumerate(lines, 1):
            if bar:
                bar.update(1)
            if not line.strip():
                continue
            rid = None
            try:
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    raise ValueError("不是有效的 JSON") from None
                if not isinstance(rec, dict):
                    raise ValueError("每行应为一个 JSON 对象")
                rid = rec.get("id") or f"line-{n}"
                case = case_from_dict(rec)
                result = engine.review(case, today).batch_record()
                ok += 1
            except Exception as exc:  # one bad line must not stop the batch
                result = {"id": rid or f"line-{n}", "error": f"第 {n} 行无法审查：{exc}"}
                bad += 1
            fh.write(json.dumps(result, ensure_ascii=False) + "\n")
    if bar:
        bar.close()
    return ok, bad


def register(app: typer.Typer) -> None:
    @app.command("review", help="审查案件：罪名、立案标准、衔接方向、期限、证据缺口。FILE 可为 .json/.txt/.docx/.pdf")
    def review(
        file: Path = typer.Argument(None, help="案件文件（.json/.txt/.docx/.pdf）"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出完整审查结果"),
        batch: Path = typer.Option(None, "--batch", help="批量审查：输入 JSONL，每行一个案件（至少含 id 与 facts）"),
        out: Path = typer.Option(None, "--out", help="批量审查的输出 JSONL 路径"),
        today: str = typer.Option(None, "--today", help="计算期限所用的“今天”（YYYY-MM-DD），默认系统日期"),
    ) -> None:
        t = parse_date_option(today)
        if batch is not None:
            if out is None:
                raise UserError("批量审查需要 --out 指定输出文件")
            if not batch.is_file():
                raise UserError(f"找不到输入文件：{batch}")
            ok, bad = run_batch(batch, out, t, progress=sys.stderr.isatty())
            typer.echo(f"已审查 {ok} 件，出错 {bad} 件；结果写入 {out}")
            return
        if file is None:
            raise UserError("请指定案件文件，或用 --batch 批量审查")
        from assistant.intake import load_case
        from assistant.review import review_case
        from assistant.review.summary import summarize

        case = load_case(file)
        r = review_case(case, t)
        if as_json:
            typer.echo(r.model_dump_json(indent=2))
        else:
            typer.echo(summarize(r))
