"""Chunk vectors for scoring candidates in memory: a complete generation's memory-mapped matrix, or the
vectors found so far in the vector cache while the dense index is being built."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest import index as idx
from ingest.embeddings import VectorCache
from ingest.state import StateError, warn_once

# Up to this many chunks an exact search of the matrix (one matrix-vector product) is faster than Chroma's
# graph search; above it the graph wins, and stays the nearest-neighbour store.
EXACT_SEARCH_LIMIT = 50_000


def nearest(matrix: np.ndarray, query: np.ndarray, n: int, allowed: np.ndarray) -> list[tuple[int, float]]:
    """The n allowed rows with the highest cosine to the (normalised) query, best first, as (row, score)."""
    candidates = np.flatnonzero(allowed)
    if candidates.size == 0 or n <= 0:
        return []
    scores = matrix[candidates] @ query if candidates.size < len(matrix) else matrix @ query
    n = min(n, candidates.size)
    top = np.argpartition(-scores, n - 1)[:n]
    best = top[np.argsort(-scores[top], kind="stable")]
    return [(int(candidates[i]), float(scores[i])) for i in best]


@dataclass(frozen=True, slots=True)
class DenseStatus:
    complete: bool
    chunks: int
    chunks_embedded: int
    documents: int
    documents_embedded: int


class StoredVectors:
    """The vectors of a generation's chunks found so far in the vector cache.

    While the dense index is being built behind the service, the dense leg searches these (brute force)
    and looks again for new ones every few seconds.
    """

    def __init__(self, cache_file: Path, embedder: str, texts: list[str], max_age: float = 2.0) -> None:
        self.cache_file, self.embedder, self.texts, self.max_age = cache_file, embedder, texts, max_age
        self.matrix: np.ndarray | None = None
        self.have = np.zeros(len(texts), dtype=bool)
        self._checked = float("-inf")
        self._version = -1
        self._lock = threading.Lock()

    def refresh(self, force: bool = False) -> None:
        with self._lock:
            if self.have.all() or (not force and time.monotonic() - self._checked < self.max_age):
                return
            self._checked = time.monotonic()
            if not self.cache_file.exists():
                return
            missing = np.flatnonzero(~self.have)
            try:
                cache = VectorCache(self.cache_file, self.embedder, readonly=True)  # a reader never writes
            except sqlite3.Error:
                warn_once(
                    "Vektorhurtigbufferen (vectors.sqlite) kan ikke leses; svarer med ordsøk til neste "
                    "«assistant ingest» har bygd den på nytt."
                )
                return
            try:
                version = cache.version()
                if version == self._version:  # nothing written since the last look
                    return
                self._version = version
                found = cache.get_many(self.texts[i] for i in missing)
            except sqlite3.Error:
                warn_once(
                    "Vektorhurtigbufferen (vectors.sqlite) er skadet; svarer med ordsøk til neste "
                    "«assistant ingest» har bygd den på nytt."
                )
                return
            finally:
                cache.close()
            if not found:
                return
            if self.matrix is None:
                dim = len(next(iter(found.values())))
                self.matrix = np.zeros((len(self.texts), dim), dtype=np.float32)
            for i in missing:
                vector = found.get(self.texts[i])
                if vector is not None:
                    self.matrix[i] = vector
                    self.have[i] = True


def generation_matrix(generation: Path, chunks: int, fetch: Callable[[], np.ndarray]) -> np.ndarray:
    """The complete generation's vectors in chunk order, memory-mapped from its ``vectors.npy``.

    A generation written before the matrix existed (or one whose file is damaged) still answers: its vectors
    are fetched from Chroma once, with a notice, and the same answers come out.
    """
    try:
        return idx.read_vector_matrix(generation, chunks)
    except StateError as exc:
        warn_once(
            f"{exc}; henter vektorene fra Chroma i stedet (tregere oppstart). Kjør «assistant ingest» for å skrive den."
        )
        return fetch()
