"""scripts/import_corpus.py copies byte for byte, is idempotent and detects drift."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "import_corpus.py"
spec = importlib.util.spec_from_file_location("import_corpus", SCRIPT)
import_corpus = importlib.util.module_from_spec(spec)
spec.loader.exec_module(import_corpus)


def _source(tmp_path: Path) -> Path:
    src = tmp_path / "corpus-src"
    for folder in ("laws", "regulations", "interpretations", "normative", "excerpts"):
        (src / folder).mkdir(parents=True)
    # wording with U+3000, CRLF and a trailing space must survive untouched
    (src / "laws" / "中华人民共和国示例法.md").write_bytes("# 示例法\r\n第一条　本法。 \r\n".encode("utf-8"))
    (src / "excerpts" / "excerpts.jsonl").write_text('{"id": "gui-01", "text": "摘录"}\n', encoding="utf-8")
    (src / "excerpts" / "README.md").write_text("# excerpts\n", encoding="utf-8")
    (src / "laws" / "notes.txt").write_text("not a statute", encoding="utf-8")
    return src


def test_copy_is_byte_for_byte_and_idempotent(tmp_path, capsys):
    src, dst = _source(tmp_path), tmp_path / "statutes"
    assert import_corpus.main(["--source", str(src), "--target", str(dst)]) == 0
    assert "共 3 个文件有变化" in capsys.readouterr().out
    copied = dst / "laws" / "中华人民共和国示例法.md"
    assert copied.read_bytes() == (src / "laws" / "中华人民共和国示例法.md").read_bytes()
    assert not (dst / "laws" / "notes.txt").exists()
    assert import_corpus.main(["--source", str(src), "--target", str(dst)]) == 0
    assert "已是最新，无变化" in capsys.readouterr().out
    assert import_corpus.main(["--source", str(src), "--target", str(dst), "--check"]) == 0


def test_check_reports_edited_and_extra_files(tmp_path, capsys):
    src, dst = _source(tmp_path), tmp_path / "statutes"
    import_corpus.main(["--source", str(src), "--target", str(dst)])
    (dst / "laws" / "中华人民共和国示例法.md").write_bytes("# 示例法\n第一条 本法。\n".encode("utf-8"))
    (dst / "laws" / "多余.md").write_text("x", encoding="utf-8")
    capsys.readouterr()
    assert import_corpus.main(["--source", str(src), "--target", str(dst), "--check"]) == 1
    out = capsys.readouterr().out
    assert "内容与来源不一致" in out and "来源中没有此文件：laws/多余.md" in out
    # a re-import restores the official bytes
    import_corpus.main(["--source", str(src), "--target", str(dst)])
    assert "更新：laws/中华人民共和国示例法.md" in capsys.readouterr().out


def test_missing_source_is_a_clear_message_not_a_traceback(tmp_path, capsys):
    assert import_corpus.main(["--source", str(tmp_path / "nope"), "--target", str(tmp_path / "t")]) == 2
    assert "来源目录不存在" in capsys.readouterr().err
    assert import_corpus.main(["--source", str(tmp_path / "nope"), "--check"]) == 0


def test_committed_corpus_matches_the_shared_source_when_present():
    if not import_corpus.DEFAULT_SOURCE.is_dir():
        pytest.skip("../shared/corpus-src 不存在（独立克隆），无可比对的来源")
    assert import_corpus.check(import_corpus.DEFAULT_SOURCE, import_corpus.TARGET) == []
