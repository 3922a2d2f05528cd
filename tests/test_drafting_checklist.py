"""证据缺口清单: one table row per element of the charge with the evidence required (and how administrative evidence
of that kind can be used), present, gap, how to fill it, conversion and the provisions; verified citations; fonts."""
from datetime import date

import pytest

from assistant.drafting import DraftingError, draft_checklist
from assistant.intake import case_from_dict, load_case
from assistant.render import check_fonts
from assistant.settings import Settings
from assistant.verify import CitationVerifier, Status
from index.provisions import load_store
from tests.drafting_util import DUI, FORWARD, TRADEMARK, body_paragraphs, issued_text, note_box, tables

TODAY = date(2026, 11, 22)
HEADER = ["要件", "应有证据", "已有证据", "缺口", "补充方式", "转化方式", "依据"]


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return Settings(data_dir=tmp_path_factory.mktemp("checklist"))


@pytest.fixture(scope="module")
def dui(settings):
    return draft_checklist(load_case(DUI), settings=settings, today=TODAY)


def _table(res):
    return next(t for t in tables(res.docx_bytes) if t[0] == HEADER)


def test_one_row_per_element_with_all_columns(dui):
    t = _table(dui)
    elements = [row[0] for row in t[1:]]
    assert elements == ["主体", "主观方面", "客观行为", "数额或情节"]
    assert all(len(row) == 7 for row in t)
    assert dui.document.title == "证据缺口清单"
    paras = body_paragraphs(dui.docx_bytes)
    assert "证据缺口清单" in paras and "张建国" in paras[2] and "某区检刑不诉〔2026〕112号" in paras[2]


def test_gap_and_how_to_fill_for_the_element_without_evidence(dui):
    row = next(r for r in _table(dui)[1:] if r[0] == "主体")
    assert row[2] == "无" and row[3].startswith("缺少证明该要件的证据")
    assert row[4].startswith("补充收集：") and "身份证明" in row[4]
    covered = next(r for r in _table(dui)[1:] if r[0] == "客观行为")
    assert covered[3] == "无" and "执法记录仪" in covered[2]


def test_required_evidence_says_how_it_can_be_used(dui):
    row = next(r for r in _table(dui)[1:] if r[0] == "主观方面")
    assert "犯罪嫌疑人供述和辩解（需重新收集）" in row[1]
    assert "饮酒场所监控录像、消费记录（可直接使用）" in row[1]
    blood = next(r for r in _table(dui)[1:] if r[0] == "数额或情节")
    assert "（需鉴定/检验）" in blood[1]


def test_provisions_column_points_to_the_named_provisions(dui):
    text = "\n".join(body_paragraphs(dui.docx_bytes))
    legend = next(p for p in body_paragraphs(dui.docx_bytes) if p.startswith("依据："))
    assert "《中华人民共和国刑事诉讼法》第五十四条第二款" in legend
    for row in _table(dui)[1:]:
        assert row[6] and all(mark in legend for mark in row[6])
    # 刑事诉讼法#54.2 quoted verbatim in part three
    assert "“行政机关在行政执法和查办案件过程中收集的物证、书证、视听资料、电子数据等证据材料，在刑事诉讼中可以作为证据使用”" in text


@pytest.mark.parametrize("path", [DUI, TRADEMARK, FORWARD])
def test_citations_verified_and_fonts(settings, path):
    res = draft_checklist(load_case(path), settings=settings, today=TODAY)
    report = CitationVerifier(load_store()).verify_text(issued_text(res.docx_bytes))
    assert report.ok, [(c.id, c.message) for c in report.checks if c.status is not Status.VERIFIED]
    assert res.citations and all(c.status == "VERIFIED" for c in res.citations)
    assert "#" not in issued_text(res.docx_bytes)           # provision IDs are written as official names
    assert check_fonts(res.docx_bytes) == []
    assert res.audit_id is not None


def test_gaps_listed_in_the_review_notes(dui):
    assert "主体：缺少证明该要件的证据" in note_box(dui.docx_bytes)


def test_no_charge_is_a_chinese_error(settings):
    case = case_from_dict({"id": "x", "facts": "当事人于2026年3月在某地从事经营活动。"})
    with pytest.raises(DraftingError) as err:
        draft_checklist(case, settings=settings, today=TODAY)
    assert "罪名" in str(err.value)
