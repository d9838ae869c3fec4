"""Paragraph spans (runs of non-blank lines) and non-blank lines, found in linear time.

The regex this replaces, ``(?:[^\\n]*\\S[^\\n]*\\n?)+``, retried every position of a whitespace-only line
and so took quadratic time on a long one (a 5 MB line of spaces ran for hours). Here a blank line is found
by a pattern anchored at a newline, and the next paragraph by the next non-space character, so blank
stretches are skipped at C speed.
"""

from __future__ import annotations

import re

_NON_SPACE = re.compile(r"\S")
_BLANK_LINE = re.compile(r"\n[^\S\n]*(?:\n|\Z)")
NON_BLANK_LINE = re.compile(r"^[^\S\n]*\S[^\n]*\n?", re.MULTILINE)  # anchored: linear


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each maximal run of lines holding a non-space character (with its newlines)."""
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        first = _NON_SPACE.search(text, pos)
        if first is None:
            break
        start = text.rfind("\n", pos, first.start()) + 1 or pos
        start = max(start, pos)
        blank = _BLANK_LINE.search(text, first.start())
        end = n if blank is None else blank.start() + 1
        spans.append((start, end))
        pos = end
    return spans


def non_blank_lines(text: str) -> list[tuple[int, str]]:
    """``(start, line)`` of every line holding a non-space character, the newline included."""
    return [(m.start(), m.group()) for m in NON_BLANK_LINE.finditer(text)]
