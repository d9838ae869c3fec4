"""The content-keyed vector cache (``vectors.sqlite``): one loader for writers, one for readers.

A writer (ingest, the dense worker) that finds the file damaged moves it aside and starts a new one — the
vectors are only a cache, so the cost is re-encoding. A reader (a running service, ``assistant ask``)
never writes: it opens the file read-only (also on a read-only data folder) and treats damage as
«no vectors yet», with one logged notice.
"""

from __future__ import annotations

import errno
import hashlib
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ingest.state import warn_once

_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_FULL = 13  # SQLITE_FULL


def is_damage(exc: BaseException) -> bool:
    """Whether an sqlite error means the file is not (or no longer) a sound database."""
    if not isinstance(exc, sqlite3.DatabaseError) or is_full(exc):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    return (
        code in _CORRUPT
        or code is None
        and isinstance(exc, sqlite3.DatabaseError)
        and not isinstance(exc, sqlite3.OperationalError)
    )


def is_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno == errno.ENOSPC
    return isinstance(exc, sqlite3.OperationalError) and (
        getattr(exc, "sqlite_errorcode", None) == _FULL or "disk is full" in str(exc)
    )


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its journal files) out of the way; returns the new name."""
    aside = path.with_name(f"{path.name}.skadet-{time.strftime('%Y%m%d-%H%M%S')}")
    for suffix in ("", "-wal", "-shm", "-journal"):
        part = path.with_name(path.name + suffix)
        if part.exists():
            part.replace(aside.with_name(aside.name + suffix))
    return aside


class VectorCache:
    """Vectors keyed by (model, text): a chunk whose text did not change is never embedded twice.

    Rows are committed batch by batch, so a killed ingest resumes where it stopped.
    """

    def __init__(self, path: Path, model: str, readonly: bool = False) -> None:
        self.path, self._model, self.readonly = path, model, readonly
        self._db = _open_reader(path) if readonly else _open_writer(path)

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self._model}\0{text}".encode()).hexdigest()

    def get_many(self, texts: Iterable[str]) -> dict[str, np.ndarray]:
        keys = {self.key(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        items = list(keys)
        for i in range(0, len(items), 500):
            part = items[i : i + 500]
            rows = self._db.execute(f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(part))})", part)
            for key, blob in rows:
                if isinstance(blob, bytes) and len(blob) % 4 == 0 and key in keys:
                    found[keys[key]] = np.frombuffer(blob, dtype=np.float32)
        return found

    def version(self) -> int:
        """Grows with every write (the newest row id), so a reader can tell cheaply whether to look again."""
        return self._db.execute("SELECT COALESCE(MAX(rowid), 0) FROM vectors").fetchone()[0]

    def put_many(self, texts: list[str], vectors: list[list[float]]) -> None:
        rows = [(self.key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors)]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    def close(self) -> None:
        self._db.close()


def _open_writer(path: Path) -> sqlite3.Connection:
    """Open (or create) the cache for writing; a damaged file is moved aside and a new one started."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _connect_checked(path)
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
    aside = move_aside(path)
    warn_once(
        f"Vektorhurtigbufferen {path.name} var skadet og er flyttet til {aside.name}; "
        "en ny bygges (vektorene lages på nytt)."
    )
    return _connect_checked(path)


def _connect_checked(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        check = db.execute("PRAGMA quick_check(1)").fetchone()
        if not check or check[0] != "ok":
            raise sqlite3.DatabaseError("database disk image is malformed")
        columns = [row[1] for row in db.execute("PRAGMA table_info(vectors)")]
        if columns[:2] != ["key", "vec"]:
            raise sqlite3.DatabaseError("file is not a database")
    except BaseException:
        db.close()
        raise
    return db


def _open_reader(path: Path) -> sqlite3.Connection:
    """Read-only: ``mode=ro`` first; on a read-only folder where SQLite cannot make its WAL index, immutable."""
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            db = sqlite3.connect(f"{uri}?{options}", uri=True, timeout=30, check_same_thread=False)
            db.execute("SELECT key, vec FROM vectors LIMIT 1").fetchall()
            return db
        except sqlite3.Error as exc:
            last = exc
    assert last is not None
    raise last
