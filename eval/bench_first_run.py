"""Benchmark of the first run: seconds to the first cited answer and to the full dense index.

Starts the real ``assistant serve`` on an empty data folder with the project's corpus, asks one question
until a cited answer comes back, waits for the background worker to complete the dense index, and then
times the raw encoder on exactly the same chunk texts (model loaded beforehand, same thread settings).

    .venv/bin/python eval/bench_first_run.py            # writes eval/reports/first_run.json and .md
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from machine import machine  # eval/machine.py: these scripts run from eval/

from assistant.settings import Settings
from ingest.embeddings import make_embeddings
from ingest.index import IndexLayout, read_chunks

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "Hvem har ansvaret for ettervern for unge mellom 18 og 23?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_run(settings: Settings) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "serve",
            "--port",
            str(port),
            "--corpus",
            str(settings.corpus_dir),
            "--data-dir",
            str(settings.data_dir),
        ],
        env={**os.environ, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        first = None
        while first is None:
            try:
                answer = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=60).json()
                if answer.get("citations"):
                    first = time.monotonic() - started
                    first_partial = not answer["index_complete"]
            except httpx.HTTPError:
                time.sleep(0.25)
        health = {}
        while not health.get("dense", {}).get("complete"):
            time.sleep(1)
            health = httpx.get(f"{base}/health", timeout=30).json()
        full = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    return {
        "seconds_to_first_answer": round(first, 1),
        "first_answer_before_dense_index": first_partial,
        "seconds_to_full_index": round(full, 1),
        "chunks": health["dense"]["chunks"],
    }


def raw_encoder_seconds(settings: Settings) -> float:
    texts = [c.embedding_text for c in read_chunks(IndexLayout(settings.data_dir).current())]
    encoder = make_embeddings(settings)
    encoder.embed_documents(texts[:2])  # load and warm the model outside the timing
    started = time.perf_counter()
    for i in range(0, len(texts), settings.embedding_batch_size):
        encoder.embed_documents(texts[i : i + settings.embedding_batch_size])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "reports" / "first_run")
    args = parser.parse_args()
    facts = {**machine(), "loadavg_start": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "data")
        result = first_run(settings)
        raw = raw_encoder_seconds(settings)
    facts["loadavg_end"] = os.getloadavg()
    report = {
        **result,
        "raw_encoder_seconds": round(raw, 1),
        "full_index_vs_raw_encoder": round(result["seconds_to_full_index"] / raw, 2),
        "targets": {"seconds_to_first_answer": 60, "full_index_vs_raw_encoder": 1.3},
        "machine": facts,
        "measured": time.strftime("%Y-%m-%d %H:%M"),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    args.out.with_suffix(".md").write_text(
        "# First run: from an empty index to the full dense index\n\n"
        f"Machine: {facts['cpus']} × {facts['cpu_model']}, {facts['ram_gb']} GB RAM, Python {facts['python']}; "
        f"load average {facts['loadavg_start'][0]:.2f} at start, {facts['loadavg_end'][0]:.2f} at end.\n\n"
        "| measure | value | target |\n|---|---|---|\n"
        f"| seconds to the first cited answer | {report['seconds_to_first_answer']} | ≤ 60 |\n"
        f"| that answer came before the dense index was complete | {report['first_answer_before_dense_index']} | |\n"
        f"| seconds to the full dense index | {report['seconds_to_full_index']} | |\n"
        f"| raw encoder seconds for the same {report['chunks']} chunks | {report['raw_encoder_seconds']} | |\n"
        f"| full index time / raw encoder time | {report['full_index_vs_raw_encoder']}× | ≤ 1.3× |\n",
        encoding="utf-8",
    )
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
