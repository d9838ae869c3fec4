"""Damaged state in the data folder: one Norwegian line, self-repair where possible, the old index still opens."""

import errno
import logging
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import index as idx
from ingest import space
from ingest.background import read_progress
from ingest.index import IndexLayout, StateError, read_chunks, read_manifest
from ingest.pipeline import ingest_corpus
from ingest.settings import IngestSettings as Settings
from ingest.space import IngestError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def two_generations(tmp_path_factory, session_index) -> Settings:
    """An index with an older complete generation kept beside the current one."""
    base = tmp_path_factory.mktemp("state")
    shutil.copytree(session_index.corpus_dir, base / "corpus")
    shutil.copytree(session_index.data_dir, base / "data", ignore=shutil.ignore_patterns("ingest.lock", "sessions*"))
    settings = Settings(corpus_dir=base / "corpus", data_dir=base / "data")
    notat = settings.corpus_dir / "seminar.txt"
    notat.write_text(notat.read_text(encoding="utf-8") + "\nEt nytt avsnitt om arbeidsgivere.\n", "utf-8")
    ingest_corpus(settings)
    assert len(IndexLayout(settings.data_dir).candidates()) == 2
    return settings


@pytest.fixture
def state(two_generations, tmp_path) -> Settings:
    """A private copy of the two-generation index to damage."""
    shutil.copytree(two_generations.data_dir, tmp_path / "data", ignore=shutil.ignore_patterns("ingest.lock"))
    return two_generations.model_copy(update={"data_dir": tmp_path / "data"})


def _open(settings):
    from assistant.store import open_snapshot

    return open_snapshot(settings)


POINTERS = {
    "list": b"[]",
    "string": b'"x"',
    "number_generation": b'{"generation": 5}',
    "null": b"null",
    "not_utf8": b'{"generation": "\xff\xfe"}',
    "truncated": b'{"gener',
    "traversal": b'{"generation": "../../etc"}',
    "missing_generation": b'{"generation": "gen-1"}',
    "empty": b"",
    "huge": b'{"generation": "gen-1", "x": "' + b"a" * 100_000 + b'"}',
}


@pytest.mark.parametrize("case", sorted(POINTERS))
def test_a_broken_current_json_falls_back_to_the_newest_complete_generation(state, case, caplog):
    layout = IndexLayout(state.data_dir)
    newest = layout.candidates()[0]
    layout.current_file.write_bytes(POINTERS[case])
    with caplog.at_level(logging.WARNING, logger="ingest.state"):
        assert layout.current() == newest
        snapshot = _open(state)
    assert snapshot.generation == newest and snapshot.chunks
    lines = [r.getMessage() for r in caplog.records if r.name == "ingest.state"]
    assert len(lines) == 1 or not lines  # once per process: an earlier case may have told it already
    assert all("\n" not in line and "assistant ingest" in line for line in lines)


def test_ingest_repairs_a_broken_pointer(state):
    layout = IndexLayout(state.data_dir)
    newest = layout.candidates()[0]
    layout.current_file.write_bytes(b"[]")
    report = ingest_corpus(state, dense=False)
    assert report.unchanged
    assert idx.state.read_pointer(layout.current_file) == newest.name


@pytest.mark.parametrize("damage", ["truncate", "garbage", "wrong_shape", "delete", "slot_traversal"])
def test_a_damaged_manifest_falls_back_to_the_previous_generation(state, damage):
    layout = IndexLayout(state.data_dir)
    newest, older = layout.candidates()
    manifest = newest / "documents.json"
    text = manifest.read_text(encoding="utf-8")
    if damage == "truncate":
        manifest.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "garbage":
        manifest.write_bytes(b"\xff\x00\x01")
    elif damage == "wrong_shape":
        manifest.write_text('{"documents": []}', encoding="utf-8")
    elif damage == "delete":
        manifest.unlink()
    else:
        manifest.write_text(text.replace('"slot": "', '"slot": "../../', 1), encoding="utf-8")
    with pytest.raises(StateError) as caught:
        read_manifest(newest)
    assert "\n" not in str(caught.value) and "assistant ingest" in str(caught.value)
    snapshot = _open(state)
    assert snapshot.generation == older and snapshot.chunks


@pytest.mark.parametrize("damage", ["truncate", "wrong_type", "not_json"])
def test_damaged_chunks_fall_back_and_ingest_rebuilds(state, damage):
    layout = IndexLayout(state.data_dir)
    newest, older = layout.candidates()
    chunks = newest / "chunks.jsonl"
    data = chunks.read_bytes()
    chunks.write_bytes(
        {"truncate": data[: len(data) // 3], "wrong_type": b'{"chunk_id": 5}\n', "not_json": b"\xff\xfe\n"}[damage]
    )
    with pytest.raises(StateError, match="chunks.jsonl"):
        read_chunks(newest)
    assert _open(state).generation == older
    (state.corpus_dir / "seminar.txt").write_text("Helt ny tekst om arbeid og inkludering for alle.\n" * 3, "utf-8")
    report = ingest_corpus(state, dense=False)  # the damaged manifest is not carried over: all is read again
    assert set(report.processed) >= {"seminar.txt", "hvitebok.ocr.txt"}


def test_damaged_texts_or_bm25_fall_back(state):
    layout = IndexLayout(state.data_dir)
    newest, older = layout.candidates()
    for path in (newest / "texts").glob("*.offsets.npy"):
        path.write_bytes(b"not numpy")
    assert _open(state).generation == older
    for path in (older / "bm25").iterdir():
        path.write_bytes(b"{")
    with pytest.raises(StateError) as caught:
        _open(state)
    assert "\n" not in str(caught.value) and "assistant ingest" in str(caught.value)


def test_the_cli_says_one_line_when_nothing_is_left(state):
    for generation in IndexLayout(state.data_dir).candidates():
        (generation / "documents.json").write_text("{", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "Hva er utenforskap?", "--data-dir", str(state.data_dir)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr and "documents.json" in done.stderr


@pytest.mark.parametrize("damage", ["truncate", "not_a_database", "empty_file", "wrong_table"])
def test_a_damaged_vector_cache_is_moved_aside_and_rebuilt(state, damage):
    from ingest.embeddings import VectorCache

    cache_file = state.data_dir / "vectors.sqlite"
    data = cache_file.read_bytes()
    if damage == "truncate":
        cache_file.write_bytes(data[: len(data) // 2])
    elif damage == "not_a_database":
        cache_file.write_bytes(b"this is not sqlite" * 500)
    elif damage == "empty_file":
        cache_file.write_bytes(b"\x00" * 4096)
    else:
        cache_file.unlink()
        with sqlite3.connect(cache_file) as db:
            db.execute("CREATE TABLE vectors (a INTEGER, b INTEGER)")
    cache = VectorCache(cache_file, "modell")  # the writer repairs
    cache.put_many(["tekst"], [[0.5, 0.5]])
    assert list(cache.get_many(["tekst"])) == ["tekst"]
    cache.close()
    assert list(state.data_dir.glob("vectors.sqlite.skadet-*"))


def test_the_reader_treats_a_damaged_cache_as_no_vectors(state):
    from assistant.store import StoredVectors

    cache_file = state.data_dir / "vectors.sqlite"
    cache_file.write_bytes(b"this is not sqlite" * 500)
    stored = StoredVectors(cache_file, "modell", ["a", "b"])
    stored.refresh(force=True)
    assert stored.matrix is None and not stored.have.any()
    assert cache_file.read_bytes().startswith(b"this is not sqlite")  # the reader never writes


def test_ingest_with_a_damaged_vector_cache_completes(settings, monkeypatch):
    (settings.data_dir / "vectors.sqlite").write_bytes(b"x" * 10_000)
    report = ingest_corpus(settings)
    assert report.encoded > 0 and report.chunks > 0
    assert list(settings.data_dir.glob("vectors.sqlite.skadet-*"))
    assert _open(settings).dense_status().complete


@pytest.mark.parametrize(
    "data",
    [
        b"[]",
        b'"x"',
        b"\xff\xfe",
        b'{"state": 5}',
        b'{"pid": "abc"}',
        b'{"eta_seconds": 1e999}',
        b'{"chunks": NaN}',
        b"{",
        b"null",
        b"a" * 100_000,
    ],
)
def test_a_corrupt_dense_progress_file_is_ignored(tmp_path, data):
    path = tmp_path / "dense_progress.json"
    path.write_bytes(data)
    assert read_progress(path) is None


def test_a_sound_dense_progress_file_is_read(tmp_path):
    path = tmp_path / "dense_progress.json"
    path.write_text('{"state": "running", "chunks": 3, "embedded": 1}', encoding="utf-8")
    progress = read_progress(path)
    assert progress is not None and progress.state == "running" and progress.embedded == 1


# --- a read-only data folder still answers --------------------------------------------------------


def test_without_chroma_the_stored_vectors_answer(state, monkeypatch):
    from assistant.chain import Assistant
    from assistant.store import Filters

    def refuse(*args, **kwargs):
        raise RuntimeError("attempt to write a readonly database")

    monkeypatch.setattr(idx, "chroma_client", refuse)
    snapshot = _open(state)
    assert not snapshot.use_chroma
    assert snapshot.dense_search("utenforskap blant unge", 5, Filters())
    result = Assistant(snapshot).ask("Hva er utenforskap?")
    assert result.citations


@pytest.fixture
def read_only(state, tmp_path):
    mount = tmp_path / "ro"
    mount.mkdir()
    done = subprocess.run(["mount", "--bind", "-o", "ro", str(state.data_dir), str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("bind mounts are not allowed here (needs root); the Chroma fallback is tested above")
    try:
        yield state.model_copy(update={"data_dir": mount})
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_read_only_data_folder_still_answers(read_only):
    with pytest.raises(OSError):
        (read_only.data_dir / "probe").write_text("x")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "ask",
            "Hva er utenforskap?",
            "--json",
            "--data-dir",
            str(read_only.data_dir),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-1500:]
    assert '"citations": [' in done.stdout and "Traceback" not in done.stderr


def test_ingest_into_a_read_only_folder_is_one_line(read_only):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "ingest",
            "--corpus",
            str(read_only.corpus_dir),
            "--data-dir",
            str(read_only.data_dir),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "skrivebeskyttet" in done.stderr and "datamappen" in done.stderr


# --- space ----------------------------------------------------------------------------------------


def _only_old_generations(settings, before: list[Path]) -> None:
    layout = IndexLayout(settings.data_dir)
    assert layout.candidates() == before
    assert sorted((settings.data_dir / "generations").iterdir()) == sorted(before)
    assert _open(settings).generation == before[0]


def _change(settings):
    (settings.corpus_dir / "seminar.txt").write_text("Ny tekst om arbeid, levekår og inkludering.\n" * 5, "utf-8")


def test_too_little_free_space_is_refused_before_writing(state, monkeypatch):
    before = IndexLayout(state.data_dir).candidates()
    _change(state)
    monkeypatch.setattr(space, "free_bytes", lambda folder: 1_000_000)
    with pytest.raises(IngestError, match="For lite ledig plass"):
        ingest_corpus(state, dense=False)
    _only_old_generations(state, before)


@pytest.mark.parametrize("where", ["write_chunks", "build_bm25", "write_manifest", "write_document_text"])
def test_a_full_disk_removes_the_partial_generation(state, monkeypatch, where):
    before = IndexLayout(state.data_dir).candidates()
    _change(state)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(idx, where, full)
    with pytest.raises(IngestError, match="Disken ble full") as caught:
        ingest_corpus(state, dense=False)
    assert "\n" not in str(caught.value)
    _only_old_generations(state, before)


def test_a_full_disk_while_storing_vectors_or_switching(state, monkeypatch):
    from ingest import vector_cache

    before = IndexLayout(state.data_dir).candidates()
    _change(state)

    def full_db(self, texts, vectors):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(vector_cache.VectorCache, "put_many", full_db)
    with pytest.raises(IngestError, match="Disken ble full"):
        ingest_corpus(state)
    _only_old_generations(state, before)
    monkeypatch.undo()

    def full_pointer(self, generation):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(IndexLayout, "activate", full_pointer)
    with pytest.raises(IngestError):
        ingest_corpus(state, dense=False)
    monkeypatch.undo()
    _only_old_generations(state, before)
    assert not (state.data_dir / "current.tmp").exists()
