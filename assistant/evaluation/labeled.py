"""Labeled cases (eval/cases/{dev,test}.jsonl) → (Case, gold) pairs."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.intake import case_from_dict
from assistant.intake.case import Case
from assistant.settings import REPO_ROOT

CASES_DIR = REPO_ROOT / "eval" / "cases"


@dataclass
class LabeledCase:
    id: str
    split: str
    style: str
    facts: str
    gold: dict[str, Any]
    record: dict[str, Any]

    def to_case(self) -> Case:
        data = {**(self.record.get("case") or {}), "id": self.id, "facts": self.facts}
        return case_from_dict(data)


def load_labeled(split: str = "dev", cases_dir: Path | None = None) -> list[LabeledCase]:
    d = Path(cases_dir or CASES_DIR)
    files = [d / f"{s}.jsonl" for s in (["dev", "test"] if split == "all" else [split])]
    out: list[LabeledCase] = []
    for f in files:
        if not f.is_file():
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out.append(LabeledCase(r["id"], f.stem, r.get("style", ""), r.get("facts", ""), r.get("gold", {}), r))
    return out
