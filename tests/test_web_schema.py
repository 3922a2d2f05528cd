"""schemathesis against the app's own OpenAPI schema: generated requests (valid and invalid) never get a 5xx, and every
error is the JSON body with a code and a Chinese message. Bounded (a few hundred examples over all operations), served
in-process on the loopback configuration; uploads are generated as garbage bytes, so this also feeds the readers junk.

Driven through schemathesis' strategies with Hypothesis directly (one test per operation): its pytest plugin does not
run under this project's pytest 9."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from web_fixtures import make_app, web_retriever  # noqa: F401

EXAMPLES_PER_OPERATION = 12
OPERATIONS = [
    "GET /api/search", "GET /api/provisions/{pid}", "POST /api/review", "POST /api/review/upload",
    "POST /api/drafts/{kind}", "POST /api/drafts/{kind}/upload", "POST /api/chat", "POST /api/chat/answer",
    "POST /api/conversations", "GET /api/conversations/{conversation_id}", "POST /api/reports",
    "GET /api/reports/{job_id}", "GET /api/reports/{job_id}/events", "GET /api/reports/{job_id}/download/{fmt}",
    "GET /api/audit", "GET /api/audit/{entry_id}", "GET /api/health",
]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, web_retriever):
    app = make_app(tmp_path_factory.mktemp("schema"), web_retriever)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_the_schema_lists_every_operation(api_schema):
    labels = {r.ok().label for r in api_schema.get_all_operations()}
    assert labels == set(OPERATIONS)


def check(response) -> None:
    assert response.status_code < 500, response.text[:500]
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"code", "message"}, body
        assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body


NO_INPUT = {"POST /api/conversations", "GET /api/health"}     # nothing to make invalid
CASES = [(label, GenerationMode.POSITIVE) for label in OPERATIONS] + \
        [(label, GenerationMode.NEGATIVE) for label in OPERATIONS if label not in NO_INPUT]


@pytest.mark.parametrize("label, mode", CASES, ids=[f"{m.value}-{lb}" for lb, m in CASES])
def test_no_server_error_on_generated_input(api_schema, label, mode):
    strategy = api_schema.find_operation_by_label(label).as_strategy(generation_mode=mode)

    @given(case=strategy)
    @settings(max_examples=EXAMPLES_PER_OPERATION // (1 if mode is GenerationMode.POSITIVE else 2), deadline=None,
              derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    def run(case):
        check(case.call())

    run()
