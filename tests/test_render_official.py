"""GB/T 9704 layout of documents written with assistant.render.OfficialDocument, and the checker that guards it."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from assistant.render import (FANGSONG, HEITI, KAITI, SONGTI, XIAOBIAOSONG, OfficialDocument, RenderError,
                              check_fonts, format_date, normalize_document_number, preview_missing)

ORGAN = "某某市某某区人民检察院"
NUMBER = "某检行意〔2026〕3号"
ADDRESSEE = "某某区市场监督管理局"
BODY = [
    "本院于2026年10月15日对张某某涉嫌销售假冒注册商标的商品一案作出不起诉决定。",
    "经审查查明：张某某销售假冒注册商标的白酒120瓶，销售金额8.6万元，需要给予行政处罚。",
    "本院建议你局依法对张某某作出行政处罚，并将处理结果及时书面通知本院。",
]
ATTACHMENTS = ["某检刑不诉〔2026〕12号不起诉决定书。", "案件相关证据材料复印件（共36页）"]
TABLE_HEADER = ["要件", "需要的证据", "在案证据", "缺口"]
TABLE_ROWS = [["主体", "身份证明", "户籍证明", "无"], ["数额", "销售记录\n鉴定意见", "销售记录", "转账流水核对"]] * 12


def build_sample(chart: bytes | None = None) -> OfficialDocument:
    doc = OfficialDocument()
    doc.add_header_block(ORGAN, "检察意见书", NUMBER)
    doc.add_addressee(ADDRESSEE)
    for text in BODY:
        doc.add_paragraph(text)
    doc.add_attachments(ATTACHMENTS)
    doc.add_signature(dt.date(2026, 11, 22))
    doc.add_seal_line()
    doc.add_page_break()
    doc.add_heading1("一、证据情况")
    doc.add_heading2("（一）行政处罚所需证据")
    doc.add_table(TABLE_HEADER, TABLE_ROWS, caption="证据情况一览表", widths_mm=[20, 40, 40, 56])
    doc.add_review_note(["本文书为系统生成的草稿，须经承办检察官审核。"])
    if chart is not None:
        doc.add_image(chart, width_mm=120, caption="图1 月度移送情况")
    return doc


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory):
    return build_sample().save(tmp_path_factory.mktemp("render") / "opinion.docx")


@pytest.fixture(scope="module")
def reopened(sample_path):
    return docx.Document(str(sample_path))


def _paragraph(document, text):
    for para in document.paragraphs:
        if para.text == text:
            return para
    raise AssertionError(f"paragraph not found: {text}")


def _all_runs(document):
    yield from document.element.body.iter(qn("w:r"))
    for section in document.sections:
        for part in (section.footer, section.even_page_footer, section.header):
            yield from part._element.iter(qn("w:r"))


def _chart_png() -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3), dpi=100)
    ax.bar(["Jan", "Feb", "Mar"], [3, 5, 2])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


# -- fonts ---------------------------------------------------------------------------------------------------------

def test_generated_document_passes_font_and_page_check(sample_path):
    assert check_fonts(sample_path) == []


def test_every_run_names_its_east_asian_font_directly(reopened):
    runs = list(_all_runs(reopened))
    assert len(runs) > 50
    for r in runs:
        rfonts = r.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) in {FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI}
        assert rfonts.get(qn("w:ascii")) == rfonts.get(qn("w:eastAsia"))
        assert rfonts.get(qn("w:eastAsiaTheme")) is None
    normal = reopened.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == FANGSONG


def test_check_fonts_reports_plain_python_docx_output(tmp_path):
    plain = docx.Document()  # US Letter, 1-inch margins, theme fonts
    para = plain.add_paragraph()
    run = para.add_run("仅设置了 font.name 的文字")
    run.font.name = FANGSONG  # writes ascii/hAnsi only: Chinese still falls back to the theme font
    path = tmp_path / "plain.docx"
    plain.save(str(path))
    problems = check_fonts(path)
    assert any("正文第1段「仅设置了 font.name" in p and "主题字体" in p for p in problems)
    assert any("页面尺寸" in p and "A4" in p for p in problems)
    assert any("上边距" in p and "37 mm" in p for p in problems)
    assert any("Normal" in p for p in problems)


def test_check_fonts_names_the_wrong_font_and_its_place(tmp_path):
    doc = build_sample()
    cell_run = doc.document.tables[0].rows[1].cells[2].paragraphs[0].runs[0]
    cell_run._r.rPr.rFonts.set(qn("w:eastAsia"), "微软雅黑")
    footer_run = doc.document.sections[0].footer.paragraphs[0].runs[0]
    del footer_run._r.rPr.rFonts.attrib[qn("w:eastAsia")]
    problems = check_fonts(doc.to_bytes())
    assert any("表格1第2行第3列「户籍证明」" in p and "微软雅黑" in p for p in problems)
    # Without its own eastAsia the footer run inherits the Normal style's 仿宋, which is allowed …
    assert not any("页脚" in p for p in problems)
    # … but a theme font on the run itself wins over everything and is reported.
    footer_run._r.rPr.rFonts.set(qn("w:eastAsiaTheme"), "minorEastAsia")
    assert any("页脚" in p and "主题字体" in p for p in check_fonts(doc.to_bytes()))


def test_check_fonts_rejects_a_file_that_is_not_docx(tmp_path):
    bad = tmp_path / "case.docx"
    bad.write_text("不是 DOCX", encoding="utf-8")
    with pytest.raises(RenderError, match="无法打开 DOCX"):
        check_fonts(bad)
    with pytest.raises(RenderError, match="不存在"):
        check_fonts(tmp_path / "missing.docx")


# -- sizes, spacing, page ------------------------------------------------------------------------------------------

def test_title_is_xiaobiaosong_22pt_centered(reopened):
    title = _paragraph(reopened, "检察意见书")
    assert title.alignment == 1  # center
    assert {r.font.size for r in title.runs} == {Pt(22)}
    assert title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == XIAOBIAOSONG
    organ = _paragraph(reopened, ORGAN)
    assert organ.alignment == 1 and organ.runs[0].font.size > Pt(22)


def test_body_is_fangsong_16pt_fixed_spacing_two_character_indent(reopened):
    for text in BODY:
        para = _paragraph(reopened, text)
        fmt = para.paragraph_format
        assert {r.font.size for r in para.runs} == {Pt(16)}
        assert para.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == FANGSONG
        assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
        assert abs(fmt.line_spacing.pt - 28.95) < 0.05
        assert fmt.first_line_indent == Pt(32)
    assert _paragraph(reopened, "一、证据情况").runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == HEITI
    assert _paragraph(reopened, "（一）行政处罚所需证据").runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == KAITI


def test_page_is_a4_with_gbt9704_margins(reopened):
    for section in reopened.sections:
        assert abs(section.page_width - Mm(210)) < Mm(0.1)
        assert abs(section.page_height - Mm(297)) < Mm(0.1)
        assert abs(section.top_margin - Mm(37)) < Mm(0.1)
        assert abs(section.bottom_margin - Mm(35)) < Mm(0.1)
        assert abs(section.left_margin - Mm(28)) < Mm(0.1)
        assert abs(section.right_margin - Mm(26)) < Mm(0.1)


def test_check_fonts_reports_wrong_margin(tmp_path):
    doc = build_sample()
    doc.document.sections[0].left_margin = Mm(31.8)
    problems = check_fonts(doc.to_bytes())
    assert problems == ["第1节：左边距 31.8 mm，应为 28 mm（±1 mm）"]


def test_footer_carries_page_field_in_dash_style(reopened):
    assert reopened.settings.odd_and_even_pages_header_footer
    section = reopened.sections[0]
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):  # odd right, even left
        para = footer.paragraphs[0]
        instr = "".join(t.text for t in para._p.iter(qn("w:instrText")))
        kinds = [f.get(qn("w:fldCharType")) for f in para._p.iter(qn("w:fldChar"))]
        assert instr.strip() == "PAGE"
        assert kinds == ["begin", "separate", "end"]
        assert para.text.startswith("— ") and para.text.endswith(" —")
        assert para.alignment == align
        assert {r.font.size for r in para.runs} == {Pt(14)}


# -- tables, images, closing ---------------------------------------------------------------------------------------

def test_table_header_row_repeats_and_cells_are_fangsong_14pt(reopened):
    table = reopened.tables[0]
    assert [c.text for c in table.rows[0].cells] == TABLE_HEADER
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"} and len(borders) == 6
    cell = table.rows[2].cells[1]
    assert [p.text for p in cell.paragraphs] == ["销售记录", "鉴定意见"]
    run = cell.paragraphs[0].runs[0]
    assert run.font.size == Pt(14) and run._r.rPr.rFonts.get(qn("w:eastAsia")) == FANGSONG
    assert table.rows[0].cells[0].paragraphs[0].runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == HEITI


def test_table_with_ragged_row_is_refused():
    with pytest.raises(RenderError, match="第2行有3列，表头有2列"):
        OfficialDocument().add_table(["甲", "乙"], [["1", "2"], ["1", "2", "3"]])


def test_document_with_chart_image(tmp_path):
    path = build_sample(chart=_chart_png()).save(tmp_path / "report.docx")
    reopened = docx.Document(str(path))
    assert len(reopened.inline_shapes) == 1
    assert abs(reopened.inline_shapes[0].width - Mm(120)) < Mm(0.1)
    images = [p for p in reopened.part.package.parts if p.content_type == "image/png"]
    assert len(images) == 1 and images[0].blob.startswith(b"\x89PNG")
    holder = next(p for p in reopened.paragraphs if p._p.xpath(".//w:drawing"))
    # A fixed 28.95 pt line would crop the chart to one line's height.
    assert holder.paragraph_format.line_spacing_rule != WD_LINE_SPACING.EXACTLY
    assert _paragraph(reopened, "图1 月度移送情况").alignment == 1
    assert check_fonts(path) == []


def test_image_errors_are_reported_in_chinese(tmp_path):
    doc = OfficialDocument()
    with pytest.raises(RenderError, match="图片文件不存在"):
        doc.add_image(tmp_path / "chart.png")
    with pytest.raises(RenderError, match="无法插入图片"):
        doc.add_image(b"not an image")


def test_addressee_attachments_date_and_seal(reopened):
    texts = [p.text for p in reopened.paragraphs]
    assert f"{ADDRESSEE}：" in texts
    assert "附件：1. 某检刑不诉〔2026〕12号不起诉决定书" in texts  # trailing 。 removed
    assert "2. 案件相关证据材料复印件（共36页）" in texts
    date = _paragraph(reopened, "2026年11月22日")
    seal = _paragraph(reopened, "（院印）")
    assert date.alignment == 2 and date.paragraph_format.right_indent == Pt(64)  # 右空四字
    assert seal.alignment == 2 and seal.paragraph_format.right_indent > date.paragraph_format.right_indent
    second = _paragraph(reopened, "2. 案件相关证据材料复印件（共36页）").paragraph_format
    first = _paragraph(reopened, "附件：1. 某检刑不诉〔2026〕12号不起诉决定书").paragraph_format
    # Both start their name at the same place: after "附件：1. " (2 + 3 + 1.5 characters).
    assert first.left_indent == second.left_indent == Pt(6.5 * 16)
    assert first.left_indent + first.first_line_indent == Pt(32)


def test_single_attachment_is_not_numbered_and_addressees_are_joined():
    doc = OfficialDocument()
    doc.add_addressee("某某区市场监督管理局", "某某区税务局：")
    doc.add_attachments(["不起诉决定书"])
    texts = [p.text for p in doc.document.paragraphs if p.text]
    assert texts == ["某某区市场监督管理局、某某区税务局：", "附件：不起诉决定书"]


def test_dates_and_numbers_follow_gbt9704():
    assert format_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert format_date("2026-11-22") == "2026年11月22日"
    assert format_date("2026年03月09日") == "2026年3月9日"
    with pytest.raises(RenderError, match="成文日期不存在"):
        format_date("2026-02-30")
    with pytest.raises(RenderError, match="无法识别的成文日期"):
        format_date("下周一")
    assert normalize_document_number("某检行意[2026]3号") == "某检行意〔2026〕3号"
    assert normalize_document_number("某检行意（2026）3号") == "某检行意〔2026〕3号"


def test_numbered_paragraphs_keep_the_indent():
    doc = OfficialDocument()
    paras = doc.add_numbered_paragraphs(["甲", "乙"], style="（一）")
    assert [p.text for p in paras] == ["（一）甲", "（二）乙"]
    assert all(p.paragraph_format.first_line_indent == Pt(32) for p in paras)
    with pytest.raises(RenderError, match="不支持的序号样式"):
        doc.add_numbered_paragraphs(["甲"], style="a)")


def test_page_break_opens_the_next_page_without_an_empty_line(reopened):
    heading = _paragraph(reopened, "一、证据情况")
    assert heading.paragraph_format.page_break_before
    assert not reopened.element.body.xpath(".//w:br[@w:type='page']")
    doc = OfficialDocument()
    doc.add_paragraph("正文")
    doc.add_page_break()
    doc.add_table(["甲"], [["1"]])  # a table cannot carry the break itself: a break paragraph precedes it
    body = docx.Document(io.BytesIO(doc.to_bytes())).element.body
    assert [c.tag for c in body.iterchildren()][-3:] == [qn("w:p"), qn("w:tbl"), qn("w:sectPr")]
    assert len(body.xpath(".//w:br[@w:type='page']")) == 1


def test_reopened_document_keeps_section_order(reopened):
    order = []
    for child in reopened.element.body.iterchildren():
        if child.tag == qn("w:p"):
            text = "".join(t.text for t in child.iter(qn("w:t")))
            if text:
                order.append(text)
        elif child.tag == qn("w:tbl"):
            order.append("TABLE:" + "".join(t.text for t in next(child.iter(qn("w:tc"))).iter(qn("w:t"))))
    expected = [ORGAN, "检察意见书", NUMBER, f"{ADDRESSEE}：", *BODY,
                "附件：1. 某检刑不诉〔2026〕12号不起诉决定书", "2. 案件相关证据材料复印件（共36页）",
                "2026年11月22日", "（院印）", "一、证据情况", "（一）行政处罚所需证据", "证据情况一览表",
                "TABLE:要件", "TABLE:审查提示：本文书为系统生成的草稿，须经承办检察官审核。"]
    assert order == expected


# -- preview through LibreOffice -----------------------------------------------------------------------------------

def test_preview_without_libreoffice_says_how_to_install(sample_path, tmp_path, monkeypatch):
    from assistant.render import PreviewUnavailable, docx_to_pdf

    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice, pdftoppm or pdftotext on it
    assert "scripts/setup_preview.sh" in preview_missing()
    with pytest.raises(PreviewUnavailable, match="setup_preview.sh"):
        docx_to_pdf(sample_path, tmp_path)


needs_preview = pytest.mark.skipif(preview_missing() is not None,
                                   reason=f"无法生成预览（{preview_missing()}）")


@needs_preview
@pytest.mark.slow
def test_preview_pdf_and_png_use_the_aliased_faces(sample_path, tmp_path):
    from PIL import Image

    from assistant.render import render_preview

    result = render_preview(sample_path, tmp_path, pages=2, dpi=40)
    assert result.pages >= 2 and len(result.pngs) == 2
    width, height = Image.open(result.pngs[0]).size
    assert abs(height / width - 297 / 210) < 0.01
    fonts = subprocess.run(["pdffonts", str(result.pdf)], capture_output=True, text=True).stdout
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts  # 仿宋/小标宋 → Serif, 黑体 → Sans
    # 小标宋 is drawn with the Bold face (LibreOffice names TTC faces after the collection's first, "jp").
    assert re.search(r"NotoSerifCJK\w*-Bold", fonts) and re.search(r"NotoSerifCJK\w*-Regular", fonts)
    assert "UKai" in fonts  # 楷体 (二级标题, 审查提示)


@needs_preview
@pytest.mark.slow
def test_page_holds_22_lines_of_28_characters(tmp_path):
    from assistant.render import docx_to_pdf, pdf_text

    line = "行刑双向衔接审查意见书版式测试第一二三四五六七八九十一二"
    assert len(line) == 28
    doc = OfficialDocument()
    for _ in range(30):
        doc.add_paragraph(line, indent=False)
    pdf = docx_to_pdf(doc.save(tmp_path / "grid.docx"), tmp_path)
    page1 = [re.sub(r"\s+", "", t) for t in pdf_text(pdf, 1).splitlines()]
    assert page1.count(line) == 22, page1
    assert "—1—" in page1
