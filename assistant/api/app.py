"""HTTP face of the assistant: JSON API, Server-Sent Events, an OpenAI-compatible endpoint and the web chat."""

from __future__ import annotations

import json
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from pydantic import BaseModel, Field, field_validator

from assistant.api.drafting import drafting_router
from assistant.api.models import FilterIn
from assistant.chain import Assistant, validate_question
from assistant.records import AnswerResult
from assistant.api.sessions import SessionStore
from assistant.store import IndexSnapshot
from ingest.background import DenseProgress, progress_path, read_progress
from ingest.settings import Settings

WEB = Path(__file__).with_name("web")
MAX_PASSAGE_CHARS = 20_000
CONTEXT_CHARS = 400


# Starlette's own English messages, in the language of the service
HTTP_MESSAGES = {
    "Not Found": "Ukjent adresse: her finnes ingenting.",
    "Method Not Allowed": "Metoden er ikke tillatt her.",
    "There was an error parsing the body": "Kunne ikke lese forespørselen: den må være gyldig JSON i UTF-8.",
    "Unsupported Media Type": "Ukjent innholdstype.",
}


class ErrorOut(BaseModel):
    detail: str = Field(description="What was wrong, in Norwegian.")
    errors: list[dict] = Field([], description="Field by field, for invalid requests.")


class EventStream(StreamingResponse):
    media_type = "text/event-stream"


# one Server-Sent Event, as OpenAPI 3.0/3.1 tools read a text/event-stream schema
SSE_EVENT = {"type": "object", "required": ["data"],
             "properties": {"event": {"type": "string"}, "data": {"type": "string", "description": "JSON"}}}


class Turn(BaseModel):
    role: str
    content: str


class AskRequest(BaseModel):
    question: str
    history: list[Turn] = []
    filters: FilterIn = FilterIn()

    @field_validator("question")
    @classmethod
    def _question(cls, question: str) -> str:
        return validate_question(question)  # a ValueError with a Norwegian message → 422


class ChatRequest(AskRequest):
    session_id: str | None = None


class ChatResponse(BaseModel):
    session_id: str
    answer: AnswerResult


class SessionOut(BaseModel):
    session_id: str
    messages: list[dict]


class PassageOut(BaseModel):
    document: str
    title: str
    short_title: str
    section: str
    page: int | None
    start: int
    end: int
    raw: str = Field(description="The raw file text at [start, end).")
    text: str = Field(description="The same passage, cleaned and OCR-repaired.")
    before: str = Field(description="Repaired text just before the passage, for context.")
    after: str = Field(description="Repaired text just after the passage.")


class DenseHealth(BaseModel):
    complete: bool = Field(description="Whether the dense (semantic) index is complete.")
    chunks: int
    chunks_embedded: int
    documents: int
    documents_embedded: int
    worker: str = Field("", description="State of the background embedding: running, done, failed, stopped, or empty.")
    chunks_per_second: float | None = None
    eta_seconds: float | None = Field(None, description="Estimated seconds until the dense index is complete.")
    error: str = ""


class HealthOut(BaseModel):
    status: str = "ok"
    documents: int
    chunks: int
    generation: str
    mode: str
    dense: DenseHealth


def dense_health(snapshot: IndexSnapshot, progress: DenseProgress | None) -> DenseHealth:
    status = snapshot.dense_status()
    health = DenseHealth(complete=status.complete, chunks=status.chunks, chunks_embedded=status.chunks_embedded,
                         documents=status.documents, documents_embedded=status.documents_embedded)
    if progress is not None and not status.complete:
        rate = progress.chunks_per_second
        eta = (status.chunks - status.chunks_embedded) / rate if rate else None
        health = health.model_copy(update={"worker": progress.state, "chunks_per_second": rate,
                                           "eta_seconds": eta, "error": progress.error})
    return health


class OpenAIMessage(BaseModel):
    role: str
    content: str | list[dict] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return " ".join(part.get("text", "") for part in self.content if isinstance(part, dict))
        return self.content or ""


class OpenAIRequest(BaseModel):
    model: str = "utenforskap-assistent"
    messages: list[OpenAIMessage]
    stream: bool = False


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


def with_references(result: AnswerResult) -> str:
    """The answer text with a «Kilder» list, for clients that show only text."""
    if not result.citations:
        return result.answer
    return result.answer + "\n\nKilder:\n" + "\n".join(result.references())


def create_app(settings: Settings, assistant: Assistant) -> FastAPI:
    app = FastAPI(title="Utenforskap-assistenten", version="0.1.0",
                  responses={422: {"model": ErrorOut, "description": "Ugyldig forespørsel (melding på norsk)."}},
                  description="Spørsmål og svar med kildehenvisninger om utenforskap, levekår og arbeidsinkludering.")
    sessions = SessionStore.for_settings(settings)
    limiter = RateLimiter(settings.rate_limit_per_minute)
    app.state.sessions = sessions
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=[o.strip() for o in settings.cors_origins.split(",")],
                           allow_methods=["GET", "POST", "DELETE"], allow_headers=["Authorization", "Content-Type", "X-API-Key"])

    @app.middleware("http")
    async def guard(request: Request, call_next):
        path = request.url.path
        if path.startswith(("/api/", "/v1/")):
            if settings.api_key:
                given = request.headers.get("x-api-key") or request.headers.get("authorization", "").removeprefix("Bearer ").strip()
                if given != settings.api_key:
                    return JSONResponse({"detail": "Mangler eller feil API-nøkkel."}, status_code=401)
            client = request.client.host if request.client else "ukjent"
            if not limiter.allow(client):
                return JSONResponse({"detail": "For mange forespørsler. Vent litt og prøv igjen."}, status_code=429)
        return await call_next(request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return JSONResponse({"detail": HTTP_MESSAGES.get(detail, detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        messages = [str(e.get("msg", "")).removeprefix("Value error, ") for e in exc.errors()]
        return JSONResponse({"detail": "Ugyldig forespørsel: " + "; ".join(messages), "errors": jsonable_encoder(exc.errors(), custom_encoder={Exception: str})},
                            status_code=422)

    @app.get("/health", response_model=HealthOut)
    def health() -> HealthOut:
        snapshot = assistant.snapshot
        return HealthOut(documents=len(snapshot.documents()), chunks=len(snapshot.chunks),
                         generation=snapshot.generation.name,
                         mode="llm" if assistant.model is not None else "extractive",
                         dense=dense_health(snapshot, read_progress(progress_path(settings))))

    @app.post("/api/ask", response_model=AnswerResult)
    def ask(request: AskRequest) -> AnswerResult:
        return assistant.ask(request.question, [t.model_dump() for t in request.history], request.filters.to_filters())

    @app.post("/api/ask/stream", responses={200: {
        "description": "Server-Sent Events: meta, delta …, citations, done; each event's data is JSON.",
        "content": {"text/event-stream": {"schema": SSE_EVENT}}}})
    def ask_stream(request: AskRequest) -> StreamingResponse:
        result = assistant.ask(request.question, [t.model_dump() for t in request.history], request.filters.to_filters())
        return EventStream(_events(result))

    @app.post("/api/chat", response_model=ChatResponse)
    def chat(request: ChatRequest) -> ChatResponse:
        session_id = request.session_id or sessions.create()
        if not sessions.exists(session_id):
            raise HTTPException(404, "Ukjent samtale.")
        history = [{"role": m["role"], "content": m["content"]} for m in sessions.history(session_id)]
        result = assistant.ask(request.question, history, request.filters.to_filters())
        sessions.append(session_id, "user", request.question)
        sessions.append(session_id, "assistant", result.answer, result.model_dump(mode="json"))
        return ChatResponse(session_id=session_id, answer=result)

    @app.get("/api/sessions/{session_id}", response_model=SessionOut)
    def get_session(session_id: str) -> SessionOut:
        if not sessions.exists(session_id):
            raise HTTPException(404, "Ukjent samtale.")
        return SessionOut(session_id=session_id, messages=sessions.history(session_id))

    @app.delete("/api/sessions/{session_id}")
    def delete_session(session_id: str) -> dict:
        if not sessions.delete(session_id):
            raise HTTPException(404, "Ukjent samtale.")
        return {"deleted": session_id}

    @app.get("/api/documents")
    def documents() -> list[dict]:
        return [{"document": name, **{k: v for k, v in meta.items() if k != "document"}}
                for name, meta in sorted(assistant.snapshot.documents().items())]

    @app.get("/api/documents/{document}/passage", response_model=PassageOut)
    def passage(document: str, start: int = Query(ge=0), end: int = Query(gt=0)) -> PassageOut:
        snapshot = assistant.snapshot
        meta = snapshot.documents().get(document)
        if meta is None:
            raise HTTPException(404, "Ukjent dokument.")
        text = snapshot.document_text(document)
        if end <= start or end > len(text.raw_text) or end - start > MAX_PASSAGE_CHARS:
            raise HTTPException(404, "Utdraget finnes ikke i dokumentet.")
        inside = np.nonzero((text.offsets >= start) & (text.offsets < end))[0]
        clean_start, clean_end = (int(inside.min()), int(inside.max()) + 1) if inside.size else (0, 0)
        chunk = next((c for c in snapshot.chunks if c.document == document and c.start_char <= start < c.end_char), None)
        return PassageOut(
            document=document, title=meta["title"], short_title=meta["short_title"],
            section=chunk.section_path if chunk else "", page=chunk.page if chunk else None, start=start, end=end,
            raw=text.raw_text[start:end], text=text.clean_text[clean_start:clean_end],
            before=text.clean_text[max(0, clean_start - CONTEXT_CHARS) : clean_start],
            after=text.clean_text[clean_end : clean_end + CONTEXT_CHARS],
        )

    @app.get("/v1/models")
    def models() -> dict:
        return {"object": "list", "data": [{"id": "utenforskap-assistent", "object": "model", "created": 0, "owned_by": "local"}]}

    @app.post("/v1/chat/completions", responses={200: {
        "description": "A chat completion (JSON), or with `stream: true` its chunks as Server-Sent Events.",
        "content": {"application/json": {}, "text/event-stream": {"schema": SSE_EVENT}}}})
    def completions(request: OpenAIRequest):
        turns = [m for m in request.messages if m.role in ("user", "assistant")]
        if not turns or turns[-1].role != "user":
            raise HTTPException(422, "Siste melding må være fra brukeren.")
        try:
            question = validate_question(turns[-1].text())
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        result = assistant.ask(question, [{"role": m.role, "content": m.text()} for m in turns[:-1]])
        text = with_references(result)
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        if request.stream:
            return EventStream(_openai_chunks(completion_id, request.model, text))
        return {
            "id": completion_id, "object": "chat.completion", "created": int(time.time()), "model": request.model,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        }

    app.include_router(drafting_router(assistant))  # /api/note, /api/course, /api/matrix

    app.mount("/static", StaticFiles(directory=WEB), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB / "index.html")

    return app


def _sse(event: str, data) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _events(result: AnswerResult) -> Iterator[str]:
    """The answer as it is produced (line by line), then the citations and contexts."""
    yield _sse("meta", {"standalone_question": result.standalone_question, "abstained": result.abstained,
                        "language": result.language, "mode": result.mode})
    for line in result.answer.splitlines(keepends=True):
        yield _sse("delta", {"text": line})
    yield _sse("citations", {"citations": [c.model_dump() for c in result.citations],
                             "contexts": [c.model_dump() for c in result.contexts],
                             "notices": result.notices, "suggestions": result.suggestions})
    yield _sse("done", {"latency_ms": result.latency_ms})


def _openai_chunks(completion_id: str, model: str, text: str) -> Iterator[str]:
    def chunk(delta: dict, finish: str | None = None) -> str:
        payload = {"id": completion_id, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for line in text.splitlines(keepends=True):
        yield chunk({"content": line})
    yield chunk({}, "stop")
    yield "data: [DONE]\n\n"


def app_from_environment() -> FastAPI:
    """An app configured from ``ASSISTANT_…`` variables, for ``uvicorn --factory --workers N`` deployments.

    Every worker process follows the shared index (data folder, optionally a Chroma server) and keeps
    sessions in the shared database; run ``assistant ingest`` (or one ``assistant serve``) to build it.
    """
    from assistant.llm import make_chat_model
    from assistant.store import LiveIndex

    settings = Settings()
    return create_app(settings, Assistant(LiveIndex(settings), model=make_chat_model(settings)))
