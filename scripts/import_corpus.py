"""Copy the official statute texts from ../shared/corpus-src into corpus/statutes/, byte for byte.

The project must work from its own clone (where ../shared does not exist), so the texts are committed in
corpus/statutes/. This script is the only way they get there: it never edits the wording, it copies bytes.

    .venv/bin/python scripts/import_corpus.py            # copy new/changed files, print what changed
    .venv/bin/python scripts/import_corpus.py --check    # only verify sha256 equality with the source
"""
from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "corpus-src"
TARGET = REPO / "corpus" / "statutes"
FOLDERS = ("laws", "regulations", "interpretations", "normative")
EXCERPT_FILES = ("excerpts.jsonl", "README.md")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_files(source: Path) -> list[Path]:
    """Relative paths (to `source`) of every file that belongs in corpus/statutes/."""
    rel: list[Path] = []
    for folder in FOLDERS:
        rel.extend(sorted(p.relative_to(source) for p in (source / folder).glob("*.md")))
    for name in EXCERPT_FILES:
        if (source / "excerpts" / name).is_file():
            rel.append(Path("excerpts") / name)
    return rel


def check(source: Path, target: Path) -> list[str]:
    """Problems found: missing or differing copies, and copies whose source is gone."""
    problems: list[str] = []
    wanted = set(source_files(source))
    for rel in sorted(wanted):
        dst = target / rel
        if not dst.is_file():
            problems.append(f"缺少副本：{rel}")
        elif _sha256(dst) != _sha256(source / rel):
            problems.append(f"内容与来源不一致（sha256）：{rel}")
    for folder in (*FOLDERS, "excerpts"):
        for dst in sorted((target / folder).glob("*")):
            rel = dst.relative_to(target)
            if dst.is_file() and rel not in wanted:
                problems.append(f"来源中没有此文件：{rel}")
    return problems


def copy(source: Path, target: Path) -> list[str]:
    """Copy new or changed files; return one line per change (empty when already up to date)."""
    changes: list[str] = []
    for rel in source_files(source):
        src, dst = source / rel, target / rel
        if dst.is_file() and _sha256(dst) == _sha256(src):
            continue
        changes.append(f"{'更新' if dst.exists() else '新增'}：{rel}")
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把 corpus-src 中的法律文本逐字节复制到 corpus/statutes/")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="来源目录（默认 ../shared/corpus-src）")
    parser.add_argument("--target", type=Path, default=TARGET, help="目标目录（默认 corpus/statutes）")
    parser.add_argument("--check", action="store_true", help="只核对 sha256，不复制")
    args = parser.parse_args(argv)

    if not args.source.is_dir():
        if args.check:
            print(f"来源目录不存在，跳过核对：{args.source}")
            return 0
        print(f"错误：来源目录不存在：{args.source}", file=sys.stderr)
        return 2

    if args.check:
        problems = check(args.source, args.target)
        for line in problems:
            print(line)
        n = len(source_files(args.source))
        print(f"核对 {n} 个文件：{'全部一致' if not problems else f'{len(problems)} 处问题'}")
        return 1 if problems else 0

    changes = copy(args.source, args.target)
    for line in changes:
        print(line)
    print(f"共 {len(changes)} 个文件有变化" if changes else "已是最新，无变化")
    leftovers = [p for p in check(args.source, args.target) if p.startswith("来源中没有")]
    for line in leftovers:
        print(f"注意：{line}（未删除，请人工确认）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
