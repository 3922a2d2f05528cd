"""The monthly report's outputs: DOCX sections and fonts, a self-contained HTML, the clue sheets; the CLI; the
guarded narrative."""
from __future__ import annotations

import json
import re
from collections import Counter

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from assistant.cli import app, main
from assistant.render import check_fonts
from assistant.report.content import SECTIONS
from assistant.report.demo import MonthGenerator
from assistant.report.model import CLUE_SHORT, CLUE_TYPES
from assistant.report.pipeline import _engine_and_rules, build_report, write_outputs
from assistant.report.summary import narrative
from assistant.report.workbook import write_rows
from assistant.settings import get_settings
from tests.fake_backends import FakeChat


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("rep")
    engine, rules = _engine_and_rules(get_settings())
    cur = MonthGenerator("2026-10", engine, rules, seed=31).generate(300)
    prev = MonthGenerator("2026-09", engine, rules, seed=32).generate(250)
    return d, write_rows(d / "cur.xlsx", cur.header, cur.rows), write_rows(d / "prev.csv", prev.header, prev.rows)


@pytest.fixture(scope="module")
def report(files):
    d, cur, prev = files
    stages = []
    r = build_report(cur, "2026-10", previous=prev, progress=lambda s, n, t: stages.append(s))
    paths = write_outputs(r, d / "out" / "月报.docx", progress=lambda s, n, t: stages.append(s))
    return r, paths, stages


def test_progress_reports_every_stage(report):
    _, _, stages = report
    for stage in ("读取本月数据", "审查本月数据", "读取上月数据", "绘制图表", "生成 DOCX", "生成 HTML", "生成线索清单 XLSX"):
        assert stage in stages


def test_docx_has_the_sections_charts_and_official_fonts(report):
    r, paths, _ = report
    assert paths["docx"].name == "月报.docx" and check_fonts(paths["docx"]) == []
    d = docx.Document(str(paths["docx"]))
    text = "\n".join(p.text for p in d.paragraphs)
    for name in SECTIONS:
        assert re.search(rf"[一二三四五六七]、{name}", text), name
    assert "行刑衔接类案监督报告" in text and "（2026年10月）" in text
    assert len(d.inline_shapes) == 4                                   # bar, pie, line, clue bar
    cells = "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    first = next(c for c in r.clues if c.type == "not_transferred")
    assert first.number in cells and "依据：" in cells                 # clue rows carry their provisions
    assert "承办人" in cells                                          # the unknown column is in data quality


def test_html_is_self_contained(report):
    r, paths, _ = report
    html = paths["html"].read_text(encoding="utf-8")
    assert "<link" not in html and "<script" not in html and "@import" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!data:)""", html)
    assert not re.search(r"url\((?!data:)", html)
    assert html.count('src="data:image/png;base64,') == 4
    for name in SECTIONS:
        assert name in html
    assert all(c.number in html for c in r.clues)                     # every clue is listed (≤ 1000 per type)


def test_xlsx_has_one_sheet_per_clue_type_with_all_clues(report):
    r, paths, _ = report
    wb = openpyxl.load_workbook(paths["xlsx"], read_only=True)
    assert wb.sheetnames == ["汇总", *[CLUE_SHORT[t] for t in CLUE_TYPES], "检察建议", "重复出现", "数据质量"]
    counts = Counter(c.type for c in r.clues)
    for t in CLUE_TYPES:
        rows = list(wb[CLUE_SHORT[t]].iter_rows(min_row=2, values_only=True))
        assert len(rows) == counts[t] > 0
        assert all(row[1] and row[7] for row in rows)                  # number, reason
        if t != "stalled":                                            # 公安立案后无进展: a period we set, no provision
            assert all(row[9] for row in rows)
    quality = list(wb["数据质量"].iter_rows(min_row=2, values_only=True))
    assert any("重复" in q[3] for q in quality) and any(q[2] == "承办人" for q in quality)


def test_month_on_month_and_recommendations(report):
    r, _, _ = report
    assert r.comparison is not None and r.comparison.previous_month == "2026-09"
    assert {c.label for c in r.comparison.totals} >= {"案件数", "移送公安"}
    recs = [x for x in r.recommendations if x.kind == "检察建议"]
    assert recs and all(x.total >= get_settings().report_recommend_min_clues for x in recs)
    assert all("人民检察院组织法#21" in x.provisions for x in recs)


def test_narrative_from_the_model_is_kept_only_if_its_numbers_are_the_computed_ones(report):
    r, _, _ = report
    cur = r.current
    args = (r.period, cur.overview, r.clues, r.recommendations, cur.imported.excluded, None)
    n = cur.overview.total.cases
    good = FakeChat(replies=[f"本月共导入案件{n}件，发现监督线索{len(r.clues)}条，需要重点督办以罚代刑线索。"])
    s = narrative(*args, chat=good)
    assert s.used_model and str(n) in s.text
    bad = FakeChat(replies=[f"本月共导入案件{n + 17}件，发现监督线索{len(r.clues)}条，需要重点督办以罚代刑线索。"])
    s = narrative(*args, chat=bad)
    assert not s.used_model and s.text.startswith(r.period) and any("数字" in note for note in s.notes)


def test_cli_demo_data_and_monthly_report(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["demo-data", "--month", "2026-10", "--rows", "120", "-o", str(tmp_path / "c.xlsx"),
                              "--seed", "5"])
    assert res.exit_code == 0, res.output
    truth = json.loads((tmp_path / "c.truth.json").read_text(encoding="utf-8"))
    assert truth["rows"] >= 120 and set(truth["counts"]) == set(CLUE_TYPES) and truth["cases"]
    res = runner.invoke(app, ["report", "monthly", str(tmp_path / "c.xlsx"), "--month", "2026-10", "-q",
                              "-o", str(tmp_path / "r.docx")])
    assert res.exit_code == 0, res.output
    for name in ("r.docx", "r.html", "r.clues.xlsx"):
        assert (tmp_path / name).is_file() and str(tmp_path / name) in res.output


def test_cli_bad_input_gives_a_chinese_error_without_traceback(tmp_path, capsys):
    bad = tmp_path / "x.csv"
    bad.write_text("编号,机关\n1,2\n", encoding="utf-8")
    assert main(["report", "monthly", str(bad), "--month", "2026-10", "-q", "-o", str(tmp_path / "r.docx")]) == 1
    err = capsys.readouterr().err
    assert "缺少必需的列" in err and "Traceback" not in err
    assert main(["report", "monthly", str(bad), "--month", "2026-13", "-q", "-o", str(tmp_path / "r.docx")]) == 1
    assert "月份格式" in capsys.readouterr().err
