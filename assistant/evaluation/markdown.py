"""The Markdown report of an evaluation result (Chinese, tables per part; per charge, per agency, confusions)."""
from __future__ import annotations

from typing import Any

from .review_figures import DIRECTION_ORDER, STATUS_ORDER

SPLIT_CN = {"test": "test（保留集，主要指标）", "dev": "dev（调参集）", "all": "全部"}


def pct(v: Any) -> str:
    return "—" if v is None else f"{100 * v:.1f}%"


def num(v: Any) -> str:
    if v is None:
        return "—"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def table(header: list[str], rows: list[list[Any]]) -> list[str]:
    def cell(x: Any) -> str:
        return str(x).replace("|", "\\|").replace("\n", " ")
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(cell(x) for x in r) + " |" for r in rows]
    return out + [""]


def meta_section(meta: dict[str, Any]) -> list[str]:
    git = meta.get("git") or {}
    commit = git.get("commit", "—")[:12] + ("（有未提交修改）" if git.get("dirty") else "") if git else "—（无 git）"
    rows = [["时间", meta.get("started_at")], ["评测部分", "、".join(meta.get("parts", []))],
            ["案例集", meta.get("split")], ["后端", meta.get("backend")], ["模型", meta.get("model")],
            ["设置指纹", meta.get("settings_fingerprint")], ["审查索引哈希", meta.get("review_index")],
            ["提示词版本", "；".join(meta.get("prompts", {}).values()) or "—"], ["代码版本", commit],
            ["耗时（秒）", "；".join(f"{k} {v}" for k, v in (meta.get("seconds") or {}).items())]]
    return ["# 评测报告", ""] + table(["项目", "值"], rows)


def retrieval_section(r: dict[str, Any]) -> list[str]:
    out = ["## 检索", "", f"{r['queries']} 条问题；按条文编号计分（条与其各款互相匹配，见 docs/eval.md），取前 {r['k']} 条。", ""]
    rows = []
    for mode in ("bm25", "dense", "fused"):
        if mode not in r:
            continue
        m = r[mode]
        na = m["no_answer"]
        rows.append([mode, m["n"], num(m["recall@1"]), num(m["recall@5"]), num(m["mrr"]), num(m["ndcg@10"]),
                     m["silenced"], f"{na['returned_nothing']}/{na['n']}（{pct(na['share'])}）"])
    out += table(["方式", "问题数", "R@1", "R@5", "MRR", "nDCG@10", "被证据门拦下的真问题", "无答案问题正确返回空"], rows)
    misses = r.get("fused_misses") or []
    if misses:
        out += [f"融合检索前 5 条未全部命中的问题（{len(misses)} 条，列前 15 条）：", ""]
        out += table(["编号", "问题", "标准答案", "前 5 条"],
                     [[m["id"], m["query"], "、".join(m["gold"]) or "（应为空）", "、".join(m["top5"]) or "（空）"]
                      for m in misses[:15]])
    return out


HEADLINE = [("charge_top1", "罪名准确率 top-1（正例）"), ("charge_top3", "罪名准确率 top-3（正例）"),
            ("charge_overall", "罪名总体准确率（负例弃权为对）"), ("false_abstention_rate", "正例错误弃权率"),
            ("wrong_charge_rate", "正例罪名错误率（不含弃权）"), ("negative_abstention_rate", "负例弃权率"),
            ("negative_false_charge_rate", "负例误报罪名率"), ("provision_accuracy", "主要条文准确率（按条）"),
            ("threshold_accuracy", "立案标准判断准确率"), ("direction_accuracy", "衔接方向准确率"),
            ("agency_accuracy", "主管机关准确率"), ("agency_listed", "主管机关在所列机关中")]


def review_headline(splits: dict[str, dict]) -> list[str]:
    names = list(splits)
    rows = [["案例数（正例/负例）"] + [f"{s['n']}（{s['positives']}/{s['negatives']}）" for s in splits.values()]]
    rows += [[label] + [pct(splits[n][key]) for n in names] for key, label in HEADLINE]
    for key, label in (("precision", "证据缺口 精确率"), ("recall", "证据缺口 召回率")):
        rows.append([label] + [pct(splits[n]["evidence_gaps"][key]) for n in names])
    rows.append(["数额提取 完全一致（指标+数值）"] + [pct(splits[n]["amounts"]["exact"]) for n in names])
    rows.append(["数额提取 数值一致"] + [pct(splits[n]["amounts"]["value_only"]) for n in names])
    rows.append(["无法处理的案例"] + [splits[n]["errors"] for n in names])
    return table(["指标"] + [SPLIT_CN.get(n, n) for n in names], rows)


def per_charge_table(f: dict[str, Any]) -> list[str]:
    rows = [[name, c["n"], pct(c["top1"]), pct(c["top3"]), c["false_abstentions"], pct(c["provision"]),
             pct(c["threshold"]), "、".join(f"{k}×{v}" for k, v in c["wrong"].items()) or ""]
            for name, c in f["per_charge"].items()]
    return table(["罪名", "案例", "top-1", "top-3", "错误弃权", "主要条文", "立案标准", "误判为"], rows)


def per_agency_table(f: dict[str, Any]) -> list[str]:
    rows = [[name, a["n"], pct(a["accuracy"]), pct(a["listed"]), "、".join(f"{k}×{v}" for k, v in a["predicted"].items())]
            for name, a in f["per_agency"].items()]
    return table(["主管机关（标准答案）", "案例", "准确率", "在所列机关中", "给出的机关"], rows)


def confusion_table(conf: dict[str, Any], order: tuple[str, ...]) -> list[str]:
    labels = conf["labels"]
    idx = {lab: i for i, lab in enumerate(labels)}
    cols = [x for x in order if x in idx] + [x for x in labels if x not in order]
    rows = [[g] + [conf["matrix"][idx[g]][idx[p]] for p in cols] for g in cols]
    return table(["标准答案 \\ 判断"] + cols, rows)


def review_section(splits: dict[str, dict]) -> list[str]:
    out = ["## 审查", ""] + review_headline(splits)
    for name, f in splits.items():
        if name == "all" and len(splits) > 1:
            continue
        title = SPLIT_CN.get(name, name)
        out += [f"### 分罪名 — {title}", ""] + per_charge_table(f)
        out += [f"### 分主管机关 — {title}", ""] + per_agency_table(f)
        out += [f"### 立案标准混淆表 — {title}", ""] + confusion_table(f["confusion"]["threshold"], STATUS_ORDER)
        out += [f"### 衔接方向混淆表 — {title}", ""] + confusion_table(f["confusion"]["direction"], DIRECTION_ORDER)
        errs = f["confusion"]["charge_errors"]
        out += [f"### 罪名混淆（非对角线）— {title}", ""]
        out += table(["标准答案", "判断", "次数"], errs) if errs else ["无罪名混淆。", ""]
        out += [f"### 最差的 {len(f['worst'])} 个案例 — {title}", ""]
        out += table(["案例", "严重度", "原因"], [[w["id"], w["severity"], "；".join(w["why"])] for w in f["worst"]])
    return out


def unavailable(title: str, part: dict[str, Any]) -> list[str]:
    return [f"## {title}", "", f"未评测：{part.get('reason', '')}", ""]


def render(result: dict[str, Any]) -> str:
    parts = result["parts"]
    out = meta_section(result["meta"])
    if "retrieval" in parts:
        out += retrieval_section(parts["retrieval"])
    if "review" in parts:
        out += review_section(parts["review"])
    if "drafting" in parts:
        if parts["drafting"].get("status") == "unavailable":
            out += unavailable("文书", parts["drafting"])
        else:
            from .drafting_eval import markdown as drafting_md
            out += drafting_md(parts["drafting"])
    if "report" in parts:
        if parts["report"].get("status") == "unavailable":
            out += unavailable("类案监督月报", parts["report"])
        else:
            from .report_eval import markdown as report_md
            out += report_md(parts["report"])
    return "\n".join(out).rstrip() + "\n"
