"""Drafting evaluation: for every labeled case whose gold direction is forward or reverse, draft the 检察意见书 with the
chosen backend and score the DOCX a procurator would receive.

The draft is made in the gold direction (`draft_opinion(direction=gold)`) and with the gold charge as the case's
`charge_hint` (what a procurator writes when the review abstains), so these figures measure the drafting and not the
review's charge or direction errors (both measured in the review part). It is made with a throw-away data directory, so the
evaluation neither takes document numbers from the real register nor writes the real audit log.

Checks per document (docs/eval.md):
- sections: organ, title, number, addressee, the five body sections (案件来源, 查明事实, 理由, 建议, 回复要求) each
  non-empty and printed in the DOCX, the date and the seal line;
- citations: every citation written in the issued text of the DOCX, verified again against the statute store
  (VERIFIED / NOT_FOUND / MISMATCH); NOT_FOUND must be 0. The 审查提示 printed after the letter (deleted before
  issuing) are verified apart and their unverifiable references counted (`notes_unverified`);
- figures: every amount or quantity in the document's own prose (quotations of provisions are left out: the verifier
  checks those) equals a figure of the case or of a threshold the review applied; every gold amount is stated;
  the parties the intake found are named;
- agency: the recommendation names the gold agency type, its stem (林业主管部门 → 林业 in 县林业局) or a usual word for
  it (公安机关交通管理部门 → 交警/交通警察, AGENCY_WORDS);
- provisions: reverse — the 不起诉 basis 刑事诉讼法#177.3 is cited and every recommended penalty provision is one the
  review index lists for the gold charge; forward — the gold 刑法 article and the transfer rule 移送涉嫌犯罪案件规定#3
  are cited.
A draft that cannot be made fails every check, with its reason. Where a model wrote sections, `model_sections` is their
share; sections that fell back to the offline text are counted, not hidden.
"""
from __future__ import annotations

import io
import re
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from .labeled import LabeledCase
from .metrics import Tally, article_of, rate
from .review_eval import agency_norm

DOC_DIRECTIONS = ("forward", "reverse")
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」")
_NUMBER = re.compile(r"〔\d{4}〕\S*?\d+号")
_DATE = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})年\S{1,3}月\S{1,3}日")
# Other words by which a concrete agency of a type is usually named (a 县林业局 is a 林业主管部门 by its stem already).
AGENCY_WORDS = {"公安机关交通管理部门": ("交通警察", "交警"), "市场监督管理部门": ("市场监管",),
                "著作权主管部门": ("版权", "文化市场综合"), "人力资源社会保障行政部门": ("人社", "劳动保障"),
                "自然资源主管部门": ("国土",), "卫生健康主管部门": ("卫健",),
                # agencies of the type under their own names: the agriculture department's enforcement brigade,
                # the mine safety administration (a department with safety-supervision duties, 安全生产法#10)
                "农业农村主管部门": ("农业综合行政执法", "农业执法"), "应急管理部门": ("矿山安全", "安全生产监督管理")}
_STEM_SUFFIXES = ("行政主管部门", "主管部门", "管理部门", "行政部门", "部门", "机关", "机构")
NOTES_TITLE = "审查提示（"
CHECKS = ("sections", "citations", "figures", "gold_amounts", "parties", "agency", "provisions")


def docx_text(data: bytes) -> str:
    import docx

    d = docx.Document(io.BytesIO(data))
    lines = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            lines += [c.text for c in row.cells]
    return "\n".join(lines)


def split_notes(text: str) -> tuple[str, str]:
    """(issued text, 审查提示): the review notes printed after the letter are for the procurator, deleted before issuing."""
    at = text.find(NOTES_TITLE)
    return (text, "") if at < 0 else (text[:at], text[at:])


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def missing_sections(letter, text: str) -> list[str]:
    flat = _compact(text)
    missing = [name for name, ok in (("院名", letter.organ and _compact(letter.organ) in flat),
                                     ("标题", "检察意见书" in flat),
                                     ("文号", bool(_NUMBER.search(flat))),
                                     ("主送机关", letter.addressee and _compact(letter.addressee) in flat),
                                     ("日期", bool(_DATE.search(flat))),
                                     ("院印", "院印" in flat)) if not ok]
    for sec in letter.body_sections():
        body = [p for p in sec.paragraphs if p.strip()]
        if not body or _compact(body[0])[:60] not in flat:
            missing.append(sec.heading or sec.key)
    return missing


def _stem(agency_type: str) -> str:
    for suffix in _STEM_SUFFIXES:
        if agency_type.endswith(suffix) and len(agency_type) > len(suffix):
            return agency_type[: -len(suffix)]
    return agency_type


def agency_named(gold: str | None, written: str | None) -> bool | None:
    if not gold:
        return None
    if not written:
        return False
    g, w = agency_norm(gold) or gold, written.replace("和", "")
    return g in w or _stem(g).replace("和", "") in w or any(word in w for word in AGENCY_WORDS.get(g, ()))


def _numbers_of(text: str) -> set[Decimal]:
    from assistant.intake import extract_amounts, extract_quantities

    amounts, _ = extract_amounts(text)
    out = {a.value for a in amounts} | {a.value_max for a in amounts if a.value_max is not None}
    quantities = extract_quantities(text)
    return out | {q.value for q in quantities} | {q.value_max for q in quantities if q.value_max is not None}


def allowed_numbers(case, review) -> set[Decimal]:
    nums = {a.value for a in case.amounts} | {q.value for q in case.quantities}
    nums |= {x.value_max for x in [*case.amounts, *case.quantities] if x.value_max is not None}
    for d in case.administrative_decisions:
        nums |= {v for v in (d.fine_amount, d.confiscated_amount) if v is not None}
    for t in review.thresholds:
        nums |= {Decimal(str(v)) for v in (t.value, t.case_value, t.early_intervention_value) if v is not None}
    return nums | _numbers_of(case.facts or "")


def _same(a: Decimal, b: Decimal) -> bool:
    return a.normalize() == b.normalize()


def figure_checks(lc: LabeledCase, case, review, text: str) -> dict[str, Any]:
    prose = _QUOTED.sub("", text)
    written = _numbers_of(prose)
    allowed = allowed_numbers(case, review)
    invented = sorted(str(n) for n in written if not any(_same(n, a) for a in allowed))
    in_doc = _numbers_of(text)
    gold = [Decimal(str(a["value"])) for a in lc.gold.get("amounts") or [] if isinstance(a, dict) and "value" in a]
    absent = [str(g) for g in gold if not any(_same(g, n) for n in in_doc)]
    names = [p.name for p in case.parties if p.name]
    unnamed = [n for n in names if n not in text]
    return {"invented": invented, "gold_absent": absent, "parties_unnamed": unnamed}


def provision_check(lc: LabeledCase, letter, cited: set[str], index) -> tuple[bool, str]:
    arts = {article_of(c) for c in cited}
    if letter.direction == "reverse":
        if "刑事诉讼法#177.3" not in cited:
            return False, "未引用 刑事诉讼法#177.3"
        entry = index.get(lc.gold.get("charge")) if lc.gold.get("charge") else None
        allowed = {article_of(p) for p in (entry.administrative.penalty_provisions if entry else [])}
        rec = letter.recommendation.provisions
        if not rec:
            return False, "建议未写明处罚依据"
        stray = [p for p in rec if article_of(p) not in allowed]
        return (not stray, f"处罚依据不在该罪名的审查索引所列依据中：{'、'.join(stray)}" if stray else "")
    gold_art = lc.gold.get("article")
    if gold_art and article_of(gold_art) not in arts:
        return False, f"未引用罪名条文 {gold_art}"
    if "移送涉嫌犯罪案件规定#3" not in arts:
        return False, "未引用 移送涉嫌犯罪案件规定第三条"
    return True, ""


def score_document(lc: LabeledCase, case, review, result, index, verifier) -> dict[str, Any]:
    letter = result.document
    full = docx_text(result.docx_bytes)
    text, notes = split_notes(full)
    report = verifier.verify_text(text)
    statuses = [c.status.value for c in report.checks]
    notes_bad = [f"{c.id} {c.status.value}" for c in verifier.verify_text(notes).checks if c.status.value != "VERIFIED"]
    fig = figure_checks(lc, case, review, text)
    cited = {c.id for c in report.checks if c.status.value == "VERIFIED"} | {c.id for c in result.citations}
    prov_ok, prov_why = provision_check(lc, letter, cited, index)
    missing = missing_sections(letter, full)
    sections = letter.body_sections()
    o = {"id": lc.id, "split": lc.split, "direction": lc.gold["direction"], "error": None,
         "missing_sections": missing, "sections": not missing,
         "citations_total": len(statuses), "verified": statuses.count("VERIFIED"),
         "not_found": statuses.count("NOT_FOUND"), "mismatch": statuses.count("MISMATCH"),
         "bad_citations": [f"{c.id} {c.status.value}" for c in report.checks if c.status.value != "VERIFIED"],
         "citations": statuses.count("VERIFIED") == len(statuses), "notes_unverified": notes_bad,
         "figures": not fig["invented"], "gold_amounts": not fig["gold_absent"], "parties": not fig["parties_unnamed"],
         **fig, "agency_written": letter.recommendation.agency,
         "agency": agency_named(lc.gold.get("agency"), letter.recommendation.agency),
         "provisions": prov_ok, "provisions_why": prov_why,
         "model_sections": sum(1 for s in sections if s.source == "model"), "sections_total": len(sections)}
    o["why"] = explain(o)
    return o


# (field of the scored document, how its problems read): each non-empty list is one reason
_LISTED = (("missing_sections", "缺少："), ("bad_citations", "正文引用未通过核验："),
           ("notes_unverified", "审查提示中无法核实的引用："), ("invented", "文中数字不见于案件："),
           ("gold_absent", "未写明数额："), ("parties_unnamed", "未写明当事人："))


def explain(o: dict[str, Any]) -> list[str]:
    if o["error"]:
        return [f"未能生成：{o['error']}"]
    why = [head + "、".join(o[key]) for key, head in _LISTED if o.get(key)]
    if o["agency"] is False:
        why.append(f"建议对象“{o['agency_written']}”不是应有的主管机关")
    if not o["provisions"]:
        why.append(o["provisions_why"])
    return why


def failed_document(lc: LabeledCase, message: str) -> dict[str, Any]:
    o = {"id": lc.id, "split": lc.split, "direction": lc.gold["direction"], "error": message,
         "citations_total": 0, "verified": 0, "not_found": 0, "mismatch": 0, "model_sections": 0, "sections_total": 0,
         **{k: False for k in CHECKS}}
    if not lc.gold.get("agency"):
        o["agency"] = None
    o["why"] = explain(o)
    return o


def figures(docs: list[dict[str, Any]], backend: str) -> dict[str, Any]:
    out: dict[str, Any] = {"documents": len(docs), "produced": rate(sum(1 for d in docs if not d["error"]), len(docs))}
    for check in CHECKS:
        t = Tally()
        for d in docs:
            if d.get(check) is not None:
                t.add(bool(d[check]))
        out[check] = t.to_json()
    total = sum(d["citations_total"] for d in docs)
    out["citations_verified"] = rate(sum(d["verified"] for d in docs), total)
    out["citation_checks"] = total
    out["not_found"] = sum(d["not_found"] for d in docs)
    out["mismatch"] = sum(d["mismatch"] for d in docs)
    out["notes_unverified"] = sum(len(d.get("notes_unverified", [])) for d in docs)
    if backend != "offline":
        out["model_sections"] = rate(sum(d["model_sections"] for d in docs), sum(d["sections_total"] for d in docs))
    return out


def run_drafting(labeled: dict[str, list[LabeledCase]], settings, backend: str) -> dict[str, Any]:
    from assistant.drafting import draft_opinion
    from assistant.review import default_engine
    from assistant.verify import default_verifier

    engine, verifier = default_engine(), default_verifier()
    base = "all" if "all" in labeled else next(iter(labeled))
    todo = [lc for lc in labeled[base] if lc.gold.get("direction") in DOC_DIRECTIONS]
    docs: list[dict[str, Any]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="xianjie-eval-") as tmp:
        s = settings.model_copy(update={"data_dir": Path(tmp), "index_dir": settings.resolved_index_dir})
        for lc in todo:
            try:
                case = lc.to_case()
                if lc.gold.get("charge") and not case.charge_hint:
                    # the charge as the procurator states it (charge_hint) when the review could not tell it
                    case = case.model_copy(update={"charge_hint": lc.gold["charge"]})
                review = engine.review(case)
                result = draft_opinion(case, review=review, direction=lc.gold["direction"], backend=backend,
                                       settings=s)
                docs.append(score_document(lc, case, review, result, engine.index, verifier))
            except Exception as exc:  # noqa: BLE001 - a draft that cannot be made is a measured failure
                docs.append(failed_document(lc, f"{type(exc).__name__}: {exc}"[:300]))
    out: dict[str, Any] = {s: figures([d for d in docs if s == "all" or d["split"] == s], backend) for s in labeled}
    out[base]["documents_detail"] = docs
    out["seconds_per_document"] = round((time.perf_counter() - started) / max(1, len(todo)), 3)
    return out


def markdown(part: dict[str, Any]) -> list[str]:
    from .markdown import pct, table

    splits = [s for s in ("test", "dev", "all") if s in part]
    rows = [["文书数"] + [part[s]["documents"] for s in splits],
            ["成功生成"] + [pct(part[s]["produced"]) for s in splits]]
    names = {"sections": "结构完整", "citations": "引用全部核验通过（文书）", "figures": "无案外数字",
             "gold_amounts": "写明标注数额", "parties": "写明当事人", "agency": "主管机关正确", "provisions": "依据条文正确"}
    rows += [[label] + [pct(part[s][k]["rate"]) for s in splits] for k, label in names.items()]
    rows += [["引用核验通过率（逐条）"] + [pct(part[s]["citations_verified"]) for s in splits],
             ["NOT_FOUND 引用数（必须为 0）"] + [part[s]["not_found"] for s in splits],
             ["MISMATCH 引用数"] + [part[s]["mismatch"] for s in splits],
             ["审查提示中无法核实的引用"] + [part[s]["notes_unverified"] for s in splits]]
    if "model_sections" in part[splits[0]]:
        rows.append(["由模型撰写的段落"] + [pct(part[s]["model_sections"]) for s in splits])
    out = ["## 文书（检察意见书）", "", f"按标注方向起草；每份约 {part['seconds_per_document']} 秒。", ""]
    out += table(["指标"] + splits, rows)
    detail = part.get("all", part[splits[0]]).get("documents_detail", [])
    bad = sorted((d for d in detail if d["why"]), key=lambda d: (not d["error"], d["sections"] and d["citations"]
                                                                and d["figures"], d["id"]))
    if bad:
        out += [f"有问题的文书（{len(bad)} 份，列前 15 份）：", ""]
        out += table(["案例", "方向", "问题"], [[d["id"], d["direction"], "；".join(d["why"])] for d in bad[:15]])
    return out
