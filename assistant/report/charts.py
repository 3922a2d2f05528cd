"""Charts of the report as PNG bytes (bar, pie, line), with Chinese labels.

matplotlib's default fonts have no Chinese glyphs: labels would render as boxes. The CJK font is looked up by family
name in matplotlib's font list, then by file path (fonts installed after matplotlib built its cache are not in the
list), then by a search of the usual font folders. Without one, the charts are still drawn and the report carries a
warning telling how to install fonts-noto-cjk (scripts/setup_system.sh).
"""
from __future__ import annotations

import glob
import io
import os
from collections import Counter
from functools import lru_cache

from .model import CLUE_SHORT, CLUE_TYPES, Clue
from .stats import Overview

FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
            "WenQuanYi Micro Hei", "Droid Sans Fallback", "AR PL UKai CN", "AR PL UMing CN", "SimHei",
            "Microsoft YaHei", "PingFang SC", "Heiti SC")
PATHS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
         "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
         "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", "/usr/share/fonts/truetype/arphic/ukai.ttc",
         "C:/Windows/Fonts/simhei.ttf", "C:/Windows/Fonts/msyh.ttc", "/System/Library/Fonts/PingFang.ttc")
SEARCH = ("/usr/share/fonts/**/*CJK*", "/usr/share/fonts/**/*wqy*", "/usr/local/share/fonts/**/*CJK*",
          os.path.expanduser("~/.local/share/fonts/**/*CJK*"), os.path.expanduser("~/.fonts/**/*CJK*"))
NO_FONT_WARNING = ("未找到中文字体，图表中的中文可能显示为方框：请运行 scripts/setup_system.sh（安装 fonts-noto-cjk）"
                   "后重新生成报告。")
COLORS = ("#1f4e79", "#c00000", "#7f7f7f", "#2e75b6", "#bf9000", "#548235", "#7030a0", "#a5a5a5", "#ed7d31")
DPI = 150


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str | None, str | None]:
    """(family name, file) of a font with Chinese glyphs, registered with matplotlib; (None, None) if there is none."""
    from matplotlib import font_manager as fm

    known = {f.name: f.fname for f in fm.fontManager.ttflist}
    for fam in FAMILIES:
        if fam in known:
            return fam, known[fam]
    candidates = [p for p in PATHS if os.path.isfile(p)]
    for pattern in SEARCH:
        candidates += sorted(glob.glob(pattern, recursive=True))
    for path in candidates:
        if not path.lower().endswith((".ttf", ".ttc", ".otf")):
            continue
        try:
            fm.fontManager.addfont(path)
            return fm.FontProperties(fname=path).get_name(), path
        except (OSError, RuntimeError, ValueError):
            continue
    return None, None


def font_warning() -> str | None:
    return None if cjk_font()[0] else NO_FONT_WARNING


def _figure(w: float = 7.2, h: float = 3.8):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(w, h), dpi=DPI)
    return fig, fig.subplots()


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def _style():
    import matplotlib

    family, _ = cjk_font()
    rc = {"axes.unicode_minus": False, "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}
    if family:
        rc["font.family"] = [family]
    return matplotlib.rc_context(rc)


def _short(name: str, n: int = 12) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def agencies_bar(ov: Overview, top: int = 12) -> bytes:
    """Cases per agency (horizontal bars), with the transfers written at the end of each bar."""
    items = ov.agencies()[:top][::-1]
    with _style():
        fig, ax = _figure(7.2, 0.35 * len(items) + 1.2)
        names = [_short(a, 16) for a, _ in items]
        cases = [c.cases for _, c in items]
        ax.barh(names, cases, color=COLORS[0], label="案件数")
        ax.barh(names, [c.transferred for _, c in items], color=COLORS[1], label="移送公安")
        for y, (_, c) in enumerate(items):
            ax.text(c.cases, y, f" {c.cases}（移送{c.transferred}）", va="center", fontsize=8)
        ax.set_xlabel("件")
        ax.set_title("各执法机关案件数与移送数")
        ax.set_xlim(0, max(cases + [1]) * 1.25)
        ax.legend(loc="lower right", frameon=False)
        return _png(fig)


def fields_pie(ov: Overview, top: int = 8) -> bytes:
    items = ov.fields_()
    head, rest = items[:top], items[top:]
    labels = [f for f, _ in head] + (["其他"] if rest else [])
    sizes = [c.cases for _, c in head] + ([sum(c.cases for _, c in rest)] if rest else [])
    with _style():
        fig, ax = _figure(6.4, 4.2)
        ax.pie(sizes, labels=labels, autopct=lambda p: f"{p:.1f}%" if p >= 3 else "", startangle=90,
               colors=COLORS[: len(sizes)] if len(sizes) <= len(COLORS) else None, counterclock=False,
               wedgeprops={"linewidth": 1, "edgecolor": "white"}, textprops={"fontsize": 8})
        ax.set_title("案件领域分布")
        ax.axis("equal")
        return _png(fig)


def daily_line(ov: Overview, previous: Overview | None = None) -> bytes:
    """Penalty decisions and transfers per day of the month; the previous month dashed for comparison."""
    days = list(range(1, len(ov.daily_penalties) + 1))
    with _style():
        fig, ax = _figure(7.2, 3.4)
        ax.plot(days, ov.daily_penalties, color=COLORS[0], marker="o", markersize=3, label="行政处罚决定（本月）")
        ax.plot(days, ov.daily_transfers, color=COLORS[1], marker="s", markersize=3, label="移送公安（本月）")
        if previous is not None:
            pd = list(range(1, len(previous.daily_penalties) + 1))
            ax.plot(pd, previous.daily_penalties, color=COLORS[0], linestyle="--", alpha=0.5, label="行政处罚决定（上月）")
            ax.plot(pd, previous.daily_transfers, color=COLORS[1], linestyle="--", alpha=0.5, label="移送公安（上月）")
        ax.set_xlabel("日")
        ax.set_ylabel("件")
        ax.set_xlim(1, max(days))
        ax.set_title(f"{ov.start.year}年{ov.start.month}月每日行政处罚与移送")
        ax.legend(frameon=False, fontsize=8, ncol=2)
        return _png(fig)


def clues_bar(clues: list[Clue], previous: list[Clue] | None = None) -> bytes:
    counts = Counter(c.type for c in clues)
    labels = [CLUE_SHORT[t] for t in CLUE_TYPES]
    with _style():
        fig, ax = _figure(7.2, 3.4)
        x = list(range(len(labels)))
        width = 0.4 if previous is not None else 0.6
        now = [counts[t] for t in CLUE_TYPES]
        ax.bar([i - (width / 2 if previous is not None else 0) for i in x], now, width, color=COLORS[1], label="本月")
        if previous is not None:
            before = Counter(c.type for c in previous)
            ax.bar([i + width / 2 for i in x], [before[t] for t in CLUE_TYPES], width, color=COLORS[2], label="上月")
            ax.legend(frameon=False)
        for i, n in enumerate(now):
            ax.text(i - (width / 2 if previous is not None else 0), n, str(n), ha="center", va="bottom", fontsize=8)
        ax.set_xticks(x, labels)
        ax.set_ylabel("条")
        ax.set_title("监督线索分类统计")
        return _png(fig)


def all_charts(ov: Overview, clues: list[Clue], prev_ov: Overview | None = None,
               prev_clues: list[Clue] | None = None) -> dict[str, tuple[str, bytes]]:
    """key → (caption, PNG)."""
    return {
        "agencies": ("图1 各执法机关案件数与移送数", agencies_bar(ov)),
        "fields": ("图2 案件领域分布", fields_pie(ov)),
        "daily": ("图3 每日行政处罚与移送", daily_line(ov, prev_ov)),
        "clues": ("图4 监督线索分类统计", clues_bar(clues, prev_clues)),
    }
