"""Intake speed: cases/s for case_from_text / case_from_dict over the labeled cases, and for the DOCX/PDF readers.

    .venv/bin/python bench/bench_intake.py            # prints figures; the batch review needs ≥ 50 cases/s overall
"""
from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.intake import case_from_dict, load_case  # noqa: E402


def _rate(label: str, fn, items, repeat: int = 3) -> None:
    fn(items[0])  # warm the regex and cn2an caches
    start = time.perf_counter()
    for _ in range(repeat):
        for item in items:
            fn(item)
    elapsed = time.perf_counter() - start
    n = repeat * len(items)
    print(f"{label:<34} {n:>5} cases  {n / elapsed:>8.0f} cases/s  {elapsed / n * 1000:6.2f} ms/case")


def main() -> None:
    rows = []
    for name in ("dev.jsonl", "test.jsonl"):
        f = ROOT / "eval" / "cases" / name
        if f.is_file():
            rows += [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows:
        print("no labeled cases under eval/cases/")
        return
    dicts = [{**(r.get("case") or {}), "id": r["id"], "facts": r["facts"]} for r in rows]
    _rate("case_from_dict (labeled cases)", case_from_dict, dicts)
    longest = sorted(dicts, key=lambda d: len(d["facts"]))[-20:]
    _rate("case_from_dict (20 longest)", case_from_dict, longest)

    import docx
    blobs = []
    for d in longest[:10]:
        document = docx.Document()
        for para in d["facts"].splitlines():
            document.add_paragraph(para)
        buf = io.BytesIO()
        document.save(buf)
        blobs.append(buf.getvalue())
    _rate("load_case (DOCX)", lambda b: load_case(b, "case.docx"), blobs)

    sys.path.insert(0, str(ROOT / "tests"))
    from test_intake_readers import make_text_pdf  # the offline text-PDF builder of the tests
    pdfs = [make_text_pdf([d["facts"].splitlines()]) for d in longest[:10]]
    _rate("load_case (text PDF)", lambda b: load_case(b, "case.pdf"), pdfs)


if __name__ == "__main__":
    main()
