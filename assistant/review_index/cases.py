"""Typical cases (典型案例) beside the review index: corpus/guides/cases/<id>.yaml, one illustrative case per file.

The cases are written by the project as illustrations; each file must say so (illustrative: true and the disclaimer),
so that nothing downstream presents them as real decisions. IDs are cited as 案例#<id>.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ReviewIndexError, from_validation, read_yaml

CASE_PREFIX = "案例#"
DISCLAIMER = "本案例为示例性编写，非真实案件"


class TypicalCase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="file stem, e.g. 侵知-001; cited as 案例#侵知-001")
    title: str
    illustrative: Literal[True] = Field(description="always true: the project's cases are illustrations, never real")
    disclaimer: str
    charge: str = Field(description="official charge name without 罪, as in the review index")
    direction: Literal["正向衔接", "反向衔接"] | None = Field(default=None, description="optional: which way the case moved")
    facts: str
    handling: str = Field(description="how the case moved between agency, police and procuratorate, and the outcome")
    points: list[str] = Field(description="审查要点 the case illustrates")
    provisions: list[str] = Field(description="provision IDs the case relies on")

    @field_validator("disclaimer")
    @classmethod
    def _says_illustrative(cls, v: str) -> str:
        if DISCLAIMER not in v:
            raise ValueError(f"须包含声明“{DISCLAIMER}”")
        return v

    @property
    def cite_id(self) -> str:
        return CASE_PREFIX + self.id


def load_cases(root: Path) -> dict[str, TypicalCase]:
    """All cases under root keyed by cite ID (案例#…); a malformed file raises ReviewIndexError."""
    out: dict[str, TypicalCase] = {}
    if not root.is_dir():
        return out
    for path in sorted(root.glob("*.yaml")):
        raw = read_yaml(path, "典型案例")
        if not isinstance(raw, dict):
            raise ReviewIndexError(f"典型案例文件 {path.name} 应为键值结构（id、title、facts …）")
        try:
            case = TypicalCase.model_validate(raw)
        except ValidationError as exc:
            raise from_validation(path, exc, "典型案例") from None
        if case.id != path.stem:
            raise ReviewIndexError(f"典型案例文件 {path.name}：字段 id 为“{case.id}”，应与文件名“{path.stem}”一致")
        out[case.cite_id] = case
    return out
