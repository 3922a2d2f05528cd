"""Versioned prompts from `prompts/{id}.v{N}.md`: YAML front matter (id, version, purpose, variables), then the system
text after `=== system ===` and the user template after `=== user ===`, with `{{name}}` placeholders.

    p = load_prompt("opinion_facts")                 # the highest version
    messages = p.render({"case_facts": ..., ...})    # [{"role": "system", ...}, {"role": "user", ...}]
    audit.prompt = p.ref                             # "opinion_facts.v1#3f2a9c1d0b7e" (version + content hash)

Placeholder values are data: `render` removes the `<<<` / `>>>` delimiter marks from them, so case text can never
close the data block it is put in and pose as instructions after it.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.errors import UserError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
_FILE = re.compile(r"^(?P<id>[a-z0-9_]+)\.v(?P<version>\d+)\.md$")
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_MARKS = re.compile(r"<{3,}|>{3,}")


class PromptError(UserError):
    code = "prompt_error"


@dataclass(frozen=True)
class Prompt:
    id: str
    version: int
    purpose: str
    system: str
    user_template: str
    variables: tuple[str, ...]
    sha: str
    path: Path

    @property
    def ref(self) -> str:
        """What the audit log records: id, version and the hash of the file (catches edits without a version bump)."""
        return f"{self.id}.v{self.version}#{self.sha}"

    def render(self, variables: dict[str, object]) -> list[dict]:
        missing = [v for v in self.variables if v not in variables]
        if missing:
            raise PromptError(f"提示词 {self.id}.v{self.version} 缺少变量：{'、'.join(missing)}")

        def fill(m: re.Match) -> str:
            return _MARKS.sub("", _as_text(variables[m.group(1)]))

        return [{"role": "system", "content": self.system},
                {"role": "user", "content": _PLACEHOLDER.sub(fill, self.user_template)}]


def _as_text(value: object) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) or "（无）"
    text = str(value).strip()
    return text or "（无）"


def available(prompts_dir: Path | None = None) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for f in sorted(Path(prompts_dir or PROMPTS_DIR).glob("*.md")):
        m = _FILE.match(f.name)
        if m:
            out.setdefault(m.group("id"), []).append(int(m.group("version")))
    return {k: sorted(v) for k, v in out.items()}


def load_prompt(prompt_id: str, version: int | None = None, prompts_dir: Path | None = None) -> Prompt:
    """The prompt `prompt_id` at `version` (default: the highest version present)."""
    directory = Path(prompts_dir or PROMPTS_DIR)
    versions = available(directory).get(prompt_id)
    if not versions:
        known = "、".join(available(directory)) or "（无）"
        raise PromptError(f"找不到提示词“{prompt_id}”；可用：{known}")
    v = versions[-1] if version is None else int(version)
    if v not in versions:
        raise PromptError(f"提示词“{prompt_id}”没有第 {v} 版；已有：{'、'.join(f'v{x}' for x in versions)}")
    return _parse(directory / f"{prompt_id}.v{v}.md")


@lru_cache(maxsize=64)
def _parse_cached(path: Path, mtime_ns: int) -> Prompt:
    raw = path.read_text(encoding="utf-8")
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", raw, re.S)
    if not m:
        raise PromptError(f"提示词文件 {path.name} 缺少开头的 --- 元数据块")
    meta = yaml.safe_load(m.group(1)) or {}
    body = m.group(2)
    parts = re.split(r"^=== (system|user) ===\s*$", body, flags=re.M)
    sections = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if set(sections) != {"system", "user"}:
        raise PromptError(f"提示词文件 {path.name} 须含 “=== system ===” 与 “=== user ===” 两段")
    fm = _FILE.match(path.name)
    if str(meta.get("id")) != fm.group("id") or int(meta.get("version", -1)) != int(fm.group("version")):
        raise PromptError(f"提示词文件 {path.name} 的 id/version 与文件名不一致")
    used = tuple(dict.fromkeys(_PLACEHOLDER.findall(sections["user"])))
    declared = tuple(meta.get("variables") or ())
    if set(used) != set(declared):
        raise PromptError(f"提示词文件 {path.name} 声明的变量 {declared} 与模板中使用的 {used} 不一致")
    if _PLACEHOLDER.search(sections["system"]):
        raise PromptError(f"提示词文件 {path.name} 的 system 段不应含变量（数据只放在 user 段的数据块里）")
    return Prompt(id=fm.group("id"), version=int(fm.group("version")), purpose=str(meta.get("purpose", "")),
                  system=sections["system"], user_template=sections["user"], variables=declared,
                  sha=hashlib.sha256(raw.encode()).hexdigest()[:12], path=path)


def _parse(path: Path) -> Prompt:
    return _parse_cached(path, path.stat().st_mtime_ns)
