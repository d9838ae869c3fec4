"""Every generated sentence must be supported by the passage it cites, or it does not reach the user.

Support = valid marker + the cited passage contains the sentence's numbers + enough of its content
words (or, when a similarity function is given, a close enough paraphrase). Unsupported sentences are
removed, invalid markers dropped; when nothing is left the chain abstains.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.text import Sentence, split_sentences
from ingest.lexical import tokenize

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_NUMBER = re.compile(r"\d+(?:[ .,]\d+)*")


@dataclass(frozen=True, slots=True)
class CheckedSentence:
    text: str  # without markers
    markers: tuple[int, ...]  # valid markers that support it
    supported: bool
    reason: str = ""


def numbers(text: str) -> set[str]:
    return {re.sub(r"[ .]", "", n).replace(",", ".") for n in _NUMBER.findall(text)}


MIN_CLAIM_TERMS = 3  # fewer content words than this is no checkable claim («HACKED [1]», «Ja [2].»)


def supports(
    sentence: str,
    passage: str,
    similarity: Callable[[str, str], float] | None = None,
    min_overlap: float = 0.5,
    min_similarity: float = 0.85,
) -> bool:
    if not numbers(sentence) <= numbers(passage):
        return False
    terms = set(tokenize(sentence, compounds=False))
    if len(terms) < MIN_CLAIM_TERMS:
        return False
    terms = set(tokenize(sentence))
    overlap = len(terms & set(tokenize(passage))) / len(terms)
    if overlap >= min_overlap:
        return True
    return similarity is not None and similarity(sentence, passage) >= min_similarity


def check_answer(
    answer: str, passages: list[str], similarity: Callable[[str, str], float] | None = None
) -> list[CheckedSentence]:
    checked = []
    for sentence in split_sentences(answer):
        cited = [int(n) for group in _MARKER.findall(sentence.text) for n in re.split(r"\s*,\s*", group)]
        text = _MARKER.sub("", sentence.text).strip()
        text = re.sub(r"\s+([.,;:!?])", r"\1", text)
        valid = [m for m in dict.fromkeys(cited) if 1 <= m <= len(passages)]
        if not text or not re.search(r"\w", text):
            continue
        if not valid:
            checked.append(CheckedSentence(text, (), False, "mangler gyldig kildehenvisning"))
            continue
        supporting = tuple(m for m in valid if supports(text, passages[m - 1], similarity))
        checked.append(
            CheckedSentence(text, supporting, bool(supporting), "" if supporting else "støttes ikke av kilden")
        )
    return checked


def best_sentence(claim: str, passage_text: str) -> Sentence | None:
    """The passage sentence that a generated claim rests on (for the citation's quote and span)."""
    terms = set(tokenize(claim))
    sentences = split_sentences(passage_text)
    if not sentences:
        return None
    return max(sentences, key=lambda s: len(terms & set(tokenize(s.text))))


def cited_sentences(claim: CheckedSentence, passages: list[str]) -> list[tuple[int, Sentence]]:
    """For each marker of a checked claim, the sentence of its passage that the claim rests on.

    Returns (0-based passage index, sentence) pairs, in marker order; the caller makes the citations.
    """
    found = []
    for source in claim.markers:
        sentence = best_sentence(claim.text, passages[source - 1])
        if sentence is not None:
            found.append((source - 1, sentence))
    return found
