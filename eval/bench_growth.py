"""Growth with corpus size: synthetic 10× and 100× indexes, their retrieval and answer latency and serving memory.

Method: The 10× and 100× corpora are synthetic. Every synthetic chunk recombines the sentences of
two real chunks (first half of one, second half of the other), and its vector is the normalised mean of
their cached vectors plus small Gaussian noise — the real encoder would need hours on 2 cores for 100×.
The real chunks stay in, so the dev questions still have their answers. The BM25 and Chroma indexes (and the
vector matrix) are built with ingest/index.py's own functions, so search runs exactly as in production.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
from bench_latency import fresh_snapshot, measure
from bench_serving import one_worker_memory

from assistant.settings import Settings
from ingest import index as idx
from ingest.embeddings import VectorCache
from ingest.records import Chunk

SEPARATOR = "\n\n\n\n\n"  # more than retrieval's ADJACENT characters: synthetic chunks never merge
NOISE = 0.01  # per dimension; unit vectors have ≈ 0.05 per dimension (384 dimensions)
QUERIES = 60


def bench_scale(base: Settings, embeddings, queries: list[str], scale: int, tmp: Path) -> dict:
    row: dict = {"scale": scale}
    settings = base
    if scale > 1:
        settings = Settings(corpus_dir=base.corpus_dir, data_dir=tmp / f"{scale}x")
        row.update(build_synthetic(base, scale, settings.data_dir))
    row["chunks"] = len(idx.read_chunks(idx.IndexLayout(settings.data_dir).current()))
    started = time.perf_counter()
    fresh_snapshot(settings, embeddings)
    row["open_and_warm_seconds"] = round(time.perf_counter() - started, 1)
    batch = queries[:QUERIES]
    row["retrieval"] = measure(settings, embeddings, batch, 1, "retrieval")
    row["answer"] = measure(settings, embeddings, batch, 1, "answer")
    row["serve"] = one_worker_memory(settings.data_dir, tmp, queries)
    if scale > 1:
        shutil.rmtree(settings.data_dir, ignore_errors=True)
    print("growth", json.dumps(row), flush=True)
    return row


def build_synthetic(base: Settings, scale: int, data_dir: Path) -> dict:
    """A k× index from recombined chunks of the real one, with derived vectors (see the module docstring)."""
    rng = np.random.default_rng(scale)
    source = idx.IndexLayout(base.data_dir).current()
    manifest = idx.read_manifest(source)
    chunks = idx.read_chunks(source)
    cache = VectorCache(idx.IndexLayout(base.data_dir).cache_file, manifest["embedder"])
    try:
        stored = cache.get_many(c.embedding_text for c in chunks)
    finally:
        cache.close()
    vectors = [stored[c.embedding_text] for c in chunks]
    sentences = [re.split(r"(?<=[.!?»])\s+", c.text) for c in chunks]
    real_docs = [d for d in manifest["documents_all"] if not d.get("duplicate_of")]
    per_document = max(1, len(chunks) // max(len(real_docs), 1))

    started = time.perf_counter()
    layout = idx.IndexLayout(data_dir)
    generation = layout.new_generation()
    for entry in manifest["documents_all"]:
        idx.copy_document_text(source, generation, entry["slot"])
    all_chunks, all_vectors = list(chunks), list(vectors)
    documents, documents_all = dict(manifest["documents"]), list(manifest["documents_all"])
    remaining, number = (scale - 1) * len(chunks), 0
    while remaining > 0:
        name, template = f"syntetisk-{scale}x-{number:04d}.txt", real_docs[number % len(real_docs)]["meta"]
        meta = {
            **template,
            "document": name,
            "title": f"Syntetisk dokument {number} ({template['title']})",
            "short_title": f"Syntetisk {number}",
        }
        texts, offset = [], 0
        for i in range(min(per_document, remaining)):
            a, b = rng.integers(len(chunks), size=2)
            text = " ".join(sentences[a][: len(sentences[a]) // 2 + 1] + sentences[b][len(sentences[b]) // 2 :])
            all_chunks.append(
                Chunk(
                    chunk_id=f"syn-{scale}-{number}-{i}",
                    document=name,
                    text=text,
                    start_char=offset,
                    end_char=offset + len(text),
                    clean_start=offset,
                    clean_end=offset + len(text),
                    section=chunks[a].section,
                    section_path=chunks[a].section_path,
                    section_number=chunks[a].section_number,
                    page=None,
                    title=meta["title"],
                    short_title=meta["short_title"],
                    kind=meta["kind"],
                    date=meta["date"],
                    ocr_repaired=False,
                )
            )
            vector = (vectors[a] + vectors[b]) / np.linalg.norm(vectors[a] + vectors[b])
            vector = vector + rng.normal(0, NOISE, vector.shape)
            all_vectors.append((vector / np.linalg.norm(vector)).astype(np.float32))
            texts.append(text)
            offset += len(text) + len(SEPARATOR)
        raw = SEPARATOR.join(texts)
        slot = f"syn{scale}x{number:05d}"
        idx.write_document_text(generation, slot, raw, raw, np.arange(len(raw), dtype=np.int32))
        documents[name] = {**meta, "aliases": [], "chunks": len(texts)}
        documents_all.append({"document": name, "slot": slot, "meta": meta, "chunks": len(texts), "duplicate_of": None})
        remaining -= len(texts)
        number += 1
    built = time.perf_counter() - started
    idx.write_chunks(generation, all_chunks)
    idx.write_manifest(
        generation,
        {
            **manifest,
            "pipeline": f"synthetic-{scale}x",
            "dense": "complete",
            "chunks": len(all_chunks),
            "documents": documents,
            "documents_all": documents_all,
            "fingerprints": {},
            "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        },
    )
    started = time.perf_counter()
    idx.build_bm25(generation, all_chunks)
    bm25 = time.perf_counter() - started
    started = time.perf_counter()
    idx.build_chroma(generation, all_chunks, all_vectors)
    idx.write_vector_matrix(generation, all_chunks)
    chroma = time.perf_counter() - started
    layout.activate(generation)
    return {
        "documents": len(documents),
        "texts_and_vectors_seconds": round(built, 1),
        "bm25_build_seconds": round(bm25, 1),
        "chroma_build_seconds": round(chroma, 1),
    }


def bench_growth(settings: Settings, embeddings, queries: list[str], scales: list[int]) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        return [bench_scale(settings, embeddings, queries, scale, Path(tmp)) for scale in scales]
