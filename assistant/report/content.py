"""What the report says, section by section, as neutral blocks that the DOCX and HTML writers both render — so the
two outputs cannot drift apart. Only the number of clue rows listed differs (DOCX: a setting; HTML: more)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from assistant.render import chinese_number

from .classes import MIN_PARTY
from .model import CLUE_NAMES, CLUE_SHORT, CLUE_TYPES, SEVERITY_CN
from .pipeline import MonthlyReport
from .stats import LABELS, Counts

TITLE = "行刑衔接类案监督报告"
SECTIONS = ("统计范围与期间", "总体情况", "监督线索", "类案分析", "环比分析", "工作建议", "数据质量")
MAX_ISSUES = 50


@dataclass
class Block:
    kind: str                     # h1 h2 p pl (paragraph aligned left: long lists of case numbers) table image
    text: str = ""
    header: tuple = ()
    rows: tuple = ()
    widths: tuple | None = None
    image: bytes = b""
    lines: tuple = ()


def _counts_row(name: str, c: Counts) -> list:
    return [name, c.cases, c.penalized, c.transferred, c.police_filed, c.non_prosecuted, c.opinions, c.replies]


_COUNT_HEADER = ("名称", "案件", "处罚", "移送", "公安立案", "不起诉", "反向移送", "回复")
_COUNT_WIDTHS = (38, 18, 16, 15, 17, 16, 18, 15)


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:+.1%}"


def urgency(c) -> tuple:
    """Most urgent first: the longest overdue; for the limitation, the soonest to expire, then those expired."""
    if c.type == "limitation":
        return (c.days is None or c.days < 0, abs(c.days or 0), c.number)
    return (-(c.days or 0), c.number)


def compose(r: MonthlyReport, max_rows: int, notes: bool = True) -> list[Block]:
    """The report's blocks; `notes`: also the review hints of each clue (the DOCX leaves them to the XLSX)."""
    cur, ov, b = r.current, r.current.overview, []
    sec = iter(range(1, 20))

    def h1(name: str) -> None:
        b.append(Block("h1", f"{chinese_number(next(sec))}、{name}"))

    # -- 一 scope --------------------------------------------------------------------------------------
    h1("统计范围与期间")
    imp = cur.imported
    src = imp.path.name if imp.path else "导入文件"
    b.append(Block("p", f"统计期间为{r.period}（{cur.start.isoformat()}至{cur.end.isoformat()}），期限计算截至"
                        f"{cur.as_of.isoformat()}。数据来源为行政执法与刑事司法衔接信息共享平台导出文件“{src}”，共{imp.total_rows}行，"
                        f"纳入分析{len(imp.rows)}件，涉及{len(ov.by_agency)}个执法机关、{len(ov.by_field)}个执法领域"
                        + (f"；另有{imp.excluded}行未纳入分析（见数据质量部分）。" if imp.excluded else "。")))
    b.append(Block("p", "立案追诉标准、办理期限及其依据均取自本系统的审查索引和法规库，每条线索注明所依据的条文。"
                        f"“立案后长期无进展”的期间为：行政立案后{r.settings['report_stall_days_admin']}日、公安立案后"
                        f"{r.settings['report_stall_days_police']}日（本院设定）。线索为待核实的监督线索，须经审查核实后依法处理。"))
    # -- 二 overview -----------------------------------------------------------------------------------
    h1("总体情况")
    for para in r.summary.text.split("\n"):
        if para.strip():
            b.append(Block("p", para.strip()))
    rows = [_counts_row(a, c) for a, c in ov.agencies()] + [_counts_row("合计", ov.total)]
    b.append(Block("table", "表1 各执法机关办案情况", _COUNT_HEADER, tuple(rows), _COUNT_WIDTHS))
    rows = [_counts_row(f, c) for f, c in ov.fields_()]
    b.append(Block("table", "表2 各领域办案情况", _COUNT_HEADER, tuple(rows), _COUNT_WIDTHS))
    for key in ("agencies", "fields", "daily"):
        if key in r.charts:
            b.append(Block("image", r.charts[key][0], image=r.charts[key][1]))
    # -- 三 clues --------------------------------------------------------------------------------------
    h1("监督线索")
    counts = Counter(c.type for c in r.clues)
    b.append(Block("p", f"本期共发现监督线索{len(r.clues)}条，涉及案件{len({c.number for c in r.clues})}件，分类如下。"
                        "完整清单（含全部线索）见同名 .clues.xlsx 文件。"))
    b.append(Block("table", "表3 监督线索分类", ("线索类型", "条数"),
                   tuple((CLUE_NAMES[t], counts[t]) for t in CLUE_TYPES) + (("合计", len(r.clues)),), (120, 30)))
    if "clues" in r.charts:
        b.append(Block("image", r.charts["clues"][0], image=r.charts["clues"][1]))
    for i, t in enumerate(CLUE_TYPES, 1):
        items = sorted((c for c in r.clues if c.type == t), key=lambda c: urgency(c))
        b.append(Block("h2", f"（{chinese_number(i)}）{CLUE_NAMES[t]}（{len(items)}条）"))
        if not items:
            b.append(Block("p", "本期未发现此类线索。"))
            continue
        # the bases every clue of this type shares are said once, above the table; each row names only its own
        common = [p for p in items[0].provisions if all(p in c.provisions for c in items)]
        if common:
            b.append(Block("p", f"本类线索的共同依据：{'、'.join(common)}。"))

        def own(c) -> str:
            rest = [p for p in c.provisions if p not in common]
            return "\n依据：" + "、".join(rest) if rest else ""

        rows = [(n, f"{c.number}\n{c.agency}" + (f"\n{c.party}" if c.party else ""),
                 c.reason + ("\n提示：" + "；".join(c.notes) if c.notes and notes else "") + own(c))
                for n, c in enumerate(items[:max_rows], 1)]
        b.append(Block("table", "", ("序号", "案件编号／执法机关／当事人", "线索、数额与依据"), tuple(rows), (14, 46, 96)))
        if len(items) > max_rows:
            b.append(Block("p", f"以上列出{max_rows}条，另有{len(items) - max_rows}条见 .clues.xlsx 的“{CLUE_SHORT[t]}”工作表。"))
    # -- 四 class analysis -----------------------------------------------------------------------------
    h1("类案分析")
    ca = r.classes
    for s in ca.sentences:
        b.append(Block("p", s))
    shares = [(s.group, s.cause, s.count, f"{s.share:.1%}") for s in ca.by_field if s.count][:60]
    b.append(Block("table", "表4 各领域主要违法行为类型", ("领域", "案由／违法行为", "件数", "占该领域"), tuple(shares),
                   (28, 84, 18, 26)))
    if ca.clue_matrix:
        rows = [(f, *[m.get(t, 0) for t in CLUE_TYPES]) for f, m in sorted(ca.clue_matrix.items(), key=lambda kv: -sum(kv[1].values()))]
        b.append(Block("table", "表5 监督线索的领域分布", ("领域", *[CLUE_SHORT[t] for t in CLUE_TYPES]), tuple(rows),
                       (30, *[18] * len(CLUE_TYPES))))
    if ca.patterns:
        rows = [(p.kind, p.key, p.count, p.parties, "、".join(p.causes[:2]),
                 "\n".join(p.numbers[:2]) + (f"\n等{p.count}件" if p.count > 2 else ""))
                for p in ca.patterns]
        b.append(Block("table", "表6 反复出现的当事人、涉案物品和地点", ("类别", "名称", "件数", "当事人", "主要案由", "案件编号"),
                       tuple(rows), (15, 34, 12, 15, 36, 44)))
        b.append(Block("p", f"说明：同一当事人（个人按同一执法机关）出现{MIN_PARTY}次以上、同一物品或地点涉及两个以上当事人且出现多次的，"
                            "列入上表；完整案件编号见 .clues.xlsx 的“重复出现”工作表。"))
    else:
        b.append(Block("p", "本期未发现反复出现的当事人、涉案物品或地点。"))
    # -- 五 month-on-month -----------------------------------------------------------------------------
    if r.comparison:
        h1("环比分析")
        cmp = r.comparison
        for s in cmp.sentences:
            b.append(Block("p", s))
        rows = [(c.label, f"{c.current:g}", f"{c.previous:g}", f"{c.delta:+g}", _pct(c.rate))
                for c in cmp.totals + [*cmp.clues]]
        b.append(Block("table", "表7 主要指标与上月比较", ("指标", "本月", "上月", "增减", "环比"), tuple(rows), (60, 22, 22, 22, 26)))
        rows = [(c.label, f"{c.current:g}", f"{c.previous:g}", f"{c.delta:+g}", _pct(c.rate)) for c in cmp.fields]
        b.append(Block("table", "表8 各领域案件数与上月比较", ("领域", "本月", "上月", "增减", "环比"), tuple(rows), (60, 22, 22, 22, 26)))
    # -- 六 recommendations ----------------------------------------------------------------------------
    h1("工作建议")
    if not r.recommendations:
        b.append(Block("p", f"本期没有机关的监督线索达到{r.settings['report_recommend_min_clues']}条，暂不建议制发检察建议。"))
    for i, rec in enumerate(r.recommendations, 1):
        head = f"建议向{rec.target}制发检察建议" if rec.kind == "检察建议" else f"{rec.target}：{rec.ask.split('，')[0]}"
        b.append(Block("h2", f"（{chinese_number(i)}）{head}"))
        b.append(Block("p", f"理由：{rec.reason}"))
        b.append(Block("p", f"建议内容：{rec.ask}"))
        if rec.provisions:
            b.append(Block("p", f"依据：{'、'.join(rec.provisions)}。"))
        more = f"等{len(rec.numbers)}件" if len(rec.numbers) > 10 else ""
        b.append(Block("pl", f"涉及案件：{'、'.join(rec.numbers[:10])}{more}。"))
    # -- 七 data quality -------------------------------------------------------------------------------
    h1("数据质量")
    issues = imp.issues
    errors = sum(i.severity == "error" for i in issues)
    b.append(Block("p", f"共发现数据问题{len(issues)}处，其中{errors}行未纳入分析（缺少案件编号或执法机关、案件编号重复），其余问题所在的"
                        "字段按未填写处理、该行仍纳入分析。请执法机关核实更正后重新报送。" if issues else "未发现数据问题。"))
    if issues:
        rows = [(i.row or "—", i.number or "—", i.column or "—", i.message, SEVERITY_CN[i.severity])
                for i in issues[:MAX_ISSUES]]
        b.append(Block("table", "表9 数据问题", ("行号", "案件编号", "列", "问题", "处理"), tuple(rows), (14, 36, 24, 64, 18)))
        if len(issues) > MAX_ISSUES:
            b.append(Block("p", f"以上列出{MAX_ISSUES}处，完整清单见 .clues.xlsx 的“数据质量”工作表。"))
    return b


def review_notes(r: MonthlyReport) -> list[str]:
    notes = ["本报告由系统根据导入数据自动生成，监督线索须经审查核实；数据以执法机关报送为准。"]
    notes += r.warnings
    if r.summary.used_model:
        notes.append(f"“总体情况”第一部分由语言模型（{r.summary.model}）依据统计数字撰写，数字已与统计结果核对。")
    return list(dict.fromkeys(notes))


__all__ = ["Block", "compose", "review_notes", "TITLE", "SECTIONS", "LABELS"]
