"""A document's outline: the section tree its citation labels are taken from.

``document_outline`` lists every heading with its level, the label chunks of that section carry
(``section_path``), its chapter number and page; ``format_outline`` indents it for the terminal
(``assistant sources --outline DOC``).
"""

from __future__ import annotations

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
    text = doc.text.text
    headings = find_headings(text)
    sections = {s.start: s for s in sections_from_headings(text, headings)}
    entries: list[OutlineEntry] = []
    for h in headings:
        section = sections.get(h.start)
        path = " > ".join(section.path) if section else h.label
        page = doc.page_at(doc.text.raw_span(h.start, h.start + 1)[0]) if text else None
        entries.append(OutlineEntry(h.level, h.label, h.kind, h.number if h.kind == "chapter" else "", path, h.start, page))
    return entries


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
