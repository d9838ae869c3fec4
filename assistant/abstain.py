"""When to say «Dette finner jeg ikke i dokumentene»: decided from retrieval evidence.

An extractive answer can always find *some* sentence, so the decision rests on what the question names:
a name or a quoted term the corpus never mentions («Ukraina», «'etableringsjobb'»), or a year after the
newest document, means the documents cannot answer it; so does a Norwegian question whose weighted
terms the best passages barely cover. The coverage floor is calibrated on the dev set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.lexical import tokenize, words

_QUOTED = re.compile(r"[«\"“'‘]([^»\"”'’]{3,60})[»\"”'’]")
_CAPITALISED = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-ZÆØÅ][a-zæøåA-ZÆØÅ]{3,})(?:'s)?\b")
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


@dataclass(frozen=True, slots=True)
class Evidence:
    coverage: float  # IDF-weighted share of question terms found in the top passages
    unknown: tuple[str, ...]  # names, quoted terms and years the corpus cannot speak to
    top_similarity: float  # best dense cosine between question and passage


def gather_evidence(
    question: str,
    passage_texts: list[str],
    idf: dict[str, float],
    vocabulary: set[str],
    top_similarity: float,
    newest_year: int | None = None,
) -> Evidence:
    terms = set(tokenize(question, compounds=False)) & set(idf)  # words the corpus never uses can't be covered
    weights = {t: idf[t] for t in terms}
    found: set[str] = set()
    for text in passage_texts:
        found |= set(tokenize(text)) & terms
    total = sum(weights.values())
    coverage = sum(weights[t] for t in found) / total if total else 0.0
    return Evidence(coverage, unknown_terms(question, vocabulary, newest_year), top_similarity)


def unknown_terms(question: str, vocabulary: set[str], newest_year: int | None = None) -> tuple[str, ...]:
    """Quoted terms and names the corpus never uses (word for word), and years after its newest document."""
    unknown: list[str] = []
    for term in _QUOTED.findall(question):
        if not all(_known_word(w, vocabulary) for w in words(term)):
            unknown.append(term)
    for name in _CAPITALISED.findall(question):
        if not _known_word(name.lower(), vocabulary) and not name.isupper():
            unknown.append(name)
    for year in _YEAR.findall(question):
        if newest_year is not None and int(year) > newest_year:
            unknown.append(year)
    return tuple(dict.fromkeys(unknown))


def _known_word(word: str, vocabulary: set[str]) -> bool:
    stems = tokenize(word, compounds=False)
    return not stems or all(stem in vocabulary for stem in stems)


def should_abstain(evidence: Evidence, language: str, coverage_floor: float) -> bool:
    if evidence.unknown:
        return True
    return language == "nb" and evidence.coverage < coverage_floor
