"""Lexical analysis shared by the BM25 index and its queries.

Norwegian Snowball stems without stopwords, plus compound parts: «inngangsvilkår» also yields
«vilkår», «lønnstilskudd» yields «lønn» and «tilskudd», so a question in plain words meets a
compound in the text and the other way round.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import Stemmer
from bm25s.stopwords import STOPWORDS_NORWEGIAN

from ingest.zipf_table import read_zipf_table

_WORD = re.compile(r"[0-9a-zæøåéèüöäA-ZÆØÅÉÈÜÖÄ]+(?:[-'][0-9a-zæøåA-ZÆØÅ]+)*")
_STOPWORDS = frozenset(STOPWORDS_NORWEGIAN)
MIN_PART_ZIPF = 3.0
MIN_COMPOUND_LENGTH = 8
MIN_PART_LENGTH = 4
MAX_COMPOUND_LENGTH = 64  # splitting is quadratic in length; no real compound is longer


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("norwegian")


ZIPF_TABLE = Path(__file__).with_name("norwegian_zipf.tsv")  # tools/norwegian_zipf.py writes it from wordfreq


@lru_cache(maxsize=1)
def _zipf_table() -> dict[str, float]:
    """wordfreq's Bokmål words at Zipf ≥ 3.0, the least any caller asks about (a word below counts 0.0)."""
    return read_zipf_table(ZIPF_TABLE)


def zipf(word: str) -> float:
    return _zipf_table().get(word, 0.0)


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a Norwegian compound (linking -s-/-e- dropped), or () if it is not one."""
    if not MIN_COMPOUND_LENGTH <= len(word) <= MAX_COMPOUND_LENGTH or not word.isalpha():
        return ()
    best: tuple[float, tuple[str, ...]] = (0.0, ())
    for i in range(MIN_PART_LENGTH, len(word) - MIN_PART_LENGTH + 1):
        head, tail = word[:i], word[i:]
        for left in {head, head[:-1]} if head[-1] in "se" and len(head) > MIN_PART_LENGTH else {head}:
            left_score = zipf(left)
            if left_score < MIN_PART_ZIPF:
                continue
            tail_score = zipf(tail)
            tail_parts: tuple[str, ...] = (tail,)
            if tail_score < MIN_PART_ZIPF:
                deeper = split_compound(tail)
                if not deeper:
                    continue
                tail_parts, tail_score = deeper, min(zipf(p) for p in deeper)
            score = min(left_score, tail_score) - 1.0 * (len(tail_parts) - 1)
            if score > best[0]:
                best = (score, (left, *tail_parts))
    return best[1]


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def forms_and_stems(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The text's lowercase words and their stems without compound parts, in one pass: the sets of
    :func:`words` and of ``tokenize(text, compounds=False)``."""
    found = _WORD.findall(text)
    stems: set[str] = set()
    for word in found:
        stems.update(_word_tokens(word, False))
    return frozenset(map(str.lower, found)), frozenset(stems)


def tokenize(text: str, compounds: bool = True) -> list[str]:
    """Stemmed content words; hyphenated words and compounds also give their parts."""
    if len(text) <= CACHED_TEXT_CHARS:
        return list(_tokenize_cached(text, compounds))
    if len(text) <= CACHED_PASSAGE_CHARS:
        return list(_tokenize_passage(text, compounds))
    return list(_tokenize(text, compounds))


CACHED_TEXT_CHARS = 600  # sentences and questions: an answer tokenizes the same ones in several steps
CACHED_PASSAGE_CHARS = 6000  # passages: the same chunks come back for many questions


@lru_cache(maxsize=8192)
def _tokenize_cached(text: str, compounds: bool) -> tuple[str, ...]:
    return _tokenize(text, compounds)


@lru_cache(maxsize=512)  # a passage's tokens are shared strings (see _word_tokens): ~2 kB each
def _tokenize_passage(text: str, compounds: bool) -> tuple[str, ...]:
    return _tokenize(text, compounds)


def _tokenize(text: str, compounds: bool) -> tuple[str, ...]:
    tokens: list[str] = []
    for word in _WORD.findall(text):
        tokens.extend(_word_tokens(word, compounds))
    return tuple(tokens)


@lru_cache(maxsize=50_000)
def _word_tokens(word: str, compounds: bool) -> tuple[str, ...]:
    """One word's stems: the word, its hyphen parts and compound parts, stopwords left out (stemming is per
    word, so a text's tokens are its words' tokens in order; the corpus has far fewer distinct words)."""
    word = word.lower()
    parts = [word, *word.split("-")] if "-" in word else [word]
    if compounds:
        parts += [p for part in list(parts) for p in split_compound(part)]
    return tuple(_stemmer().stemWords([p for p in parts if p and p not in _STOPWORDS]))
