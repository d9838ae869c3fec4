"""Typed records passed between ingestion stages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field


def year_of(date: str) -> int | None:
    """The year of a «2021-06-04», «2013-05» or «2013» date; None when it has none."""
    return int(date[:4]) if date[:4].isdigit() else None


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    document: str  # file name inside corpus/
    title: str
    short_title: str
    kind: str = "dokument"
    publisher: str = ""
    date: str = ""
    language: str = "nb"
    ocr: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def year(self) -> int | None:
        return year_of(self.date)


@dataclass(frozen=True, slots=True)
class PageText:
    """Text of one page (or the whole file when pages are unknown) and its raw offset."""

    text: str
    page: int | None = None


@dataclass(slots=True)
class LoadedDocument:
    document: str
    raw_text: str  # the text every offset refers to
    page_starts: list[tuple[int, int]] = field(default_factory=list)  # (raw offset, page number)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Chunk:
    chunk_id: str
    document: str
    text: str  # cleaned and repaired text, as shown and quoted
    start_char: int  # raw-file span the text comes from
    end_char: int
    clean_start: int  # span in the document's cleaned text
    clean_end: int
    section: str  # the nearest heading
    section_path: str  # headings from the chapter down, joined by " > "
    section_number: str  # «2.2.3» when the section is numbered
    page: int | None
    title: str
    short_title: str
    kind: str
    date: str
    ocr_repaired: bool

    @property
    def year(self) -> int | None:
        return year_of(self.date)

    @property
    def context_header(self) -> str:
        return f"{self.short_title} — {self.section_path}" if self.section_path else self.short_title

    @property
    def embedding_text(self) -> str:
        return f"{self.context_header}\n{self.text}"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class IndexedDocument(DocumentMeta):
    """A document as the index manifest lists it: its metadata, the duplicates merged into it (``aliases``)
    and its number of chunks; ``year`` comes from the date by :func:`year_of`."""

    chunks: int = 0

    @classmethod
    def from_manifest(cls, name: str, entry: Mapping) -> IndexedDocument:
        return cls(
            document=name,
            title=str(entry.get("title") or ""),
            short_title=str(entry.get("short_title") or ""),
            kind=str(entry.get("kind") or "dokument"),
            publisher=str(entry.get("publisher") or ""),
            date=str(entry.get("date") or ""),
            language=str(entry.get("language") or "nb"),
            ocr=bool(entry.get("ocr", False)),
            aliases=tuple(entry.get("aliases") or ()),
            chunks=int(entry.get("chunks") or 0),
        )

    def to_manifest(self) -> dict:
        """The manifest's fields, as the API lists them."""
        return {k: list(v) if k == "aliases" else v for k, v in asdict(self).items()}
