"""HTTP face of the assistant: the FastAPI app with its guard (API key, rate limit), Norwegian error
messages, the routers (chat, documents, OpenAI-compatible, drafting) and the web chat.

``uvicorn --factory assistant.api.app:app_from_environment`` serves it from ``ASSISTANT_…`` variables.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from assistant.api.chat import chat_router
from assistant.api.documents import documents_router
from assistant.api.drafting import drafting_router
from assistant.api.errors import HTTP_MESSAGES, install_error_handlers
from assistant.api.guard import RateLimiter, RequestGate, allowed_hosts, key_matches
from assistant.api.models import ErrorOut
from assistant.api.openai_compat import openai_router
from assistant.api.openai_errors import OpenAIErrorShape
from assistant.api.passages import passages_router
from assistant.api.safe_json import SafeJSONResponse
from assistant.api.sessions import SessionStore
from assistant.chain import Assistant
from assistant.settings import Settings

__all__ = ["HTTP_MESSAGES", "RateLimiter", "app_from_environment", "create_app"]

WEB = Path(__file__).with_name("web")


def create_app(settings: Settings, assistant: Assistant) -> FastAPI:
    app = FastAPI(
        title="Utenforskap-assistenten",
        version="0.1.0",
        responses={422: {"model": ErrorOut, "description": "Ugyldig forespørsel (melding på norsk)."}},
        description="Spørsmål og svar med kildehenvisninger om utenforskap, levekår og arbeidsinkludering.",
        default_response_class=SafeJSONResponse,
    )
    sessions = SessionStore.for_settings(settings)
    limiter = RateLimiter(settings.rate_limit_per_minute)
    app.state.sessions = sessions

    @app.middleware("http")
    async def guard(request: Request, call_next):
        """API key and rate limit; inside CORS (added below, so it runs first and answers preflights)."""
        path = request.url.path
        if path.startswith(("/api/", "/v1/")) and request.method != "OPTIONS":
            if settings.api_key:
                given = (
                    request.headers.get("x-api-key")
                    or request.headers.get("authorization", "").removeprefix("Bearer ").strip()
                )
                if not key_matches(given, settings.api_key):
                    return SafeJSONResponse({"detail": "Mangler eller feil API-nøkkel."}, status_code=401)
            client = request.client.host if request.client else "ukjent"
            if not limiter.allow(client):
                return SafeJSONResponse({"detail": "For mange forespørsler. Vent litt og prøv igjen."}, status_code=429)
        return await call_next(request)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=[o.strip() for o in settings.cors_origins.split(",") if o.strip()],
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key"],
        )
    # outermost: the Host allow-list (key-less mode) and the body size limit, before anything reads the body
    app.add_middleware(RequestGate, hosts=None if settings.api_key else allowed_hosts(settings.allowed_hosts))
    install_error_handlers(app)

    app.include_router(documents_router(settings, assistant))  # /health, /api/documents
    app.include_router(chat_router(assistant, sessions))  # /api/ask, /api/chat, /api/sessions
    app.include_router(openai_router(assistant, settings))  # /v1/models, /v1/chat/completions
    app.include_router(drafting_router(assistant))  # /api/note, /api/course, /api/matrix
    app.include_router(passages_router(settings, assistant))  # /kilde/{document}: the page a citation links to
    app.add_middleware(OpenAIErrorShape)  # outermost: every JSON error under /v1/ in OpenAI's shape

    app.mount("/static", StaticFiles(directory=WEB), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(WEB / "favicon.svg", media_type="image/svg+xml")

    return app


def app_from_environment() -> FastAPI:
    """An app configured from ``ASSISTANT_…`` variables, for ``uvicorn --factory --workers N`` deployments.

    Every worker process follows the shared index (data folder, optionally a Chroma server) and keeps
    sessions in the shared database; run ``assistant ingest`` (or one ``assistant serve``) to build it.
    """
    from assistant.live_index import LiveIndex
    from assistant.llm import make_chat_model

    settings = Settings()
    return create_app(settings, Assistant(LiveIndex(settings), model=make_chat_model(settings)))
