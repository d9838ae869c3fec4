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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from assistant.question import Aspect, satisfies, split_aspects
from assistant.scoring import Scored, concept_of, concepts, same_meaning, split_topic
from assistant.scoring import score_candidates as score_candidates  # the chain scores, then composes
from assistant.sentences import Candidate, enumeration, lead_in_of, list_after, needs_antecedent
from ingest.lexical import tokenize


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


def expand(candidates: list[Candidate], candidate: Candidate, max_items: int = 8) -> Block:
    """The quote a sentence needs to stand on its own."""
    position = candidate.position
    points = enumeration(candidates, position)
    # «… noen betingelser. For det første … Det andre er … Den tredje …»: the announcement carries its points
    if points:
        return Block(candidate.passage, points, 0.0)
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
        # an item without a lead-in (a table row, a list the chunk cut from its lead-in) is still shown as an item:
        # two of them next to each other are two lines, not one sentence
        return Block(candidate.passage, [position], 0.0, list_items=[position])
    if position > 0 and needs_antecedent(candidate.text):
        before = candidates[position - 1]
        # an antecedent that itself points back («Det samme gjaldt …») only moves the riddle up front
        if not before.text.endswith("?") and (before.quotable or before.bullet) and not needs_antecedent(before.text):
            return Block(candidate.passage, [position - 1, position], 0.0)
    return Block(candidate.passage, [position], 0.0)


def choose(
    question: str,
    scored: list[Scored],
    candidates: dict[int, list[Candidate]],
    max_blocks: int = 4,
    relative_floor: float = 0.6,
    max_chars: int = 800,
    continuation_floor: float = 0.35,
    *,
    context: bool = True,
    continuation: bool = True,
    answer_first: bool = True,
    sources: Sequence[str] = (),
    named: frozenset[str] = frozenset(),
) -> Composition:
    """The lead (best sentence), each further aspect's best sentence, then what adds to them — within a budget.

    The switches are for ablations: ``context`` keeps antecedents and lists, ``continuation`` adds the sentence
    after the lead, ``answer_first`` orders quotes by usefulness (else by passage and position, as before).
    ``sources`` is each passage's document (short title) and ``named`` the documents the question names: when it
    names several («Hvordan ser meldingen og KS-notatet på …?»), each of them gets its best sentence.
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
    if following is not None and following.candidate.bullet:
        following = None  # the next item of a list is another point, not the rest of this one
    if following is not None and following.score >= continuation_floor * best:
        add(following, 0)  # the sentence after the answer usually completes it (the figures, the examples)
    unanswered: list[int] = []
    # the lead answers the part it fits best; every other part gets its own best sentence
    lead_part = max(range(len(aspects)), key=lambda i: _fit(aspects[i], scored[0])) if len(aspects) > 1 else 0
    for index, aspect in enumerate(aspects):
        if index == lead_part:
            continue
        # «… og hvor i landet finnes det?»: «det» is what the first part names, whose words then count for this
        # part when it asks a place, a date or a number (these name the answer; an actor in passing does not)
        points_back = index and aspect.kind in _INHERITS and _POINTS_BACK.search(aspect.text)
        inherited = aspects[0].terms if points_back else frozenset()
        pick = _best_for_aspect(replace(aspect, terms=aspect.terms | inherited), scored, used, best * 0.35)
        if pick is None:
            unanswered.append(index)
        elif (pick.candidate.passage, pick.candidate.position) not in used:
            add(pick, index)
    if len(named) > 1 and sources:
        for title in [
            t for t in dict.fromkeys(sources) if t in named and t not in {sources[b.passage] for b in blocks}
        ]:
            pick = next((i for i in scored if sources[i.candidate.passage] == title and i.score >= best * 0.35), None)
            if pick is not None and (pick.candidate.passage, pick.candidate.position) not in used:
                add(pick, 0)
    asked = set(tokenize(question))
    # «når …» answered already (and nothing else asked): another year dates something else; for «hvor mange …»
    # a further figure is often the development asked next to it, so figures still count there
    kinds = {a.kind for a in aspects}
    answered = kinds == {"date"} and any(satisfies("date", t) for t in _texts(blocks, candidates))
    for item in scored[1:]:
        if len(blocks) >= max_blocks or _length(blocks, candidates) >= max_chars:
            break
        if item.score < relative_floor * best:
            break
        key = (item.candidate.passage, item.candidate.position)
        if key in used:
            continue
        new = (item.candidate.terms & asked) - covered_terms
        if not new and (answered or not _adds_number(item.candidate.text, blocks, candidates)):
            # no word of the question the answer lacks: only a sentence nearly as good as the lead, and no
            # restatement of a quoted one, still adds to it («fant ikke forskerne økt overgang …» after a finding)
            if item.score < STRONG * best or _restates(item.candidate, blocks, candidates):
                continue  # says nothing the answer lacks
        if _length(blocks, candidates) + len(item.candidate.text) > max_chars * 1.15:
            continue
        add(item, 0)
    if not answer_first:
        blocks.sort(key=lambda b: (b.passage, min(b.positions)))
    return Composition(blocks, scored, candidates, aspects, unanswered)


# a pronoun, not an article («det overordnede målet») nor the head of a clause («de som …»)
_POINTS_BACK = re.compile(
    r"\b(det|den|de|dem|disse|dette|deres)\b(?!\s+som\b)(?!\s+\w+e\s+\w+(en|et|ene|a)\b)", re.IGNORECASE
)
_INHERITS = frozenset({"place", "date", "number"})
STRONG = 0.9  # of the lead's score: a sentence adding no word of the question must be nearly as good


def _restates(candidate: Candidate, blocks: list[Block], candidates: dict[int, list[Candidate]]) -> bool:
    """Most of the sentence's words are in one quoted sentence already."""
    for block in blocks:
        for position in block.positions:
            quoted = candidates[block.passage][position].terms
            if len(candidate.terms & quoted) >= 0.6 * max(len(candidate.terms), 1):
                return True
    return False


def _following(scored: list[Scored], candidates: dict[int, list[Candidate]], block: Block) -> Scored | None:
    """The scored sentence right after a block in its passage, if it is quotable. An overlapping chunk that
    ranked higher may hold the scored copy of that sentence: its score then stands for this one."""
    after = max(block.positions) + 1
    for item in scored:
        if item.candidate.passage == block.passage and item.candidate.position == after:
            return item
    following = candidates[block.passage][after] if after < len(candidates[block.passage]) else None
    if following is None or not following.quotable:
        return None
    copy = next((item for item in scored if item.candidate.text == following.text), None)
    return Scored(following, copy.score, copy.overlap) if copy is not None else None


def _own(part: frozenset[str], terms: frozenset[str]) -> float:
    """The share of a part's words a sentence holds, or words of the same meaning («betalte» ~ «finansiert»)."""
    missing = [t for t in part if t not in terms]
    held = concepts(terms) if any(concept_of(t) is not None for t in missing) else frozenset()
    return (len(part) - len(missing) + sum(same_meaning(t, held) for t in missing)) / max(len(part), 1)


def _fit(aspect: Aspect, item: Scored) -> float:
    """How well a sentence answers one part: the part's own words, and the kind of answer it wants."""
    own = _own(aspect.terms, item.candidate.terms)
    return own + (0.5 if aspect.kind and satisfies(aspect.kind, item.candidate.text) else 0.0)


def _best_for_aspect(aspect: Aspect, scored: list[Scored], used: set, floor: float) -> Scored | None:
    """The best sentence for one part of the question: its own words, and the kind of answer it wants."""
    best: tuple[float, Scored] | None = None
    for item in scored:
        if item.score < floor:
            break
        own = _own(aspect.terms, item.candidate.terms)
        # a part with words of its own («hvem har ansvaret …») needs a sentence that speaks to them, not only an
        # actor (a number, a date) named in passing
        speaks = own > 0 or not aspect.terms or _shares_stem(aspect.terms, item.candidate.terms)
        fits = (satisfies(aspect.kind, item.candidate.text) and speaks) if aspect.kind else own > 0
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


def _shares_stem(a: frozenset[str], b: frozenset[str], least: int = 4) -> bool:
    """The stemmer cuts «ansvar» to «ansv» but «ansvaret» to «ansvar»: a stem that begins the other counts."""
    return any(x.startswith(y) or y.startswith(x) for x in a for y in b if min(len(x), len(y)) >= least)


def _touch(a: list[int], b: list[int]) -> bool:
    return min(b) <= max(a) + 1 and min(a) <= max(b) + 1


def _texts(blocks: list[Block], candidates: dict[int, list[Candidate]]) -> list[str]:
    return [candidates[b.passage][p].text for b in blocks for p in b.positions]


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
