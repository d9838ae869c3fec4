"""Every request and response model of the HTTP API, in one place (routers import them from here)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from assistant.api.safe_json import scrub_input
from assistant.chain import validate_question
from assistant.drafting.findings import validate_topic
from assistant.records import AnswerResult, ChatTurn
from assistant.store import Filters

MAX_FILTER_VALUES = 1000
MAX_HISTORY_TURNS = 1000
MAX_HISTORY_CHARS = 1_000_000
MAX_SESSION_ID = 64
FilterValue = Annotated[str, StringConstraints(max_length=500)]


class RequestModel(BaseModel):
    """A request body: lone surrogates replaced and non-finite numbers refused before validation, so no
    such value reaches the stores or a response (see :mod:`assistant.api.safe_json`)."""

    @model_validator(mode="before")
    @classmethod
    def _scrub(cls, data: Any) -> Any:
        return scrub_input(data)


class FilterIn(RequestModel):
    kinds: list[FilterValue] = Field([], max_length=MAX_FILTER_VALUES)
    documents: list[FilterValue] = Field([], max_length=MAX_FILTER_VALUES)
    year_from: int | None = Field(None, ge=0, le=9999)
    year_to: int | None = Field(None, ge=0, le=9999)

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


def check_history_size(turns: list, text) -> list:
    size = sum(len(text(t)) for t in turns)
    if size > MAX_HISTORY_CHARS:
        raise ValueError(f"For lang samtalehistorikk ({size} tegn; høyst {MAX_HISTORY_CHARS}). Start en ny samtale.")
    return turns


class AskRequest(RequestModel):
    question: str
    history: list[ChatTurn] = Field([], max_length=MAX_HISTORY_TURNS)
    filters: FilterIn = FilterIn()

    @field_validator("question")
    @classmethod
    def _question(cls, question: str) -> str:
        return validate_question(question)  # a ValueError with a Norwegian message → 422

    @field_validator("history")
    @classmethod
    def _history(cls, history: list[ChatTurn]) -> list[ChatTurn]:
        return check_history_size(history, lambda t: t.content)


class ChatRequest(AskRequest):
    session_id: str | None = Field(None, max_length=MAX_SESSION_ID)


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


class ContentPart(RequestModel):
    """One part of an OpenAI message's content list: text parts are read, others (images) ignored."""

    model_config = ConfigDict(extra="allow")

    type: str = "text"
    text: str | None = None


class OpenAIMessage(RequestModel):
    role: str = Field(max_length=32)
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return " ".join(part.text for part in self.content if part.text)
        return self.content or ""


class OpenAIRequest(RequestModel):
    model: str = Field("utenforskap-assistent", max_length=200)
    messages: list[OpenAIMessage] = Field(max_length=MAX_HISTORY_TURNS)
    stream: bool = False

    @field_validator("messages")
    @classmethod
    def _size(cls, messages: list[OpenAIMessage]) -> list[OpenAIMessage]:
        return check_history_size(messages, lambda m: m.text())


class DraftRequest(RequestModel):
    topic: str
    filters: FilterIn = FilterIn()
    format: Literal["json", "md", "docx"] = "json"

    @field_validator("topic")
    @classmethod
    def _topic(cls, topic: str) -> str:
        return validate_topic(topic)  # a ValueError with a Norwegian message → 422


class StreamOptions(BaseModel):
    include_usage: bool = False


class OpenAIChatRequest(OpenAIRequest):
    """The fields of OpenAI's chat request the service honours beyond the messages (others are ignored)."""

    stream_options: StreamOptions | None = None
    response_format: dict | None = Field(None, description='{"type": "json_object"} marks a front-end task.')


class OpenAIErrorDetail(BaseModel):
    message: str = Field(description="What was wrong, in Norwegian.")
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIErrorOut(BaseModel):
    """The error body of every /v1 response, as OpenAI clients read it (``error.message``)."""

    error: OpenAIErrorDetail


DocumentStatus = Literal["reading", "searchable", "indexed", "failed"]


class DocumentOut(BaseModel):
    """A document of the library: its metadata, what it is and how far its processing has come."""

    id: str = Field(description="The document's id: its file name in the library folder.")
    document: str = Field(description="The same file name (the name citations use).")
    title: str
    short_title: str = ""
    kind: str = "dokument"
    publisher: str = ""
    date: str = ""
    language: str = "nb"
    ocr: bool = False
    aliases: list[str] = []
    chunks: int = 0
    pages: int | None = Field(None, description="Pages, for documents that have them (PDF).")
    file_type: str = Field("", description="pdf, docx, odt, html or text.")
    size: int = Field(0, description="File size in bytes.")
    status: DocumentStatus = Field(
        description="reading: being read; searchable: found by words, vectors pending (see progress); "
        "indexed: fully indexed; failed: see error."
    )
    status_text: str = Field("", description="The status in Norwegian, as the web chat shows it.")
    progress: float | None = Field(None, description="Share of the document's chunks with vectors (0–1).")
    error: str = ""


class DocumentPatch(BaseModel):
    """Metadata to change; a field left out stays, an empty string returns it to the inferred value."""

    title: str | None = Field(None, max_length=300)
    short_title: str | None = Field(None, max_length=120)
    kind: str | None = Field(None, max_length=80)
    date: str | None = Field(None, max_length=20, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$")
