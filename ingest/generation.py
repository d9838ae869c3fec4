"""Writing a generation's lexical part: document texts with their offset maps, chunks, BM25 and the manifest.

The dense part (Chroma) is added later, by ingest or by the background worker; until then the manifest says
``"dense": "pending"``.
"""

from __future__ import annotations

import hashlib
import time

from ingest import index as idx
from ingest.fingerprint import pipeline_version
from ingest.records import Chunk


def write_lexical(generation, current, states, dropped, duplicates, chunks, prints, embedder, report) -> dict:
    """Texts, chunks, BM25 and the manifest (dense index pending) of a new generation."""
    documents_all = []
    for state in states.values():
        slot = hashlib.sha1(state.name.encode()).hexdigest()[:12]
        if state.cleaned is not None:
            cleaned = state.cleaned
            idx.write_document_text(
                generation,
                slot,
                cleaned.raw_text,
                cleaned.text.text,
                cleaned.text.offsets,
                cleaned.page_anchors,
                cleaned.exact_pages,
            )
        elif current:
            idx.copy_document_text(current, generation, slot)
        documents_all.append(
            {
                "document": state.name,
                "slot": slot,
                "fingerprint": state.fingerprint,
                "meta": state.meta,
                "signature": state.signature,
                "cleanliness": state.cleanliness,
                "repaired_words": state.repaired_words,
                "chunks": len(state.chunks),
                "duplicate_of": dropped[state.name].kept if state.name in dropped else None,
            }
        )
    aliases: dict[str, list[str]] = {}
    for d in duplicates:
        aliases.setdefault(d.kept, []).append(d.document)
    manifest = {
        "pipeline": pipeline_version(),
        "embedder": embedder,
        "dense": "pending",
        "fingerprints": prints,
        "chunks": len(chunks),
        "documents": {
            s.name: {**s.meta, "aliases": aliases.get(s.name, []), "chunks": len(s.chunks)}
            for s in states.values()
            if s.name not in dropped
        },
        "documents_all": documents_all,
        "skipped": report.skipped,
        "warnings": report.warnings,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    idx.write_chunks(generation, chunks)
    idx.build_bm25(generation, chunks)
    idx.write_manifest(generation, manifest)
    return manifest


def chunks_by_document(chunks: list[Chunk]) -> dict[str, list[Chunk]]:
    grouped: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        grouped.setdefault(chunk.document, []).append(chunk)
    return grouped


def meta_dict(meta) -> dict:
    return {
        "document": meta.document,
        "title": meta.title,
        "short_title": meta.short_title,
        "kind": meta.kind,
        "publisher": meta.publisher,
        "date": meta.date,
        "language": meta.language,
        "ocr": meta.ocr,
    }
