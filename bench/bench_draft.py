"""One-click draft latency with the offline backend: from the case file to the DOCX on disk.

    .venv/bin/python bench/bench_draft.py              # 20 rounds per sample (goal: p50 ≤ 1 s per document)
    .venv/bin/python bench/bench_draft.py --rounds 50

Each timed run is what `xianjie draft opinion CASE -o out.docx` does after start-up: read the case file, review it,
compose the letter, verify every citation, allocate the document number, write the DOCX and the audit row. The
first run (which loads the statute corpus and the review index) is reported on its own. A temporary data directory
is used, so the bench neither consumes the real document numbers nor fills the real audit log.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.drafting import draft_checklist, draft_opinion  # noqa: E402
from assistant.intake import load_case  # noqa: E402
from assistant.settings import Settings  # noqa: E402

SAMPLES = ROOT / "eval" / "samples"
CASES = {"反向·危险驾驶": "不起诉决定书_危险驾驶.txt", "反向·销售假冒注册商标的商品": "不起诉决定书_销售假冒注册商标的商品.txt",
         "正向·销售假冒注册商标的商品": "行政处罚决定书_销售假冒注册商标的商品.txt"}


def one(kind: str, path: Path, settings: Settings, out: Path) -> float:
    t = time.perf_counter()
    case = load_case(path)
    if kind == "opinion":
        draft_opinion(case, settings=settings, today=date(2026, 11, 22), output=out)
    else:
        draft_checklist(case, settings=settings, today=date(2026, 11, 22), output=out)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        s = Settings(data_dir=Path(tmp))
        out = Path(tmp) / "out.docx"
        first = one("opinion", SAMPLES / CASES["反向·危险驾驶"], s, out)
        print(f"首次起草（含加载法规语料与审查索引）：{first * 1000:.0f} ms")
        print(f"{'文书':<10}{'案件':<28}{'p50':>9}{'p90':>9}{'max':>9}")
        all_times = []
        for kind, label in (("opinion", "检察意见书"), ("checklist", "证据缺口清单")):
            for name, file in CASES.items():
                times = sorted(one(kind, SAMPLES / file, s, out) for _ in range(args.rounds))
                all_times += times
                p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
                print(f"{label:<10}{name:<28}{statistics.median(times) * 1000:>7.0f}ms{p90 * 1000:>7.0f}ms"
                      f"{times[-1] * 1000:>7.0f}ms")
        p50 = statistics.median(all_times)
        print(f"全部 {len(all_times)} 次：p50 {p50 * 1000:.0f} ms（目标 ≤ 1000 ms，含 DOCX 写盘与审计记录）"
              f"{'，达标' if p50 <= 1.0 else '，未达标'}")
        print(f"DOCX 大小：{out.stat().st_size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
