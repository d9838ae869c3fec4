"""Disk space: a generation is only started when it fits, and a failed one never stays behind.

The estimate is generous on purpose (texts, offsets, chunk records, BM25 and the vector index, plus a
margin); the point is to refuse before the disk is full, since a full disk would also stop the service's
session database and the next ingest.
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Iterable
from pathlib import Path

MARGIN = 20_000_000
BYTES_PER_CHUNK_DENSE = 6_000  # 384 floats in Chroma's HNSW index and its SQLite rows, with room to spare


class IngestError(RuntimeError):
    """The ingest could not finish; the message is one Norwegian line and the previous index is untouched."""


def generation_bytes(states: Iterable, chunks: list, dense: bool) -> int:
    """Bytes a new generation may need: texts of the documents read now (carried ones are hard links)."""
    texts = 0
    for state in states:
        cleaned = getattr(state, "cleaned", None)
        if cleaned is not None:
            texts += 3 * len(cleaned.raw_text) + 3 * len(cleaned.text.text) + 4 * len(cleaned.text.text)
    chunk_bytes = sum(3 * len(c.text) + 600 for c in chunks)
    return texts + 3 * chunk_bytes + (dense_bytes(chunks) if dense else 0) + MARGIN


def dense_bytes(chunks: list) -> int:
    return len(chunks) * BYTES_PER_CHUNK_DENSE + sum(len(c.text) for c in chunks) * 2


def free_bytes(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    return shutil.disk_usage(folder).free


def check_room(folder: Path, needed: int) -> None:
    free = free_bytes(folder)
    if free < needed:
        raise IngestError(
            f"For lite ledig plass i {folder}: innlesingen trenger omtrent {needed / 1e6:.0f} MB, men bare "
            f"{free / 1e6:.0f} MB er ledig. Frigjør plass og kjør «assistant ingest» på nytt; "
            "den forrige indeksen er uendret."
        )


def full_disk_error(exc: BaseException, folder: Path) -> IngestError | None:
    """The Norwegian error for an ingest stopped by a full disk (None for other failures)."""
    from ingest.vector_cache import is_full

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT) or is_full(exc):
        return IngestError(
            f"Disken ble full under innlesingen ({folder}). Den halvferdige indeksen er fjernet og den forrige "
            "er uendret; frigjør plass og kjør «assistant ingest» på nytt."
        )
    return None
