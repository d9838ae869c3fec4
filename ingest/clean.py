"""Cleaning a loaded document while keeping the way back to the raw file.

Order matters: furniture first (so a running head between two halves of a sentence disappears), then
sentences cut by blank lines are rejoined, then line-break hyphenation is joined, then OCR repair.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ingest.debris import find_debris_lines, find_glued_markers
from ingest.footnotes import relocate_footnotes
from ingest.furniture import find_broken_paragraphs, find_furniture
from ingest.glued import find_glued_words
from ingest.hyphenation import find_hyphenation_joins
from ingest.lexicon import Lexicon
from ingest.mapped_text import Edit, MappedText
from ingest.ocr_repair import find_ocr_repairs
from ingest.realword import build_context_model, find_realword_repairs
from ingest.records import DocumentMeta, LoadedDocument
from ingest.structure import find_headings

# brackets and parentheses are excluded inside, so a line of «[[[[» costs one step per character
_MARKUP = re.compile(r"\[([^\[\]\n]{1,300})\]\((?:#|[^()\[\]\s]{0,300})\)|\*\*|__")


@dataclass(frozen=True, slots=True)
class CleanedDocument:
    meta: DocumentMeta
    raw_text: str
    text: MappedText
    page_anchors: tuple[tuple[int, int], ...]  # (raw offset, page number)
    exact_pages: bool  # anchors are page starts (PDF), not sparse running heads
    furniture_lines: int
    repaired_words: int

    def page_at(self, raw_offset: int) -> int | None:
        return page_at(self.page_anchors, raw_offset, self.exact_pages)


def strip_markup(text: str) -> list[Edit]:
    """Markdown link stubs and emphasis: «[rapport](#)» → «rapport»."""
    edits: list[Edit] = []
    for match in _MARKUP.finditer(text):
        if match.group(1) is None:
            edits.append(Edit(match.start(), match.end(), ""))
        else:
            edits.append(Edit(match.start(), match.start(1), ""))
            edits.append(Edit(match.end(1), match.end(), ""))
    return edits


def clean_document(
    loaded: LoadedDocument, meta: DocumentMeta, lexicon: Lexicon, repair_ocr: bool = True
) -> CleanedDocument:
    text = MappedText.identity(loaded.raw_text)
    furniture = find_furniture(text.text)
    text = text.apply(furniture.edits)
    text = text.apply(strip_markup(text.text))
    text = text.apply(find_debris_lines(text.text))
    text = relocate_footnotes(text, lexicon)
    text = text.apply(find_broken_paragraphs(text.text))
    text = text.apply(find_hyphenation_joins(text.text, lexicon))
    repaired = 0
    if meta.ocr and repair_ocr:
        edits = find_ocr_repairs(text.text, lexicon)
        text = text.apply(edits)
        glued = find_glued_words(text.text, lexicon)
        text = text.apply(glued)
        realword = find_realword_repairs(text.text, lexicon, build_context_model(text.text, lexicon))
        text = text.apply(realword)
        repaired = len(edits) + len(glued) + len(realword)
    text = text.apply(find_glued_markers(text.text, lexicon))
    text = text.apply(heading_breaks(text.text))
    exact = bool(loaded.page_starts)
    anchors = tuple(loaded.page_starts) if exact else tuple(furniture.pages)
    return CleanedDocument(meta, loaded.raw_text, text, anchors, exact, len(furniture.edits), repaired)


def heading_breaks(text: str) -> list[Edit]:
    """A blank line after every heading that runs straight into its first sentence, so no sentence
    split later glues «5. Bolig som en trygg base … Mange langtidsmottakere …» into one."""
    edits: list[Edit] = []
    for heading in find_headings(text):
        end = heading.end
        while end < len(text) and text[end] in " \t":
            end += 1
        if heading.end and text[end : end + 1] == "\n" and text[end + 1 : end + 2].strip():
            edits.append(Edit(end, end, "\n"))
    return edits


def page_at(anchors: tuple[tuple[int, int], ...], raw_offset: int, exact: bool) -> int | None:
    """Page of a raw offset: exact from PDF page starts, else estimated from the running heads.

    Between two heads the page is interpolated; before the first and after the last it is extrapolated
    at the document's own characters per page, so front matter, boxes and closing chapters get a page too.
    """
    if not anchors:
        return None
    positions = [a[0] for a in anchors]
    i = bisect_right(positions, raw_offset) - 1
    if exact:
        return anchors[i][1] if i >= 0 else anchors[0][1]
    if len(anchors) < 2:
        return anchors[0][1] if i >= 0 else None
    span = _chars_per_page(anchors)
    if i < 0:
        first_pos, first_page = anchors[0]
        return max(1, first_page - int((first_pos - raw_offset) / span + 0.999))
    if i + 1 >= len(anchors):
        last_pos, last_page = anchors[-1]
        return last_page + int((raw_offset - last_pos) / span)
    (a_pos, a_page), (b_pos, b_page) = anchors[i], anchors[i + 1]
    if b_page <= a_page:
        return a_page
    return a_page + int((raw_offset - a_pos) * (b_page - a_page) / max(b_pos - a_pos, 1))


def _chars_per_page(anchors: tuple[tuple[int, int], ...]) -> float:
    (first_pos, first_page), (last_pos, last_page) = anchors[0], anchors[-1]
    return max((last_pos - first_pos) / max(last_page - first_page, 1), 1.0)
