"""The embedded default answer: chosen sentences from the retrieved passages, quoted with citations.

No LLM: every sentence of the answer is a sentence of a source, in its OCR-repaired form, followed by
the marker of its citation — so the answer can never say what the source does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.markers import escape_markers
from assistant.records import Citation
from assistant.retrieval import Passage
from assistant.text import Sentence, split_sentences
from ingest.lexical import tokenize

ACTORS = re.compile(
    r"\b(NAV|Nav|Arbeids- og velferds\w+|kommunen\w*|kommunene|fylkeskommun\w*|staten|statlig\w*|"
    r"regjeringen|departement\w*|direktorat\w*|KS|arbeidsgiver\w*|helsetjenest\w*|skole\w*|"
    r"oppfølgingstjenesten|frivillig\w*|sosiale entreprenører|partnerskap\w*|ansvar\w*)\b"
)
MEASURES = re.compile(
    r"\b(regjeringen vil|vil regjeringen|skal|foreslår|tiltak\w*|satsing\w*|ordning\w*|"
    r"prøve ut|etablere|styrke|innføre|videreføre|bevilget|forsøk\w*)\b",
    re.IGNORECASE,
)
BARRIERS = re.compile(
    r"\b(fordi|skyldes|barrier\w*|hindr\w*|vanskelig\w*|utfordring\w*|mangl\w*|"
    r"årsak\w*|krevende|problem\w*|risiko|fører til|bidra til)\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\d")
REFERENCE = re.compile(r"\((19|20)\d\d\)|\b[A-ZÆØÅ]\.\s?[A-ZÆØÅ]?\.?,|https?://|Hentet fra")
PRIOR_WEIGHT = 0.25  # how much the passage's retrieval rank counts against the sentence's own overlap
CUE_BONUS = 0.12  # a sentence with the cue of the question type (actors, measures, causes, numbers)
HEADING = re.compile(r"^\d+(\.\d+)+\s")
FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]|^\d{1,3}\s+[A-ZÆØÅ][a-zæøå]+,\s")
CUES = {"ansvar": ACTORS, "tiltak": MEASURES, "barriere": BARRIERS, "fakta": NUMBER}


@dataclass(frozen=True, slots=True)
class ScoredSentence:
    passage: int  # index into the passages
    sentence: Sentence
    score: float
    terms: frozenset[str]


def score_sentences(question: str, passages: list[Passage], idf: dict[str, float], kind: str) -> list[ScoredSentence]:
    asked = set(tokenize(question))
    cue = CUES.get(kind)
    scored: list[ScoredSentence] = []
    for rank, passage in enumerate(passages):
        # words that only name the source («Kristiansand», «KS-notatet») chose the document, not the sentence
        query = asked - set(tokenize(f"{passage.title} {passage.short_title} {passage.kind}"))
        weight = {t: idf.get(t, 1.0) for t in query}
        total = sum(weight.values()) or 1.0
        prior = 1.0 / (1.0 + 0.35 * rank)
        for sentence in split_sentences(passage.text):
            text = sentence.text
            if not quotable(text):
                continue
            terms = frozenset(tokenize(text))
            overlap = sum(weight[t] for t in query & terms) / total
            bonus = CUE_BONUS if cue and cue.search(text) else 0.0
            length_penalty = 0.1 if len(text) > 450 else 0.0
            scored.append(
                ScoredSentence(rank, sentence, overlap + PRIOR_WEIGHT * prior + bonus - length_penalty, terms)
            )
    return sorted(scored, key=lambda s: -s.score)


def quotable(text: str) -> bool:
    """Statements only: no questions, headings, references, footnote debris or table rows."""
    letters = sum(c.isalpha() for c in text)
    return (
        len(text) >= 40
        and letters >= 0.6 * len(text)
        and text[-1] in '.!»)"”:'
        and not REFERENCE.search(text)
        and not HEADING.match(text)
        and not FOOTNOTE.match(text)
    )


def select_sentences(
    scored: list[ScoredSentence],
    max_sentences: int = 6,
    min_sentences: int = 2,
    relative_floor: float = 0.55,
    max_chars: int = 1100,
) -> list[ScoredSentence]:
    """Best sentences first, skipping near-repeats; stop when they fall well below the best one."""
    chosen: list[ScoredSentence] = []
    length = 0
    for candidate in scored:
        if (
            len(chosen) >= max_sentences
            or length + len(candidate.sentence.text) > max_chars
            and len(chosen) >= min_sentences
        ):
            break
        if chosen and candidate.score < relative_floor * chosen[0].score and len(chosen) >= min_sentences:
            break
        if any(similar_terms(candidate.terms, other.terms) for other in chosen):
            continue
        chosen.append(candidate)
        length += len(candidate.sentence.text)
    return sorted(chosen, key=lambda s: (s.passage, s.sentence.start))


def similar_terms(a: frozenset[str], b: frozenset[str]) -> bool:
    return len(a & b) / max(len(a | b), 1) > 0.6


def citation_for(marker: int, passage: Passage, sentence: Sentence, offsets, section_label: str) -> Citation:
    start = passage.clean_start + sentence.start
    end = passage.clean_start + sentence.end
    raw_start = int(offsets[start])
    raw_end = int(offsets[max(end - 1, start)]) + 1
    return Citation(
        marker=marker,
        document=passage.document,
        title=passage.title,
        short_title=passage.short_title,
        section=section_label,
        page=passage.page,
        start_char=raw_start,
        end_char=raw_end,
        quote=sentence.text,
    )


INTRO = {
    "nb": "Dette sier dokumentene:",
    "en": "The documents (in Norwegian) say the following — quoted in the original language:",
}


def render_answer(quotes: list[tuple[str, int]], language: str) -> str:
    lines = [INTRO.get(language, INTRO["nb"]), ""]
    lines += [f"- «{escape_markers(text)}» [{marker}]" for text, marker in quotes]  # the source's own [2] stays text
    return "\n".join(lines)
