"""Footnote markers the OCR printed as signs («arbeid.®», «ytelser!.»), turned back into their numbers.

A sign stands for several digits («®» is a 3 in one place and a 6 in another), so the sign alone cannot
say which. The page can: a footnote's body follows its marker on the same page, as a line that starts
with the number («6 Fevang, E., …»). A marker takes the digit its sign most often means when a body with
that number follows; otherwise the lowest following body number above the markers before it. Where the
OCR lost the bodies that follow, the numbering goes on from the marker or body just before. Markers of
two or more signs keep their digits: they are rarer, and their bodies are often damaged too. Signs glued
straight to a word («rapporter? gir», «veileder!! for») are a marker when the sentence goes on after them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from ingest.mapped_text import Edit

# the digit each sign most often stands for
SIGN_DIGITS = str.maketrans({"!": "1", "?": "2", "®": "3", "*": "4", "”": "5", "’": "7"})
# a word (or its closing punctuation) with the signs after it, or the signs before the sentence's full stop
MARKER_RE = re.compile(
    r"^(?P<head>.*[^\W\d_][.»,]+)(?P<marker>[!?®*”]+|’)$|^(?P<word>.*[^\W\d_]{2})(?P<inner>[!?®]+)(?P<stop>[.,])$"
)
# signs right after a word, no punctuation between: a marker only when a lower-case word follows
GLUED_RE = re.compile(r"^(?P<word>[^\W\d_]*[a-zæøå]{3})(?P<signs>[!?®*]+)$")  # «”», «’» close quotes there
BODY_RE = re.compile(r"^[ \t]*(\d{1,3})[ \t]+[A-ZÆØÅ«(]", re.MULTILINE)
# a chapter's heading («3 Tidlig og samordnet innsats …», then «3.1 Innledning»): no body, and numbering starts anew
CHAPTER_RE = re.compile(
    r"^[ \t]*(\d{1,2})[ \t]+[A-ZÆØÅ][^\n]*\n(?:[^\n]+\n){0,2}[ \t]*\n[ \t]*\1\.1[ \t]", re.MULTILINE
)
PAGE_SPAN = 5000  # characters: a footnote's body is on the marker's page
MAX_BODIES = 40  # no page has more footnotes (and a list of numbered lines must not cost per marker)


def marker_edit(token: str, start: int, next_token: str = "") -> Edit | None:
    """The edit that turns the signs of a garbled marker into the digits they most often mean."""
    match = MARKER_RE.match(token)
    if match is None:
        glued = GLUED_RE.match(token)
        if glued is None or not next_token[:1].islower() or not next_token[:1].isalpha():
            return None
        begin = start + len(glued.group("word"))
        return Edit(begin, begin + len(glued.group("signs")), glued.group("signs").translate(SIGN_DIGITS))
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
    chapters = [m.start() for m in CHAPTER_RE.finditer(text)] if markers else []
    result: list[Edit] = []
    last, last_end = 0, -PAGE_SPAN
    for edit in sorted(markers, key=lambda e: e.start):
        first = bisect_left(positions, edit.end)
        following = [n for _, n in bodies[first : bisect_right(positions, edit.end + PAGE_SPAN, lo=first)]]
        following = following[:MAX_BODIES]
        guess = int(edit.replacement) if edit.replacement.isdigit() else 0
        chapter = chapters[bisect_right(chapters, edit.start) - 1] if chapters and chapters[0] <= edit.start else -1
        since = max(edit.start - PAGE_SPAN, chapter + 1)  # the page before the marker, within its chapter
        near = last if last_end >= since else 0
        before = _number_before(bodies, positions, first, since, near)
        number = _renumbered(guess, len(edit.replacement), following, before, last)
        if number:
            edit = replace(edit, replacement=str(number))
        if edit.replacement.isdigit() and (len(edit.replacement) == 1 or int(edit.replacement) in following or number):
            last, last_end = int(edit.replacement), edit.end  # two signs' own digits are a guess: no sequence
        result.append(edit)
    return result


def _renumbered(guess: int, signs: int, following: list[int], before: int, last: int) -> int:
    """The marker's number from the page, or 0 to keep its signs' digits. Two or more signs change only into
    a number of as many digits."""
    if guess in following:
        return 0
    above = sorted(n for n in following if n > last)
    if above:
        # «… 3 [4 lost] 5 …»: the next number comes before the next body printed
        number = before + 1 if 0 < before and before + 1 < above[0] else above[0]
    else:
        number = before + 1 if before else 0  # the bodies that follow start a new numbering, or were lost
    return number if number and (signs == 1 or len(str(number)) == signs) else 0


def _number_before(bodies: list[tuple[int, int]], positions: list[int], first: int, since: int, last: int) -> int:
    """The number a marker whose bodies were lost follows: the highest of the previous marker's and of the
    bodies printed on the page before it; 0 when no body is printed there (a text without footnote bodies,
    «*» for emphasis, has no numbering to go on)."""
    begin = bisect_left(positions, since, hi=first)
    earlier = [n for _, n in bodies[begin:first][-MAX_BODIES:]]
    return max([last, *earlier]) if earlier else 0
