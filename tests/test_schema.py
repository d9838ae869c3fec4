"""schemathesis against the live OpenAPI schema: generated requests never cause a 5xx, responses match the schema."""

import http.client

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from assistant.api.app import create_app
from assistant.chain import Assistant
from assistant.settings import Settings
from assistant.store import open_snapshot

from .live_server import serving

EXAMPLES = 15
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(scope="module")
def live_url(session_index, tmp_path_factory):
    """uvicorn on a free loopback port over the fixture index, in a thread (rate limit off: many requests)."""
    app_settings = Settings(
        corpus_dir=session_index.corpus_dir,
        data_dir=session_index.data_dir,
        rate_limit_per_minute=0,
        sessions_db=str(tmp_path_factory.mktemp("schema") / "sessions.sqlite"),
    )
    with serving(create_app(app_settings, Assistant(open_snapshot(session_index)))) as url:
        yield url


@pytest.fixture(scope="module")
def api_schema(live_url):
    return schemathesis.openapi.from_url(f"{live_url}/openapi.json")


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_get_no_server_error_and_match_the_schema(api_schema, mode):
    """Every operation of the live schema, with data that fits it (positive) and data that does not (negative)."""
    failures: dict[str, str] = {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
        )
        def check(case):
            case.call_and_validate(checks=CHECKS, timeout=60)

        try:
            check()
        except Unsatisfiable:
            assert mode == GenerationMode.NEGATIVE, operation.label  # nothing to get wrong in a call without input
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failures, report them together
            failures[operation.label] = f"{type(exc).__name__}: {exc}"[:2000]
    assert not failures, "\n\n".join(f"{label}\n{text}" for label, text in failures.items())


def test_422_bodies_match_the_documented_schema(api_schema, live_url):
    case = api_schema["/api/ask"]["POST"].Case(body={"question": ""}, media_type="application/json")
    case.call_and_validate(base_url=live_url, checks=[response_schema_conformance])


def test_streaming_content_type_is_documented(api_schema, live_url):
    case = api_schema["/api/ask/stream"]["POST"].Case(
        body={"question": "Hva er arbeidsledermodellen?"}, media_type="application/json"
    )
    case.call_and_validate(base_url=live_url, checks=[content_type_conformance])


def test_the_schema_covers_the_api(api_schema):
    paths = set(api_schema.raw_schema["paths"])
    assert {
        "/api/ask",
        "/api/chat",
        "/api/sessions/{session_id}",
        "/api/documents/{document}/passage",
        "/v1/chat/completions",
        "/health",
    } <= paths


@pytest.mark.parametrize(
    "raw_path",
    [
        "/api/documents/../../../etc/passwd/passage?start=0&end=100",
        "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd/passage?start=0&end=100",
        "/api/documents/%2Fetc%2Fpasswd/passage?start=0&end=100",
        "/static/../../../../etc/passwd",
        "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
    ],
)
def test_raw_traversal_paths_on_the_wire_never_serve_a_file(live_url, raw_path):
    """Sent byte for byte (no client-side normalisation of «..»), as an attacker would."""
    host, port = live_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.request("GET", raw_path)
    response = connection.getresponse()
    body = response.read().decode(errors="replace")
    connection.close()
    assert 400 <= response.status < 500, (response.status, body[:200])
    assert "root:" not in body and "[project]" not in body
