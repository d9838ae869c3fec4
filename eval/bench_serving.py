"""Serving benchmark: `assistant serve` started as `make serve` starts it (one worker process per core), then
1 / 10 / 20 / 50 concurrent HTTP clients, and the resident memory of each worker at idle and after the answers.

Every level asks questions no earlier level asked (the server's query-vector cache would flatter the numbers);
a separate row repeats questions already asked, as a chat front end that resends does. The rate limit is
switched off for the run (from one address, 50 clients would meet it), so the numbers are the service's own.
"""

from __future__ import annotations

import os
import queue
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import httpx
import load  # eval/load.py: these scripts run from eval/
import numpy as np

HTTP_LEVELS = (1, 10, 20, 50)
HTTP_QUERIES = {1: 40, 10: 120, 20: 160, 50: 250}
REPEATED_CLIENTS = 20


def start_server(data_dir: Path, sessions: Path, workers: int = 0) -> tuple[subprocess.Popen, str]:
    """`assistant serve --uten-innlesing` (workers=0: the default of `make serve`), once /health answers."""
    return load.start_server(
        data_dir, ("--workers", str(workers)), {"ASSISTANT_SESSIONS_DB": str(sessions)}, seconds=300
    )


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def worker_processes(server: subprocess.Popen) -> list:
    """uvicorn's worker processes (spawned children), or the server itself when it serves alone."""
    import psutil

    process = psutil.Process(server.pid)
    workers = [p for p in process.children() if "spawn_main" in " ".join(p.cmdline())]
    return workers or [process]


def memory(server: subprocess.Popen) -> dict:
    """RSS and PSS in MB of each worker, and the supervisor's RSS (PSS shares a page among the processes
    that map it, such as the memory-mapped vector matrix)."""
    import psutil

    supervisor = psutil.Process(server.pid)
    workers = worker_processes(server)
    return {
        "workers": [round(p.memory_info().rss / 2**20, 1) for p in workers],
        "workers_pss": [round(p.memory_full_info().pss / 2**20, 1) for p in workers],
        "supervisor": round(supervisor.memory_info().rss / 2**20, 1) if workers != [supervisor] else None,
    }


def one_worker_memory(data_dir: Path, tmp: Path, questions: list[str]) -> dict:
    """RSS of a one-worker `assistant serve` (with its children) after start-up and after 20 answered questions,
    as the earlier reports measured the serving process."""
    import psutil

    started = time.perf_counter()
    server, url = start_server(data_dir, tmp / "sessions-one.sqlite", workers=1)
    try:
        ready = time.perf_counter() - started
        process = psutil.Process(server.pid)

        def rss() -> float:
            return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]) / 2**20

        idle = rss()
        with httpx.Client(timeout=120) as client:
            for question in questions[:20]:
                client.post(url + "/api/ask", json={"question": question}).raise_for_status()
        return {
            "ready_seconds": round(ready, 1),
            "rss_idle_mb": round(idle, 1),
            "rss_after_20_answers_mb": round(rss(), 1),
        }
    finally:
        stop_server(server)


def warm_up(url: str, workers: int, questions: list[str]) -> None:
    """Outside the clock: parallel requests on fresh connections, so that each worker has likely answered."""
    from concurrent.futures import ThreadPoolExecutor

    def ask(question: str) -> None:
        httpx.post(url + "/api/ask", json={"question": question}, timeout=120).raise_for_status()

    with ThreadPoolExecutor(max_workers=2 * workers) as pool:
        list(pool.map(ask, questions[: 4 * workers]))


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time (user + system) the server's processes have used so far: what an answer costs the machine,
    whatever else shares it."""
    import psutil

    total = 0.0
    for process in [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def load_level(url: str, questions: list[str], clients: int, server: subprocess.Popen | None = None) -> dict:
    """``clients`` clients, each sending its next question as soon as its previous answer is in."""
    todo: queue.SimpleQueue[str] = queue.SimpleQueue()
    for question in questions:
        todo.put(question)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(timeout=120) as http:
            while True:
                try:
                    question = todo.get_nowait()
                except queue.Empty:
                    return
                started = time.perf_counter()
                try:
                    response = http.post(url + "/api/ask", json={"question": question})
                    ok = response.status_code == 200 and response.json().get("question") == question.strip()
                    error = "" if ok else f"HTTP {response.status_code}"
                except (httpx.HTTPError, ValueError) as exc:
                    error = type(exc).__name__
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed * 1000)
                    if error:
                        errors[error] = errors.get(error, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    cpu = server_cpu_seconds(server) if server else None
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu_ms = round((server_cpu_seconds(server) - cpu) * 1000 / len(questions), 1) if server else None
    values = np.asarray(latencies or [0.0])
    return {
        "clients": clients,
        "queries": len(questions),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "p50_ms": round(float(np.percentile(values, 50)), 1),
        "p95_ms": round(float(np.percentile(values, 95)), 1),
        "max_ms": round(float(values.max()), 1),
        "throughput_qps": round(len(questions) / wall, 2),
        "server_cpu_ms_per_answer": cpu_ms,
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
    }


def bench_http(data_dir: Path, questions: list[str], warmup: list[str]) -> dict:
    """The serving benchmark over HTTP against a multi-worker `assistant serve` (see the module docstring)."""
    needed = sum(HTTP_QUERIES.values())
    if len(questions) < needed:
        raise SystemExit(f"for få ulike spørsmål til HTTP-målingen ({len(questions)} av {needed})")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        started = time.perf_counter()
        server, url = start_server(data_dir, Path(tmp) / "sessions.sqlite")
        try:
            ready = time.perf_counter() - started
            time.sleep(2)  # every worker has opened its index and answered the supervisor's health check
            idle = memory(server)
            workers = len(idle["workers"])
            warm_up(url, workers, warmup)
            levels, offset = [], 0
            for clients in HTTP_LEVELS:
                batch = questions[offset : offset + HTTP_QUERIES[clients]]
                offset += len(batch)
                levels.append(load_level(url, batch, clients, server))
                print("http", levels[-1], flush=True)
            repeated = load_level(url, questions[: HTTP_QUERIES[50]], REPEATED_CLIENTS, server)
            print("http repeated", repeated, flush=True)
            after = memory(server)
        finally:
            stop_server(server)
        one = one_worker_memory(data_dir, Path(tmp), questions)
    return {
        "workers": workers,
        "one_worker": one,
        "ready_seconds": round(ready, 1),
        "levels": levels,
        "repeated": repeated,
        "rss_idle_mb": idle,
        "rss_after_answers_mb": after,
        "answers_before_memory": offset + repeated["queries"] + 4 * workers,
    }
