"""Serving from several worker processes: every worker follows the generation another one activated, one
process ingests at a time (a dense worker of another process makes way for an upload), and a killed
supervisor leaves no worker behind."""

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.api import server
from assistant.api.app import create_app
from assistant.chain import Assistant
from assistant.live_index import LiveIndex
from ingest import background
from ingest.index import IndexLayout, dense_complete, read_manifest
from ingest.library_queue import processor_for
from ingest.pipeline import ingest_corpus

from .live_server import free_port

FACT = "Kommunen Solvik gir alle nyankomne flyktninger en fast kontaktperson i NAV fra første uke."
QUESTION = "Hvem får en fast kontaktperson i NAV i Solvik?"
ASSISTANT = os.path.join(os.path.dirname(sys.executable), "assistant")


@pytest.fixture
def indexed(settings):
    ingest_corpus(settings)
    return settings.model_copy(update={"rate_limit_per_minute": 0})


def _cites(answer: dict, document: str) -> bool:
    return any(c["document"] == document for c in answer["citations"])


def test_an_app_that_did_not_ingest_answers_from_the_new_generation(indexed):
    processor_for(indexed, dense=False)
    uploading = TestClient(create_app(indexed, Assistant(LiveIndex(indexed, check_every=0.1))))
    other = TestClient(create_app(indexed, Assistant(LiveIndex(indexed, check_every=0.1))))
    before = IndexLayout(indexed.data_dir).current()
    assert not _cites(other.post("/api/ask", json={"question": QUESTION}).json(), "solvik.txt")
    created = uploading.post("/api/documents", files={"file": ("solvik.txt", f"Plan for Solvik\n\n{FACT}\n".encode())})
    assert created.status_code == 201, created.text
    deadline = time.monotonic() + 120
    while IndexLayout(indexed.data_dir).current() == before and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.3)  # the other app's live index looks every 0.1 s
    answer = other.post("/api/ask", json={"question": QUESTION}).json()
    assert _cites(answer, "solvik.txt"), answer["answer"]


def test_a_worker_answers_from_a_new_generation_at_once_not_after_its_check_interval(indexed):
    """Two worker processes behind one port: the one that did not activate the generation must not answer
    from the old one for up to ``check_every`` seconds (the pointer file is looked at on every request)."""
    live = LiveIndex(indexed, check_every=3600)
    first = live.get()
    assert live.get() is first  # nothing changed: the same snapshot, not reopened
    (indexed.corpus_dir / "solvik.txt").write_text(f"Plan for Solvik\n\n{FACT}\n", encoding="utf-8")
    ingest_corpus(indexed)
    switched = live.get()
    assert switched.generation != first.generation
    assert switched.generation == IndexLayout(indexed.data_dir).current()
    assert "solvik.txt" in switched.catalog


def test_a_generation_switch_keeps_the_cached_query_vectors(indexed):
    live = LiveIndex(indexed, check_every=0.0)
    first = live.get()
    vector = first.query_vector(QUESTION)
    (indexed.corpus_dir / "solvik.txt").write_text(f"Plan for Solvik\n\n{FACT}\n", encoding="utf-8")
    ingest_corpus(indexed)
    switched = live.get()
    assert switched.generation != first.generation
    assert switched.encoder is first.encoder and switched.query_vector(QUESTION) is vector  # not encoded again


def test_a_dense_worker_makes_way_for_a_process_waiting_for_the_lock(settings):
    ingest_corpus(settings, dense=False)  # dense index pending: the worker has work to do
    with background.waiting_for_lock(settings.data_dir):
        assert background.ingest_waiting(settings.data_dir)
        progress = background.run_worker(settings)
    layout = IndexLayout(settings.data_dir)
    assert progress.state == "stopped"
    assert not dense_complete(read_manifest(layout.current()))  # it made way before activating anything
    assert not background.ingest_waiting(settings.data_dir)
    with layout.lock():  # let go of at once
        pass
    assert background.run_worker(settings).state == "done"  # nobody waits: it completes
    assert dense_complete(read_manifest(layout.current()))


def test_a_marker_of_a_dead_process_is_ignored(settings):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (settings.data_dir / f"{background.WAITING}{gone.pid}").touch()
    (settings.data_dir / f"{background.WAITING}not-a-pid").touch()
    assert not background.ingest_waiting(settings.data_dir)


def test_the_default_is_one_worker_per_core_at_most_four(monkeypatch):
    for cores, expected in ((1, 1), (2, 2), (3, 3), (16, 4)):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid, n=cores: set(range(n)))
        assert server.default_workers() == expected


def _start(data_dir, corpus, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [ASSISTANT, "serve", "--uten-innlesing", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(
        [*command, "--data-dir", str(data_dir), "--corpus", str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode(errors="replace")[-2000:])
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("assistant serve --workers svarte ikke")


def _workers(proc: subprocess.Popen) -> list:
    import psutil

    return [p for p in psutil.Process(proc.pid).children() if "spawn_main" in " ".join(p.cmdline())]  # uvicorn's


@pytest.mark.slow
def test_two_worker_processes_answer_an_upload_and_stop_with_a_killed_supervisor(indexed):
    import psutil

    proc, url = _start(indexed.data_dir, indexed.corpus_dir, workers=2)
    try:
        workers = _workers(proc)
        assert len(workers) == 2
        created = httpx.post(
            url + "/api/documents", files={"file": ("solvik.txt", f"Plan for Solvik\n\n{FACT}\n".encode())}, timeout=60
        )
        assert created.status_code == 201, created.text
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if _cites(httpx.post(url + "/api/ask", json={"question": QUESTION}, timeout=60).json(), "solvik.txt"):
                break
            time.sleep(0.5)
        time.sleep(1.5)  # every worker looks for a new generation each second
        answers = [httpx.post(url + "/api/ask", json={"question": QUESTION}, timeout=60).json() for _ in range(8)]
        assert all(_cites(a, "solvik.txt") for a in answers)  # new connections: both workers answered
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        gone, alive = psutil.wait_procs(workers, timeout=30)
        assert not alive, "worker processes outlived their supervisor"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_each_worker_encodes_on_its_share_of_the_cores(monkeypatch, settings):
    assert server.encoder_threads(2, cores=2) == 1 and server.encoder_threads(1, cores=2) == 2
    assert server.encoder_threads(4, cores=2) == 1 and server.encoder_threads(2, cores=8) == 4
    started = {}
    monkeypatch.setattr(os, "environ", dict(os.environ))  # what serve_workers exports stays in this test
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.update(k))
    monkeypatch.delenv("ASSISTANT_EMBEDDING_THREADS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    server.serve_workers(settings, "127.0.0.1", free_port(), 2)
    assert started["workers"] == 2 and os.environ["ASSISTANT_EMBEDDING_THREADS"] == "1"
    # a setting of the user's own is kept
    monkeypatch.delenv("ASSISTANT_EMBEDDING_THREADS")
    server.serve_workers(settings.model_copy(update={"embedding_threads": 2}), "127.0.0.1", free_port(), 2)
    assert "ASSISTANT_EMBEDDING_THREADS" not in os.environ
