"""Running the web service: the app on uvicorn (one process per core by default), with the dense index filled
in behind it by a worker.

``assistant serve`` ingests first (lexical index only, seconds) and calls :func:`run`; the worker embeds the
rest at low priority and is stopped with the service (its vectors so far are kept; the next start resumes).
With more than one core, uvicorn runs several worker processes on one socket (the encoder and Python's own
work then use every core); each follows ``current.json``, so a generation activated by any of them (an upload,
the dense worker) is picked up by all, and the ingest lock lets one process write at a time.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable

from assistant.settings import Settings

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_AUTO_WORKERS = 4  # each worker holds the index and the encoder (≈ 270 MB here): more is a deliberate choice
SUPERVISOR_PID = "ASSISTANT_SERVE_SUPERVISOR"  # set for worker processes: they stop when the supervisor is gone
FACTORY = "assistant.api.server:worker_app"


def needs_api_key(settings: Settings, host: str) -> bool:
    """A service that listens beyond this machine must demand a key from its clients."""
    return host not in LOCAL_HOSTS and not settings.api_key


def default_workers() -> int:
    """One worker process per core this process may run on, at most :data:`MAX_AUTO_WORKERS` (1 on one core)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_WORKERS))


def has_index(settings: Settings) -> bool:
    """Whether there is an index to serve (a supervisor checks this; its workers open the index)."""
    from ingest.index import IndexLayout

    return IndexLayout(settings.data_dir, settings.chroma_url).current() is not None


def _uvicorn_options(settings: Settings, host: str, port: int) -> dict:
    """uvicorn without trusting ``X-Forwarded-For`` unless configured: from loopback it would let any client
    choose its address (and so bypass the rate limit)."""
    return {
        "host": host,
        "port": port,
        "log_level": "warning",
        "proxy_headers": settings.proxy_headers,
        "forwarded_allow_ips": settings.forwarded_allow_ips if settings.proxy_headers else None,
    }


def serve_app(application, settings: Settings, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(application, **_uvicorn_options(settings, host, port))


def run(settings: Settings, assistant, host: str, port: int, say: Callable[[str], None], workers: int = 1) -> None:
    """Serve until stopped: ``assistant`` in this process (one worker), or ``workers`` processes that each
    open the index themselves (``assistant`` is then None and this process only supervises)."""
    from ingest.library_queue import processor_for

    processor = processor_for(settings)  # owns the dense worker, so a library upload can pause it
    processor.ensure_dense()
    if processor.worker is not None:
        say("Betydningsindeksen bygges i bakgrunnen; tjenesten svarer med ordsøk så lenge (se /health).")
    if workers > 1:
        say(f"{workers} arbeidsprosesser svarer (én per kjerne; --workers 1 for én).")
    try:
        if workers <= 1:
            from assistant.api.app import create_app

            serve_app(create_app(settings, assistant), settings, host, port)
        else:
            serve_workers(settings, host, port, workers)
    finally:
        processor.close()


def serve_workers(settings: Settings, host: str, port: int, workers: int) -> None:
    """uvicorn's supervisor with ``workers`` processes; they read their settings from the environment."""
    import uvicorn

    os.environ.update(
        {
            "ASSISTANT_DATA_DIR": str(settings.data_dir),
            "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
            SUPERVISOR_PID: str(os.getpid()),
        }
    )
    # glibc gives each request thread its own malloc arena; two keep a worker's memory flat under load
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    if not settings.embedding_threads:  # the cores shared out: two encoder threads per worker fight for them
        os.environ["ASSISTANT_EMBEDDING_THREADS"] = str(encoder_threads(workers))
    # a worker opens the index and the encoder before it answers its first health check: give it time
    uvicorn.run(
        FACTORY, factory=True, workers=workers, timeout_worker_healthcheck=60, **_uvicorn_options(settings, host, port)
    )


def encoder_threads(workers: int, cores: int | None = None) -> int:
    """Encoder threads per worker process: one worker per core encodes single-threaded (on two cores one query
    costs 39 ms of CPU on one thread against 51 ms on two), so the cores' time goes to answers, not to handing over."""
    cores = cores or os.cpu_count() or 1
    return max(1, cores // max(workers, 1))


def worker_app():
    """The app of one worker process (uvicorn's factory): configured from ``ASSISTANT_…`` variables, and
    stopped when the supervisor that started it is gone (a killed ``assistant serve`` leaves no orphans)."""
    from assistant.api.app import app_from_environment

    supervisor = int(os.environ.get(SUPERVISOR_PID) or 0)
    if supervisor:
        threading.Thread(target=_follow_supervisor, args=(supervisor,), name="supervisor-watch", daemon=True).start()
    return app_from_environment()


def _follow_supervisor(supervisor: int, every: float = 1.0) -> None:
    while os.getppid() == supervisor:
        threading.Event().wait(every)
    os.kill(os.getpid(), signal.SIGTERM)  # uvicorn's own graceful shutdown: requests in flight are finished
