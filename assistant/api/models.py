"""Every request and response model of the HTTP API, in one place (routers import them from here)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from assistant.chain import validate_question
from assistant.drafting.findings import validate_topic
from assistant.records import AnswerResult, ChatTurn
from assistant.store import Filters


class FilterIn(BaseModel):
    kinds: list[str] = []
    documents: list[str] = []
    year_from: int | None = None
    year_to: int | None = None

    def to_filters(self) -> Filters:
        return Filters(tuple(self.kinds), tuple(self.documents), self.year_from, self.year_to)


class ErrorOut(BaseModel):
    detail: str = Field(description="What was wrong, in Norwegian.")
    errors: list[dict] = Field([], description="Field by field, for invalid requests.")


# one Server-Sent Event, as OpenAPI 3.0/3.1 tools read a text/event-stream schema
SSE_EVENT = {
    "type": "object",
    "required": ["data"],
    "properties": {"event": {"type": "string"}, "data": {"type": "string", "description": "JSON"}},
}


class AskRequest(BaseModel):
    question: str
    history: list[ChatTurn] = []
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


class DraftRequest(BaseModel):
    topic: str
    filters: FilterIn = FilterIn()
    format: Literal["json", "md", "docx"] = "json"

    @field_validator("topic")
    @classmethod
    def _topic(cls, topic: str) -> str:
        return validate_topic(topic)  # a ValueError with a Norwegian message → 422
