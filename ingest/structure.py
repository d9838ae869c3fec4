"""Document structure: which section every stretch of cleaned text belongs to.

Headings are recognised as standalone short lines: numbered headings («2.2.3 Barrierer mot arbeid»,
«1 Veien ut av utenforskap»), markdown headings, agenda items («PS 1/21 …») and short unpunctuated
title lines. Numbered headings must follow the document's numbering, so a footnote that starts with a
number («3 Fylkesmannsundersøkelsen …») is not taken for chapter 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.paragraphs import paragraph_spans

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+([A-ZÆØÅ«\"].{1,118})$")
_AGENDA = re.compile(r"^((?:PS|RS|OS|DS)\s*\d+/\d+)\s+(.{3,150})$")
_NUMBER_LINE = re.compile(r"^[^\S\n]*\d", re.MULTILINE)
MAX_HEADING = 300  # a longer line is never a heading (and the heading patterns never see it)


@dataclass(frozen=True, slots=True)
class Heading:
    start: int  # offset of the heading line in the cleaned text
    level: int
    title: str
    number: str = ""

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass(frozen=True, slots=True)
class Section:
    start: int
    end: int
    path: tuple[str, ...]
    number: str = ""

    @property
    def title(self) -> str:
        return self.path[-1] if self.path else ""


def find_headings(text: str) -> list[Heading]:
    blocks: list[tuple[int, str]] = []
    for start, end in paragraph_spans(text):
        if end - start > 2 * MAX_HEADING:
            continue
        lines = [line.strip() for line in text[start:end].splitlines() if line.strip()]
        if lines and len(lines) <= 2:
            blocks.append((start, " ".join(lines)))
    numbered = _numbered_chain(_numbered_candidates(text))
    taken = {h.start for h in numbered}
    headings: list[Heading] = list(numbered)
    levels = sorted((h.start, h.level) for h in numbered)
    for start, line in blocks:
        if start in taken or _NUMBERED.match(line):
            continue
        depth = next((lvl for pos, lvl in reversed(levels) if pos < start), 0)
        if heading := _other_heading(line, start, depth):
            headings.append(heading)
    return sorted(headings, key=lambda h: h.start)


def _numbered_candidates(text: str) -> list[Heading]:
    """Numbered lines that stand alone: after a blank line or a finished sentence, before a blank line."""
    candidates: list[Heading] = []
    for number_line in _NUMBER_LINE.finditer(text):  # only lines that start with a digit: linear
        start = number_line.start()
        line, end = _line_at(text, start)
        stripped = line.strip()
        match = _NUMBERED.match(stripped) if len(stripped) <= MAX_HEADING else None
        if not match:
            continue
        previous = _line_at(text, text.rfind("\n", 0, start - 1) + 1)[0].strip() if start else ""
        if previous and previous[-1] not in ".!?:»)":
            continue
        title = stripped
        following = []
        while end < len(text) and len(following) < 2:
            next_line, end = _line_at(text, end)
            following.append(next_line.strip())
        if following and following[0] and len(following) > 1 and not following[1]:
            title = f"{stripped} {following[0]}"
        elif following and following[0]:
            continue
        match = _NUMBERED.match(title)
        if match and title[-1] not in ".,;-" and not _looks_like_reference(match.group(2)):
            number = match.group(1)
            candidates.append(Heading(start, number.count(".") + 1, match.group(2).strip(), number))
    return candidates


def _line_at(text: str, start: int) -> tuple[str, int]:
    """The line starting at ``start`` (with its newline) and where the next one starts."""
    newline = text.find("\n", start)
    end = len(text) if newline < 0 else newline + 1
    return text[start:end], end


def _looks_like_reference(title: str) -> bool:
    """Footnotes and literature entries also start with a number; headings don't read like them."""
    return bool(
        re.search(r"\((?:19|20)\d\d\)|&|§|https?:|\b[A-ZÆØÅ]\.\s?[A-ZÆØÅ]?\.?,|\. [A-ZÆØÅ]", title)
        or title.count(",") >= 2
        or len(title.split()) > 16
    )


def _numbered_chain(candidates: list[Heading]) -> list[Heading]:
    """The longest run of candidates whose numbers follow one another (1, 1.1, 1.2, 2, 2.1 …)."""
    parts = [[int(p) for p in c.number.split(".")] for c in candidates]
    best: list[int] = []
    back: list[int] = []
    for i, current in enumerate(parts):
        score, prev = (1 if _follows(current, []) else 0), -1
        for j in range(i):
            if best[j] and best[j] + 1 > score and _follows(current, parts[j]):
                score, prev = best[j] + 1, j
        best.append(score)
        back.append(prev)
    chain: list[Heading] = []
    i = max(range(len(best)), key=best.__getitem__) if best and max(best) > 0 else -1
    while i >= 0:
        chain.append(candidates[i])
        i = back[i]
    return chain[::-1]


def _follows(parts: list[int], prev: list[int]) -> bool:
    """Whether a heading numbered ``parts`` may come right after one numbered ``prev``."""
    if not prev:
        return all(p <= 2 for p in parts)
    if len(parts) > len(prev) and parts[: len(prev)] == prev:
        return all(p <= 2 for p in parts[len(prev) :])
    for depth in range(min(len(parts), len(prev))):
        if prev[depth] < parts[depth] <= prev[depth] + 2:
            return all(p <= 2 for p in parts[depth + 1 :])
        if parts[depth] != prev[depth]:
            return False
    return False


def _other_heading(line: str, start: int, depth: int) -> Heading | None:
    if markdown := markdown_heading(line):
        return Heading(start, *markdown)
    if match := _AGENDA.match(line):
        return Heading(start, 1, match.group(2), match.group(1))
    words = line.split()
    if (
        4 <= len(line) <= 90
        and 1 <= len(words) <= 8
        and ":" not in line
        and ". " not in line
        and line[0].isupper()
        and line[-1] not in ".,;:-–"
        and sum(c.isalpha() for c in line) >= 0.7 * len(line.replace(" ", ""))
        and not line.startswith("- ")
    ):
        return Heading(start, depth + 1, line)
    return None


def markdown_heading(line: str) -> tuple[int, str] | None:
    """Level and title of «## Tittel ##» (what ``^(#{1,6})\\s+(.+?)\\s*#*$`` matched, without its
    quadratic backtracking on a line of spaces)."""
    level = len(line) - len(line.lstrip("#"))
    spaced = line[level:]
    if not 1 <= level <= 6 or not spaced[:1].isspace() or "\n" in spaced:
        return None
    rest = spaced.lstrip()
    if not rest:
        return (level, spaced[-1]) if len(spaced) >= 2 else None
    title = rest.rstrip("#").rstrip()
    return level, title or rest[:1]


def sections_from_headings(text: str, headings: list[Heading]) -> list[Section]:
    """Consecutive sections covering the text; each has the path of headings above it."""
    sections: list[Section] = []
    stack: list[Heading] = []
    if not headings or headings[0].start > 0:
        end = headings[0].start if headings else len(text)
        sections.append(Section(0, end, ()))
    for i, heading in enumerate(headings):
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        number = next((h.number for h in reversed(stack) if h.number), "")
        sections.append(Section(heading.start, end, tuple(h.label for h in stack), number))
    return [s for s in sections if s.end > s.start]


def find_sections(text: str) -> list[Section]:
    return sections_from_headings(text, find_headings(text))
