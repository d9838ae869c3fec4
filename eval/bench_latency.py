"""In-process latency: one client calling the chain, answer next to the raw query encoding of the same questions.

The ratio is the point: an answer should cost little more than encoding its question once. The encoder is
timed on every question before and after the answers (so a change in the machine's load hits both), each
measured answer uses a fresh snapshot whose query-vector cache has never seen the question, and a separate
row asks the same questions again (their vectors cached, as when a chat front end resends).
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from assistant.chain import Assistant
from assistant.retrieval import SearchOptions, finish, rank_chunks
from assistant.settings import Settings
from assistant.store import open_snapshot, warm

WARM_UP = "Hva sier dokumentene om oppvarming av indeksen?"


def stats(values_ms: list[float]) -> dict:
    values = np.asarray(values_ms or [0.0])
    return {
        "p50_ms": round(float(np.percentile(values, 50)), 1),
        "p95_ms": round(float(np.percentile(values, 95)), 1),
        "max_ms": round(float(values.max()), 1),
    }


def fresh_snapshot(settings: Settings, embeddings):
    """A snapshot opened as `assistant serve` opens one (:func:`warm`), whose caches have seen no question."""
    snapshot = open_snapshot(settings, embeddings)
    warm(snapshot)
    finish(snapshot, rank_chunks(snapshot, "oppvarming av indeksen"), SearchOptions())
    return snapshot


def _timed(function, argument) -> float:
    started = time.perf_counter()
    function(argument)
    return (time.perf_counter() - started) * 1000


def bench_ratio(settings: Settings, embeddings, questions: list[str], repeated: int = 30) -> dict:
    """Raw encoding, retrieval and answer of the same questions, one client, in this process."""
    snapshot = fresh_snapshot(settings, embeddings)
    assistant = Assistant(snapshot)
    assistant.ask(WARM_UP)  # the judge, the encoder's threads: loaded outside the clock
    cpu = time.process_time()
    encode = [_timed(embeddings.embed_query, q) for q in questions]
    encode_cpu = time.process_time() - cpu
    answer = [_timed(assistant.ask, q) for q in questions]
    cpu = time.process_time()
    encode += [_timed(embeddings.embed_query, q) for q in questions]
    encode_cpu += time.process_time() - cpu
    again = [_timed(assistant.ask, q) for q in questions[:repeated]]  # query vectors now cached
    retrieval_snapshot = fresh_snapshot(settings, embeddings)
    options = SearchOptions()
    retrieval = [
        _timed(lambda q: finish(retrieval_snapshot, rank_chunks(retrieval_snapshot, q, options=options), options), q)
        for q in questions
    ]
    row = {
        "queries": len(questions),
        "encode": stats(encode),
        "retrieval": stats(retrieval),
        "answer": stats(answer),
        "answer_repeated": {**stats(again), "queries": len(again)},
    }
    row["answer_over_encode_p50"] = round(row["answer"]["p50_ms"] / row["encode"]["p50_ms"], 3)
    # CPU time of one query encoding (all the encoder's threads): what caps answers per second on this machine
    row["encode_cpu_ms"] = round(encode_cpu * 1000 / len(encode), 1)
    row["encode_ceiling_qps"] = round((os.cpu_count() or 1) * 1000 / row["encode_cpu_ms"], 1)
    return row


def measure(settings: Settings, embeddings, queries: list[str], clients: int, kind: str) -> dict:
    """Retrieval or answers from ``clients`` threads in one process (the growth section's rows)."""
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
        latencies = list(pool.map(one, queries))
    wall = time.perf_counter() - started
    return {
        "clients": clients,
        "queries": len(queries),
        **stats(latencies),
        "throughput_qps": round(len(queries) / wall, 2),
    }
