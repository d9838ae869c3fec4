"""The embedded default answer: the sentences that answer, quoted from the passages, answer first.

No LLM: every quoted sentence is a sentence of a source, in its OCR-repaired form, followed by the
marker of its citation — so the answer can never say what the source does not. What makes it an
answer rather than a paste is the choice and the order: the sentence that most directly answers
comes first (for *hvem* one with an actor, for *hvor mange* one with a number of the asked kind, for
*hva vil regjeringen* the list after the lead-in), every part of the question gets its best sentence,
a sentence keeps the sentence or lead-in it depends on, consecutive sentences of one passage become
one quote with one marker, and nothing is added that the answer does not need.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.question import Aspect, asked_unit, satisfies, split_aspects
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
    r"prøve ut|etablere|styrke|innføre|videreføre|bevilget|forsøk\w*)\b",
    re.IGNORECASE,
)
BARRIERS = re.compile(
    r"\b(fordi|skyldes|barrier\w*|hindr\w*|vanskelig\w*|utfordring\w*|mangl\w*|"
    r"årsak\w*|krevende|problem\w*|risiko|fører til|bidra til)\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\d")
_ANNOUNCES = re.compile(
    r"\b(om|på|av|til|for|i)\s+(hvordan|hva|hvilke\w*|hvem|hvorfor|hvorvidt)\b|\bhva\s+som\s+(kan|bør|skal|må)\b",
    re.IGNORECASE,
)
ANNOUNCE_PENALTY = 0.2
CUES = {"ansvar": ACTORS, "tiltak": MEASURES, "barriere": BARRIERS, "fakta": NUMBER}

PRIOR_WEIGHT = 0.25  # how much the passage's retrieval rank counts against the sentence's own overlap
CUE_BONUS = 0.12  # a sentence with the cue of the question type (actors, measures, causes, numbers)
KIND_BONUS = 0.10  # a sentence holding the kind of answer asked for (a number of the asked unit, a date …)
UNIT_BONUS = 0.10  # … and more when its number counts the unit asked about («132 kommuner»)
NUMBER_MISSING_PENALTY = 0.1  # «hvor mange …» answered by a sentence with no number at all
CONTEXT_WEIGHT = 0.5  # what the lead-in of a list item, or the antecedent of «Dette …», adds to its overlap
ORPHAN_PENALTY = 0.15  # a sentence that needs an antecedent the passage does not hold
LONG_PENALTY = 0.10
TOPIC_WEIGHT = 0.5  # a follow-up's topic words count half as much as its own words
OFF_ASK_PENALTY = 0.2  # … and a sentence with none of its own words is not its answer


@dataclass(frozen=True, slots=True)
class Scored:
    candidate: Candidate
    score: float
    overlap: float  # IDF-weighted share of the question's terms in the sentence (with its context)


@dataclass(slots=True)
class Block:
    """One quote: consecutive sentences of one passage (a sentence with its antecedent, a lead-in with its list)."""

    passage: int
    positions: list[int]
    score: float
    aspect: int = 0
    list_items: list[int] = field(default_factory=list)  # positions rendered as list items under the first


@dataclass(frozen=True, slots=True)
class Composition:
    """What the composer chose, and why: the judge of answerability reads this."""

    blocks: list[Block]
    scored: list[Scored]
    candidates: dict[int, list[Candidate]]
    aspects: list[Aspect]
    unanswered: list[int]  # indices of aspects no chosen sentence speaks to

    def texts(self, limit: int | None = None) -> list[str]:
        out = []
        for block in self.blocks[:limit]:
            out += [self.candidates[block.passage][p].text for p in block.positions]
        return out


def _weights(
    question_terms: set[str], passage: Passage, idf: dict[str, float], topic_terms: frozenset[str] = frozenset()
) -> dict[str, float]:
    # words that only name the source («Kristiansand», «KS-notatet») chose the document, not the sentence
    query = question_terms - set(tokenize(f"{passage.title} {passage.short_title} {passage.kind}"))
    # a follow-up's topic words found the passages; its own words are the new ask the sentence must answer:
    # together the topic words weigh at most half of what the ask's words weigh
    weights = {t: idf.get(t, 1.0) for t in query}
    ask = sum(w for t, w in weights.items() if t not in topic_terms)
    topic = sum(w for t, w in weights.items() if t in topic_terms)
    factor = min(TOPIC_WEIGHT, TOPIC_WEIGHT * ask / topic) if topic and ask else TOPIC_WEIGHT
    return {t: w * factor if t in topic_terms else w for t, w in weights.items()}


_TOPIC = re.compile(r"^(.*\S)\s+\(([^()]+)\)\s*$", re.DOTALL)


def split_topic(question: str) -> tuple[str, str]:
    """«Og hvor lenge varer retten? (ettervern unge)» → the new ask and the conversation's topic."""
    match = _TOPIC.match(question)
    return (match.group(1), match.group(2)) if match else (question, "")


def _overlap(weights: dict[str, float], terms: frozenset[str] | set[str]) -> float:
    total = sum(weights.values()) or 1.0
    return sum(w for t, w in weights.items() if t in terms) / total


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
    wanted = aspects[0].kind if len(aspects) == 1 else None
    unit = asked_unit(question)
    by_passage: dict[int, list[Candidate]] = {}
    scored: list[Scored] = []
    seen: set[str] = set()
    for rank, passage in enumerate(passages):
        candidates = passage_candidates(rank, passage.text)
        by_passage[rank] = candidates
        weights = _weights(asked, passage, idf, topic_terms)
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
            if topic_terms and ask_terms and not ask_terms & candidate.terms:
                score -= OFF_ASK_PENALTY  # a follow-up's answer speaks to its new ask, not only to the topic
            if wanted:  # «hvem» wants an actor, «hvor mange» a number of the asked unit …
                if satisfies(wanted, candidate.text, unit):
                    score += KIND_BONUS + (UNIT_BONUS if unit else 0.0)  # it counts the very thing asked about
                elif wanted == "number" and not satisfies(wanted, candidate.text):
                    score -= NUMBER_MISSING_PENALTY  # no number at all cannot say «hvor mange»
            if _ANNOUNCES.search(candidate.text):
                score -= ANNOUNCE_PENALTY  # «… se nærmere på hvordan …»: names the question, does not answer it
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
    """The words a sentence borrows: its list's lead-in, or the sentence «Dette …» points back to."""
    if candidate.bullet:
        lead = lead_in_of(candidates, candidate.position)
        return lead.terms if lead else frozenset()
    if candidate.lead_in:
        items = list_after(candidates, candidate.position)
        return frozenset().union(*(i.terms for i in items)) if items else frozenset()
    if needs_antecedent(candidate.text) and candidate.position > 0:
        return candidates[candidate.position - 1].terms
    return frozenset()


def expand(candidates: list[Candidate], candidate: Candidate, max_items: int = 8) -> Block:
    """The quote a sentence needs to stand on its own."""
    position = candidate.position
    if candidate.lead_in:
        items = [i.position for i in list_after(candidates, position, max_items)]
        return Block(candidate.passage, [position, *items], 0.0, list_items=items)
    if candidate.bullet:
        lead = lead_in_of(candidates, position)
        if lead is not None:
            items = [i.position for i in list_after(candidates, lead.position, max_items)]
            if position not in items:
                items = [position]
            return Block(candidate.passage, [lead.position, *items], 0.0, list_items=items)
        return Block(candidate.passage, [position], 0.0)
    if position > 0 and needs_antecedent(candidate.text):
        before = candidates[position - 1]
        if not before.text.endswith("?") and (before.quotable or before.bullet):
            return Block(candidate.passage, [position - 1, position], 0.0)
    return Block(candidate.passage, [position], 0.0)


def choose(
    question: str,
    scored: list[Scored],
    candidates: dict[int, list[Candidate]],
    max_blocks: int = 4,
    relative_floor: float = 0.6,
    max_chars: int = 800,
    continuation_floor: float = 0.4,
    *,
    context: bool = True,
    continuation: bool = True,
    answer_first: bool = True,
) -> Composition:
    """The lead (best sentence), each further aspect's best sentence, then what adds to them — within a budget.

    The switches are for ablations: ``context`` keeps antecedents and lists, ``continuation`` adds the sentence
    after the lead, ``answer_first`` orders quotes by usefulness (else by passage and position, as before).
    """
    aspects = split_aspects(split_topic(question)[0])  # a follow-up's topic is not a part of its question
    blocks: list[Block] = []
    used: set[tuple[int, int]] = set()
    covered_terms: set[str] = set()
    if not scored:
        return Composition([], scored, candidates, aspects, list(range(len(aspects))))
    best = scored[0].score

    def add(item: Scored, aspect: int) -> None:
        block = (
            expand(candidates[item.candidate.passage], item.candidate)
            if context
            else Block(item.candidate.passage, [item.candidate.position], 0.0)
        )
        block.score, block.aspect = item.score, aspect
        for index, other in enumerate(blocks):  # consecutive or overlapping sentences of one passage: one quote
            before_lead = index == 0 and min(block.positions) < min(
                other.positions
            )  # the lead quote opens with the answer
            if other.passage == block.passage and _touch(other.positions, block.positions) and not before_lead:
                other.positions = sorted(set(other.positions) | set(block.positions))
                other.list_items = sorted(set(other.list_items) | set(block.list_items))
                break
        else:
            blocks.append(block)
        for position in block.positions:
            used.add((block.passage, position))
            covered_terms.update(candidates[block.passage][position].terms)

    add(scored[0], 0)
    following = _following(scored, candidates, blocks[0]) if continuation else None
    if following is not None and following.score >= continuation_floor * best:
        add(following, 0)  # the sentence after the answer usually completes it (the figures, the examples)
    unanswered: list[int] = []
    # the lead answers the part it fits best; every other part gets its own best sentence
    lead_part = max(range(len(aspects)), key=lambda i: _fit(aspects[i], scored[0])) if len(aspects) > 1 else 0
    for index, aspect in enumerate(aspects):
        if index == lead_part:
            continue
        pick = _best_for_aspect(aspect, scored, used, best * 0.35)
        if pick is None:
            unanswered.append(index)
        elif (pick.candidate.passage, pick.candidate.position) not in used:
            add(pick, index)
    asked = set(tokenize(question))
    for item in scored[1:]:
        if len(blocks) >= max_blocks or _length(blocks, candidates) >= max_chars:
            break
        if item.score < relative_floor * best:
            break
        key = (item.candidate.passage, item.candidate.position)
        if key in used:
            continue
        new = (item.candidate.terms & asked) - covered_terms
        if not new and not _adds_number(item.candidate.text, blocks, candidates):
            continue  # says nothing the answer lacks
        if _length(blocks, candidates) + len(item.candidate.text) > max_chars * 1.15:
            continue
        add(item, 0)
    if not answer_first:
        blocks.sort(key=lambda b: (b.passage, min(b.positions)))
    return Composition(blocks, scored, candidates, aspects, unanswered)


def _following(scored: list[Scored], candidates: dict[int, list[Candidate]], block: Block) -> Scored | None:
    """The scored sentence right after a block in its passage, if it is quotable."""
    after = max(block.positions) + 1
    for item in scored:
        if item.candidate.passage == block.passage and item.candidate.position == after:
            return item
    return None


def _fit(aspect: Aspect, item: Scored) -> float:
    """How well a sentence answers one part: the part's own words, and the kind of answer it wants."""
    own = len(aspect.terms & item.candidate.terms) / max(len(aspect.terms), 1)
    return own + (0.5 if aspect.kind and satisfies(aspect.kind, item.candidate.text) else 0.0)


def _best_for_aspect(aspect: Aspect, scored: list[Scored], used: set, floor: float) -> Scored | None:
    """The best sentence for one part of the question: its own words, and the kind of answer it wants."""
    best: tuple[float, Scored] | None = None
    for item in scored:
        if item.score < floor:
            break
        own = len(aspect.terms & item.candidate.terms) / max(len(aspect.terms), 1)
        fits = satisfies(aspect.kind, item.candidate.text) if aspect.kind else own > 0
        if not fits:
            continue
        value = item.score + own
        if best is None or value > best[0]:
            best = (value, item)
    if best is None:
        return None
    item = best[1]
    already = (item.candidate.passage, item.candidate.position) in used
    return item if already or best[0] > floor else None


def _touch(a: list[int], b: list[int]) -> bool:
    return min(b) <= max(a) + 1 and min(a) <= max(b) + 1


def _length(blocks: list[Block], candidates: dict[int, list[Candidate]]) -> int:
    return sum(len(candidates[b.passage][p].text) for b in blocks for p in b.positions)


def _adds_number(text: str, blocks: list[Block], candidates: dict[int, list[Candidate]]) -> bool:
    numbers = set(re.findall(r"\d+(?:[.,]\d+)?", text))
    if not numbers:
        return False
    have = {
        n for b in blocks for p in b.positions for n in re.findall(r"\d+(?:[.,]\d+)?", candidates[b.passage][p].text)
    }
    return bool(numbers - have)


# --- The sentence scoring the drafting tools use (notes, courses) -----------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoredSentence:
    passage: int  # index into the passages
    sentence: Sentence
    score: float
    terms: frozenset[str]


def quotable(text: str) -> bool:
    return is_quotable(text)


def score_sentences(question: str, passages: list[Passage], idf: dict[str, float], kind: str) -> list[ScoredSentence]:
    scored, _ = score_candidates(question, passages, idf, kind)
    return [ScoredSentence(s.candidate.passage, s.candidate.sentence, s.score, s.candidate.terms) for s in scored]


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
