"""Monthly-report part of the harness: clue precision/recall per clue type on generated months.

The measurement itself belongs to the report package (assistant/report/evaluate.py: generate a month with planted
clues → XLSX → read back → detect → compare with the planted truth); here it runs on small months so the whole
harness stays fast, and its figures join the others (`report.per_type.<type>.precision`, `report.macro.recall`).
"""
from __future__ import annotations

from typing import Any

ROWS = 1000     # rows per generated month; every clue type is still planted several times (demo.MIN_PLANTED)


def run_report(settings) -> dict[str, Any]:
    from assistant.report.evaluate import run_report as measure

    return measure(settings, rows=ROWS)


def markdown(part: dict[str, Any]) -> list[str]:
    from assistant.report.evaluate import markdown as render

    return render(part).splitlines() + [""]
