"""The report as one self-contained HTML file: inline CSS, charts as base64 PNG, no external resource at all
(it is opened on machines without network access and may be mailed as a single file)."""
from __future__ import annotations

import base64
import html
from pathlib import Path

from assistant.errors import UserError

from .content import TITLE, Block, compose, review_notes
from .pipeline import MonthlyReport

HTML_MAX_ROWS = 1000
CSS = """
body{font-family:"Noto Serif CJK SC","Source Han Serif SC","SimSun","FangSong",serif;max-width:60em;margin:2em auto;
padding:0 1.5em;color:#111;line-height:1.8;font-size:16px}
header{text-align:center;margin-bottom:1.5em}
header .organ{font-size:1.6em;font-weight:bold;letter-spacing:.1em}
header h1{font-size:1.5em;margin:.3em 0}
h2{font-family:"Noto Sans CJK SC","SimHei",sans-serif;font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
h3{font-size:1.05em;margin-top:1.2em;font-family:"AR PL UKai CN","KaiTi",serif}
p{text-indent:2em;margin:.4em 0}
table{border-collapse:collapse;width:100%;margin:.6em 0 1em;font-size:.9em}
caption{font-weight:bold;padding:.3em}
th,td{border:1px solid #888;padding:.25em .45em;vertical-align:top;text-align:left}
th{background:#f2f2f2;font-family:"Noto Sans CJK SC","SimHei",sans-serif}
td.n{text-align:center;white-space:nowrap}
figure{text-align:center;margin:1em 0}figure img{max-width:100%}figcaption{font-size:.9em}
.note{border:2px solid #c00000;background:#fff7e6;padding:.6em 1em;margin:1em 0}
.note b{color:#c00000}.note li{margin:.2em 0}
footer{text-align:right;margin-top:2em}
@media print{body{max-width:none}}
"""


def _e(v: object) -> str:
    return html.escape("" if v is None else str(v)).replace("\n", "<br>")


def _table(b: Block) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in b.header)
    body = []
    for row in b.rows:
        cells = "".join(f'<td class="n">{_e(v)}</td>' if isinstance(v, (int, float)) or i == 0 and b.header[0] in ("序号", "行号")
                        else f"<td>{_e(v)}</td>" for i, v in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    cap = f"<caption>{_e(b.text)}</caption>" if b.text else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(r: MonthlyReport) -> str:
    parts = [f'<header><div class="organ">{_e(r.procuratorate)}</div><h1>{_e(TITLE)}</h1><div>（{_e(r.period)}）</div></header>']
    notes = "".join(f"<li>{_e(n)}</li>" for n in review_notes(r))
    parts.append(f'<div class="note"><b>审查提示：</b><ul>{notes}</ul></div>')
    for b in compose(r, HTML_MAX_ROWS):
        if b.kind == "h1":
            parts.append(f"<h2>{_e(b.text)}</h2>")
        elif b.kind == "h2":
            parts.append(f"<h3>{_e(b.text)}</h3>")
        elif b.kind in ("p", "pl"):
            parts.append(f"<p>{_e(b.text)}</p>")
        elif b.kind == "table":
            parts.append(_table(b))
        elif b.kind == "image":
            data = base64.b64encode(b.image).decode("ascii")
            parts.append(f'<figure><img alt="{_e(b.text)}" src="data:image/png;base64,{data}">'
                         f"<figcaption>{_e(b.text)}</figcaption></figure>")
    parts.append(f"<footer>{_e(r.procuratorate)}<br>{r.generated.year}年{r.generated.month}月{r.generated.day}日</footer>")
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(TITLE)}（{_e(r.period)}）</title><style>{CSS}</style></head><body>{''.join(parts)}</body></html>\n")


def write_html(r: MonthlyReport, path: str | Path) -> Path:
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(render_html(r), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"无法写入文件 {p}：{exc.strerror or exc}") from None
    return p
