"""Word error rate: how far repaired OCR text is from a hand-corrected reference."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein


def word_error_rate(hypothesis: str, reference: str) -> float:
    """Word-level Levenshtein distance over whitespace tokens, divided by the reference length."""
    reference_words = reference.split()
    hypothesis_words = hypothesis.split()
    if not reference_words:
        return 0.0 if not hypothesis_words else 1.0
    return Levenshtein.distance(hypothesis_words, reference_words) / len(reference_words)
