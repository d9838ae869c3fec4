"""HTTP face of the assistant: the FastAPI app with its guard (API key, rate limit), Norwegian error
messages, the routers (chat, documents, OpenAI-compatible, drafting) and the web chat.

``uvicorn --factory assistant.api.app:app_from_environment`` serves it from ``ASSISTANT_…`` variables.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.api.chat import chat_router
from assistant.api.documents import documents_router
from assistant.api.drafting import drafting_router
from assistant.api.models import ErrorOut
from assistant.api.openai_compat import openai_router
from assistant.api.sessions import SessionStore
from assistant.chain import Assistant
from assistant.settings import Settings

WEB = Path(__file__).with_name("web")

# Starlette's own English messages, in the language of the service
HTTP_MESSAGES = {
    "Not Found": "Ukjent adresse: her finnes ingenting.",
    "Method Not Allowed": "Metoden er ikke tillatt her.",
    "There was an error parsing the body": "Kunne ikke lese forespørselen: den må være gyldig JSON i UTF-8.",
    "Unsupported Media Type": "Ukjent innholdstype.",
}


class RateLimiter:
    """A sliding one-minute window per client address."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.seen: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, client: str) -> bool:
        if self.per_minute <= 0:
            return True
        now = time.monotonic()
        window = self.seen[client]
        while window and now - window[0] > 60:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        return True


def create_app(settings: Settings, assistant: Assistant) -> FastAPI:
    app = FastAPI(
        title="Utenforskap-assistenten",
        version="0.1.0",
        responses={422: {"model": ErrorOut, "description": "Ugyldig forespørsel (melding på norsk)."}},
        description="Spørsmål og svar med kildehenvisninger om utenforskap, levekår og arbeidsinkludering.",
    )
    sessions = SessionStore.for_settings(settings)
    limiter = RateLimiter(settings.rate_limit_per_minute)
    app.state.sessions = sessions
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[o.strip() for o in settings.cors_origins.split(",")],
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key"],
        )

    @app.middleware("http")
    async def guard(request: Request, call_next):
        path = request.url.path
        if path.startswith(("/api/", "/v1/")):
            if settings.api_key:
                given = (
                    request.headers.get("x-api-key")
                    or request.headers.get("authorization", "").removeprefix("Bearer ").strip()
                )
                if given != settings.api_key:
                    return JSONResponse({"detail": "Mangler eller feil API-nøkkel."}, status_code=401)
            client = request.client.host if request.client else "ukjent"
            if not limiter.allow(client):
                return JSONResponse({"detail": "For mange forespørsler. Vent litt og prøv igjen."}, status_code=429)
        return await call_next(request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return JSONResponse(
            {"detail": HTTP_MESSAGES.get(detail, detail)},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        messages = [str(e.get("msg", "")).removeprefix("Value error, ") for e in exc.errors()]
        return JSONResponse(
            {
                "detail": "Ugyldig forespørsel: " + "; ".join(messages),
                "errors": jsonable_encoder(exc.errors(), custom_encoder={Exception: str}),
            },
            status_code=422,
        )

    app.include_router(documents_router(settings, assistant))  # /health, /api/documents
    app.include_router(chat_router(assistant, sessions))  # /api/ask, /api/chat, /api/sessions
    app.include_router(openai_router(assistant))  # /v1/models, /v1/chat/completions
    app.include_router(drafting_router(assistant))  # /api/note, /api/course, /api/matrix

    app.mount("/static", StaticFiles(directory=WEB), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html")

    return app


def app_from_environment() -> FastAPI:
    """An app configured from ``ASSISTANT_…`` variables, for ``uvicorn --factory --workers N`` deployments.

    Every worker process follows the shared index (data folder, optionally a Chroma server) and keeps
    sessions in the shared database; run ``assistant ingest`` (or one ``assistant serve``) to build it.
    """
    from assistant.llm import make_chat_model
    from assistant.store import LiveIndex

    settings = Settings()
    return create_app(settings, Assistant(LiveIndex(settings), model=make_chat_model(settings)))
