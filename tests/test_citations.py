"""The citation parser as a table: forms people write → provision IDs; garbage → a Chinese error."""
import pytest

from index.citations import CitationError, ids_in_prose
from index.provisions import ProvisionNotFound, load_store


@pytest.fixture(scope="module")
def store():
    return load_store()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("刑事诉讼法第一百七十七条第三款", "刑事诉讼法#177.3"),
        ("《中华人民共和国刑法》第214条", "刑法#214"),
        ("刑法第二百一十四条", "刑法#214"),
        ("刑法 214", "刑法#214"),
        ("刑法214", "刑法#214"),
        ("刑法　２１４", "刑法#214"),
        ("刑法第２１４条", "刑法#214"),
        ("第一百三十三条之一", "刑法#133-1"),
        ("刑法第一百三十三条之一", "刑法#133-1"),
        ("刑法第133条之一", "刑法#133-1"),
        ("行政处罚法第三十六条", "行政处罚法#36"),
        ("《行政处罚法》第三十六条第一款", "行政处罚法#36.1"),
        ("刑法第二百一十四条第一款", "刑法#214"),  # a one-款 article is stored under the article ID
        ("刑法#214", "刑法#214"),
        ("刑事诉讼法#177.3", "刑事诉讼法#177.3"),
        ("刑法#133-1", "刑法#133-1"),
        ("刑法第十条", "刑法#10"),
        ("刑法第一百一十条", "刑法#110"),
        ("刑法第一千条", None),  # well-formed, 千 read, but 刑法 has 452 articles
        ("生态环境法典第一千二百四十二条", "生态环境法典#1242"),
        ("刑事诉讼法第五十四条第二款", "刑事诉讼法#54.2"),
        ("刑事诉讼法第一百七十七条第二款", "刑事诉讼法#177.2"),
        ("刑诉法第177条第3款", "刑事诉讼法#177.3"),
        ("中华人民共和国刑事诉讼法 第一百七十七条 第三款", "刑事诉讼法#177.3"),
        ("刑法第一百三十三条之一第一款第二项", "刑法#133-1.1"),
        ("治安管理处罚法@2012#10", "治安管理处罚法@2012#10"),
        ("刑法第九百条", None),
    ],
)
def test_citation_forms(store, text, expected):
    if expected is None:
        with pytest.raises(ProvisionNotFound) as err:
            store.resolve(text)
        assert str(err.value).startswith("未找到：")
    else:
        assert store.resolve(text).provision.id == expected


@pytest.mark.parametrize(
    "garbage",
    ["", "   ", "你好", "第条", "刑法第条", "刑法第一百一十四五条", "刑法第零条", "刑法第二一四条", "宪法第一条",
     "asdf#", "刑法#abc", "刑法第二百一十四条 销售假冒", "<script>", "刑法第-1条"],
)
def test_garbage_is_a_chinese_error(store, garbage):
    with pytest.raises((CitationError, ProvisionNotFound)) as err:
        store.resolve(garbage)
    msg = str(err.value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in msg), msg


def test_not_found_message_names_the_article(store):
    with pytest.raises(ProvisionNotFound, match="未找到：刑法第九百条"):
        store.resolve("刑法第九百条")


def test_anchoring_tenth_never_matches_hundred_tenth(store):
    cits = store.find_citations("依照《中华人民共和国刑法》第一百一十条的规定")
    assert [c.id for c in cits] == ["刑法#110"]
    cits = store.find_citations("刑法第十条")
    assert [c.id for c in cits] == ["刑法#10"]
    assert store.get("刑法#10").text != store.get("刑法#110").text


def test_running_text_citations_inherit_document(store):
    text = "依据《中华人民共和国刑法》第二百一十四条、第二百一十三条之规定，以及《刑事诉讼法》第一百七十七条第二款、第三款"
    assert [c.id for c in store.find_citations(text)] == [
        "刑法#214", "刑法#213", "刑事诉讼法#177.2", "刑事诉讼法#177.3"]


def test_self_reference_uses_context(store):
    cits = store.find_citations("本法第十六条规定的情形", context_doc="刑事诉讼法")
    assert [c.id for c in cits] == ["刑事诉讼法#16"]


def test_version_by_date(store):
    old = store.resolve("治安管理处罚法第十条", as_of=__import__("datetime").date(2020, 1, 1))
    new = store.resolve("治安管理处罚法第十条")
    assert old.provision.id == "治安管理处罚法@2012#10"
    assert new.provision.id == "治安管理处罚法#10"
    assert "2012" in old.note


def test_article_range_inherits_document(store):
    cits = store.find_citations("刑法第二百一十三条至第二百一十五条规定的行为")
    assert [c.id for c in cits] == ["刑法#213", "刑法#215"]


@pytest.mark.parametrize("prose, expected", [
    ("不需要申请采伐许可证（森林法#56.2），不属于盗伐", ["森林法#56.2"]),
    ("属于商标法#57 规定的一般侵权", ["商标法#57"]),       # no delimiter before the document name
    ("见刑法#9999 的规定", [None]),                       # named but not in the store
])
def test_ids_in_running_prose_resolve_to_the_longest_existing_tail(store, prose, expected):
    assert [pid for _, pid in ids_in_prose(prose, lambda pid: store.get(pid) is not None)] == expected
