"""The document library over HTTP: every status code, the done-when flows (PDF and Word: upload, cited at the
right place, removed, no longer cited), metadata changes that citations follow, and a crash mid-processing."""

import os
import signal
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.chain import Assistant
from assistant.live_index import LiveIndex
from ingest.index import IndexLayout
from ingest.library_queue import processor_for
from ingest.pipeline import ingest_corpus

from .library_docs import blank_pdf, make_docx, two_page_pdf
from .test_restart import start_server, stop

PDF_FACT = "Kommunen skal opprette femti nye praksisplasser for unge i Eikefjord innen 2027."
PDF_QUESTION = "Hvor mange praksisplasser skal Eikefjord opprette?"
DOCX_FACT = "Bydelen Grønnlia tilbyr gratis leksehjelp til alle elever på ungdomstrinnet fra høsten 2026."
DOCX_QUESTION = "Hvem får gratis leksehjelp i Grønnlia?"


@pytest.fixture
def indexed(settings):
    """A private fixture index (vectors from the session's cache) and the corpus folder it was read from."""
    ingest_corpus(settings)
    return settings.model_copy(update={"rate_limit_per_minute": 0})


def _client(settings, dense: bool) -> TestClient:
    processor_for(settings, dense=dense)  # the app's router takes this one
    return TestClient(create_app(settings, Assistant(LiveIndex(settings, check_every=0.1))))


def _entry(client, document):
    return next((d for d in client.get("/api/documents").json() if d["id"] == document), None)


def _wait(client, document, statuses, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        entry = _entry(client, document)
        if entry and entry["status"] in statuses:
            return entry
        time.sleep(0.2)
    raise AssertionError(f"{document} ble ikke {statuses} innen {timeout} s: {_entry(client, document)}")


def _cited(client, question, document):
    time.sleep(0.25)  # the live index looks for a new generation every 0.1 s
    answer = client.post("/api/ask", json={"question": question}).json()
    return [c for c in answer["citations"] if c["document"] == document]


def test_pdf_upload_is_cited_at_page_2_and_gone_after_delete(indexed):
    with _client(indexed, dense=True) as client:
        started = time.monotonic()
        created = client.post(
            "/api/documents",
            files={"file": ("Handlingsplan Eikefjord.pdf", two_page_pdf("Eikefjord", PDF_FACT), "application/pdf")},
            data={"kind": "handlingsplan", "short_title": "Eikefjord-planen", "date": "2025-03"},
        )
        assert created.status_code == 201, created.text
        document = created.json()["id"]
        assert document == "Handlingsplan-Eikefjord.pdf" and created.json()["status"] == "reading"
        searchable = _wait(client, document, {"searchable", "indexed"})
        cited = _cited(client, PDF_QUESTION, document)
        print(f"PDF cited {time.monotonic() - started:.1f} s after upload")
        assert cited and cited[0]["page"] == 2 and "femti" in cited[0]["quote"]
        assert cited[0]["short_title"] == "Eikefjord-planen"
        assert searchable["pages"] == 2 and searchable["kind"] == "handlingsplan" and searchable["file_type"] == "pdf"
        original = client.get(f"/api/documents/{document}/file")
        assert original.status_code == 200 and original.headers["content-type"] == "application/pdf"
        assert original.content == (indexed.corpus_dir / document).read_bytes()
        indexed_entry = _wait(client, document, {"indexed"}, timeout=300)  # the dense worker's vectors
        assert indexed_entry["progress"] == 1.0
        generation = IndexLayout(indexed.data_dir).current()

        assert client.delete(f"/api/documents/{document}").status_code == 204
        assert _entry(client, document) is None
        assert not (indexed.corpus_dir / document).exists()
        assert not _cited(client, PDF_QUESTION, document)
        assert client.get(f"/api/documents/{document}/file").status_code == 404
        assert client.delete(f"/api/documents/{document}").status_code == 404
        assert IndexLayout(indexed.data_dir).current() != generation
        from ingest.index import read_chunks

        assert all(c.document != document for c in read_chunks(IndexLayout(indexed.data_dir).current()))


def test_docx_upload_is_cited_in_its_section_and_gone_after_delete(indexed):
    docx = make_docx(
        "Oppvekstplan for Grønnlia",
        [("Bakgrunn", "Bydelen har mange unge familier. " * 5), ("Leksehjelp", DOCX_FACT)],
    )
    with _client(indexed, dense=False) as client:
        created = client.post("/api/documents", files={"file": ("oppvekstplan.docx", docx)})
        assert created.status_code == 201, created.text
        document = created.json()["id"]
        assert created.json()["title"] == "Oppvekstplan for Grønnlia"
        _wait(client, document, {"searchable", "indexed"})
        cited = _cited(client, DOCX_QUESTION, document)
        assert cited and "leksehjelp" in cited[0]["quote"] and "Leksehjelp" in cited[0]["section"]
        original = client.get(f"/api/documents/{document}/file")
        assert original.headers["content-type"].startswith("application/vnd.openxmlformats")
        assert client.delete(f"/api/documents/{document}").status_code == 204
        assert not _cited(client, DOCX_QUESTION, document)


def test_bad_files_get_their_status_and_leave_nothing_behind(indexed):
    settings = indexed.model_copy(update={"max_document_mb": 0.05})
    before_files = sorted(p.name for p in settings.corpus_dir.iterdir())
    sources = (settings.corpus_dir / "sources.yaml").read_bytes()
    generation = IndexLayout(settings.data_dir).current()
    with _client(settings, dense=False) as client:
        listed = client.get("/api/documents").json()
        cases = [
            ("tilfeldig.pdf", os.urandom(4000), 415, "stemmer ikke"),
            ("tekst.pdf", b"Bare tekst her, ingen PDF.\n" * 30, 415, "tekst-fil"),
            ("regneark.xlsx", b"PK\x03\x04" + os.urandom(100), 415, "kan ikke leses"),
            ("tom.txt", b"", 422, "tom"),
            ("skannet.pdf", blank_pdf(), 422, "OCR"),
            ("stor.txt", b"Tekst om arbeid. " * 4000, 413, "for stor"),
            ("kopi.md", (settings.corpus_dir / "ks-notat.md").read_bytes(), 409, "ks-notat.md"),
        ]
        for name, data, status, needle in cases:
            response = client.post("/api/documents", files={"file": (name, data)})
            assert response.status_code == status, (name, response.text)
            assert needle in response.json()["detail"], (name, response.json())
        assert client.post("/api/documents", data={"title": "uten fil"}).status_code == 422
        assert client.get("/api/documents").json() == listed
    assert sorted(p.name for p in settings.corpus_dir.iterdir() if p.name != ".library.lock") == before_files
    assert (settings.corpus_dir / "sources.yaml").read_bytes() == sources
    assert IndexLayout(settings.data_dir).current() == generation


def test_patch_changes_metadata_and_citations_follow(indexed):
    with _client(indexed, dense=False) as client:
        changed = client.patch(
            "/api/documents/seminar.txt", json={"short_title": "AFI 2013 (endret)", "kind": "forskningsrapport"}
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["short_title"] == "AFI 2013 (endret)" and changed.json()["kind"] == "forskningsrapport"
        time.sleep(0.25)
        answer = client.post(
            "/api/ask", json={"question": "Hva er barrierer mot arbeid for langtidsmottakere av sosialhjelp?"}
        ).json()
        labels = {c["short_title"] for c in answer["citations"] if c["document"] == "seminar.txt"}
        assert labels == {"AFI 2013 (endret)"}
        assert client.patch("/api/documents/finnes-ikke.txt", json={"title": "x"}).status_code == 404
        assert client.patch("/api/documents/seminar.txt", json={"date": "i fjor"}).status_code == 422
    from ingest.metadata import read_sources

    assert read_sources(indexed.corpus_dir / "sources.yaml")["seminar.txt"]["kind"] == "forskningsrapport"


def test_library_follows_the_api_key_and_is_in_openapi(indexed):
    guarded = indexed.model_copy(update={"api_key": "hemmelig"})
    with _client(guarded, dense=False) as client:
        pdf = two_page_pdf("Nøkkelby", "Her står ingenting viktig.")
        assert client.post("/api/documents", files={"file": ("a.pdf", pdf)}).status_code == 401
        assert client.delete("/api/documents/seminar.txt").status_code == 401
        assert (indexed.corpus_dir / "seminar.txt").exists() and not (indexed.corpus_dir / "a.pdf").exists()
        paths = client.get("/openapi.json").json()["paths"]
        assert {"get", "post"} <= set(paths["/api/documents"])
        assert {"patch", "delete"} <= set(paths["/api/documents/{document}"])
        assert "get" in paths["/api/documents/{document}/file"]


def test_upload_killed_mid_processing_arrives_complete_after_restart(indexed):
    """kill -9 right after the upload is stored and queued; the next start reads it and it answers."""
    corpus, data = indexed.corpus_dir, indexed.data_dir
    server, url = start_server(data, corpus)
    try:
        created = httpx.post(
            url + "/api/documents",
            files={"file": ("plan.pdf", two_page_pdf("Eikefjord", PDF_FACT), "application/pdf")},
            timeout=60,
        )
        assert created.status_code == 201
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    finally:
        stop(server)
    assert (corpus / "plan.pdf").exists()
    assert not [p for p in corpus.iterdir() if p.name.startswith(".upload-")]
    restarted, url = start_server(data, corpus)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            listed = {d["id"]: d for d in httpx.get(url + "/api/documents", timeout=30).json()}
            if listed.get("plan.pdf", {}).get("status") in ("searchable", "indexed"):
                break
            time.sleep(0.3)
        assert listed["plan.pdf"]["status"] in ("searchable", "indexed"), listed.get("plan.pdf")
        time.sleep(1.2)
        answer = httpx.post(url + "/api/ask", json={"question": PDF_QUESTION}, timeout=60).json()
        assert any(c["document"] == "plan.pdf" and c["page"] == 2 for c in answer["citations"])
    finally:
        stop(restarted)


def test_adding_and_removing_reads_no_other_document_and_embeds_nothing_on_removal(indexed):
    """Uploads don't feed the OCR lexicon, so the OCR document is carried over, not read again."""
    from ingest.library import Library

    library = Library(indexed)
    stored = library.add("notat.md", b"# Notat om Eikefjord\n\nKommunen tilbyr sommerjobb til alle unge.\n")
    added = ingest_corpus(indexed)
    assert stored.document in added.processed
    assert {"hvitebok.ocr.txt", "seminar.txt", "ks-notat.md"} <= set(added.reused)
    assert added.encoded >= 1
    library.remove(stored.document)
    removed = ingest_corpus(indexed)
    assert removed.removed == [stored.document] and "hvitebok.ocr.txt" in removed.reused
    assert removed.encoded == 0


def test_cli_add_and_remove_use_the_library(indexed, tmp_path):
    from typer.testing import CliRunner

    from assistant.cli import app
    from ingest.index import read_manifest

    memo = tmp_path / "Notat Grønnlia.docx"
    memo.write_bytes(make_docx("Oppvekstplan for Grønnlia", [("Leksehjelp", DOCX_FACT)]))
    junk = tmp_path / "skannet.pdf"
    junk.write_bytes(os.urandom(3000))
    where = ["--corpus", str(indexed.corpus_dir), "--data-dir", str(indexed.data_dir)]
    runner = CliRunner()
    added = runner.invoke(app, ["add", str(memo), str(junk), "--kind", "plan", *where])
    assert added.exit_code == 2, added.output
    assert "La til Notat-Grønnlia.docx" in added.output and "stemmer ikke med filendelsen" in added.output
    manifest = read_manifest(IndexLayout(indexed.data_dir).current())
    assert manifest["documents"]["Notat-Grønnlia.docx"]["kind"] == "plan"
    assert not (indexed.corpus_dir / "skannet.pdf").exists()
    removed = runner.invoke(app, ["remove", "Notat-Grønnlia.docx", *where])
    assert removed.exit_code == 0, removed.output
    assert "Notat-Grønnlia.docx" not in read_manifest(IndexLayout(indexed.data_dir).current())["documents"]
    assert runner.invoke(app, ["remove", "../sources.yaml", *where]).exit_code == 2
