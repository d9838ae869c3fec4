"""Join words split by line-break hyphenation, keeping real compound hyphens.

The result follows the gold convention of the OCR excerpts: the whole word moves to the first
line and the rest of the second line stays where it was. Edits are small (drop "-\\n", turn the
space after the word into the removed line break) so most characters keep their raw positions.
"""

from __future__ import annotations

import re

from ingest.lexicon import Lexicon
from ingest.mapped_text import Edit

# word fragment, "-", line break (possibly across blank lines), continuation up to whitespace
_BREAK_RE = re.compile(r"(?P<left>[^\W_][\w-]*)-(?P<gap>[ \t]*\n(?:[ \t]*\n)*[ \t]*)(?P<right>[^\s]+)(?P<after>\s|$)")
_RIGHT_WORD_RE = re.compile(r"[^\W\d_]+")
# "arbeids- og velferds...": the hyphen belongs to a shortened compound, the line break stays
_CONJUNCTIONS = frozenset({"og", "eller", "til", "samt", "and", "or"})


def find_hyphenation_joins(text: str, lexicon: Lexicon | None = None) -> list[Edit]:
    edits: list[Edit] = []
    for match in _BREAK_RE.finditer(text):
        left_token, right = match.group("left"), match.group("right")
        left = left_token.rsplit("-", 1)[-1]
        word_match = _RIGHT_WORD_RE.match(right)
        if not left or not word_match:
            continue  # digits or punctuation after the break: a range or a dash, not hyphenation
        right_word = word_match.group(0)
        if right_word.lower() in _CONJUNCTIONS and word_match.end() == len(right.rstrip(",.;:")):
            continue
        keep_hyphen = _is_real_hyphen(left, right_word, lexicon)
        hyphen_start = match.start("gap") - 1
        gap = match.group("gap")
        edits.append(Edit(hyphen_start + (1 if keep_hyphen else 0), match.end("gap"), ""))
        # The removed line break takes the place of the space after the joined word.
        after_start = match.start("after")
        if match.group("after") in (" ", "\t"):
            edits.append(Edit(after_start, after_start + 1, _line_break(gap)))
        else:
            edits.append(Edit(after_start, after_start, _line_break(gap)))
    return edits


def _line_break(gap: str) -> str:
    return "".join(ch for ch in gap if ch == "\n")


def _is_real_hyphen(left: str, right_word: str, lexicon: Lexicon | None) -> bool:
    """True for "NAV-kontoret", "Sør-Trøndelag", "e-post": hyphens that are part of the word."""
    if right_word[0].isupper() or (len(left) > 1 and left.isupper()):
        return True
    if len(left) == 1:
        return True  # "e-post", "x-akse": no syllable is one letter before a line break
    if lexicon is None:
        return False
    hyphenated = f"{left}-{right_word}"
    joined = f"{left}{right_word}"
    return lexicon.in_domain(hyphenated) and not lexicon.in_domain(joined)
