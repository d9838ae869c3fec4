"""The OpenAI-compatible endpoints (``/v1/models``, ``/v1/chat/completions``), for clients that speak only that."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter, HTTPException

from assistant.api.chat import EventStream
from assistant.api.models import SSE_EVENT, OpenAIRequest
from assistant.api.safe_json import dumps
from assistant.chain import Assistant, validate_question
from assistant.records import AnswerResult


def with_references(result: AnswerResult) -> str:
    """The answer text with a «Kilder» list, for clients that show only text."""
    if not result.citations:
        return result.answer
    return result.answer + "\n\nKilder:\n" + "\n".join(result.references())


def openai_router(assistant: Assistant) -> APIRouter:
    router = APIRouter(prefix="/v1")

    @router.get("/models")
    def models() -> dict:
        return {
            "object": "list",
            "data": [{"id": "utenforskap-assistent", "object": "model", "created": 0, "owned_by": "local"}],
        }

    @router.post(
        "/chat/completions",
        responses={
            200: {
                "description": "A chat completion (JSON), or with `stream: true` its chunks as Server-Sent Events.",
                "content": {"application/json": {}, "text/event-stream": {"schema": SSE_EVENT}},
            }
        },
    )
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
            "id": completion_id,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.model,
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        }

    return router


def _openai_chunks(completion_id: str, model: str, text: str) -> Iterator[str]:
    def chunk(delta: dict, finish: str | None = None) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {dumps(payload)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for line in text.splitlines(keepends=True):
        yield chunk({"content": line})
    yield chunk({}, "stop")
    yield "data: [DONE]\n\n"
