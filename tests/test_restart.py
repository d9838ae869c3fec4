"""Crash and restart: kill -9 a serving process mid-conversation, or an ingest mid-encoding, and carry on."""

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from assistant.chain import Assistant
from assistant.store import open_snapshot
from ingest.index import IndexLayout
from ingest.pipeline import ingest_corpus

from .live_server import free_port

ASSISTANT = Path(sys.executable).with_name("assistant")
FIRST = "Hva er helsefagprosjektet i Kristiansand?"


def start_server(data_dir: Path, corpus: Path) -> tuple[subprocess.Popen, str]:
    """`assistant serve --uten-innlesing` on a free loopback port, once /health answers."""
    port = free_port()
    proc = subprocess.Popen(
        [
            str(ASSISTANT),
            "serve",
            "--uten-innlesing",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
            "--corpus",
            str(corpus),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"assistant serve stoppet: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("assistant serve svarte ikke på /health innen 120 s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def served_data(session_index, tmp_path) -> Path:
    """A private copy of the fixture index, so sessions written here stay here."""
    data = tmp_path / "data"
    shutil.copytree(session_index.data_dir, data, ignore=shutil.ignore_patterns("sessions.sqlite*", "ingest.lock"))
    return data


def test_session_survives_kill_9_mid_conversation(served_data, session_index):
    server, url = start_server(served_data, session_index.corpus_dir)
    try:
        first = httpx.post(url + "/api/chat", json={"question": FIRST}, timeout=60)
        assert first.status_code == 200
        session_id = first.json()["session_id"]
        second = httpx.post(
            url + "/api/chat", json={"session_id": session_id, "question": "Hvem står bak det?"}, timeout=60
        )
        assert second.status_code == 200
        in_flight = threading.Thread(
            target=_post_quietly, args=(url, session_id, "Og hvor mange deltakere har det hatt?")
        )
        in_flight.start()
        time.sleep(0.05)
        os.kill(server.pid, signal.SIGKILL)  # mid-conversation: a third question may be on its way
        server.wait(timeout=10)
        in_flight.join(timeout=70)
    finally:
        stop(server)

    restarted, url = start_server(served_data, session_index.corpus_dir)
    try:
        stored = httpx.get(f"{url}/api/sessions/{session_id}", timeout=30)
        assert stored.status_code == 200
        messages = stored.json()["messages"]
        assert [m["role"] for m in messages[:4]] == ["user", "assistant", "user", "assistant"]
        assert messages[0]["content"] == FIRST and messages[2]["content"] == "Hvem står bak det?"
        assert all(m["answer"]["standalone_question"] for m in messages if m["role"] == "assistant")
        follow_up = httpx.post(
            url + "/api/chat",
            json={"session_id": session_id, "question": "Hvilke resultater har det gitt?"},
            timeout=60,
        ).json()
        assert follow_up["session_id"] == session_id
        assert "helsefagprosjektet" in follow_up["answer"]["standalone_question"].lower()
        after = httpx.get(f"{url}/api/sessions/{session_id}", timeout=30).json()["messages"]
        assert len(after) == len(messages) + 2 and after[-2]["content"] == "Hvilke resultater har det gitt?"
    finally:
        stop(restarted)


def _post_quietly(url: str, session_id: str, question: str) -> None:
    try:
        httpx.post(url + "/api/chat", json={"session_id": session_id, "question": question}, timeout=60)
    except httpx.HTTPError:
        pass  # the server was killed under it


def test_previous_index_still_answers_after_ingest_is_killed_mid_encoding(settings):
    """tests/test_pipeline.py checks the generation survives a kill; this checks it still answers, then recovers."""
    ingest_corpus(settings)
    layout = IndexLayout(settings.data_dir)
    before = layout.current()
    (settings.corpus_dir / "nytt-notat.md").write_text(
        "# Nytt notat om Trollskogen\n\n"
        + "\n\n".join(
            f"Trollskogen kommune prøver ut tiltak nummer {i} for unge utenfor arbeid, sammen med NAV og skolene." * 6
            for i in range(30)
        ),
        "utf-8",
    )
    script = (
        "import sys, time\n"
        "from assistant.settings import Settings\n"
        "from ingest.pipeline import ingest_corpus\n"
        "def progress(stage, done, total):\n"
        "    print(stage, done, total, flush=True)\n"
        "    if stage == 'Lager vektorer' and done > 0:\n"
        "        time.sleep(60)\n"
        "ingest_corpus(Settings(corpus_dir=sys.argv[1], data_dir=sys.argv[2]), progress)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(settings.corpus_dir), str(settings.data_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 120
    for line in proc.stdout:
        if (line.startswith("Lager vektorer") and not line.startswith("Lager vektorer 0 ")) or time.time() > deadline:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    assert layout.current() == before
    answer = Assistant(open_snapshot(settings)).ask("Hva er arbeidsledermodellen?")
    assert not answer.abstained and answer.citations
    assert all(c.document != "nytt-notat.md" for c in answer.contexts)

    report = ingest_corpus(settings)
    assert "nytt-notat.md" in report.processed and layout.current() != before
    recovered = Assistant(open_snapshot(settings)).ask("Hvilke tiltak prøver Trollskogen kommune ut?")
    assert not recovered.abstained and recovered.citations[0].document == "nytt-notat.md"
