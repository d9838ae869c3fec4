"""A follow-up read against what the conversation already showed: the last answer's quotes and passages.

A follow-up asks for something the last answer did not say («Hvem tilbyr det?» after a definition of VTA), so
the sentences it quoted lose half their score (``repeat_penalized``); the passages they came from are put
before the composer (``with_previous``), since the answer often stands next to what was quoted; and a sentence
of a passage that names none of the conversation's topic words loses a share too (``off_topic_penalized``):
«Hvem har ansvaret for det?» is asked of the topic, not of any passage that speaks of «ansvaret»; and unless
the follow-up names another source or compares, it goes on in the last answer's document
(``other_document_penalized``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from assistant.condense import compares
from assistant.scoring import split_topic
from assistant.sources import NAMED_WINDOW, named_sources
from assistant.text import fold, split_sentences
from ingest.lexical import tokenize

REPEAT_SHARE = 0.5  # the share of its score a sentence the last answer quoted loses
OFF_TOPIC_SHARE = 0.3  # … and a sentence of a passage that names none of the follow-up's topic words
OTHER_DOCUMENT_SHARE = 0.3  # … and one of another document than the last answer's, unless another is asked for
TOPIC_TERM_IDF = 3.0  # a topic word this specific tells a passage on the topic from one that only shares the ask
COVERED = 0.4  # the share of a sentence a quote must hold for the sentence to count as said …
SAID_CHARS = 120  # … or this many of its characters: the user has read its substance
MIN_QUOTE_CHARS = 25  # a shorter quote («2 000», «VTA») names a thing; it is found in too many passages
PREVIOUS_AT = 2  # the rank a previous answer's passage takes among the composer's passages when it ranked lower


def quotes(answer: str) -> list[str]:
    """The outermost «…» quotes of an answer, in order (a quote may hold a quoted name: «… «Flere i arbeid» …»)."""
    found: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(answer):
        if char == "«":
            if depth == 0:
                start = index + 1
            depth += 1
        elif char == "»" and depth:
            depth -= 1
            if depth == 0:
                found.append(answer[start:index].strip())
    return [q for q in found if q]


def previous_answers(history: Sequence[dict] | None, turns: int = 1) -> list[str]:
    """The assistant's last ``turns`` answers, most recent last."""
    answers = [str(t["content"]) for t in history or [] if isinstance(t, dict) and t.get("role") == "assistant"]
    return [a for a in answers if a.strip()][-turns:]


def already_said(history: Sequence[dict] | None) -> list[str]:
    """The sentences the last answer quoted (folded), long enough to be told apart."""
    said: list[str] = []
    for answer in previous_answers(history):
        for quote in quotes(answer):
            for part in re.split(r"\s*(?:…|\.\.\.)\s*", quote):
                sentences = [s.text for s in split_sentences(part)] or [part]
                said.extend(fold(s).rstrip(".") for s in sentences if len(s) >= MIN_QUOTE_CHARS)
    return list(dict.fromkeys(said))


def repeats(sentence: str, said: Sequence[str]) -> bool:
    """Was the sentence already quoted: it is held by a quote, or holds one that is much of it."""
    text = fold(sentence).rstrip(".")
    if len(text) < MIN_QUOTE_CHARS:
        return False
    # a fragment quoted inside a sentence («… ende på «0,4–0,7 prosent av driftsinntektene»») left the rest unsaid
    return any(text in s or (s in text and len(s) >= min(COVERED * len(text), SAID_CHARS)) for s in said)


def quoted_positions(texts: Sequence[str], said: Sequence[str]) -> list[int]:
    """Indexes of the texts (chunks) that hold a sentence the last answer quoted, in the order of the quotes."""
    folded = [fold(t) for t in texts]
    found: list[int] = []
    for sentence in said:
        for index, text in enumerate(folded):
            if sentence in text and index not in found:
                found.append(index)
                break
    return found


def with_previous(ranked: list, previous: list, keep: int, at: int = PREVIOUS_AT) -> list:
    """The ranked passages with the previous answer's passages among the first ``keep``.

    A previous passage already there stays where it is; one that ranked lower (or not at all) takes rank ``at``,
    so the passage the question itself found best still leads."""
    out = list(ranked)
    keys = [(p.document, p.start_char) for p in out]
    for passage in previous:
        key = (passage.document, passage.start_char)
        if key in keys[:keep]:
            continue
        if key in keys:
            index = keys.index(key)
            del out[index], keys[index]
        position = min(at, len(out))
        out.insert(position, passage)
        keys.insert(position, key)
        at += 1
    return out


def _lowered(item, share: float):
    """A score lowered by a share of itself: the composer's scores run from below zero to well above one."""
    return replace(item, score=item.score - share * max(item.score, 0.0))


def repeat_penalized(scored: list, said: Sequence[str], share: float = REPEAT_SHARE) -> list:
    """The composer's scored sentences with those the last answer quoted moved down, best first again."""
    if not said:
        return scored
    moved = [_lowered(s, share) if repeats(s.candidate.text, said) else s for s in scored]
    return sorted(moved, key=lambda s: -s.score)


def topic_terms(topic: str, idf: dict[str, float]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The specific stems of a follow-up's topic and its names of several words («flere i arbeid»)."""
    phrases = tuple(p.lower() for p in re.findall(r"«([^»]+)»", topic))
    bare = re.sub(r"«[^»]+»", " ", topic)
    stems = frozenset(t for t in tokenize(bare, compounds=False) if idf.get(t, 0.0) >= TOPIC_TERM_IDF)
    return stems, phrases


def off_topic_penalized(
    scored: list, passages: Sequence, topic: str, idf: dict[str, float], share: float = OFF_TOPIC_SHARE
) -> list:
    """A follow-up's answer stays on the conversation's topic: sentences of passages that name none of the
    topic's specific words move down (the ask alone — «hvem har ansvaret» — is found in any passage)."""
    stems, phrases = topic_terms(topic, idf)
    if not share or not (stems or phrases):
        return scored
    on_topic = [
        bool(stems & set(tokenize(p.text, compounds=False))) or any(ph in p.text.lower() for ph in phrases)
        for p in passages
    ]
    if not any(on_topic):
        return scored
    moved = [s if on_topic[s.candidate.passage] else _lowered(s, share) for s in scored]
    return sorted(moved, key=lambda s: -s.score)


def other_document_penalized(
    scored: list, passages: Sequence, documents: set[str], share: float = OTHER_DOCUMENT_SHARE
) -> list:
    """A follow-up that names no other source and compares with nothing goes on in the document the last answer
    quoted («Hva kritiserer de myndighetene for?» after the note's account of a report): sentences of other
    documents move down. ``documents``: the last answer's documents, empty when another source is asked for."""
    if not documents or not any(p.document in documents for p in passages):
        return scored
    moved = [s if passages[s.candidate.passage].document in documents else _lowered(s, share) for s in scored]
    return sorted(moved, key=lambda s: -s.score)


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What a follow-up takes from the last answer: the sentences it quoted, and the documents it goes on in."""

    said: list[str] = field(default_factory=list)
    documents: frozenset[str] = frozenset()

    def rescored(self, scored: list, passages: Sequence, question: str, idf: dict[str, float], topic: bool) -> list:
        """The composer's scores read against the conversation (``topic``: the topic focus is on)."""
        scored = repeat_penalized(scored, self.said)  # what the last answer quoted is not the follow-up's answer
        if topic:  # «Hvem har ansvaret for det?» is asked of the topic, not of any «ansvaret»
            scored = off_topic_penalized(scored, passages, split_topic(question)[1], idf)
        return other_document_penalized(scored, passages, set(self.documents))


def follow_up(
    chunks: list, history: Sequence[dict] | None, standalone: str, keep: int, same_document: bool = True
) -> tuple[list, FollowUp]:
    """The ranked chunks with the last answer's passages among the first ``keep``, and what the follow-up takes
    from that answer; ``standalone`` is the condensed question (the follow-up's ask, then its topic)."""
    said = already_said(history)
    previous = [chunks[i] for i in quoted_positions([p.text for p in chunks], said)] if said else []
    ask = split_topic(standalone)[0]
    goes_on = same_document and not compares(ask) and not named_sources(ask, chunks[:NAMED_WINDOW])
    documents = frozenset(p.document for p in previous) if goes_on else frozenset()
    return (with_previous(chunks, previous, keep) if previous else chunks), FollowUp(said, documents)
