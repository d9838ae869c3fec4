"""Evaluation metrics: retrieval, citations, abstention, key facts and latency.

Everything here is a pure function over typed records, so the CLI, the pytest threshold checks and the
report scripts in ``eval/`` share one definition of every number. Spans are matched by
:mod:`assistant.evaluation.spans`; :mod:`assistant.evaluation.scoring` applies these to a whole run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from assistant.evaluation.records import PredictedCitation, PredictedContext
from assistant.evaluation.spans import EvidenceSpan, context_hits, span_overlaps

# ---------------------------------------------------------------------------------------------------------
# Retrieval metrics


def first_hit_ranks(
    contexts: Sequence[PredictedContext], evidence: Sequence[EvidenceSpan], min_coverage: float = 0.8
) -> list[int | None]:
    """For each quote, the 1-based position of the first context that hits it (None: never hit)."""
    ordered = sorted(contexts, key=lambda c: c.rank)
    ranks: list[int | None] = []
    for span in evidence:
        ranks.append(next((i for i, c in enumerate(ordered, 1) if context_hits(c, span, min_coverage)), None))
    return ranks


def hit_at_k(ranks: Sequence[int | None], k: int) -> float:
    return float(any(r is not None and r <= k for r in ranks))


def recall_at_k(ranks: Sequence[int | None], k: int) -> float:
    return sum(r is not None and r <= k for r in ranks) / len(ranks) if ranks else 0.0


def reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """Over every returned context, not just the top k."""
    hits = [r for r in ranks if r is not None]
    return 1.0 / min(hits) if hits else 0.0


# ---------------------------------------------------------------------------------------------------------
# Citation metrics

_MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”')]*((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*)(?:\s+|$)")


def answer_markers(answer: str) -> list[int]:
    return [int(n) for group in _MARKER.findall(answer) for n in re.split(r"\s*[,;]\s*", group)]


def answer_sentences(answer: str) -> list[str]:
    """Sentences with their trailing markers; lines are split too, so bullet items count one by one.

    Lead-in lines ending with ':' and fragments without letters are not claims and are left out.
    """
    sentences: list[str] = []
    for line in answer.splitlines():
        line = line.strip()
        pos = 0
        for match in _SENTENCE_END.finditer(line):
            sentences.append(line[pos : match.end()].strip())
            pos = match.end()
        sentences.append(line[pos:].strip())
    return [s for s in sentences if re.search(r"[^\W\d_]", _MARKER.sub("", s)) and not s.rstrip().endswith(":")]


def sentence_marker_coverage(answer: str, citations: Sequence[PredictedCitation]) -> float | None:
    """Share of sentences carrying at least one marker that names an existing citation."""
    sentences = answer_sentences(answer)
    if not sentences:
        return None
    valid = {c.marker for c in citations}
    return sum(any(m in valid for m in answer_markers(s)) for s in sentences) / len(sentences)


def dangling_markers(answer: str, citations: Sequence[PredictedCitation]) -> list[int]:
    """Markers in the answer with no citation behind them: a reader would click into nothing."""
    valid = {c.marker for c in citations}
    return sorted({m for m in answer_markers(answer) if m not in valid})


def citation_overlap(citations: Sequence[PredictedCitation], evidence: Sequence[EvidenceSpan]) -> float | None:
    """Share of citations whose raw span shares any character with a gold evidence span (the old, loose measure)."""
    if not citations or not evidence:
        return None
    return sum(any(span_overlaps(c, e) for e in evidence) for c in citations) / len(citations)


def cited_inside_gold(citation: PredictedCitation, evidence: Sequence[EvidenceSpan]) -> bool:
    """The cited span lies inside a gold evidence quote (80 % of the shorter span shared)."""
    return any(context_hits(citation, e) for e in evidence)


def cited_sentences(citation: PredictedCitation) -> list[PredictedCitation]:
    """The quote's sentences, each as a citation of its own span (a quote without sentence spans is one)."""
    spans = citation.sentence_spans or ((citation.start_char, citation.end_char),)
    return [replace(citation, start_char=start, end_char=end, sentence_spans=()) for start, end in spans]


def citation_precision(citations: Sequence[PredictedCitation], evidence: Sequence[EvidenceSpan]) -> float | None:
    """Share of cited sentences that lie inside a gold evidence quote: what a reader sees is on the point."""
    if not citations or not evidence:
        return None
    sentences = [s for c in citations for s in cited_sentences(c)]
    return sum(cited_inside_gold(s, evidence) for s in sentences) / len(sentences)


def first_citation_precision(
    answer: str, citations: Sequence[PredictedCitation], evidence: Sequence[EvidenceSpan]
) -> float | None:
    """1 when the answer's first cited sentence (of the quote the first marker in the text names) lies inside
    a gold evidence quote."""
    if not citations or not evidence:
        return None
    first = _first_cited(answer, citations)
    return 0.0 if first is None else float(cited_inside_gold(cited_sentences(first)[0], evidence))


def quote_precision(citations: Sequence[PredictedCitation], evidence: Sequence[EvidenceSpan]) -> float | None:
    """Share of whole quotes (all their sentences together) inside a gold quote: the stricter, older measure."""
    if not citations or not evidence:
        return None
    return sum(cited_inside_gold(c, evidence) for c in citations) / len(citations)


def first_quote_precision(
    answer: str, citations: Sequence[PredictedCitation], evidence: Sequence[EvidenceSpan]
) -> float | None:
    """1 when the first quote as a whole lies inside a gold evidence quote."""
    if not citations or not evidence:
        return None
    first = _first_cited(answer, citations)
    return float(first is not None and cited_inside_gold(first, evidence))


def _first_cited(answer: str, citations: Sequence[PredictedCitation]) -> PredictedCitation | None:
    by_marker = {c.marker: c for c in citations}
    return next((by_marker[m] for m in answer_markers(answer) if m in by_marker), None)


# ---------------------------------------------------------------------------------------------------------
# Key facts

_NUMBER = re.compile(
    r"(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?!\d)"  # 1 000 / 111 000,5
    r"|\d+(?:[.,]\d+)?"
)
_STOPWORDS = frozenset(
    """og i på til av for med som er en et ei den det de at å har hadde var blir ble blitt kan skal må bør vil
    om fra ved eller ikke seg sin sitt sine der dem deres hva hvem hvor hvordan når også mer enn så men etter
    under mot inn ut opp alle hver dette disse denne være vært få får fikk han hun vi man du jeg oss dere
    the of and to in a an is are for on with by""".split()
)
_SUFFIXES = (
    "hetene",
    "elsene",
    "ingene",
    "heten",
    "elsen",
    "ingen",
    "ende",
    "ene",
    "ane",
    "ers",
    "ens",
    "ets",
    "het",
    "ing",
    "er",
    "en",
    "et",
    "es",
    "e",
    "a",
    "s",
)


def normalize_number(token: str) -> str:
    """'1 000', '1000' and '1.000' → '1000'; '2,6' and '2.6' → '2.6'."""
    token = re.sub(r"[ \u00a0\u202f\u2009]", "", token)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        token = token.replace(".", "")
    token = token.replace(",", ".")
    try:
        value = Decimal(token).normalize()
    except InvalidOperation:
        return token
    return format(value, "f")


# "ett"/"en" are left out: they are far more often articles than numbers.
_NUMBER_WORDS = {
    word: str(value)
    for value, words in enumerate(
        (
            "null",
            "",
            "to",
            "tre",
            "fire",
            "fem",
            "seks",
            "sju syv",
            "åtte",
            "ni",
            "ti",
            "elleve",
            "tolv",
            "tretten",
            "fjorten",
            "femten",
            "seksten",
            "sytten",
            "atten",
            "nitten",
            "tjue",
        )
    )
    for word in words.split()
}


def extract_numbers(text: str, spelled: bool = False) -> set[str]:
    """Normalised numbers in ``text``; ``spelled`` also reads "seks" as 6 (answers may spell out small numbers)."""
    numbers = {normalize_number(m) for m in _NUMBER.findall(text)}
    if spelled:
        numbers |= {_NUMBER_WORDS[w] for w in re.findall(r"[^\W\d_]+", text.lower()) if w in _NUMBER_WORDS}
    return numbers


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> list[str]:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return [_stem(w) for w in words if w not in _STOPWORDS and len(w) > 1]


def token_overlap(fact: str, answer: str) -> float:
    """Share of the fact's content stems found in the answer; compounds count ("arbeid" in "arbeidsgiver")."""
    fact_stems = content_stems(fact)
    if not fact_stems:
        return 1.0
    answer_stems = set(content_stems(answer))
    matched = sum(f in answer_stems or (len(f) >= 5 and any(a.startswith(f) for a in answer_stems)) for f in fact_stems)
    return matched / len(fact_stems)


def key_fact_covered(
    fact: str,
    answer: str,
    similarity: Callable[[str, str], float] | None = None,
    *,
    token_threshold: float = 0.5,
    similarity_threshold: float = 0.85,
) -> bool:
    """Numbers must all appear; then enough shared content words, or a close enough paraphrase."""
    if not extract_numbers(fact) <= extract_numbers(answer, spelled=True):
        return False
    if token_overlap(fact, answer) >= token_threshold:
        return True
    if similarity is None:
        return False
    candidates = [answer, *answer_sentences(answer)]
    return max(similarity(fact, c) for c in candidates) >= similarity_threshold
