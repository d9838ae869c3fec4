"""Footnote markers the OCR printed as signs («arbeid.®», «ytelser!.»), turned back into their numbers.

A sign stands for several digits («®» is a 3 in one place and a 6 in another), so the sign alone cannot
say which. The page can: a footnote's body follows its marker on the same page, as a line that starts
with the number («6 Fevang, E., …»). A marker takes the digit its sign most often means when a body with
that number follows; otherwise the lowest following body number above the markers before it. Markers of
two or more signs keep their digits: they are rarer, and their bodies are often damaged too.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from ingest.mapped_text import Edit

# the digit each sign most often stands for
SIGN_DIGITS = str.maketrans({"!": "1", "?": "2", "®": "3", "*": "4", "”": "5"})
# a word (or its closing punctuation) with the signs after it, or the signs before the sentence's full stop
MARKER_RE = re.compile(
    r"^(?P<head>.*[^\W\d_][.»,]+)(?P<marker>[!?®*”]+)$|^(?P<word>.*[^\W\d_]{2})(?P<inner>[!?®]+)(?P<stop>[.,])$"
)
BODY_RE = re.compile(r"^[ \t]*(\d{1,3})[ \t]+[A-ZÆØÅ«(]", re.MULTILINE)
PAGE_SPAN = 5000  # characters: a footnote's body is on the marker's page
MAX_BODIES = 40  # no page has more footnotes (and a list of numbered lines must not cost per marker)


def marker_edit(token: str, start: int) -> Edit | None:
    """The edit that turns the signs of a garbled marker into the digits they most often mean."""
    match = MARKER_RE.match(token)
    if match is None:
        return None
    if match.group("marker"):
        head, marker = match.group("head"), match.group("marker")
    else:
        head, marker = match.group("word"), match.group("inner")
    begin = start + len(head)
    return Edit(begin, begin + len(marker), marker.translate(SIGN_DIGITS))


def renumber_markers(text: str, markers: list[Edit]) -> list[Edit]:
    """Each marker's number checked against the footnote bodies that follow it on its page."""
    bodies = [(m.start(), int(m.group(1))) for m in BODY_RE.finditer(text)]
    positions = [pos for pos, _ in bodies]
    result: list[Edit] = []
    last = 0
    for edit in sorted(markers, key=lambda e: e.start):
        first = bisect_left(positions, edit.end)
        following = [n for _, n in bodies[first : bisect_right(positions, edit.end + PAGE_SPAN, lo=first)]]
        following = following[:MAX_BODIES]
        guess = int(edit.replacement) if edit.replacement.isdigit() else 0
        if len(edit.replacement) == 1 and following and guess not in following:
            above = sorted(n for n in following if n > last)
            if above:
                edit = replace(edit, replacement=str(above[0]))
        if edit.replacement.isdigit():
            last = int(edit.replacement)
        result.append(edit)
    return result
