"""Join words split by line-break hyphenation, keeping real compound hyphens.

The result follows the gold convention of the OCR excerpts: the whole word moves to the first
line and the rest of the second line stays where it was. Edits are small (drop "-\\n", turn the
space after the word into the removed line break) so most characters keep their raw positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.lexicon import Lexicon
from ingest.mapped_text import Edit

# "-", line break (possibly across blank lines), continuation up to whitespace; the word before the
# hyphen is found by scanning back from it (a regex starting at every letter backtracks quadratically on
# a long line without spaces)
_HYPHEN_RE = re.compile(r"-(?=[ \t]*\n)")
_GAP_RE = re.compile(r"-(?P<gap>[ \t]*\n(?:[ \t]*\n)*[ \t]*)(?P<right>[^\s]+)(?P<after>\s|$)")
MAX_WORD = 80  # a hyphenated "word" longer than this is not a word (no join)


@dataclass(frozen=True, slots=True)
class _Break:
    left: str
    start: int  # of the left word
    hyphen: int
    gap_end: int
    gap: str
    right: str
    after_start: int
    after: str
    end: int


def _breaks(text: str) -> list[_Break]:
    """What ``[^\\W_][\\w-]*-gap right (\\s|$)`` would find, scanning left from each hyphen (linear)."""
    found: list[_Break] = []
    pos = 0
    for candidate in _HYPHEN_RE.finditer(text):
        hyphen = candidate.start()
        if hyphen < pos:
            continue
        match = _GAP_RE.match(text, hyphen)
        if match is None:
            continue
        start = hyphen
        while start > pos and (text[start - 1].isalnum() or text[start - 1] in "_-") and hyphen - start <= MAX_WORD:
            start -= 1
        while start < hyphen and not text[start].isalnum():
            start += 1
        if start >= hyphen or hyphen - start > MAX_WORD:
            continue
        found.append(
            _Break(
                text[start:hyphen],
                start,
                hyphen,
                match.end("gap"),
                match.group("gap"),
                match.group("right"),
                match.start("after"),
                match.group("after"),
                match.end(),
            )
        )
        pos = match.end()
    return found


_RIGHT_WORD_RE = re.compile(r"[^\W\d_]+")
# the rest of the line after the right-hand token is a number such as «8.3»: the line is a caption or box
# title («Boks 8.3 Prosjektet …», «Figur 2.1 …»), never the end of a word cut before it
_CAPTION_REST_RE = re.compile(r"[ \t]+\d{1,2}(?:\.\d{1,2})+\b")
# "arbeids- og velferds...": the hyphen belongs to a shortened compound, the line break stays
_CONJUNCTIONS = frozenset({"og", "eller", "til", "samt", "and", "or"})


# a line break the extraction turned into a space after an acronym's compound hyphen: «KVP- deltakerne»,
# «NAV- rapport»; the hyphen is printed, the space is not («NAV- og Bufdir-tall» keeps it)
_INLINE_ACRONYM_BREAK_RE = re.compile(r"(?<![^\W\d_])[A-ZÆØÅ]{2,6}-( )(?!(?:og|eller|til|samt|and|or)\b)[a-zæøå]{3,}")


def find_hyphenation_joins(text: str, lexicon: Lexicon | None = None) -> list[Edit]:
    edits: list[Edit] = [Edit(m.start(1), m.end(1), "") for m in _INLINE_ACRONYM_BREAK_RE.finditer(text)]
    for match in _breaks(text):
        left_token, right = match.left, match.right
        left = left_token.rsplit("-", 1)[-1]
        word_match = _RIGHT_WORD_RE.match(right)
        if _CAPTION_REST_RE.match(text, match.after_start):
            continue  # «NAV-» before «Boks 8.3 …»: the word goes on after the box, not in its title
        conjunction = bool(word_match) and _conjunction_after(right, word_match)
        if left[-1:].isdigit() and right[:1].isalnum() and not conjunction:
            if match.gap.count("\n") > 1:
                continue  # a number before a blank line ends a line of figures, not a range cut in two
            edits.extend(_join(match, keep_hyphen=True))  # «2010-» «2018», «1990-» «tallet»: the hyphen is printed
            continue
        if not left or not word_match:
            continue  # punctuation after the break, or a dash: not hyphenation
        right_word = word_match.group(0)
        if conjunction:
            continue
        if left.islower() and len(left) > 1 and right_word[0].isupper() and not right_word.isupper():
            continue  # «dek-» before «Kommunens»: the next line is another column or a box, not the word's end
        edits.extend(_join(match, keep_hyphen=_is_real_hyphen(left, right_word, lexicon)))
    return sorted(edits, key=lambda edit: edit.start)


def _conjunction_after(right: str, word_match: re.Match) -> bool:
    """«og», «eller» after the break: the hyphen shortens a compound («arbeids- og», «1980- og»)."""
    return word_match.group(0).lower() in _CONJUNCTIONS and word_match.end() == len(right.rstrip(",.;:"))


def _join(match: _Break, keep_hyphen: bool) -> list[Edit]:
    """Drop the line break (and the hyphen unless it is printed); the break takes the place of the space
    after the joined word."""
    edits = [Edit(match.hyphen + (1 if keep_hyphen else 0), match.gap_end, "")]
    after_start = match.after_start
    if match.after in (" ", "\t"):
        edits.append(Edit(after_start, after_start + 1, _line_break(match.gap)))
    else:
        edits.append(Edit(after_start, after_start, _line_break(match.gap)))
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
