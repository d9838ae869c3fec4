"""Client/server mode: ASSISTANT_CHROMA_URL puts the dense index on a Chroma server this test starts itself."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant.chain import Assistant
from assistant.store import Filters, open_snapshot
from ingest.index import IndexLayout, chroma_client, collection_name
from ingest.pipeline import ingest_corpus

from .live_server import free_port

CHROMA = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")


@pytest.fixture
def chroma_server(tmp_path):
    if CHROMA is None:
        pytest.fail("the chroma command (from the chromadb package) is missing")
    port = free_port()
    server = subprocess.Popen(
        [CHROMA, "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            pytest.fail("the Chroma server did not start")
        time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=30)


def test_ingest_and_answer_through_a_chroma_server(settings, chroma_server):
    remote = settings.model_copy(update={"chroma_url": chroma_server})
    ingest_corpus(remote)
    layout = IndexLayout(remote.data_dir, chroma_server)
    first = layout.current()
    assert not (first / "chroma").exists()  # the vectors live on the server, not in the data folder
    client = chroma_client(first, chroma_server)
    collection = client.get_collection(collection_name(first, chroma_server))
    snapshot = open_snapshot(remote)
    assert collection.count() == len(snapshot.chunks)

    dense = snapshot.dense_search("Hva er arbeidsledermodellen?", 5, Filters())
    assert len(dense) == 5 and all(0 <= i < len(snapshot.chunks) for i, _ in dense)
    result = Assistant(snapshot).ask("Hva er arbeidsledermodellen?")
    assert not result.abstained and result.citations

    # two more generations: the first one's collection is removed from the server with its folder
    (remote.corpus_dir / "nytt.md").write_text("# Nytt\n\nKommunen og NAV samarbeider om ettervern.\n", "utf-8")
    ingest_corpus(remote)
    (remote.corpus_dir / "nytt.md").write_text("# Nytt\n\nFylkeskommunen har ansvar for oppfølging.\n", "utf-8")
    ingest_corpus(remote)
    names = {c.name if hasattr(c, "name") else c for c in client.list_collections()}
    assert collection_name(first, chroma_server) not in names
    assert collection_name(layout.current(), chroma_server) in names
    assert Assistant(open_snapshot(remote)).ask("Hvem har ansvar for oppfølging?").citations


def test_two_api_workers_share_the_chroma_server_and_the_session_database(
    settings, chroma_server, tmp_path, monkeypatch
):
    from fastapi.testclient import TestClient

    from assistant.api.app import app_from_environment

    ingest_corpus(settings.model_copy(update={"chroma_url": chroma_server}))
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", chroma_server)
    monkeypatch.setenv("ASSISTANT_SESSIONS_URL", f"sqlite:///{tmp_path / 'shared-sessions.sqlite'}")
    first, second = TestClient(app_from_environment()), TestClient(app_from_environment())
    started = first.post("/api/chat", json={"question": "Hva er arbeidsledermodellen?"}).json()
    assert started["answer"]["citations"]
    follow_up = second.post("/api/chat", json={"session_id": started["session_id"], "question": "Hvem har ansvaret?"})
    assert follow_up.status_code == 200
    messages = second.get(f"/api/sessions/{started['session_id']}").json()["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert first.get("/health").json()["dense"]["complete"] is True
