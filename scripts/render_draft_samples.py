"""Draft the sample documents from eval/samples/ and keep their previews in docs/samples/ (a contact sheet of its pages).

    .venv/bin/python scripts/render_draft_samples.py            # needs scripts/setup_preview.sh (LibreOffice, fonts)

Writes docs/samples/opinion_reverse.png (危险驾驶, after 不起诉), opinion_forward.png (销售假冒注册商标的商品, kept by the
agency) and evidence_checklist.png (销售假冒注册商标的商品), with the DOCX beside each. Offline backend, a fixed date and
a temporary database, so the previews change only when the drafter does.
"""
from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from assistant.drafting import draft_checklist, draft_opinion  # noqa: E402
from assistant.intake import load_case  # noqa: E402
from assistant.render import render_preview  # noqa: E402
from assistant.settings import Settings  # noqa: E402

SAMPLES = ROOT / "eval" / "samples"
OUT = ROOT / "docs" / "samples"
JOBS = [("opinion_reverse", "opinion", "不起诉决定书_危险驾驶.txt"),
        ("opinion_forward", "opinion", "行政处罚决定书_销售假冒注册商标的商品.txt"),
        ("evidence_checklist", "checklist", "不起诉决定书_销售假冒注册商标的商品.txt")]


def contact_sheet(pngs: list[Path], target: Path, per_row: int = 3) -> None:
    """The pages in reading order, `per_row` to a row, on a grey ground."""
    images = [Image.open(p).convert("RGB") for p in pngs]
    gap = 16
    w, h = max(i.width for i in images), max(i.height for i in images)
    cols = min(per_row, len(images))
    rows = (len(images) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * w + gap * (cols + 1), rows * h + gap * (rows + 1)), (200, 200, 200))
    for n, im in enumerate(images):
        r, c = divmod(n, cols)
        sheet.paste(im, (gap + c * (w + gap), gap + r * (h + gap)))
    sheet.save(target, optimize=True)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        s = Settings(data_dir=Path(tmp))
        for name, kind, file in JOBS:
            case = load_case(SAMPLES / file)
            docx = OUT / f"{name}.docx"
            if kind == "opinion":
                draft_opinion(case, settings=s, today=date(2026, 11, 22), output=docx)
            else:
                draft_checklist(case, settings=s, today=date(2026, 11, 22), output=docx)
            preview = render_preview(docx, Path(tmp) / name, pages=6, dpi=60)
            contact_sheet(preview.pngs, OUT / f"{name}.png")
            print(f"{OUT / (name + '.png')}（{preview.pages} 页）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
