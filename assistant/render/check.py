"""Layout checks for generated DOCX files: East-Asian fonts on every run, A4 page and GB/T 9704 margins.

A run's East-Asian font is resolved the way Word does it: the run's own rFonts, then its character style chain,
the paragraph style chain (or the default paragraph style), the table style, and finally docDefaults. A theme font
(w:eastAsiaTheme) wins over a named font on the same element and is reported, because it maps to whatever the
user's Office theme says, not to an official face.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from .errors import RenderError
from .styles import ALLOWED_EAST_ASIAN_FONTS, MARGIN_TOLERANCE_MM, MARGINS_MM, PAGE_HEIGHT_MM, PAGE_WIDTH_MM

_EMU_PER_MM = 36000
_PAGE_TOLERANCE_MM = 0.5
_MARGIN_NAMES = {"top": "上边距", "bottom": "下边距", "left": "左边距", "right": "右边距"}


class _Styles:
    """styleId → (basedOn, rFonts) plus the default paragraph style and docDefaults rFonts."""

    def __init__(self, styles_el) -> None:
        self.by_id: dict[str, tuple[str | None, object]] = {}
        self.default_paragraph: str | None = None
        for st in styles_el.findall(qn("w:style")):
            sid = st.get(qn("w:styleId"))
            based = st.find(qn("w:basedOn"))
            rpr = st.find(qn("w:rPr"))
            rfonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
            self.by_id[sid] = (based.get(qn("w:val")) if based is not None else None, rfonts)
            if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) in ("1", "true", "on"):
                self.default_paragraph = sid
        self.default_rfonts = None
        defaults = styles_el.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            if rpr is not None:
                self.default_rfonts = rpr.find(qn("w:rFonts"))

    def chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            based, rfonts = self.by_id[style_id]
            yield rfonts
            style_id = based


def _east_asian(rfonts) -> tuple[str, str] | None:
    """('theme', name) or ('font', name) if this rFonts element decides the East-Asian font."""
    if rfonts is None:
        return None
    theme = rfonts.get(qn("w:eastAsiaTheme"))
    if theme:
        return ("theme", theme)
    name = rfonts.get(qn("w:eastAsia"))
    if name:
        return ("font", name)
    return None


def _ancestor(el, tag: str):
    el = el.getparent()
    while el is not None and el.tag != tag:
        el = el.getparent()
    return el


def _val(el, child: str) -> str | None:
    found = el.find(qn(child)) if el is not None else None
    return found.get(qn("w:val")) if found is not None else None


def effective_east_asian_font(run_el, styles: _Styles) -> tuple[str, str] | None:
    """Resolve the East-Asian font of a w:r element; None when nothing sets it."""
    rpr = run_el.find(qn("w:rPr"))
    levels = [rpr.find(qn("w:rFonts")) if rpr is not None else None]
    levels += list(styles.chain(_val(rpr, "w:rStyle")))
    para = _ancestor(run_el, qn("w:p"))
    ppr = para.find(qn("w:pPr")) if para is not None else None
    levels += list(styles.chain(_val(ppr, "w:pStyle") or styles.default_paragraph))
    tbl = _ancestor(run_el, qn("w:tbl"))
    if tbl is not None:
        levels += list(styles.chain(_val(tbl.find(qn("w:tblPr")), "w:tblStyle")))
    levels.append(styles.default_rfonts)
    for rfonts in levels:
        found = _east_asian(rfonts)
        if found:
            return found
    return None


def _where(run_el, part_label: str, root) -> str:
    tc = _ancestor(run_el, qn("w:tc"))
    if tc is not None:
        tr = tc.getparent()
        tbl = tr.getparent()
        tables = list(root.iter(qn("w:tbl")))
        row = tbl.findall(qn("w:tr")).index(tr) + 1
        col = tr.findall(qn("w:tc")).index(tc) + 1
        return f"{part_label}表格{tables.index(tbl) + 1}第{row}行第{col}列"
    para = _ancestor(run_el, qn("w:p"))
    paras = list(root.iter(qn("w:p")))
    return f"{part_label}第{paras.index(para) + 1}段" if para in paras else part_label


def _run_text(run_el) -> str:
    text = "".join(t.text or "" for t in run_el.iter(qn("w:t")))
    if not text and run_el.find(qn("w:drawing")) is not None:
        return "〈图片〉"
    if not text and run_el.find(qn("w:fldChar")) is not None:
        return "〈域〉"
    return text[:16]


def _check_runs(root, part_label: str, styles: _Styles, allowed) -> list[str]:
    problems = []
    for run_el in root.iter(qn("w:r")):
        found = effective_east_asian_font(run_el, styles)
        if found is not None and found[0] == "font" and found[1] in allowed:
            continue
        where = f"{_where(run_el, part_label, root)}「{_run_text(run_el)}」"
        if found is None:
            problems.append(f"{where}：未设置东亚字体（w:eastAsia）")
        elif found[0] == "theme":
            problems.append(f"{where}：东亚字体为主题字体（{found[1]}），WPS/Word 中不一定是公文字体")
        elif found[1] not in allowed:
            problems.append(f"{where}：东亚字体「{found[1]}」不是公文用字体")
    return problems


def _check_page(document) -> list[str]:
    problems = []
    for i, section in enumerate(document.sections, start=1):
        label = f"第{i}节"
        width, height = section.page_width, section.page_height
        if width is None or height is None:
            problems.append(f"{label}：未设置页面尺寸，应为 A4 210×297 mm")
        else:
            w_mm, h_mm = width / _EMU_PER_MM, height / _EMU_PER_MM
            if abs(w_mm - PAGE_WIDTH_MM) > _PAGE_TOLERANCE_MM or abs(h_mm - PAGE_HEIGHT_MM) > _PAGE_TOLERANCE_MM:
                problems.append(f"{label}：页面尺寸 {w_mm:.1f}×{h_mm:.1f} mm，应为 A4 纵向 210×297 mm")
        for side, want in MARGINS_MM.items():
            value = getattr(section, f"{side}_margin")
            if value is None:
                problems.append(f"{label}：未设置{_MARGIN_NAMES[side]}，应为 {want} mm")
                continue
            got = value / _EMU_PER_MM
            if abs(got - want) > MARGIN_TOLERANCE_MM:
                problems.append(f"{label}：{_MARGIN_NAMES[side]} {got:.1f} mm，应为 {want} mm（±1 mm）")
    return problems


def _open(source: str | Path | bytes):
    try:
        if isinstance(source, (bytes, bytearray)):
            return docx.Document(io.BytesIO(bytes(source)))
        path = Path(source)
        if not path.is_file():
            raise RenderError(f"DOCX 文件不存在：{path}")
        return docx.Document(str(path))
    except RenderError:
        raise
    except Exception as exc:  # zipfile/opc/lxml raise many types for a damaged file
        raise RenderError(f"无法打开 DOCX 文件（文件损坏或不是 DOCX）：{exc}") from None


def check_document(document, allowed=ALLOWED_EAST_ASIAN_FONTS) -> list[str]:
    """All font and page problems of an open python-docx Document; empty when the layout is right."""
    styles = _Styles(document.styles.element)
    problems = _check_page(document)
    normal = _east_asian(styles.by_id.get(styles.default_paragraph, (None, None))[1])
    if normal is None or normal[0] == "theme" or normal[1] not in allowed:
        problems.append("正文样式（Normal）未设置公文用东亚字体：用户新输入的文字将不是仿宋")
    problems += _check_runs(document.element.body, "正文", styles, allowed)
    for rel in sorted(document.part.rels.values(), key=lambda r: r.rId):
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        kind = "页眉" if rel.reltype == RT.HEADER else "页脚"
        name = str(rel.target_part.partname).rsplit("/", 1)[-1]
        problems += _check_runs(rel.target_part.element, f"{kind}（{name}）", styles, allowed)
    return problems


def check_fonts(docx_path: str | Path | bytes, allowed=ALLOWED_EAST_ASIAN_FONTS) -> list[str]:
    """Problems of a DOCX file (path or bytes): runs without an official East-Asian font, wrong page or margins."""
    return check_document(_open(docx_path), allowed)
