"""Ingest benchmark: full ingest (empty cache) vs the raw encoder time of the same chunks, and re-ingest.

Usage: .venv/bin/python eval/bench_ingest.py [--corpus corpus] [--out eval/reports/bench_ingest.json]
The target is full ingest ≤ 1.3 × raw encoding, and an unchanged re-ingest < 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from ingest.embeddings import make_embeddings
from ingest.index import IndexLayout, read_chunks
from ingest.pipeline import ingest_corpus
from ingest.settings import PROJECT_ROOT, Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT_ROOT / "corpus")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "eval" / "reports" / "bench_ingest.json")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(corpus_dir=args.corpus, data_dir=Path(tmp) / "data")
        started = time.perf_counter()
        report = ingest_corpus(settings)
        full = time.perf_counter() - started

        started = time.perf_counter()
        again = ingest_corpus(settings)
        reingest = time.perf_counter() - started

        chunks = read_chunks(IndexLayout(settings.data_dir).current())
        texts = [c.embedding_text for c in chunks]
        encoder = make_embeddings(settings)
        started = time.perf_counter()
        for i in range(0, len(texts), settings.embedding_batch_size):
            encoder.embed_documents(texts[i : i + settings.embedding_batch_size])
        raw = time.perf_counter() - started

    result = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "documents": report.documents,
        "chunks": len(texts),
        "characters_embedded": sum(len(t) for t in texts),
        "full_ingest_seconds": round(full, 2),
        "stage_seconds": {k: round(v, 2) for k, v in report.stage_seconds.items()},
        "raw_encoding_seconds": round(raw, 2),
        "ingest_over_raw_encoding": round(full / raw, 3),
        "reingest_unchanged_seconds": round(reingest, 2),
        "reingest_detected_unchanged": again.unchanged,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
