"""Page furniture: running headers, footers and repeated title lines, found by repetition.

A line is furniture when its letter signature (the line without digits and punctuation) recurs
across the document and it looks like a running head rather than content: it does not end like a
sentence or a hyphenated line, it is not a numbered section heading, and it either carries a
varying (page) number, is set in capitals, or recurs often.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ingest.mapped_text import Edit
from ingest.paragraphs import non_blank_lines

_DOTTED_HEADING = re.compile(r"^\d+(\.\d+)+\.?\s+\S")
_NUMBER = re.compile(r"\d+")
_SENTENCE_END = '.!?:;»")”'


@dataclass(frozen=True, slots=True)
class Furniture:
    edits: list[Edit]  # deletions of furniture lines
    pages: list[tuple[int, int]]  # (offset in the text, page number that starts there)


def signature(line: str) -> str:
    letters = re.sub(r"[^\wæøåÆØÅ]+", "", re.sub(r"\d+", "", line)).lower()
    if letters:
        return letters
    return line.strip() if _NUMBER.search(line) else ""


def find_furniture(text: str, min_count: int = 4, max_len: int = 100) -> Furniture:
    """Furniture lines to delete, and page anchors; a head with rising page numbers needs only two."""
    lines = non_blank_lines(text)  # blank lines are never furniture
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for start, line in lines:
        stripped = line.strip()
        if _is_candidate(stripped, max_len):
            groups[signature(stripped)].append((start, line))
    edits: list[Edit] = []
    pages: list[tuple[int, int]] = []
    for sig, members in groups.items():
        if not sig or sig == "#" or len(members) < 2:
            continue
        stripped = [line.strip() for _, line in members]
        varying = _varying_numbers(stripped)
        capitals = _capital_share(stripped[0]) >= 0.6
        short = max(len(line) for line in stripped) <= 40
        if len(members) < min_count and not (short and _rising(varying)):
            continue
        if not (varying or capitals or len(members) >= 6):
            continue
        for (start, line), page in zip(members, varying or [None] * len(members)):
            edits.append(Edit(start, start + len(line), ""))
            if page is not None:
                pages.append((start, page))
    return Furniture(sorted(edits, key=lambda e: e.start), sorted(pages))


def _is_candidate(line: str, max_len: int) -> bool:
    if not line or len(line) > max_len:
        return False
    if line[-1] in _SENTENCE_END or line[-1] in "-–,":
        return False
    return not _DOTTED_HEADING.match(line)


def _varying_numbers(lines: list[str]) -> list[int | None]:
    """Per line, the number that changes between occurrences (the page), if any line has one."""
    numbers = [[int(n) for n in _NUMBER.findall(line)] for line in lines]
    common = Counter(n for nums in numbers for n in set(nums))
    constant = {n for n, c in common.items() if c >= max(2, len(lines) // 2)}
    pages: list[int | None] = []
    for nums in numbers:
        candidates = [n for n in nums if n not in constant and 0 < n < 2000]
        pages.append(candidates[0] if len(candidates) == 1 else None)
    return pages if sum(p is not None for p in pages) >= 2 else []


def _rising(pages: list[int | None]) -> bool:
    known = [p for p in pages if p is not None]
    return len(known) >= 2 and all(a < b for a, b in zip(known, known[1:]))


def _capital_share(line: str) -> float:
    letters = [c for c in line if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


_BREAK = re.compile(r"([^\s])([ \t]*\n(?:[ \t]*\n)+[ \t]*)(?=[a-zæøå])")


def find_broken_paragraphs(text: str) -> list[Edit]:
    """Blank lines that cut a sentence in two (left behind by a page break, a header or a footnote)."""
    return [Edit(m.start(2), m.end(2), "\n") for m in _BREAK.finditer(text) if m.group(1) not in _SENTENCE_END]
