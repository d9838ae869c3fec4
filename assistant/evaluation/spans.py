"""Locating gold quotes in the raw corpus and matching predicted spans against them.

Gold evidence is matched by *raw character span*: predictions carry cleaned, OCR-repaired text that no
longer equals the raw file, but their ``start_char``/``end_char`` still point into it.

Matching rule (``context_hits``): a context and an evidence quote in the same document hit when their raw
spans overlap by at least ``min_coverage`` (0.8) of the *shorter* of the two. For the usual case — a chunk
longer than the quote — this means the chunk contains at least 80 % of the quote; when a quote is longer than
a chunk, a chunk that lies at least 80 % inside the quote counts, since no single chunk could contain it.
The 20 % slack absorbs span drift from hyphen joining and OCR repair at chunk edges.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from assistant.evaluation.records import EvalRow, PredictedCitation, PredictedContext

# ---------------------------------------------------------------------------------------------------------
# Locating quotes in raw text

_WHITESPACE = re.compile(r"\s+")
# Loose form: also join line-break hyphenation and drop soft hyphens, so "arbeids-\n  plassen" ≈ "arbeidsplassen".
_LOOSE = re.compile(r"(?<=\w)-\s+(?=\w)|\u00ad|\s+")


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A normalised copy of a raw text that remembers each character's raw span."""

    text: str
    starts: array  # raw offset where folded character i begins
    ends: array  # raw offset just after folded character i (a folded space covers its whole run)

    @classmethod
    def build(cls, raw: str, loose: bool = False) -> FoldedText:
        pattern = _LOOSE if loose else _WHITESPACE
        pieces: list[str] = []
        starts, ends = array("l"), array("l")
        pos = 0
        for match in pattern.finditer(raw):
            s, e = match.span()
            pieces.append(raw[pos:s])
            starts.extend(range(pos, s))
            ends.extend(range(pos + 1, s + 1))
            if match.group().isspace():
                pieces.append(" ")
                starts.append(s)
                ends.append(e)
            pos = e
        pieces.append(raw[pos:])
        starts.extend(range(pos, len(raw)))
        ends.extend(range(pos + 1, len(raw) + 1))
        text = "".join(pieces)
        if loose:
            text = _lower_same_length(text)
        return cls(text, starts, ends)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def fold_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _loose_quote(quote: str) -> str:
    return _lower_same_length(_LOOSE.sub(lambda m: " " if m.group().isspace() else "", quote).strip())


class _Locator:
    """Folded copies of one raw text, built once and reused for every quote in that document."""

    def __init__(self, raw: str):
        self.raw = raw
        self._exact: FoldedText | None = None
        self._loose: FoldedText | None = None

    @property
    def exact(self) -> FoldedText:
        if self._exact is None:
            self._exact = FoldedText.build(self.raw)
        return self._exact

    @property
    def loose(self) -> FoldedText:
        if self._loose is None:
            self._loose = FoldedText.build(self.raw, loose=True)
        return self._loose

    def locate_all(self, quote: str, min_similarity: float = 90.0) -> list[tuple[int, int]]:
        """Every exact occurrence; else every loose occurrence; else the single best fuzzy match."""
        needle = fold_whitespace(quote)
        if not needle:
            return []
        for folded, query in ((self.exact, needle), (self.loose, _loose_quote(needle))):
            found = _find_all(folded.text, query)
            if found:
                return [folded.raw_span(s, s + len(query)) for s in found]
        query = _loose_quote(needle)
        alignment = fuzz.partial_ratio_alignment(query, self.loose.text, score_cutoff=min_similarity)
        if alignment is None or alignment.dest_end <= alignment.dest_start:
            return []
        return [self.loose.raw_span(alignment.dest_start, alignment.dest_end)]


def _find_all(haystack: str, needle: str) -> list[int]:
    found, pos = [], haystack.find(needle)
    while pos != -1:
        found.append(pos)
        pos = haystack.find(needle, pos + 1)
    return found


def locate_quote(raw_text: str, quote: str, min_similarity: float = 90.0) -> tuple[int, int] | None:
    """Raw ``[start, end)`` of a whitespace-folded quote: exact, then hyphen/case-tolerant, then fuzzy."""
    spans = _Locator(raw_text).locate_all(quote, min_similarity)
    return spans[0] if spans else None


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """A located gold quote; ``spans`` lists every occurrence, since a few quotes recur verbatim."""

    document: str
    quote: str
    spans: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[0][1]


class EvidenceIndex:
    """Raw spans of every gold quote, located once per (document, quote)."""

    def __init__(self, documents: Mapping[str, str], rows: Iterable[EvalRow] = (), min_similarity: float = 90.0):
        self._locators = {name: _Locator(raw) for name, raw in documents.items()}
        self._cache: dict[tuple[str, str], EvidenceSpan | None] = {}
        self.min_similarity = min_similarity
        for row in rows:
            self.spans_for(row)

    def locate(self, document: str, quote: str) -> EvidenceSpan | None:
        key = (document, quote)
        if key not in self._cache:
            locator = self._locators.get(document)
            spans = locator.locate_all(quote, self.min_similarity) if locator else []
            self._cache[key] = EvidenceSpan(document, quote, tuple(spans)) if spans else None
        return self._cache[key]

    def spans_for(self, row: EvalRow) -> list[EvidenceSpan | None]:
        return [self.locate(e.document, e.quote) for e in row.evidence]

    @property
    def unlocated(self) -> list[tuple[str, str]]:
        return [key for key, span in self._cache.items() if span is None]


# ---------------------------------------------------------------------------------------------------------
# Span matching


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def context_hits(
    context: PredictedContext | PredictedCitation, evidence_span: EvidenceSpan, min_coverage: float = 0.8
) -> bool:
    """Same document and overlap ≥ ``min_coverage`` of the shorter span (see the module docstring)."""
    if context.document != evidence_span.document:
        return False
    context_len = context.end_char - context.start_char
    if context_len <= 0:
        return False
    for start, end in evidence_span.spans:
        shorter = min(context_len, end - start)
        if shorter > 0 and _overlap(context.start_char, context.end_char, start, end) >= min_coverage * shorter:
            return True
    return False


def span_overlaps(item: PredictedContext | PredictedCitation, evidence_span: EvidenceSpan) -> bool:
    """Any shared raw character: a citation quotes one sentence, which need not cover a whole passage."""
    return item.document == evidence_span.document and any(
        _overlap(item.start_char, item.end_char, s, e) > 0 for s, e in evidence_span.spans
    )
