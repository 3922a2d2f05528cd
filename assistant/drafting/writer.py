"""Write an `OpinionLetter` or an `EvidenceChecklist` as a GB/T 9704 DOCX (assistant.render does the layout)."""
from __future__ import annotations

from assistant.render import OfficialDocument
from assistant.render.styles import SIZES_PT
from assistant.render.tables import add_table

from .model import EvidenceChecklist, OpinionLetter

CHECKLIST_HEADER = ["要件", "应有证据", "已有证据", "缺口", "补充方式", "转化方式", "依据"]
CHECKLIST_WIDTHS = [13, 40, 34, 18, 26, 15, 10]
MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def letter_docx(letter: OpinionLetter) -> bytes:
    doc = OfficialDocument(author=letter.organ)
    doc.add_header_block(letter.organ, letter.title, letter.number)
    doc.add_addressee(letter.addressee)
    paragraphs = [p for section in letter.body_sections() for p in section.paragraphs]
    for para in paragraphs[:-1]:
        doc.add_paragraph(para)
    closing_from = len(doc.document.paragraphs)
    doc.add_paragraph(paragraphs[-1])
    if letter.attachments:
        doc.add_attachments(letter.attachments)
    doc.add_signature(letter.date)
    doc.add_seal_line(letter.seal_line)
    # the date and seal never stand on a page of their own: the last body paragraph goes with them
    for para in doc.document.paragraphs[closing_from:-1]:
        para.paragraph_format.keep_with_next = True
    if letter.review_notes:
        doc.add_blank_line()
        doc.add_review_note(_numbered(letter.review_notes), title="审查提示（供检察官审核，制发前删除）")
    return doc.to_bytes()


def checklist_docx(checklist: EvidenceChecklist) -> bytes:
    doc = OfficialDocument(author=checklist.organ)
    doc.add_organ_name(checklist.organ)
    doc.add_title(checklist.title)
    doc.add_blank_line()
    doc.add_paragraph(checklist.case_line)
    doc.add_heading1("一、" + checklist.requirements.heading)
    doc.add_numbered_paragraphs(checklist.requirements.paragraphs, style="（一）")
    doc.add_heading1("二、各要件的证据情况")
    legend = _legend(checklist)
    rows = [[r.element, _lines(r.required), _lines(r.present) or "无", r.gap or "无", r.how_to_fill or "—",
             r.conversion, "".join(legend[p][0] for p in r.provisions)] for r in checklist.rows]
    # 五号 in the table: seven columns in the 156 mm 版心 leave about three characters per column at 四号
    # rows may break across pages (the header row repeats): a tall element row kept whole left half pages empty
    add_table(doc.document, CHECKLIST_HEADER, rows, widths_mm=CHECKLIST_WIDTHS, size_pt=SIZES_PT["五号"],
              center_columns=(0, 6))
    if legend:
        doc.add_paragraph("依据：" + "；".join(mark + name for mark, name in legend.values()) + "。")
    doc.add_blank_line()
    doc.add_heading1("三、" + checklist.conversion_note.heading)
    for para in checklist.conversion_note.paragraphs:
        doc.add_paragraph(para)
    doc.add_signature(checklist.date)
    if checklist.review_notes:
        doc.add_blank_line()
        doc.add_review_note(_numbered(checklist.review_notes), title="审查提示（供检察官审核）")
    return doc.to_bytes()


def _legend(checklist: EvidenceChecklist) -> dict[str, tuple[str, str]]:
    """Provision ID → (①, its official name), in order of first use: the 依据 column holds the marks, the names
    are written out once under the table (a full name in a 10 mm column would run to eight lines)."""
    out: dict[str, tuple[str, str]] = {}
    for r in checklist.rows:
        for pid, name in zip(r.provisions, r.provision_names):
            if pid not in out:
                n = len(out)
                out[pid] = (MARKS[n] if n < len(MARKS) else f"[{n + 1}]", name)
    return out


def _lines(items: list[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{i}. {x}" for i, x in enumerate(items, 1))


def _numbered(notes: list[str]) -> list[str]:
    return [f"{i}. {n}" for i, n in enumerate(notes, 1)]
