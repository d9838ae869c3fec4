"""Running the web service: the app on uvicorn, with the dense index filled in behind it by a worker.

``assistant serve`` ingests first (lexical index only, seconds) and calls :func:`run`; the worker embeds the
rest at low priority and is stopped with the service (its vectors so far are kept; the next start resumes).
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.api.app import create_app
from assistant.chain import Assistant
from assistant.settings import Settings
from ingest.library_queue import processor_for

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def needs_api_key(settings: Settings, host: str) -> bool:
    """A service that listens beyond this machine must demand a key from its clients."""
    return host not in LOCAL_HOSTS and not settings.api_key


def serve_app(application, settings: Settings, host: str, port: int) -> None:
    """uvicorn without trusting ``X-Forwarded-For`` unless configured: from loopback it would let any client
    choose its address (and so bypass the rate limit)."""
    import uvicorn

    uvicorn.run(
        application,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=settings.proxy_headers,
        forwarded_allow_ips=settings.forwarded_allow_ips if settings.proxy_headers else None,
    )


def run(settings: Settings, assistant: Assistant, host: str, port: int, say: Callable[[str], None]) -> None:
    processor = processor_for(settings)  # owns the worker, so a library upload can pause it
    if not assistant.snapshot.dense_complete:
        processor.ensure_dense()
        say("Betydningsindeksen bygges i bakgrunnen; tjenesten svarer med ordsøk så lenge (se /health).")
    application = create_app(settings, assistant)
    try:
        serve_app(application, settings, host, port)
    finally:
        processor.close()
