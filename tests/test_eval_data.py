"""Integrity of the labeled evaluation data: eval/retrieval_queries.jsonl and eval/cases/{dev,test}.jsonl.

Every headline figure of `xianjie eval` is computed against these files, so a malformed line, a duplicated id, a
charge name that the review index does not know, or a gold provision ID that does not exist in the corpus would
silently distort the figures a procurator is shown. These tests read only the data and the corpus texts.
"""
from __future__ import annotations

import json
import re
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import get_args

import pytest

from assistant.intake.extract import case_from_dict
from assistant.review_index.schema import ElementName, Metric

REPO = Path(__file__).resolve().parent.parent
CASES_DIR = REPO / "eval" / "cases"
QUERIES = REPO / "eval" / "retrieval_queries.jsonl"
STATUTES = REPO / "corpus" / "statutes"
SPLITS = ("dev", "test")

# The 30 charges of the review index (issue 3) and their 刑法 articles.
CHARGE_ARTICLES = {
    "假冒注册商标": "刑法#213", "销售假冒注册商标的商品": "刑法#214", "非法制造、销售非法制造的注册商标标识": "刑法#215",
    "侵犯著作权": "刑法#217", "生产、销售伪劣产品": "刑法#140", "生产、销售不符合安全标准的食品": "刑法#143",
    "生产、销售有毒、有害食品": "刑法#144", "生产、销售、提供假药": "刑法#141", "生产、销售、提供劣药": "刑法#142",
    "非法经营": "刑法#225", "污染环境": "刑法#338", "非法采矿": "刑法#343", "非法占用农用地": "刑法#342",
    "非法转让、倒卖土地使用权": "刑法#228", "盗伐林木": "刑法#345", "滥伐林木": "刑法#345",
    "危害国家重点保护植物": "刑法#344", "危害珍贵、濒危野生动物": "刑法#341", "非法狩猎": "刑法#341",
    "非法捕捞水产品": "刑法#340", "重大责任事故": "刑法#134", "重大劳动安全事故": "刑法#135", "危险作业": "刑法#134-1",
    "危险驾驶": "刑法#133-1", "逃税": "刑法#201", "虚开增值税专用发票、用于骗取出口退税、抵扣税款发票": "刑法#205",
    "虚开发票": "刑法#205-1", "走私普通货物、物品": "刑法#153", "拒不支付劳动报酬": "刑法#276-1", "非法行医": "刑法#336",
}
STYLES = {"行政处罚决定书", "起诉意见书", "不起诉决定书", "判决书", "新闻报道", "移送函", "线索摘要"}
THRESHOLD_STATUS = {"met", "near", "not_met", "unknown"}
DIRECTIONS = {"forward", "reverse", "none"}
GOLD_KEYS = {"charge", "article", "threshold_status", "direction", "agency", "evidence_gaps", "amounts", "notes"}
ID_RE = re.compile(r"^(?P<doc>[^#@.\s]+)(?:@(?P<ver>[0-9A-Za-z]+))?#(?P<art>\d+(?:-\d+)?)(?:\.(?P<para>\d+))?$")

# Short name (with @version for older versions) → file under corpus/statutes/. Only documents the data cites.
DOC_FILES = {
    "刑法": "laws/中华人民共和国刑法.md", "刑事诉讼法": "laws/中华人民共和国刑事诉讼法.md",
    "行政处罚法": "laws/中华人民共和国行政处罚法.md", "人民检察院组织法": "laws/中华人民共和国人民检察院组织法.md",
    "食品安全法": "laws/中华人民共和国食品安全法.md", "食品安全法@2021": "laws/中华人民共和国食品安全法(2021).md",
    "药品管理法": "laws/中华人民共和国药品管理法.md", "商标法": "laws/中华人民共和国商标法.md",
    "产品质量法": "laws/中华人民共和国产品质量法.md", "著作权法": "laws/中华人民共和国著作权法.md",
    "生态环境法典": "laws/中华人民共和国生态环境法典.md", "环境保护法": "laws/中华人民共和国环境保护法.md",
    "烟草专卖法": "laws/中华人民共和国烟草专卖法.md", "税收征收管理法": "laws/中华人民共和国税收征收管理法.md",
    "治安管理处罚法": "laws/中华人民共和国治安管理处罚法.md",
    "治安管理处罚法@2012": "laws/中华人民共和国治安管理处罚法(2012).md",
    "道路交通安全法": "laws/中华人民共和国道路交通安全法.md", "海关法": "laws/中华人民共和国海关法.md",
    "移送涉嫌犯罪案件规定": "regulations/行政执法机关移送涉嫌犯罪案件的规定.md",
    "烟草专卖法实施条例": "regulations/中华人民共和国烟草专卖法实施条例.md",
    "海关行政处罚实施条例": "regulations/中华人民共和国海关行政处罚实施条例.md",
    "劳动保障监察条例": "regulations/劳动保障监察条例.md", "保障农民工工资支付条例": "regulations/保障农民工工资支付条例.md",
    "发票管理办法": "regulations/中华人民共和国发票管理办法.md",
    "刑事诉讼规则": "interpretations/人民检察院刑事诉讼规则.md",
    "知识产权刑事解释": "interpretations/最高人民法院、最高人民检察院关于办理侵犯知识产权刑事案件适用法律若干问题的解释.md",
    "知识产权刑事解释（2004）": "interpretations/最高人民法院、最高人民检察院关于办理侵犯知识产权刑事案件具体应用法律若干问题的解释.md",
    "食品安全刑事解释": "interpretations/最高人民法院、最高人民检察院关于办理危害食品安全刑事案件适用法律若干问题的解释.md",
    "药品安全刑事解释": "interpretations/最高人民法院、最高人民检察院关于办理危害药品安全刑事案件适用法律若干问题的解释.md",
    "伪劣商品刑事解释": "interpretations/最高人民法院、最高人民检察院关于办理生产、销售伪劣商品刑事案件具体应用法律若干问题的解释.md",
    "烟草专卖品刑事解释": "interpretations/最高人民法院、最高人民检察院关于办理非法生产、销售烟草专卖品等刑事案件具体应用法律若干问题的解释.md",
    "走私非法经营兴奋剂刑事解释": "interpretations/最高人民法院关于审理走私、非法经营、非法使用兴奋剂刑事案件适用法律若干问题的解释.md",
    "支付结算外汇刑事解释": "interpretations/最高人民法院、最高人民检察院关于办理非法从事资金支付结算业务、非法买卖外汇刑事案件适用法律若干问题的解释.md",
    "税收征管刑事解释": "interpretations/最高人民法院、最高人民检察院关于办理危害税收征管刑事案件适用法律若干问题的解释.md",
    "环境污染刑事解释": "interpretations/最高人民法院、最高人民检察院关于办理环境污染刑事案件适用法律若干问题的解释.md",
    "环境污染刑事解释@2023": "interpretations/最高人民法院、最高人民检察院关于办理环境污染刑事案件适用法律若干问题的解释(2023).md",
    "危害生产安全刑事解释": "interpretations/最高人民法院、最高人民检察院关于办理危害生产安全刑事案件适用法律若干问题的解释.md",
    "破坏森林资源刑事解释": "interpretations/最高人民法院关于审理破坏森林资源刑事案件适用法律若干问题的解释.md",
    "野生动物资源刑事解释": "interpretations/最高人民法院、最高人民检察院关于办理破坏野生动物资源刑事案件适用法律若干问题的解释.md",
    "非法采矿刑事解释": "interpretations/最高人民法院、最高人民检察院关于办理非法采矿、破坏性采矿刑事案件适用法律若干问题的解释.md",
    "立案追诉标准（一）": "normative/最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）.md",
    "立案追诉标准（一）补充规定": "normative/最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）的补充规定.md",
    "立案追诉标准（二）": "normative/最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）.md",
    "环保衔接办法": "normative/环境保护行政执法与刑事司法衔接工作办法.md",
    "工作指引（摘录）": "excerpts/excerpts.jsonl#gui-02",
}

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ARTICLE_START = re.compile(
    r"^(?:<p[^>]*>)?(?:&emsp;)*(?:<b>)?第([零一二两三四五六七八九十百千]+)条(之[一二三四五六七八九十]+)?(?:</b>)?(?:[\s\u3000]|&emsp;|$)")
_ITEM = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")


def _cn(text: str) -> int:
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (digit or (1 if ch == "十" else 0)) * {"十": 10, "百": 100, "千": 1000}[ch]
            digit = 0
    return total + digit


@lru_cache(maxsize=None)
def articles_of(doc_key: str) -> dict[str, int]:
    """Article number ("177", "133-1") → number of 款 (blank-line paragraphs; numbered 项 belong to their 款).

    Files that put a whole article on consecutive lines without blank lines count as one 款 per article, so only
    the article ID is meaningful there.
    """
    rel = DOC_FILES[doc_key]
    if "#" in rel:                                   # an excerpt record of excerpts.jsonl
        rel, record = rel.split("#")
        lines = next(json.loads(line)["text"] for line in (STATUTES / rel).read_text(encoding="utf-8").splitlines()
                     if json.loads(line)["id"] == record).replace(",", "，").splitlines()
    else:
        text = (STATUTES / rel).read_text(encoding="utf-8")
        for marker in ("<!-- INFO END -->", "<!-- LEGAL_HEADER_END -->"):
            text = text.split(marker, 1)[-1]
        lines = text.splitlines()
    result: dict[str, int] = {}
    current, paragraphs, in_para = None, 0, False
    for line in lines:
        match = _ARTICLE_START.match(line.strip())
        if match:
            if current:
                result[current] = paragraphs
            current = str(_cn(match.group(1))) + (f"-{_cn(match.group(2)[1:])}" if match.group(2) else "")
            paragraphs, in_para = 1, True
        elif current and line.startswith("#"):
            result[current], current = paragraphs, None
        elif current:
            if not line.strip():
                in_para = False
            elif not in_para:
                in_para = True
                paragraphs += 0 if _ITEM.match(line) else 1
    if current:
        result[current] = paragraphs
    return result


def resolve_problem(provision_id: str) -> str | None:
    """None when the ID names an existing article/款 of the corpus, else a Chinese description of the problem."""
    match = ID_RE.match(provision_id)
    if not match:
        return f"条文编号格式不对：{provision_id}"
    doc_key = match["doc"] + (f"@{match['ver']}" if match["ver"] else "")
    if doc_key not in DOC_FILES:
        return f"未知文件简称：{doc_key}（{provision_id}）"
    arts = articles_of(doc_key)
    if match["art"] not in arts:
        return f"{doc_key} 中没有第 {match['art']} 条（{provision_id}）"
    if match["para"] and int(match["para"]) > arts[match["art"]]:
        return f"{doc_key} 第 {match['art']} 条只有 {arts[match['art']]} 款（{provision_id}）"
    return None


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                pytest.fail(f"{path.name} 第 {n} 行不是合法 JSON：{exc}")
    return rows


@pytest.fixture(scope="module")
def cases() -> dict[str, list[dict]]:
    return {split: _read_jsonl(CASES_DIR / f"{split}.jsonl") for split in SPLITS}


@pytest.fixture(scope="module")
def queries() -> list[dict]:
    return _read_jsonl(QUERIES)


# ---------------------------------------------------------------- labeled cases

def test_case_ids_unique_and_prefixed_by_split(cases):
    seen: set[str] = set()
    for split, rows in cases.items():
        for row in rows:
            assert isinstance(row.get("id"), str) and row["id"].startswith(f"{split}-"), f"{split}: id 前缀错误：{row.get('id')}"
            assert row["id"] not in seen, f"重复的 id：{row['id']}"
            seen.add(row["id"])


def test_case_fields_and_gold_keys(cases):
    for rows in cases.values():
        for row in rows:
            cid = row["id"]
            assert row.get("style") in STYLES, f"{cid}: style 不在允许范围：{row.get('style')}"
            assert isinstance(row.get("facts"), str) and len(row["facts"]) >= 30, f"{cid}: facts 过短或缺失"
            assert isinstance(row.get("case", {}), dict), f"{cid}: case 必须是对象"
            gold = row.get("gold")
            assert isinstance(gold, dict), f"{cid}: 缺少 gold"
            missing = GOLD_KEYS - gold.keys()
            assert not missing, f"{cid}: gold 缺少字段 {sorted(missing)}"
            assert isinstance(gold["notes"], str) and gold["notes"].strip(), f"{cid}: notes 不能为空（写明所依据的条文）"


def test_case_charges_and_articles(cases):
    for rows in cases.values():
        for row in rows:
            cid, gold = row["id"], row["gold"]
            if gold["charge"] is None:
                assert gold["article"] is None and gold["threshold_status"] is None, f"{cid}: 阴性案例的条文/门槛应为 null"
                continue
            assert gold["charge"] in CHARGE_ARTICLES, f"{cid}: 罪名不在审查索引 30 个罪名之内：{gold['charge']}"
            assert isinstance(gold["article"], str) and ID_RE.match(gold["article"]), f"{cid}: 条文编号格式不对"
            assert gold["article"].split(".")[0] == CHARGE_ARTICLES[gold["charge"]], \
                f"{cid}: {gold['charge']} 应对应 {CHARGE_ARTICLES[gold['charge']]}，实为 {gold['article']}"
            assert resolve_problem(gold["article"]) is None, resolve_problem(gold["article"])
            assert gold["threshold_status"] in THRESHOLD_STATUS, f"{cid}: threshold_status 取值错误"


def test_case_direction_agency_gaps_amounts(cases):
    elements, metrics = set(get_args(ElementName)), set(get_args(Metric))
    for rows in cases.values():
        for row in rows:
            cid, gold = row["id"], row["gold"]
            assert gold["direction"] in DIRECTIONS, f"{cid}: direction 取值错误"
            if gold["direction"] == "forward":
                assert gold["threshold_status"] == "met", f"{cid}: 正向移送线索要求已达立案标准"
            if gold["direction"] in ("forward", "reverse"):
                assert isinstance(gold["agency"], str) and gold["agency"], f"{cid}: 移送方向需写明机关类型"
            else:
                assert gold["agency"] is None, f"{cid}: direction 为 none 时 agency 应为 null"
            assert isinstance(gold["evidence_gaps"], list) and set(gold["evidence_gaps"]) <= elements, \
                f"{cid}: evidence_gaps 只能取 {sorted(elements)}"
            assert isinstance(gold["amounts"], list), f"{cid}: amounts 必须是列表"
            for amount in gold["amounts"]:
                assert amount.get("metric") in metrics, f"{cid}: 未知的数额指标 {amount.get('metric')}"
                assert isinstance(amount.get("value"), (int, float)) and amount["value"] >= 0, f"{cid}: 数额值错误"
                assert isinstance(amount.get("approximate"), bool), f"{cid}: approximate 必须是布尔值"


def test_case_fields_load_as_a_case(cases):
    # `case` holds structured Case fields; the harness merges them with the facts through the intake, so a field
    # the Case model rejects (evidence as bare strings, an unknown key) would turn a labeled case into an error.
    problems = []
    for rows in cases.values():
        for row in rows:
            try:
                loaded = case_from_dict({"id": row["id"], "facts": row["facts"], **row.get("case", {})})
            except Exception as exc:  # IntakeError carries the Chinese reason
                problems.append(f"{row['id']}: {exc}")
                continue
            problems += [f"{row['id']}: {w}" for w in loaded.warnings if "未知字段" in w]
    assert not problems, "以下案例的 case 字段不能按 Case 模型读取：\n" + "\n".join(problems)


def _norm(text: str) -> str:
    return re.sub(r"[\s，。、；：,.;:（）()“”\"']", "", text)


def test_splits_disjoint(cases):
    dev = [(r["id"], _norm(r["facts"])) for r in cases["dev"]]
    test = [(r["id"], _norm(r["facts"])) for r in cases["test"]]
    for tid, tfacts in test:
        for did, dfacts in dev:
            assert tfacts != dfacts, f"同一案情同时出现在 dev 与 test：{did} / {tid}"
            matcher = SequenceMatcher(None, dfacts, tfacts, autojunk=False)
            if matcher.real_quick_ratio() > 0.9 and matcher.quick_ratio() > 0.9:
                assert matcher.ratio() <= 0.9, f"dev 与 test 的案情几乎相同：{did} / {tid}"


def test_case_count_once_both_groups_are_in(cases):
    total = sum(len(rows) for rows in cases.values())
    assert total >= 200, (f"评测集共 {total} 例，issue 7 要求至少 200 例（A、B 两组合并后）；"
                          "若 B 组尚未提交，此项失败属预期")


# ---------------------------------------------------------------- retrieval queries

def test_queries_shape_and_ids(queries):
    assert len(queries) >= 100, f"检索评测问题只有 {len(queries)} 条，至少需要 100 条"
    ids = [q.get("id") for q in queries]
    assert len(ids) == len(set(ids)), "检索评测问题 id 重复"
    for q in queries:
        assert set(q) >= {"id", "query", "gold", "as_of", "note"}, f"{q.get('id')}: 缺少字段"
        assert isinstance(q["query"], str) and q["query"].strip(), f"{q['id']}: query 为空"
        assert isinstance(q["gold"], list), f"{q['id']}: gold 必须是列表"
        if q["as_of"] is not None:
            date.fromisoformat(q["as_of"])
    assert sum(1 for q in queries if not q["gold"]) >= 10, "应至少有 10 条不应返回结果的问题（问候、无关话题）"


def test_query_gold_ids_exist_in_corpus(queries):
    problems = [f"{q['id']}: {p}" for q in queries for gid in q["gold"] if (p := resolve_problem(gid))]
    assert not problems, "\n".join(problems)


def test_resolver_rejects_invented_provisions():
    # The check above is only worth something if it can say no.
    assert resolve_problem("刑法#900") is not None
    assert resolve_problem("刑事诉讼法#177.4") is not None
    assert resolve_problem("刑法第二百一十四条") is not None
    assert resolve_problem("不存在的法#1") is not None
    assert resolve_problem("刑事诉讼法#177.3") is None and resolve_problem("刑法#133-1") is None
