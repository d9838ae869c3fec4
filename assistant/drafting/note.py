"""A first draft of a note (notat) on a topic, every statement cited, with a full reference list.

Without an LLM the note is composed by the answer composer one heading at a time: each heading's question
(background, barriers, measures, responsibilities) asked for the topic, its statements on the topic, each one
standing on its own (antecedent or lead-in quoted with it) and attributed when it reports someone's view; a
heading the documents do not cover says so (:data:`EMPTY_SECTION`). With one, the model writes prose from the same sources and every sentence
goes through the chat's verifier (:mod:`assistant.verify`); what the sources do not support is removed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import partial

from langchain_core.messages import HumanMessage
from pydantic import BaseModel

from assistant.chain import Assistant
from assistant.drafting.findings import (
    CitationList,
    Finding,
    Reference,
    category_passages,
    gather_findings,
    not_covered_notice,
    topic_decision,
    validate_topic,
)
from assistant.llm import format_sources, load_prompt
from assistant.messages import MODEL_FAILED, UNSUPPORTED
from assistant.records import Citation
from assistant.retrieval import Passage
from assistant.store import Filters, IndexSnapshot
from assistant.verify import check_answer, cited_sentences

SECTIONS = {
    "bakgrunn": "Bakgrunn",
    "barrierer": "Utfordringer og barrierer",
    "tiltak": "Tiltak",
    "ansvar": "Ansvar og roller",
}
REFERENCES_HEADING = "Referanser"
EMPTY_SECTION = "Kildene sier lite om dette."
MAX_SOURCES = 10  # passages given to the LLM


class Statement(BaseModel):
    text: str  # with its attribution when it reports a view («Ifølge AFI-rapport 2013:10: «…»»)
    markers: list[int]
    items: list[str] = []  # the list a lead-in introduces, quoted with it
    quote: str = ""  # the cited source text alone, without the attribution


class NoteSection(BaseModel):
    key: str
    heading: str
    statements: list[Statement] = []


class NoteDraft(BaseModel):
    topic: str
    title: str
    created: str
    mode: str = "extractive"
    abstained: bool = False
    sections: list[NoteSection]
    citations: list[Citation] = []
    references: list[Reference] = []
    notices: list[str] = []


def draft_note(assistant: Assistant, topic: str, filters: Filters = Filters()) -> NoteDraft:
    topic = validate_topic(topic)
    snapshot = assistant.snapshot
    passages = category_passages(snapshot, topic, filters)
    note = NoteDraft(
        topic=topic,
        title=f"Notat: {topic}",
        created=dt.date.today().isoformat(),
        sections=[NoteSection(key=k, heading=h) for k, h in SECTIONS.items()],
    )
    decision = topic_decision(assistant, topic, filters)
    if decision.abstained:
        return note.model_copy(update={"abstained": True, "notices": [not_covered_notice(decision)]})
    if assistant.model is not None:
        sources = _sources(passages)
        similarity = partial(assistant.similarity, snapshot)  # the chat's verifier, on this request's generation
        try:
            text = write_note(assistant.model, topic, sources)
        except Exception:  # network, timeout, server error: the extractive note still works
            note = note.model_copy(update={"notices": [MODEL_FAILED["nb"]]})
        else:
            generated, removed = _verified(snapshot, similarity, note, text, sources)
            if generated is not None:
                return generated
            note = note.model_copy(update={"notices": [UNSUPPORTED["nb"].format(n=removed)]})
    return _composed(snapshot, note, topic, passages)


def _composed(snapshot: IndexSnapshot, note: NoteDraft, topic: str, passages: dict[str, list[Passage]]) -> NoteDraft:
    findings = gather_findings(snapshot, topic, passages)
    citations = CitationList(snapshot)
    sections = []
    for section in note.sections:
        statements = [statement_for(f, citations) for f in findings.get(section.key, [])]
        sections.append(section.model_copy(update={"statements": statements}))
    return note.model_copy(
        update={"sections": sections, "citations": citations.citations, "references": citations.references()}
    )


def statement_for(finding: Finding, citations: CitationList) -> Statement:
    """A finding as a note's statement: the quote with its source, its list, and one citation for the span."""
    marker = citations.cite(finding.passage, finding.sentence).marker
    return Statement(text=finding.text, markers=[marker], items=list(finding.items), quote=finding.quote)


def _sources(passages: dict[str, list[Passage]]) -> list[Passage]:
    """The categories' best passages, round-robin, without repeats."""
    chosen: dict[str, Passage] = {}
    for rank in range(max(len(v) for v in passages.values())):
        for category in SECTIONS:
            found = passages.get(category, [])
            if rank < len(found) and len(chosen) < MAX_SOURCES:
                chosen.setdefault(found[rank].chunk_ids[0], found[rank])
    return list(chosen.values())


def split_sections(text: str) -> dict[str, str]:
    """The model's text under each known heading (``## Tiltak`` …); unknown headings are dropped.

    >>> split_sections("## Bakgrunn\\nA [1].\\n## Tiltak\\nB [2].")
    {'bakgrunn': 'A [1].', 'tiltak': 'B [2].'}
    """
    by_heading = {h.lower(): k for k, h in SECTIONS.items()}
    found: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        heading = re.match(r"^\s*#{1,4}\s*(.+?)\s*:?\s*$", line)
        if heading:
            key = by_heading.get(heading.group(1).strip("*").lower())
            continue
        if key is not None:
            found[key] = (found.get(key, "") + "\n" + line).strip()
    return found


def write_note(model, topic: str, sources: list[Passage]) -> str:
    prompt = load_prompt("note").format(sources=format_sources(sources), topic=topic)
    return str(model.invoke([HumanMessage(content=prompt)]).content)


def _verified(
    snapshot: IndexSnapshot, similarity: Callable[[str, str], float], note: NoteDraft, text: str, sources: list[Passage]
) -> tuple[NoteDraft | None, int]:
    """The model's note with only the sentences the sources support, each cited; None if none are."""
    citations = CitationList(snapshot)
    texts = [p.text for p in sources]
    removed = 0
    sections = []
    bodies = split_sections(text)
    for section in note.sections:
        statements = []
        for claim in check_answer(bodies.get(section.key, ""), texts, similarity):
            if claim.text.strip("«»") == EMPTY_SECTION:
                continue
            if not claim.supported:
                removed += 1
                continue
            markers = [citations.cite(sources[i], sentence).marker for i, sentence in cited_sentences(claim, texts)]
            if markers:
                statements.append(Statement(text=claim.text, markers=list(dict.fromkeys(markers))))
        sections.append(section.model_copy(update={"statements": statements}))
    if not any(s.statements for s in sections):
        return None, removed
    notices = [UNSUPPORTED["nb"].format(n=removed)] if removed else []
    return note.model_copy(
        update={
            "sections": sections,
            "citations": citations.citations,
            "mode": "llm",
            "references": citations.references(),
            "notices": notices,
        }
    ), removed
