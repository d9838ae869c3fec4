"""Every quotable sentence of the retrieved passages, scored as an answer to the question.

The score is the IDF-weighted share of the question's words a sentence holds (with the words it borrows
from its lead-in or antecedent), the passage's retrieval rank, and what the question's type asks for: an
actor for *hvem*, a number of the asked unit for *hvor mange*, a measure, a cause. A follow-up's topic
words count less than its new ask. Choosing and ordering the quotes is :mod:`assistant.compose`'s work.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from assistant.question import (
    CLAIM,
    DENIAL,
    POLAR_OUTCOME,
    acting_subject,
    acts,
    asked_unit,
    defined_subject,
    defines,
    satisfies,
    split_aspects,
)
from assistant.retrieval import Passage
from assistant.sentences import Candidate, is_quotable, lead_in_of, list_after, needs_antecedent, passage_candidates
from assistant.text import Sentence
from ingest.lexical import tokenize

ACTORS = re.compile(
    r"\b(NAV|Nav|Arbeids- og velferds\w+|kommunen\w*|kommunene|fylkeskommun\w*|staten|statlig\w*|"
    r"regjeringen|departement\w*|direktorat\w*|KS|arbeidsgiver\w*|helsetjenest\w*|skole\w*|"
    r"oppfølgingstjenesten|frivillige organisasjon\w*|frivillig sektor|frivilligheten|sosiale entreprenører|partnerskap\w*|ansvar\w*)\b"
)
MEASURES = re.compile(
    r"\b(regjeringen vil|vil regjeringen|skal|foreslår|tiltak\w*|satsing\w*|ordning\w*|"
    r"prøve ut|etablere|styrke|innføre|videreføre|bevilget|forsøk\w*|besluttet|lovfest\w*|går inn for)\b",
    re.IGNORECASE,
)
BARRIERS = re.compile(
    r"\b(fordi|skyldes|barrier\w*|hindr\w*|vanskelig\w*|utfordring\w*|mangl\w*|"
    r"årsak\w*|krevende|problem\w*|risiko|fører til|bidra til)\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\d")
_ANNOUNCES = re.compile(
    r"\b(om|på|av|til|for|i|omhandler|belyser|drøfter)\s+(hvordan|hva|hvilke\w*|hvem|hvorfor|hvorvidt)\b|\bhva\s+som\s+(kan|bør|skal|må)\b",
    re.IGNORECASE,
)
ANNOUNCE_PENALTY = 0.2
# a document that speaks of itself («Regjeringen foreslår i denne meldingen tiltak for …», «Delrapport 1 omhandler
# hvordan …», «I denne rapporten gjengis først samtlige innlegg …»): it names what the document covers, not what it says
_SELF_REFERENCE = re.compile(
    r"\b(i|for|av|med)\s+(denne|dette)\s+(meldingen|stortingsmeldingen|rapporten|delrapporten|notatet|kapitlet|kapittelet|heftet|"
    r"delen|avsnittet|dokumentet|innlegget)\b|^(Denne|Dette)\s+(meldingen|stortingsmeldingen|rapporten|notatet|kapitlet|"
    r"kapittelet|heftet|dokumentet)\s+(omhandler|beskriver|handler|tar\s+for\s+seg|drøfter|presenterer|gir\s+en\s+oversikt|"
    r"legger\s+(mest\s+|særlig\s+|stor\s+)?vekt\s+på|ser\s+på|retter\s+søkelyset)\b|"
    r"\b(del)?rapport(en)?\s+(\w+\s+)?(omhandler|gjengir)\b|\bgjengis\s+(først\s+)?(samtlige|alle)\b",
    re.IGNORECASE,
)
SELF_REFERENCE_PENALTY = 0.15
CUES = {"ansvar": ACTORS, "tiltak": MEASURES, "barriere": BARRIERS, "fakta": NUMBER}

PRIOR_WEIGHT = 0.25  # how much the passage's retrieval rank counts against the sentence's own overlap
CUE_BONUS = 0.12  # a sentence with the cue of the question type (actors, measures, causes, numbers)
KIND_BONUS = 0.10  # a sentence holding the kind of answer asked for (a number of the asked unit, a date …)
UNIT_BONUS = 0.10  # … and more when its number counts the unit asked about («132 kommuner»)
NUMBER_MISSING_PENALTY = 0.1  # «hvor mange …» answered by a sentence with no number at all
CONTEXT_WEIGHT = 0.5  # what the lead-in of a list item, or the antecedent of «Dette …», adds to its overlap
QUOTED_BONUS = 0.2  # a sentence holding a name the question quotes («Flere i arbeid»); half for its passage
ACTING_BONUS = 0.1  # «Hva vil regjeringen gjøre …?» answered where the government acts: «Regjeringen vil …»
DENIAL_BONUS = 0.1  # «Skyldes det først og fremst X?» answered where the document says it is not X
DEFINITION_BONUS = 0.15  # «Hva er IPS?» answered by the sentence that says what IPS is, IPS as its subject
ORPHAN_PENALTY = 0.15  # a sentence that needs an antecedent the passage does not hold
LONG_PENALTY = 0.10
TOPIC_WEIGHT = 0.5  # a follow-up's topic words count half as much as its own words
OFF_ASK_PENALTY = 0.2  # … and a sentence with none of its own words is not its answer


@dataclass(frozen=True, slots=True)
class Scored:
    candidate: Candidate
    score: float
    overlap: float  # IDF-weighted share of the question's terms in the sentence (with its context)


def _weights(
    question_terms: set[str], passage: Passage, idf: dict[str, float], topic_terms: frozenset[str] = frozenset()
) -> dict[str, float]:
    # words that only name the source («Kristiansand», «KS-notatet») chose the document, not the sentence; the
    # full title is made of the topic's own words («… deltakere i kvalifiseringsprogrammet»): those still count
    query = question_terms - set(tokenize(f"{passage.short_title} {passage.kind}"))
    # a follow-up's topic words found the passages; its own words are the new ask the sentence must answer:
    # together the topic words weigh at most half of what the ask's words weigh
    weights = {t: idf.get(t, 1.0) for t in query}
    ask = sum(w for t, w in weights.items() if t not in topic_terms)
    topic = sum(w for t, w in weights.items() if t in topic_terms)
    factor = min(TOPIC_WEIGHT, TOPIC_WEIGHT * ask / topic) if topic and ask else TOPIC_WEIGHT
    return {t: w * factor if t in topic_terms else w for t, w in weights.items()}


_TOPIC = re.compile(r"^(.*\S)\s+\(([^()]+)\)\s*$", re.DOTALL)


_QUOTED = re.compile(r"«([^«»]{3,80})»(?![-–]?\w)")  # not a document's name: ««Ingen utenfor»-meldingen»


def quoted_names(question: str) -> list[str]:
    """The names the question puts in quotes («Flere i arbeid», «place and pray»), lower case."""
    return [m.group(1).lower() for m in _QUOTED.finditer(question)]


def split_topic(question: str) -> tuple[str, str]:
    """«Og hvor lenge varer retten? (ettervern unge)» → the new ask and the conversation's topic."""
    match = _TOPIC.match(question)
    return (match.group(1), match.group(2)) if match else (question, "")


# words of one meaning in the questions of responsibility («Hvem betalte for det?» is answered by «… var
# finansiert av statlige midler»; «hvem driver det?» by «… drives i kommunal regi»): the stems of each
CONCEPTS = (
    re.compile(r"^(betal|betalt|finansier|finansiering|bekost|bevilg|bevilgning)$"),
    re.compile(r"^(driv|drev|drift|driftet|regi)$"),
)


@lru_cache(maxsize=65536)
def concept_of(term: str) -> int | None:
    """The meaning (an index into :data:`CONCEPTS`) a stem has, if any; remembered per stem."""
    return next((i for i, concept in enumerate(CONCEPTS) if concept.match(term)), None)


def concepts(terms: frozenset[str] | set[str]) -> frozenset[int]:
    """The meanings (:data:`CONCEPTS`) a set of stems holds."""
    return frozenset(i for i in map(concept_of, terms) if i is not None)


def same_meaning(term: str, held: frozenset[int]) -> bool:
    """Whether a stem means one of the held meanings."""
    meaning = concept_of(term)
    return meaning is not None and meaning in held


def _overlap(weights: dict[str, float], terms: frozenset[str] | set[str]) -> float:
    total = sum(weights.values()) or 1.0
    held: frozenset[int] | None = None  # read only when a question word missing from the sentence has a meaning
    got = 0.0
    for term, weight in weights.items():
        if term in terms:
            got += weight
        elif concept_of(term) is not None:
            held = concepts(terms) if held is None else held
            got += weight if same_meaning(term, held) else 0.0
    return got / total


def score_candidates(
    question: str,
    passages: list[Passage],
    idf: dict[str, float],
    kind: str,
    contiguous: Callable[[int, Sentence], bool] | None = None,
) -> tuple[list[Scored], dict[int, list[Candidate]]]:
    """Every quotable sentence of the passages, scored as an answer to the question; best first.

    ``contiguous(passage, sentence)`` tells whether the sentence stands in one stretch of the raw file; one
    that the cleaning joined across a page with its footnotes cannot be cited as one span, so it is left out.
    """
    asked = set(tokenize(question))
    ask, topic = split_topic(question)
    ask_terms = frozenset(tokenize(ask))
    topic_terms = frozenset(tokenize(topic)) - ask_terms
    cue = CUES.get(kind)
    aspects = split_aspects(ask)
    kinds = {a.kind for a in aspects}
    wanted = kinds.pop() if len(kinds) == 1 else None  # the parts ask one kind («hvor mange …, og hvor mange …»)
    if wanted is None and aspects and POLAR_OUTCOME.search(aspects[0].text):
        wanted = "result"  # «Fikk flere jobb …?» is answered by what was found
    unit = asked_unit(question)
    subject = defined_subject(aspects[0].text) if aspects else frozenset()
    actor = acting_subject(ask)
    claim = bool(CLAIM.search(ask))
    by_passage: dict[int, list[Candidate]] = {}
    scored: list[Scored] = []
    quoted = quoted_names(question)
    seen: set[str] = set()
    for rank, passage in enumerate(passages):
        candidates = passage_candidates(rank, passage.text)
        by_passage[rank] = candidates
        weights = _weights(asked, passage, idf, topic_terms)
        in_passage = [q for q in quoted if q in passage.text.lower()]
        prior = 1.0 / (1.0 + 0.35 * rank)
        for candidate in candidates:
            if not candidate.quotable or candidate.text in seen:
                continue
            if contiguous is not None and not contiguous(rank, candidate.sentence):
                continue
            seen.add(candidate.text)  # the same sentence in an overlapping chunk: the better-ranked copy
            own = _overlap(weights, candidate.terms)
            context = _context_terms(candidates, candidate)
            with_context = _overlap(weights, candidate.terms | context) if context else own
            overlap = own + CONTEXT_WEIGHT * (with_context - own)
            score = overlap + PRIOR_WEIGHT * prior
            if cue and cue.search(candidate.text):
                score += CUE_BONUS
            offered = bool(wanted) and satisfies(wanted, candidate.text, unit)
            # a follow-up's answer speaks to its new ask, not only to the topic — or names the place it asks for
            # («Hvor holder de til?» answered by «Vi har Batterier i Bodø, Trondheim …»: the verb asks nothing)
            if topic_terms and ask_terms and not ask_terms & candidate.terms and not (offered and wanted == "place"):
                score -= OFF_ASK_PENALTY
            if wanted:  # «hvem» wants an actor, «hvor mange» a number of the asked unit …
                if offered:
                    score += KIND_BONUS + (UNIT_BONUS if unit else 0.0)  # it counts the very thing asked about
                elif wanted == "number" and not satisfies(wanted, candidate.text):
                    score -= NUMBER_MISSING_PENALTY  # no number at all cannot say «hvor mange»
            if subject and defines(candidate.text, subject):
                score += DEFINITION_BONUS
            if actor and acts(candidate.text, actor):
                score += ACTING_BONUS
            if claim and own > 0 and DENIAL.search(candidate.text):
                score += DENIAL_BONUS
            if in_passage:  # «programmet «Flere i arbeid»»: the passage that names it, the sentence most of all
                score += QUOTED_BONUS * (1.0 if any(q in candidate.text.lower() for q in in_passage) else 0.5)
            if _ANNOUNCES.search(candidate.text):
                score -= ANNOUNCE_PENALTY  # «… se nærmere på hvordan …»: names the question, does not answer it
            if _SELF_REFERENCE.search(candidate.text):
                score -= SELF_REFERENCE_PENALTY
            if needs_antecedent(candidate.text) and candidate.position == 0:
                score -= ORPHAN_PENALTY
            if len(candidate.text) > 450:
                score -= LONG_PENALTY
            if candidate.lead_in and not list_after(candidates, candidate.position):
                score -= ORPHAN_PENALTY  # a lead-in whose list the chunk cut off
            scored.append(Scored(candidate, score, overlap))
    scored.sort(key=lambda s: -s.score)
    return scored, by_passage


def _context_terms(candidates: list[Candidate], candidate: Candidate) -> frozenset[str]:
    """The words a sentence borrows: its list's lead-in, the first sentence of the list item it goes on in
    («Helsefagprosjektet: …» for «Så langt har 103 deltakere …»), or the sentence «Dette …» points back to."""
    if candidate.bullet:
        lead = lead_in_of(candidates, candidate.position)
        return lead.terms if lead else frozenset()
    if candidate.lead_in:
        items = list_after(candidates, candidate.position)
        return frozenset().union(*(i.terms for i in items)) if items else frozenset()
    borrowed = frozenset()
    if candidate.item is not None and candidate.item != candidate.position:
        borrowed = candidates[candidate.item].terms  # a list item goes on about what its first sentence names
    if needs_antecedent(candidate.text) and candidate.position > 0:
        return borrowed | candidates[candidate.position - 1].terms
    return borrowed


def quotable(text: str) -> bool:
    return is_quotable(text)


def similar_terms(a: frozenset[str], b: frozenset[str]) -> bool:
    return len(a & b) / max(len(a | b), 1) > 0.6
