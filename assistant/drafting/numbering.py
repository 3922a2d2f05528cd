"""Document numbers `{院简称}检{部门简称}意〔{年}〕{序号}号`, with the sequence kept per year in the local SQLite db.

The increment is one `BEGIN IMMEDIATE` transaction: SQLite takes the write lock before reading the current value, so
two drafts made at the same moment — two threads of the web app, or the CLI beside the web app — never get the
same number. A number once handed out is not reused, even if the procurator discards the draft (as with a paper
register, a gap is harmless; a duplicate is not).
"""
from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from assistant.errors import UserError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS document_sequence (
    kind TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
)
"""


def connect(db_path: Path) -> sqlite3.Connection:
    """A connection that waits for a busy database instead of failing at once (another process may hold it)."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(db_path), timeout=30, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise UserError(f"无法打开本地数据库 {db_path}：{exc}") from None
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def next_sequence(db_path: Path, year: int, kind: str = "意") -> int:
    """The next number of `kind` in `year` (1, 2, 3 …), committed before it is returned."""
    with closing(connect(db_path)) as conn:
        try:
            conn.execute(_SCHEMA)
            conn.execute("BEGIN IMMEDIATE")
            row = conn.execute("SELECT last FROM document_sequence WHERE kind = ? AND year = ?", (kind, year)).fetchone()
            seq = (row[0] if row else 0) + 1
            conn.execute("INSERT INTO document_sequence (kind, year, last) VALUES (?, ?, ?) "
                         "ON CONFLICT(kind, year) DO UPDATE SET last = excluded.last", (kind, year, seq))
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise UserError(f"无法分配文号（本地数据库 {db_path}）：{exc}") from None
    return seq


def format_number(court_short: str, department_short: str, year: int, seq: int) -> str:
    """某区检行意〔2026〕3号 — the 检察意见书 number pattern; the year in 六角括号 as GB/T 9704 requires."""
    if not court_short.strip() or not department_short.strip():
        raise UserError("文号需要院简称和部门简称：请设置 XIANJIE_PROCURATORATE_SHORT 与 XIANJIE_DEPARTMENT_SHORT")
    return f"{court_short.strip()}检{department_short.strip()}意〔{year}〕{seq}号"


def allocate_number(settings, year: int) -> str:
    """Allocate the next 检察意见书 number of `year` for the configured procuratorate and department."""
    seq = next_sequence(Path(settings.db_path), year, "意")
    return format_number(settings.procuratorate_short, settings.department_short, year, seq)
