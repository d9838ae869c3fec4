"""Debris that does not belong in a quoted sentence: footnote markers, photo credits, stray numbers.

Two kinds of repair, both as offset-mapped edits so a citation still leads to the exact raw span:
``find_debris_lines`` deletes whole lines that are not running text (photo credits, lone page or
figure numbers, chart axis values) before sentences cut by them are rejoined; ``find_glued_markers``
deletes footnote markers glued to words («inntekt.!1® Mange» → «inntekt. Mange», «prosjekt3 som»).
``is_quotable_sentence`` and ``debris_patterns`` judge a sentence the cleaning could not mend
(captions, figure text, a stray number at its start); the answer composer quotes only quotable ones.
"""

from __future__ import annotations

import re

from ingest.mapped_text import Edit

_LINE = re.compile(r"[^\n]*\n?")
_CREDIT = re.compile(r"^\s*(?:Foto|Fotograf|Illustrasjon|Ill\.|Bilde|Photo)\s*:\s*\S.{0,60}$", re.IGNORECASE)
_NUMBERS_ONLY = re.compile(r"^\s*(?:\d{1,4}(?:[.,]\d+)?\s*%?\s*){1,8}$")
# a footnote marker after a sentence's punctuation: «inntekt.!1®», «menn.2», «tidligere.!36»
_MARK = r"(?:[!?®*”“'’°¢©%>\d]|l(?=[!?®*°¢\d]))"
# … also after a full stop and a closing quote or parenthesis: «… samfunnsoppdrag.»3 I avtalen», «(… 2019.)4»,
# and after a parenthesis closed before the stop: «(Nilsen og Reiso 2014).1° Erfaringsmessig»
_AFTER_PUNCT = re.compile(
    rf"(?:(?<=[^\W\d_]{{2}}[.,;:»”)])|(?<=[^\W\d_][.!?,;:][»”)])|(?<=\)[.,;:]))({_MARK}{{1,4}})(?=\s|$)"
)
# a marker the OCR read as the letters its digits look like (G 6, O 0, S 5, B 8, Z 2, I/l 1), after a sentence's
# full stop and before the next sentence: «rekreasjon.GO Det er» (60)
_LETTER_MARKER = re.compile(r"(?<=[a-zæøå]{3}\.)([GOSBZIl][GOSBZIl\d]{1,2})(?=[ \t]+[A-ZÆØÅ])")
# signs no number carries, after a number's full stop: «i 2005.°® I kohorten» (digits there may be a date)
_SIGNS_AFTER_NUMBER = re.compile(r"(?<=\d[.,])([®°¢©*]{1,3})(?=\s|$)")
# symbols glued to a word: «funksjonsevne!* i», «tillegget®0 på», «rapporter? gir», «Levekårsundersøkelsen’® oppgir»
_AFTER_WORD = re.compile(
    r"(?<=[a-zæøå]{2})([’”]?[®*°¢]+\d{0,3}|[!?][!?®*°\d’']+|[!?](?=[ \t]+[a-zæøå]))(?=\s|[.,;:]|$)"
)
# digits glued to a lower-case word or a closing parenthesis: «prosjekt3 som», «(Schreiner 2012)1 og»; never
# before a decimal or a section number («Figur2.13»)
_DIGITS_GLUED = re.compile(r"(?:(?<=[a-zæøå]{3})|(?<=\)))(\d{1,2})(?=[\s,;:)]|\.(?!\d)|$)")
# a capitalised word takes a glued marker too («Sysselsettingsutvalget1.») when it is a long word in lower
# case after its capital: a name with a number («Covid19», «BarnUnge21», «Agenda2030») has other shapes
_CAPITALISED_WORD = re.compile(r"^[A-ZÆØÅ][a-zæøå]{5,}$")
_NUMBERED_WORDS = {"figur", "tabell", "boks", "kapittel", "vedlegg", "side", "punkt", "del", "trinn", "nummer"}
# a lone ’ after a comma or full stop, before a lower-case word, is a superscript read as an apostrophe
_APOSTROPHE_MARK = re.compile(r"(?<=[^\W\d_]{2}[.,;])([’'])(?=[ \t]+[a-zæøå])")
_QUOTES_ONLY = re.compile(r"^(?:[”“’']|[!?])$")  # a closing quote, or a real «!» / «?»
_NUMBER_ABBREVIATIONS = {"nr", "kap", "s", "pkt", "st", "jf", "vol", "bd", "art", "nummer", "ledd", "tab", "fig"}

_CAPTION_START = re.compile(
    r"^(?:Figur|Fig\.|Tabell|Kilde|Kilder|Foto|Illustrasjon|Diagram|Graf|Note|Merknad)\s*(?:\d|:)", re.IGNORECASE
)
# a figure or table caption glued inside a sentence where the PDF put the figure: «… som har gitt
# grunn-Figur 2.2 Ungdom (20-24 år) …», «… i 2009, Figur 2.7 Sammensetningen av …»; running text writes
# «(se figur 2.7)» in lower case, or the number is not followed by a title
_CAPTION_INSIDE = re.compile(r"(?<=\S)[ \t-]?(?:Figur|Tabell|Boks)\s+\d{1,2}(?:\.\d{1,2})+\s+[A-ZÆØÅ][a-zæøå]")
_STRAY_NUMBER_START = re.compile(
    r"^\d{1,3}\s+(?!(?:pst|prosent|år|kr|kroner|millioner|mill|mrd|milliarder|personer|av\s+\d)\b)[a-zæøå]"
)
_GLUED_SYMBOLS = re.compile(
    r"[^\W\d_][.,;:]?[®°*]|[^\W\d_][.,;:][!?]\d|[^\W\d_]\.[!?®*°]{1,3}\s|[^\W\d_]{2}[!?][!?®*°\d]"
)
_PHOTO = re.compile(r"\b(?:Foto|Illustrasjon)\s*:", re.IGNORECASE)
# a numbered heading standing as a «sentence»: «5. Bolig som en trygg base», «2.2.3 Barrierer mot arbeid»
_NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+[A-ZÆØÅ«][^.!?]*$")


def find_debris_lines(text: str) -> list[Edit]:
    """Lines to delete: photo credits, lone numbers between paragraphs, rows of chart axis values."""
    lines = [(m.start(), m.group()) for m in _LINE.finditer(text) if m.group()]
    edits: list[Edit] = []
    for i, (start, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if _CREDIT.match(stripped):
            edits.append(Edit(start, start + len(line), ""))
            continue
        before = lines[i - 1][1].strip() if i else ""
        after = lines[i + 1][1].strip() if i + 1 < len(lines) else ""
        if (
            _NUMBERS_ONLY.match(stripped)
            and not before
            and (not after or after[:1].islower() or _NUMBERS_ONLY.match(after))
        ):
            edits.append(Edit(start, start + len(line), ""))
    return edits


def find_glued_markers(text: str, lexicon=None) -> list[Edit]:
    """Footnote markers glued to the word or punctuation before them, deleted from the text.

    With a lexicon, a digit that OCR reads for a letter («sentralbyr4» for «sentralbyrå», «spesiel1») stays
    for the OCR repair.
    """
    edits: dict[int, Edit] = {}
    for pattern in (_AFTER_PUNCT, _SIGNS_AFTER_NUMBER, _LETTER_MARKER, _AFTER_WORD, _DIGITS_GLUED, _APOSTROPHE_MARK):
        for match in pattern.finditer(text):
            marker = match.group(1)
            if match.start(1) in edits or (_QUOTES_ONLY.match(marker) and pattern is _AFTER_PUNCT):
                continue
            if pattern is _AFTER_PUNCT and marker.isdigit() and _after_abbreviation(text, match.start(1)):
                continue
            if pattern is _DIGITS_GLUED and not _glued_digits_are_marker(text, match.start(1), marker, lexicon):
                continue
            edits[match.start(1)] = Edit(match.start(1), match.end(1), "")
    return _non_overlapping(sorted(edits.values(), key=lambda e: e.start))


def _after_abbreviation(text: str, start: int) -> bool:
    """«Ot.prp. nr.70», «kap.2»: a number after an abbreviation is no footnote marker."""
    word = re.search(r"([A-Za-zÆØÅæøå]+)[.,;:]$", text[max(0, start - 20) : start])
    return bool(word) and word.group(1).lower() in _NUMBER_ABBREVIATIONS


_DIGIT_LETTERS = {"4": "å", "1": "li"}  # what OCR prints these digits for inside a word


def _glued_digits_are_marker(text: str, start: int, digits: str, lexicon) -> bool:
    """«prosjekt3 som» is a marker; «covid19», «CO2», «G20» and «kap2» are not worth the risk."""
    word = re.search(r"[A-Za-zÆØÅæøå]+$", text[max(0, start - 30) : start])
    if text[start - 1] == ")":
        return True
    if not word or word.group().lower() in _NUMBERED_WORDS:
        return False
    if not (word.group().islower() and len(word.group()) >= 4) and not _CAPITALISED_WORD.match(word.group()):
        return False
    if lexicon is not None and digits in _DIGIT_LETTERS:
        return not any(lexicon.is_known(word.group() + letter) for letter in _DIGIT_LETTERS[digits])
    return True


def _non_overlapping(edits: list[Edit]) -> list[Edit]:
    result: list[Edit] = []
    for edit in edits:
        if result and edit.start < result[-1].end:
            continue
        result.append(edit)
    return result


def strip_inline_debris(text: str) -> str:
    """The same marker deletions on a plain string (for text that has no raw mapping)."""
    from ingest.mapped_text import apply_edits

    return apply_edits(text, find_glued_markers(text))


def debris_patterns(sentence: str) -> list[str]:
    """Names of the debris a sentence still carries (empty when it is clean)."""
    text = re.sub(r"\s+", " ", sentence).strip()
    found: list[str] = []
    if _CAPTION_START.match(text) or _CAPTION_INSIDE.search(text):
        found.append("bildetekst")
    if _STRAY_NUMBER_START.match(text):
        found.append("løst tall først")
    if _GLUED_SYMBOLS.search(text) or find_glued_markers(text):
        found.append("fotnotemerke")
    if _PHOTO.search(text):
        found.append("fotokreditt")
    if _NUMBERED_HEADING.match(text) and len(text.split()) <= 16:
        found.append("overskrift")
    letters = sum(c.isalpha() for c in text)
    if text and letters < 0.5 * len(text.replace(" ", "")):
        found.append("figurtekst")
    if is_table_row(text):
        found.append("tabellrad")
    return found


# words after which a capital opens a name («i Gamle Oslo», «av Kirkens Bymisjon», «og Vestland»), not a cell
_BEFORE_NAME = frozenset(
    "i på av og fra til ved mellom samt for med om under hos eller er har kan som en et den det de at".split()
)
_TITLE_WORD = re.compile(r"^[A-ZÆØÅ][a-zæøå]")
TABLE_CELLS = 6  # capitalised words run on without punctuation a table's flattened row has at least …
TABLE_SHARE = 0.2  # … and their share of its words


def is_table_row(text: str) -> bool:
    """A table flattened into one «sentence»: «Stønad Utbetalingstidspunkt Dagpenger 2 utbetalinger i måneden …
    Foreldrepenger Månedlig Engangsstønad Engangsutbetaling Barnetrygd Månedlig …» — each cell opens with a
    capital that no punctuation, preposition or conjunction before it explains."""
    words = text.split()
    cells = sum(
        1
        for before, word in zip(words, words[1:])
        if _TITLE_WORD.match(word) and before[-1] not in ',;:.!?()–—-«»"”' and before.lower() not in _BEFORE_NAME
    )
    return cells >= TABLE_CELLS and cells >= TABLE_SHARE * len(words)


def is_quotable_sentence(sentence: str) -> bool:
    """Whether a sentence can stand in «» as the document reads: no captions, markers or stray numbers."""
    text = re.sub(r"\s+", " ", sentence).strip()
    if len(text) < 12 or not any(c.islower() for c in text):
        return False
    return not debris_patterns(text)
