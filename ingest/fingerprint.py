"""What a document's fingerprint is made of: its bytes (hashed in blocks after a size check), its metadata
entry, the settings and code that shape its chunks, and for OCR documents the clean documents they are
repaired with. Equal fingerprints mean a document can be carried over unchanged."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ingest.corpus import CorpusFile, feeds_lexicon, is_ocr
from ingest.loaders import LoadError, byte_limit
from ingest.safe_files import file_digest
from ingest.settings import IngestSettings


def pipeline_version() -> str:
    """A digest of the ingest code itself: changing how text is cleaned or chunked re-ingests."""
    package = Path(__file__).parent
    return digest(*(p.read_bytes() for p in sorted(package.glob("*.py"))))[:16]


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


SKIPPED = "skipped:"  # fingerprint of an entry refused before it was read (so a change to it is seen)


def fingerprints(
    files: list[CorpusFile],
    sources: dict[str, dict],
    settings: IngestSettings,
    embedder: str,
    skipped: list[tuple[str, str]] | None = None,
) -> dict[str, str]:
    """Each document's fingerprint; a file that cannot be read (or is too big: its size is checked
    before a byte is read) goes to ``skipped`` with its reason instead."""
    shaping = json.dumps(
        [pipeline_version(), settings.chunk_size, settings.chunk_overlap, settings.ocr_repair, embedder]
    )
    base: dict[str, str] = {}
    for file in files:
        try:
            content = file_digest(file.path, byte_limit(file.path, settings.max_document_mb))
        except LoadError as exc:
            if skipped is not None:
                skipped.append((file.name, str(exc)))
            continue
        base[file.name] = digest(content, json.dumps(sources.get(file.name), sort_keys=True), shaping)
    lexicon_sources = digest(*(base[n] for n in sorted(base) if feeds_lexicon(n, sources)))
    return {n: (digest(fp, lexicon_sources) if is_ocr(n, sources) else fp) for n, fp in base.items()}
