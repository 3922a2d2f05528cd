"""The article parser against the corpus: counts per document and known texts."""
import pytest

from index.provisions import load_store
from index.structure import body_lines, parse_document


@pytest.fixture(scope="module")
def store():
    return load_store()


def test_criminal_law_article_count_includes_zhiyi(store):
    arts = store.articles("刑法")
    plain = [a for a in arts if "-" not in a.article]
    zhiyi = [a for a in arts if "-" in a.article]
    assert len(plain) == 452
    raw = store.corpus.read_text(store.corpus.by_key("刑法"))
    import re
    assert len(zhiyi) == len(re.findall(r"(?m)^第[一二三四五六七八九十百零]+条之[一二三四五六七八九十]+", raw))
    assert store.get("刑法#133-1") and store.get("刑法#133-2")


@pytest.mark.parametrize("key, n", [("刑事诉讼法", 308), ("行政处罚法", 86), ("生态环境法典", 1242),
                                    ("刑事诉讼规则", 684), ("立案追诉标准（二）", 85), ("药品安全刑事解释", 21)])
def test_article_counts(store, key, n):
    arts = store.articles(key)
    assert len(arts) == n
    assert [int(a.article.split("-")[0]) for a in arts] == sorted(int(a.article.split("-")[0]) for a in arts)


def test_known_paragraph_texts(store):
    assert "对被不起诉人需要给予行政处罚" in store.get("刑事诉讼法#177.3").text
    assert store.get("刑事诉讼法#177.1").text.startswith("犯罪嫌疑人没有犯罪事实")
    assert "物证、书证、视听资料、电子数据等证据材料" in store.get("刑事诉讼法#54.2").text
    assert store.get("刑法#214").text.startswith("销售明知是假冒注册商标的商品，违法所得数额较大")
    # items (项) stay inside their 款
    art = store.get("刑法#133-1")
    assert "（一）追逐竞驶" in art.paragraphs[0] and len(art.paragraphs) == 3


def test_reprint_glitch_article_label_is_still_an_article(store):
    # the source writes "第一百二十八 条侦查人员…": the article exists, wording untouched
    p = store.get("刑事诉讼法#128")
    assert p is not None and p.text.startswith("侦查人员")
    assert "侦查人员" not in store.get("刑事诉讼法#127").text


def test_markup_is_stripped_but_wording_kept(store):
    p = store.get("环保衔接办法#1")
    assert p.text.startswith("为进一步健全环境保护行政执法与刑事司法衔接工作机制")
    assert "<" not in p.text and "&emsp;" not in p.text
    assert "（国务院令第 310 号）" in p.text  # the source's own spacing is kept


def test_caption_kept_in_text_of_prosecution_standard(store):
    p = store.get("立案追诉标准（二）#1")
    assert p.caption.startswith("〔帮助恐怖活动案")
    assert p.text.startswith("〔帮助恐怖活动案") and "应予立案追诉" in p.text


def test_paragraph_starting_with_article_reference_is_not_an_article():
    raw = "<!-- INFO END -->\n第一条 甲。\n\n第一百四十一条 规定的假药，依照本条处理。\n\n第二条 乙。\n"
    provs = parse_document(raw, "测试", "测试", None)
    arts = [p for p in provs if p.paragraph is None]
    assert [a.article for a in arts] == ["1", "2"]
    assert "第一百四十一条 规定的假药" in arts[0].text


def test_enumerated_documents_use_chinese_ordinals():
    raw = "<!-- INFO END -->\n前言。\n\n一、甲规定。\n\n本条第二款。\n\n二、乙规定。\n"
    arts = [p for p in parse_document(raw, "测试", "测试", None) if p.paragraph is None]
    assert [a.article for a in arts] == ["1", "2"]
    assert arts[0].paragraphs == ("一、甲规定。", "本条第二款。")


def test_header_and_comments_removed():
    lines = body_lines("# 标题\n\n2018年修正\n\n<!-- INFO END -->\n\n<!-- SOURCE: x -->\n第一条 文。\n")
    assert lines == ["第一条 文。"]


def test_excerpt_documents_are_marked(store):
    doc = store.corpus.by_key("工作指引（摘录）")
    assert doc is not None and doc.kind == "excerpt"
    p = store.get("工作指引（摘录）#12")
    assert p is not None and "十个工作日内审查终结" in p.text
