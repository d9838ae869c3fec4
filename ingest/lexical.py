"""Lexical analysis shared by the BM25 index and its queries: Norwegian Snowball stems, no stopwords."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_NORWEGIAN

_WORD = re.compile(r"[0-9a-zæøåéèüöäA-ZÆØÅÉÈÜÖÄ]+(?:[-'][0-9a-zæøåA-ZÆØÅ]+)*")
_STOPWORDS = frozenset(STOPWORDS_NORWEGIAN)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("norwegian")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def tokenize(text: str) -> list[str]:
    """Stemmed content words; hyphenated compounds also give their parts («NAV-kontor» → nav, kontor)."""
    tokens: list[str] = []
    for word in words(text):
        parts = [word, *word.split("-")] if "-" in word else [word]
        tokens.extend(p for p in parts if p and p not in _STOPWORDS)
    return _stemmer().stemWords(tokens)
