"""Sessions in any SQLAlchemy database: a SQLite path, a sqlite:// URL, several stores on one database."""

import sqlite3
import threading

import pytest

from assistant.api.sessions import SessionStore, UnknownSession, database_url
from assistant.settings import Settings

ANSWER = {"answer": "Dette sier dokumentene: «…» [1]", "citations": [{"marker": 1, "document": "ks-notat.md"}]}


def test_path_and_url_give_the_same_database(tmp_path):
    path = tmp_path / "nested" / "sessions.sqlite"
    by_path = SessionStore(path)
    session_id = by_path.create()
    by_path.append(session_id, "user", "Hva er arbeidsledermodellen?")
    by_url = SessionStore(f"sqlite:///{path}")
    assert by_url.exists(session_id)
    assert by_url.history(session_id) == [{"role": "user", "content": "Hva er arbeidsledermodellen?"}]
    assert database_url(path) == f"sqlite:///{path.resolve()}"
    assert database_url("postgresql+psycopg://u@db/assistent") == "postgresql+psycopg://u@db/assistent"
    by_path.close()
    by_url.close()


def test_history_keeps_order_and_answers_and_delete_removes_everything(tmp_path):
    store = SessionStore(f"sqlite:///{tmp_path / 's.sqlite'}")
    session_id = store.create()
    store.append(session_id, "user", "Hvem har ansvaret?")
    store.append(session_id, "assistant", ANSWER["answer"], ANSWER)
    store.append(session_id, "user", "Og hva koster det?")
    history = store.history(session_id)
    assert [m["role"] for m in history] == ["user", "assistant", "user"]
    assert history[1]["answer"] == ANSWER and "answer" not in history[0]
    other = store.create()
    assert other != session_id and store.history(other) == []
    assert store.delete(session_id) and not store.exists(session_id)
    assert store.history(session_id) == []
    assert not store.delete(session_id)
    assert store.exists(other)
    with sqlite3.connect(tmp_path / "s.sqlite") as raw:  # no orphaned messages left behind
        assert raw.execute("SELECT COUNT(*) FROM messages").fetchone() == (0,)


def test_append_to_an_unknown_session_fails(tmp_path):
    store = SessionStore(tmp_path / "s.sqlite")
    with pytest.raises(UnknownSession):  # typed, so the API answers 404 (a DELETE may win a race)
        store.append("finnes-ikke", "user", "hei")


def test_two_stores_on_one_url_see_each_others_writes(tmp_path):
    """Two API workers sharing one database: interleaved and concurrent appends keep one ordered history."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    worker_a, worker_b = SessionStore(url), SessionStore(url)
    session_id = worker_a.create()
    assert worker_b.exists(session_id)
    worker_b.append(session_id, "user", "første")
    worker_a.append(session_id, "assistant", "svar på første", ANSWER)
    assert [m["content"] for m in worker_b.history(session_id)] == ["første", "svar på første"]

    def write(store: SessionStore, name: str) -> None:
        for n in range(20):
            store.append(session_id, "user", f"{name}-{n}")

    threads = [threading.Thread(target=write, args=(store, name)) for store, name in ((worker_a, "a"), (worker_b, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    contents = [m["content"] for m in worker_a.history(session_id)]
    assert len(contents) == 42 and contents == [m["content"] for m in worker_b.history(session_id)]
    assert [c for c in contents if c.startswith("a-")] == [f"a-{n}" for n in range(20)]
    assert worker_b.delete(session_id) and not worker_a.exists(session_id)


def test_in_memory_database_works_across_threads():
    store = SessionStore("sqlite://")
    session_id = store.create()
    thread = threading.Thread(target=store.append, args=(session_id, "user", "fra en annen tråd"))
    thread.start()
    thread.join()
    assert store.history(session_id) == [{"role": "user", "content": "fra en annen tråd"}]


def test_settings_choose_url_then_file_then_data_dir(tmp_path, monkeypatch):
    default = SessionStore.for_settings(Settings(data_dir=tmp_path / "data"))
    assert default.url == f"sqlite:///{(tmp_path / 'data' / 'sessions.sqlite').resolve()}"
    file_only = SessionStore.for_settings(Settings(data_dir=tmp_path, sessions_db=str(tmp_path / "egen.sqlite")))
    assert file_only.url.endswith("/egen.sqlite")
    monkeypatch.setenv("ASSISTANT_SESSIONS_URL", f"sqlite:///{tmp_path / 'delt.sqlite'}")
    from_env = SessionStore.for_settings(Settings(data_dir=tmp_path, sessions_db=str(tmp_path / "egen.sqlite")))
    assert from_env.url == f"sqlite:///{tmp_path / 'delt.sqlite'}"
    assert (tmp_path / "delt.sqlite").exists()


def test_reads_a_database_written_by_the_old_sqlite_store(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as raw:
        raw.executescript(
            "CREATE TABLE sessions (id TEXT PRIMARY KEY, created REAL NOT NULL);"
            "CREATE TABLE messages (session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
            " position INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL, payload TEXT,"
            " created REAL NOT NULL, PRIMARY KEY (session_id, position));"
            "INSERT INTO sessions VALUES ('gammel', 1.0);"
            "INSERT INTO messages VALUES ('gammel', 0, 'user', 'Hei', NULL, 1.0);"
        )
    store = SessionStore(path)
    store.append("gammel", "assistant", "Hallo", ANSWER)
    assert [m["content"] for m in store.history("gammel")] == ["Hei", "Hallo"]


@pytest.mark.parametrize("message", ["table sessions already exists", "database is locked"])
def test_a_worker_opening_while_another_creates_the_tables_waits_instead_of_giving_up(tmp_path, monkeypatch, message):
    from sqlalchemy.exc import OperationalError

    import assistant.api.sessions as sessions

    real, calls = sessions.metadata.create_all, []

    def racing(engine, *args, **kwargs):
        calls.append(1)
        if len(calls) < 3:  # the other worker is at it twice
            raise OperationalError("CREATE TABLE sessions", {}, sqlite3.OperationalError(message))
        return real(engine, *args, **kwargs)

    monkeypatch.setattr(sessions.metadata, "create_all", racing)
    store = SessionStore(tmp_path / "sessions.sqlite")
    assert store.url != "sqlite://" and len(calls) == 3  # the file, not memory
    session = store.create()
    assert SessionStore(tmp_path / "sessions.sqlite").history(session) == []


def test_a_file_that_cannot_be_written_still_falls_back_to_memory(tmp_path, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import assistant.api.sessions as sessions

    original = sessions.metadata.create_all

    def readonly_file(engine, *args, **kwargs):
        if engine.url.database:  # the file; the in-memory fallback has none
            raise OperationalError("CREATE TABLE", {}, sqlite3.OperationalError("attempt to write a readonly database"))
        return original(engine, *args, **kwargs)

    monkeypatch.setattr(sessions.metadata, "create_all", readonly_file)
    store = SessionStore(tmp_path / "sessions.sqlite")
    assert store.url == "sqlite://"  # not retried: in memory at once, and the service still answers
    assert store.history(store.create()) == []


def test_workers_starting_at_once_on_a_new_file_all_use_it(tmp_path):
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for trial in range(4):
        path = tmp_path / f"sessions-{trial}.sqlite"
        with context.Pool(4) as pool:
            urls = pool.map(_open_store_url, [str(path)] * 4)
        assert all(url != "sqlite://" for url in urls), urls


def _open_store_url(path: str) -> str:
    return SessionStore(path).url
