"""Web API in-process: case review (JSON, upload), upload limits and corrupt files, one-click drafts with the audit log,
monthly report jobs (upload → progress → downloads)."""
from __future__ import annotations

import io
import json
import time
import zipfile
from urllib.parse import quote

import pytest
from docx import Document
from fastapi.testclient import TestClient

from web_fixtures import (DRUNK_CASE, REPORT_EXAMPLE, TRADEMARK_CASE, client, make_app, pdf_bytes,  # noqa: F401
                          web_retriever)

FACTS = ("经查，2025年3月至6月，当事人李某在其经营的超市销售假冒“茅台”注册商标的白酒120瓶，销售金额8.6万元，"
         "违法所得2.1万元。")


def upload(c, path, name=None, data=None, url="/api/review/upload", **form):
    content = data if data is not None else path.read_bytes()
    return c.post(url, files={"file": (name or path.name, content, "application/octet-stream")}, data=form)


# -- review ----------------------------------------------------------------------------------------------------------
def test_review_of_pasted_facts_has_charge_threshold_numbers_and_sources(client):
    r = client.post("/api/review", json={"facts": FACTS})
    body = r.json()
    assert r.status_code == 200
    rv = body["review"]
    assert rv["charges"][0]["name"] == "销售假冒注册商标的商品"
    t = {x["metric"]: x for x in rv["thresholds"] if not x["condition"]}
    assert t["销售金额"]["case_value"] == 86000 and t["销售金额"]["value"] == 50000
    assert t["销售金额"]["source"] == "知识产权刑事解释#5.1" and "五万元" in t["销售金额"]["quote"]
    assert body["provisions"]["刑法#214"] == "《中华人民共和国刑法》第二百一十四条"
    assert "审查意见" in body["summary"]


def test_review_of_uploaded_decision_gives_direction_agency_deadlines_gaps(client):
    r = upload(client, DRUNK_CASE)
    rv = r.json()["review"]
    assert r.status_code == 200
    assert rv["direction"]["kind"] == "reverse" and rv["direction"]["agency"] == "公安机关交通管理部门"
    assert "刑事诉讼法#177.3" in rv["direction"]["provisions"]
    assert rv["deadlines"] and all(d["source"] for d in rv["deadlines"])
    assert {g["element"] for g in rv["evidence_table"]} >= {"主体", "客观行为"}
    assert all(g["gap"] for g in rv["evidence_gaps"])


def test_review_of_case_json_keeps_given_fields(client):
    r = client.post("/api/review", json={"case": {"id": "案-7", "facts": FACTS, "agency": "某区市场监督管理局"}})
    assert r.status_code == 200 and r.json()["case"]["id"] == "案-7" and r.json()["case"]["agency"] == "某区市场监督管理局"


@pytest.mark.parametrize("payload", [{}, {"facts": "   "}, {"case": {"facts": 12}}])
def test_review_without_usable_case_is_422_bad_case(client, payload):
    r = client.post("/api/review", json=payload)
    assert r.status_code == 422 and r.json()["code"] in ("bad_case", "validation_error")


# -- upload limits and corrupt files -----------------------------------------------------------------------------------
GARBAGE = bytes(range(256)) * 40


@pytest.mark.parametrize("name, data, status, code", [
    ("决定书.pdf", GARBAGE, 422, "corrupt_file"),
    ("决定书.pdf", b"%PDF-1.7\n" + GARBAGE, 422, "corrupt_file"),
    ("决定书.docx", GARBAGE, 422, "corrupt_file"),
    ("决定书.docx", b"PK\x03\x04" + GARBAGE, 422, "corrupt_file"),
    ("决定书.doc", b"\xd0\xcf\x11\xe0" + GARBAGE, 415, "unsupported_file_type"),
    ("决定书.docx", b"\xd0\xcf\x11\xe0" + GARBAGE, 415, "unsupported_file_type"),
    ("案件.exe", b"MZ" + GARBAGE, 415, "unsupported_file_type"),
    ("案件.json", b'{"id": "x", "facts": ', 422, "bad_case"),
    ("案件.txt", b"   \n ", 422, "bad_case"),
    ("案件.txt", GARBAGE, 422, "bad_case"),
])
def test_bad_uploads_get_a_clear_error_and_the_server_goes_on(client, name, data, status, code):
    r = upload(client, None, name=name, data=data)
    assert r.status_code == status and r.json()["code"] == code, r.json()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["message"])
    assert client.get("/api/health").status_code == 200


def test_docx_zip_without_a_document_is_corrupt(client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a word file")
    r = upload(client, None, name="决定书.docx", data=buf.getvalue())
    assert r.status_code == 422 and "word/document.xml" in r.json()["message"]


def test_upload_size_limit(tmp_path, web_retriever):
    with TestClient(make_app(tmp_path, web_retriever, max_upload_mb=1)) as c:
        r = upload(c, None, name="大文件.txt", data="经查".encode() * 400_000)
        assert r.status_code == 413 and r.json()["code"] == "file_too_large" and "1 MB" in r.json()["message"]


def test_pdf_page_limit_and_scanned_pdf(tmp_path, web_retriever):
    with TestClient(make_app(tmp_path, web_retriever, max_pdf_pages=3)) as c:
        r = upload(c, None, name="卷宗.pdf", data=pdf_bytes(5))
        assert r.status_code == 422 and r.json()["code"] == "too_many_pages" and "5 页" in r.json()["message"]
        r = upload(c, None, name="扫描件.pdf", data=pdf_bytes(2))
        assert r.status_code == 422 and r.json()["code"] == "bad_case" and "扫描件" in r.json()["message"]


# -- one-click drafts and the audit log --------------------------------------------------------------------------------
def test_one_click_opinion_after_review_is_a_docx_recorded_with_the_user(client):
    cid = upload(client, DRUNK_CASE).json()["conversation_id"]
    r = client.post("/api/drafts/opinion", json={"conversation_id": cid},
                    headers={"X-Xianjie-User": quote("王检察官")})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "filename*=UTF-8''" + quote("检察意见书") in r.headers["content-disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "检察意见书" in text and "公安机关交通管理部门" in text
    audit_id = int(r.headers["x-audit-id"])
    entry = client.get(f"/api/audit/{audit_id}").json()
    assert entry["user"] == "王检察官" and entry["kind"] == "opinion" and entry["case_id"] == DRUNK_CASE.stem
    assert {c["id"] for c in entry["citations"]} >= {"刑事诉讼法#177.3"}
    assert client.get("/api/audit").json()[0]["id"] == audit_id


def test_checklist_from_uploaded_file_uses_the_default_user(client):
    r = upload(client, TRADEMARK_CASE, url="/api/drafts/checklist/upload")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "证据缺口清单" in text
    entry = client.get(f"/api/audit/{r.headers['x-audit-id']}").json()
    assert entry["user"] == "检察官" and entry["kind"] == "checklist" and "证据缺口清单" in entry["text"]


def test_draft_errors(client):
    r = client.post("/api/drafts/opinion", json={})
    assert r.status_code == 422 and r.json()["code"] == "bad_case"
    r = client.post("/api/drafts/opinion", json={"conversation_id": "f" * 32})
    assert r.status_code == 404 and r.json()["code"] == "conversation_not_found"
    r = client.post("/api/drafts/memo", json={"facts": FACTS})
    assert r.status_code == 422 and r.json()["code"] == "validation_error"
    # a case that needs no transfer: the drafter says why instead of writing a letter
    r = client.post("/api/drafts/opinion", json={"facts": "当事人在小区内遛狗未牵绳，与邻居发生口角。"})
    assert r.status_code == 422 and r.json()["code"] == "draft_not_possible" and "无需衔接移送" in r.json()["message"]
    assert upload(client, None, name="x.pdf", data=GARBAGE, url="/api/drafts/opinion/upload").json()["code"] \
        == "corrupt_file"
    assert client.get("/api/audit/999999").json()["code"] == "not_found"


# -- monthly report ----------------------------------------------------------------------------------------------------
def wait_job(c, job_id, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = c.get(f"/api/reports/{job_id}").json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.3)
    raise AssertionError("报告任务超时")


def test_report_upload_progress_and_downloads(client):
    with REPORT_EXAMPLE.open("rb") as fh:
        r = client.post("/api/reports", files={"file": ("2026-10.xlsx", fh)}, data={"month": "2026-10"},
                        headers={"X-Xianjie-User": quote("赵检察官")})
    assert r.status_code == 202 and r.headers["location"].endswith(r.json()["job_id"])
    job_id = r.json()["job_id"]
    events = client.get(f"/api/reports/{job_id}/events").text
    assert "event: done" in events or "event: progress" in events
    state = wait_job(client, job_id)
    assert state["status"] == "done" and state["percent"] == 100 and "监督线索" in state["summary"]
    assert set(state["downloads"]) == {"docx", "html", "xlsx"}
    docx = client.get(state["downloads"]["docx"]["url"])
    assert docx.status_code == 200 and docx.content[:2] == b"PK" and "类案监督报告" in \
        "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    html = client.get(state["downloads"]["html"]["url"])
    assert html.status_code == 200 and "<html" in html.text.lower()
    xlsx = client.get(state["downloads"]["xlsx"]["url"])
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    rows = {e["kind"]: e for e in client.get("/api/audit").json()}
    assert {"report_docx", "report_html", "report_xlsx"} <= set(rows) and rows["report_docx"]["user"] == "赵检察官"


def test_report_input_errors(client):
    bad = client.post("/api/reports", files={"file": ("m.xlsx", REPORT_EXAMPLE.read_bytes())}, data={"month": "十月"})
    assert bad.status_code == 400 and bad.json()["code"] == "bad_month"
    r = client.post("/api/reports", files={"file": ("m.xls", b"\xd0\xcf\x11\xe0" + GARBAGE)}, data={"month": "2026-10"})
    assert r.status_code == 415
    r = client.post("/api/reports", files={"file": ("m.xlsx", GARBAGE)}, data={"month": "2026-10"})
    assert r.status_code == 422 and r.json()["code"] == "corrupt_file"
    assert client.get("/api/reports/" + "a" * 32).json()["code"] == "job_not_found"
    r = client.get("/api/reports/not-a-job/download/docx")
    assert r.status_code == 422 and r.json()["code"] == "validation_error"


def test_a_report_job_that_fails_reports_why(client):
    csv = "这不是导出的数据,随便\n1,2\n".encode("utf-8")
    r = client.post("/api/reports", files={"file": ("m.csv", csv)}, data={"month": "2026-10"})
    assert r.status_code == 202
    state = wait_job(client, r.json()["job_id"])
    assert state["status"] == "failed" and state["error"]["message"] and state["downloads"] == {}
    dl = client.get(f"/api/reports/{state['job_id']}/download/docx")
    assert dl.status_code == 409 and dl.json()["code"] == "job_not_finished"
    assert client.get("/api/health").status_code == 200
    json.dumps(state, ensure_ascii=False)


def test_oversized_body_is_refused_before_parsing(tmp_path, web_retriever):
    with TestClient(make_app(tmp_path, web_retriever, max_upload_mb=1)) as c:
        # declared length over the limit: refused without reading the body
        r = c.post("/api/review", content=b"x" * 10, headers={"Content-Length": str(5 * 1024 * 1024),
                                                             "Content-Type": "application/json"})
        assert r.status_code == 413 and r.json()["code"] == "file_too_large"

        def chunks():                     # no Content-Length (chunked): counted as it arrives
            for _ in range(40):
                yield b"a" * 65536
        r = c.post("/api/review/upload", content=chunks(),
                   headers={"Content-Type": "multipart/form-data; boundary=xyz"})
        assert r.status_code == 413 and r.json()["code"] == "file_too_large"
        assert c.get("/api/health").status_code == 200
