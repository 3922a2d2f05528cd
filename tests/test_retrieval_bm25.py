"""jieba tokens with the legal user dictionary, and BM25 ranking saved and loaded from disk."""
from __future__ import annotations

from index.bm25 import BM25Index, LegalTokenizer, STOPWORDS


def test_legal_dictionary_keeps_charge_names_and_terms_whole(tmp_path):
    tk = LegalTokenizer(cache_dir=tmp_path)
    tokens = tk.tokenize("涉嫌非法占用农用地罪，对被不起诉人需要给予行政处罚")
    assert "非法占用农用地罪" in tokens and "被不起诉人" in tokens and "行政处罚" in tokens
    assert "农用地" in tokens and "不起诉" in tokens          # sub-words too, so partial wording still matches
    assert list(tmp_path.glob("jieba*.cache"))                  # jieba's cache went where we told it


def test_stopwords_punctuation_and_full_width_digits():
    tk = LegalTokenizer()
    assert tk.tokenize("你好，请问一下！") == []
    assert "214" in tk.tokenize("刑法第２１４条")
    assert not set(tk.tokenize("我们的、和、或者")) - STOPWORDS


def test_user_dictionary_comments_are_not_words(tmp_path):
    d = tmp_path / "dict.txt"
    d.write_text("# 注释行 不是词\n涉税违法\n", encoding="utf-8")
    tk = LegalTokenizer(d, cache_dir=tmp_path)
    assert "涉税违法" in tk.tokenize("存在涉税违法行为")
    assert "#" not in tk._tk.FREQ


def test_bm25_round_trip_ranks_the_matching_provision_first(tmp_path):
    tk = LegalTokenizer()
    docs = ["销售明知是假冒注册商标的商品，违法所得数额较大", "违反道路交通安全法律法规，醉酒驾驶机动车",
            "对被不起诉人需要给予行政处罚、处分或者需要没收其违法所得的"]
    index = BM25Index.build([tk.tokenize(d) for d in docs], tk.dict_hash)
    index.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25")
    scores = loaded.scores(tk.tokenize("卖假冒注册商标的商品"))
    assert scores.argmax() == 0 and scores[1] == 0
    assert loaded.scores(tk.tokenize("asdf")).max() == 0
    assert loaded.idf("商标") > loaded.idf("违法") > 0 and loaded.idf("不存在的词") == 0
    assert loaded.dict_hash == tk.dict_hash
