"""What the drafting tools (note, course module, responsibility matrix) share: cited findings and references.

Findings come from the same retrieval chain as chat answers (:func:`assistant.retrieval.rank_chunks`) and
are scored and chosen by the same composer (:mod:`assistant.compose`); citations are made by
:func:`assistant.quotes.citation_for`. What is added here is the grouping by category and the reference
list with publisher and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from assistant.chain import Assistant, QuestionError, validate_question
from assistant.compose import Block, choose, expand
from assistant.drafting.actors import actor_roles
from assistant.drafting.context import attributed, attribution, is_fragment, with_antecedent
from assistant.later import MONTHS
from assistant.messages import NOT_FOUND
from assistant.quotes import block_sentence, citation_for
from assistant.records import AnswerResult, Citation
from assistant.retrieval import Passage, SearchOptions, rank_chunks, section_label
from assistant.scoring import BARRIERS, MEASURES, score_candidates, similar_terms
from assistant.sentences import Candidate, lead_in_of
from assistant.store import Filters, IndexSnapshot
from assistant.text import Sentence, fold
from ingest.lexical import tokenize
from ingest.records import IndexedDocument

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
    """One statement of a draft: a quote of one passage (a sentence with what it leans on, or a lead-in with
    its list) chosen for one heading, with the source a reader needs to know whose view it is."""

    category: str
    passage: Passage
    sentence: Sentence  # the whole quoted span (what the citation points at)
    score: float
    quote: str = ""  # the text before the list (or the whole quote)
    items: tuple[str, ...] = ()  # list items under a lead-in
    source: str = ""  # attribution («Ragnar Næss (PERTINAX), AFI-rapport 2013:10»), «» for the white paper's own
    parts: tuple[Sentence, ...] = ()  # the quote's sentences one by one (for quiz questions)

    @property
    def text(self) -> str:
        return attributed(self.source, self.quote or self.sentence.text)


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


def topic_decision(assistant: Assistant, topic: str, filters: Filters = Filters()) -> AnswerResult:
    """The chat's whole decision on the topic — its fixed rules and the answerability judge of the chosen
    sentences — so a draft declines exactly when a chat answer would; always extractive (no model call)."""
    extractive = assistant if assistant.model is None else Assistant(assistant.index, assistant.options)
    return extractive.ask(topic, filters=filters)


def not_covered_notice(decision: AnswerResult) -> str:
    """What a declined draft says: the chat's refusal, with what the documents say nearby."""
    return decision.answer or NOT_FOUND["nb"]


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


HEADING_QUESTIONS = {  # what each heading answers for the topic (the composer's question)
    "bakgrunn": "{topic}",
    "barrierer": "Hvilke utfordringer og barrierer er det for {topic}?",
    "tiltak": "Hvilke tiltak og ordninger finnes for {topic}?",
    "ansvar": "Hvem har ansvar for {topic}, og hvilke oppgaver har de?",
}
ON_TOPIC_SHARE = 0.25  # IDF-weighted share of the topic's words a statement (with its context) must hold
TERM_CAP = 0.4  # the most a single stem counts of the topic's weight
RELATIVE_FLOOR = 0.45  # a heading's statements reach further down than a chat answer's (the composer's 0.6)


def topic_weights(snapshot: IndexSnapshot, topic: str) -> dict[str, float]:
    """The topic's stems weighted by rarity: the words a statement on the topic speaks of."""
    return {t: snapshot.idf.get(t, 1.0) for t in set(tokenize(topic))}


def _on_topic(
    topic: str, weights: dict[str, float], passage: Passage, candidates: list[Candidate], block: Block
) -> bool:
    """The statement (with its lead-in) holds enough of the topic's words; words that name the source
    document («Kristiansand» in the KS note) count as said, as the composer counts them."""
    terms = set().union(*(candidates[p].terms for p in block.positions))
    source = set(tokenize(f"{passage.title} {passage.short_title}", compounds=False))
    terms |= set(tokenize(f"{passage.title} {passage.short_title}"))
    first = candidates[block.positions[0]]
    lead = lead_in_of(candidates, first.position) if first.bullet else None
    if lead is not None:
        terms |= lead.terms
    total = sum(weights.values())
    cap = TERM_CAP * total  # one rare word («forutsetninger») never stands for the whole topic
    share = sum(min(w, cap) for t, w in weights.items() if t in terms) / total if total else 1.0
    if share < ON_TOPIC_SHARE:
        return False
    # «bolig som forutsetning for arbeid»: one rare word («forutsetninger») is not the topic; two of its words are
    words = set(tokenize(topic, compounds=False))
    said = set().union(*(tokenize(candidates[p].text, compounds=False) for p in block.positions))
    said |= source
    if lead is not None:
        said |= set(tokenize(lead.text, compounds=False))
    return len(words) < 2 or len(words & said) >= 2 or share >= 2 * ON_TOPIC_SHARE


def gather_findings(
    snapshot: IndexSnapshot, topic: str, passages: dict[str, list[Passage]], per_category: int = 4
) -> dict[str, list[Finding]]:
    """Each heading composed by the answer composer from its own question; a sentence is used once.

    Headings are filled in :data:`CATEGORY_ORDER` (duties before background). A statement is kept only when
    it carries its heading's cue, names the topic, and stands on its own (its antecedent or lead-in is
    quoted with it); a heading the documents do not cover stays empty.
    """
    weights = topic_weights(snapshot, topic)
    found: dict[str, list[Finding]] = {}
    used_spans: set[tuple[str, int]] = set()
    used_terms: list[frozenset[str]] = []
    for category in CATEGORY_ORDER:
        question = HEADING_QUESTIONS[category].format(topic=topic)
        candidates = passages.get(category, [])
        scored, by_passage = score_candidates(question, candidates, snapshot.idf, CATEGORY_KIND[category])

        def free(item, passages=candidates) -> bool:
            key = (
                passages[item.candidate.passage].document,
                passages[item.candidate.passage].clean_start + item.candidate.sentence.start,
            )
            return key not in used_spans and not any(similar_terms(item.candidate.terms, t) for t in used_terms)

        kept = [s for s in scored if fits_category(category, s.candidate.text) and free(s)]
        composition = choose(
            question,
            kept,
            by_passage,
            max_blocks=per_category,
            relative_floor=RELATIVE_FLOOR,
            max_chars=280 * per_category,
        )
        findings = []
        for block in _with_more(composition.blocks, kept, by_passage, per_category):
            texts = by_passage[block.passage]
            block = with_antecedent(block, texts)
            if block is None or not _on_topic(topic, weights, candidates[block.passage], texts, block):
                continue
            passage = candidates[block.passage]
            spans = [(passage.document, passage.clean_start + texts[p].sentence.start) for p in block.positions]
            if any(span in used_spans for span in spans) or any(
                similar_terms(texts[p].terms, t) for p in block.positions for t in used_terms
            ):
                continue
            finding = _finding(category, passage, texts, block)
            if is_fragment(finding.quote):  # what the quote opens with once bullets are stripped
                continue
            findings.append(finding)
            used_spans.update(spans)
            used_terms.extend(texts[p].terms for p in block.positions)
            if len(findings) == per_category:
                break
        found[category] = findings
    return found


def _with_more(blocks: list[Block], kept: list, by_passage: dict[int, list[Candidate]], limit: int) -> list[Block]:
    """The composer's blocks, then (a note has room for more than an answer) the next best candidates above
    the floor, each expanded the composer's way, until the heading has ``limit`` of them."""
    if not kept:
        return blocks
    more = list(blocks)
    taken = {(b.passage, p) for b in blocks for p in b.positions}
    floor = RELATIVE_FLOOR * kept[0].score
    for item in kept:
        if len(more) >= limit + 2 or item.score < floor:  # two spare: some fail the context rules
            break
        if (item.candidate.passage, item.candidate.position) in taken:
            continue
        block = expand(by_passage[item.candidate.passage], item.candidate)
        block.score = item.score
        if any((block.passage, p) in taken for p in block.positions):
            continue
        taken.update((block.passage, p) for p in block.positions)
        more.append(block)
    return more


def _finding(category: str, passage: Passage, candidates: list[Candidate], block: Block) -> Finding:
    head = [p for p in block.positions if p not in block.list_items]
    quote = " ".join(without_bullet(passage.text, candidates[p].sentence).text for p in head)
    items = tuple(without_bullet(passage.text, candidates[p].sentence).text for p in block.list_items)
    span = block_sentence(block, candidates)
    return Finding(
        category,
        passage,
        without_bullet(passage.text, span),
        block.score,
        quote or " ".join(items),
        items if quote else (),
        attribution(passage, span.text),
        tuple(without_bullet(passage.text, candidates[p].sentence) for p in block.positions),
    )
