"""Fast first run: the lexical index answers at once, the dense index fills in behind, nothing is embedded twice."""

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.chain import Assistant
from assistant.live_index import LiveIndex
from assistant.retrieval import _minmax, rank_chunks
from assistant.settings import Settings
from assistant.store import open_snapshot
from ingest.background import DenseProgress, estimate, progress_path, run_worker, write_progress
from ingest.index import IndexLayout, read_chunks, read_manifest
from ingest.pipeline import complete_dense_index, ingest_corpus

from .live_server import free_port

QUESTION = "Hva er arbeidsledermodellen?"
DIM = 384


class CountingEncoder:
    """Deterministic stand-in for the encoder that counts what it is asked to embed and can fail midway."""

    def __init__(self, fail_after_calls: int | None = None) -> None:
        self.texts: list[str] = []
        self.calls = 0
        self.fail_after_calls = fail_after_calls

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail_after_calls is not None and self.calls >= self.fail_after_calls:
            raise RuntimeError("encoder stopped (simulated crash)")
        self.calls += 1
        self.texts.extend(texts)
        vectors = []
        for text in texts:
            rng = np.random.default_rng(int(hashlib.sha256(text.encode()).hexdigest()[:8], 16))
            v = rng.normal(size=DIM)
            vectors.append((v / np.linalg.norm(v)).tolist())
        return vectors


def _stored_vectors(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "vectors.sqlite") as db:
        return db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]


@pytest.fixture
def fresh(fixture_corpus, tmp_path) -> Settings:
    """A corpus with an empty data folder: no index, no stored vectors."""
    return Settings(corpus_dir=fixture_corpus, data_dir=tmp_path / "fresh-data", embedding_batch_size=4)


def test_lexical_ingest_answers_with_citations_before_any_vector_exists(fresh):
    report = ingest_corpus(fresh, dense=False)
    assert report.chunks > 0 and report.encoded == 0
    assert not (fresh.data_dir / "vectors.sqlite").exists()  # nothing was embedded
    snapshot = open_snapshot(fresh)
    assert not snapshot.dense_complete
    status = snapshot.dense_status()
    assert (status.chunks, status.chunks_embedded, status.documents_embedded) == (report.chunks, 0, 0)
    result = Assistant(snapshot).ask(QUESTION)
    assert not result.abstained and result.citations
    json.dumps(result.model_dump(mode="json"), allow_nan=False)  # no NaN reaches a client while vectors are missing
    assert result.index_complete is False
    assert any("0 av" in notice and "ordsøk" in notice for notice in result.notices)
    for citation in result.citations:  # citations still lead to the raw text
        raw = (fresh.corpus_dir / citation.document).read_text(encoding="utf-8")
        assert (
            citation.quote.split()[0].strip("«»,.")[:4].lower() in raw[citation.start_char : citation.end_char].lower()
        )


def test_stored_vectors_rank_like_the_finished_dense_index(settings):
    """With every vector stored, the pending index (brute force over the cache) ranks as Chroma does."""
    ingest_corpus(settings, dense=False)
    pending = open_snapshot(settings)
    assert not pending.dense_complete and pending.dense_status().chunks_embedded == len(pending.chunks)
    report = complete_dense_index(settings)
    assert report.encoded == 0 and report.cached == report.chunks  # the seeded cache had them all
    complete = open_snapshot(settings)
    assert complete.dense_complete and complete.generation != pending.generation
    for question in (QUESTION, "Hvem har ansvaret for unge utenfor arbeid?", "tiltak for innvandrere"):
        a = [c.chunk_ids for c in rank_chunks(pending, question)[:5]]
        b = [c.chunk_ids for c in rank_chunks(complete, question)[:5]]
        assert a == b


def test_chunks_without_vectors_are_scored_by_their_words():
    dense = _minmax(np.array([0.2, np.nan, 0.6]))
    assert np.isnan(dense[1]) and dense[0] == 0.0 and dense[2] == 1.0
    assert np.isnan(_minmax(np.array([np.nan, np.nan]))).all()


def test_killed_embedding_resumes_without_encoding_anything_twice(fresh):
    ingest_corpus(fresh, dense=False)
    crashing = CountingEncoder(fail_after_calls=3)
    with pytest.raises(RuntimeError, match="simulated crash"):
        complete_dense_index(fresh, embeddings=crashing)
    stored = _stored_vectors(fresh.data_dir)
    assert stored == len(crashing.texts) == 3 * fresh.embedding_batch_size  # persisted batch by batch
    assert not open_snapshot(fresh).dense_complete  # the lexical index is still the one in use
    resumed = CountingEncoder()
    report = complete_dense_index(fresh, embeddings=resumed)
    assert not set(resumed.texts) & set(crashing.texts)  # nothing embedded twice
    assert report.encoded == len(resumed.texts) == _stored_vectors(fresh.data_dir) - stored
    assert report.cached >= stored and open_snapshot(fresh).dense_complete
    again = CountingEncoder()
    assert complete_dense_index(fresh, embeddings=again).already_complete and not again.texts


def test_metadata_change_and_rechunking_reuse_vectors_of_unchanged_text(fresh):
    ingest_corpus(fresh, dense=False)
    first = CountingEncoder()
    complete_dense_index(fresh, embeddings=first)
    # a new publisher re-ingests the document, but its chunks' texts (and so their vectors) stay the same
    sources = fresh.corpus_dir / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace(
            "kind: seminarrapport", "kind: seminarrapport\n  publisher: Arbeidsforskningsinstituttet"
        ),
        encoding="utf-8",
    )
    # a smaller chunk size re-chunks everything: only texts never seen before are embedded
    smaller = fresh.model_copy(update={"chunk_size": 700})
    report = ingest_corpus(smaller, dense=False)
    assert "seminar.txt" in report.processed
    current = [c.embedding_text for c in read_chunks(IndexLayout(fresh.data_dir).current())]
    second = CountingEncoder()
    complete_dense_index(smaller, embeddings=second)
    assert set(second.texts) == set(current) - set(first.texts)
    third = CountingEncoder()
    ingest_corpus(fresh.model_copy(update={"chunk_size": 1000}), dense=False)  # back: every vector is stored
    complete_dense_index(fresh, embeddings=third)
    assert third.texts == []


def test_live_index_follows_the_dense_worker_and_health_reports_progress(settings, tmp_path):
    ingest_corpus(settings, dense=False)
    live = LiveIndex(settings, check_every=0)
    assistant = Assistant(live)
    client = TestClient(create_app(settings.model_copy(update={"sessions_db": str(tmp_path / "s.sqlite")}), assistant))
    progress = estimate(
        DenseProgress(state="running", chunks=40, embedded=10, encoded=10, started=time.time() - 5), time.time()
    )
    write_progress(progress_path(settings), progress)
    health = client.get("/health").json()
    assert health["dense"]["complete"] is False and health["dense"]["worker"] == "running"
    assert health["dense"]["chunks_per_second"] == pytest.approx(2.0, rel=0.2)
    assert health["dense"]["eta_seconds"] is not None
    first = client.post("/api/ask", json={"question": QUESTION}).json()
    assert first["index_complete"] is False and first["citations"]

    done = run_worker(settings)  # the worker, in-process: every vector is cached, so it only builds Chroma
    assert done.state == "done"
    health = client.get("/health").json()
    assert health["dense"]["complete"] is True and health["generation"] == IndexLayout(settings.data_dir).current().name
    second = client.post("/api/ask", json={"question": QUESTION}).json()
    assert second["index_complete"] is True and not any("ordsøk" in n for n in second["notices"])
    assert read_manifest(IndexLayout(settings.data_dir).current())["dense"] == "complete"


def test_a_terminated_worker_records_that_it_stopped(fresh):
    """A service shutting down terminates its worker: the progress file says «stopped», vectors so far are kept."""
    ingest_corpus(fresh, dense=False)
    env = {
        **os.environ,
        "ASSISTANT_CORPUS_DIR": str(fresh.corpus_dir),
        "ASSISTANT_DATA_DIR": str(fresh.data_dir),
        "ASSISTANT_EMBEDDING_THREADS": "1",
        "ASSISTANT_EMBEDDING_BATCH_SIZE": "2",
    }
    worker = subprocess.Popen([sys.executable, "-m", "ingest.background"], env=env)
    try:
        _wait(lambda: json.loads(progress_path(fresh).read_text())["embedded"] >= 2, 120, "the first vectors")
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    progress = json.loads(progress_path(fresh).read_text())
    assert worker.returncode == 0 and progress["state"] == "stopped"
    assert 0 < _stored_vectors(fresh.data_dir) < progress["chunks"]


def _serve(settings: Settings, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "ASSISTANT_EMBEDDING_THREADS": "1",
        "ASSISTANT_EMBEDDING_BATCH_SIZE": "2",
        "ASSISTANT_SESSIONS_DB": str(settings.data_dir.parent / "sessions.sqlite"),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "serve",
            "--port",
            str(port),
            "--corpus",
            str(settings.corpus_dir),
            "--data-dir",
            str(settings.data_dir),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except (httpx.HTTPError, FileNotFoundError, json.JSONDecodeError, sqlite3.Error):
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
def test_serve_answers_first_then_resumes_embedding_after_a_kill(fresh):
    """The real `assistant serve` from an empty index: a cited answer while the dense index is incomplete;
    killed halfway through the background embedding and started again, it encodes only what was missing."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(fresh, port)
    try:
        _wait(lambda: httpx.get(f"{base}/health", timeout=5).status_code == 200, 120, "the service")
        first = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=60).json()
        assert first["citations"] and first["index_complete"] is False  # answered before the dense index exists
        health = _wait(
            lambda: (h := httpx.get(f"{base}/health", timeout=5).json())["dense"]["chunks_embedded"] >= 4 and h,
            240,
            "some vectors",
        )
        assert not health["dense"]["complete"], "the fixture corpus embedded too fast to test a kill halfway"
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        # the orphaned worker notices its service is gone and stops after the batch it is on
        _wait(lambda: json.loads(progress_path(fresh).read_text())["state"] == "stopped", 120, "the worker to stop")
        stored = _stored_vectors(fresh.data_dir)
        total = health["dense"]["chunks"]
        assert 0 < stored < total

        server = _serve(fresh, port)
        _wait(lambda: httpx.get(f"{base}/health", timeout=5).json()["dense"]["complete"], 300, "the dense index")
        progress = json.loads(progress_path(fresh).read_text())
        assert progress["state"] == "done"
        assert progress["encoded"] == _stored_vectors(fresh.data_dir) - stored  # only what was missing
        answer = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=60).json()
        assert answer["citations"] and answer["index_complete"] is True
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()
