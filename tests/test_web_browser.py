"""The real page in headless Chromium (Debian's /usr/bin/chromium driven by Playwright through its executable path; no
browser download): ask the issue's question, see the answer stream in with citation chips, open one, upload a case,
click the one-click drafts and receive DOCX files. Screenshots: docs/screenshots/chat_panel.png and case_tab.png are
written when missing or with XIANJIE_UPDATE_SCREENSHOTS=1 (otherwise to the test's temporary directory, so that a
test run does not modify tracked files with anti-aliasing noise)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from web_fixtures import DRUNK_CASE, ROOT, LiveServer, make_app, web_retriever  # noqa: F401

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=zh-CN"]
SHOTS = ROOT / "docs" / "screenshots"


def shot(page, name: str, tmp_path: Path) -> None:
    target = SHOTS / name
    if target.exists() and os.environ.get("XIANJIE_UPDATE_SCREENSHOTS") != "1":
        target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    assert target.stat().st_size > 10_000
QUESTION = "醉驾不起诉后应当移送哪个部门？依据是什么？"

# Counts the updates of the answer bubble while it streams (a one-shot answer would be one update).
WATCH = """() => { window.__updates = 0; new MutationObserver(rs => { window.__updates += rs.length; })
  .observe(document.querySelector('#messages'), {subtree: true, childList: true, characterData: true}); }"""


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip("未安装 Debian 的 chromium（/usr/bin/chromium），浏览器测试跳过；scripts/setup_system.sh 会安装它")
    sync_api = pytest.importorskip("playwright.sync_api", reason="未安装 playwright（pip install -e '.[test]'）")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, tmp_path, web_retriever):
    with LiveServer(make_app(tmp_path, web_retriever)) as server:
        ctx = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True, locale="zh-CN")
        pg = ctx.new_page()
        problems: list[str] = []
        pg.on("pageerror", lambda e: problems.append(f"页面脚本错误：{e}"))
        # "Failed to load resource" is the browser noting an HTTP error status the page handles (a refused upload)
        pg.on("console", lambda m: problems.append(f"控制台：{m.text}")
              if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        pg.on("request", lambda r: problems.append(f"外部请求：{r.url}")
              if not r.url.startswith((server.url, "data:", "blob:")) else None)
        pg.goto(server.url + "/")
        yield pg
        ctx.close()
        assert problems == []


def docx_text(path: str | Path) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_chat_panel_streams_an_answer_with_citation_chips(page, tmp_path):
    assert page.title() == "行刑双向衔接助手"
    page.evaluate(WATCH)
    page.fill("#question", QUESTION)
    page.press("#question", "Enter")
    chip = page.wait_for_selector(".msg.bot .cites .chip >> text=《中华人民共和国刑事诉讼法》第一百七十七条第三款")
    assert page.evaluate("window.__updates") > 10                  # it came in pieces, not all at once
    answer = page.inner_text(".msg.bot .bubble")
    assert "公安机关交通管理部门" in answer and "移送有关主管机关处理" in answer
    assert page.locator(".msg.bot .bubble .chip[data-id='刑事诉讼法#177.3']").count() >= 2   # inline and in the list

    chip.click()
    page.wait_for_selector("#side:not([hidden]) .side-body p")
    assert page.inner_text("#side-title") == "《中华人民共和国刑事诉讼法》第一百七十七条第三款"
    side = page.inner_text("#side-body")
    assert "移送有关主管机关处理" in side and "版本：" in side and "起施行" in side and "现行有效" in side
    box = page.locator("#side").bounding_box()
    assert box["x"] + box["width"] <= 1366 and box["height"] <= 768        # fits the office screen
    page.evaluate("document.querySelector('#messages').scrollTop = 0")     # the question at the top of the shot
    shot(page, "chat_panel.png", tmp_path)
    page.keyboard.press("Escape")
    assert page.locator("#side").is_hidden()


def test_case_upload_review_and_one_click_drafts(page, tmp_path):
    page.click("#tab-case")
    page.set_input_files("#case-file", str(DRUNK_CASE))
    page.wait_for_selector("#draft-opinion")
    review = page.inner_text("#review-out")
    for words in ["危险驾驶罪", "已达立案追诉标准", "公安机关交通管理部门", "“醉酒驾驶机动车的”", "证据审查", "期限"]:
        assert words in review, words
    assert "当前案件" in page.inner_text("#case-badge")
    assert "血液中乙醇含量为118mg/100ml" in page.input_value("#facts")      # the text read from the file
    shot(page, "case_tab.png", tmp_path)

    with page.expect_download() as dl:
        page.click("#draft-opinion")
    opinion = tmp_path / dl.value.suggested_filename
    dl.value.save_as(opinion)
    assert opinion.name.startswith("检察意见书") and opinion.suffix == ".docx"
    assert "检察意见书" in docx_text(opinion) and "公安机关交通管理部门" in docx_text(opinion)
    page.wait_for_selector("#draft-status >> text=审计记录")

    with page.expect_download() as dl:
        page.click("#draft-checklist")
    checklist = tmp_path / dl.value.suggested_filename
    dl.value.save_as(checklist)
    assert checklist.name.startswith("证据缺口清单") and "证据缺口清单" in docx_text(checklist)

    # the chat now knows the case
    page.click("#tab-chat")
    page.fill("#question", "这个案子应当移送哪个部门处理？")
    page.click("#ask-btn")
    page.wait_for_selector(".msg.bot .cites .chip")
    assert "公安机关交通管理部门" in page.inner_text(".msg.bot .bubble")

    page.click("#tab-audit")
    page.wait_for_selector("#audit-table tbody tr.clickable")
    assert page.locator("#audit-table tbody tr.clickable").count() == 2
    assert "检察意见书" in page.inner_text("#audit-table")


def test_a_corrupt_upload_shows_the_reason(page, tmp_path):
    bad = tmp_path / "决定书.pdf"
    bad.write_bytes(bytes(range(256)) * 10)
    page.click("#tab-case")
    page.set_input_files("#case-file", str(bad))
    page.wait_for_selector("#review-out .err")
    assert "不是有效的 PDF" in page.inner_text("#review-out")


def test_the_provision_an_exclusion_reason_names_opens_from_the_review(page):
    page.click("#tab-case")
    page.fill("#facts", "经查，村民王某于2024年3月未办理林木采伐许可证，将其自家房前屋后种植的杨树12棵砍伐后出售。")
    page.click("#review-text")
    page.wait_for_selector("#review-out .warn")
    assert "不作罪名推断" in page.inner_text("#review-out .warn")
    page.click("#review-out .warn .chip[data-id='森林法#56.2']")
    page.wait_for_selector("#side:not([hidden]) .side-body p")
    assert "房前屋后个人所有的零星林木，不需要申请采伐许可证" in page.inner_text("#side-body")   # the 款 the reason means
