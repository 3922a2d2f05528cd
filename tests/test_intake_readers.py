"""Reading cases from JSON, TXT, DOCX and PDF; every unreadable input gets a Chinese message, never a traceback."""
import io
import json
import re
from decimal import Decimal

import docx
import pytest
from pypdf import PdfWriter

from assistant.intake import IntakeError, load_case, mask_pii, normalize_text, read_pdf

NP_LINES = [
    "某市某区人民检察院",
    "不起诉决定书",
    "某区检刑不诉〔2024〕12号",
    "被不起诉人王某某，男，1980年5月12日出生。",
    "经本院依法审查查明：2024年1月至3月，被不起诉人王某某销售假冒注册商标的白酒，销售金额共计人民币8.6万元。",
    "本院认为，王某某犯罪情节轻微，依据《中华人民共和国刑事诉讼法》第一百七十七条第二款的规定，决定对王某某不起诉。",
    "二〇二四年七月十日",
]


def make_text_pdf(pages: list[list[str]]) -> bytes:
    """A minimal text PDF: a Type0 font whose codes are Unicode code points, with a ToUnicode CMap (no glyphs
    embedded: extraction needs only the mapping). Lets the test run offline without LibreOffice or a CJK font."""
    chars = sorted({ord(c) for page in pages for line in page for c in line})
    blocks = [chars[i:i + 100] for i in range(0, len(chars), 100)]
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(f"{len(b)} beginbfchar\n" + "\n".join(f"<{c:04X}> <{c:04X}>" for c in b) + "\nendbfchar" for b in blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes) -> bytes:
        return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"

    catalog, pages_id = add(b""), add(b"")
    descriptor = add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] "
                     b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
    cid = add(f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
              f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /DW 1000 >>".encode())
    tounicode = add(stream(cmap))
    font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
               f"/DescendantFonts [{cid} 0 R] /ToUnicode {tounicode} 0 R >>".encode())
    kids = []
    for page in pages:
        ops = ["BT", "/F1 12 Tf", "16 TL", "50 780 Td"]
        ops += [f"<{''.join(f'{ord(c):04X}' for c in line)}> Tj T*" for line in page]
        content = add(stream("\n".join(ops + ["ET"]).encode()))
        kids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 595 842] "
                        f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode()))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def blank_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def assert_chinese_error(excinfo, *words):
    message = str(excinfo.value)
    assert re.search(r"[\u4e00-\u9fff]", message), message
    for w in words:
        assert w in message, message


# --- PDF --------------------------------------------------------------------------------------------------

def test_text_pdf_is_read_into_a_case():
    case = load_case(make_text_pdf([NP_LINES]), "决定书.pdf")
    assert case.source_kind == "pdf" and case.id == "决定书"
    assert case.doc_type == "不起诉决定书"
    assert case.non_prosecution_type == "酌定不起诉" and case.decision_basis == ["刑事诉讼法#177.2"]
    assert case.amount("销售金额").value == Decimal(86000)
    assert str(case.decision_date) == "2024-07-10"


def test_pdf_hard_wrapped_lines_are_joined():
    paragraph = "经查，2024年1月至3月，当事人销售假冒注册商标的白酒，销售金额共计人民币8.6万元，违法所得3.2万元。"
    wrapped = [paragraph[i:i + 20] for i in range(0, len(paragraph), 20)]   # breaks inside 8.6万元
    assert not any("8.6万元" in line for line in wrapped)                      # the wrap really splits the amount
    text, warnings = read_pdf(make_text_pdf([["行政处罚决定书"] + wrapped]))
    assert paragraph in text and not warnings


def test_pdf_with_a_scanned_page_warns_about_that_page():
    case = load_case(make_text_pdf([NP_LINES, []]), "a.pdf")
    assert any("第 2 页" in w and "扫描" in w for w in case.warnings)
    assert case.doc_type == "不起诉决定书"


def test_blank_pdf_is_reported_as_scanned():
    with pytest.raises(IntakeError) as exc:
        load_case(blank_pdf(2), "scan.pdf")
    assert_chinese_error(exc, "没有可提取的文字", "OCR")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n1 0 obj << garbage", b"%PDF-1.4\n" + b"\x00" * 200])
def test_corrupt_pdf(data):
    with pytest.raises(IntakeError) as exc:
        load_case(data, "broken.pdf")
    assert_chinese_error(exc, "PDF")


def test_not_a_pdf_named_pdf():
    with pytest.raises(IntakeError) as exc:
        load_case(b"hello, this is text", "fake.pdf")
    assert_chinese_error(exc, "PDF")


def test_pdf_page_limit():
    with pytest.raises(IntakeError) as exc:
        load_case(blank_pdf(3), "long.pdf", max_pages=2)
    assert_chinese_error(exc, "3 页", "2 页")


# --- DOCX -------------------------------------------------------------------------------------------------

def make_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("某县市场监督管理局")
    d.add_paragraph("行政处罚决定书")
    d.add_paragraph("某市监处罚〔2024〕88号")
    table = d.add_table(rows=3, cols=2)
    for row, (k, v) in zip(table.rows, [("当事人", "某县某某食品有限公司"), ("统一社会信用代码", "91330782MA2ABCDE1X"),
                                         ("法定代表人", "赵某")]):
        row.cells[0].text, row.cells[1].text = k, v
    d.add_paragraph("经查，2024年2月至4月，当事人生产不符合食品安全标准的腊肉1.2吨，货值金额3.6万元，违法所得8,000元。")
    d.add_paragraph("本局决定对当事人作出如下行政处罚：没收违法所得8000元，并处罚款人民币十五万元。")
    d.add_paragraph("2024年6月1日")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_tables():
    case = load_case(make_docx(), "处罚.docx")
    assert case.source_kind == "docx" and case.doc_type == "行政处罚决定书"
    unit = next(p for p in case.parties if p.role == "当事人")
    assert (unit.name, unit.kind, unit.id_number) == ("某县某某食品有限公司", "单位", "91330782MA2ABCDE1X")
    assert any(p.name == "赵某" and p.role == "单位负责人" for p in case.parties)
    assert case.amount("货值金额").value == 36000
    assert case.quantities[0].value == Decimal("1.2") and case.quantities[0].unit == "吨"
    [decision] = case.administrative_decisions
    assert decision.fine_amount == 150000 and decision.confiscated_amount == 8000
    assert decision.number == "某市监处罚〔2024〕88号" and str(decision.date) == "2024-06-01"
    assert case.agency == "某县市场监督管理局"


@pytest.mark.parametrize("data,words", [(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, [".docx"]),
                                        (b"PK\x03\x04 not really a zip", ["DOCX"]),
                                        (b"plain text", ["DOCX"])])
def test_bad_docx(data, words):
    with pytest.raises(IntakeError) as exc:
        load_case(data, "x.docx")
    assert_chinese_error(exc, *words)


# --- TXT and JSON -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_txt_encodings(encoding):
    text = "经查，当事人销售假冒注册商标的白酒120瓶，销售金额8.6万元。"
    case = load_case(text.encode(encoding), "a.txt")
    assert case.amount("销售金额").value == 86000 and case.quantities[0].value == 120


def test_txt_from_path(tmp_path):
    p = tmp_path / "案件.txt"
    p.write_text("\n".join(NP_LINES), encoding="utf-8")
    case = load_case(p)
    assert case.id == "案件" and case.non_prosecution_type == "酌定不起诉"


def test_json_fields_win_over_extraction():
    data = {"id": "c1", "facts": "经查，当事人销售假冒白酒，销售金额8.6万元。", "agency": "某市市场监督管理局",
            "amounts": [{"metric": "销售金额", "value": 90000}], "gold_charge": "销售假冒注册商标的商品"}
    case = load_case(json.dumps(data, ensure_ascii=False).encode(), "c1.json")
    assert case.id == "c1" and case.source_kind == "json"
    assert [a.value for a in case.amounts] == [90000]          # stated, not re-extracted
    assert case.agency == "某市市场监督管理局"
    assert any("gold_charge" in w for w in case.warnings)


def test_json_evidence_and_parties_by_name():
    data = {"id": "e1", "facts": "经查，当事人销售假冒白酒。", "evidence": ["现场检查笔录", "张某询问笔录", "公安机关调取的银行流水"],
            "parties": ["张某", "某某商贸有限公司"]}
    case = load_case(json.dumps(data, ensure_ascii=False).encode(), "e1.json")
    assert [(e.kind, e.collected_by) for e in case.evidence] == [("勘验检查笔录", None), ("询问笔录", None), ("书证", "侦查机关")]
    assert [(p.name, p.kind) for p in case.parties] == [("张某", "个人"), ("某某商贸有限公司", "单位")]


def test_json_dates_written_the_chinese_way():
    data = {"id": "d1", "facts": "当事人销售假冒白酒。", "transfer_date": "2024年5月10日", "decision_date": "二〇二四年七月十日",
            "administrative_decisions": [{"agency": "某局", "date": "2024.3.20", "fine_amount": "50000"}]}
    case = load_case(json.dumps(data, ensure_ascii=False).encode(), "d1.json")
    assert str(case.transfer_date) == "2024-05-10" and str(case.decision_date) == "2024-07-10"
    assert str(case.administrative_decisions[0].date) == "2024-03-20"


def test_json_minimal_case_is_extracted():
    case = load_case(json.dumps({"id": 7, "facts": "2024年3月，张某非法捕捞水产品1200公斤。"}).encode(), "b.json")
    assert case.id == "7" and case.quantities[0].unit == "千克" and str(case.conduct_start) == "2024-03-01"


@pytest.mark.parametrize("content,words", [
    (b'{"id": "x", "facts": ', ["JSON", "第 1 行"]),
    (b'[{"id": "a", "facts": "x"}]', ["--batch"]),
    (json.dumps({"id": "x", "facts": "f", "amounts": [{"metric": "不存在", "value": 1}]}).encode(), ["amounts"]),
    (json.dumps({"id": "x", "facts": "f", "conduct_start": "昨天"}).encode(), ["conduct_start"]),
    (json.dumps({"facts": 12}).encode(), ["facts"]),
])
def test_bad_json(content, words):
    with pytest.raises(IntakeError) as exc:
        load_case(content, "x.json")
    assert_chinese_error(exc, *words)


@pytest.mark.parametrize("data,name,words", [
    (b"", "a.txt", ["空"]), (b"   \n ", "a.txt", ["空"]), (b"x", "a.xlsx", [".xlsx"]), (b"x", "a.doc", [".doc"]),
])
def test_unsupported_or_empty(data, name, words):
    with pytest.raises(IntakeError) as exc:
        load_case(data, name)
    assert_chinese_error(exc, *words)


def test_missing_file(tmp_path):
    with pytest.raises(IntakeError) as exc:
        load_case(tmp_path / "none.pdf")
    assert_chinese_error(exc, "找不到文件")


# --- normalisation and masking ----------------------------------------------------------------------------

@pytest.mark.parametrize("raw,clean", [
    ("1985 年3 月出生", "1985年3月出生"),
    ("销售金额 8.6 万元", "销售金额8.6万元"),
    ("罚款８６，０００元", "罚款86,000元"),
    ("共计 １２０ 瓶", "共计120瓶"),
    ("二○二四年", "二〇二四年"),
    ("Word 2007 文档", "Word 2007文档"),
    ("第一行  \r\n\r\n\r\n\r\n第二行", "第一行\n\n第二行"),
])
def test_normalize_text(raw, clean):
    assert normalize_text(raw) == clean


def test_mask_pii():
    text = "公民身份号码31011419850307123X，手机13812345678，电话138-1234-5678，金额86000元，代码91310114MA1GT12345"
    masked = mask_pii(text)
    assert "31011419850307123X" not in masked and "310114********123X" in masked
    assert "13812345678" not in masked and "138****5678" in masked and "1234-5678" not in masked
    assert "86000元" in masked and "91310114MA1GT12345" in masked
