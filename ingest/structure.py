"""Document structure: which section every stretch of cleaned text belongs to.

Headings are recognised as short lines that stand apart from the running text: numbered headings
(«2.2.3 Barrierer mot arbeid»), markdown headings, agenda items («PS 1/21 …»), talk headings of a
seminar report («… – Knut Røed»), box labels («Boks 3.1 …»), short unpunctuated title lines, case
headings in dashed parts, questions over the text they head, and headings run into a paragraph's first line.
A number makes a chapter only when the numbered lines form the document's chapter sequence: footnotes
(«3 Fylkesmannsundersøkelsen …»), numbered lists and the theses of one talk («1. … 10. …») keep
their number in the title but never pose as chapters. Datelines, signatures, greetings, captions and
runs of short lines (lists, chart labels), a chart's title printed twice and a lead-in cut at a line end
are not headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest import heading_rules as rules
from ingest.paragraphs import paragraph_spans

_AGENDA = re.compile(r"^((?:PS|RS|OS|DS)\s*\d+/\d+)\s+(.{3,150})$")
_LINE = re.compile(r"[^\n]*\n?")
_SENTENCE_END = ".!?:»)"
MAX_HEADING = 300  # a longer line is never a heading (and the heading patterns never see it)
MIN_BODY = 40  # characters of text between two headings for both to count as headings in a run


@dataclass(frozen=True, slots=True)
class Heading:
    start: int  # offset of the heading line in the cleaned text
    level: int
    title: str
    number: str = ""  # the chapter number («2.2.3») or agenda number; empty for list numbers
    kind: str = "heading"  # chapter | heading | talk | box | list
    end: int = 0  # end of the heading's own lines (title included)

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


def _lines(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _LINE.finditer(text) if m.group()]


@dataclass(frozen=True, slots=True)
class _Candidate:
    heading: Heading
    printed: str  # the number as printed: «5.», «2.2.3», «3»
    eligible: bool  # may be a chapter: not a list item, not a sentence


def find_headings(text: str) -> list[Heading]:
    lines = _lines(text)
    candidates = _numbered_candidates(lines)
    chain = _numbered_chain(candidates, len(text))
    chain_starts = {h.start for h in chain}
    listed = [
        Heading(c.heading.start, 0, f"{c.printed} {c.heading.title}", "", "list", c.heading.end)
        for c in candidates
        if c.heading.start not in chain_starts and _is_list_heading(c) and _has_sibling(c, candidates, len(text))
    ]
    taken = chain_starts | {h.start for h in listed} | {c.heading.start for c in candidates}
    others = _other_headings(text, taken)
    headings = sorted(list(chain) + listed + others, key=lambda h: h.start)
    return _assign_levels(headings)


def _has_sibling(candidate: _Candidate, candidates: list[_Candidate], length: int) -> bool:
    """A numbered point heads a section only among its neighbours in the count («5.» near «4.» or «6.»)."""
    number, start = candidate.heading.number, candidate.heading.start
    head, _, last = number.rpartition(".")
    reach = 3 * rules.chapter_gap(length)
    for other in candidates:
        o_head, _, o_last = other.heading.number.rpartition(".")
        if o_head == head and abs(int(o_last) - int(last)) == 1 and abs(other.heading.start - start) < reach:
            return True
    return False


def _is_list_heading(candidate: _Candidate) -> bool:
    """«5. Bolig som en trygg base» heads a point of a talk; «3 Fylkesmannsundersøkelsen …» is a footnote."""
    return candidate.heading.kind != "list" and (candidate.printed.endswith(".") or "." in candidate.printed)


def _assign_levels(headings: list[Heading]) -> list[Heading]:
    """Chapters keep their depth; a talk sits under its chapter, other headings under the nearest of both."""
    result: list[Heading] = []
    chapter_level = talk_level = markdown_level = 0
    for h in headings:
        if h.kind == "chapter":
            chapter_level, talk_level = h.level, 0
            result.append(h)
        elif h.kind in ("markdown", "agenda"):
            markdown_level, talk_level = h.level, 0
            result.append(h)
        elif h.kind == "talk":
            talk_level = max(chapter_level, markdown_level) + 1
            result.append(_with_level(h, talk_level))
        else:
            result.append(_with_level(h, max(chapter_level, talk_level, markdown_level) + 1))
    return result


def _with_level(h: Heading, level: int) -> Heading:
    return Heading(h.start, level, h.title, h.number, h.kind, h.end)


def _numbered_candidates(lines: list[tuple[int, str]]) -> list[_Candidate]:
    """Numbered lines that stand apart: after a blank line or a finished sentence, title on ≤ 3 lines."""
    candidates: list[_Candidate] = []
    for i, (start, line) in enumerate(lines):
        stripped = line.strip()
        match = rules.NUMBERED.match(stripped) if len(stripped) <= MAX_HEADING else None
        if not match:
            continue
        previous = lines[i - 1][1].strip() if i else ""
        if previous and previous[-1] not in _SENTENCE_END:
            continue
        title_lines = rules.title_extent(lines, i)
        if title_lines is None:
            continue
        title = " ".join(lines[k][1].strip() for k in range(i, i + title_lines))
        end = lines[i + title_lines - 1][0] + len(lines[i + title_lines - 1][1].rstrip())
        match = rules.NUMBERED.match(title)
        if not match or rules.looks_like_reference(match.group(2)) or title[-1] in ",;-–":
            continue
        number = match.group(1)
        in_list = rules.in_numbered_list(lines, i, title_lines, number)
        heading = Heading(
            start, number.count(".") + 1, match.group(2).strip(), number, "list" if in_list else "heading", end
        )
        sentence = title[-1] == "." or ". " in match.group(2)
        candidates.append(_Candidate(heading, stripped.split()[0], not in_list and not sentence))
    return _mark_dense_runs(candidates, lines[-1][0] + len(lines[-1][1]) if lines else 0)


def _mark_dense_runs(candidates: list[_Candidate], length: int) -> list[_Candidate]:
    """Three or more single numbers counting up close together («1.», «2.», «3.» of a talk's theses)
    are a list, however well they stand alone: chapters are far apart."""
    gap = rules.chapter_gap(length)
    single = [i for i, c in enumerate(candidates) if "." not in c.heading.number]
    link: dict[int, int] = {}
    for a in single:
        number, start = int(candidates[a].heading.number), candidates[a].heading.start
        for b in single:
            other = candidates[b].heading
            if other.start > start and int(other.number) == number + 1 and other.start - start < gap:
                link[a] = b
                break
    dense: set[int] = set()
    linked_to = set(link.values())
    for a in single:
        if a in linked_to:
            continue
        run = [a]
        while run[-1] in link:
            run.append(link[run[-1]])
        if len(run) >= 3:
            dense.update(run)
    return [_Candidate(c.heading, c.printed, c.eligible and i not in dense) for i, c in enumerate(candidates)]


def _numbered_chain(candidates: list[_Candidate], length: int) -> list[Heading]:
    """The longest run of candidates whose numbers follow one another as chapters do (1, 1.1, 1.2, 2 …).

    Two chapters are far apart: a new top-level number needs a gap of ``rules.chapter_gap(length)``
    characters, so a list or the theses of one talk («1. … 10.») cannot outnumber the real chapters.
    """
    pool = [c.heading for c in candidates if c.eligible]
    parts = [[int(p) for p in c.number.split(".")] for c in pool]
    gap = rules.chapter_gap(length)
    best: list[int] = []
    back: list[int] = []
    for i, current in enumerate(parts):
        score, prev = (1 if _follows(current, []) else 0), -1
        for j in range(i):
            if not best[j] or best[j] + 1 <= score or not _follows(current, parts[j]):
                continue
            if current[0] != parts[j][0] and pool[i].start - _chapter_start(pool, parts, back, j) < gap:
                continue
            score, prev = best[j] + 1, j
        best.append(score)
        back.append(prev)
    chain: list[Heading] = []
    i = max(range(len(best)), key=best.__getitem__) if best and max(best) >= 2 else -1
    while i >= 0:
        h = pool[i]
        chain.append(Heading(h.start, h.level, h.title, h.number, "chapter", h.end))
        i = back[i]
    return chain[::-1]


def _chapter_start(pool: list[Heading], parts: list[list[int]], back: list[int], j: int) -> int:
    """Start of the chapter that candidate ``j`` belongs to (its top-level ancestor in the chain)."""
    top = parts[j][0]
    k = j
    while back[k] >= 0 and parts[back[k]][0] == top:
        k = back[k]
    return pool[k].start


def _follows(parts: list[int], prev: list[int]) -> bool:
    """Whether a heading numbered ``parts`` may come right after one numbered ``prev``."""
    if not prev:
        return all(p <= 2 for p in parts)
    if len(parts) > len(prev) and parts[: len(prev)] == prev:
        return all(p <= 2 for p in parts[len(prev) :])
    for depth in range(min(len(parts), len(prev))):
        if prev[depth] < parts[depth] <= prev[depth] + (1 if depth == 0 else 2):
            return all(p <= 2 for p in parts[depth + 1 :])
        if parts[depth] != prev[depth]:
            return False
    return False


def _other_headings(text: str, taken: set[int]) -> list[Heading]:
    """Unnumbered headings: markdown, agenda, talks, boxes, short title lines and headings run into the
    first lines of a paragraph, without list runs and chart titles."""
    blocks = [_located(text, start, end) for start, end in paragraph_spans(text)]  # linear on a megabyte of spaces
    blocks = [b for b in blocks if b]
    found: list[Heading] = []
    for i, lines in enumerate(blocks):
        following = [line for _, line in blocks[i + 1]] if i + 1 < len(blocks) else []
        if any(len(line) > MAX_HEADING for _, line in lines):  # a body paragraph: the heading patterns never see it
            tail = [item for item in lines[-3:] if len(item[1]) <= MAX_HEADING]
            talk = _talk(tail) if tail else None  # only a talk heading can end one
            headings = _lead(lines) or ([talk] if talk else [])
        elif lines[0][0] in taken or rules.NUMBERED.match(lines[0][1]):
            talk = _talk(lines[1:]) if len(lines) > 1 else None
            headings = [talk] if talk else []
        else:
            headings = _block_headings(lines, following)
        block_end = lines[-1][0] + len(lines[-1][1])
        previous = blocks[i - 1] if i else []
        found += [h for h in headings if h.kind != "heading" or not _goes_on(previous, following, h.end >= block_end)]
    found = _drop_runs(text, found)
    return [h for h in found if h.kind != "heading" or not rules.repeats_nearby(text, h.start, h.end, h.title)]


def _located(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The stripped non-blank lines of a paragraph with their offsets."""
    return [
        (start + m.start() + len(m.group()) - len(m.group().lstrip()), m.group().strip())
        for m in _LINE.finditer(text[start:end])
        if m.group().strip()
    ]


def _goes_on(previous: list[tuple[int, str]], following: list[str], whole: bool) -> bool:
    """A title line inside a sentence: the paragraph it makes up goes on in lower case after it, or the
    one before stops on a small word («HVA KAN NAV LOKALT GJØRE FOR AT» above «ARBEIDSLEDIGE …»)."""
    lower_next = whole and bool(following) and bool(re.match(r"[a-zæøå]+(?:[^\s.)]|\s+[a-zæøå])", following[0]))
    return lower_next or (len(previous) == 1 and len(previous[0][1]) <= 90 and rules.hangs(previous[0][1]))


def _block_headings(located: list[tuple[int, str]], following: list[str]) -> list[Heading]:
    heading = _block_heading(located, following)
    return [heading] if heading else _lead(located)


def _block_heading(located: list[tuple[int, str]], following: list[str]) -> Heading | None:
    """The heading a paragraph (its stripped lines with their offsets) makes, if any; ``following`` is
    the next paragraph's lines (a question heads the text under it, not a list of questions)."""
    lines = [line for _, line in located]
    offsets = [pos for pos, _ in located]
    start, joined = offsets[0], " ".join(lines)
    end = offsets[-1] + len(lines[-1])
    if box := rules.box_label(lines):
        last = 1 if len(lines) > 1 and box.endswith(lines[1].strip(" '’")) else 0
        return Heading(start, 0, box, "", "box", offsets[last] + len(lines[last]))
    if talk := _talk(located):
        return talk
    if len(lines) == 2 and rules.is_bare_name(lines[0]):
        if len(lines[1].split()) == 1 and rules.is_title_line(lines[1]):
            return Heading(offsets[1], 0, lines[1], "", "heading", end)
        return None  # a signature: name and role
    if len(lines) <= 3 and rules.is_question_title(joined) and rules.reads_as_body(lines, following):
        return None if following[-1].endswith("?") else Heading(start, 0, joined, "", "heading", end)
    if len(lines) in (2, 3) and rules.is_section_name(lines) and rules.reads_as_body(lines[-1:], following):
        return Heading(offsets[-1], 0, lines[-1], "", "heading", end)  # «FORORD» under a title
    if len(lines) > 2 or rules.is_participant(joined):
        return None
    if markdown := markdown_heading(joined):
        return Heading(start, markdown[0], markdown[1], "", "markdown", end)
    if match := _AGENDA.match(joined):
        return Heading(start, 1, match.group(2), match.group(1), "agenda", end)
    if rules.is_heading_title(joined):
        return Heading(start, 0, joined, "", "heading", end)
    return None


def _lead(located: list[tuple[int, str]]) -> list[Heading]:
    """Headings on the first line(s) of a paragraph, run straight into its text."""
    return [Heading(start, 0, title, "", "heading", end) for start, end, title in rules.lead_titles(located)]


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


def _talk(located: list[tuple[int, str]]) -> Heading | None:
    """A talk heading on the last (up to three) lines of a paragraph."""
    lines = [line for _, line in located]
    for k in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
        if lines[k][:1].islower() or lines[k][:1] in "-–":
            continue  # a talk's title starts a line of its own; this line continues one
        if talk := rules.talk_heading(" ".join(lines[k:])):
            return Heading(located[k][0], 0, talk, "", "talk", located[-1][0] + len(lines[-1]))
    return None


def _drop_runs(text: str, headings: list[Heading]) -> list[Heading]:
    """Three or more short lines in a row with no text between them are a list or chart labels."""
    if not headings:
        return headings
    groups: list[list[Heading]] = [[headings[0]]]
    for previous, current in zip(headings, headings[1:]):
        between = re.sub(r"\s+", "", text[previous.end : current.start])
        if len(between) < MIN_BODY and current.kind == previous.kind == "heading":
            groups[-1].append(current)
        else:
            groups.append([current])
    return [h for group in groups if len(group) < 3 for h in group]


def sections_from_headings(text: str, headings: list[Heading]) -> list[Section]:
    """Consecutive sections covering the text; each has the path of headings above it.

    A box's section stops where the box ends; the text after it is the enclosing section again.
    """
    sections: list[Section] = []
    stack: list[Heading] = []
    boundaries = _box_ends(text, headings)
    if not headings or headings[0].start > 0:
        end = headings[0].start if headings else len(text)
        sections.append(Section(0, end, ()))
    for i, heading in enumerate(headings):
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        box_end = boundaries.get(heading.start)
        if box_end is not None and box_end < end:
            sections.append(_section(heading.start, box_end, stack))
            stack.pop()
            sections.append(_section(box_end, end, stack))
        else:
            sections.append(_section(heading.start, end, stack))
    return [s for s in sections if s.end > s.start]


def _section(start: int, end: int, stack: list[Heading]) -> Section:
    number = next((h.number for h in reversed(stack) if h.number), "")
    return Section(start, end, tuple(h.label for h in stack), number)


def _box_ends(text: str, headings: list[Heading]) -> dict[int, int]:
    ends: dict[int, int] = {}
    for i, heading in enumerate(headings):
        if heading.kind != "box":
            continue
        limit = headings[i + 1].start if i + 1 < len(headings) else len(text)
        ends[heading.start] = rules.box_end(text, heading.end, limit)
    return ends


def find_sections(text: str) -> list[Section]:
    return sections_from_headings(text, find_headings(text))
