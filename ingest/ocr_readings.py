"""Readings of an OCR-damaged word: the most probable true word behind a token, by the OCR confusions
(vowel skeletons, alignment cost), the lexicon's frequencies and its compounds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.lexicon import LINKS, MIN_KNOWN_ZIPF, MIN_PART_LEN, MIN_PART_ZIPF, Lexicon

# raw rendering -> (true letter, cost); cost 1 is a common confusion, 2 a rare one
_CONFUSIONS: dict[str, tuple[tuple[str, float], ...]] = {
    "a": (("å", 1.0), ("æ", 1.0), ("ø", 2.0)),
    "e": (("ø", 1.0), ("æ", 1.0)),
    "o": (("ø", 1.0),),
    "é": (("å", 0.5),),
    "&": (("å", 0.5),),
    "ee": (("æ", 1.0),),
    "ae": (("æ", 1.0),),
    "ea": (("æ", 1.0),),
    "eae": (("æ", 1.0),),
    "aee": (("æ", 1.0),),
    "@": (("ø", 0.5),),
    "4": (("å", 1.0),),
    "a4": (("å", 0.5),),
    "ze": (("æ", 1.0),),
    "eo": (("ø", 1.0),),
    "oe": (("ø", 1.0),),
    "aé": (("å", 0.5),),
    "éa": (("å", 0.5),),
    "aéa": (("å", 0.5),),  # «maéaneder»: one å read as three glyphs
    "éi": (("å", 0.5),),  # «inngéitt», «spréik», «sméi»
    "&a": (("å", 0.5),),  # «&ar», «&drene»: the ring read as «&», the letter below as itself
    "&d": (("å", 0.5),),
    "d": (("å", 2.0),),
    "i": (("å", 2.0), ("j", 2.0)),
    "s": (("ø", 2.0),),
    "g": (("ø", 2.0),),
    "z": (("æ", 2.0),),
    "ad": (("å", 2.0),),
    "id": (("å", 2.0),),
    "éd": (("å", 1.0),),
    "ji": (("j", 2.0),),
    "1": (("l", 1.0), ("i", 1.0)),
    "0": (("o", 1.0), ("ø", 1.0)),  # «0gså», «0g», «h0yere»: a zero for an o or ø
}
# «eg»/«og» before a consonant is a split «ø» («egkonomisk», «ogker», «legpende»); never before a vowel
# or at the end, where «Rege», «Bog» and every «og» are what they say
_CONFUSIONS.update({f"{v}g{c}": ((f"ø{c}", 1.5),) for v in "eo" for c in "bdfgjklmnprstv"})
MAX_WORD_LEN = 64  # longer tokens are not words: never repaired (the reading search is quadratic in length)
_VOWEL_CLASS = "aeoåæøé&@40"
_SKELETON_TABLE = str.maketrans({ch: "V" for ch in _VOWEL_CLASS})
_VOWEL_RUN = re.compile(r"V+")

UNKNOWN_MARGIN = 0.5  # score gain needed to replace a word the lexicon does not know
KNOWN_MARGIN = 1.0  # zipf gain needed to replace a valid word by a one-letter variant
KNOWN_RARE_MARGIN = 2.0
COST_WEIGHT = 0.3  # zipf lost per unit of confusion cost
COMPOUND_PENALTY = 2.0  # zipf lost per extra compound part: attested words beat made-up compounds
ATTESTED_ZIPF = 1.0  # a rare word seen in the lexicon still beats an invented compound
MAX_COST = 4.0
SOLID_READING_ZIPF = 2.5  # a reading this frequent as a word of its own …
SOLID_READING_COST = 1.0  # … and one common confusion away beats a compound of the raw letters
LONG_PART_LEN = 7  # a repaired compound part this long may be a rarer word (≥ MIN_KNOWN_ZIPF): no junk split
DOMAIN_BONUS = 0.5  # zipf added to readings the clean domain documents use («særlige» over «sørlige»)


class Reader:
    """Finds the most probable true word behind an OCR token, with a cache per token."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.index = _skeleton_index(lexicon)
        self.best = lru_cache(maxsize=100_000)(self._best)
        self.part = lru_cache(maxsize=200_000)(self._part)

    def _best(self, word: str) -> tuple[str, float] | None:
        if len(word) > MAX_WORD_LEN:
            return None
        lexicon = self.lexicon
        direct = lexicon.word_frequency(word)
        if any(c in word for c in "01&@4") or ("é" in word and direct < 3.0):
            direct = 0.0  # digits and "&" never belong to a word; "é" only to a few ("én", "idé")
        if direct >= MIN_KNOWN_ZIPF or lexicon.in_domain(word):
            return self._known_variant(word, direct)
        identity = max(direct, self._compound_score(word, identity_only=True)[1])
        best = self._single(word, ATTESTED_ZIPF)
        compound = self._compound_score(word, identity_only=False)
        if best[0] and best[0] == compound[0]:
            best = max(best, compound, key=lambda reading: reading[1])
        elif compound[0] and not (
            best[0] and (lexicon.word_frequency(best[0]) >= MIN_KNOWN_ZIPF or lexicon.compound_frequency(best[0]))
        ):
            best = compound  # no solid word explains the token: a compound of repaired parts may
        if best[0] and best[0] != word and best[1] - identity >= UNKNOWN_MARGIN:
            return best
        if direct == 0.0 and self._solid_over_compound(word, best[0]):
            return best
        return self._long_part_compound(word) if identity == 0.0 else None

    def _long_part_compound(self, word: str) -> tuple[str, float] | None:
        """«fullferingsreformen» → «fullføringsreformen», «laeringssleoyfer» → «læringssløyfer»: a token the raw
        letters make no word or compound of, read as two parts, each a solid word as printed or a long part
        (≥ LONG_PART_LEN letters, so never a junk split) one common confusion from a rarer word."""
        best: tuple[str, float] | None = None
        for cut in range(MIN_PART_LEN, len(word) - MIN_PART_LEN + 1):
            for link in LINKS:
                head, tail = word[:cut], word[cut + len(link) :]
                if word[cut : cut + len(link)] != link or len(tail) < MIN_PART_LEN:
                    continue
                left, right = self._long_part(head), self._long_part(tail)
                if not (left and right) or (left[0] == head and right[0] == tail):
                    continue
                score = min(left[1], right[1])
                if best is None or score > best[1]:
                    best = (left[0] + link + right[0], score)
        return best

    def _long_part(self, raw: str) -> tuple[str, float] | None:
        identity = self.lexicon.word_frequency(raw)
        if not any(c in raw for c in "01&@4") and (identity >= MIN_PART_ZIPF or self.lexicon.in_domain(raw)):
            return (raw, identity)
        if len(raw) < LONG_PART_LEN or identity:
            return None
        candidates = [
            (c, self.lexicon.word_frequency(c))
            for c, cost in self._variants(raw, max_edits=1)
            if cost <= SOLID_READING_COST and self.lexicon.word_frequency(c) >= MIN_KNOWN_ZIPF
        ]
        return max(candidates, key=lambda c: c[1]) if candidates else None

    def _solid_over_compound(self, word: str, reading: str) -> bool:
        """An unattested token that one confusion turns into a solid word is that word, even when a
        compound of its raw letters scores higher: «levekarene» is «levekårene», not «leve» + «karene»."""
        return bool(reading) and (
            self.lexicon.word_frequency(reading) >= SOLID_READING_ZIPF
            and alignment_cost(word, reading) <= SOLID_READING_COST
        )

    def names(self, word: str) -> list[str]:
        """Names of the clean texts (``Lexicon.is_name``) one common confusion away from ``word``."""
        return [c for c, cost in self._variants(word, max_edits=1) if cost <= 1.0 and self.lexicon.is_name(c)]

    def _known_variant(self, word: str, freq: float) -> tuple[str, float] | None:
        """A valid word changes only for a far more frequent one-letter variant ("ogsa" → "også")."""
        best: tuple[str, float] | None = None
        for candidate, cost in self._variants(word, max_edits=1):
            margin = KNOWN_RARE_MARGIN if cost >= 2 else KNOWN_MARGIN
            candidate_freq = self.lexicon.word_frequency(candidate)
            if candidate_freq - freq >= margin and (best is None or candidate_freq > best[1]):
                best = (candidate, candidate_freq)
        return best

    def _variants(self, word: str, max_edits: int):
        """Candidates from the skeleton index that differ from ``word`` by OCR confusions."""
        seen: set[str] = set()
        for key in _skeleton_keys(word):
            for candidate in self.index.get(key, ()):
                if candidate in seen or candidate == word:
                    continue
                seen.add(candidate)
                cost = alignment_cost(word, candidate)
                if cost <= MAX_COST and (max_edits > 1 or cost <= 2.0):
                    yield candidate, cost

    def _single(self, word: str, min_freq: float) -> tuple[str, float]:
        best = ("", 0.0)
        for candidate, cost in self._variants(word, max_edits=4):
            freq = self.lexicon.word_frequency(candidate)
            if freq < min_freq:
                continue
            score = freq - COST_WEIGHT * cost + (DOMAIN_BONUS if self.lexicon.in_domain(candidate) else 0.0)
            if score > best[1]:
                best = (candidate, score)
        return best

    def _part(self, raw: str, identity_only: bool) -> tuple[str, float]:
        if len(raw) < MIN_PART_LEN:
            return ("", 0.0)
        lexicon = self.lexicon
        identity = lexicon.word_frequency(raw)
        if identity < MIN_PART_ZIPF and not lexicon.in_domain(raw) or any(c in raw for c in "01&@4"):
            identity = 0.0
        best = (raw, identity) if identity else ("", 0.0)
        if not identity_only:
            candidate = self._single(raw, MIN_PART_ZIPF)
            if candidate[1] > best[1]:
                best = candidate
        return best

    def _compound_score(self, word: str, identity_only: bool) -> tuple[str, float]:
        n = len(word)
        if n < 2 * MIN_PART_LEN:
            return ("", 0.0)
        best: list[tuple[float, int, str] | None] = [None] * (n + 1)
        best[0] = (99.0, 0, "")
        for i in range(n):
            state = best[i]
            if state is None:
                continue
            for j in range(i + MIN_PART_LEN, n + 1):
                part, score = self.part(word[i:j], identity_only)
                if not part:
                    continue
                for link in LINKS if j < n else ("",):
                    end = j + len(link)
                    if word[j:end] != link or (link == "e" and end == n) or (end < n and end > n - MIN_PART_LEN):
                        continue  # no compound ends in a linking «e» («man-e-den-e» is no reading of «manedene»)
                    candidate = (min(state[0], score), state[1] + 1, state[2] + part + link)
                    current = best[end]
                    if current is None or _compound_value(candidate) > _compound_value(current):
                        best[end] = candidate
        final = best[n]
        if final is None or final[1] < 2:
            return ("", 0.0)
        return (final[2], _compound_value(final))


def _compound_value(state: tuple[float, int, str]) -> float:
    return state[0] - COMPOUND_PENALTY * (state[1] - 1)


def _skeleton(word: str) -> str:
    return _VOWEL_RUN.sub("V", word.translate(_SKELETON_TABLE))


def _skeleton_keys(word: str) -> list[str]:
    """The word's skeleton, plus skeletons with one confusion the skeleton cannot see undone."""
    keys = [_skeleton(word)]
    for i in range(len(word)):
        for width in (1, 2, 3):
            for letter, _ in _CONFUSIONS.get(word[i : i + width], ()):
                if _skeleton(word[i : i + width]) != _skeleton(letter):
                    keys.append(_skeleton(word[:i] + letter + word[i + width :]))
    return keys


@lru_cache(maxsize=4)
def _skeleton_index(lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Lexicon words grouped by skeleton: consonants kept, every run of a/e/o/æ/ø/å as one V."""
    groups: dict[str, list[str]] = {}
    for word in lexicon.words(ATTESTED_ZIPF):
        groups.setdefault(_skeleton(word), []).append(word)
    return {key: tuple(words) for key, words in groups.items()}


def alignment_cost(raw: str, true: str) -> float:
    """Cheapest explanation of ``raw`` as an OCR reading of ``true`` (inf when impossible)."""
    return _align(raw, true)


@lru_cache(maxsize=200_000)
def _align(raw: str, true: str) -> float:
    if not raw or not true:
        return 0.0 if raw == true else float("inf")
    best = float("inf")
    if raw[0] == true[0]:
        best = _align(raw[1:], true[1:])
    for width in (1, 2, 3):
        glyphs = raw[:width]
        for letter, cost in _CONFUSIONS.get(glyphs, ()):
            if true.startswith(letter) and cost < best:
                best = min(best, cost + _align(raw[width:], true[len(letter) :]))
    return best
