"""The API's guard: Host allow-list for the key-less loopback mode, API key, and a pruned rate limiter.

Without an API key the service is meant for this machine only, so a page on another site must not reach
it through DNS rebinding (its requests carry that site's name in ``Host``): only loopback names (and any
listed in ``ASSISTANT_ALLOWED_HOSTS``) are answered. With a key, the key is the guard.
"""

from __future__ import annotations

import hmac
import time
from collections import deque

LOOPBACK_NAMES = frozenset(
    {"localhost", "127.0.0.1", "::1", "[::1]", "testserver"}
)  # testserver: Starlette's test client
MAX_CLIENTS = 10_000


def host_name(header: str) -> str:
    """``Host`` without its port, lower case (``[::1]:8000`` → ``[::1]``)."""
    header = header.strip().lower()
    if header.startswith("["):
        end = header.find("]")
        return header[: end + 1] if end > 0 else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def allowed_hosts(extra: str) -> frozenset[str]:
    listed = {host_name(h) for h in extra.split(",") if h.strip()}
    return LOOPBACK_NAMES | listed


def host_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    if not header:
        return False
    name = host_name(header)
    return name in allowed or (name.startswith("127.") and name.replace(".", "").isdigit())


def key_matches(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8", "replace"))


class RateLimiter:
    """A sliding one-minute window per client address; clients idle for a minute are forgotten."""

    def __init__(self, per_minute: int, max_clients: int = MAX_CLIENTS) -> None:
        self.per_minute = per_minute
        self.max_clients = max_clients
        self.seen: dict[str, deque[float]] = {}
        self._pruned = time.monotonic()

    def allow(self, client: str) -> bool:
        if self.per_minute <= 0:
            return True
        now = time.monotonic()
        if now - self._pruned > 60 or len(self.seen) >= self.max_clients:
            self.prune(now)
        window = self.seen.setdefault(client, deque())
        while window and now - window[0] > 60:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        return True

    def prune(self, now: float | None = None) -> None:
        """Drop clients with no request in the last minute (and, if still too many, the longest idle)."""
        now = time.monotonic() if now is None else now
        self._pruned = now
        self.seen = {c: w for c, w in self.seen.items() if w and now - w[-1] <= 60}
        if len(self.seen) >= self.max_clients:
            keep = sorted(self.seen, key=lambda c: self.seen[c][-1])[-(self.max_clients // 2) :]
            self.seen = {c: self.seen[c] for c in keep}


MAX_BODY_BYTES = 4_000_000


class RequestGate:
    """Pure ASGI middleware: refuse a foreign ``Host`` (421) when ``hosts`` is set, and a body over
    :data:`MAX_BODY_BYTES` (413) — counted as it arrives, so a chunked body cannot slip past either."""

    def __init__(self, app, hosts: frozenset[str] | None, max_body: int = MAX_BODY_BYTES) -> None:
        self.app, self.hosts, self.max_body = app, hosts, max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.hosts is not None and not host_allowed(headers.get("host"), self.hosts):
            return await _refuse(
                send,
                421,
                "Ukjent vertsnavn i forespørselen (Host). Tjenesten uten API-nøkkel "
                "svarer bare på localhost; sett ASSISTANT_ALLOWED_HOSTS eller en API-nøkkel.",
            )
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            return await _refuse(send, 413, _too_big(self.max_body))
        received = 0
        refused = False

        async def limited_receive():
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    refused = True
                    raise _BodyTooBig()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _BodyTooBig:
            if refused:
                await _refuse(send, 413, _too_big(self.max_body))


class _BodyTooBig(Exception):
    pass


def _too_big(limit: int) -> str:
    return f"Forespørselen er for stor (høyst {limit // 1_000_000} MB)."


async def _refuse(send, status: int, detail: str) -> None:
    from assistant.api.safe_json import dumps

    body = dumps({"detail": detail}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
