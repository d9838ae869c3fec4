import csv
import io

import pytest
from docx import Document
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from assistant.api.app import create_app
from assistant.chain import Assistant
from assistant.settings import Settings
from assistant.store import open_snapshot

TOPIC = "arbeidsledermodellen"


@pytest.fixture(scope="module")
def client(session_index, tmp_path_factory):
    settings = Settings(
        corpus_dir=session_index.corpus_dir,
        data_dir=session_index.data_dir,
        sessions_db=str(tmp_path_factory.mktemp("api") / "sessions.sqlite"),
    )
    return TestClient(create_app(settings, Assistant(open_snapshot(session_index))))


def test_endpoints_are_documented(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/note", "/api/course", "/api/matrix"} <= set(paths)
    assert "post" in paths["/api/note"] and "get" in paths["/api/matrix"]


def test_note_as_json_markdown_and_word(client):
    note = client.post("/api/note", json={"topic": TOPIC}).json()
    assert [s["heading"] for s in note["sections"]][0] == "Bakgrunn" and note["citations"] and note["references"]
    markers = {m for s in note["sections"] for st in s["statements"] for m in st["markers"]}
    assert markers == {c["marker"] for c in note["citations"]}
    markdown = client.post("/api/note", json={"topic": TOPIC, "format": "md"})
    assert markdown.headers["content-type"].startswith("text/markdown") and "## Referanser" in markdown.text
    word = client.post("/api/note", json={"topic": TOPIC, "format": "docx"})
    assert "attachment" in word.headers["content-disposition"]
    paragraphs = [p.text for p in Document(io.BytesIO(word.content)).paragraphs]
    assert "Referanser" in paragraphs and note["references"][0]["title"] in "\n".join(paragraphs)


def test_note_filters_by_document(client):
    note = client.post(
        "/api/note", json={"topic": "unge utenfor arbeid", "filters": {"documents": ["seminar.txt"]}}
    ).json()
    assert note["citations"] and {c["document"] for c in note["citations"]} == {"seminar.txt"}


def test_course_as_json_and_word(client):
    course = client.post("/api/course", json={"topic": TOPIC}).json()
    assert 6 <= len(course["quiz"]) <= 10 and course["learning_goals"] and course["key_points"]
    cited = {c["marker"] for c in course["citations"]}
    assert all(q["marker"] in cited and q["answer"] in q["quote"] for q in course["quiz"])
    word = client.post("/api/course", json={"topic": TOPIC, "format": "docx"})
    paragraphs = [p.text for p in Document(io.BytesIO(word.content)).paragraphs]
    assert "Fasit" in paragraphs and "Referanser" in paragraphs


def test_matrix_json_filters_and_files(client):
    whole = client.get("/api/matrix").json()
    assert whole["topic"] is None and whole["actors"] and whole["cells"]
    assert [c["marker"] for c in whole["citations"]] == list(range(1, len(whole["citations"]) + 1))
    one = client.get("/api/matrix", params={"document": "seminar.txt"}).json()
    assert {c["document"] for c in one["citations"]} == {"seminar.txt"}
    topical = client.get("/api/matrix", params={"topic": "unge utenfor arbeid", "document": "ks-notat.md"}).json()
    assert topical["topic"] == "unge utenfor arbeid" and {c["document"] for c in topical["citations"]} <= {
        "ks-notat.md"
    }
    assert client.get("/api/matrix", params={"document": "finnes-ikke.txt"}).status_code == 404
    table = client.get("/api/matrix", params={"format": "csv"})
    assert table.headers["content-type"].startswith("text/csv") and table.text.startswith("aktør,rolle,utsagn")
    workbook = load_workbook(io.BytesIO(client.get("/api/matrix", params={"format": "xlsx"}).content))
    assert workbook["Ansvarsmatrise"].max_row == len(whole["actors"]) + 1


@pytest.mark.parametrize("path", ["/api/note", "/api/course"])
@pytest.mark.parametrize(
    "topic, message", [("", "Temaet er tomt"), ("   ", "Temaet er tomt"), ("x" * 4001, "Temaet er for langt")]
)
def test_bad_topics_get_422_in_norwegian(client, path, topic, message):
    response = client.post(path, json={"topic": topic})
    assert response.status_code == 422 and message in response.json()["detail"]


def test_matrix_topic_too_long_and_unknown_format(client):
    response = client.get("/api/matrix", params={"topic": "x" * 4001})
    assert response.status_code == 422 and "Temaet er for langt" in response.json()["detail"]
    assert client.get("/api/matrix", params={"format": "pdf"}).status_code == 422
    assert client.get("/api/matrix", params={"topic": "  "}).json()["topic"] is None


def test_matrix_cells_expand_to_all_and_exports_carry_every_statement(client):
    few = client.get("/api/matrix", params={"per_cell": 1}).json()
    every = client.get("/api/matrix", params={"per_cell": 0}).json()
    assert all(len(c["statements"]) <= 1 for c in few["cells"])
    assert [len(c["statements"]) for c in every["cells"]] == [c["total"] for c in every["cells"]]
    assert {(c["actor"], c["role"]): c["total"] for c in few["cells"]} == {
        (c["actor"], c["role"]): c["total"] for c in every["cells"]
    }
    rows = list(csv.reader(io.StringIO(client.get("/api/matrix", params={"format": "csv", "per_cell": 1}).text)))
    assert len(rows) - 1 == sum(c["total"] for c in every["cells"])
    assert client.get("/api/matrix", params={"per_cell": -1}).status_code == 422
