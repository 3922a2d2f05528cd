"""The review index (审查索引): loads, covers the required charges, and every number is backed by a verbatim quote."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.review_index import ReviewIndexError, load_review_index
from assistant.review_index.loader import REVIEW_INDEX_ROOT
from assistant.review_index.validate import check_index, check_rule_number, multiples_in, numbers_in

REQUIRED = [
    "假冒注册商标", "销售假冒注册商标的商品", "非法制造、销售非法制造的注册商标标识", "侵犯著作权", "生产、销售伪劣产品",
    "生产、销售不符合安全标准的食品", "生产、销售有毒、有害食品", "生产、销售、提供假药", "生产、销售、提供劣药", "非法经营",
    "污染环境", "非法采矿", "非法占用农用地", "非法转让、倒卖土地使用权", "盗伐林木", "滥伐林木", "危害国家重点保护植物",
    "危害珍贵、濒危野生动物", "非法狩猎", "非法捕捞水产品", "重大责任事故", "重大劳动安全事故", "危险作业", "危险驾驶",
    "逃税", "虚开增值税专用发票、用于骗取出口退税、抵扣税款发票", "虚开发票", "走私普通货物、物品", "拒不支付劳动报酬", "非法行医",
]


@pytest.fixture(scope="module")
def idx():
    return load_review_index()


@pytest.fixture(scope="module")
def store():
    from index.provisions import load_store

    return load_store()


def _rule(entry, **match):
    hits = [r for r in entry if all(getattr(r, k) == v for k, v in match.items())]
    assert len(hits) == 1, f"expected one rule for {match}, got {len(hits)}"
    return hits[0]


# -- loading and coverage ----------------------------------------------------------------------------
def test_whole_index_loads_and_is_cached(idx):
    assert len(idx.entries) >= 30
    assert load_review_index() is idx
    for e in idx.entries:
        assert idx.files[e.charge].name == f"{e.charge}.yaml"
        assert e.thresholds and e.elements and e.administrative.penalty_provisions


def test_all_required_charges_present(idx):
    missing = [c for c in REQUIRED if idx.get(c) is None]
    assert not missing, f"审查索引缺少罪名：{missing}"


def test_lookup_by_alias_former_name_and_article(idx):
    e = idx.get("销售假冒注册商标的商品")
    assert idx.get("销售假冒注册商标的商品罪") is e
    assert idx.get("《销售假冒注册商标的商品罪》") is e
    assert idx.get("刑法#214") is e
    assert idx.get("生产、销售假药罪").charge == "生产、销售、提供假药"      # name before 刑法修正案（十一）
    assert idx.get("虚开增值税专用发票罪").article == "刑法#205"
    assert idx.get("盗窃罪") is None
    with pytest.raises(ReviewIndexError, match="没有罪名"):
        idx.applicable_thresholds("盗窃", date(2025, 1, 1))


# -- sources: quotes, numbers, IDs -------------------------------------------------------------------
def test_numbers_in_reads_legal_numerals():
    assert 30000 in numbers_in("违法所得数额在三万元以上")
    assert numbers_in("数额在 5千元至 2万元以上的") == [5000, 20000]
    assert 200000 in numbers_in("非法经营卷烟二十万支以上的")
    assert 15000 in numbers_in("单位非法经营报纸一万五千份")
    assert 2500000 in numbers_in("非法经营数额在二百五十万元以上")
    assert 1000000 in numbers_in("处100万元以下罚款")
    assert multiples_in("销售金额标准三倍以上") == [3]
    assert multiples_in("标准60%以上") == [0.6]
    assert multiples_in("标准百分之六十以上") == [0.6]


def test_every_quote_is_verbatim_and_states_the_value(idx, store):
    problems = []
    for e in idx.entries:
        for i, r in enumerate(e.thresholds):
            p = store.get(r.source)
            if p is None:
                problems.append(f"{e.charge} thresholds[{i}] source {r.source} 不存在")
                continue
            if r.quote not in p.text:
                problems.append(f"{e.charge} thresholds[{i}] 引文不在 {r.source}：{r.quote}")
            if r.base_quote and r.base_quote not in p.text:
                problems.append(f"{e.charge} thresholds[{i}] base_quote 不在 {r.source}：{r.base_quote}")
            bad = check_rule_number(r)
            if bad:
                problems.append(f"{e.charge} thresholds[{i}]：{bad}")
    assert not problems, "\n".join(problems)


def test_every_provision_id_resolves(idx, store):
    missing = []
    for e in idx.entries:
        ids = [e.article, *(r.source for r in e.thresholds), *(r.superseded_by for r in e.thresholds if r.superseded_by),
               *e.administrative.violated, *e.administrative.penalty_provisions]
        missing += [f"{e.charge}: {pid}" for pid in ids if store.get(pid) is None]
    for cid, case in idx.cases.items():
        missing += [f"{cid}: {pid}" for pid in case.provisions if store.get(pid) is None]
    assert not missing, "\n".join(missing)


def test_every_case_id_exists_and_cases_are_marked_illustrative(idx):
    unknown = [f"{e.charge}: {c}" for e in idx.entries for c in e.cases if idx.case(c) is None]
    assert not unknown, "\n".join(unknown)
    assert all(e.cases for e in idx.entries), "每个罪名至少关联一个典型案例"
    for case in idx.cases.values():
        assert case.illustrative is True and "非真实案件" in case.disclaimer
        assert idx.get(case.charge) is not None


def test_full_check_against_store_is_clean(idx, store):
    assert check_index(idx, store) == []


def test_number_check_catches_a_wrong_value(idx):
    rule = _rule(idx.get("销售假冒注册商标的商品").thresholds, source="知识产权刑事解释#5.1", metric="违法所得数额",
                 condition="")
    assert check_rule_number(rule) is None
    assert "不含 value" in check_rule_number(rule.model_copy(update={"value": 50000}))
    derived = _rule(idx.get("销售假冒注册商标的商品").thresholds, metric="货值金额", condition="")
    assert derived.value == 150000 and check_rule_number(derived) is None
    assert "不等于" in check_rule_number(derived.model_copy(update={"value": 100000}))


# -- thresholds by conduct date ----------------------------------------------------------------------
def test_trademark_sale_uses_2025_rule_after_2025_04_26_and_old_rule_before(idx):
    entry = idx.get("销售假冒注册商标的商品")
    new = idx.applicable_thresholds(entry, date(2025, 6, 1), "个人")
    assert {r.source for r in new} == {"知识产权刑事解释#5.1"}
    assert any(r.metric == "违法所得数额" and r.value == 30000 and not r.condition for r in new)
    on_the_day = idx.applicable_thresholds(entry, date(2025, 4, 26), "个人")
    assert {r.source for r in on_the_day} == {"知识产权刑事解释#5.1"}

    old = idx.applicable_thresholds(entry, date(2024, 6, 1), "个人")
    assert [(r.metric, r.value, r.source) for r in old] == [("销售金额", 50000, "知识产权刑事解释（2004）#2.1")]
    outdated = idx.outdated_thresholds(entry, date(2025, 6, 1))
    assert any(r.source == "知识产权刑事解释（2004）#2.1" and "失效" in why for r, why in outdated)


def test_trademark_label_count_halved_by_2025_interpretation(idx):
    entry = idx.get("非法制造、销售非法制造的注册商标标识")

    def count(on):
        return [r.value for r in idx.applicable_thresholds(entry, on) if r.metric == "数量" and not r.condition
                and not r.variant]
    assert count(date(2024, 12, 31)) == [20000]
    assert count(date(2025, 5, 1)) == [10000]


def test_newer_source_wins_when_both_in_force(idx):
    entry = idx.get("非法经营")

    def tobacco(on):
        return [r for r in idx.applicable_thresholds(entry, on) if r.variant == "烟草专卖品" and r.metric == "非法经营数额"
                and not r.condition]
    assert [r.source for r in tobacco(date(2021, 6, 1))] == ["烟草专卖品刑事解释#3.1"]
    assert [r.source for r in tobacco(date(2023, 6, 1))] == ["立案追诉标准（二）#71"]


def test_subject_selects_unit_or_individual_standard(idx):
    entry = idx.get("非法经营")
    variant = "出版、印刷、复制、发行非法出版物"

    def amount(subject):
        return [r.value for r in idx.applicable_thresholds(entry, date(2024, 1, 1), subject)
                if r.variant == variant and r.metric == "非法经营数额"]
    assert amount("个人") == [50000]
    assert amount("单位") == [150000]
    with pytest.raises(ReviewIndexError, match="主体"):
        idx.applicable_thresholds(entry, date(2024, 1, 1), "法人")


def test_early_intervention_is_eighty_percent(idx):
    rule = _rule(idx.get("销售假冒注册商标的商品").thresholds, source="知识产权刑事解释#5.1", metric="违法所得数额",
                 condition="")
    assert idx.early_intervention_value(rule) == pytest.approx(24000)
    qualitative = idx.get("生产、销售有毒、有害食品").thresholds[0]
    with pytest.raises(ReviewIndexError, match="80%"):
        idx.early_intervention_value(qualitative)


# -- malformed data gives a Chinese error naming file and field --------------------------------------
@pytest.fixture
def tmp_index(tmp_path: Path) -> Path:
    root = tmp_path / "review_index"
    root.mkdir()
    shutil.copy(REVIEW_INDEX_ROOT / "逃税.yaml", root / "逃税.yaml")
    (tmp_path / "cases").mkdir()
    return root


def _write_variant(root: Path, mutate) -> None:
    data = yaml.safe_load((root / "逃税.yaml").read_text(encoding="utf-8"))
    mutate(data)
    (root / "逃税.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda d: d["thresholds"][0].update(value="十万"), ["thresholds[0].value", "应为数字"]),
        (lambda d: d["thresholds"][1].update(metric="税额"), ["thresholds[1].metric", "不在允许范围内"]),
        (lambda d: d["thresholds"][0].update(effective_from="2024年3月20日"), ["thresholds[0].effective_from", "日期"]),
        (lambda d: d.pop("article"), ["article", "缺少必填字段"]),
        (lambda d: d.update(fields="税务"), ["fields", "不认识的字段"]),
        (lambda d: d.update(charge="偷税"), ["charge", "文件名"]),
        (lambda d: d["thresholds"][0].update(superseded_by="税收征管刑事解释#2.1"), ["effective_to"]),
        (lambda d: d["patterns"].insert(0, "(逃税"), ["patterns[0]", "正则表达式无效"]),
    ],
)
def test_malformed_entry_raises_chinese_error(tmp_index, mutate, expected):
    _write_variant(tmp_index, mutate)
    with pytest.raises(ReviewIndexError) as err:
        load_review_index(tmp_index)
    msg = str(err.value)
    assert "逃税.yaml" in msg
    for part in expected:
        assert part in msg


def test_yaml_syntax_error_names_file_and_line(tmp_index):
    (tmp_index / "坏文件.yaml").write_text("charge: 坏文件\nthresholds: [\n  - metric: 数量\n", encoding="utf-8")
    with pytest.raises(ReviewIndexError, match=r"坏文件\.yaml 的 YAML 格式有误（第 \d+ 行"):
        load_review_index(tmp_index)


def test_malformed_deadlines_and_case_files(tmp_index):
    (tmp_index / "_deadlines.yaml").write_text("deadlines:\n  - key: x\n    days: 三\n", encoding="utf-8")
    with pytest.raises(ReviewIndexError, match=r"_deadlines\.yaml[\s\S]*deadlines\[0\]\.days"):
        load_review_index(tmp_index)
    (tmp_index / "_deadlines.yaml").unlink()
    case = yaml.safe_load((REVIEW_INDEX_ROOT.parent / "cases" / "税务-001.yaml").read_text(encoding="utf-8"))
    case.pop("disclaimer")
    (tmp_index.parent / "cases" / "税务-001.yaml").write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ReviewIndexError, match=r"典型案例文件 税务-001\.yaml[\s\S]*disclaimer"):
        load_review_index(tmp_index)


def _problems_with_an_exclusion(idx, store, **changes) -> list[str]:
    """check_index with one more exclusion on 盗伐林木: a copy of its first one with the given fields changed."""
    entry = idx.get("盗伐林木")
    entry.excluded_when.append(entry.excluded_when[0].model_copy(update=changes))
    try:
        return check_index(idx, store)
    finally:
        entry.excluded_when.pop()


def test_an_exclusion_may_only_hand_over_to_a_charge_of_the_index(idx, store):
    problems = _problems_with_an_exclusion(idx, store, instead="盗伐树木")
    assert any("excluded_when" in p and "盗伐树木" in p for p in problems)


def test_every_provision_an_exclusion_reason_names_exists(idx, store):
    problems = _problems_with_an_exclusion(idx, store, reason="不需要申请采伐许可证（森林法#560.3）")
    assert any("excluded_when" in p and "森林法#560.3" in p for p in problems)
