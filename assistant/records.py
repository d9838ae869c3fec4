"""Output records of the assistant: citations, retrieved contexts and the answer object.

These are the shapes of ``assistant ask --json`` and of the API, so they are pydantic models.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Citation(BaseModel):
    marker: int = Field(description="The [n] in the answer text.")
    document: str = Field(description="File name in corpus/.")
    title: str
    short_title: str = ""
    section: str = ""
    page: int | None = None
    start_char: int = Field(description="Start of the quoted passage in the raw file.")
    end_char: int = Field(description="End (exclusive) of the quoted passage in the raw file.")
    quote: str = Field(description="The quoted words, OCR-repaired.")
    sentence_spans: list[tuple[int, int]] = Field(
        default_factory=list, description="Raw [start, end) span of each quoted sentence, in order."
    )

    @property
    def label(self) -> str:
        """«Meld. St. 32 (2020–2021), kap. 7.3, s. 130»"""
        parts = [self.short_title or self.title]
        if self.section:
            parts.append(self.section)
        if self.page:
            parts.append(f"s. {self.page}")
        return ", ".join(parts)


class ChatTurn(BaseModel):
    """One earlier message of a conversation, as the chat's history carries it."""

    role: str = Field(description="user or assistant")
    content: str


class ContextOut(BaseModel):
    rank: int
    document: str
    title: str = ""
    start_char: int
    end_char: int
    section: str = ""
    page: int | None = None
    text: str
    score: float


class AnswerResult(BaseModel):
    question: str
    standalone_question: str = Field(description="The question as searched, after follow-up condensation.")
    answer: str
    abstained: bool
    language: str = "nb"
    mode: str = Field("extractive", description="extractive (no LLM) or llm")
    citations: list[Citation] = []
    contexts: list[ContextOut] = []
    suggestions: list[str] = Field([], description="Closest topics found, when the answer abstains.")
    unanswered_parts: list[str] = Field([], description="Parts of the question the documents do not answer.")
    answerability: dict | None = Field(
        None,
        description="The judge's signals, probability that the documents "
        "do not answer, and its verdict (see assistant.answerability).",
    )
    notices: list[str] = []
    index_complete: bool = Field(
        True,
        description="False while the dense (semantic) index is still being built behind the service: "
        "the answer then rests mostly on word search (BM25) and the vectors that exist so far.",
    )
    latency_ms: float = 0.0

    def references(self) -> list[str]:
        return [f"[{c.marker}] {c.label}" for c in self.citations]
