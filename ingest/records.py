"""Typed records passed between ingestion stages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


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
        return int(self.date[:4]) if self.date[:4].isdigit() else None


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
    title: str = ""  # the file's own title (PDF metadata), when it has one


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
    def context_header(self) -> str:
        return f"{self.short_title} — {self.section_path}" if self.section_path else self.short_title

    @property
    def embedding_text(self) -> str:
        return f"{self.context_header}\n{self.text}"

    def to_dict(self) -> dict:
        return asdict(self)
