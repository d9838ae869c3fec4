"""Norwegian word knowledge for OCR repair and hyphenation.

wordfreq's "nb" list gives general Bokmål frequencies; the clean corpus documents add the domain
vocabulary (NAV, levekår, ...). Norwegian writes compounds as one word, so a word is also known
when it splits into known parts, optionally joined by the linking letters -s- or -e-.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import wordfreq

WORD_RE = re.compile(r"[A-Za-zÆØÅæøåÉéÜüÖöÄä]+(?:-[A-Za-zÆØÅæøåÉéÜüÖöÄä]+)*")

MIN_KNOWN_ZIPF = 2.0  # below this wordfreq is mostly noise (OCR junk, typos)
MIN_PART_ZIPF = 2.8  # compound parts must be solid words, or junk splits ("kar" + ...) win
MIN_PART_LEN = 3
LINKS = ("", "s", "e")
COMPOUND_PENALTY = 1.0  # zipf lost per extra compound part
MAX_WORD_LEN = 64  # longer tokens are not words: compound analysis (quadratic in length) is skipped


@lru_cache(maxsize=1)
def _wordfreq_nb() -> dict[str, float]:
    """Zipf frequency for every alphabetic word of wordfreq's Bokmål list."""
    result: dict[str, float] = {}
    for word, freq in wordfreq.get_frequency_dict("nb").items():
        if freq > 0 and word.isalpha():
            result[word] = math.log10(freq) + 9.0
    return result


@lru_cache(maxsize=8)
def _clean_vocabulary(texts: tuple[str, ...]) -> dict[str, float]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(match.group(0).lower() for match in WORD_RE.finditer(text))
    # A word seen in clean domain text is real; repeated sightings make it common.
    return {word: 3.0 + 0.5 * math.log10(count) for word, count in counts.items()}


@lru_cache(maxsize=8)
def _clean_unigrams(texts: tuple[str, ...]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(match.group(0).lower() for match in WORD_RE.finditer(text))
    return counts


@lru_cache(maxsize=8)
def _clean_bigrams(texts: tuple[str, ...]) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for text in texts:
        words = [match.group(0).lower() for match in WORD_RE.finditer(text)]
        counts.update(zip(words, words[1:]))
    return counts


_BEFORE_YEAR_RE = re.compile(r"([A-Za-zÆØÅæøå]+)[ \t]+(?:19|20)\d\d\b")


@lru_cache(maxsize=8)
def _clean_before_year(texts: tuple[str, ...]) -> Counter[str]:
    """Words the clean texts write right before a year («høsten 2020», «i 2019»), lower case."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(m.group(1).lower() for m in _BEFORE_YEAR_RE.finditer(text))
    return counts


_CAPITAL_INSIDE_RE = re.compile(r"(?<=[a-zæøå,] )([A-ZÆØÅ][a-zæøåé]+)\b")
_LOWER_RE = re.compile(r"\b[a-zæøå]+\b")


@lru_cache(maxsize=8)
def _clean_names(texts: tuple[str, ...]) -> frozenset[str]:
    """Words with æ/ø/å that clean text capitalises inside sentences and never writes in lower case:
    names («Røed», «Sæther»), the ones OCR damages by losing the letter (lower case in the set)."""
    capital: Counter[str] = Counter()
    lower: set[str] = set()
    for text in texts:
        capital.update(m.group(1).lower() for m in _CAPITAL_INSIDE_RE.finditer(text) if _has_aeoeaa(m.group(1)))
        lower.update(m.group(0) for m in _LOWER_RE.finditer(text) if _has_aeoeaa(m.group(0)))
    return frozenset(word for word in capital if word not in lower)


def _has_aeoeaa(word: str) -> bool:
    return any(c in "æøåÆØÅ" for c in word)


class Lexicon:
    """Case-insensitive word lookup with zipf-scale frequencies and compound awareness."""

    def __init__(
        self,
        general: dict[str, float],
        domain: dict[str, float],
        bigrams: Counter[tuple[str, str]] | None = None,
        unigrams: Counter[str] | None = None,
        names: frozenset[str] = frozenset(),
        before_year: Counter[str] | None = None,
    ) -> None:
        self._names = names
        self._before_year = before_year if before_year is not None else Counter()
        self._general = general
        self._domain = domain
        self._bigrams = bigrams if bigrams is not None else Counter()
        self._unigrams = unigrams if unigrams is not None else Counter()
        self.frequency = lru_cache(maxsize=200_000)(self._frequency)  # type: ignore[method-assign]

    def words(self, min_zipf: float = MIN_KNOWN_ZIPF) -> list[str]:
        """Every word (lower case) at least this frequent, plus the whole domain vocabulary."""
        general = [word for word, freq in self._general.items() if freq >= min_zipf]
        return general + [word for word in self._domain if word not in self._general and word.isalpha()]

    def context_count(self, prev: str, word: str, next_word: str) -> int:
        """How often clean domain text has the word after ``prev`` or before ``next_word``."""
        word = word.lower()
        return self._bigrams[(prev.lower(), word)] + self._bigrams[(word, next_word.lower())]

    def clean_counts(self) -> tuple[Counter[str], Counter[tuple[str, str]]]:
        """Word and word-pair counts of the clean domain texts (lower case), for context models."""
        return self._unigrams, self._bigrams

    def before_year(self, word: str) -> int:
        """How often the clean texts put the word right before a year («høsten 2020»)."""
        return self._before_year[word.lower()]

    def is_name(self, word: str) -> bool:
        """True for a name with æ/ø/å the clean texts use («Røed»): what «Roed»/«Reed» in OCR stood for."""
        return word.lower() in self._names

    def in_domain(self, word: str) -> bool:
        """True when the word occurs in the clean domain texts (strong evidence it is real)."""
        return word.lower() in self._domain

    def word_frequency(self, word: str) -> float:
        """Frequency of the word itself, without compound analysis (0.0 when unseen)."""
        lower = word.lower()
        return max(self._general.get(lower, 0.0), self._domain.get(lower, 0.0))

    def _frequency(self, word: str) -> float:
        direct = self.word_frequency(word)
        if direct >= MIN_KNOWN_ZIPF:
            return direct
        return max(direct, self.compound_frequency(word))

    def frequency(self, word: str) -> float:  # replaced per instance by a cached version
        return self._frequency(word)

    def is_known(self, word: str) -> bool:
        if len(word) > MAX_WORD_LEN:
            return self.in_domain(word)
        if "-" in word:
            return self.in_domain(word) or all(self.is_known(part) for part in word.split("-") if part)
        return self.frequency(word) >= MIN_KNOWN_ZIPF

    def part_frequency(self, part: str) -> float:
        """Frequency of a compound part, or 0.0 when too short or rare to be one."""
        if len(part) < MIN_PART_LEN:
            return 0.0
        freq = self.word_frequency(part)
        return freq if freq >= MIN_PART_ZIPF or part in self._domain else 0.0

    def compound_frequency(self, word: str) -> float:
        """Estimated zipf of a compound: its weakest part, minus a penalty per extra part."""
        return _best_compound(self, word.lower())


def _best_compound(lexicon: Lexicon, word: str) -> float:
    n = len(word)
    if n < 2 * MIN_PART_LEN or n > MAX_WORD_LEN:
        return 0.0
    # best[i] = (score, parts) for the prefix word[:i] split into parts; score is the weakest part.
    best: list[tuple[float, int] | None] = [None] * (n + 1)
    best[0] = (99.0, 0)
    for i in range(n):
        state = best[i]
        if state is None:
            continue
        for j in range(i + MIN_PART_LEN, n + 1):
            freq = lexicon.part_frequency(word[i:j])
            if not freq:
                continue
            for link in LINKS if j < n else ("",):
                end = j + len(link)
                if word[j:end] != link or end > n - (MIN_PART_LEN if end < n else 0):
                    continue
                candidate = (min(state[0], freq), state[1] + 1)
                current = best[end]
                if current is None or _score(candidate) > _score(current):
                    best[end] = candidate
    final = best[n]
    if final is None or final[1] < 2:
        return 0.0
    return _score(final)


def _score(state: tuple[float, int]) -> float:
    return state[0] - COMPOUND_PENALTY * (state[1] - 1)


def build_lexicon(clean_texts: Iterable[str] = ()) -> Lexicon:
    """Lexicon of wordfreq Bokmål plus the vocabulary of the given clean texts."""
    texts = tuple(clean_texts)
    return Lexicon(
        _wordfreq_nb(),
        _clean_vocabulary(texts),
        _clean_bigrams(texts),
        _clean_unigrams(texts),
        _clean_names(texts),
        _clean_before_year(texts),
    )
