"""Benchmarks: what an answer costs against encoding its question once, serving over HTTP with the default
worker processes, ingest against raw encoding, and growth with corpus size.

    .venv/bin/python eval/bench.py --skip-ingest --skip-growth   # answers and serving only: ≈ 3 min on 2 cores
    .venv/bin/python eval/bench.py                               # everything: ≈ 25 min on 2 cores

Writes eval/reports/bench.json, bench.md and bench_*.png. The answer and serving parts use the full-corpus
index in .data/ (or --data-dir; run `assistant ingest` first); --skip-ingest / --skip-growth keep those
sections' numbers from the last report. The ingest part builds its own index in a temporary folder; the
growth part's method is in eval/bench_growth.py. Load averages are recorded next to every number: a run
on a shared machine gives upper bounds.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import bench_growth
from bench_growth import bench_growth as run_growth
from bench_latency import bench_ratio
from bench_serving import bench_http
from machine import machine  # eval/machine.py: these scripts run from eval/

from assistant.evaluation.records import DEV_SETS
from assistant.settings import PROJECT_ROOT, Settings
from ingest import index as idx
from ingest.embeddings import make_embeddings
from ingest.pipeline import ingest_corpus

REPORTS = PROJECT_ROOT / "eval" / "reports"
RATIO_QUERIES = 60
EARLIER_50_CLIENT_QPS = 26.98  # answers/s at 50 clients in the report of 2026-11-23 (threads in one process)
EARLIER_RSS_MB = 270.3  # `assistant serve` after 20 answers, same report (one process)
TEMPLATES = (
    "Hva sier dokumentene om {}?",
    "Hvem har ansvaret for {}?",
    "Hvilke tiltak finnes for {}?",
    "Hva er målet med {}?",
    "Hvordan har det gått med {}?",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT_ROOT / "corpus")
    parser.add_argument("--data-dir", type=Path, help="the full-corpus index (default: ASSISTANT_DATA_DIR or .data)")
    parser.add_argument("--skip-ingest", action="store_true", help="keep the ingest numbers of the last report")
    parser.add_argument("--skip-growth", action="store_true", help="keep the growth numbers of the last report")
    parser.add_argument("--scales", default="1,10,100", help="corpus sizes for the growth part")
    parser.add_argument("--out", type=Path, default=REPORTS)
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    previous_file = args.out / "bench.json"
    previous = json.loads(previous_file.read_text(encoding="utf-8")) if previous_file.exists() else {}

    report: dict = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {**machine(), "loadavg_start": loadavg()},
        "method": bench_growth.__doc__.split("Method: ")[1].strip(),
    }
    if args.skip_ingest:
        report["ingest"] = previous.get("ingest")
    else:
        report["ingest"] = bench_ingest(args.corpus)
        print("ingest", json.dumps(report["ingest"]), flush=True)

    settings = Settings(data_dir=args.data_dir) if args.data_dir else Settings()
    embeddings = make_embeddings(settings)
    queries = query_pool(settings)
    report["latency"] = bench_ratio(settings, embeddings, queries[:RATIO_QUERIES])
    report["latency"]["loadavg_after"] = loadavg()
    print("latency", json.dumps(report["latency"]), flush=True)
    report["serving"] = bench_http(settings.data_dir, queries, warmup=queries[::-1])
    report["serving"]["matrix_mb"] = matrix_mb(settings)
    if args.skip_growth:
        report["growth"] = previous.get("growth", [])
    else:
        report["growth"] = run_growth(settings, embeddings, queries, scales)
    report["machine"]["loadavg_end"] = loadavg()
    report["targets"] = check_targets(report)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    from bench_report import plot, render_markdown

    plot(report, args.out)
    (args.out / "bench.md").write_text(render_markdown(report), encoding="utf-8")
    print(render_markdown(report))


# --- ingest -----------------------------------------------------------------------------------------------


def bench_ingest(corpus: Path) -> dict:
    """Full ingest with an empty vector cache, an unchanged re-ingest, and the raw encoder on the same texts."""
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        settings = Settings(corpus_dir=corpus, data_dir=Path(tmp) / "data")
        load_before_ingest = loadavg()
        started = time.perf_counter()
        report = ingest_corpus(settings)
        full = time.perf_counter() - started
        started = time.perf_counter()
        again = ingest_corpus(settings)
        reingest = time.perf_counter() - started
        texts = [c.embedding_text for c in idx.read_chunks(idx.IndexLayout(settings.data_dir).current())]
    encoder = make_embeddings(settings)
    encoder.embed_documents(texts[:2])  # load the model outside the clock
    load_before_encoder = loadavg()
    started = time.perf_counter()
    for i in range(0, len(texts), settings.embedding_batch_size):
        encoder.embed_documents(texts[i : i + settings.embedding_batch_size])
    raw = time.perf_counter() - started
    return {
        "documents": report.documents,
        "chunks": len(texts),
        "characters_embedded": sum(len(t) for t in texts),
        "full_ingest_seconds": round(full, 1),
        "stage_seconds": {k: round(v, 1) for k, v in report.stage_seconds.items()},
        "raw_encoding_seconds": round(raw, 1),
        "ingest_over_raw_encoding": round(full / raw, 3),
        "reingest_unchanged_seconds": round(reingest, 3),
        "reingest_detected_unchanged": again.unchanged,
        "loadavg_before_ingest": load_before_ingest,
        "loadavg_before_raw_encoding": load_before_encoder,
    }


# --- questions, targets ------------------------------------------------------------------------------------


def query_pool(settings: Settings) -> list[str]:
    """Distinct questions: the three dev sets, then questions about the corpus' section titles.

    The serving part asks each question once per level and never twice across levels (but the repeated row).
    """
    asked = [
        json.loads(line)["question"]
        for path in DEV_SETS
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    sections = dict.fromkeys(c.section.strip() for c in idx.read_chunks(idx.IndexLayout(settings.data_dir).current()))
    topics = [s[0].lower() + s[1:] for s in sections if len(s) > 3 and not s[0].isdigit()]
    return list(dict.fromkeys(asked + [t.format(topic) for t in TEMPLATES for topic in topics]))


def matrix_mb(settings: Settings) -> float | None:
    path = idx.IndexLayout(settings.data_dir).current() / idx.VECTOR_MATRIX
    return round(path.stat().st_size / 2**20, 1) if path.exists() else None


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def check_targets(report: dict) -> dict:
    """Issue 18's targets (answer against encoding, HTTP under load, memory) and the earlier growth targets."""
    latency, serving = report["latency"], report["serving"]
    levels = {row["clients"]: row for row in serving["levels"]}
    result = {
        "answer_p50_over_encode_p50": (1.3, latency["answer_over_encode_p50"], "max"),
        "answer_p95_ms_single_client": (100, latency["answer"]["p95_ms"], "max"),
        "http_20_clients_p95_ms": (450, levels[20]["p95_ms"], "max"),
        "http_errors_all_levels": (0, sum(row["errors"] for row in serving["levels"]), "max"),
        "http_50_clients_qps": (round(1.8 * EARLIER_50_CLIENT_QPS, 1), levels[50]["throughput_qps"], "min"),
        "rss_mb_one_worker_after_20_answers": (
            round(EARLIER_RSS_MB + (serving.get("matrix_mb") or 0), 1),
            serving["one_worker"]["rss_after_20_answers_mb"],
            "max",
        ),
    }
    growth = {row["scale"]: row for row in report.get("growth") or []}
    if 1 in growth:
        result["retrieval_p95_ms_1x"] = (150, growth[1]["retrieval"]["p95_ms"], "max")
        result["serve_rss_mb_1x_one_worker"] = (1024, growth[1]["serve"].get("rss_after_20_answers_mb"), "max")
    if 100 in growth:
        result["retrieval_p95_ms_100x"] = (300, growth[100]["retrieval"]["p95_ms"], "max")
    out = {}
    for name, (target, measured, kind) in result.items():
        met = measured is not None and (measured <= target if kind == "max" else measured >= target)
        out[name] = {"target": target, "measured": measured, "kind": kind, "met": met}
    return out


if __name__ == "__main__":
    main()
