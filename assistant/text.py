"""Small pure text helpers for answering: sentences, language, question type."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "bl",
    "f",
    "eks",
    "jf",
    "pst",
    "nr",
    "ca",
    "mv",
    "mfl",
    "m",
    "fl",
    "dvs",
    "osv",
    "kap",
    "st",
    "meld",
    "prop",
    "innst",
    "prp",
    "dok",
    "vedl",
    "ref",
    "s",
    "se",
    "tab",
    "fig",
    "etc",
    "inkl",
    "ev",
    "evt",
    "mill",
    "mrd",
    "kr",
    "pkt",
    "jfr",
    "dr",
    "prof",
    "ot",
    "nou",
    "tlf",
    "iht",
    "vs",
    "ifm",
    "ifht",
    "mht",
    "o",
    "a",
    "t",
    "red",
    "hhv",
}
_BOUNDARY = re.compile(r"(?<=[.!?»])\s+(?=[«\"(A-ZÆØÅ0-9–—-])|\n\s*\n")
# the number of an item in a list run into one paragraph, after the comma that ends the item before
_RUN_IN_ITEM = re.compile(r"[,;]\s+(\d{1,2})\.\s")
_ITEM_LINE = re.compile(r"\n(?=\s*[-•–—·*]\s)")  # a line that opens with a bullet
_DASH_WORD = re.compile(r"\s*[-–—]\s+[a-zæøå]")
# a footnote number glued after a sentence's full stop, before the next sentence: «i 2012.2 Sosiale …»,
# «i 2011.7 Over …» (the cleaning mends «arbeidslivet.3 Det»; a number before the stop is left to this split)
_GLUED_NOTE_BOUNDARY = re.compile(r"(?<=(?:19|20)\d\d\.)\d{1,2}[ \t]+(?=[A-ZÆØÅ][a-zæøå])")
# a line break after a sentence's end, before a lower-case fragment whose start a page cut away:
# «… i arbeidslivet.\n besitter mange av virkemidlene …» (the fragment is not part of the sentence before)
_FRAGMENT_BOUNDARY = re.compile(r"(?<=[^\W\d_]{2}[.!?])[ \t]*\n\s*(?=[a-zæøå]{2})")
# a word a column or page cut in two at a line end, and a capital after the break: another column or box goes
# on there («… for styring, samfunnsopp-\n De kommunale tjenestene …»), not the word
_CUT_WORD_BOUNDARY = re.compile(r"(?<=[a-zæøå]{2}-)[ \t]*\n[ \t]*(?=[A-ZÆØÅ][a-zæøå]+\s)")
# an OCR text block (another column, a box) that starts with a space under a line the page cut mid-sentence:
# «VTA er regulert i forskrift\n Statens utgifter til …» — two sentences, the first one cut
_BLOCK_START_BOUNDARY = re.compile(r"(?<=[a-zæøå0-9,])[ \t]*\n (?=[A-ZÆØÅ][a-zæøå]+\s)")
# an unnumbered heading on the first line of a paragraph, right above the paragraph's first sentence:
# «Arbeid og kvalifisering\nSagene har jobbet med …»; a line that a wrap cut mid-phrase ends in a small
# word («… gjennomføres av forskere ved\nUniversitetet i Stavanger») or in a name that may run on
_TITLE_LINE = re.compile(
    r"(?:^|\n[ \t]*\n)[ \t]*([A-ZÆØÅ][^\n.!?:;,]{2,90}?)[ \t]*\n(?=[ \t]*[A-ZÆØÅ][a-zæøå]+[ \t]+[a-zæøå])"
)
_SMALL_WORDS = frozenset(
    "og i på til av for med som er en et ei det den de at å om fra ved eller mellom gjennom ifølge under over "
    "etter mot uten har kan skal vil må blir ble var hvor når der sin sitt sine seg også ikke enn så men".split()
)
_AUXILIARIES = frozenset("er har kan skal vil må bør blir ble var hadde".split())  # a line with one is a sentence
TITLE_MAX_WORDS = 12
_BULLET = re.compile(r"^\s*[-•–—·*]\s+")
_HEADING_LINE = re.compile(
    r"(?m)^[ \t]*(?:(?:Kapittel|Del)\s+\d+|\d{1,2}(?:\.\d{1,2})+)[ \t]+[^\n.!?:]{2,90}\n(?=[ \t]*[A-ZÆØÅ])"
)
_INLINE_TAG = re.compile(r"</?(?:i|b|em|strong|u|sup|sub|span|br)\s*/?>", re.IGNORECASE)
_NOTE_MARK = re.compile(r"(?<=[^\W\d_]|[.,;:!?)»])(?<!\bm)(?<!\bkm)(?<!\bcm)[¹²³⁴⁵⁶⁷⁸⁹⁰]+")  # not «m²»


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # offsets in the text it was split from
    end: int
    text: str  # whitespace folded


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans, not fooled by «bl.a.», «jf.», «Meld. St. 32» or «kap. 2.2»."""
    sentences: list[Sentence] = []
    start = 0
    for cut, after, newline in _boundaries(text):
        if cut < start:
            continue
        before = text[start:cut]
        last_word = re.search(r"(\w+)\.$", before)
        # «Prop.» or «Meld. St.» at the end of a line still holds its number on the next («Prop.\n111 L (2016-2017)»)
        following = re.match(r"(\w+)\.", text[after : after + 12])  # «Meld.\nSt. 21»: the title goes on
        held = (
            not newline
            or text[after : after + 1].isdigit()
            or bool(following and following.group(1).lower() in _ABBREVIATIONS)
        )
        if last_word and held and (last_word.group(1).lower() in _ABBREVIATIONS or len(last_word.group(1)) == 1):
            continue
        if re.fullmatch(r"\s*\d{1,2}\.", before):  # «3.\nFaglig forankring …»: the number opens its item
            continue
        _add(sentences, text, start, cut)
        start = after
    _add(sentences, text, start, len(text))
    return sentences


def _item_boundaries(text: str) -> list[tuple[int, int, bool]]:
    """A numbered list run into one paragraph («Hva må til? 1. God kompetanse …, 2. God kontaktflate …, 3. …»):
    each item is a sentence of its own, cut after the comma before its number when item N−1 stands before it."""
    found = []
    for match in _RUN_IN_ITEM.finditer(text):
        number = int(match.group(1))
        before = text[max(0, match.start() - 600) : match.start()]
        if number >= 2 and re.search(rf"(?:^|[\s,;?:]){number - 1}\.\s", before):
            found.append((match.start() + 1, match.start(1), False))  # the comma stays with its item
    return found


def _table_rows(text: str) -> list[tuple[int, int, bool]]:
    """A table whose cells are separated by tabs («Arbeidsavklaringspenger\t2-3 utbetalinger i måneden …»):
    each row is a sentence of its own, cut at the line breaks around it."""
    found = []
    for match in re.finditer(r"[^\n]*\t[^\n]*", text):
        if match.start() > 0 and text[match.start() - 1] == "\n":
            found.append((match.start() - 1, match.start(), True))
        if match.end() < len(text) and text[match.end()] == "\n":
            found.append((match.end(), match.end() + 1, True))
    return found


def _boundaries(text: str) -> list[tuple[int, int, bool]]:
    """Where sentences end: punctuation before a capital, blank lines, bullets, the line break after a
    numbered heading («Kapittel 2 Ettervern», «3.4 Tiltak») that a PDF put right above its first sentence,
    a year's full stop with a footnote number glued to it (the number belongs to neither sentence), and the
    line break before a lower-case fragment (abbreviations such as «bl.a.» still hold the sentence together),
    the line break after a word cut in two before a capital (another column), the line break before an OCR
    block that starts with a space and a capital under a cut sentence, the line break after a
    paragraph's unnumbered heading (:func:`is_title_line`), and the comma before each item of a numbered list run
    into one paragraph (:func:`_item_boundaries`), and the line breaks around a tab-separated table row."""
    found = [(m.start(), m.end(), "\n" in m.group()) for m in _BOUNDARY.finditer(text)]
    found += [(m.start(), m.end(), True) for m in _ITEM_LINE.finditer(text) if not is_inner_dash(text, m.start())]
    found += [(m.end() - 1, m.end(), True) for m in _HEADING_LINE.finditer(text)]
    found += [(m.start(), m.end(), False) for m in _GLUED_NOTE_BOUNDARY.finditer(text)]
    found += _item_boundaries(text)
    found += _table_rows(text)
    found += [(m.start(), m.end(), False) for m in _FRAGMENT_BOUNDARY.finditer(text)]
    found += [(m.start(), m.end(), True) for m in _CUT_WORD_BOUNDARY.finditer(text)]
    found += [(m.start(), m.end(), True) for m in _BLOCK_START_BOUNDARY.finditer(text)]
    found += [(m.end() - 1, m.end(), True) for m in _TITLE_LINE.finditer(text) if is_title_line(m.group(1))]
    return sorted(found)


def is_inner_dash(text: str, newline: int) -> bool:
    """A dash that a line wrap put first on a line inside a sentence («… fra Somalia, Irak eller Afghanistan
    \n— grupper som er preget av høy barnefattigdom — er ennå …»), not a list item: a lower-case word follows
    it, the line before does not end a clause, and the paragraph has no list (no other line that opens with
    a bullet, none that ends in «:»)."""
    if not _DASH_WORD.match(text, newline + 1):
        return False
    paragraph = re.split(r"\n[ \t]*\n", text[:newline])[-1]
    lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
    if not lines or lines[-1][-1] in ".:;!?":
        return False
    if any(line[0] in "-•–—·*" or line.endswith(":") for line in lines):
        return False
    following = re.split(r"\n[ \t]*\n", text[newline + 1 :])[0].split("\n")[1:]
    return not any(line.strip()[:1] in ("-", "•", "–", "—", "·", "*") for line in following if line.strip())


def is_title_line(line: str) -> bool:
    """A heading, not the first line of a wrapped sentence: a few words in capitals, or a few words without
    an auxiliary verb that end in a lower-case content word."""
    words = line.split()
    if not 2 <= len(words) <= TITLE_MAX_WORDS:
        return False
    if line.isupper():
        return True
    last = words[-1]
    if not (last[-1].isalpha() and last.islower() and last not in _SMALL_WORDS):
        return False
    return not any(word in _AUXILIARIES for word in words)


def _add(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    bullet = _BULLET.match(piece)
    if bullet:
        start += bullet.end()
        piece = text[start:end]
    stripped_left = len(piece) - len(piece.lstrip())
    start += stripped_left
    end = start + len(piece.strip())
    folded = re.sub(r"\s+", " ", text[start:end]).strip()
    folded = _NOTE_MARK.sub("", folded)  # «prosjektmidler³.»: a footnote's mark is not part of the quote
    folded = _INLINE_TAG.sub("", folded).strip()  # «<i>Introduksjonsstønad</i>» in a Markdown table reads in italics
    if folded:
        sentences.append(Sentence(start, end, folded))


_ENGLISH = {
    "the",
    "what",
    "which",
    "who",
    "how",
    "does",
    "do",
    "is",
    "are",
    "of",
    "and",
    "to",
    "in",
    "for",
    "why",
    "according",
    "paper",
    "white",
    "municipalities",
    "about",
    "their",
    "it",
    "this",
    "with",
}
_NORWEGIAN = {
    "hva",
    "hvem",
    "hvordan",
    "hvorfor",
    "og",
    "er",
    "det",
    "som",
    "for",
    "på",
    "til",
    "i",
    "av",
    "med",
    "har",
    "ikke",
    "kan",
    "skal",
    "de",
    "en",
    "et",
    "om",
    "å",
    "vil",
    "hvilke",
    "hvilken",
}


def detect_language(text: str) -> str:
    words = re.findall(r"[a-zæøå]+", text.lower())
    english = sum(w in _ENGLISH for w in words) + 2 * sum(
        w in {"the", "what", "which", "does", "why", "how"} for w in words
    )
    norwegian = sum(w in _NORWEGIAN for w in words) + 2 * sum(c in text.lower() for c in "æøå")
    return "en" if english > norwegian else "nb"


QUESTION_TYPES = ("ansvar", "tiltak", "barriere", "fakta", "generell")


def question_type(question: str) -> str:
    """The kind of answer sought: responsibilities, measures, barriers, facts (numbers), or general."""
    q = question.lower()
    if re.search(r"\bhvem\b|ansvar|rolle|\bwho\b|responsib|hvilke(n)? (etat|aktør|instans|direktorat)", q):
        return "ansvar"
    if re.search(
        r"hvor mange|hvor stor|hvor mye|hvor lang|andel|antall|prosent|how many|how much|\bnår\b|hvilket år|hvilket tall",
        q,
    ):
        return "fakta"
    if re.search(r"hvorfor|barriere|hindr|vanskelig|utfordring|skyld|årsak|\bwhy\b|barrier|obstacle|hard to", q):
        return "barriere"
    if re.search(
        r"tiltak|hva (gjør|vil|foreslår|skal)|hvordan (vil|skal|kan)|forslag|regjeringen vil|measure|propose|what does .* do",
        q,
    ):
        return "tiltak"
    return "generell"


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
