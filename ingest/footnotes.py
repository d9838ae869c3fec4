"""Footnotes printed between the two halves of a sentence are moved behind the paragraph they cut.

A footnote block starts with a superscript number, or with its number and a capital letter («52 Arbeids- og velferdsdirektoratet
(2020) …») — or a lower-case word when it cuts a hyphenated word in two («sysselsettings- | 14 personer som … |
nedgangen») — and ends a sentence; it counts as cutting the running text when the paragraph before it ends
mid-sentence and the paragraph after it starts in lower case. The footnote is kept, with its own raw
offsets, right after that continuation paragraph.
"""

from __future__ import annotations

import re

from ingest.lexicon import MIN_KNOWN_ZIPF, Lexicon
from ingest.mapped_text import MappedText
from ingest.paragraphs import paragraph_spans

_FOOTNOTE = re.compile(r"\s*(\d{1,3}\s+[A-ZÆØÅ«(]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S)")
# a footnote whose capital the OCR lost («14 personer som oppgir …»): only where it splits a hyphenated word
_LOWER_FOOTNOTE = re.compile(r"\s*\d{1,3}\s+[a-zæøå]")
_SENTENCE_END = '.!?:»)"'
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_WORD_WINDOW = 80


def relocate_footnotes(text: MappedText, lexicon: Lexicon | None = None) -> MappedText:
    paragraphs = _split_continuations(text.text, paragraph_spans(text.text))
    pieces: list[tuple[int, int] | str] = []
    cursor = 0
    i = 1
    while i < len(paragraphs) - 1:
        before = text.text[paragraphs[i - 1][0] : paragraphs[i - 1][1]].rstrip()
        j = i
        split_word = before.endswith("-") and lexicon is not None
        while j < len(paragraphs) - 1 and _is_footnote(text.text[paragraphs[j][0] : paragraphs[j][1]], split_word):
            j += 1
        if j == i or not before or before[-1] in _SENTENCE_END or _is_footnote(before):
            i += 1
            continue
        after_start, after_end = paragraphs[j]
        after = text.text[after_start:after_end]
        first_note = text.text[paragraphs[i][0] : paragraphs[i][1]].lstrip()
        last_note = text.text[paragraphs[j - 1][0] : paragraphs[j - 1][1]].rstrip()
        closed = (
            first_note[:1] in _SUPERSCRIPTS
            or last_note[-1:] in _SENTENCE_END
            or (not last_note.endswith("-") and _attested_join(before, after, lexicon))
        )
        if not (after[:1].islower() and closed and _continues(before, after, lexicon)):
            i = j + 1
            continue
        note_start = paragraphs[i][0]
        lower = _LOWER_FOOTNOTE.match(text.text, note_start)
        if lower:  # «14 personer som oppgir …»: the number is the lost superscript, not a count; it goes
            note_start = lower.end() - 1
        pieces += [
            (cursor, paragraphs[i - 1][1]),
            (after_start, after_end),
            "\n",
            (note_start, paragraphs[j - 1][1]),
            "\n",  # the footnote a paragraph of its own, not run into the text after it
        ]
        cursor = after_end
        i = j + 1
    if not pieces:
        return text
    pieces.append((cursor, len(text.text)))
    return text.reorder(pieces)


# the running text picked up right under a footnote, with no blank line between: «… jobb.\n nedgangen var …»
_CONTINUATION = re.compile(r"[.!?]\n (?=[a-zæøå])")


def _split_continuations(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A footnote block and the running text after it printed as one paragraph: two paragraphs."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        paragraph = text[start:end]
        match = (
            _CONTINUATION.search(paragraph) if _LOWER_FOOTNOTE.match(paragraph) or _FOOTNOTE.match(paragraph) else None
        )
        if match:
            out += [(start, start + match.start() + 1), (start + match.end(), end)]
        else:
            out.append((start, end))
    return out


def _is_footnote(paragraph: str, split_word: bool = False) -> bool:
    """``split_word``: the block cuts a hyphenated word that the lexicon knows joined, so a number before a
    lower-case word is a footnote too (the joined word is checked in :func:`_continues`)."""
    pattern = bool(_FOOTNOTE.match(paragraph)) or (split_word and bool(_LOWER_FOOTNOTE.match(paragraph)))
    return pattern and len(paragraph) < 700


def _attested_join(before: str, after: str, lexicon: Lexicon | None) -> bool:
    """«Lav helsekompetanse er for-» … footnotes … «bundet med»: a footnote block whose last line has no full
    stop still ends before ``after`` when the word cut before the block, joined to ``after``'s first word,
    is one the lexicon attests («forbundet»), not just a compound it could build («arbeids-» + «nasjonale»)."""
    if lexicon is None or not before.endswith("-"):
        return False
    head = re.search(r"(\w+)-$", before[-_WORD_WINDOW:])
    tail = re.match(rf"(\w{{1,{_WORD_WINDOW}}})", after)
    if not (head and tail):
        return False
    joined = head.group(1) + tail.group(1)
    return lexicon.word_frequency(joined) >= MIN_KNOWN_ZIPF or lexicon.in_domain(joined)


def _continues(before: str, after: str, lexicon: Lexicon | None) -> bool:
    """A hyphenated word split around the footnote must make a word when joined."""
    if not before.endswith("-") or lexicon is None:
        return True
    head = re.search(r"(\w+)-$", before[-_WORD_WINDOW:])  # a window: the search is quadratic on a long word
    tail = re.match(rf"(\w{{1,{_WORD_WINDOW}}})", after)
    return bool(head and tail and lexicon.is_known(head.group(1) + tail.group(1)))
