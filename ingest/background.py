"""The dense index built behind a running service: a worker process and the progress file it leaves.

``assistant serve`` activates the lexical index within seconds and starts this worker; the service answers
from BM25 plus whatever vectors exist while the worker embeds the rest. The worker runs at low CPU priority
in a process of its own, so it never blocks a request, and stops by itself when the service that started
it is gone (vectors are stored batch by batch, so the next start resumes where it stopped).
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from ingest.settings import IngestSettings
from ingest.state import warn_once

PROGRESS_FILE = "dense_progress.json"
STAGE = "Lager vektorer"


@dataclass
class DenseProgress:
    """What the worker reports: the service shows it in /health and the web chat."""

    state: str = "starting"  # starting, running, done, failed, stopped
    pid: int = 0
    chunks: int = 0
    embedded: int = 0  # chunks with a stored vector
    cached_at_start: int = 0
    encoded: int = 0  # texts this run sent to the encoder
    chunks_per_second: float | None = None
    eta_seconds: float | None = None
    started: float = 0.0
    updated: float = 0.0
    error: str = ""


def estimate(progress: DenseProgress, now: float) -> DenseProgress:
    """Throughput and time left from what this run has encoded so far (pure)."""
    elapsed = now - progress.started
    if progress.encoded > 0 and elapsed > 0:
        rate = progress.encoded / elapsed
        progress.chunks_per_second = rate
        progress.eta_seconds = max(progress.chunks - progress.embedded, 0) / rate
    progress.updated = now
    return progress


def progress_path(settings: IngestSettings) -> Path:
    return settings.data_dir / PROGRESS_FILE


def write_progress(path: Path, progress: DenseProgress) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(progress)), encoding="utf-8")
    os.replace(tmp, path)


_PROGRESS = TypeAdapter(DenseProgress)
MAX_PROGRESS_BYTES = 65_536


def read_progress(path: Path) -> DenseProgress | None:
    """The worker's last report, validated; None when there is none or it is damaged (the worker rewrites it)."""
    try:
        data = path.read_bytes()[: MAX_PROGRESS_BYTES + 1]
    except OSError:
        return None
    try:
        if len(data) > MAX_PROGRESS_BYTES:
            raise ValueError("for stor")
        progress = _PROGRESS.validate_json(data)
    except (ValidationError, ValueError):
        warn_once(f"{path.name} er skadet og blir oversett; den skrives på nytt neste gang vektorene bygges.")
        return None
    if not all(math.isfinite(v) for v in (progress.started, progress.updated)) or any(
        v is not None and not math.isfinite(v) for v in (progress.chunks_per_second, progress.eta_seconds)
    ):
        warn_once(f"{path.name} har ugyldige tall og blir oversett.")
        return None
    return progress


class ParentGone(Exception):
    """The service that started the worker has exited or is shutting down (or an ingest waits for the lock)."""


WAITING = "ingest.waiting."  # + pid: a process waiting for the ingest lock (another worker process's upload)


@contextmanager
def waiting_for_lock(data_dir: Path) -> Iterator[None]:
    """Mark this process as waiting for the ingest lock while the block runs: a dense worker started by any
    process (with several service workers, often another one) then makes way after its current batch, so
    an upload is read in at once instead of after the whole dense index; its vectors so far are kept."""
    marker = data_dir / f"{WAITING}{os.getpid()}"
    try:
        marker.touch()
    except OSError:  # a read-only folder: the ingest itself will say why
        pass
    try:
        yield
    finally:
        marker.unlink(missing_ok=True)


def ingest_waiting(data_dir: Path) -> bool:
    """Whether a live process waits for the ingest lock (a marker of a killed one is ignored)."""
    return any(
        m.name[len(WAITING) :].isdigit() and _alive(int(m.name[len(WAITING) :])) for m in data_dir.glob(WAITING + "*")
    )


def dense_worker_running(settings: IngestSettings) -> bool:
    """Whether a dense worker (started by any process of the service) is at work on this data folder."""
    progress = read_progress(progress_path(settings))
    return progress is not None and progress.state in ("starting", "running") and _alive(progress.pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0
    return True


def run_worker(settings: IngestSettings, parent: int | None = None, embeddings=None) -> DenseProgress:
    """Complete the dense index of the current generation, reporting to the progress file."""
    from ingest.pipeline import complete_dense_index

    path = progress_path(settings)
    progress = DenseProgress(pid=os.getpid(), started=time.time(), updated=time.time())
    write_progress(path, progress)
    first = True

    def report(stage: str, done: int, total: int) -> None:
        nonlocal first
        if (parent is not None and os.getppid() != parent) or ingest_waiting(settings.data_dir):
            raise ParentGone()
        if stage != STAGE:
            return
        if first:  # the first call counts the vectors that were already stored
            progress.cached_at_start, first = done, False
        progress.state, progress.chunks, progress.embedded = "running", total, done
        progress.encoded = done - progress.cached_at_start
        write_progress(path, estimate(progress, time.time()))

    try:
        report_ = complete_dense_index(settings, report, embeddings, lock_wait=600)
        progress.state, progress.chunks, progress.embedded = "done", report_.chunks, report_.chunks
        progress.eta_seconds = 0.0
    except ParentGone:
        progress.state = "stopped"
    except Exception as exc:  # reported in /health; the lexical index keeps answering
        progress.state, progress.error = "failed", f"{type(exc).__name__}: {exc}"
    progress.updated = time.time()
    write_progress(path, progress)
    return progress


def start_worker(settings: IngestSettings) -> subprocess.Popen:
    """Start the worker as a low-priority child process of this one."""
    env = {
        **os.environ,
        "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
        "ASSISTANT_DATA_DIR": str(settings.data_dir),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "ingest.background", "--parent", str(os.getpid())],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(signum, frame) -> None:
    raise ParentGone()  # a service shutting down terminates its worker: record «stopped», not a stale «running»


def main(argv: list[str]) -> int:
    parent = int(argv[argv.index("--parent") + 1]) if "--parent" in argv else None
    signal.signal(signal.SIGTERM, _stop)
    try:
        os.nice(10)  # requests first: the service's own threads keep priority over embedding
    except OSError:
        pass
    progress = run_worker(IngestSettings(), parent)
    return 0 if progress.state in ("done", "stopped") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
