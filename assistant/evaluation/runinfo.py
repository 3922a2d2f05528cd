"""What an evaluation run was measured with: settings fingerprint, backend and model, prompt versions, review-index
hash, index identity, git commit. Recorded in the JSON output so two runs can be told apart and compared."""
from __future__ import annotations

import hashlib
import platform
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.settings import REPO_ROOT


def git_commit(root: Path = REPO_ROOT) -> dict[str, Any] | None:
    """{"commit": sha, "dirty": bool} or None where git or the repository is not available."""
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        if sha.returncode != 0:
            return None
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": sha.stdout.strip(), "dirty": bool(status.stdout.strip()) if status.returncode == 0 else None}


def prompt_versions() -> dict[str, str]:
    """Every prompt in prompts/ at its highest version: id → "id.vN#hash" (the reference the audit log records)."""
    try:
        from assistant.llm.prompts import available, load_prompt
    except ImportError:
        return {}
    out = {}
    for pid in available():
        try:
            out[pid] = load_prompt(pid).ref
        except Exception as exc:  # noqa: BLE001 - a broken prompt file is recorded, not fatal to the measurement
            out[pid] = f"无法读取：{exc}"
    return out


def tree_hash(directory: Path) -> str | None:
    """Content hash of the files under `directory` (names and bytes), e.g. the review index."""
    if not directory.is_dir():
        return None
    h = hashlib.sha256()
    for f in sorted(p for p in directory.rglob("*") if p.is_file()):
        h.update(f.relative_to(directory).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def model_of(settings, backend: str) -> str:
    if backend == "offline":
        return "offline（不调用模型）"
    return f"{settings.openai_model} @ {settings.openai_base_url or '未设置地址'}"


def run_info(settings, backend: str, split: str, cases_dir: Path | None, parts: list[str]) -> dict[str, Any]:
    return {
        "started_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "parts": parts,
        "split": split,
        "cases_dir": str(cases_dir) if cases_dir else None,
        "backend": backend,
        "model": model_of(settings, backend),
        "settings_fingerprint": settings.fingerprint(),
        "prompts": prompt_versions(),
        "review_index": tree_hash(settings.guides_dir / "review_index"),
        "git": git_commit(),
        "python": platform.python_version(),
    }
