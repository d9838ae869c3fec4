"""What the drafting tools (note, course module, responsibility matrix) share: cited findings and references.

Findings come from the same retrieval chain as chat answers (:func:`assistant.retrieval.rank_chunks`) and
are scored and chosen by the same composer (:mod:`assistant.compose`); citations are made by
:func:`assistant.compose.citation_for`. What is added here is the grouping by category and the reference
list with publisher and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from assistant.chain import ABSTAIN_COVERAGE, QuestionError, validate_question
from assistant.compose import (
    BARRIERS,
    MEASURES,
    ScoredSentence,
    citation_for,
    score_sentences,
    select_sentences,
    similar_terms,
)
from assistant.decide import passages_cover
from assistant.drafting.actors import actor_roles
from assistant.records import Citation
from assistant.retrieval import Passage, SearchOptions, rank_chunks, section_label
from assistant.store import Filters, IndexSnapshot
from assistant.text import Sentence, fold
from ingest.records import IndexedDocument

MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
# Retrieval runs for the topic and for the topic with each category's cue words.
CATEGORY_CUES = {
    "ansvar": "ansvar rolle oppgave kommunen NAV staten",
    "tiltak": "tiltak regjeringen vil satsing ordning",
    "barrierer": "barrierer utfordringer årsaker hindringer",
    "bakgrunn": "",
}
CATEGORY_KIND = {"ansvar": "ansvar", "tiltak": "tiltak", "barrierer": "barriere", "bakgrunn": "fakta"}


def validate_topic(topic: str) -> str:
    """The chat's rule for questions (not empty, at most 4,000 characters), worded for a topic."""
    try:
        return validate_question(topic)
    except QuestionError as exc:
        raise QuestionError(str(exc).replace("Spørsmålet", "Temaet")) from exc


class Reference(BaseModel):
    """One entry of a reference list: the citation with its document's publisher and date."""

    marker: int
    document: str
    title: str
    short_title: str = ""
    publisher: str = ""
    date: str = Field("", description="As in sources.yaml: 2021-06-04 or 2013-05.")
    section: str = ""
    page: int | None = None
    start_char: int
    end_char: int
    quote: str

    @property
    def text(self) -> str:
        """«Meld. St. 32 (2020–2021) Ingen utenfor. Arbeids- og sosialdepartementet, 4. juni 2021. kap. 3.4, s. 68.»"""
        parts = [self.title.rstrip(".")]
        published = ", ".join(x for x in (self.publisher, format_date(self.date)) if x)
        if published:
            parts.append(published)
        where = ", ".join(x for x in (self.section, f"s. {self.page}" if self.page else "") if x)
        if where:
            parts.append(where)
        return ". ".join(parts) + "."


def format_date(date: str) -> str:
    """«2021-06-04» → «4. juni 2021», «2013-05» → «mai 2013»; anything else unchanged.

    >>> format_date("2021-06-04"), format_date("2013-05"), format_date("2013")
    ('4. juni 2021', 'mai 2013', '2013')
    """
    full = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", date)
    if full and 1 <= int(full.group(2)) <= 12:
        return f"{int(full.group(3))}. {MONTHS[int(full.group(2)) - 1]} {full.group(1)}"
    month = re.fullmatch(r"(\d{4})-(\d{2})", date)
    if month and 1 <= int(month.group(2)) <= 12:
        return f"{MONTHS[int(month.group(2)) - 1]} {month.group(1)}"
    return date


def references_for(citations: list[Citation], documents: dict[str, IndexedDocument]) -> list[Reference]:
    references = []
    for c in citations:
        meta = documents.get(c.document)
        references.append(
            Reference(
                marker=c.marker,
                document=c.document,
                title=(meta and meta.title) or c.title,
                short_title=c.short_title,
                publisher=meta.publisher if meta else "",
                date=meta.date if meta else "",
                section=c.section,
                page=c.page,
                start_char=c.start_char,
                end_char=c.end_char,
                quote=c.quote,
            )
        )
    return references


class CitationList:
    """Citations numbered in order of first use; the same source span always gets the same marker."""

    def __init__(self, snapshot: IndexSnapshot) -> None:
        self.snapshot = snapshot
        self.citations: list[Citation] = []
        self._by_span: dict[tuple[str, int, int], Citation] = {}

    def cite(self, passage: Passage, sentence: Sentence) -> Citation:
        offsets = self.snapshot.document_text(passage.document).offsets
        citation = citation_for(len(self.citations) + 1, passage, sentence, offsets, section_label(passage))
        return self.add(citation)

    def add(self, citation: Citation) -> Citation:
        """Take a citation made elsewhere (e.g. a cached matrix cell) and give it this list's marker."""
        key = (citation.document, citation.start_char, citation.end_char)
        if key not in self._by_span:
            self._by_span[key] = citation.model_copy(update={"marker": len(self.citations) + 1})
            self.citations.append(self._by_span[key])
        return self._by_span[key]

    def references(self) -> list[Reference]:
        return references_for(self.citations, self.snapshot.catalog)


@dataclass(frozen=True, slots=True)
class Finding:
    """A source sentence chosen for one category of a draft."""

    category: str
    passage: Passage
    sentence: Sentence
    score: float


CAPTION = re.compile(r"^(?:Figur|Tabell|Boks|Kilde|Note)\s*\d", re.IGNORECASE)


def without_bullet(text: str, sentence: Sentence) -> Sentence:
    """«— Ta initiativ til …» → «Ta initiativ til …» (the chat's splitter strips «-», not the long dashes)."""
    start = sentence.start
    while start < sentence.end and text[start] in "–—•· \t\n":
        start += 1
    if start == sentence.start or start == sentence.end:
        return sentence
    return Sentence(start, sentence.end, fold(text[start : sentence.end]))


def fits_category(category: str, text: str) -> bool:
    """A sentence belongs under a heading when it carries that heading's cue (and is not a caption)."""
    if CAPTION.match(text):
        return False
    match category:
        case "ansvar":
            return bool(actor_roles(text))
        case "tiltak":
            return bool(MEASURES.search(text))
        case "barrierer":
            return bool(BARRIERS.search(text))
    return True


def topic_is_covered(snapshot: IndexSnapshot, topic: str, passages: list[Passage]) -> bool:
    """The chat's abstention rule, applied to a draft's topic and its three best passages."""
    return passages_cover(snapshot, topic, passages[:3], "nb", ABSTAIN_COVERAGE)


CATEGORY_ORDER = ("ansvar", "tiltak", "barrierer", "bakgrunn")  # who fills first: duties before background


def category_passages(
    snapshot: IndexSnapshot, topic: str, filters: Filters = Filters(), per_query: int = 6
) -> dict[str, list[Passage]]:
    """The best chunks for the topic with each category's cue words (the chat's retrieval, four times)."""
    return {
        category: rank_chunks(snapshot, f"{topic} {CATEGORY_CUES[category]}".strip(), filters, SearchOptions())[
            :per_query
        ]
        for category in CATEGORY_ORDER
    }


def gather_findings(
    snapshot: IndexSnapshot, topic: str, passages: dict[str, list[Passage]], per_category: int = 4
) -> dict[str, list[Finding]]:
    """The best sentences for each category; a sentence is used under one heading only.

    Categories are filled in :data:`CATEGORY_ORDER`, so a sentence that names an actor's duty goes under
    «Ansvar» before it can be taken as background.
    """
    found: dict[str, list[Finding]] = {}
    used: list[ScoredSentence] = []
    used_spans: set[tuple[str, int]] = set()
    for category in CATEGORY_ORDER:
        candidates = passages.get(category, [])
        scored = [
            s
            for s in score_sentences(topic, candidates, snapshot.idf, CATEGORY_KIND[category])
            if fits_category(category, s.sentence.text)
            and (candidates[s.passage].document, candidates[s.passage].clean_start + s.sentence.start) not in used_spans
            and not any(similar_terms(s.terms, other.terms) for other in used)
        ]
        chosen = select_sentences(scored, max_sentences=per_category, min_sentences=1, max_chars=250 * per_category)
        found[category] = [
            Finding(category, candidates[s.passage], without_bullet(candidates[s.passage].text, s.sentence), s.score)
            for s in chosen
        ]
        for s in chosen:
            used.append(s)
            used_spans.add((candidates[s.passage].document, candidates[s.passage].clean_start + s.sentence.start))
    return found
