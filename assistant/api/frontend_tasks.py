"""Chat front-ends' own task requests (a chat title, tags, follow-up suggestions, search queries), recognised
and answered cheaply, without retrieval or abstention.

Open WebUI, LibreChat and others send these to the same ``/v1/chat/completions`` as the user's questions;
through retrieval they came back as «Jeg finner ikke …», which became the chat's title. A request is a task
when a message carries a task template (``### Task:``, a ``<chat_history>`` block), when a system message asks
for a title or for JSON, or when ``response_format`` asks for JSON. The answer is built from the conversation
itself and from the sources its answers link to (``/kilde/…`` links, see :mod:`assistant.api.citation_links`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlparse

TEMPLATE = re.compile(r"^\s*#+\s*task\s*:|<chat_history>", re.IGNORECASE | re.MULTILINE)
ASKS_FOR_TITLE = re.compile(
    r"\b(title|tittel|overskrift)\b.{0,80}\b(conversation|chat|samtale|history|historikk)\b"
    r"|\b(generate|create|write|suggest|give|lag|skriv|foreslå|gi)\b.{0,40}\b(title|tittel)\b",
    re.IGNORECASE | re.DOTALL,
)
ASKS_FOR_JSON = re.compile(r"\bJSON\b")
JSON_KEY = re.compile(r"\{\s*\"([A-Za-z_]+)\"\s*:")
HISTORY = re.compile(r"<chat_history>(.*?)</chat_history>", re.IGNORECASE | re.DOTALL)
SPEAKER = re.compile(r"^\s*(USER|ASSISTANT)\s*:\s*", re.IGNORECASE | re.MULTILINE)
SOURCE_LINK = re.compile(r"\]\((https?://[^)\s]*?/kilde/[^)\s]+)\)")
# a leading Norwegian or English question phrase, dropped from a title («Hva er …?» → «…»)
QUESTION_OPENING = re.compile(
    r"^(hva|hvem|hvor|hvordan|hvorfor|hvilke[nt]?|når|kan|kunne|er|har|finnes|skal|bør|what|who|where|how|why"
    r"|which|when|is|are|can|does|do)\b(\s+(er|har|kan|skal|sier|gjør|blir|var|is|are|does|do))?\s+",
    re.IGNORECASE,
)
SECTION_NUMBER = re.compile(r"^\s*(kap(ittel)?\.?\s*)?[\d.]+\s+", re.IGNORECASE)
TITLE_WORDS = 7


@dataclass(frozen=True)
class Turn:
    role: str
    text: str


@dataclass(frozen=True)
class SourceRef:
    """A source an earlier answer linked to."""

    document: str
    start: int
    end: int


@dataclass(frozen=True)
class Task:
    kind: str  # title, tags, follow_ups, queries, other
    json_key: str  # the key the answer's JSON must use; empty for a plain-text answer
    conversation: list[Turn] = field(default_factory=list)


def recognise(messages: list[Turn], wants_json: bool = False) -> Task | None:
    """The front-end task a request is, or None for a question to answer from the documents."""
    systems = [m.text for m in messages if m.role in ("system", "developer")]
    last_user = next((m.text for m in reversed(messages) if m.role == "user"), "")
    template = next((t for t in (*systems, last_user) if TEMPLATE.search(t)), None)
    asks = next((s for s in systems if ASKS_FOR_TITLE.search(s) or ASKS_FOR_JSON.search(s)), None)
    instruction = template or asks
    if instruction is None and not wants_json:
        return None
    instruction = instruction or last_user
    key_match = JSON_KEY.search(instruction)
    json_key = key_match.group(1) if key_match else ""
    kind = _kind(json_key or instruction)
    if not json_key and (wants_json or ASKS_FOR_JSON.search(instruction)):
        json_key = kind if kind != "other" else "text"
    return Task(kind, json_key, _conversation(messages, instruction))


def _kind(text: str) -> str:
    lowered = text.lower()
    for kind, words in (
        ("follow_ups", ("follow", "oppfølging")),
        ("title", ("title", "tittel", "overskrift")),
        ("tags", ("tag", "emne", "stikkord")),
        ("queries", ("quer", "søk", "search")),
    ):
        if any(w in lowered for w in words):
            return kind
    return "other"


def _conversation(messages: list[Turn], instruction: str) -> list[Turn]:
    """The conversation the task is about: the template's chat history, else the other messages."""
    block = HISTORY.search(instruction)
    if block:
        parts = SPEAKER.split(block.group(1))
        turns = [Turn(role.lower(), text.strip()) for role, text in zip(parts[1::2], parts[2::2], strict=False)]
        return [t for t in turns if t.text]
    return [m for m in messages if m.role in ("user", "assistant") and m.text != instruction and m.text.strip()]


def title_from(question: str) -> str:
    """A short title from a question: its first words, without the question phrase and the question mark."""
    words = QUESTION_OPENING.sub("", " ".join(question.split()), count=1).rstrip("?!. ").split()
    if not words:
        return "Ny samtale"
    title = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    return title[0].upper() + title[1:]


def linked_sources(conversation: list[Turn]) -> list[SourceRef]:
    """The passages the conversation's answers link to, in order, without repeats."""
    found: list[SourceRef] = []
    for turn in conversation:
        if turn.role != "assistant":
            continue
        for url in SOURCE_LINK.findall(turn.text):
            parsed = urlparse(url)
            query = parse_qs(parsed.query)
            try:
                ref = SourceRef(
                    unquote(parsed.path.rsplit("/kilde/", 1)[1]), int(query["start"][0]), int(query["end"][0])
                )
            except (KeyError, ValueError, IndexError):
                continue
            if ref not in found:
                found.append(ref)
    return found


def first_question(conversation: list[Turn]) -> str:
    return next((t.text for t in conversation if t.role == "user"), "")


def last_question(conversation: list[Turn]) -> str:
    return next((t.text for t in reversed(conversation) if t.role == "user"), "")


@dataclass(frozen=True)
class SourceInfo:
    """What the answer needs to know about a linked source (looked up by the caller in the index)."""

    short_title: str
    kind: str
    section: str


def answer(task: Task, sources: list[SourceInfo]) -> str:
    """The task's answer text: JSON with the requested key, or plain text."""
    if task.kind == "title":
        value: object = title_from(first_question(task.conversation))
    elif task.kind == "tags":
        value = _unique([s.kind for s in sources] + [s.short_title for s in sources])[:3]
    elif task.kind == "follow_ups":
        value = follow_ups(sources)
    elif task.kind == "queries":
        question = last_question(task.conversation)
        value = [question] if question else []
    else:
        value = ""
    if not task.json_key:
        return ", ".join(value) if isinstance(value, list) else str(value)
    return json.dumps({task.json_key: value}, ensure_ascii=False)


def follow_ups(sources: list[SourceInfo]) -> list[str]:
    """Questions a reader could ask next, one per cited section of the answer's sources."""
    questions = []
    for source in sources:
        section = SECTION_NUMBER.sub("", source.section.split(" > ")[-1]).strip()
        if section:
            questions.append(f"Hva mer sier {source.short_title} om «{section}»?")
        else:
            questions.append(f"Hva mer sier {source.short_title} om dette?")
    return _unique(questions)[:3]


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen
