import json

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.settings import Settings

from .live_server import serving

QUESTION = "Hva er arbeidsledermodellen?"


def _settings(session_index, tmp_path, **extra) -> Settings:
    return Settings(
        corpus_dir=session_index.corpus_dir,
        data_dir=session_index.data_dir,
        sessions_db=str(tmp_path / "sessions.sqlite"),
        **extra,
    )


@pytest.fixture
def client(session_index, tmp_path, assistant):
    return TestClient(create_app(_settings(session_index, tmp_path), assistant))


def test_health_docs_and_page(client):
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["documents"] == 3 and health["mode"] == "extractive"
    assert client.get("/docs").status_code == 200
    assert "/api/ask" in client.get("/openapi.json").json()["paths"]
    page = client.get("/")
    assert page.status_code == 200 and "Utenforskap-assistenten" in page.text and 'lang="nb"' in page.text
    assert client.get("/static/app.js").status_code == 200


def test_ask_returns_the_answer_object(client):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    assert not answer["abstained"] and answer["citations"] and len(answer["contexts"]) >= 5
    only_seminar = client.post(
        "/api/ask", json={"question": "unge utenfor arbeid", "filters": {"documents": ["seminar.txt"]}}
    ).json()
    assert {c["document"] for c in only_seminar["contexts"]} == {"seminar.txt"}


@pytest.mark.parametrize("question", ["", "   ", "x" * 4001])
def test_bad_questions_get_422_in_norwegian(client, question):
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 422
    assert "Spørsmålet er" in response.json()["detail"]


def test_streaming_sends_answer_then_citations(client):
    with client.stream("POST", "/api/ask/stream", json={"question": QUESTION}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        body = "".join(response.iter_text())
    events = [block.split("\n")[0].removeprefix("event: ") for block in body.strip().split("\n\n")]
    assert events[0] == "meta" and events[-2:] == ["citations", "done"] and "delta" in events
    deltas = "".join(
        json.loads(b.split("data: ", 1)[1])["text"] for b in body.split("\n\n") if b.startswith("event: delta")
    )
    assert "[1]" in deltas


def test_chat_sessions_persist_across_restart(session_index, tmp_path, assistant):
    first = TestClient(create_app(_settings(session_index, tmp_path), assistant))
    started = first.post("/api/chat", json={"question": "Hva er helsefagprosjektet i Kristiansand?"}).json()
    session_id = started["session_id"]
    follow_up = first.post(
        "/api/chat", json={"session_id": session_id, "question": "Hvilke resultater har det gitt?"}
    ).json()
    assert "helsefagprosjektet" in follow_up["answer"]["standalone_question"].lower()
    restarted = TestClient(create_app(_settings(session_index, tmp_path), assistant))
    messages = restarted.get(f"/api/sessions/{session_id}").json()["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[1]["answer"]["citations"]
    assert restarted.delete(f"/api/sessions/{session_id}").status_code == 200
    assert restarted.get(f"/api/sessions/{session_id}").status_code == 404
    assert restarted.post("/api/chat", json={"session_id": "finnes-ikke", "question": QUESTION}).status_code == 404


def test_documents_and_passages(client):
    documents = client.get("/api/documents").json()
    assert {d["document"] for d in documents} == {"hvitebok.ocr.txt", "ks-notat.md", "seminar.txt"}
    citation = client.post("/api/ask", json={"question": QUESTION}).json()["citations"][0]
    passage = client.get(
        f"/api/documents/{citation['document']}/passage",
        params={"start": citation["start_char"], "end": citation["end_char"]},
    ).json()
    assert passage["text"].split() == citation["quote"].split() or citation["quote"][:30] in " ".join(
        passage["text"].split()
    )
    assert passage["title"] and passage["raw"]
    assert client.get("/api/documents/finnes.txt/passage", params={"start": 0, "end": 10}).status_code == 404
    assert (
        client.get("/api/documents/..%2F..%2Fetc%2Fpasswd/passage", params={"start": 0, "end": 10}).status_code == 404
    )
    assert client.get("/api/documents/ks-notat.md/passage", params={"start": 0, "end": 10_000_000}).status_code == 404


def test_openai_compatible_endpoint(client):
    assert client.get("/v1/models").json()["data"][0]["id"] == "utenforskap-assistent"
    reply = client.post(
        "/v1/chat/completions",
        json={"model": "utenforskap-assistent", "messages": [{"role": "user", "content": QUESTION}]},
    ).json()
    assert "Kilder:" in reply["choices"][0]["message"]["content"]
    with client.stream(
        "POST", "/v1/chat/completions", json={"messages": [{"role": "user", "content": QUESTION}], "stream": True}
    ) as response:
        body = "".join(response.iter_text())
    assert body.strip().endswith("data: [DONE]")
    assert (
        client.post("/v1/chat/completions", json={"messages": [{"role": "assistant", "content": "hei"}]}).status_code
        == 422
    )


def test_api_key_and_rate_limit(session_index, tmp_path, assistant):
    guarded = TestClient(
        create_app(_settings(session_index, tmp_path, api_key="hemmelig", rate_limit_per_minute=3), assistant)
    )
    assert guarded.get("/api/documents").status_code == 401
    assert guarded.get("/api/documents", headers={"X-API-Key": "hemmelig"}).status_code == 200
    assert guarded.get("/api/documents", headers={"Authorization": "Bearer hemmelig"}).status_code == 200
    statuses = [guarded.get("/api/documents", headers={"X-API-Key": "hemmelig"}).status_code for _ in range(3)]
    assert statuses[-1] == 429
    assert guarded.get("/health").status_code == 200  # health is never limited


def test_cors_closed_unless_configured(session_index, tmp_path, assistant):
    closed = TestClient(create_app(_settings(session_index, tmp_path), assistant))
    assert (
        "access-control-allow-origin" not in closed.get("/health", headers={"Origin": "https://evil.example"}).headers
    )
    opened = TestClient(
        create_app(_settings(session_index, tmp_path, cors_origins="https://intranett.kommune.no"), assistant)
    )
    response = opened.get("/health", headers={"Origin": "https://intranett.kommune.no"})
    assert response.headers["access-control-allow-origin"] == "https://intranett.kommune.no"


def test_openai_client_against_live_server(session_index, tmp_path, assistant):
    from openai import OpenAI

    with serving(create_app(_settings(session_index, tmp_path), assistant)) as url:
        client = OpenAI(base_url=f"{url}/v1", api_key="ikke-brukt")
        reply = client.chat.completions.create(
            model="utenforskap-assistent", messages=[{"role": "user", "content": QUESTION}]
        )
        assert "Kilder:" in reply.choices[0].message.content
        stream = client.chat.completions.create(
            model="utenforskap-assistent", stream=True, messages=[{"role": "user", "content": QUESTION}]
        )
        text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
        assert "[1]" in text and "Kilder:" in text
