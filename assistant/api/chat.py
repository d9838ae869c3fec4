"""Chat endpoints: one-off answers (JSON or Server-Sent Events) and conversations kept in the session store."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter, HTTPException
from fastapi.responses import StreamingResponse

from assistant.api.models import MAX_SESSION_ID, SSE_EVENT, AskRequest, ChatRequest, ChatResponse, SessionOut
from assistant.api.safe_json import dumps
from assistant.api.sessions import SessionStore, UnknownSession
from assistant.chain import Assistant
from assistant.records import AnswerResult

SESSION_HISTORY = 40  # earlier messages of a stored conversation that an answer reads
GONE = "Ukjent samtale (den er slettet)."


class EventStream(StreamingResponse):
    media_type = "text/event-stream"


def known_session(sessions: SessionStore, session_id: str) -> bool:
    """Whether the session exists; an id no session can have is unknown without asking the database."""
    return 0 < len(session_id) <= MAX_SESSION_ID and sessions.exists(session_id)


def chat_router(assistant: Assistant, sessions: SessionStore) -> APIRouter:
    router = APIRouter()

    @router.post("/api/ask", response_model=AnswerResult)
    def ask(request: AskRequest) -> AnswerResult:
        return assistant.ask(request.question, [t.model_dump() for t in request.history], request.filters.to_filters())

    @router.post(
        "/api/ask/stream",
        responses={
            200: {
                "description": "Server-Sent Events: meta, delta …, citations, done; each event's data is JSON.",
                "content": {"text/event-stream": {"schema": SSE_EVENT}},
            }
        },
    )
    def ask_stream(request: AskRequest) -> StreamingResponse:
        result = assistant.ask(
            request.question, [t.model_dump() for t in request.history], request.filters.to_filters()
        )
        return EventStream(_events(result))

    @router.post("/api/chat", response_model=ChatResponse)
    def chat(request: ChatRequest) -> ChatResponse:
        session_id = request.session_id or sessions.create()
        if not known_session(sessions, session_id):
            raise HTTPException(404, "Ukjent samtale.")
        stored = sessions.history(session_id, last=SESSION_HISTORY)
        history = [{"role": m["role"], "content": m["content"]} for m in stored]
        result = assistant.ask(request.question, history, request.filters.to_filters())
        try:  # a DELETE of the same session may have won the race meanwhile
            sessions.append(session_id, "user", request.question)
            sessions.append(session_id, "assistant", result.answer, result.model_dump(mode="json"))
        except UnknownSession:
            raise HTTPException(404, GONE) from None
        return ChatResponse(session_id=session_id, answer=result)

    @router.get("/api/sessions/{session_id}", response_model=SessionOut)
    def get_session(session_id: str) -> SessionOut:
        if not known_session(sessions, session_id):
            raise HTTPException(404, "Ukjent samtale.")
        return SessionOut(session_id=session_id, messages=sessions.history(session_id))

    @router.delete("/api/sessions/{session_id}")
    def delete_session(session_id: str) -> dict:
        if len(session_id) > MAX_SESSION_ID or not sessions.delete(session_id):
            raise HTTPException(404, "Ukjent samtale.")
        return {"deleted": session_id}

    return router


def _sse(event: str, data) -> str:
    return f"event: {event}\ndata: {dumps(data)}\n\n"


def _events(result: AnswerResult) -> Iterator[str]:
    """The answer as it is produced (line by line), then the citations and contexts."""
    yield _sse(
        "meta",
        {
            "standalone_question": result.standalone_question,
            "abstained": result.abstained,
            "unanswered_parts": result.unanswered_parts,
            "language": result.language,
            "mode": result.mode,
        },
    )
    for line in result.answer.splitlines(keepends=True):
        yield _sse("delta", {"text": line})
    yield _sse(
        "citations",
        {
            "citations": [c.model_dump() for c in result.citations],
            "contexts": [c.model_dump() for c in result.contexts],
            "notices": result.notices,
            "suggestions": result.suggestions,
        },
    )
    yield _sse("done", {"latency_ms": result.latency_ms})
