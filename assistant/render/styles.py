"""GB/T 9704-2012 layout constants and the low-level helpers that put fonts where WPS and Word read them.

python-docx's ``font.name`` only writes ``w:ascii``/``w:hAnsi``; Chinese text is drawn with the ``w:eastAsia`` font,
so every run (and the document defaults) gets all three slots set here, and theme-font attributes are removed because
a theme font silently wins over a named one.
"""

from __future__ import annotations

import unicodedata

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

# Font names as WPS/Word on Chinese Windows know them (the fonts.conf in docs/preview maps them for LibreOffice).
FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

# The fonts an official document may use; English names are the same faces as Windows registers them.
ALLOWED_EAST_ASIAN_FONTS = frozenset({
    FANGSONG, "仿宋", "FangSong", "FangSong_GB2312",
    XIAOBIAOSONG, "方正小标宋_GBK", "FZXiaoBiaoSong-B05S",
    HEITI, "SimHei",
    KAITI, "楷体", "KaiTi", "KaiTi_GB2312",
    SONGTI, "SimSun",
})

# Chinese type sizes (号) in points.
SIZES_PT = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
            "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5}
TITLE_PT = SIZES_PT["二号"]
BODY_PT = SIZES_PT["三号"]
TABLE_PT = SIZES_PT["四号"]
PAGE_NUMBER_PT = SIZES_PT["四号"]

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
# 天头 37 mm, 订口 28 mm and a 156 × 225 mm 版心 give these four margins (GB/T 9704-2012 §5.2.1, ±1 mm).
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
MARGIN_TOLERANCE_MM = 1.0
# 225 mm 版心 / 22 lines ≈ 28.95 pt: the fixed line pitch that yields 22 lines per page.
BODY_LINE_PT = 28.95
CHARS_PER_LINE = 28
BODY_CHAR_SPACING_PT = -0.25
TITLE_LINE_PT = 36
TABLE_LINE_PT = 22

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_rfonts(rpr, font: str) -> None:
    """Name ``font`` in all four rFonts slots of an rPr element (run, style or defaults) and drop theme fonts."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        key = qn(attr)
        if key in rfonts.attrib:
            del rfonts.attrib[key]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)
    # Ambiguous-width characters (— “ ” …) are then drawn full-width with the Chinese font, as in WPS.
    rfonts.set(qn("w:hint"), "eastAsia")


def set_run_fonts(run, font: str, size_pt: float | None = None, *, bold: bool | None = None,
                  color: str | None = None) -> None:
    """Format a python-docx Run: font on every slot, size (both sz and szCs), bold, colour as hex ``RRGGBB``."""
    set_rfonts(run._r.get_or_add_rPr(), font)
    if size_pt is not None:
        set_rpr_size(run._r.get_or_add_rPr(), size_pt)
        if size_pt == BODY_PT:
            set_rpr_char_spacing(run._r.rPr, BODY_CHAR_SPACING_PT)
    if bold is not None:
        run.font.bold = bold
    if color is not None:
        run.font.color.rgb = RGBColor.from_string(color)


def set_rpr_size(rpr, size_pt: float) -> None:
    """Set w:sz and w:szCs (half-points); python-docx only writes w:sz, WPS reads both."""
    rpr.get_or_add_sz().val = Pt(size_pt)
    szcs = rpr.find(qn("w:szCs"))
    if szcs is None:
        szcs = OxmlElement("w:szCs")
        rpr.insert_element_before(szcs, "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
                                  "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                                  "w:specVanish", "w:oMath")
    szcs.set(qn("w:val"), str(round(size_pt * 2)))


def add_run(paragraph, text: str, font: str = FANGSONG, size_pt: float = BODY_PT, **kw):
    """Append a run with its fonts set; the only way text should enter an official document."""
    run = paragraph.add_run(text)
    set_run_fonts(run, font, size_pt, **kw)
    return run


def set_paragraph_format(paragraph, *, align: str = "justify", line_pt: float | None = BODY_LINE_PT,
                         char_pt: float = BODY_PT, first_line_chars: float = 0, left_chars: float = 0,
                         right_chars: float = 0, hanging_chars: float = 0, before_pt: float = 0,
                         after_pt: float = 0, keep_with_next: bool = False) -> None:
    """Paragraph layout in character units of ``char_pt`` (GB/T counts indents in characters).

    ``line_pt=None`` means single (auto) spacing, needed for pictures that a fixed line height would clip.
    """
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[align]
    if line_pt is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing = Pt(line_pt)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.space_before = Pt(before_pt)
    fmt.space_after = Pt(after_pt)
    fmt.left_indent = Pt(left_chars * char_pt)
    fmt.right_indent = Pt(right_chars * char_pt)
    fmt.first_line_indent = Pt((first_line_chars - hanging_chars) * char_pt)
    if keep_with_next:
        fmt.keep_with_next = True


def set_outline_level(paragraph, level: int) -> None:
    """Mark a heading for the navigation pane of WPS/Word without using the (theme-font) Heading styles."""
    ppr = paragraph._p.get_or_add_pPr()
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    ppr.insert_element_before(el, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def set_paragraph_mark_font(paragraph, font: str = FANGSONG, size_pt: float = BODY_PT) -> None:
    """Blank lines take their height from the paragraph mark, so it gets the body font and size too."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.insert_element_before(rpr, "w:sectPr", "w:pPrChange")
    set_rfonts(rpr, font)
    set_rpr_size(rpr, size_pt)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F", "A")


def text_width_chars(text: str) -> float:
    """Width of ``text`` in full-width characters: CJK and ambiguous-width count 1, Latin/digits ½, plus the
    ¼ character that WPS, Word and LibreOffice insert between Chinese and Latin/digits (autoSpaceDE/DN)."""
    width = sum(1.0 if _is_wide(ch) else 0.5 for ch in text)
    for a, b in zip(text, text[1:]):
        if _is_wide(a) != _is_wide(b) and not (a.isspace() or b.isspace()) and (a.isalnum() and b.isalnum()):
            width += 0.25
    return width


def set_document_grid(section) -> None:
    """No document grid: every paragraph has an exact line height, and that alone gives 22 lines per page.

    WPS/Word templates get 28 characters per line from a linesAndChars grid with w:charSpace −849, but LibreOffice
    then gives every 三号 character two grid cells (14 per line), and even a lines-only grid makes LibreOffice snap
    the 22 pt table lines and the 36 pt title to whole 28.95 pt grid lines, which Word does not. Body runs get
    −0.25 pt character spacing instead (``BODY_CHAR_SPACING_PT``): 28 × 15.75 pt fits the 442 pt 版心 everywhere.
    """
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.insert_element_before(grid, "w:printerSettings", "w:sectPrChange")
    for attr in ("w:type", "w:charSpace"):
        if qn(attr) in grid.attrib:
            del grid.attrib[qn(attr)]
    # Kept for a user who switches the grid on in WPS/Word: it then matches the fixed line height.
    grid.set(qn("w:linePitch"), str(round(BODY_LINE_PT * 20)))


def set_rpr_char_spacing(rpr, spacing_pt: float) -> None:
    """w:spacing in rPr (twentieths of a point): tracking added after every character."""
    el = rpr.find(qn("w:spacing"))
    if el is None:
        el = OxmlElement("w:spacing")
        rpr.insert_element_before(el, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                                  "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                                  "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
    el.set(qn("w:val"), str(round(spacing_pt * 20)))


def apply_document_defaults(document) -> None:
    """A4, GB/T margins, and Normal = 仿宋_GB2312 三号, fixed 28.95 pt, no spacing, Chinese language."""
    for section in document.sections:
        section.page_width = Mm(PAGE_WIDTH_MM)
        section.page_height = Mm(PAGE_HEIGHT_MM)
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
        section.header_distance = Mm(15)
        # Puts the "— 1 —" line about 7 mm below the 版心 (GB/T 9704-2012 §7.5).
        section.footer_distance = Mm(23)
        set_document_grid(section)

    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_rfonts(rpr_default, FANGSONG)
    # The character grid is measured from the default size; at 11 pt LibreOffice gives each 三号 character 3 cells.
    set_rpr_size(rpr_default, BODY_PT)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")

    normal = document.styles["Normal"]
    set_rfonts(normal.element.get_or_add_rPr(), FANGSONG)
    set_rpr_size(normal.element.get_or_add_rPr(), BODY_PT)
    set_rpr_char_spacing(normal.element.rPr, BODY_CHAR_SPACING_PT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(BODY_LINE_PT)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    # Widow/orphan control would pull lines to the next page and break the 22-lines-per-page grid.
    fmt.widow_control = False
    # Footer/Header styles bring their own theme fonts in some templates; give them named fonts too.
    for name in ("Header", "Footer"):
        if name in [s.name for s in document.styles]:
            set_rfonts(document.styles[name].element.get_or_add_rPr(), SONGTI)
