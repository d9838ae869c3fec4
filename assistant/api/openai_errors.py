"""OpenAI-shaped error bodies on ``/v1/*``: ``{"error": {"message", "type", "param", "code"}}``.

OpenAI clients (the ``openai`` package, LangChain, Open WebUI) show ``error.message``; our ``{"detail": …}``
left them with a bare «Error code: 422». A middleware rewrites every JSON error under ``/v1/`` — from the
routes, the validation handler, the API-key guard or the router's 404 — so the Norwegian text reaches the user
whichever layer produced it. ``/api/*`` keeps its ``{"detail"}`` shape.
"""

from __future__ import annotations

import json

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PREFIX = "/v1/"

# status → (type, code) as OpenAI names them
KINDS = {
    400: ("invalid_request_error", None),
    401: ("invalid_request_error", "invalid_api_key"),
    403: ("invalid_request_error", "forbidden"),
    404: ("invalid_request_error", "not_found"),
    405: ("invalid_request_error", "method_not_allowed"),
    413: ("invalid_request_error", "request_too_large"),
    422: ("invalid_request_error", "invalid_value"),
    429: ("rate_limit_error", "rate_limit_exceeded"),
}


def openai_error(message: str, status: int, code: str | None = None, param: str | None = None) -> JSONResponse:
    """An error response in OpenAI's shape, for the /v1 routes to return directly."""
    kind, default_code = KINDS.get(status, ("server_error" if status >= 500 else "invalid_request_error", None))
    body = {"error": {"message": message, "type": kind, "param": param, "code": code or default_code}}
    return JSONResponse(body, status_code=status)


def param_of(errors: list) -> str | None:
    """The first invalid field of a validation error, as a dotted path without the «body» root."""
    for error in errors:
        loc = [part for part in error.get("loc", ()) if part != "body"] if isinstance(error, dict) else []
        if loc and isinstance(loc[0], str):  # a position in unparsable JSON is no parameter
            return ".".join(str(part) for part in loc)
    return None


def reshape(body: bytes, status: int) -> bytes | None:
    """The OpenAI-shaped body for one of our ``{"detail"}`` error bodies; None when it is shaped already."""
    try:
        data = json.loads(body)
    except ValueError:
        data = {"detail": body.decode("utf-8", "replace")}
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        return None
    detail = data.get("detail") if isinstance(data, dict) else data
    message = detail if isinstance(detail, str) else "Ugyldig forespørsel."
    errors = data.get("errors", []) if isinstance(data, dict) else []
    response = openai_error(message, status, param=param_of(errors if isinstance(errors, list) else []))
    return response.body


class OpenAIErrorShape:
    """Pure ASGI middleware: JSON error responses under /v1/ get OpenAI's error shape."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                is_json = headers.get(b"content-type", b"").startswith(b"application/json")
                if message["status"] >= 400 and is_json:
                    start = message
                    return
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(chunks)
                new = reshape(body, start["status"])
                if new is not None:
                    body = new
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, capture)
