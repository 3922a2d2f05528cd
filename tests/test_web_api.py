"""Web API in-process (TestClient): search, provisions, chat (JSON and SSE, multi-turn), errors, access control."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from web_fixtures import DRUNK_CASE, client, make_app, web_retriever  # noqa: F401

DRUNK_Q = "醉驾不起诉后应当移送哪个部门？依据是什么？"


def sse(resp) -> list[tuple[str, dict]]:
    """(event, data) pairs of a text/event-stream body."""
    out, name, data = [], "message", []
    for line in resp.text.replace("\r\n", "\n").split("\n"):
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip(" "))
        elif not line and data:
            out.append((name, json.loads("\n".join(data))))
            name, data = "message", []
    return out


# -- search and provisions --------------------------------------------------------------------------------------------
def test_search_returns_verbatim_provisions_with_ids(client):
    r = client.get("/api/search", params={"q": "销售明知是假冒注册商标的商品，违法所得数额较大", "k": 5})
    assert r.status_code == 200
    hits = r.json()["hits"]
    assert hits and "刑法#214" in [h["id"] for h in hits]
    h = next(h for h in hits if h["id"] == "刑法#214")
    assert h["title"] == "中华人民共和国刑法" and "假冒注册商标" in h["text"] and h["label"] == "第二百一十四条"


def test_search_without_legal_content_says_so(client):
    r = client.get("/api/search", params={"q": "你好"})
    assert r.status_code == 200 and r.json()["hits"] == [] and "未检索到" in r.json()["message"]


@pytest.mark.parametrize("params, code", [({"q": "刑法", "k": 0}, "validation_error"), ({}, "validation_error"),
                                          ({"q": "刑法", "doc": "不存在的法"}, "bad_query"),
                                          ({"q": "刑法", "as_of": "2024-13-40"}, "validation_error")])
def test_bad_search_input_is_a_chinese_json_error(client, params, code):
    r = client.get("/api/search", params=params)
    body = r.json()
    assert r.status_code in (400, 422) and body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"])


def test_provision_by_id_has_document_version_and_dates(client):
    r = client.get("/api/provisions/" + quote("刑事诉讼法#177.3"))
    p = r.json()
    assert r.status_code == 200
    assert p["title"] == "中华人民共和国刑事诉讼法" and p["label"] == "第一百七十七条第三款"
    assert "移送有关主管机关处理" in p["text"] and p["version"] and p["effective_from"] and p["in_force_today"]


def test_older_version_is_marked_not_in_force(client):
    p = client.get("/api/provisions/" + quote("治安管理处罚法@2012#10")).json()
    assert p["version_key"] == "2012" and p["effective_to"] and p["in_force_today"] is False


def test_review_index_entry_opens_like_a_provision(client):
    p = client.get("/api/provisions/" + quote("审查索引#危险驾驶")).json()
    assert p["kind"] == "guide" and "审查索引" in p["title"] and "公安机关交通管理部门" in p["text"]
    assert "以条文原文为准" in p["note"]


def test_provision_accepts_a_written_citation(client):
    p = client.get("/api/provisions/" + quote("刑法第二百一十四条")).json()
    assert p["id"] == "刑法#214"


@pytest.mark.parametrize("pid, status, code, words", [("刑法#9999", 404, "not_found", "未找到"),
                                                      ("不存在的法#1", 400, "bad_citation", "不存在的法"),
                                                      ("审查索引#不存在的罪", 404, "not_found", "审查索引")])
def test_unknown_provision_is_an_error_with_reason(client, pid, status, code, words):
    r = client.get("/api/provisions/" + quote(pid))
    assert r.status_code == status and r.json()["code"] == code and words in r.json()["message"]


# -- chat ----------------------------------------------------------------------------------------------------------
def test_chat_answer_quotes_the_transfer_basis_and_agency(client):
    r = client.post("/api/chat/answer", json={"question": DRUNK_Q})
    a = r.json()
    assert r.status_code == 200 and not a["insufficient"]
    ids = [c["id"] for c in a["citations"]]
    assert "刑事诉讼法#177.3" in ids and "道路交通安全法#91.2" in ids
    assert "公安机关交通管理部门" in a["text"] and "移送有关主管机关处理" in a["text"]
    assert all(c["status"] == "VERIFIED" for c in a["citations"])
    named = {c["id"]: c["name"] for c in a["citations"]}
    assert named["刑事诉讼法#177.3"] == "《中华人民共和国刑事诉讼法》第一百七十七条第三款"


def test_chat_without_support_says_insufficient(client):
    a = client.post("/api/chat/answer", json={"question": "你好"}).json()
    assert a["insufficient"] and a["text"].startswith("依据不足") and a["citations"] == []


def test_chat_streams_tokens_then_citations_then_done(client):
    r = client.post("/api/chat", json={"question": DRUNK_Q})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = sse(r)
    names = [n for n, _ in events]
    assert names[0] == "meta" and names[-2:] == ["citations", "done"]
    tokens = [d["text"] for n, d in events if n == "token"]
    assert len(tokens) > 5                       # streamed in pieces, not one block
    done = events[-1][1]
    assert "".join(tokens).strip() == done["text"].strip()
    assert done["conversation_id"] == events[0][1]["conversation_id"]
    assert {c["id"] for c in events[-2][1]["citations"]} >= {"刑事诉讼法#177.3"}


def test_blank_question_is_refused_before_streaming(client):
    r = client.post("/api/chat", json={"question": "   "})
    assert r.status_code == 400 and r.json() == {"code": "empty_question", "message": "问题不能为空"}


def test_chat_without_index_is_an_error_event_with_build_hint(tmp_path):
    with TestClient(make_app(tmp_path)) as c:
        events = sse(c.post("/api/chat", json={"question": DRUNK_Q}))
        assert events[-1] == ("error", events[-1][1]) and events[-1][1]["code"] == "index_missing"
        assert "xianjie index build" in events[-1][1]["message"]
        r = c.get("/api/search", params={"q": "刑法"})
        assert r.status_code == 503 and r.json()["code"] == "index_missing"
        assert c.get("/api/health").json()["index_ready"] is False


def test_follow_up_keeps_the_charge_of_the_previous_question(client):
    first = client.post("/api/chat/answer", json={"question": "销售假冒注册商标的商品违法所得多少可以立案？"}).json()
    assert "违法所得数额≥30000元" in first["text"]
    cid = first["conversation_id"]
    follow = client.post("/api/chat/answer", json={"question": "那销售金额呢？", "conversation_id": cid}).json()
    assert follow["conversation_id"] == cid
    assert "销售假冒注册商标的商品" in follow["query"]           # the previous question carried into retrieval
    assert "销售金额≥50000元" in follow["text"] and "知识产权刑事解释#5.1" in [c["id"] for c in follow["citations"]]
    hist = client.get(f"/api/conversations/{cid}").json()["history"]
    assert [t["role"] for t in hist] == ["user", "assistant", "user", "assistant"]


def test_question_about_the_case_uses_the_reviewed_case(client):
    with DRUNK_CASE.open("rb") as fh:
        rev = client.post("/api/review/upload", files={"file": (DRUNK_CASE.name, fh, "text/plain")}).json()
    cid = rev["conversation_id"]
    a = client.post("/api/chat/answer", json={"question": "这个案子应当移送哪个部门处理？", "conversation_id": cid}).json()
    assert "危险驾驶罪" in a["query"]
    assert "公安机关交通管理部门" in a["text"] and "刑事诉讼法#177.3" in [c["id"] for c in a["citations"]]
    view = client.get(f"/api/conversations/{cid}").json()
    assert view["has_case"] and view["charge"] == "危险驾驶"


def test_expired_conversation_starts_a_new_one(client):
    a = client.post("/api/chat/answer", json={"question": DRUNK_Q, "conversation_id": "0" * 32}).json()
    assert a["conversation_id"] != "0" * 32
    assert client.get("/api/conversations/" + "0" * 32).json()["code"] == "conversation_not_found"


# -- errors ----------------------------------------------------------------------------------------------------------
def test_unknown_route_and_bad_json_are_chinese_json_errors(client):
    r = client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json() == {"code": "not_found", "message": "请求的页面或接口不存在"}
    r = client.post("/api/chat/answer", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["code"] == "validation_error" and "JSON" in r.json()["message"]
    r = client.delete("/api/search")
    assert r.status_code == 405 and r.json()["code"] == "method_not_allowed"


def test_page_and_api_docs_use_no_external_assets(client):
    page = client.get("/")
    assert page.status_code == 200 and "行刑双向衔接助手" in page.text
    docs = client.get("/docs").text
    assert "/static-docs/swagger-ui-bundle.js" in docs
    for path in ["/", "/docs", "/static/app.css", "/static/common.js", "/static/chat.js", "/static/case.js",
                 "/static/report.js"]:
        body = client.get(path).text
        assert "http://" not in body and "https://" not in body.replace("https://fastapi", ""), path
    assert client.get("/static-docs/swagger-ui.css").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "行刑双向衔接助手 API"


# -- access control --------------------------------------------------------------------------------------------------
def test_non_loopback_without_token_refuses_to_start(tmp_path):
    from assistant.errors import UserError

    with pytest.raises(UserError) as err:
        make_app(tmp_path, host="0.0.0.0")
    assert err.value.code == "token_required" and "XIANJIE_API_TOKEN" in str(err.value)


def test_serve_command_refuses_non_loopback_without_token(tmp_path, monkeypatch, capsys):
    from assistant.cli import main
    from assistant.settings import get_settings

    monkeypatch.setenv("XIANJIE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("XIANJIE_API_TOKEN", raising=False)
    get_settings.cache_clear()
    try:
        assert main(["serve", "--host", "0.0.0.0", "--port", "8799"]) == 1
    finally:
        get_settings.cache_clear()
    assert "必须设置访问令牌" in capsys.readouterr().err


def test_non_loopback_requires_the_bearer_token_on_every_route(tmp_path, web_retriever):
    app = make_app(tmp_path, web_retriever, host="0.0.0.0", api_token="s3cret-token")
    with TestClient(app) as c:
        for path in ["/api/health", "/api/search?q=刑法", "/openapi.json", "/static/app.css", "/docs"]:
            r = c.get(path)
            assert r.status_code == 401 and r.json()["code"] == "unauthorized", path
        assert c.post("/api/chat", json={"question": DRUNK_Q}).status_code == 401
        assert c.get("/api/health", headers={"Authorization": "Bearer wrong"}).status_code == 401
        page = c.get("/", headers={"Accept": "text/html"})
        assert page.status_code == 401 and "访问令牌" in page.text        # a login form, not JSON
        ok = c.get("/api/health", headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200 and ok.json()["auth_required"] is True
        c.cookies.set("xianjie_token", "s3cret-token")
        assert c.get("/").status_code == 200 and c.get("/static/chat.js").status_code == 200


def test_loopback_needs_no_token(client):
    r = client.get("/api/health")
    assert r.status_code == 200 and r.json()["auth_required"] is False


def test_requesting_user_from_token_map_or_header(tmp_path, web_retriever):
    app = make_app(tmp_path, web_retriever, host="10.0.0.5", api_token="main-token",
                   api_users={"wang-token": "王检察官"}, user_name="默认用户")
    with TestClient(app) as c:
        h = {"Authorization": "Bearer wang-token", "X-Xianjie-User": quote("冒充者")}
        assert c.get("/api/health", headers=h).json()["user"] == "王检察官"     # the token decides, not the header
        h = {"Authorization": "Bearer main-token", "X-Xianjie-User": quote("李检察官")}
        assert c.get("/api/health", headers=h).json()["user"] == "李检察官"
        assert c.get("/api/health", headers={"Authorization": "Bearer main-token"}).json()["user"] == "默认用户"


def test_serve_prints_the_address_and_says_when_the_index_is_missing(tmp_path):
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    import httpx

    from web_fixtures import free_port

    port = free_port()
    env = dict(os.environ, XIANJIE_DATA_DIR=str(tmp_path), XIANJIE_INDEX_DIR=str(tmp_path / "none"))
    env.pop("XIANJIE_API_TOKEN", None)
    exe = Path(sys.executable).with_name("xianjie")
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line and "已启动" in line
        deadline = time.monotonic() + 20
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).json()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
        assert health["index_ready"] is False and "xianjie index build" in health["index_message"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert "检索索引尚未构建" in proc.stderr.read()


def test_chat_with_a_model_backend_streams_its_checked_answer_or_falls_back(tmp_path, web_retriever):
    from assistant.llm.base import LLMConnectionError
    from fake_backends import FakeChat

    reply = ("对被不起诉人需要给予行政处罚的，人民检察院应当提出检察意见，“移送有关主管机关处理”[刑事诉讼法#177.3]。"
             "醉驾的，由公安机关交通管理部门吊销机动车驾驶证[道路交通安全法#91.2]。")
    chat = FakeChat(replies=[reply, LLMConnectionError("连接被拒绝")])
    with TestClient(make_app(tmp_path, web_retriever, chat=chat)) as c:
        events = sse(c.post("/api/chat", json={"question": DRUNK_Q}))
        done = events[-1][1]
        assert events[-1][0] == "done" and done["used_model"] and done["backend"] == "fake"
        assert "公安机关交通管理部门" in done["text"] and {"刑事诉讼法#177.3", "道路交通安全法#91.2"} <= \
            {x["id"] for x in done["citations"]}
        assert DRUNK_Q in json.dumps(chat.prompts[0], ensure_ascii=False)       # the model saw the question
        failed = c.post("/api/chat/answer", json={"question": DRUNK_Q, "conversation_id": done["conversation_id"]})
        a = failed.json()
        assert failed.status_code == 200 and not a["used_model"] and "模型调用失败" in a["fallback_reason"]
        assert a["text"].startswith("根据检索到的规定") and a["citations"]
        assert f"检察官：{DRUNK_Q}" in json.dumps(chat.prompts[1], ensure_ascii=False)   # the earlier turn went along


def test_posts_from_another_site_are_refused(client):
    forged = client.post("/api/drafts/opinion", json={"facts": "醉酒驾驶机动车"},
                         headers={"Origin": "http://evil.example", "Host": "127.0.0.1:8765"})
    assert forged.status_code == 403 and forged.json()["code"] == "forbidden_origin"
    same = client.post("/api/conversations", headers={"Origin": "http://127.0.0.1:8765", "Host": "127.0.0.1:8765"})
    assert same.status_code == 200
    assert client.get("/api/health", headers={"Origin": "http://evil.example"}).status_code == 200


def test_serve_on_a_busy_port_says_so_in_chinese(tmp_path, monkeypatch, capsys):
    import socket

    from assistant.cli import main
    from assistant.settings import get_settings

    monkeypatch.setenv("XIANJIE_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        try:
            assert main(["serve", "--port", str(busy.getsockname()[1])]) == 1
        finally:
            get_settings.cache_clear()
    assert "端口已被占用" in capsys.readouterr().err


def test_loopback_server_refuses_a_foreign_host_header():
    """DNS rebinding: a request to the token-free loopback server that names another host is refused."""
    from fastapi.testclient import TestClient

    from assistant.settings import Settings
    from assistant.web.app import create_app

    app = create_app(Settings(), host="127.0.0.1")
    with TestClient(app, base_url="http://evil.example") as c:
        assert c.get("/api/health").status_code == 400
    with TestClient(app, base_url="http://127.0.0.1:8765") as c:
        assert c.get("/api/health").status_code == 200
