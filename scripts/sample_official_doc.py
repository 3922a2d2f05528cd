"""Build the sample 检察意见书 with OfficialDocument, check it, and render it to docs/samples/official_layout.png.

The text is a fixed, fictitious layout sample; the only provisions it cites are quoted from the corpus
(刑事诉讼法第一百七十七条第二款、第三款). Usage:

    .venv/bin/python scripts/sample_official_doc.py [--out-dir docs/samples] [--no-preview]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.render import OfficialDocument, RenderError, check_fonts, preview_missing, render_preview  # noqa: E402

BODY = [
    "本院于2026年10月15日对某某市公安局某某区分局移送审查起诉的张某某涉嫌销售假冒注册商标的商品一案，"
    "依照《中华人民共和国刑事诉讼法》第一百七十七条第二款的规定，作出某检刑不诉〔2026〕12号不起诉决定。",
    "经审查查明：2026年3月至5月，张某某在本区某某路经营的门店内销售假冒“某某”注册商标的白酒120瓶，"
    "销售金额8.6万元。张某某犯罪情节轻微，到案后如实供述，自愿认罪认罚，已退缴违法所得。"
    "本院决定对其不起诉，但其销售侵犯注册商标专用权商品的行为扰乱商标管理秩序，需要依法给予行政处罚。",
    "《中华人民共和国刑事诉讼法》第一百七十七条第三款规定：“对被不起诉人需要给予行政处罚、处分或者需要没收"
    "其违法所得的，人民检察院应当提出检察意见，移送有关主管机关处理。有关主管机关应当将处理结果及时通知人民检察院。”"
    "为此，本院建议你局依法对张某某作出行政处罚并没收违法所得，并将处理结果及时书面通知本院。",
]

EVIDENCE_ROWS = [
    ["主体", "身份证明、营业执照", "户籍证明、个体工商户营业执照", "无", "—"],
    ["主观明知", "供述、进货渠道及价格证据", "供述、进货单据", "进货价格明显低于市场价的比对材料", "补充调取"],
    ["行为", "现场检查笔录、扣押清单", "行政执法现场检查笔录", "无", "可作为证据使用"],
    ["数额", "销售记录、账册、鉴定意见", "销售记录、商标权利人鉴定", "销售金额的转账流水核对", "重新收集"],
]


def build() -> OfficialDocument:
    doc = OfficialDocument()
    doc.add_header_block("某某市某某区人民检察院", "检察意见书", "某检行意〔2026〕3号")
    doc.add_addressee("某某区市场监督管理局")
    for text in BODY:
        doc.add_paragraph(text)
    doc.add_attachments(["某检刑不诉〔2026〕12号不起诉决定书", "案件相关证据材料复印件（共36页）"])
    doc.add_signature("2026-11-22")
    doc.add_seal_line()
    doc.add_page_break()
    doc.add_heading1("一、证据情况")
    doc.add_heading2("（一）行政处罚所需证据")
    doc.add_paragraph("下表列明行政处罚所需证据与在案证据的对应情况，供承办检察官审核。")
    doc.add_table(["要件", "需要的证据", "在案证据", "缺口", "处理方式"], EVIDENCE_ROWS,
                  caption="证据情况一览表", widths_mm=[18, 36, 36, 40, 26])
    doc.add_blank_line()
    doc.add_review_note(["本文书为系统生成的草稿，须经承办检察官审核、修改后方可签发。",
                         "销售金额依据销售记录认定，尚待转账流水核对。"])
    return doc


def montage(pngs: list[Path], out: Path) -> None:
    """Pages side by side with a grey gap, so one picture shows the whole sample."""
    from PIL import Image

    pages = [Image.open(p).convert("RGB") for p in pngs]
    gap = 16
    width = sum(p.width for p in pages) + gap * (len(pages) + 1)
    height = max(p.height for p in pages) + 2 * gap
    canvas = Image.new("RGB", (width, height), (200, 200, 200))
    x = gap
    for page in pages:
        canvas.paste(page, (x, gap))
        x += page.width + gap
    canvas.save(out, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成检察意见书版式样例并渲染为 PNG")
    parser.add_argument("--out-dir", default=str(ROOT / "docs" / "samples"))
    parser.add_argument("--no-preview", action="store_true", help="只生成 DOCX，不调用 LibreOffice")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args(argv)
    out_dir = Path(args.out_dir)
    try:
        docx_path = build().save(out_dir / "official_layout.docx")
        problems = check_fonts(docx_path)
        print(f"DOCX：{docx_path}")
        for p in problems:
            print(f"版式问题：{p}")
        if args.no_preview:
            return 1 if problems else 0
        missing = preview_missing()
        if missing:
            print(f"未生成预览：{missing}", file=sys.stderr)
            return 1
        with tempfile.TemporaryDirectory(prefix="xianjie-sample-") as tmp:
            result = render_preview(docx_path, tmp, pages=3, dpi=args.dpi)
            png = out_dir / "official_layout.png"
            montage(result.pngs, png)
        print(f"PNG：{png}（PDF 共 {result.pages} 页）")
    except RenderError as exc:
        print(f"失败：{exc}", file=sys.stderr)
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
