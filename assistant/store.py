"""Read access to the current index generation: chunks, BM25, Chroma and the document texts."""

from __future__ import annotations

import threading
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.encoder import Encoder
from assistant.filters import Filters
from assistant.sentences import prepare as prepare_sentences
from assistant.stored_vectors import EXACT_SEARCH_LIMIT, DenseStatus, StoredVectors, generation_matrix, nearest
from ingest import index as idx
from ingest.clean import page_at as clean_page_at
from ingest.embeddings import make_embeddings
from ingest.lexical import tokenize
from ingest.records import Chunk, IndexedDocument
from ingest.settings import IngestSettings
from ingest.state import StateError, warn_once

__all__ = ["Filters", "IndexSnapshot", "StoredVectors", "open_snapshot", "warm"]


@dataclass
class IndexSnapshot:
    generation: Path
    chunks: list[Chunk]
    manifest: dict
    embeddings: Embeddings
    cache_file: Path | None = None  # the vector cache, searched while the dense index is incomplete
    _texts: dict[str, idx.DocumentText] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def chroma_url(self) -> str:
        """Where this generation's vectors live: a Chroma server, or (empty) the generation folder."""
        return self.manifest.get("chroma_url", "")

    @cached_property
    def dense_complete(self) -> bool:
        return idx.dense_complete(self.manifest)

    @cached_property
    def use_chroma(self) -> bool:
        """Whether the Chroma index opens; if not (a read-only or damaged folder) the stored vectors of the
        vector cache serve the dense leg instead, read-only."""
        if not self.dense_complete:
            return False
        try:
            self.vectorstore._collection.count()
        except Exception:  # chromadb raises its own kinds (InternalError, sqlite errors, …)
            warn_once(
                f"Vektorindeksen (Chroma) i {self.generation.name} kan ikke åpnes (skrivebeskyttet eller "
                "skadet mappe); bruker lagrede vektorer i stedet – kjør «assistant ingest» for å bygge den på nytt."
            )
            return False
        return True

    @cached_property
    def stored_vectors(self) -> StoredVectors:
        cache_file = self.cache_file or self.generation.parent.parent / "vectors.sqlite"
        return StoredVectors(cache_file, self.manifest.get("embedder", ""), [c.embedding_text for c in self.chunks])

    def dense_status(self) -> DenseStatus:
        documents = {c.document for c in self.chunks}
        if self.dense_complete and (self.local_matrix is not None or self.use_chroma):
            return DenseStatus(True, len(self.chunks), len(self.chunks), len(documents), len(documents))
        stored = self.stored_vectors
        stored.refresh()
        missing = {c.document for c, have in zip(self.chunks, stored.have) if not have}
        return DenseStatus(False, len(self.chunks), int(stored.have.sum()), len(documents), len(documents - missing))

    def dense_search(self, query: str, n: int, filters: Filters) -> list[tuple[int, float]]:
        """The n chunks nearest the query. A complete generation of up to EXACT_SEARCH_LIMIT chunks is searched
        exactly in its memory-mapped matrix (faster than Chroma's graph there, never approximate, and Chroma is
        not even loaded); a larger one, or one on a Chroma server, by Chroma; before it is complete, the
        vectors stored so far."""
        bounded = self.bounded(filters)
        if bounded is None:
            return []
        if self.local_matrix is not None and len(self.chunks) <= EXACT_SEARCH_LIMIT:
            matrix, allowed = self.local_matrix, np.ones(len(self.chunks), dtype=bool)
        elif self.use_chroma:
            # the query vector the other steps use too: the question is encoded once per answer
            found = self.vectorstore.similarity_search_by_vector_with_relevance_scores(
                self.query_vector(query), k=n, filter=bounded.chroma_where()
            )
            return [
                (self.position[doc.metadata["chunk_id"]], 1.0 - float(distance))
                for doc, distance in found
                if doc.metadata.get("chunk_id") in self.position
            ]
        else:
            stored = self.stored_vectors
            stored.refresh()
            if stored.matrix is None:
                return []
            matrix, allowed = stored.matrix, stored.have.copy()
        mask = self.mask(filters)
        if mask is not None:
            allowed &= mask > 0
        return nearest(matrix, self.query_vector(query), n, allowed)

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
            client=idx.chroma_client(self.generation, self.chroma_url),
            collection_name=idx.collection_name(self.generation, self.chroma_url),
            embedding_function=self.embeddings,  # always explicit: Chroma's default would download a model
            collection_metadata={"hnsw:space": "cosine"},
        )

    @cached_property
    def idf(self) -> dict[str, float]:
        """Inverse document frequency of each stem over the chunks (for answer scoring and abstention)."""
        import math
        from collections import Counter

        df: Counter[str] = Counter()
        for chunk in self.chunks:
            df.update(set(tokenize(f"{chunk.section_path} {chunk.text}")))
        n = max(len(self.chunks), 1)
        return {term: math.log(1 + n / count) for term, count in df.items()}

    def specificity(self, word: str) -> float:
        """How specific a word is in this corpus: the highest IDF of its stems (0 if unknown)."""
        return max((self.idf.get(stem, 0.0) for stem in tokenize(word, compounds=False)), default=0.0)

    @cached_property
    def source_names(self) -> set[str]:
        """Stems of the words that name a source (short titles, kinds, publishers).

        Not the full titles: they are made of the topic's own words («… langtidsmottakere av sosialhjelp»),
        and a follow-up's topic must keep those."""
        text = " ".join(f"{d.short_title} {d.kind} {d.publisher}" for d in self.catalog.values())
        return {t for t in tokenize(text, compounds=False) if not t.isdigit()}  # a year is a topic's time

    def subject_specificity(self, word: str) -> float:
        """Specificity of a word as the subject of a conversation: words naming a source don't count,
        since a follow-up may well ask about another source («og hva sier KS-heftet?»)."""
        if any(stem in self.source_names for stem in tokenize(word, compounds=False)):
            return 0.0
        return self.specificity(word)

    @cached_property
    def vocabulary(self) -> set[str]:
        """Stems of every word in the corpus, without compound parts (so names must occur as such)."""
        stems: set[str] = set()
        for chunk in self.chunks:
            stems.update(tokenize(f"{chunk.title} {chunk.section_path} {chunk.text}", compounds=False))
        return stems

    @cached_property
    def vocabulary_choices(self) -> tuple[str, ...]:
        """The vocabulary as a sequence, for fuzzy look-ups of OCR-like variants."""
        return tuple(sorted(self.vocabulary))

    @cached_property
    def newest_year(self) -> int | None:
        return max((d.year for d in self.catalog.values() if d.year is not None), default=None)

    @cached_property
    def encoder(self) -> Encoder:
        """The question's vector and short passages' vectors, each encoded once (LRU, thread-safe)."""
        return Encoder(self.embeddings)

    def query_vector(self, query: str) -> np.ndarray:
        """The embedded query, remembered so both legs and the answer composer embed it once."""
        return self.encoder.query(query)

    def passage_vectors(self, texts: list[str]) -> list[np.ndarray]:
        return self.encoder.passages(texts)

    def chunk_vectors(self, positions: list[int]) -> np.ndarray:
        """Vectors of the given chunks; a row of zeros for a chunk that has none yet."""
        if self.local_matrix is not None:
            return self.local_matrix[positions]
        if not self.use_chroma:
            stored = self.stored_vectors
            stored.refresh()
            if stored.matrix is None:
                return np.zeros((len(positions), 1), dtype=np.float32)
            return stored.matrix[positions]
        return self.vector_matrix[positions]

    @cached_property
    def local_matrix(self) -> np.ndarray | None:
        """A complete generation's own vectors.npy (memory-mapped), or None (incomplete, on a server, damaged)."""
        if not self.dense_complete or self.chroma_url:
            return None
        try:
            return idx.read_vector_matrix(self.generation, len(self.chunks))
        except StateError:
            return None

    @cached_property
    def vector_matrix(self) -> np.ndarray:
        """Every chunk's vector of the complete generation, in chunk order: memory-mapped from the generation
        folder (Chroma server, or a folder without it: fetched once from Chroma), so candidates are scored in
        memory, not by a round trip."""
        if self.local_matrix is not None:
            return self.local_matrix
        if self.chroma_url:  # the server is the only dense store
            return self._chroma_matrix()
        return generation_matrix(self.generation, len(self.chunks), self._chroma_matrix)

    def _chroma_matrix(self) -> np.ndarray:
        """The vectors fetched from Chroma (zeros for a missing one)."""
        ids = [c.chunk_id for c in self.chunks]
        got = self.vectorstore.get(ids=ids, include=["embeddings"])
        found = {cid: np.asarray(v, dtype=np.float32) for cid, v in zip(got["ids"], got["embeddings"])}
        dim = len(next(iter(found.values()))) if found else 1
        return (
            np.vstack([found.get(cid, np.zeros(dim, dtype=np.float32)) for cid in ids]) if ids else np.zeros((0, dim))
        )

    def dense_similarities(self, query: str, positions: list[int]) -> np.ndarray:
        """Cosine similarity of each chunk to the query; NaN for a chunk without a vector yet."""
        if not positions:
            return np.zeros(0, dtype=np.float32)
        vectors = self.chunk_vectors(positions)
        if vectors.shape[1] == 1 and self.local_matrix is None and not self.use_chroma:
            return np.full(len(positions), np.nan, dtype=np.float32)
        similarities = vectors @ self.query_vector(query)
        return np.where(np.any(vectors != 0, axis=1), similarities, np.nan).astype(np.float32)

    @cached_property
    def _page_starts(self) -> dict[str, tuple[list[int], list[int | None]]]:
        """Per document, its chunks' raw starts (sorted) and pages: a chunk's page is where it starts."""
        starts: dict[str, list[tuple[int, int | None]]] = {}
        for chunk in self.chunks:
            starts.setdefault(chunk.document, []).append((chunk.start_char, chunk.page))
        return {doc: ([s for s, _ in sorted(v)], [p for _, p in sorted(v)]) for doc, v in starts.items()}

    def page_at(self, document: str, raw_offset: int) -> int | None:
        """The page a raw offset stands on, from the document's own page anchors (as its chunks got theirs);
        for an index without them, that of the chunk starting nearest before it."""
        text = self.document_text(document)
        if text.page_anchors:
            return clean_page_at(text.page_anchors, raw_offset, text.exact_pages)
        starts, pages = self._page_starts.get(document, ([], []))
        i = bisect_right(starts, raw_offset) - 1
        return pages[i] if i >= 0 else None

    def document_text(self, document: str) -> idx.DocumentText:
        with self._lock:
            if document not in self._texts:
                entry = next(d for d in self.manifest["documents_all"] if d["document"] == document)
                self._texts[document] = idx.read_document_text(self.generation, document, entry["slot"])
            return self._texts[document]

    @cached_property
    def catalog(self) -> dict[str, IndexedDocument]:
        """The indexed documents by file name, as typed records."""
        return {name: IndexedDocument.from_manifest(name, entry) for name, entry in self.manifest["documents"].items()}

    def documents(self) -> dict[str, dict]:
        """The manifest's raw entries; :attr:`catalog` has them typed (kept for callers that read dicts)."""
        return self.manifest["documents"]

    @cached_property
    def _known_values(self) -> tuple[set[str], set[str]]:
        return {c.kind for c in self.chunks}, {c.document for c in self.chunks}

    def bounded(self, filters: Filters) -> Filters | None:
        """``filters`` restricted to the kinds and documents of this index (None: nothing can match)."""
        return filters.within(*self._known_values) if filters else filters

    def mask(self, filters: Filters) -> np.ndarray | None:
        if not filters:
            return None
        bounded = self.bounded(filters)
        if bounded is None:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.array([1.0 if bounded.matches(c) else 0.0 for c in self.chunks], dtype=np.float32)


def open_snapshot(settings: IngestSettings, embeddings: Embeddings | None = None) -> IndexSnapshot:
    """The current generation, read and checked; when it is damaged, the newest complete one that is not
    (with a logged notice), so a damaged index never keeps the service down while an older one works."""
    layout = idx.IndexLayout(settings.data_dir, settings.chroma_url)
    current = layout.current()
    if current is None:
        raise idx.IndexMissing("Ingen indeks ennå. Kjør «assistant ingest» først.")
    return _first_sound(layout, current, lambda: embeddings or make_embeddings(settings))


def _first_sound(layout: idx.IndexLayout, current: Path, embeddings) -> IndexSnapshot:
    problems: list[str] = []
    made: Embeddings | None = None
    for generation in [current, *(g for g in layout.candidates() if g != current)]:
        try:
            chunks, manifest = idx.read_chunks(generation), idx.read_manifest(generation)
            made = made or embeddings()
            snapshot = IndexSnapshot(
                generation=generation, chunks=chunks, manifest=manifest, embeddings=made, cache_file=layout.cache_file
            )
            warm(snapshot)
        except StateError as exc:
            problems.append(str(exc))
            continue
        if problems:
            warn_once(f"{problems[0]} Svarer fra den forrige indeksen {generation.name} så lenge.")
        return snapshot
    raise StateError(problems[0] if problems else "Ingen indeks ennå. Kjør «assistant ingest» først.")


def warm(snapshot: IndexSnapshot) -> None:
    """Load what requests read lazily, so a later garbage collection of the folder cannot pull it away."""
    try:
        _ = snapshot.bm25
    except Exception as exc:  # bm25s raises what numpy and json raise on a damaged folder
        raise StateError(
            f"Ordsøkindeksen (bm25) i {snapshot.generation.name} er skadet "
            "– kjør «assistant ingest» for å bygge indeksen på nytt."
        ) from exc
    _ = snapshot.idf, snapshot.vocabulary
    for document in snapshot.catalog:
        snapshot.document_text(document)
    if snapshot.local_matrix is None and snapshot.use_chroma:
        _ = snapshot.vector_matrix
    prepare_sentences(c.text for c in snapshot.chunks)  # the composer's sentence analysis, once per chunk text
