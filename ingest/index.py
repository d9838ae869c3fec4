"""The persisted index: Chroma (dense) + bm25s (lexical) + the chunk records, as one generation.

Each ingest writes a complete new generation folder and then switches ``current.json`` to it with an
atomic rename, so a killed ingest leaves the previous index untouched and usable.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from ingest import state
from ingest.lexical import tokenize
from ingest.records import Chunk
from ingest.safe_files import os_reason
from ingest.state import IndexMissing, StateError, read_chunks, read_manifest

__all__ = ["IndexMissing", "StateError", "read_chunks", "read_manifest"]  # the loaders live in ingest.state

COLLECTION = "chunks"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class DocumentText:
    document: str
    raw_text: str
    clean_text: str
    offsets: np.ndarray  # raw offset of each cleaned character
    page_anchors: tuple[tuple[int, int], ...] = ()  # (raw offset, page): where the file's pages start
    exact_pages: bool = False  # PDF page starts, not running heads to interpolate between


class IndexLayout:
    def __init__(self, data_dir: Path, chroma_url: str = "") -> None:
        self.data_dir = data_dir
        self.chroma_url = chroma_url
        self.generations = data_dir / "generations"
        self.current_file = data_dir / "current.json"
        self.cache_file = data_dir / "vectors.sqlite"

    def current(self) -> Path | None:
        """The active generation; when ``current.json`` is damaged or names an unfinished one, the newest
        complete generation (and a logged notice)."""
        name, problem = state.check_pointer(self.current_file)
        if name is not None and (self.generations / name / "complete").is_file():
            return self.generations / name
        fallback = self.candidates()
        if fallback:
            problem = problem or f"current.json peker på {name}, som ikke er en fullstendig indeks"
            state.warn_once(
                f"{problem}; bruker den nyeste fullstendige indeksen {fallback[0].name} "
                "– kjør «assistant ingest» for å rette."
            )
        return fallback[0] if fallback else None

    def candidates(self) -> list[Path]:
        """Every complete generation, newest first: where to fall back when the current one is damaged."""
        return state.complete_generations(self.generations)

    def repair_pointer(self, generation: Path) -> None:
        """Rewrite ``current.json`` when it is damaged but a complete generation was found (the caller
        holds the lock); a read-only folder stays as it is."""
        if state.read_pointer(self.current_file) != generation.name:
            with suppress(OSError):
                self.activate(generation)

    @contextmanager
    def building(self, generation: Path) -> Iterator[None]:
        """Remove a generation whose writing fails, so a full disk or a crash never leaves it behind."""
        from ingest.space import full_disk_error

        try:
            yield
        except BaseException as exc:
            self.discard(generation)
            translated = full_disk_error(exc, self.data_dir)
            if translated is not None:
                raise translated from exc
            raise

    def discard(self, generation: Path) -> None:
        if self.chroma_url:
            drop_remote_collection(generation, self.chroma_url)
        shutil.rmtree(generation, ignore_errors=True)

    def new_generation(self) -> Path:
        path = self.generations / f"gen-{time.time_ns()}"
        path.mkdir(parents=True)
        return path

    def activate(self, generation: Path) -> None:
        (generation / "complete").write_text("ok", encoding="utf-8")
        tmp = self.current_file.with_suffix(".tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(state.pointer_json(generation, FORMAT_VERSION))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.current_file)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def collect_garbage(self) -> None:
        """Remove generations that are neither current nor the one it replaced (the caller holds the lock).

        The replaced generation is kept because a running service may still be answering from it.
        """
        current = self.current()
        if not self.generations.exists():
            return
        previous = sorted(
            (p for p in self.generations.iterdir() if p != current and (p / "complete").exists()),
            key=lambda p: (p / "complete").stat().st_mtime_ns,
        )[-1:]
        for path in self.generations.iterdir():
            if path != current and path not in previous:
                if self.chroma_url:
                    drop_remote_collection(path, self.chroma_url)
                shutil.rmtree(path, ignore_errors=True)

    @contextmanager
    def lock(self, wait: float = 0.0) -> Iterator[None]:
        """One writer at a time; ``wait`` seconds to let a finishing writer (e.g. a dense worker) let go."""
        deadline = time.monotonic() + wait
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fh = open(self.data_dir / "ingest.lock", "w")  # noqa: SIM115 (closed below)
        except OSError as exc:
            from ingest.space import IngestError

            raise IngestError(
                f"Kan ikke skrive i datamappen {self.data_dir} ({os_reason(exc)}): innlesing trenger skrivetilgang. "
                "En eksisterende indeks kan fortsatt brukes til å svare."
            ) from exc
        with fh:
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError as exc:
                    if time.monotonic() >= deadline:
                        raise RuntimeError("en annen innlesing pågår allerede i denne datamappen") from exc
                    time.sleep(0.2)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def write_chunks(generation: Path, chunks: list[Chunk]) -> None:
    with open(generation / "chunks.jsonl", "w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")


def write_manifest(generation: Path, manifest: dict) -> None:
    tmp = generation / "documents.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    os.replace(tmp, generation / "documents.json")


def write_document_text(
    generation: Path,
    slot: str,
    raw: str,
    clean: str,
    offsets: tuple[int, ...],
    page_anchors: tuple[tuple[int, int], ...] = (),
    exact_pages: bool = False,
) -> None:
    folder = generation / "texts"
    folder.mkdir(exist_ok=True)
    (folder / f"{slot}.raw.txt").write_text(raw, encoding="utf-8")
    (folder / f"{slot}.clean.txt").write_text(clean, encoding="utf-8")
    np.save(folder / f"{slot}.offsets.npy", np.asarray(offsets, dtype=np.int32))
    pages = {"exact": exact_pages, "anchors": [[int(r), int(p)] for r, p in page_anchors]}
    (folder / f"{slot}.pages.json").write_text(json.dumps(pages), encoding="utf-8")


def _read_pages(path: Path) -> tuple[tuple[tuple[int, int], ...], bool]:
    """A document's page anchors; none (pages then come from its chunks) when the file is missing or damaged."""
    try:
        pages = json.loads(path.read_text(encoding="utf-8"))
        anchors = tuple((int(r), int(p)) for r, p in pages["anchors"])
        return tuple(sorted(anchors)), bool(pages["exact"])
    except (OSError, ValueError, KeyError, TypeError):
        return (), False


def read_document_text(generation: Path, document: str, slot: str) -> DocumentText:
    folder = generation / "texts"
    anchors, exact = _read_pages(folder / f"{slot}.pages.json")
    try:
        text = DocumentText(
            document=document,
            raw_text=(folder / f"{slot}.raw.txt").read_text(encoding="utf-8"),
            clean_text=(folder / f"{slot}.clean.txt").read_text(encoding="utf-8"),
            offsets=np.load(folder / f"{slot}.offsets.npy", allow_pickle=False),
            page_anchors=anchors,
            exact_pages=exact,
        )
    except (OSError, ValueError, EOFError) as exc:
        raise StateError(
            f"Teksten til {document} i indeksen {generation.name} er skadet eller mangler "
            "– kjør «assistant ingest» for å bygge indeksen på nytt."
        ) from exc
    if text.offsets.ndim != 1 or len(text.offsets) != len(text.clean_text):
        raise StateError(
            f"Teksten til {document} i indeksen {generation.name} er skadet "
            "– kjør «assistant ingest» for å bygge indeksen på nytt."
        )
    return text


def copy_document_text(source: Path, target: Path, slot: str) -> None:
    """Carry a document's texts over by hard link (they are never written in place), else by copy."""
    (target / "texts").mkdir(exist_ok=True)
    for suffix in (".raw.txt", ".clean.txt", ".offsets.npy", ".pages.json"):
        if suffix == ".pages.json" and not (source / "texts" / f"{slot}{suffix}").exists():
            continue  # a generation from before page anchors were kept
        _link_or_copy(str(source / "texts" / f"{slot}{suffix}"), str(target / "texts" / f"{slot}{suffix}"))


def link_generation(source: Path, target: Path) -> None:
    """Carry a generation's lexical part (chunks, texts, BM25) into a new one, by hard links.

    Files are never written in place, so sharing them is safe; the caller writes the new manifest.
    """
    for item in ("chunks.jsonl", "texts", "bm25"):
        path = source / item
        if path.is_dir():
            shutil.copytree(path, target / item, copy_function=_link_or_copy)
        elif path.exists():
            _link_or_copy(str(path), str(target / item))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def dense_complete(manifest: dict) -> bool:
    """Whether a generation has its dense (Chroma) index; generations from before progressive ingest do."""
    return manifest.get("dense", "complete") == "complete"


def build_bm25(generation: Path, chunks: list[Chunk]) -> None:
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([tokenize(lexical_text(c)) for c in chunks], show_progress=False)
    retriever.save(str(generation / "bm25"), show_progress=False)


def lexical_text(chunk: Chunk) -> str:
    """What BM25 sees: the text plus title, kind and section, so a question naming the source finds it."""
    return f"{chunk.title}\n{chunk.kind}\n{chunk.section_path}\n{chunk.text}"


def chroma_client(generation: Path, url: str = ""):
    """Chroma embedded in the generation folder, or a Chroma server (client/server mode) when ``url`` is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url)
        secure = parsed.scheme == "https"
        return chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or (443 if secure else 8000),
            ssl=secure,
            settings=settings,
        )
    return chromadb.PersistentClient(path=str(generation / "chroma"), settings=settings)


def collection_name(generation: Path, url: str = "") -> str:
    """One collection per generation on a shared server; embedded Chroma has a folder per generation."""
    return f"{COLLECTION}-{generation.name}" if url else COLLECTION


def build_chroma(generation: Path, chunks: list[Chunk], vectors: list[np.ndarray], url: str = "") -> None:
    client = chroma_client(generation, url)
    name = collection_name(generation, url)
    if url:  # a leftover of a killed run on the server would hold stale rows
        with suppress(Exception):
            client.delete_collection(name)
    collection = client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"}, embedding_function=None)
    step = min(client.get_max_batch_size(), 1000)
    for i in range(0, len(chunks), step):
        part = chunks[i : i + step]
        collection.add(
            ids=[c.chunk_id for c in part],
            embeddings=np.vstack(vectors[i : i + step]).astype(np.float32),
            documents=[c.embedding_text for c in part],
            metadatas=[chroma_metadata(c) for c in part],
        )


VECTOR_MATRIX = "vectors.npy"


def write_vector_matrix(generation: Path, chunks: list[Chunk]) -> None:
    """Every chunk's vector as the embedded Chroma collection holds it, in chunk order, as one float32 ``.npy``.

    Services memory-map it (shared between worker processes through the page cache) to score candidates
    without a round trip. The vectors are read back from Chroma, which normalises them for cosine space, so
    scores are exactly those of the collection; written to a temporary name and renamed, so a reader never
    sees half of it. A chunk Chroma lacks gets a row of zeros (no similarity).
    """
    collection = chroma_client(generation).get_collection(collection_name(generation))
    ids = [c.chunk_id for c in chunks]
    found: dict[str, np.ndarray] = {}
    for i in range(0, len(ids), 5000):
        got = collection.get(ids=ids[i : i + 5000], include=["embeddings"])
        found.update((cid, np.asarray(v, dtype=np.float32)) for cid, v in zip(got["ids"], got["embeddings"]))
    dim = len(next(iter(found.values()))) if found else 1
    matrix = np.zeros((len(ids), dim), dtype=np.float32)
    for row, cid in enumerate(ids):
        if cid in found:
            matrix[row] = found[cid]
    tmp = generation / (VECTOR_MATRIX + ".tmp")
    with open(tmp, "wb") as fh:
        np.save(fh, matrix, allow_pickle=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, generation / VECTOR_MATRIX)


def read_vector_matrix(generation: Path, chunks: int) -> np.ndarray:
    """The generation's vector matrix, memory-mapped read-only; :class:`StateError` when missing or damaged."""
    path = generation / VECTOR_MATRIX
    if not path.is_file():
        raise StateError(f"Vektormatrisen ({VECTOR_MATRIX}) mangler i indeksen {generation.name}")
    try:
        matrix = np.load(path, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise StateError(f"Vektormatrisen ({VECTOR_MATRIX}) i indeksen {generation.name} er skadet") from exc
    if matrix.ndim != 2 or matrix.dtype != np.float32 or matrix.shape[0] != chunks:
        raise StateError(
            f"Vektormatrisen ({VECTOR_MATRIX}) i indeksen {generation.name} passer ikke til tekstbitene "
            f"({matrix.shape[0] if matrix.ndim else 0} rader, {chunks} tekstbiter)"
        )
    return matrix


def drop_remote_collection(generation: Path, url: str) -> None:
    with suppress(Exception):  # the server may be down; an orphaned collection is only wasted space
        chroma_client(generation, url).delete_collection(collection_name(generation, url))


def chroma_metadata(chunk: Chunk) -> dict:
    return {"document": chunk.document, "kind": chunk.kind, "year": chunk.year or 0, "chunk_id": chunk.chunk_id}
