"""Server-side conversations in SQLite, so a restarted server still knows every session's history."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    payload TEXT,
    created REAL NOT NULL,
    PRIMARY KEY (session_id, position)
);
"""


class SessionStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def create(self) -> str:
        session_id = uuid.uuid4().hex
        with self._lock, self._db:
            self._db.execute("INSERT INTO sessions VALUES (?, ?)", (session_id, time.time()))
        return session_id

    def exists(self, session_id: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is not None

    def history(self, session_id: str) -> list[dict]:
        with self._lock:
            rows = self._db.execute(
                "SELECT role, content, payload FROM messages WHERE session_id = ? ORDER BY position", (session_id,)
            ).fetchall()
        return [{"role": r, "content": c, **({"answer": json.loads(p)} if p else {})} for r, c, p in rows]

    def append(self, session_id: str, role: str, content: str, payload: dict | None = None) -> None:
        with self._lock, self._db:
            (count,) = self._db.execute("SELECT COUNT(*) FROM messages WHERE session_id = ?", (session_id,)).fetchone()
            self._db.execute(
                "INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, count, role, content, json.dumps(payload, ensure_ascii=False) if payload else None, time.time()),
            )

    def delete(self, session_id: str) -> bool:
        with self._lock, self._db:
            return self._db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount > 0

    def close(self) -> None:
        self._db.close()
