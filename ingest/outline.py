"""A document's outline: the section tree its citation labels are taken from.

``document_outline`` lists every heading with its level, the label chunks of that section carry
(``section_path``), its chapter number and page; ``format_outline`` indents it for the terminal
(``assistant sources --outline DOC``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ingest.clean import CleanedDocument
from ingest.structure import find_headings, sections_from_headings


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    level: int
    title: str  # the heading as printed («2.2.3 Barrierer mot arbeid», «Boks 3.1 Agderprosjektet»)
    kind: str  # chapter | talk | box | list | heading | markdown | agenda
    number: str  # chapter number when the heading is one, else ""
    section_path: str  # the label a chunk of this section carries, headings joined by " > "
    start: int  # offset in the cleaned text
    page: int | None


def document_outline(doc: CleanedDocument) -> list[OutlineEntry]:
    """The outline of a document just cleaned, with pages from its page anchors."""
    return outline_of_text(doc.text.text, lambda pos: doc.page_at(doc.text.raw_span(pos, pos + 1)[0]))


def outline_of_text(text: str, page_of: Callable[[int], int | None] = lambda _: None) -> list[OutlineEntry]:
    """The outline of a cleaned text (as the index stores it); ``page_of`` maps a cleaned offset to a page."""
    headings = find_headings(text)
    sections = {s.start: s for s in sections_from_headings(text, headings)}
    entries: list[OutlineEntry] = []
    for h in headings:
        section = sections.get(h.start)
        path = " > ".join(section.path) if section else h.label
        number = h.number if h.kind == "chapter" else ""
        entries.append(
            OutlineEntry(h.level, h.label, h.kind, number, path, h.start, page_of(h.start) if text else None)
        )
    return entries


def pages_from_chunks(chunks: list) -> Callable[[int], int | None]:
    """Cleaned offset → page of the chunk that covers it, else of the next chunk (a heading with no chunk of
    its own is printed on the page its text starts on); chunks carry ``clean_start``/``clean_end``/``page``."""
    spans = sorted((c.clean_start, c.clean_end, c.page) for c in chunks)

    def page_of(position: int) -> int | None:
        covering = next((page for start, end, page in spans if start <= position < end), None)
        if covering is not None:
            return covering
        return next((page for start, _, page in spans if start >= position), spans[-1][2] if spans else None)

    return page_of


def chapter_numbers(entries: list[OutlineEntry]) -> list[str]:
    """The document's chapter numbers, in order («1», «1.1», «2» …)."""
    return [e.number for e in entries if e.number]


def format_outline(entries: list[OutlineEntry]) -> str:
    """One line per heading, indented by level, with its page when known."""
    lines = []
    for e in entries:
        page = f"  (s. {e.page})" if e.page is not None else ""
        marker = {"talk": "[innlegg] ", "box": "[boks] "}.get(e.kind, "")
        lines.append(f"{'  ' * max(e.level - 1, 0)}{marker}{e.title}{page}")
    return "\n".join(lines)


def find_document(wanted: str, entries: list[dict]) -> str | None:
    """The document a user names: its file name, or (case-insensitive) its file name without suffix,
    short title or title, or the one document whose name or titles start with what was typed."""
    key = wanted.strip().lower()
    if not key:
        return None

    def names(entry: dict) -> list[str]:
        meta = entry.get("meta") or {}
        document = str(entry.get("document", ""))
        return [
            n.lower()
            for n in (document, document.split(".")[0], meta.get("short_title", ""), meta.get("title", ""))
            if n
        ]

    exact = [e["document"] for e in entries if key in names(e)]
    if exact:
        return exact[0]
    prefixed = [e["document"] for e in entries if any(n.startswith(key) for n in names(e))]
    return prefixed[0] if len(prefixed) == 1 else None
