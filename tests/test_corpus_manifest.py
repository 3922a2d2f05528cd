"""The statute manifest matches the corpus files, and the loader resolves names, versions and dates correctly."""
from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from index.corpus import CORPUS_ROOT, Corpus, CorpusError, load_corpus, load_manifest

REPO = CORPUS_ROOT.parent.parent
FOLDERS = ("laws", "regulations", "interpretations", "normative")
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


def test_every_manifest_file_exists_with_the_recorded_character_count(corpus):
    raw = yaml.safe_load((CORPUS_ROOT / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    assert len(raw) == len(corpus.documents) == 80
    for entry, doc in zip(raw, corpus.documents):
        path = CORPUS_ROOT / doc.file
        assert path.is_file(), doc.file
        text = path.read_text(encoding="utf-8")
        assert len(text) == entry["size_chars"], doc.file
        assert corpus.read_text(doc) == text


def test_every_corpus_file_is_in_the_manifest(corpus):
    on_disk = {str(p.relative_to(CORPUS_ROOT)) for folder in FOLDERS for p in (CORPUS_ROOT / folder).glob("*.md")}
    on_disk |= {str(p.relative_to(CORPUS_ROOT)) for p in (CORPUS_ROOT / "excerpts").glob("*.jsonl")}
    assert len(on_disk) == 79
    assert on_disk == {d.file for d in corpus.documents}


def test_short_names_are_unique_per_version_and_match_the_architecture(corpus):
    pairs = [(d.short, d.version_key) for d in corpus.documents]
    assert len(pairs) == len(set(pairs))
    assert len({d.key for d in corpus.documents}) == len(corpus.documents)
    section = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8").split("## Document short names")[1]
    listed = {re.sub(r"\s*\(.*?\)\s*$", "", n.strip()) for n in section.split("\n", 2)[2].replace("\n", " ").split("·")}
    assert {d.short for d in corpus.documents} == listed - {""}


def test_newest_version_has_the_plain_key_older_ones_carry_the_version(corpus):
    assert [d.key for d in corpus.versions("治安管理处罚法")] == ["治安管理处罚法@2012", "治安管理处罚法"]
    assert corpus.by_key("食品安全法@2021").file == "laws/中华人民共和国食品安全法(2021).md"
    assert corpus.by_key("刑法").title == "中华人民共和国刑法"
    assert corpus.by_key("刑法@2023") is None


def test_superseded_versions_end_the_day_the_next_one_starts(corpus):
    for short in {d.short for d in corpus.documents}:
        versions = corpus.versions(short)
        for older, newer in zip(versions, versions[1:]):
            assert older.effective_to == newer.effective_from, short
        assert versions[-1].effective_to is None or versions[-1].repealed_by, short


def test_repealing_provisions_point_to_documents_in_the_corpus(corpus):
    repealed = [d for d in corpus.documents if d.repealed_by]
    assert {d.short for d in repealed} >= {"环境保护法", "大气污染防治法", "水污染防治法", "固体废物污染环境防治法",
                                           "知识产权刑事解释（2004）", "知识产权刑事解释（二）", "知识产权刑事解释（三）"}
    for doc in repealed:
        target, article = doc.repealed_by.split("#")
        assert corpus.by_key(target) and article.isdigit() and doc.effective_to, doc.key
        assert f"第{'一千二百四十二' if target == '生态环境法典' else '三十一'}条" in corpus.read_text(corpus.by_key(target))


@pytest.mark.parametrize("name, short", [
    ("刑法", "刑法"),
    ("《中华人民共和国刑法》", "刑法"),
    ("中华人民共和国刑法", "刑法"),
    ("刑诉法", "刑事诉讼法"),
    ("《刑事诉讼法》", "刑事诉讼法"),
    ("《人民检察院刑事诉讼规则》", "刑事诉讼规则"),
    ("高检规则", "刑事诉讼规则"),
    ("法释〔2025〕5号", "知识产权刑事解释"),
    ("公通字〔2022〕12号", "立案追诉标准（二）"),
    ("310号令", "移送涉嫌犯罪案件规定"),
    ("刑法修正案(十一)", "刑法修正案（十一）"),
    ("《治安管理处罚法》", "治安管理处罚法"),
    ("行刑反向衔接工作指引", "工作指引（摘录）"),
])
def test_names_and_aliases_resolve_to_short_names(corpus, name, short):
    assert corpus.find(name)[0] == short


def test_unknown_or_empty_names_find_nothing(corpus):
    assert corpus.find("中华人民共和国民法典") == []
    assert corpus.find("  ") == []


def test_environmental_code_replaces_the_old_environmental_laws_on_2026_08_15(corpus):
    before, after = date(2026, 8, 14), date(2026, 8, 15)
    for old in ("环境保护法", "大气污染防治法", "水污染防治法", "固体废物污染环境防治法"):
        assert corpus.version_for(old, before) is not None, old
        assert corpus.version_for(old, after) is None, old
    assert corpus.version_for("生态环境法典", before) is None
    assert corpus.version_for("生态环境法典", after).key == "生态环境法典"


def test_version_for_picks_the_version_in_force(corpus):
    assert corpus.version_for("治安管理处罚法", date(2025, 6, 1)).key == "治安管理处罚法@2012"
    assert corpus.version_for("治安管理处罚法", date(2026, 1, 1)).key == "治安管理处罚法"
    assert corpus.version_for("治安管理处罚法", None).key == "治安管理处罚法"
    assert corpus.version_for("渔业法", date(2026, 4, 30)).key == "渔业法@2013"
    assert corpus.version_for("环境污染刑事解释", date(2026, 3, 29)).key == "环境污染刑事解释@2023"
    assert corpus.version_for("环境污染刑事解释", date(2026, 3, 30)).key == "环境污染刑事解释"
    assert corpus.version_for("知识产权刑事解释（2004）", date(2025, 4, 26)) is None
    assert corpus.version_for("知识产权刑事解释", date(2025, 4, 26)).key == "知识产权刑事解释"
    # the consolidated 刑法 text is the wording in force from 2024-03-01; conduct before that is still governed by
    # 刑法 (in_force_since), and callers must say that the wording of the time is not in the corpus
    old = corpus.version_for("刑法", date(2024, 2, 29))
    assert old.key == "刑法" and corpus.wording_of_the_time_missing(old, date(2024, 2, 29))
    assert corpus.version_for("刑法", date(1970, 1, 1)) is None
    assert not corpus.wording_of_the_time_missing(corpus.version_for("刑法", date(2025, 1, 1)), date(2025, 1, 1))
    assert corpus.version_for("不存在的法", None) is None


def test_excerpt_documents_carry_their_records(corpus):
    guide = corpus.by_key("工作指引（摘录）")
    assert guide.kind == "excerpt"
    records = corpus.read_excerpts(guide)
    assert [r["id"] for r in records] == ["gui-02", "gui-03"]
    assert "第十二条" in records[0]["text"] and "十个工作日内审查终结" in records[0]["text"]
    quote = corpus.by_key("衔接规定（引文）")
    assert [r["id"] for r in corpus.read_excerpts(quote)] == ["gui-04"]
    assert corpus.read_excerpts(corpus.by_key("刑法")) == []


def test_load_corpus_is_cached_per_root(corpus):
    assert load_corpus() is corpus


# --- a corrupt manifest gives a Chinese CorpusError naming the entry -------------------------------------------

def _corpus_copy(tmp_path: Path, mutate) -> Path:
    root = tmp_path / "statutes"
    (root / "laws").mkdir(parents=True)
    for name in ("中华人民共和国刑法.md", "中华人民共和国治安管理处罚法.md", "中华人民共和国治安管理处罚法(2012).md"):
        shutil.copyfile(CORPUS_ROOT / "laws" / name, root / "laws" / name)
    data = yaml.safe_load((CORPUS_ROOT / "manifest.yaml").read_text(encoding="utf-8"))
    keep = [d for d in data["documents"] if d["file"].startswith("laws/") and (root / d["file"]).exists()]
    assert len(keep) == 3
    mutate(keep)
    (root / "manifest.yaml").write_text(yaml.safe_dump({"documents": keep}, allow_unicode=True), encoding="utf-8")
    return root


def test_a_valid_copy_loads(tmp_path):
    docs = load_manifest(_corpus_copy(tmp_path, lambda docs: None))
    assert sorted(d.key for d in docs) == ["刑法", "治安管理处罚法", "治安管理处罚法@2012"]


@pytest.mark.parametrize("mutate, expected", [
    (lambda docs: docs[0].update(file="laws/不存在.md"), "文件不存在"),
    (lambda docs: docs[0].update(kind="statute"), "kind"),
    (lambda docs: docs[0].update(effective_from="2024-02-30"), "日期"),
    (lambda docs: docs[0].update(effective_to="2020-01-01"), "不晚于"),
    (lambda docs: [d.update(version_key="2025") for d in docs if d["short"] == "治安管理处罚法"], "重复"),
    (lambda docs: docs[0].pop("title"), "缺少字段"),
    (lambda docs: docs[0].update(titel="x"), "未知字段"),
    (lambda docs: docs[0].update(short="刑法#1"), "不得包含"),
])
def test_corrupt_manifest_raises_corpus_error_in_chinese(tmp_path, mutate, expected):
    root = _corpus_copy(tmp_path, mutate)
    with pytest.raises(CorpusError) as err:
        load_manifest(root)
    message = str(err.value)
    assert expected in message and HAN.search(message)
    assert "刑法" in message or "治安管理处罚法" in message or "不存在" in message


def test_missing_or_unparsable_manifest_raises_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="找不到语料清单"):
        load_manifest(tmp_path)
    (tmp_path / "manifest.yaml").write_text("documents: [unclosed", encoding="utf-8")
    with pytest.raises(CorpusError, match="不是有效的 YAML"):
        load_manifest(tmp_path)
