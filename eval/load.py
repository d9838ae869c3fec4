"""Load test: N concurrent clients for T seconds against `assistant serve` on loopback.

    .venv/bin/python eval/load.py                                   # starts the server itself: 50 clients × 60 s
    .venv/bin/python eval/load.py --url http://127.0.0.1:8000 --clients 10 --seconds 5

Each client asks questions from the dev set (with their history) through POST /api/ask, one after another.
A response counts as an error unless it is a 200 with a valid answer object for the question asked.
Writes load.json and load.md (requests, errors, p50/p95 latency, throughput, server memory) to --out.
Bounded in count and time and loopback only; the server this script starts has its rate limit switched off.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import httpx
import numpy as np
from machine import machine  # eval/machine.py: these scripts run from eval/

from assistant.evaluation.records import DEV_SET
from assistant.records import AnswerResult
from ingest.settings import PROJECT_ROOT

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (loopback only); default: start `assistant serve` here")
    parser.add_argument("--data-dir", type=Path, help="index folder for the server this script starts")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--questions", type=Path, default=DEV_SET)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one request may take")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "eval" / "reports")
    parser.add_argument("--responses", type=Path, help="also write every response body here (JSON lines)")
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 0 < args.seconds <= 600:
        parser.error("--clients must be 1–200 and --seconds 0–600")

    questions = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    load_start = os.getloadavg()
    server = None
    url = args.url
    if url is None:
        server, url = start_server(args.data_dir)
    elif urlparse(url).hostname not in LOOPBACK:
        parser.error("load is only run against loopback (127.0.0.1)")
    try:
        health = httpx.get(url + "/health", timeout=30).json()
        with httpx.Client(timeout=args.timeout) as client:
            ask(client, url, questions[0])  # warm-up, not measured
        memory = MemorySampler(server.pid if server else None)
        memory.start()
        run = LoadRun(url, questions, args.clients, args.seconds, args.timeout, args.responses)
        run.execute()
        memory.stop()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    report = build_report(args, run, health, memory, load_start, server is not None)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "load.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    (args.out / "load.md").write_text(render_markdown(report), encoding="utf-8")
    print(render_markdown(report))
    sys.exit(1 if report["results"]["errors"] else 0)


def start_server(
    data_dir: Path | None, args: tuple[str, ...] = (), env: dict | None = None, seconds: float = 180
) -> tuple[subprocess.Popen, str]:
    """`assistant serve --uten-innlesing` on a free loopback port (rate limit off), once /health answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [str(Path(sys.executable).with_name("assistant")), "serve", "--uten-innlesing", "--host", "127.0.0.1"]
    command += ["--port", str(port), *args]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    env = {**os.environ, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0", "OMP_WAIT_POLICY": "PASSIVE", **(env or {})}
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("assistant serve stoppet:\n" + server.stderr.read().decode(errors="replace")[-3000:])
        try:
            if httpx.get(url + "/health", timeout=2).status_code == 200:
                return server, url
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    server.kill()
    raise SystemExit(f"assistant serve svarte ikke på /health innen {seconds:.0f} s")


def ask(client: httpx.Client, url: str, row: dict) -> httpx.Response:
    return client.post(url + "/api/ask", json={"question": row["question"], "history": row.get("history") or []})


class LoadRun:
    """Clients as threads: each sends its next question as soon as the previous answer is in."""

    def __init__(
        self, url: str, questions: list[dict], clients: int, seconds: float, timeout: float, responses: Path | None
    ) -> None:
        self.url, self.questions, self.clients, self.seconds, self.timeout = url, questions, clients, seconds, timeout
        self.latencies: list[float] = []
        self.errors: Counter[str] = Counter()
        self.abstained = 0
        self.wall = 0.0
        self._lock = threading.Lock()
        self._responses = open(responses, "w", encoding="utf-8") if responses else None

    def execute(self) -> None:
        started = time.perf_counter()
        self._deadline = started + self.seconds
        threads = [threading.Thread(target=self._client, args=(n,)) for n in range(self.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.wall = time.perf_counter() - started
        if self._responses:
            self._responses.close()

    def _client(self, number: int) -> None:
        with httpx.Client(timeout=self.timeout) as client:
            k = 0
            while time.perf_counter() < self._deadline:
                row = self.questions[(number + k * self.clients) % len(self.questions)]
                k += 1
                t0 = time.perf_counter()
                try:
                    response = ask(client, self.url, row)
                    error, body = check(response, row["question"])
                except httpx.HTTPError as exc:
                    error, body = type(exc).__name__, None
                elapsed = (time.perf_counter() - t0) * 1000
                with self._lock:
                    self.latencies.append(elapsed)
                    if error:
                        self.errors[error] += 1
                    elif body["abstained"]:
                        self.abstained += 1
                    if self._responses and body is not None:
                        self._responses.write(json.dumps(body, ensure_ascii=False) + "\n")


def check(response: httpx.Response, question: str) -> tuple[str, dict | None]:
    """An error name, or "" with the body when the response is a valid answer to the question."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}", None
    try:
        body = response.json()
        answer = AnswerResult.model_validate(body)
    except ValueError:
        return "ugyldig svarobjekt", None
    if answer.question != question.strip() or not answer.answer:
        return "svar på feil spørsmål", body
    return "", body


class MemorySampler:
    """Peak resident memory of the server process (and its children) while the load runs."""

    def __init__(self, pid: int | None) -> None:
        self.pid, self.peak_mb, self._stop = pid, None, threading.Event()

    def start(self) -> None:
        if self.pid is not None:
            threading.Thread(target=self._sample, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _sample(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        process = psutil.Process(self.pid)
        while not self._stop.is_set():
            try:
                rss = sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])
            except psutil.Error:
                return
            self.peak_mb = max(self.peak_mb or 0.0, rss / 2**20)
            self._stop.wait(0.5)


def build_report(args, run: LoadRun, health: dict, memory: MemorySampler, load_start, started_server: bool) -> dict:
    latencies = np.asarray(run.latencies or [0.0])
    errors = sum(run.errors.values())
    return {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {
            **machine(),
            "loadavg_start": [round(x, 2) for x in load_start],
            "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        },
        "config": {
            "clients": args.clients,
            "seconds": args.seconds,
            "endpoint": "POST /api/ask",
            "questions": str(args.questions),
            "question_count": len(run.questions),
            "server_started_by_script": started_server,
        },
        "server": {
            "documents": health.get("documents"),
            "chunks": health.get("chunks"),
            "mode": health.get("mode"),
            "peak_rss_mb": round(memory.peak_mb, 1) if memory.peak_mb else None,
        },
        "results": {
            "requests": len(run.latencies),
            "ok": len(run.latencies) - errors,
            "errors": errors,
            "error_kinds": dict(run.errors),
            "abstained": run.abstained,
            "latency_ms": {
                "p50": round(float(np.percentile(latencies, 50)), 1),
                "p95": round(float(np.percentile(latencies, 95)), 1),
                "max": round(float(latencies.max()), 1),
                "mean": round(float(latencies.mean()), 1),
            },
            "throughput_rps": round(len(run.latencies) / run.wall, 2) if run.wall else 0.0,
            "wall_seconds": round(run.wall, 1),
        },
    }


def render_markdown(report: dict) -> str:
    r, c, m, s = report["results"], report["config"], report["machine"], report["server"]
    lat = r["latency_ms"]
    lines = [
        f"# Load test ({report['created']})",
        "",
        f"{c['clients']} concurrent clients for {c['seconds']:g} s against `{c['endpoint']}` "
        f"({s['documents']} documents, {s['chunks']} chunks, {s['mode']}); questions from `{Path(c['questions']).name}`.",
        "",
        "| requests | errors | p50 ms | p95 ms | max ms | throughput (req/s) | server peak RSS (MB) |",
        "|---|---|---|---|---|---|---|",
        f"| {r['requests']} | {r['errors']} | {lat['p50']:.0f} | {lat['p95']:.0f} | {lat['max']:.0f} | "
        f"{r['throughput_rps']:.1f} | {s['peak_rss_mb'] if s['peak_rss_mb'] is not None else '–'} |",
        "",
        f"Errors by kind: {r['error_kinds'] or 'none'}. Abstained answers: {r['abstained']}.",
        "",
        f"Machine: {m['cpus']} × {m['cpu_model']}, {m['ram_gb']} GB RAM, Python {m['python']}; "
        f"load average {m['loadavg_start'][0]:.2f} at start, {m['loadavg_end'][0]:.2f} at end "
        "(the load generator shares the CPUs with the server).",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
