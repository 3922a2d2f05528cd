"""``OfficialDocument``: a python-docx builder for documents laid out after GB/T 9704-2012.

Elements are appended in reading order (header block, title, number, addressee, body, attachments, date, seal).
Every run gets its Chinese font on the East-Asian slot; numbering is written as text (not Word list numbering) so
the document looks the same in WPS, Word and LibreOffice and survives the procurator's edits.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from .errors import RenderError
from .styles import (BODY_LINE_PT, BODY_PT, FANGSONG, HEITI, KAITI, PAGE_NUMBER_PT, SONGTI, TITLE_LINE_PT,
                     TITLE_PT, XIAOBIAOSONG, add_run, apply_document_defaults, set_outline_level,
                     set_paragraph_format, set_paragraph_mark_font, text_width_chars)
from .tables import TEXT_WIDTH_MM, add_note_box, add_table

_CN_DIGITS = "零一二三四五六七八九"
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_YEAR_BRACKETS = re.compile(r"[\[【(（〔]\s*(\d{4})\s*[\]】)）〕]")
_DATE_CN = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_DATE_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_TRAILING_PUNCT = "。；;，,、：:"
DATE_RIGHT_INDENT_CHARS = 4  # 成文日期右空四字 (GB/T 9704-2012 §7.3.5.1)

NUMBER_STYLES = ("1.", "（1）", "（一）", "一、")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三 (ordinals for 一、/（一） up to 99)."""
    if not 0 < n < 100:
        raise RenderError(f"序号超出范围（1–99）：{n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def format_date(value: _dt.date | str) -> str:
    """Dates in full Arabic numerals without leading zeros: 2026年11月22日 (GB/T 9704-2012 §7.3.5.1)."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, str):
        text = value.strip()
        m = _DATE_CN.match(text) or _DATE_ISO.match(text)
        if not m:
            raise RenderError(f"无法识别的成文日期：「{value}」，应为 2026年11月22日 或 2026-11-22")
        try:
            value = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise RenderError(f"成文日期不存在：「{value}」") from None
    if not isinstance(value, _dt.date):
        raise RenderError(f"成文日期类型不对：{type(value).__name__}")
    return f"{value.year}年{value.month}月{value.day}日"


def normalize_document_number(number: str) -> str:
    """Year in 六角括号 〔2026〕, as GB/T 9704 requires; [2026], (2026), 【2026】 are common slips."""
    text = _clean(number).strip()
    if not text:
        raise RenderError("文号为空")
    return _YEAR_BRACKETS.sub(r"〔\1〕", text)


def _clean(text: object) -> str:
    """Control characters from pasted case text make python-docx refuse the string; drop them."""
    return _XML_ILLEGAL.sub("", str(text))


class OfficialDocument:
    """Builder for a GB/T 9704 official document (A4, 仿宋_GB2312 三号 body, 22 lines per page)."""

    def __init__(self, *, page_numbers: bool = True, author: str = "xianjie") -> None:
        self.document = docx.Document()
        apply_document_defaults(self.document)
        self.document.core_properties.author = author
        self.document.core_properties.language = "zh-CN"
        self._date_width = 0.0
        self._break_pending = False
        if page_numbers:
            self._add_page_numbers()

    # -- header block --------------------------------------------------------------------------------
    def add_organ_name(self, organ: str, *, size_pt: float = 26, color: str | None = None):
        """发文机关 / 院名: 方正小标宋简体, centered; 一号 by default (larger than the 二号 title)."""
        para = self._new_paragraph()
        # Two body lines in all, the extra space below: the name stands apart from the title, as on printed 检察文书.
        line_pt = round(size_pt * 1.5, 2)
        set_paragraph_format(para, align="center", line_pt=line_pt, char_pt=size_pt,
                             after_pt=max(0.0, round(2 * BODY_LINE_PT - line_pt, 2)))
        add_run(para, _clean(organ).strip(), XIAOBIAOSONG, size_pt, color=color)
        return para

    def add_title(self, title: str):
        """标题: 方正小标宋简体 二号, centered; "\\n" splits a long title into lines."""
        lines = [line.strip() for line in _clean(title).split("\n") if line.strip()]
        if not lines:
            raise RenderError("文书标题为空")
        para = self._new_paragraph()
        set_paragraph_format(para, align="center", line_pt=TITLE_LINE_PT, char_pt=TITLE_PT)
        for i, line in enumerate(lines):
            run = add_run(para, line, XIAOBIAOSONG, TITLE_PT)
            if i < len(lines) - 1:
                run.add_break()
        self.document.core_properties.title = "".join(lines)
        return para

    def add_document_number(self, number: str, *, align: str = "right"):
        """文号 like 某检行意〔2026〕3号, 仿宋 三号; right-aligned in 检察文书, centered in 红头公文."""
        if align not in ("right", "center"):
            raise RenderError(f"文号对齐方式只能是 right 或 center：{align}")
        para = self._new_paragraph()
        set_paragraph_format(para, align=align)
        add_run(para, normalize_document_number(number), FANGSONG, BODY_PT)
        return para

    def add_header_block(self, organ: str, title: str, number: str | None = None, *,
                         number_align: str = "right") -> None:
        """The 检察文书 head: 院名, 文书名 and 文号 in that order."""
        self.add_organ_name(organ)
        self.add_title(title)
        if number:
            self.add_document_number(number, align=number_align)

    def add_addressee(self, *names: str):
        """主送机关: a blank line above, flush left, names joined by 、 and ending with a full-width colon."""
        parts = [_clean(n).strip().rstrip(_TRAILING_PUNCT) for n in names if n and _clean(n).strip()]
        if not parts:
            raise RenderError("主送机关为空")
        self.add_blank_line()
        para = self._new_paragraph()
        set_paragraph_format(para, align="justify")
        add_run(para, "、".join(parts) + "：", FANGSONG, BODY_PT)
        return para

    # -- body ----------------------------------------------------------------------------------------
    def add_paragraph(self, text: str, *, indent: bool = True, align: str = "justify",
                      font: str = FANGSONG, bold: bool = False):
        """Body paragraph(s), 仿宋 三号 with a 2-character first-line indent; "\\n" starts a new paragraph.

        Returns the last paragraph written, so callers may append runs with ``append_text``.
        """
        para = None
        for line in _clean(text).split("\n"):
            para = self._new_paragraph()
            set_paragraph_format(para, align=align, first_line_chars=2 if indent else 0)
            if line.strip():
                add_run(para, line.strip(), font, BODY_PT, bold=bold)
            else:
                set_paragraph_mark_font(para)
        return para

    def append_text(self, paragraph, text: str, *, font: str = FANGSONG, size_pt: float = BODY_PT,
                    bold: bool = False):
        """Add a run to an existing paragraph (e.g. a 黑体 lead-in followed by 仿宋 text)."""
        return add_run(paragraph, _clean(text), font, size_pt, bold=bold)

    def add_numbered_paragraphs(self, items: Sequence[str], style: str = "1.") -> list:
        """Body paragraphs numbered as text: 1. / （1） / （一） / 一、, each with the 2-character indent."""
        if style not in NUMBER_STYLES:
            raise RenderError(f"不支持的序号样式：{style}（可用：{'、'.join(NUMBER_STYLES)}）")
        out = []
        for n, item in enumerate(items, start=1):
            label = {"1.": f"{n}.", "（1）": f"（{n}）", "（一）": f"（{chinese_number(n)}）",
                     "一、": f"{chinese_number(n)}、"}[style]
            out.append(self.add_paragraph(label + _clean(item).strip().replace("\n", "")))
        return out

    def add_heading1(self, text: str):
        """一级标题 (一、…): 黑体 三号, indented like the body."""
        return self._heading(text, HEITI, 0)

    def add_heading2(self, text: str):
        """二级标题 (（一）…): 楷体_GB2312 三号."""
        return self._heading(text, KAITI, 1)

    def _heading(self, text: str, font: str, level: int):
        para = self._new_paragraph()
        set_paragraph_format(para, align="justify", first_line_chars=2, keep_with_next=True)
        add_run(para, _clean(text).strip(), font, BODY_PT)
        set_outline_level(para, level)
        return para

    def add_blank_line(self):
        para = self._new_paragraph()
        set_paragraph_format(para)
        set_paragraph_mark_font(para)
        return para

    def add_page_break(self) -> None:
        """The next paragraph starts a new page (page-break-before, so no empty line opens the new page)."""
        self._break_pending = True

    def _flush_break(self) -> None:
        """Before a table, or at the end, the pending break has to be a paragraph of its own."""
        if self._break_pending:
            self._break_pending = False
            para = self.document.add_paragraph()
            set_paragraph_format(para)
            add_run(para, "", FANGSONG, BODY_PT).add_break(WD_BREAK.PAGE)

    def _new_paragraph(self):
        para = self.document.add_paragraph()
        if self._break_pending:
            self._break_pending = False
            para.paragraph_format.page_break_before = True
        return para

    # -- tables, notes, images -----------------------------------------------------------------------
    def add_table(self, header: Sequence[str], rows: Sequence[Sequence[object]], *, caption: str | None = None,
                  widths_mm: Sequence[float] | None = None, center_columns: Sequence[int] = ()):
        """Bordered table, 仿宋 四号 cells, 黑体 header row repeated on every page; optional caption above."""
        if caption:
            para = self._new_paragraph()
            set_paragraph_format(para, align="center", keep_with_next=True)
            add_run(para, _clean(caption).strip(), HEITI, BODY_PT)
        self._flush_break()
        return add_table(self.document, [_clean(h) for h in header],
                         [[None if v is None else _clean(v) for v in row] for row in rows],
                         widths_mm=widths_mm, center_columns=center_columns)

    def add_review_note(self, notes: str | Sequence[str], title: str = "审查提示"):
        """A shaded box with notes for the procurator (uncertain points, removed citations) — not for issuing."""
        lines = [notes] if isinstance(notes, str) else list(notes)
        lines = [_clean(n).strip() for n in lines if n and str(n).strip()]
        if not lines:
            raise RenderError("审查提示内容为空")
        self._flush_break()
        return add_note_box(self.document, lines, title=title)

    def add_image(self, image: str | Path | bytes, *, width_mm: float = 150, caption: str | None = None):
        """A picture (chart PNG/JPEG, path or bytes), centered, at most the 156 mm text width."""
        if isinstance(image, (bytes, bytearray)):
            source = io.BytesIO(bytes(image))
        else:
            path = Path(image)
            if not path.is_file():
                raise RenderError(f"图片文件不存在：{path}")
            source = str(path)
        para = self._new_paragraph()
        # Single spacing: a fixed 28.95 pt line would cut the picture down to one line's height.
        set_paragraph_format(para, align="center", line_pt=None, keep_with_next=bool(caption))
        run = add_run(para, "", FANGSONG, BODY_PT)
        try:
            run.add_picture(source, width=Mm(min(width_mm, TEXT_WIDTH_MM)))
        except Exception as exc:  # python-docx raises several types for unreadable images
            raise RenderError(f"无法插入图片（应为 PNG 或 JPEG）：{exc}") from None
        if caption:
            cap = self._new_paragraph()
            set_paragraph_format(cap, align="center")
            add_run(cap, _clean(caption).strip(), FANGSONG, 14)
        return para

    # -- closing -------------------------------------------------------------------------------------
    def add_attachments(self, names: Sequence[str]) -> list:
        """附件说明: a blank line, then 附件：1. … with later names aligned under the first; no end punctuation."""
        clean = [_clean(n).strip().rstrip(_TRAILING_PUNCT) for n in names if n and str(n).strip()]
        if not clean:
            return []
        self.add_blank_line()
        out = []
        lead = "附件："
        for n, name in enumerate(clean, start=1):
            label = f"{n}. " if len(clean) > 1 else ""
            hang = text_width_chars(label) + (text_width_chars(lead) if n == 1 else 0)
            para = self._new_paragraph()
            # Wrapped lines align with the attachment name (GB/T 9704-2012 §7.3.4).
            set_paragraph_format(para, align="justify", left_chars=2 + text_width_chars(lead + label),
                                 hanging_chars=hang)
            add_run(para, (lead if n == 1 else "") + label + name, FANGSONG, BODY_PT)
            out.append(para)
        return out

    def add_signature(self, date: _dt.date | str, organ: str | None = None, *, blank_lines: int = 2):
        """成文日期 right-aligned, 右空四字; an optional organ name centered above the date."""
        date_text = format_date(date)
        self._date_width = text_width_chars(date_text)
        for _ in range(blank_lines):
            self.add_blank_line()
        if organ:
            organ = _clean(organ).strip()
            para = self._new_paragraph()
            right = DATE_RIGHT_INDENT_CHARS + max(0.0, (self._date_width - text_width_chars(organ)) / 2)
            set_paragraph_format(para, align="right", right_chars=right)
            add_run(para, organ, FANGSONG, BODY_PT)
        para = self._new_paragraph()
        set_paragraph_format(para, align="right", right_chars=DATE_RIGHT_INDENT_CHARS)
        add_run(para, date_text, FANGSONG, BODY_PT)
        return para

    def add_seal_line(self, text: str = "（院印）"):
        """Where the seal goes, centered under the date so the seal covers both."""
        text = _clean(text).strip() or "（院印）"
        width = self._date_width or text_width_chars(text)
        para = self._new_paragraph()
        right = DATE_RIGHT_INDENT_CHARS + max(0.0, (width - text_width_chars(text)) / 2)
        set_paragraph_format(para, align="right", right_chars=right)
        add_run(para, text, FANGSONG, BODY_PT)
        return para

    # -- page numbers --------------------------------------------------------------------------------
    def _add_page_numbers(self) -> None:
        """"— 1 —" in 4号 宋体: odd pages right (空一字), even pages left (空一字), GB/T 9704-2012 §7.5."""
        self.document.settings.odd_and_even_pages_header_footer = True
        section = self.document.sections[0]
        self._page_number_paragraph(section.footer, "right")
        self._page_number_paragraph(section.even_page_footer, "left")

    @staticmethod
    def _page_number_paragraph(footer, side: str) -> None:
        footer.is_linked_to_previous = False
        para = footer.paragraphs[0]
        set_paragraph_format(para, align=side, line_pt=None, char_pt=PAGE_NUMBER_PT,
                             right_chars=1 if side == "right" else 0, left_chars=1 if side == "left" else 0)
        add_run(para, "— ", SONGTI, PAGE_NUMBER_PT)
        for kind in ("begin", None, "separate", "1", "end"):
            run = add_run(para, "", SONGTI, PAGE_NUMBER_PT)
            if kind is None:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = " PAGE "
                run._r.append(instr)
            elif kind == "1":
                run.text = "1"  # cached result, shown until the field is updated
            else:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)
        add_run(para, " —", SONGTI, PAGE_NUMBER_PT)

    # -- output --------------------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        path = Path(path)
        self._flush_break()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.document.save(str(path))
        except OSError as exc:
            raise RenderError(f"无法写入文书文件 {path}：{exc.strerror or exc}") from None
        return path

    def to_bytes(self) -> bytes:
        self._flush_break()
        buf = io.BytesIO()
        self.document.save(buf)
        return buf.getvalue()


__all__ = ["OfficialDocument", "chinese_number", "format_date", "normalize_document_number", "NUMBER_STYLES"]
