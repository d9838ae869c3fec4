"""Line-level tests used by ``ingest.structure``: what a heading, a talk, a box or a signature looks like.

Pure functions over stripped lines, so each rule can be tested (and measured) on its own.
"""

from __future__ import annotations

import re

NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+([A-ZÆØÅ«\"].{1,160})$")
_DOTTED_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})[.)]?\s+\S")
_BOX = re.compile(r"^(?:Boks|Faktaboks)\s+\d{1,2}\.\d{1,2}\b")
_NAME_WORD = r"[A-ZÆØÅ][a-zæøåäöüéð]+(?:-\s?[A-ZÆØÅ][a-zæøåäöüéð]+)?"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}"
_TALK = re.compile(rf"^(?P<title>.{{8,300}}?)\s+[–-]\s+(?P<name>{_NAME})\d{{0,2}}$")
_BARE_NAME = re.compile(rf"^{_NAME}$")
_MONTHS = "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember"
_DATE = re.compile(rf"\b(?:{_MONTHS})\s+(?:19|20)\d\d\b|\b\d{{1,2}}\.\d{{1,2}}\.(?:19|20)?\d\d\b", re.IGNORECASE)
_CAPTION = re.compile(
    r"^(?:Figur|Fig\.|Tabell|Kilde|Kilder|Foto|Illustrasjon|Note|Merknad|Diagram|Graf|Vedlegg)\b", re.IGNORECASE
)
_GREETING = re.compile(r"^(?:Kjære|Hei|Med vennlig hilsen|Vennlig hilsen|Mvh)\b", re.IGNORECASE)
_UPPER_START = re.compile(r"^[«\"(]?[A-ZÆØÅ]")
_SMALL_WORDS = (
    "og|eller|i|for|av|med|til|på|om|mellom|fra|mot|ved|under|over|en|et|som|at|å|samt|når|enn|der|ifølge|"
    "blant|hos|gjennom|innen|etter|mens|kan|skal|vil|må|er|har|blir|ble"
)
_HANGING = re.compile(rf"(?:\b(?:{_SMALL_WORDS})|-)$")
_HANGING_ANY_CASE = re.compile(rf"(?:\b(?:{_SMALL_WORDS})|-)$", re.IGNORECASE)
_DASH_PARTS = re.compile(r"\s[-–]\s")
_LIST_START = re.compile(r"^(?:\d{1,2}[.)]|[-–—•·*])\s")
FIGURE_REACH = 1500  # characters: a chart's title printed twice this close (above it and below it)
BODY_RATIO = 1.25  # a body line is this much longer than the heading line above it
BOX_MAX = 3000  # characters: a box longer than about a column is taken to have ended unseen


def title_extent(lines: list[tuple[int, str]], i: int, max_lines: int = 3) -> int | None:
    """How many lines, from line ``i``, a heading's title takes; None when it runs on like body text.

    The title ends at a blank line, or where the next line starts a new sentence (a capital letter)
    after a line that ends a title; a lower-case next line continues it.
    """
    for k in range(i, min(i + max_lines, len(lines))):
        current = lines[k][1].strip()
        following = lines[k + 1][1].strip() if k + 1 < len(lines) else ""
        if len(current) > 120:
            return None
        hanging = bool(following) and bool(_HANGING.search(current)) and k + 1 < i + max_lines
        if not hanging and (not following or _UPPER_START.match(following) or _DOTTED_NUMBER.match(following)):
            total = sum(len(lines[j][1].strip()) for j in range(i, k + 1))
            return k - i + 1 if total <= 180 else None
    return None


def looks_like_reference(title: str) -> bool:
    """Footnotes and literature entries also start with a number; headings don't read like them."""
    return bool(
        re.search(r"\((?:19|20)\d\d\)|&|§|https?:|\b[A-ZÆØÅ]\.\s?[A-ZÆØÅ]?\.?,|\. [A-ZÆØÅ]", title)
        or title.count(",") >= 2
        or len(title.split()) > 20
    )


def in_numbered_list(lines: list[tuple[int, str]], i: int, span: int, number: str) -> bool:
    """A numbered line next to its neighbour in the count («1. …» right before «2. …») is a list item."""
    parts = number.split(".")
    neighbours = [_nearest(lines, i, -1), _nearest(lines, i + span - 1, 1)]
    for line in neighbours:
        match = _DOTTED_NUMBER.match(line) if line else None
        if not match or looks_like_reference(line[match.end() - 1 :]):
            continue
        other = match.group(1).split(".")
        if len(other) == len(parts) and other[:-1] == parts[:-1] and abs(int(other[-1]) - int(parts[-1])) == 1:
            return True
    return False


def _nearest(lines: list[tuple[int, str]], i: int, step: int, reach: int = 3) -> str:
    k = i + step
    while 0 <= k < len(lines) and abs(k - i) <= reach:
        if lines[k][1].strip():
            return lines[k][1].strip()
        k += step
    return ""


def chapter_gap(length: int) -> int:
    """Least distance between two chapter headings: 3 % of the document, and 1,200 characters
    (or 15 % of a short one)."""
    return int(max(0.03 * length, min(1200, 0.15 * length)))


def box_label(lines: list[str]) -> str:
    """«Boks 3.1 Agderprosjektet» (title wrapped over at most two lines), else ''."""
    if not lines or not _BOX.match(lines[0]):
        return ""
    title = lines[0]
    if len(lines) > 1 and _HANGING.search(title) and len(lines[1]) < 60:
        title = f"{title} {lines[1]}"
    return re.sub(r"\s+", " ", title).strip(" '’")


def box_end(text: str, start: int, limit: int) -> int:
    """Where a box that starts at ``start`` ends: before a paragraph that continues the main text in
    lower case, after the box's own footnotes, or after about a column of text."""
    seen_notes = False
    for match in re.finditer(r"(?:[^\n]*\S[^\n]*\n?)+", text[start:limit]):
        paragraph = match.group().strip()
        offset = start + match.start() + (len(match.group()) - len(match.group().lstrip()))
        is_note = bool(re.match(r"\d{1,2}\s+[A-ZÆØÅ]", paragraph))
        if seen_notes and not is_note:
            return offset
        if paragraph[:1].islower() and offset > start + 1:
            return offset
        if offset - start > BOX_MAX:
            return offset
        seen_notes = seen_notes or is_note
    return limit


def talk_heading(joined: str) -> str:
    """A talk's heading in a seminar report: «Tittel – Fornavn Etternavn» (footnote digit dropped)."""
    text = re.sub(r"\s+", " ", joined).strip()
    match = _TALK.match(text)
    title = match.group("title") if match else ""
    if not match or title.rstrip().endswith((".", ",")) or len(text) > 320:
        return ""
    name = re.sub(r"-\s+", "-", match.group("name"))
    return f"{match.group('title').strip()} – {name}"


def is_participant(line: str) -> bool:
    """«Knut Røed (seniorforsker, Frischsenteret)»: an entry of a list of participants."""
    return bool(re.match(rf"^{_NAME}\s*\(.+\)$", line.strip()))


def is_bare_name(line: str) -> bool:
    """«Lasse Hansen»: two to four capitalised words and nothing else (a signature or a speaker)."""
    return bool(_BARE_NAME.match(line.strip()))


def is_title_line(line: str) -> bool:
    """A short, unpunctuated line that reads like a heading, not a caption, dateline or greeting."""
    words = line.split()
    return bool(
        4 <= len(line) <= 90
        and 1 <= len(words) <= 8
        and ":" not in line
        and ". " not in line
        and line[0].isupper()
        and line[-1] not in ".,;:-–!"
        and not re.search(r"[.!,;]\W{0,2}\d{1,3}$", line)
        and sum(c.isalpha() for c in line) >= 0.7 * len(line.replace(" ", ""))
        and not line.startswith("- ")
        and not _CAPTION.match(line)
        and not _GREETING.match(line)
        and not _DATE.search(line)
    )


def hangs(line: str) -> bool:
    """«… følgende tiltak for», «HVA KAN NAV GJØRE FOR AT»: the line stops on a small word, its sentence goes on."""
    return bool(_HANGING_ANY_CASE.search(line.strip()))


def is_heading_title(line: str) -> bool:
    """A title line (:func:`is_title_line`) that does not stop on a small word; a case heading made of
    parts joined by spaced dashes («Drøfting - Debattheftet 2021 KS Spør - Omstilling i koronaens tid»)
    may be longer, as long as each part is as short as a title."""
    if hangs(line):
        return False
    if is_title_line(line):
        return True
    parts = _DASH_PARTS.split(line)
    parts = [part.strip() for part in parts]
    return (
        2 <= len(parts) <= 3
        and len(line) <= 120
        and all(part and is_title_line(part[0].upper() + part[1:]) for part in parts)
    )


def is_question_title(line: str) -> bool:
    """«Hvilke grep må skje i rammebetingelsene for at flere skal komme i arbeid?»: one question, short."""
    words = line.split()
    return bool(
        line.endswith("?")
        and 2 <= len(words) <= 14
        and len(line) <= 120
        and _UPPER_START.match(line)
        and line.count("?") == 1
        and not re.search(r"[.:;!]\s", line)
        and not _CAPTION.match(line)
        and not _GREETING.match(line)
    )


def is_section_name(lines: list[str]) -> bool:
    """«Debatthefte 2021 – KS spør / Omstilling i koronaens tid / FORORD»: title lines ending in one set in
    capitals, the name of the section that starts under them."""
    last = lines[-1]
    return (
        last.isupper()
        and sum(c.isalpha() for c in last) >= 4
        and not all(line.isupper() for line in lines)
        and all(is_heading_title(line) for line in lines)
    )


def reads_as_body(title: list[str], body: list[str]) -> bool:
    """Text under a heading: it starts a sentence or a list (no caption, no bracket going on from the
    title), holds a sentence, and its lines are clearly longer than the heading's, so neither a table's
    header row nor a list of items passes for a heading over them."""
    if not body or not (_UPPER_START.match(body[0]) or _LIST_START.match(body[0])) or body[0][0] in "(":
        return False
    if _CAPTION.match(body[0]) or len(" ".join(body).split()) < 10:
        return False
    if len(body) > 2 and not _LIST_START.match(body[0]) and not re.search(r"[.!?:](?:\s|$)", " ".join(body)):
        return False  # rows of a table
    return max(len(line) for line in body) >= BODY_RATIO * max(len(line) for line in title)


def lead_titles(located: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """Headings run into the text of a paragraph on its first lines («Tidlig og helhetlig innsats» over
    «Lokal kunnskap, i kombinasjon …»; a title and a heading under it, one line each): (start, end, title)."""
    found: list[tuple[int, int, str]] = []
    lines = [line for _, line in located]
    pos = 0
    while count := _lead_extent(lines[pos:]):
        title = " ".join(lines[pos : pos + count])
        last = located[pos + count - 1]
        found.append((located[pos][0], last[0] + len(last[1]), title))
        pos += count
    return found


def _lead_extent(lines: list[str]) -> int:
    listed = len(lines) > 1 and bool(_LIST_START.match(lines[1]))  # «Hva kan KS gjøre?» over «• KS kan …»
    extent = 1 if listed else title_extent(list(enumerate(lines)), 0, max_lines=2)
    if extent is None or extent >= len(lines):
        return 0
    title, following = " ".join(lines[:extent]), lines[extent]
    if not (is_heading_title(title) or is_question_title(title)) or "\t" in title:
        return 0
    if title.count("(") != title.count(")") or title.count("«") != title.count("»"):
        return 0
    if len(title.split()) > 1 and all(re.fullmatch(r"[A-ZÆØÅ][a-zæøå]+", word) for word in title.split()):
        return 0  # a table's header row («Saksnr Sakstittel Lukket»), a signature
    last, first = title.split()[-1], following.split()[0]
    if re.match(r"[A-ZÆØÅ][a-zæøå]", last) and re.match(r"[A-ZÆØÅ][a-zæøå]", first) and len(title.split()) > 1:
        return 0  # a name run over the line break («… ved Oslo / Voksenopplæring jobber …»)
    return extent if reads_as_body(lines[:extent], lines[extent:]) else 0


def repeats_nearby(text: str, start: int, end: int, title: str, reach: int = FIGURE_REACH) -> bool:
    """The same title line again within ``reach`` characters: a chart's title, printed above the chart
    and again under it (or as its alternative text), not a heading."""
    pattern = re.compile(rf"^[^\S\n]*({re.escape(title)})[^\S\n]*$", re.MULTILINE)
    low = max(0, start - reach)
    return any(not start <= low + m.start(1) < end for m in pattern.finditer(text[low : end + reach]))


def is_dateline(line: str) -> bool:
    """«Oslo, desember 2020», «Arbeidsforskningsinstituttet, mai 2013»."""
    return bool(_DATE.search(line)) and len(line.split()) <= 12
