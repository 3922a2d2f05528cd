"""Labeled cases (eval/cases/{dev,test}.jsonl) → (Case, gold) pairs."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import UserError
from assistant.intake import case_from_dict
from assistant.intake.case import Case
from assistant.settings import REPO_ROOT

CASES_DIR = REPO_ROOT / "eval" / "cases"
SPLITS = ("dev", "test", "all")


class LabeledDataError(UserError):
    """A labeled-case file that cannot be read; the message names the file and line (Chinese)."""


@dataclass
class LabeledCase:
    id: str
    split: str
    style: str
    facts: str
    gold: dict[str, Any]
    record: dict[str, Any]

    @property
    def positive(self) -> bool:
        """The case belongs to a charge of the review index (gold charge set); negatives have none."""
        return bool(self.gold.get("charge"))

    def to_case(self) -> Case:
        data = {**(self.record.get("case") or {}), "id": self.id, "facts": self.facts}
        if isinstance(data.get("evidence"), list):
            # some labeled lines list evidence by name only; Case wants {"name": …} records
            data["evidence"] = [{"name": e} if isinstance(e, str) else e for e in data["evidence"]]
        return case_from_dict(data)


def read_jsonl(path: Path, label: str) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line; a line that is not a JSON object is a Chinese error naming
    `label` and the line."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabeledDataError(f"{label} 第 {n} 行不是有效的 JSON：{exc.msg}") from None
        if not isinstance(obj, dict):
            raise LabeledDataError(f"{label} 第 {n} 行应为一个 JSON 对象")
        out.append((n, obj))
    return out


def load_labeled(split: str = "dev", cases_dir: Path | None = None) -> list[LabeledCase]:
    """The labeled cases of `split` (dev, test or all); a missing split file yields no cases, a malformed line a
    Chinese `LabeledDataError` naming the file and line."""
    if split not in SPLITS:
        raise LabeledDataError(f"未知的评测集“{split}”，应为 dev / test / all 之一")
    d = Path(cases_dir or CASES_DIR)
    files = [d / f"{s}.jsonl" for s in (["dev", "test"] if split == "all" else [split])]
    out: list[LabeledCase] = []
    for f in files:
        if not f.is_file():
            continue
        for n, r in read_jsonl(f, f.name):
            if not r.get("id") or not isinstance(r.get("gold", {}), dict):
                raise LabeledDataError(f"{f.name} 第 {n} 行缺少 id 或 gold 不是对象")
            out.append(LabeledCase(r["id"], f.stem, r.get("style", ""), r.get("facts", ""), r.get("gold") or {}, r))
    return out
