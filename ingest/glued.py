"""Words the OCR glued together: «oginkludere» → «og inkludere», «ulikheti» → «ulikhet i».

Only a token that is neither a word nor a compound is split, and only at a function word: before the
word one that never starts a compound («og», «i», «å», «et» …), after it one that is never an ending
(«i», «for», «av» …). So «modulstrukturert», «omstillingene» and «brukermedvirkningen» stay whole;
the other part must be a solid word of its own.
"""

from __future__ import annotations

import re

from ingest.lexicon import Lexicon
from ingest.mapped_text import Edit

# before a word: not the prepositions that also start compounds («omstilling», «forslag», «tilbud»)
HEADS = frozenset({"og", "i", "å", "et", "en", "ha", "har", "er", "som", "de", "det", "den", "at", "ikke", "seg"})
# after a word: not what doubles as an ending («-en», «-et», «-er», «-de»)
TAILS = frozenset({"og", "i", "å", "for", "av", "til", "på", "med", "som", "om", "at", "ikke", "fra", "ved"})
MIN_PART_ZIPF = 3.5
MAX_GLUED = 40
_WORD = re.compile(r"(?<![\w-])([A-Za-zÆØÅæøå]{5,})(?![\w-])")


def find_glued_words(text: str, lexicon: Lexicon) -> list[Edit]:
    edits: list[Edit] = []
    for match in _WORD.finditer(text):
        word = match.group(1)
        if len(word) > MAX_GLUED:
            continue  # two glued words are not this long (and every split of it costs time)
        if word.isupper() or lexicon.is_known(word) or lexicon.word_frequency(word) > 0:
            continue
        if word[0].isupper() and not _starts_unit(text, match.start(1)):
            continue  # capitalised inside a sentence: a name («Ipluss»)
        split = best_split(word, lexicon)
        if split:
            edits.append(Edit(match.start(1), match.end(1), split))
    return edits


def best_split(word: str, lexicon: Lexicon) -> str:
    """«oginkludere» → «og inkludere»; '' when no split at a function word leaves a solid word."""
    lower = word.lower()
    best, best_score = "", 0.0
    for i in range(1, len(lower)):
        head, tail = lower[:i], lower[i:]
        if head in HEADS and _solid(tail, lexicon):
            score = lexicon.word_frequency(tail)
        elif tail in TAILS and _solid(head, lexicon):
            score = lexicon.word_frequency(head)
        else:
            continue
        if score > best_score:
            best, best_score = f"{word[:i]} {word[i:]}", score
    if best and word[0].isupper():
        best = best[0].upper() + best[1:]
    return best


def _starts_unit(text: str, start: int) -> bool:
    """At a line or sentence start, or after a heading number («5.2.1 Etinkluderende»)."""
    before = text[max(0, start - 12) : start].rstrip(" \t")
    return not before or before[-1] in ".!?:\n" or before[-1].isdigit() or before.endswith("\n")


def _solid(part: str, lexicon: Lexicon) -> bool:
    return len(part) >= 4 and (lexicon.word_frequency(part) >= MIN_PART_ZIPF or lexicon.in_domain(part))
