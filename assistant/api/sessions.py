"""Server-side conversations in any SQLAlchemy database, so a restarted server still knows every session.

SQLite in the data folder is the default; ``ASSISTANT_SESSIONS_URL`` (e.g. ``postgresql+psycopg://…``)
lets several API workers share one database. Every write is a single statement or one short
transaction, so two stores on the same URL see each other's writes at once.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from pathlib import Path

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    exists,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from assistant.settings import Settings
from ingest.state import warn_once
from ingest.vector_cache import move_aside

metadata = MetaData()
sessions_table = Table(
    "sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("created", Float, nullable=False),
)
messages_table = Table(
    "messages",
    metadata,
    Column("session_id", String(64), ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("role", String(16), nullable=False),
    Column("content", Text, nullable=False),
    Column("payload", Text),
    Column("created", Float, nullable=False),
)

APPEND_ATTEMPTS = 8


class UnknownSession(KeyError):
    """The session does not exist (any more): deleted while a request was answering in it."""


def database_url(location: Path | str) -> str:
    """A database URL for ``location``: URLs pass through, anything else is a SQLite file path."""
    if isinstance(location, str) and "://" in location:
        return location
    path = Path(location).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def make_session_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    in_memory = parsed.database in (None, "", ":memory:")
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        **({"poolclass": StaticPool} if in_memory else {}),
    )

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _damaged(exc: SQLAlchemyError) -> bool:
    original = getattr(exc, "orig", None)
    code = getattr(original, "sqlite_errorcode", None)
    text = str(original or exc).lower()
    return code in (11, 26) or "not a database" in text or "malformed" in text


OPEN_ATTEMPTS = 8
_CONCURRENT_OPEN = ("already exists", "database is locked", "database table is locked")


def _reason(exc: SQLAlchemyError) -> str:
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "skrivebeskyttet" if "readonly" in text or "read-only" in text else "ingen skrivetilgang"


class SessionStore:
    def __init__(self, location: Path | str) -> None:
        """``location`` is a SQLAlchemy database URL or the path of a SQLite file.

        A damaged SQLite file is moved aside and a new one started (with a logged warning); a file that cannot
        be written (a read-only data folder) leaves the conversations in memory, so the service still answers.
        """
        self.url = database_url(location)
        self._engine = make_session_engine(self.url)
        try:
            self._open()
        except SQLAlchemyError as exc:
            self._engine.dispose()
            path = _sqlite_path(self.url)
            if path is None:
                raise
            if _damaged(exc) and path.exists():
                aside = move_aside(path)
                warn_once(
                    f"Samtaledatabasen {path.name} var skadet og er flyttet til {aside.name}; "
                    "en ny er opprettet (tidligere samtaler er i den flyttede filen)."
                )
                self._engine = make_session_engine(self.url)
                self._open()
            else:
                warn_once(
                    f"Samtaledatabasen {path} kan ikke skrives ({_reason(exc)}); samtalene lagres bare i minnet "
                    "til tjenesten startes på nytt med skrivetilgang."
                )
                self.url = "sqlite://"
                self._engine = make_session_engine(self.url)
                self._open()

    def _open(self) -> None:
        """Create the tables and read them once, so damage shows now and not in the middle of a request.

        Several workers start at once on a new file: another one may be creating the same tables or holding
        the lock this very moment. That is waited out, not taken for a file that cannot be written."""
        for attempt in range(OPEN_ATTEMPTS):
            try:
                return self._open_once()
            except OperationalError as exc:
                text = str(getattr(exc, "orig", None) or exc).lower()
                if attempt == OPEN_ATTEMPTS - 1 or not any(t in text for t in _CONCURRENT_OPEN):
                    raise
                time.sleep(0.05 * (attempt + 1))

    def _open_once(self) -> None:
        metadata.create_all(self._engine)
        with self._engine.connect() as db:
            if make_url(self.url).get_backend_name() == "sqlite":
                check = db.exec_driver_sql("PRAGMA quick_check(1)").scalar()
                if check != "ok":
                    raise DatabaseError("PRAGMA quick_check", {}, sqlite3.DatabaseError(str(check)))
            db.execute(select(func.count()).select_from(sessions_table)).scalar()

    @classmethod
    def for_settings(cls, settings: Settings) -> SessionStore:
        """``sessions_url`` if set, else the SQLite file ``sessions_db`` (default ``<data_dir>/sessions.sqlite``)."""
        if settings.sessions_url:
            return cls(settings.sessions_url)
        return cls(Path(settings.sessions_db) if settings.sessions_db else settings.data_dir / "sessions.sqlite")

    def create(self) -> str:
        session_id = uuid.uuid4().hex
        with self._engine.begin() as db:
            db.execute(insert(sessions_table).values(id=session_id, created=time.time()))
        return session_id

    def exists(self, session_id: str) -> bool:
        with self._engine.connect() as db:
            return bool(db.execute(select(exists().where(sessions_table.c.id == session_id))).scalar())

    def history(self, session_id: str, last: int | None = None) -> list[dict]:
        """The session's messages in order (only the ``last`` ones when given)."""
        m = messages_table.c
        query = select(m.role, m.content, m.payload).where(m.session_id == session_id)
        if last is not None:
            query = query.order_by(m.position.desc()).limit(last)
            with self._engine.connect() as db:
                rows = db.execute(query).all()[::-1]
        else:
            with self._engine.connect() as db:
                rows = db.execute(query.order_by(m.position)).all()
        return [{"role": r, "content": c, **({"answer": json.loads(p)} if p else {})} for r, c, p in rows]

    def append(self, session_id: str, role: str, content: str, payload: dict | None = None) -> None:
        """Add a message at the next position, computed inside the INSERT so concurrent writers cannot collide."""
        m = messages_table.c
        next_position = (
            select(func.coalesce(func.max(m.position) + 1, 0)).where(m.session_id == session_id).scalar_subquery()
        )
        values = select(
            literal(session_id, String),
            next_position,
            literal(role, String),
            literal(content, Text),
            literal(json.dumps(payload, ensure_ascii=False) if payload else None, Text),
            literal(time.time(), Float),
        )
        statement = insert(messages_table).from_select(
            ["session_id", "position", "role", "content", "payload", "created"], values
        )
        for attempt in range(APPEND_ATTEMPTS):
            try:
                with self._engine.begin() as db:
                    db.execute(statement)
                return
            except (IntegrityError, OperationalError):  # another worker took the position, or held the lock
                if not self.exists(session_id):
                    raise UnknownSession(session_id) from None  # deleted meanwhile: no foreign key to hang on to
                if attempt == APPEND_ATTEMPTS - 1:
                    raise
                time.sleep(0.01 * (attempt + 1))

    def delete(self, session_id: str) -> bool:
        with self._engine.begin() as db:
            db.execute(delete(messages_table).where(messages_table.c.session_id == session_id))
            return db.execute(delete(sessions_table).where(sessions_table.c.id == session_id)).rowcount > 0

    def close(self) -> None:
        self._engine.dispose()
