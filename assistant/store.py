"""Read access to the current index generation: chunks, BM25, Chroma and the document texts."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from ingest import index as idx
from ingest.embeddings import make_embeddings
from ingest.records import Chunk
from ingest.settings import Settings


@dataclass(frozen=True, slots=True)
class Filters:
    """Metadata filters a user can set: document kind, year range, specific documents."""

    kinds: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None

    def __bool__(self) -> bool:
        return bool(self.kinds or self.documents or self.year_from or self.year_to)

    def matches(self, chunk: Chunk) -> bool:
        year = int(chunk.date[:4]) if chunk.date[:4].isdigit() else None
        return (
            (not self.kinds or chunk.kind in self.kinds)
            and (not self.documents or chunk.document in self.documents)
            and (self.year_from is None or (year is not None and year >= self.year_from))
            and (self.year_to is None or (year is not None and year <= self.year_to))
        )

    def chroma_where(self) -> dict | None:
        clauses: list[dict] = []
        if self.kinds:
            clauses.append({"kind": {"$in": list(self.kinds)}})
        if self.documents:
            clauses.append({"document": {"$in": list(self.documents)}})
        if self.year_from is not None:
            clauses.append({"year": {"$gte": self.year_from}})
        if self.year_to is not None:
            clauses.append({"year": {"$lte": self.year_to}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


@dataclass
class IndexSnapshot:
    generation: Path
    chunks: list[Chunk]
    manifest: dict
    embeddings: Embeddings
    _texts: dict[str, idx.DocumentText] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @cached_property
    def position(self) -> dict[str, int]:
        return {c.chunk_id: i for i, c in enumerate(self.chunks)}

    @cached_property
    def bm25(self):
        import bm25s

        return bm25s.BM25.load(str(self.generation / "bm25"), show_progress=False)

    @cached_property
    def vectorstore(self):
        from langchain_chroma import Chroma

        return Chroma(
            client=idx.chroma_client(self.generation / "chroma"),
            collection_name=idx.COLLECTION,
            embedding_function=self.embeddings,  # always explicit: Chroma's default would download a model
            collection_metadata={"hnsw:space": "cosine"},
        )

    @cached_property
    def idf(self) -> dict[str, float]:
        """Inverse document frequency of each stem over the chunks (for answer scoring and abstention)."""
        import math
        from collections import Counter

        from ingest.lexical import tokenize

        df: Counter[str] = Counter()
        for chunk in self.chunks:
            df.update(set(tokenize(f"{chunk.section_path} {chunk.text}")))
        n = max(len(self.chunks), 1)
        return {term: math.log(1 + n / count) for term, count in df.items()}

    def specificity(self, word: str) -> float:
        """How specific a word is in this corpus: the highest IDF of its stems (0 if unknown)."""
        from ingest.lexical import tokenize

        return max((self.idf.get(stem, 0.0) for stem in tokenize(word, compounds=False)), default=0.0)

    @cached_property
    def vocabulary(self) -> set[str]:
        """Stems of every word in the corpus, without compound parts (so names must occur as such)."""
        from ingest.lexical import tokenize

        stems: set[str] = set()
        for chunk in self.chunks:
            stems.update(tokenize(f"{chunk.title} {chunk.section_path} {chunk.text}", compounds=False))
        return stems

    @cached_property
    def newest_year(self) -> int | None:
        years = [int(d["date"][:4]) for d in self.manifest["documents"].values() if d.get("date", "")[:4].isdigit()]
        return max(years, default=None)

    @cached_property
    def _query_cache(self) -> dict[str, np.ndarray]:
        return {}

    def query_vector(self, query: str) -> np.ndarray:
        """The embedded query, remembered so both legs and the answer composer embed it once."""
        cache = self._query_cache
        if query not in cache:
            if len(cache) > 256:
                cache.clear()
            cache[query] = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        return cache[query]

    def chunk_vectors(self, positions: list[int]) -> np.ndarray:
        ids = [self.chunks[i].chunk_id for i in positions]
        got = self.vectorstore.get(ids=ids, include=["embeddings"])
        found = {cid: np.asarray(v, dtype=np.float32) for cid, v in zip(got["ids"], got["embeddings"])}
        dim = len(next(iter(found.values()))) if found else 1
        return np.vstack([found.get(cid, np.zeros(dim, dtype=np.float32)) for cid in ids])

    def dense_similarities(self, query: str, positions: list[int]) -> np.ndarray:
        if not positions:
            return np.zeros(0, dtype=np.float32)
        return self.chunk_vectors(positions) @ self.query_vector(query)

    def document_text(self, document: str) -> idx.DocumentText:
        with self._lock:
            if document not in self._texts:
                entry = next(d for d in self.manifest["documents_all"] if d["document"] == document)
                self._texts[document] = idx.read_document_text(self.generation, document, entry["slot"])
            return self._texts[document]

    def documents(self) -> dict[str, dict]:
        return self.manifest["documents"]

    def mask(self, filters: Filters) -> np.ndarray | None:
        if not filters:
            return None
        return np.array([1.0 if filters.matches(c) else 0.0 for c in self.chunks], dtype=np.float32)


def open_snapshot(settings: Settings, embeddings: Embeddings | None = None) -> IndexSnapshot:
    generation = idx.IndexLayout(settings.data_dir).current()
    if generation is None:
        raise idx.IndexMissing("Ingen indeks ennå. Kjør «assistant ingest» først.")
    return IndexSnapshot(
        generation=generation,
        chunks=idx.read_chunks(generation),
        manifest=idx.read_manifest(generation),
        embeddings=embeddings or make_embeddings(settings),
    )
