"""Benchmarks: ingest vs raw encoding, latency under concurrency, serving memory, growth with corpus size.

    .venv/bin/python eval/bench.py                        # everything, ≈ 20 min on 2 cores
    .venv/bin/python eval/bench.py --skip-ingest --scales 1,10

Writes eval/reports/bench.json, bench.md and bench_*.png. Latency and growth use the full-corpus index in
.data/ (run `assistant ingest` first); the ingest part builds its own index in a temporary folder.

Growth method: The 10× and 100× corpora are synthetic. Every synthetic chunk recombines the sentences of
two real chunks (first half of one, second half of the other), and its vector is the normalised mean of
their cached vectors plus small Gaussian noise — the real encoder would need hours on 2 cores for 100×.
The real chunks stay in, so the dev questions still have their answers. The BM25 and Chroma indexes are
built with ingest/index.py's own functions, so search runs exactly as in production.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
from machine import machine  # eval/machine.py: these scripts run from eval/

from assistant.chain import Assistant
from assistant.evaluation.records import DEV_SET
from assistant.retrieval import SearchOptions, finish, rank_chunks
from assistant.settings import PROJECT_ROOT, Settings
from assistant.store import open_snapshot
from ingest import index as idx
from ingest.embeddings import VectorCache, make_embeddings
from ingest.pipeline import ingest_corpus
from ingest.records import Chunk

REPORTS = PROJECT_ROOT / "eval" / "reports"
LEVELS = (1, 10, 50)
QUERIES_PER_LEVEL = {1: 60, 10: 120, 50: 250}
TARGETS = {"retrieval_p95_ms_1x": 150, "retrieval_p95_ms_100x": 300, "serve_rss_mb_1x": 1024}
SEPARATOR = "\n\n\n\n\n"  # more than retrieval's ADJACENT characters: synthetic chunks never merge
NOISE = 0.01  # per dimension; unit vectors have ≈ 0.05 per dimension (384 dimensions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT_ROOT / "corpus")
    parser.add_argument("--skip-ingest", action="store_true", help="keep the ingest numbers of the last report")
    parser.add_argument("--scales", default="1,10,100", help="corpus sizes for the growth part")
    parser.add_argument("--out", type=Path, default=REPORTS)
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]

    report: dict = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {**machine(), "loadavg_start": loadavg()},
        "method": __doc__.split("Growth method: ")[1].strip(),
    }
    previous = args.out / "bench.json"
    if args.skip_ingest and previous.exists():
        report["ingest"] = json.loads(previous.read_text(encoding="utf-8")).get("ingest")
    elif not args.skip_ingest:
        report["ingest"] = bench_ingest(args.corpus)
        print("ingest", json.dumps(report["ingest"]), flush=True)

    settings = Settings()
    embeddings = make_embeddings(settings)
    queries = query_pool(settings)
    report["concurrency"] = bench_concurrency(settings, embeddings, queries)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        report["growth"] = [bench_scale(settings, embeddings, queries, scale, Path(tmp)) for scale in scales]
    report["machine"]["loadavg_end"] = loadavg()
    report["targets"] = check_targets(report)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
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


# --- latency ------------------------------------------------------------------------------------------------


def query_pool(settings: Settings) -> list[str]:
    """Distinct questions: the dev set, then questions about the corpus' section titles.

    Each measured batch uses a fresh snapshot and distinct questions, so no query vector comes from a cache.
    """
    dev = [json.loads(line)["question"] for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    sections = dict.fromkeys(c.section.strip() for c in idx.read_chunks(idx.IndexLayout(settings.data_dir).current()))
    topics = [s[0].lower() + s[1:] for s in sections if len(s) > 3 and not s[0].isdigit()]
    templates = ("Hva sier dokumentene om {}?", "Hvem har ansvaret for {}?", "Hvilke tiltak finnes for {}?")
    return list(dict.fromkeys(dev + [t.format(topic) for t in templates for topic in topics]))


def fresh_snapshot(settings: Settings, embeddings):
    snapshot = open_snapshot(settings, embeddings)
    _ = snapshot.bm25, snapshot.idf, snapshot.vocabulary, snapshot.vectorstore
    finish(snapshot, rank_chunks(snapshot, "oppvarming av indeksen"), SearchOptions())
    return snapshot


def measure(settings: Settings, embeddings, queries: list[str], clients: int, kind: str) -> dict:
    snapshot = fresh_snapshot(settings, embeddings)
    assistant = Assistant(snapshot)
    options = SearchOptions()

    def one(query: str) -> float:
        started = time.perf_counter()
        if kind == "retrieval":
            finish(snapshot, rank_chunks(snapshot, query, options=options), options)
        else:
            assistant.ask(query)
        return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = np.asarray(list(pool.map(one, queries)))
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "queries": len(queries),
        "p50_ms": round(float(np.percentile(latencies, 50)), 1),
        "p95_ms": round(float(np.percentile(latencies, 95)), 1),
        "max_ms": round(float(latencies.max()), 1),
        "throughput_qps": round(len(queries) / wall, 2),
    }


def bench_concurrency(settings: Settings, embeddings, queries: list[str]) -> dict:
    result: dict = {"retrieval": [], "answer": []}
    for clients in LEVELS:
        batch = queries[: QUERIES_PER_LEVEL[clients]]
        for kind in result:
            result[kind].append(measure(settings, embeddings, batch, clients, kind))
            print(kind, json.dumps(result[kind][-1]), flush=True)
    return result


# --- growth -------------------------------------------------------------------------------------------------


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
    batch = queries[: QUERIES_PER_LEVEL[1]]
    row["retrieval"] = measure(settings, embeddings, batch, 1, "retrieval")
    row["answer"] = measure(settings, embeddings, batch, 1, "answer")
    row["serve"] = serve_memory(settings.data_dir, tmp)
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
    chroma = time.perf_counter() - started
    layout.activate(generation)
    return {
        "documents": len(documents),
        "texts_and_vectors_seconds": round(built, 1),
        "bm25_build_seconds": round(bm25, 1),
        "chroma_build_seconds": round(chroma, 1),
    }


# --- memory -------------------------------------------------------------------------------------------------


def serve_memory(data_dir: Path, tmp: Path) -> dict:
    """RSS of `assistant serve` (with its children) after start-up and after 20 answered questions."""
    import psutil

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0", "ASSISTANT_SESSIONS_DB": str(tmp / "sessions.sqlite")}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("assistant")),
            "serve",
            "--uten-innlesing",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(data_dir),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    try:
        while True:
            if server.poll() is not None or time.perf_counter() - started > 900:
                return {"error": "assistant serve kom ikke opp"}
            try:
                if httpx.get(url + "/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        ready = time.perf_counter() - started
        process = psutil.Process(server.pid)

        def rss() -> float:
            return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 2**20

        idle = rss()
        rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()][:20]
        with httpx.Client(timeout=120) as client:
            for row in rows:
                client.post(url + "/api/ask", json={"question": row["question"]}).raise_for_status()
        return {
            "ready_seconds": round(ready, 1),
            "rss_idle_mb": round(idle, 1),
            "rss_after_20_answers_mb": round(rss(), 1),
        }
    finally:
        server.terminate()
        server.wait(timeout=60)


# --- report -------------------------------------------------------------------------------------------------


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def check_targets(report: dict) -> dict:
    growth = {row["scale"]: row for row in report["growth"]}
    result = {}
    if 1 in growth:
        result["retrieval_p95_ms_1x"] = {
            "target": TARGETS["retrieval_p95_ms_1x"],
            "measured": growth[1]["retrieval"]["p95_ms"],
        }
        result["serve_rss_mb_1x"] = {
            "target": TARGETS["serve_rss_mb_1x"],
            "measured": growth[1]["serve"].get("rss_after_20_answers_mb"),
        }
    if 100 in growth:
        result["retrieval_p95_ms_100x"] = {
            "target": TARGETS["retrieval_p95_ms_100x"],
            "measured": growth[100]["retrieval"]["p95_ms"],
        }
    for value in result.values():
        value["met"] = value["measured"] is not None and value["measured"] <= value["target"]
    return result


def plot(report: dict, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if report.get("ingest"):
        ingest = report["ingest"]
        fig, ax = plt.subplots(figsize=(6, 3.2))
        labels = ["full ingest", "raw encoder", "re-ingest (unchanged)"]
        values = [ingest["full_ingest_seconds"], ingest["raw_encoding_seconds"], ingest["reingest_unchanged_seconds"]]
        ax.barh(labels, values, color=["#33658a", "#86bbd8", "#f6ae2d"])
        for y, v in enumerate(values):
            ax.text(v, y, f" {v:.1f} s", va="center")
        ax.set_xlabel("seconds")
        ax.set_title(f"Ingest of {ingest['chunks']} chunks")
        fig.tight_layout()
        fig.savefig(out / "bench_ingest.png", dpi=120)
        plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 3.6))
    for kind, color in (("retrieval", "#33658a"), ("answer", "#f26419")):
        rows = report["concurrency"][kind]
        clients = [r["clients"] for r in rows]
        ax.plot(clients, [r["p50_ms"] for r in rows], "o--", color=color, label=f"{kind} p50")
        ax.plot(clients, [r["p95_ms"] for r in rows], "o-", color=color, label=f"{kind} p95")
    ax.set_xscale("log")
    ax.set_xticks(list(LEVELS), [str(n) for n in LEVELS])
    ax.set_xlabel("concurrent clients (threads, one process)")
    ax.set_ylabel("ms per request")
    ax.set_title("Latency under concurrency (full corpus)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "bench_latency.png", dpi=120)
    plt.close(fig)

    rows = report["growth"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
    chunks = [r["chunks"] for r in rows]
    left.plot(chunks, [r["retrieval"]["p95_ms"] for r in rows], "o-", color="#33658a", label="retrieval p95")
    left.plot(chunks, [r["retrieval"]["p50_ms"] for r in rows], "o--", color="#33658a", label="retrieval p50")
    left.plot(chunks, [r["answer"]["p95_ms"] for r in rows], "o-", color="#f26419", label="answer p95")
    left.axhline(TARGETS["retrieval_p95_ms_100x"], color="grey", linestyle=":", label="target at 100× (300 ms)")
    left.set_xscale("log")
    left.set_xlabel("chunks in the index")
    left.set_ylabel("ms (one client)")
    left.legend(fontsize=8)
    right.bar(
        [f"{r['scale']}×" for r in rows],
        [r["serve"].get("rss_after_20_answers_mb") or 0 for r in rows],
        color="#86bbd8",
    )
    right.axhline(TARGETS["serve_rss_mb_1x"], color="grey", linestyle=":", label="1 GB (target at 1×)")
    right.set_ylabel("serve RSS (MB)")
    right.legend(fontsize=8)
    fig.suptitle("Growth with corpus size")
    fig.tight_layout()
    fig.savefig(out / "bench_growth.png", dpi=120)
    plt.close(fig)


def render_markdown(report: dict) -> str:
    m = report["machine"]
    lines = [
        f"# Benchmarks ({report['created']})",
        "",
        f"Machine: {m['cpus']} × {m['cpu_model']}, {m['ram_gb']} GB RAM, Python {m['python']}, {m['platform']}. "
        f"Load average (1/5/15 min) {m['loadavg_start']} at start, {m['loadavg_end']} at end — other work shared "
        "the CPUs during the run, so these are upper bounds.",
        "",
    ]
    if report.get("ingest"):
        i = report["ingest"]
        lines += [
            "## Ingest",
            "",
            "| documents | chunks | full ingest (empty cache) | raw encoder, same texts | ingest / encoder | re-ingest unchanged |",
            "|---|---|---|---|---|---|",
            f"| {i['documents']} | {i['chunks']} | {i['full_ingest_seconds']} s | {i['raw_encoding_seconds']} s | "
            f"{i['ingest_over_raw_encoding']} | {i['reingest_unchanged_seconds']} s "
            f"({'detected unchanged' if i['reingest_detected_unchanged'] else 'not detected as unchanged'}) |",
            "",
            f"Stages: {', '.join(f'{k} {v} s' for k, v in i['stage_seconds'].items())}. Load average before the "
            f"ingest {i.get('loadavg_before_ingest', '–')}, before the raw encoder {i.get('loadavg_before_raw_encoding', '–')}: "
            "the ratio is only meaningful when both ran on equally quiet CPUs.",
            "",
            "![ingest](bench_ingest.png)",
            "",
        ]
    lines += [
        "## Latency under concurrency (full corpus, 1×)",
        "",
        "Threads in one process calling `rank_chunks` + `finish` (retrieval) or `Assistant.ask` (answer); "
        "every batch uses a fresh index snapshot and distinct questions, so no query vector is cached.",
        "",
        "| clients | queries | retrieval p50 / p95 ms | retrieval q/s | answer p50 / p95 ms | answer q/s |",
        "|---|---|---|---|---|---|",
    ]
    for r, a in zip(report["concurrency"]["retrieval"], report["concurrency"]["answer"]):
        lines.append(
            f"| {r['clients']} | {r['queries']} | {r['p50_ms']:.0f} / {r['p95_ms']:.0f} | {r['throughput_qps']} | "
            f"{a['p50_ms']:.0f} / {a['p95_ms']:.0f} | {a['throughput_qps']} |"
        )
    lines += [
        "",
        "![latency](bench_latency.png)",
        "",
        "## Growth with corpus size",
        "",
        "| corpus | chunks | BM25 / Chroma build | open + warm | retrieval p50 / p95 ms | answer p50 / p95 ms | "
        "serve ready | serve RSS idle / after 20 answers |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in report["growth"]:
        build = (
            f"{row['bm25_build_seconds']} s / {row['chroma_build_seconds']} s"
            if "bm25_build_seconds" in row
            else "(real index)"
        )
        serve = row["serve"]
        lines.append(
            f"| {row['scale']}× | {row['chunks']} | {build} | {row['open_and_warm_seconds']} s | "
            f"{row['retrieval']['p50_ms']:.0f} / {row['retrieval']['p95_ms']:.0f} | "
            f"{row['answer']['p50_ms']:.0f} / {row['answer']['p95_ms']:.0f} | {serve.get('ready_seconds', '–')} s | "
            f"{serve.get('rss_idle_mb', '–')} / {serve.get('rss_after_20_answers_mb', '–')} MB |"
        )
    lines += [
        "",
        "![growth](bench_growth.png)",
        "",
        "## Targets",
        "",
        "| target | limit | measured | met |",
        "|---|---|---|---|",
    ]
    for name, value in report["targets"].items():
        lines.append(f"| {name} | {value['target']} | {value['measured']} | {'yes' if value['met'] else 'no'} |")
    lines += ["", "## Method", "", report["method"].replace("\n", " "), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
