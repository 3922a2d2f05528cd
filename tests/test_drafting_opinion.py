"""检察意见书 with the offline backend, from the sample case files: sections, the case's own names and numbers, every
citation VERIFIED with verbatim quotes, East-Asian fonts on every run, direction handling, Chinese errors."""
from datetime import date

import pytest

from assistant.drafting import DraftingError, draft_opinion
from assistant.intake import case_from_dict, load_case
from assistant.render import check_fonts
from assistant.settings import Settings
from assistant.verify import CitationVerifier, Status, normalize
from index.provisions import load_store
from tests.drafting_util import DUI, FORWARD, TRADEMARK, body_paragraphs, issued_text, note_box

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return Settings(data_dir=tmp_path_factory.mktemp("drafting"), procuratorate="某某市某某区人民检察院",
                    procuratorate_short="某区", department_short="行")


@pytest.fixture(scope="module")
def store():
    return load_store()


@pytest.fixture(scope="module")
def verifier(store):
    return CitationVerifier(store)


@pytest.fixture(scope="module")
def drafts(settings):
    return {name: draft_opinion(load_case(path), settings=settings, today=TODAY)
            for name, path in (("dui", DUI), ("trademark", TRADEMARK), ("forward", FORWARD))}


def test_reverse_letter_has_every_section_in_order(drafts):
    paras = body_paragraphs(drafts["dui"].docx_bytes)
    assert paras[0] == "某某市某某区人民检察院" and paras[1] == "检察意见书"
    assert paras[2].startswith("某区检行意〔2026〕") and paras[2].endswith("号")
    assert paras[3] == "某某市公安局交通警察支队："          # the agency the case names, of the competent type
    text = "\n".join(paras)
    order = ["决定对张建国不起诉", "经审查查明", "本院认为", "本院提出如下检察意见", "两个月以内", "附件：",
             "2026年11月22日", "（院印）"]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_reverse_letter_carries_the_case_names_numbers_and_the_penalty(drafts):
    text = issued_text(drafts["dui"].docx_bytes)
    for fact in ("张建国", "118mg/100ml", "某区检刑不诉〔2026〕112号", "2026年10月20日", "苏E·5K2M7"):
        assert fact in text
    assert "《中华人民共和国刑事诉讼法》第一百七十七条第三款" in text
    assert "《人民检察院刑事诉讼规则》第三百七十三条第二款" in text
    # the penalty clause that fits 醉酒驾驶, not the 营运 / accident / overload ones the index also lists
    assert "《中华人民共和国道路交通安全法》第九十一条第二款" in text and "第九十一条第四款" not in text
    assert "吊销机动车驾驶证" in drafts["dui"].document.recommendation.measures
    assert "附件：某区检刑不诉〔2026〕112号不起诉决定书" in text


def test_trademark_letter_recommends_the_trademark_penalties(drafts):
    res = drafts["trademark"]
    text = issued_text(res.docx_bytes)
    assert "某某区市场监督管理局：" in text and "李红梅" in text and "违法所得3.2万元" in text
    assert "《中华人民共和国商标法》第五十七条第三项" in text and "《中华人民共和国商标法》第六十条第二款" in text
    assert res.document.recommendation.measures[:2] == [
        "责令立即停止侵权行为", "没收、销毁侵权商品和主要用于制造侵权商品、伪造注册商标标识的工具"]
    assert "处以罚款" in text


def test_forward_letter_asks_the_agency_to_transfer(drafts):
    res = drafts["forward"]
    text = issued_text(res.docx_bytes)
    assert res.document.direction == "forward"
    assert "某某市某某区市场监督管理局：" in text
    assert "某区市监处罚〔2026〕215号" in text and "罚款15万元" in text
    assert "销售金额8.6万元" in text and "违法所得数额6.1万元" in text
    assert "“销售金额在五万元以上”" in text                         # the threshold, quoted from 知识产权刑事解释#5.1
    assert "不得以行政处罚代替移送" in text and "《人民检察院刑事诉讼规则》第五百五十七条第三款" in text
    assert "移送同级公安机关" in text and "涉嫌犯罪案件移送书" in text
    assert "两个月" not in text            # no reply limit for forward letters in the corpus: none is invented
    assert "正向检察意见的期限" in note_box(res.docx_bytes)


@pytest.mark.parametrize("name", ["dui", "trademark", "forward"])
def test_every_citation_verifies_and_quotes_are_verbatim(drafts, verifier, store, name):
    res = drafts[name]
    report = verifier.verify_text(issued_text(res.docx_bytes))
    assert report.checks and report.ok, [(c.id, c.message) for c in report.checks if c.status is not Status.VERIFIED]
    assert all(c.status == "VERIFIED" for c in res.citations)
    quoted = [c for c in res.citations if c.quote]
    assert len(quoted) >= 3
    body = normalize(issued_text(res.docx_bytes))
    for c in quoted:
        assert normalize(c.quote) in normalize(store.get(c.id).text)      # verbatim from the store
        if c.source_status == "full_text":
            assert normalize(c.quote) in body                             # and what the letter prints


@pytest.mark.parametrize("name", ["dui", "trademark", "forward"])
def test_east_asian_fonts_on_every_run(drafts, name):
    assert check_fonts(drafts[name].docx_bytes) == []


def test_reply_limit_source_is_the_quotation_and_says_so(drafts):
    reply = drafts["dui"].document.reply
    assert reply.time_limit == "两个月以内" and reply.source == "衔接规定（引文）#引1"
    assert reply.source_status == "quotation"
    assert "条号不详" in note_box(drafts["dui"].docx_bytes)


def test_review_notes_box_lists_what_the_procurator_must_check(drafts):
    box = note_box(drafts["dui"].docx_bytes)
    assert box.startswith("审查提示")
    assert "经检察长批准" in box and "道路交通安全法#91.4" in box     # penalty clauses left out, and why


def test_direction_none_is_explained_and_refused_unless_forced(settings):
    case = case_from_dict({"id": "near-1", "facts": "2025年5月，某店销售假冒注册商标的白酒，违法所得2.5万元，"
                                                      "市场监督管理局正在调查。", "charge_hint": "销售假冒注册商标的商品"})
    with pytest.raises(DraftingError) as err:
        draft_opinion(case, settings=settings, today=TODAY)
    assert "无需衔接移送" in str(err.value) and "--direction" in str(err.value)
    res = draft_opinion(case, direction="forward", settings=settings, today=TODAY, addressee="某某区市场监督管理局")
    box = note_box(res.docx_bytes)
    assert "按指定方向" in box and "没有认定达到立案追诉标准" in box
    assert "合理嫌疑" in issued_text(res.docx_bytes)


def test_forcing_reverse_on_a_forward_case_uses_the_index_counterpart(settings):
    res = draft_opinion(load_case(FORWARD), direction="reverse", settings=settings, today=TODAY)
    assert res.document.direction == "reverse"
    assert "《中华人民共和国商标法》第六十条第二款" in issued_text(res.docx_bytes)
    assert "按指定方向" in note_box(res.docx_bytes)


def test_unknown_charge_is_a_chinese_error(settings):
    case = case_from_dict({"id": "x", "facts": "当事人于2026年3月在某地从事经营活动。", "doc_type": "不起诉决定书",
                           "procuratorate_decision": "不起诉"})
    with pytest.raises(DraftingError) as err:
        draft_opinion(case, settings=settings, today=TODAY)
    assert "罪名" in str(err.value)


def test_bad_direction_is_refused(settings):
    with pytest.raises(DraftingError):
        draft_opinion(load_case(DUI), direction="sideways", settings=settings, today=TODAY)
