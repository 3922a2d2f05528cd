"""The audit log: every generated document, in the local SQLite database (settings.db_path).

A draft is a draft: the procurator decides. What the system must be able to say afterwards is what it generated, for
whom, from which input, on which sources, with which model and prompt — so each row holds: when, who, the input
case's hash, the review summary, the cited provision IDs with their verification status, backend, model, prompt
versions, the settings fingerprint, the output path and its sha256. ID-card and mobile numbers are masked
(`mask_pii`) in everything stored, so the log itself never becomes a copy of the case file's personal data.

    from assistant.audit import AuditLog
    log = AuditLog(settings.db_path)
    row_id = log.record(AuditEntry(...))
    log.list(limit=20); log.get(row_id)
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from assistant.errors import NotFoundError, UserError
from assistant.intake.text import mask_pii

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    user TEXT NOT NULL,
    kind TEXT NOT NULL,
    direction TEXT,
    document_number TEXT,
    case_id TEXT,
    case_hash TEXT NOT NULL,
    review_summary TEXT,
    citations TEXT NOT NULL,
    backend TEXT NOT NULL,
    model TEXT,
    prompt_versions TEXT NOT NULL,
    settings_fingerprint TEXT NOT NULL,
    output_path TEXT,
    output_sha256 TEXT NOT NULL,
    warnings TEXT NOT NULL
)
"""
_NOT_MASKED = {"case_hash", "output_sha256", "settings_fingerprint", "created_at", "id"}
KIND_CN = {"opinion": "检察意见书", "checklist": "证据缺口清单"}


@dataclass
class AuditEntry:
    user: str
    kind: str                               # opinion | checklist
    case_hash: str
    output_sha256: str
    backend: str
    settings_fingerprint: str
    citations: list[dict] = field(default_factory=list)    # {id, status, name, quote?, source_status}
    prompt_versions: dict[str, str] = field(default_factory=dict)
    model: str | None = None
    direction: str | None = None
    document_number: str | None = None
    case_id: str | None = None
    review_summary: str | None = None
    output_path: str | None = None
    warnings: list[str] = field(default_factory=list)
    created_at: str = ""
    id: int | None = None


def case_hash(case) -> str:
    """sha256 of the case as the review saw it (canonical JSON of the Case), so the same input hashes the same."""
    data = case.model_dump_json() if hasattr(case, "model_dump_json") else json.dumps(case, sort_keys=True,
                                                                                         ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _mask(value):
    """mask_pii through strings, lists and dicts (citations quote case-free law text, but warnings may not)."""
    if isinstance(value, str):
        return mask_pii(value)
    if isinstance(value, list):
        return [_mask(v) for v in value]
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    return value


class AuditLog:
    def __init__(self, db_path: str | Path):
        self.db_path = Path(db_path)

    def _connect(self) -> sqlite3.Connection:
        from assistant.drafting.numbering import connect

        conn = connect(self.db_path)
        conn.execute(_SCHEMA)
        conn.row_factory = sqlite3.Row
        return conn

    def record(self, entry: AuditEntry) -> int:
        # hashes are hex: a run like "a13812345678b" would look like a mobile number to mask_pii
        e = AuditEntry(**{k: (v if k in _NOT_MASKED else _mask(v)) for k, v in asdict(entry).items()})
        e.created_at = e.created_at or datetime.now().astimezone().isoformat(timespec="seconds")
        row = (e.created_at, e.user, e.kind, e.direction, e.document_number, e.case_id, e.case_hash,
               e.review_summary, json.dumps(e.citations, ensure_ascii=False), e.backend, e.model,
               json.dumps(e.prompt_versions, ensure_ascii=False), e.settings_fingerprint, e.output_path,
               e.output_sha256, json.dumps(e.warnings, ensure_ascii=False))
        try:
            with closing(self._connect()) as conn:
                cur = conn.execute(
                    "INSERT INTO audit_log (created_at, user, kind, direction, document_number, case_id, case_hash, "
                    "review_summary, citations, backend, model, prompt_versions, settings_fingerprint, output_path, "
                    "output_sha256, warnings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
                return int(cur.lastrowid)
        except sqlite3.Error as exc:
            raise UserError(f"无法写入审计日志（{self.db_path}）：{exc}") from None

    def _entry(self, r: sqlite3.Row) -> AuditEntry:
        d = dict(r)
        for k in ("citations", "prompt_versions", "warnings"):
            d[k] = json.loads(d[k]) if d[k] else ([] if k != "prompt_versions" else {})
        return AuditEntry(**d)

    def list(self, limit: int = 20) -> list[AuditEntry]:
        if not self.db_path.exists():
            return []
        try:
            with closing(self._connect()) as conn:
                rows = conn.execute("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (int(limit),)).fetchall()
        except sqlite3.Error as exc:
            raise UserError(f"无法读取审计日志（{self.db_path}）：{exc}") from None
        return [self._entry(r) for r in rows]

    def get(self, entry_id: int) -> AuditEntry:
        try:
            with closing(self._connect()) as conn:
                r = conn.execute("SELECT * FROM audit_log WHERE id = ?", (int(entry_id),)).fetchone()
        except sqlite3.Error as exc:
            raise UserError(f"无法读取审计日志（{self.db_path}）：{exc}") from None
        if r is None:
            raise NotFoundError(f"审计日志中没有编号为 {entry_id} 的记录（用 xianjie audit list 查看）")
        return self._entry(r)


def format_entry(e: AuditEntry) -> str:
    """The Chinese view of one row (`xianjie audit show`)."""
    lines = [f"审计记录 #{e.id}  {e.created_at}",
             f"文书：{KIND_CN.get(e.kind, e.kind)}" + (f"（{e.document_number}）" if e.document_number else "")
             + (f"；方向：{e.direction}" if e.direction else ""),
             f"使用者：{e.user}",
             f"案件：{e.case_id or '—'}；输入哈希 sha256:{e.case_hash}",
             f"生成方式：{e.backend}" + (f"；模型：{e.model}" if e.model else "")
             + (f"；提示词：{'、'.join(e.prompt_versions.values())}" if e.prompt_versions else ""),
             f"设置指纹：{e.settings_fingerprint}",
             f"输出：{e.output_path or '（未写入文件：网页下载）'}；sha256:{e.output_sha256}",
             "", "所引条文："]
    for c in e.citations:
        extra = "" if c.get("source_status", "full_text") == "full_text" else f"（{c['source_status']}）"
        lines.append(f"  [{c.get('status')}] {c.get('id')}  {c.get('name', '')}{extra}")
    if e.warnings:
        lines += ["", "提示："] + [f"  ! {w}" for w in e.warnings]
    if e.review_summary:
        lines += ["", "审查摘要：", e.review_summary]
    return "\n".join(lines)
