"""Section-aware, sentence-respecting chunks with raw-file spans."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.clean import CleanedDocument
from ingest.records import Chunk
from ingest.structure import Section, find_sections

_SEPARATORS = ["\n\n", ". ", "? ", "! ", "; ", "\n", ", ", " ", ""]
_MIN_BODY = 40
MAX_TOKEN = 64  # a chunk with no token this short holds no words (a megabyte line of one «word»)


class _Splitter(RecursiveCharacterTextSplitter):
    """LangChain's splitter, but a stretch with no separator left is cut by slicing: the library splits it
    into single characters and merges them again, seconds per megabyte."""

    def _split_text(self, text: str, separators: list[str]) -> list[str]:
        if any(s and s in text for s in separators):
            return super()._split_text(text, separators)
        size, step = self._chunk_size, max(self._chunk_size - self._chunk_overlap, 1)
        return [text[i : i + size] for i in range(0, max(len(text) - self._chunk_overlap, 1), step)]


def has_words(content: str) -> bool:
    """Enough word characters, and at least one token short enough to be a word."""
    return len(re.sub(r"\W", "", content)) >= 20 and any(len(t) <= MAX_TOKEN for t in content.split())


def _body_length(text: str, section: Section) -> int:
    """Characters of a section after its heading line."""
    body = text[section.start : section.end].strip()
    first_break = body.find("\n")
    return len(re.sub(r"\s+", "", body[first_break:])) if first_break >= 0 else 0


def merge_small_sections(text: str, sections: list[Section], minimum: int = _MIN_BODY) -> list[Section]:
    """A heading with (almost) no text of its own is read together with the section that follows it."""
    merged: list[Section] = []
    pending: Section | None = None
    for section in sections:
        if pending is not None:
            section = Section(pending.start, section.end, section.path, section.number)
            pending = None
        if _body_length(text, section) < minimum:
            pending = section
            continue
        merged.append(section)
    if pending is not None:
        if merged:
            last = merged.pop()
            merged.append(Section(last.start, pending.end, last.path, last.number))
        else:
            merged.append(pending)
    return merged


def section_label(section: Section) -> str:
    return " > ".join(section.path)


def chunk_document(doc: CleanedDocument, chunk_size: int = 1000, chunk_overlap: int = 150) -> list[Chunk]:
    splitter = _Splitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        separators=_SEPARATORS,
        keep_separator="end",
        add_start_index=True,
    )
    text = doc.text.text
    chunks: list[Chunk] = []
    sections = merge_small_sections(text, find_sections(text))
    if doc.exact_pages:
        sections = split_at_pages(sections, page_breaks(doc))
    for section in sections:
        body = text[section.start : section.end]
        if not body.strip():
            continue
        previous_start: int | None = None
        for offset, piece in _pieces(splitter, body, chunk_size):
            local = offset + piece.metadata["start_index"]
            if previous_start is not None and previous_start >= offset:
                local = overlap_start(body, previous_start, local, chunk_overlap)
            previous_start = local
            content = body[local : offset + piece.metadata["start_index"] + len(piece.page_content)]
            if not has_words(content):
                continue
            start = section.start + local
            end = start + len(content)
            raw_start, raw_end = doc.text.raw_span(start, end)
            chunks.append(
                Chunk(
                    chunk_id=_chunk_id(doc.meta.document, raw_start, raw_end, content),
                    document=doc.meta.document,
                    text=content,
                    start_char=raw_start,
                    end_char=raw_end,
                    clean_start=start,
                    clean_end=end,
                    section=section.path[-1] if section.path else "",
                    section_path=section_label(section),
                    section_number=section.number,
                    page=doc.page_at(raw_start),
                    title=doc.meta.title,
                    short_title=doc.meta.short_title,
                    kind=doc.meta.kind,
                    date=doc.meta.date,
                    ocr_repaired=doc.meta.ocr,
                )
            )
    return chunks


def page_breaks(doc: CleanedDocument) -> list[int]:
    """Offsets in the cleaned text where a new page of the file starts."""
    offsets = doc.text.offsets
    return sorted({bisect_left(offsets, raw) for raw, _ in doc.page_anchors if raw > 0} - {0, len(offsets)})


def split_at_pages(sections: list[Section], breaks: list[int]) -> list[Section]:
    """Sections cut where pages start, so every chunk lies on one page and cites it (pure)."""
    out: list[Section] = []
    for section in sections:
        start = section.start
        for cut in breaks:
            if section.start < cut < section.end:
                out.append(Section(start, cut, section.path, section.number))
                start = cut
        out.append(Section(start, section.end, section.path, section.number))
    return out


def _pieces(splitter: _Splitter, body: str, chunk_size: int):
    """The splitter's pieces of each stretch between whitespace runs longer than a chunk (a megabyte of
    spaces is no text, and the splitter would spend seconds merging it space by space)."""
    start = 0
    for gap in re.finditer(r"\s+", body):
        if gap.end() - gap.start() > chunk_size:
            if body[start : gap.start()].strip():
                yield from ((start, p) for p in splitter.create_documents([body[start : gap.start()]]))
            start = gap.end()
    if body[start:].strip():
        yield from ((start, p) for p in splitter.create_documents([body[start:]]))


def overlap_start(text: str, previous_start: int, start: int, overlap: int) -> int:
    """Move a chunk's start back over the last sentence(s) of its predecessor, at most ``overlap`` characters.

    The splitter keeps whole paragraphs and sentences, so without this neighbouring chunks rarely overlap
    and a passage that straddles the boundary is found in neither.
    """
    window_start = max(previous_start + 1, start - overlap)
    window = text[window_start:start]
    match = re.search(r"(?<=[.!?:])\s+(?=\S)", window)
    return window_start + match.end() if match else start


def _chunk_id(document: str, start: int, end: int, text: str) -> str:
    digest = hashlib.sha1(f"{document}\0{start}\0{end}\0{text}".encode()).hexdigest()
    return digest[:20]
