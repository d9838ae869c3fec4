"""The OpenAI-compatible endpoints (``/v1/models``, ``/v1/chat/completions``), for clients that speak only that.

Answers carry their «Kilder» as Markdown links to the passage page (and as structured ``sources``/``citations``),
front-end task requests are answered without retrieval (:mod:`assistant.api.frontend_tasks`), errors have
OpenAI's shape (:mod:`assistant.api.openai_errors`) and ``usage`` is estimated (about 4 characters per token).
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from assistant.api import frontend_tasks
from assistant.api.chat import EventStream
from assistant.api.citation_links import citation_url, structured_sources, with_markdown_references
from assistant.api.models import SSE_EVENT, OpenAIChatRequest, OpenAIErrorOut
from assistant.api.openai_errors import openai_error
from assistant.api.passages import find_passage
from assistant.api.safe_json import dumps
from assistant.chain import Assistant, validate_question
from assistant.records import AnswerResult
from assistant.settings import Settings

MODEL_ID = "utenforskap-assistent"
CHARS_PER_TOKEN = 4  # OpenAI's rule of thumb; the service has no tokenizer of the client's model


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def usage(prompt: str, completion: str) -> dict:
    prompt_tokens, completion_tokens = estimate_tokens(prompt), estimate_tokens(completion)
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "estimated": True,
    }


def base_url_of(request: Request, settings: Settings) -> str:
    return settings.public_url or str(request.base_url)


def openai_router(assistant: Assistant, settings: Settings | None = None) -> APIRouter:
    settings = settings or Settings()
    router = APIRouter(prefix="/v1")

    @router.get("/models")
    def models() -> dict:
        return {
            "object": "list",
            "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "local"}],
        }

    @router.post(
        "/chat/completions",
        responses={
            200: {
                "description": "A chat completion (JSON), or with `stream: true` its chunks as Server-Sent Events.",
                "content": {"application/json": {}, "text/event-stream": {"schema": SSE_EVENT}},
            },
            404: {"model": OpenAIErrorOut, "description": "Unknown model (code model_not_found)."},
            422: {"model": OpenAIErrorOut, "description": "Invalid request, with the reason in Norwegian."},
        },
    )
    def completions(request: OpenAIChatRequest, http: Request):
        if request.model != MODEL_ID:
            message = f"Ukjent modell «{request.model[:100]}». Bruk «{MODEL_ID}» (se /v1/models)."
            return openai_error(message, 404, code="model_not_found", param="model")
        prompt = "\n".join(m.text() for m in request.messages)
        wants_json = (request.response_format or {}).get("type") in ("json_object", "json_schema")
        task = frontend_tasks.recognise([frontend_tasks.Turn(m.role, m.text()) for m in request.messages], wants_json)
        extra: dict = {}
        if task is not None:
            text = frontend_tasks.answer(
                task, _source_infos(assistant, frontend_tasks.linked_sources(task.conversation))
            )
        else:
            turns = [m for m in request.messages if m.role in ("user", "assistant")]
            if not turns or turns[-1].role != "user":
                return openai_error("Siste melding må være fra brukeren.", 422, param="messages")
            try:
                question = validate_question(turns[-1].text())
            except ValueError as exc:
                return openai_error(str(exc), 422, param="messages")
            result = assistant.ask(question, [{"role": m.role, "content": m.text()} for m in turns[:-1]])
            base = base_url_of(http, settings)
            text = with_markdown_references(result, base, settings.api_key)
            extra = _source_fields(result, base, settings.api_key)
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        counted = usage(prompt, text)
        if request.stream:
            include_usage = bool(request.stream_options and request.stream_options.include_usage)
            return EventStream(
                _openai_chunks(completion_id, request.model, text, extra, counted if include_usage else None)
            )
        return JSONResponse(
            {
                "id": completion_id,
                "object": "chat.completion",
                "created": int(time.time()),
                "model": request.model,
                "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
                "usage": counted,
                **extra,
            }
        )

    return router


def _source_fields(result: AnswerResult, base: str, secret: str) -> dict:
    """``citations`` as a list of URLs (the convention some clients read) and ``sources`` with the details."""
    if not result.citations:
        return {}
    return {
        "citations": [citation_url(c, base, secret) for c in result.citations],
        "sources": structured_sources(result, base, secret),
    }


def _source_infos(assistant: Assistant, refs: list[frontend_tasks.SourceRef]) -> list[frontend_tasks.SourceInfo]:
    snapshot = assistant.snapshot
    infos = []
    for ref in refs:
        passage = find_passage(snapshot, ref.document, ref.start, ref.end)
        if passage is not None:
            meta = snapshot.catalog[ref.document]
            infos.append(frontend_tasks.SourceInfo(passage.short_title or passage.title, meta.kind, passage.section))
    return infos


def _openai_chunks(completion_id: str, model: str, text: str, extra: dict, counted: dict | None) -> Iterator[str]:
    created = int(time.time())

    def chunk(delta: dict, finish: str | None = None, **fields) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            **fields,
        }
        return f"data: {dumps(payload)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    for line in text.splitlines(keepends=True):
        yield chunk({"content": line})
    yield chunk({}, "stop", **extra)
    if counted is not None:  # stream_options.include_usage: a last chunk with no choices and the usage
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [],
            "usage": counted,
        }
        yield f"data: {dumps(payload)}\n\n"
    yield "data: [DONE]\n\n"
