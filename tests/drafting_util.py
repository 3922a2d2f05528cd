"""Shared helpers for the drafting tests: read a generated DOCX back the way a reader sees it."""
from __future__ import annotations

import io
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "eval" / "samples"
DUI = SAMPLES / "不起诉决定书_危险驾驶.txt"
TRADEMARK = SAMPLES / "不起诉决定书_销售假冒注册商标的商品.txt"
FORWARD = SAMPLES / "行政处罚决定书_销售假冒注册商标的商品.txt"


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def body_paragraphs(data: bytes) -> list[str]:
    """Paragraph texts outside tables, in order (the issued text; the 审查提示 box is a table)."""
    return [p.text for p in open_docx(data).paragraphs if p.text.strip()]


def tables(data: bytes) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in t.rows] for t in open_docx(data).tables]


def note_box(data: bytes) -> str:
    """Text of the 审查提示 box ('' if there is none)."""
    for t in tables(data):
        if len(t) == 1 and len(t[0]) == 1 and t[0][0].startswith("审查提示"):
            return t[0][0]
    return ""


def issued_text(data: bytes) -> str:
    """Everything except the 审查提示 box: body paragraphs and the cells of the other tables."""
    parts = body_paragraphs(data)
    for t in tables(data):
        if len(t) == 1 and len(t[0]) == 1 and t[0][0].startswith("审查提示"):
            continue
        parts += [cell for row in t for cell in row]
    return "\n".join(parts)
