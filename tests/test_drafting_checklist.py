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


BARE = {"id": "bare-1", "charge_hint": "危险驾驶", "procuratorate_decision": "不起诉", "doc_type": "不起诉决定书",
        "facts": "2026年8月2日，被不起诉人赵某醉酒后驾驶小型轿车在城市道路上行驶，被民警查获。"}


def test_gap_and_how_to_fill_for_elements_without_evidence(settings):
    res = draft_checklist(case_from_dict(BARE), settings=settings, today=TODAY)
    rows = _table(res)[1:]
    gaps = [r for r in rows if r[3] != "无"]
    assert gaps, rows
    for row in gaps:
        assert row[2] == "无" and row[3].startswith("缺少证明该要件的证据")
        assert row[4].startswith("补充收集：")
        assert f"{row[0]}：缺少证明该要件的证据" in note_box(res.docx_bytes)
    assert "主体" in [r[0] for r in gaps] and "身份证明" in next(r for r in gaps if r[0] == "主体")[4]


def test_covered_element_shows_the_evidence_present(dui):
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


def test_no_charge_is_a_chinese_error(settings):
    case = case_from_dict({"id": "x", "facts": "当事人于2026年3月在某地从事经营活动。"})
    with pytest.raises(DraftingError) as err:
        draft_checklist(case, settings=settings, today=TODAY)
    assert "罪名" in str(err.value)


@pytest.mark.slow
def test_every_labeled_dev_case_drafts_with_verified_citations_only(tmp_path):
    """The whole dev set (eval/cases/dev.jsonl): whatever the review concludes, a document that is produced carries
    only VERIFIED citations, no provision IDs in its text, and correct fonts; what cannot be drafted is a Chinese
    DraftingError, never another exception."""
    import json

    from assistant.drafting import draft_opinion
    from tests.drafting_util import ROOT

    s = Settings(data_dir=tmp_path)
    verifier = CitationVerifier(load_store())
    made, problems = 0, []
    for line in (ROOT / "eval" / "cases" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        case = case_from_dict({"id": rec["id"], "facts": rec["facts"], **rec.get("case", {})})
        for draft in (draft_opinion, draft_checklist):
            try:
                res = draft(case, settings=s, today=TODAY)
            except DraftingError:
                continue
            made += 1
            text = issued_text(res.docx_bytes)
            bad = [c.id for c in verifier.verify_text(text).checks if c.status is not Status.VERIFIED]
            if bad or "#" in text or check_fonts(res.docx_bytes):
                problems.append((rec["id"], draft.__name__, bad))
    assert made > 150 and problems == []
