"""Token shapes for OCR repair: a token's leading quotes, word and trailing punctuation (a footnote marker
after the punctuation included), and abbreviations whose inner full stops the OCR dropped.
"""

from __future__ import annotations

import re
from collections import Counter

ABBREVIATION_RE = re.compile(r"(?<!\S)((?:[a-zæøå]{1,3}\.)+)(?=[\s,;:)]|$)")
MIN_ABBREVIATION_USES = 5
ABBREVIATION_RATIO = 3
_LEAD = "«(\"'“‘["
_TRAIL = "-.,;:!?»)\"'”’]®*"
# a footnote marker after the word's closing punctuation («ar).3», «utdanning.52»): no part of the word
MARKER_TAIL_RE = re.compile(r"(?<=[^\W\d_])[.,;:)»]+[!?®*”’°¢\d]{1,4}$")
WORD_BEFORE_MARKER_RE = re.compile(r"([^\W\d_]+)[.,;:!?][!?®*”’'°\d]{1,4}$")


def collapsed_abbreviations(text: str) -> dict[str, str]:
    """«bla.» → «bl.a.», «feks.» → «f.eks.»: the OCR drops an abbreviation's inner full stops. Only an
    abbreviation the document itself prints with its stops far more often (≥ MIN_ABBREVIATION_USES, and
    ABBREVIATION_RATIO times its collapsed form) is restored; «m.fl.» beside a common «mfl.» stays as printed."""
    result = {}
    for word, count in Counter(ABBREVIATION_RE.findall(text)).items():
        if word.count(".") < 2 or count < MIN_ABBREVIATION_USES:
            continue
        collapsed = word.replace(".", "") + "."
        seen = len(re.findall(r"(?<!\S)" + re.escape(collapsed) + r"(?=[\s,;:)]|$)", text))
        if 0 < seen and count >= ABBREVIATION_RATIO * seen:
            result[collapsed] = word
    return result


class _TokenParts:
    """Leading quotes/brackets, the core, trailing punctuation: ``lead`` maximal, then ``trail`` maximal
    (what ``^([«(…]*)(.*?)([-.,…]*)$`` matched, without its quadratic backtracking on long tokens)."""

    __slots__ = ("lead", "core", "trail")

    def __init__(self, token: str) -> None:
        body = token.lstrip(_LEAD)
        self.lead = token[: len(token) - len(body)]
        core = body.rstrip(_TRAIL)
        if core[-1:].isdigit() and (tail := MARKER_TAIL_RE.search(core)):
            core = core[: tail.start()].rstrip(_TRAIL)
        self.core, self.trail = core, body[len(core) :]

    def group(self, name: str) -> str:
        return getattr(self, name)


def split_token(token: str) -> _TokenParts:
    return _TokenParts(token)


def word_of(core: str) -> str:
    """The word of a token whose footnote marker the OCR left after its punctuation: «eie.?3» → «eie»."""
    match = WORD_BEFORE_MARKER_RE.match(core)
    return match.group(1) if match else core
