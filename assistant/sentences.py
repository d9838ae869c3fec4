"""The sentences of retrieved passages as answer candidates: what each one is, and what it leans on.

A reader needs every quoted sentence to stand on its own: a sentence that opens with «Dette», «Av disse»
or «Et eksempel» needs the sentence before it; a lead-in that ends in «:» needs its list; a list item
needs its lead-in. And some sentences never answer anything: chapter cross-references, captions,
reference-list entries, report boilerplate, headings, or a sentence in another language than the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from assistant.text import Sentence, split_sentences
from ingest.debris import is_quotable_sentence
from ingest.english import english_zipf
from ingest.lexical import tokenize

_BULLET_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[-•–—·*▪◦]|\d{1,2}[.)]|[a-h][.)])[ \t]+$")
_REFERENCE = re.compile(
    r"\((19|20)\d\d[a-z]?\)|\b[A-ZÆØÅ]\.\s?[A-ZÆØÅ]?\.?,|https?://|www\.|Hentet fra|\bet al\.|\(red\.\)|"
    r"\bISBN\b|\bISSN\b|\bdoi\b|Rapport(serie)?\s+\d+\s*/\s*\d{4}|\b\d{4}\s*[:;]\s*\d+\s*[-–]\s*\d+|"
    r"\b\d{1,3}\s?\(\d{1,2}\),?\s*\d+\s*[-–]\s*\d+|,\s*\d{1,3}\s?\(\d{1,2}\)[.,]|"
    r"\b[Rr]apport\s+\d{1,4}\s*[-:]\s*\d{1,4}\s*[,.]|\b[A-Z][A-Z0-9l]{1,5}[- ]?[Rr]apport\s+\d{4}:\d+|\b(Discussion|Working)\s+Papers?\b|\brapporter?\s+\d{4}/\d{1,3}\b"
)
# the head of a reference-list entry: «9 Horgen, E. H. (2014).», «Oslo Economics (2019).»; a sentence in
# running text that ends in a citation («…, ifølge Ekren (2014).») is long and names no initials
_REFERENCE_HEAD = re.compile(r"\((19|20)\d\d[a-z]?\.?\)\.?$")
_INITIALS = re.compile(r"\b[A-ZÆØÅ]\.(\s|,|$)")
# a head that runs on into the title: «130 Markussen, S. & Reed, K. (2020) Economic mobility under pressure.»,
# «1 Kari Vea Salvanes og Astrid Sandsør (2019): Tverrsektorielt samarbeid i skolen.»
_YEAR_IN_HEAD = re.compile(r"\((19|20)\d\d[a-z]?\.?\)[.:]?\s")
_NOTE_NUMBER_START = re.compile(r"^\d{1,3}\s+[A-ZÆØÅ]")
# a footnote that cites an official document: «12 NOU 2016: 17.», «2 NOU 2019: 7 Arbeid og inntektssikring»
_DOCUMENT_NOTE = re.compile(r"^\d{1,3}\s+(NOU|Meld\.\s*St\.|Prop\.|Dokument)\s*:?\s*(19|20)\d\d\s*:\s*\d")
# the publisher after a reference title: «Oslo: Fafo.», «Luxembourg: Publications Office of the European Union.»
_PUBLISHER = re.compile(r"^[A-ZÆØÅ][\w-]+(\s[A-ZÆØÅ][\w-]+)?[:,]\s[^:]{2,80}\.$")
_HEADING = re.compile(r"^\d+(\.\d+)+\s|^(Kapittel|Del)\s+\d+\b")
# a footnote: a superscript, or its number before a capitalised word («51 Andelene for …», «7 Dokument 3:9 …»);
# running text puts a unit or a lower-case word after a number («20 pst. av …», «2 000 plasser»)
_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]|^\d{1,3}\s+[A-ZÆØÅ][a-zæøå]+,\s|^\d{1,3}\s+[A-ZÆØÅ][a-zæøå]{2,}")
_CROSS_REFERENCE = re.compile(
    r"\b(omtal|beskrev|beskriv|drøft|redegj|diskuter|presenter|gjennomgå|utdyp)\w*\s+(nærmere\s+|mer\s+|videre\s+)?"
    r"(i|under)\s+(hhv\.\s+)?(kapittel|kap\.|avsnitt|del|boks|vedlegg|punkt)(?!\w)|"
    r"^((Se|Les)\s+(mer|nærmere|også)|Mer\s+om)\b.{0,200}\b(i|under)\s+(hhv\.\s+)?(kapittel|kap\.|avsnitt|boks|vedlegg|del|punkt)\s+\d|"
    r"^(Se|Jf\.?|Jfr\.?|Se også)\s+(kapittel|kap\.|avsnitt|boks|figur|tabell|vedlegg|del)\b|"
    r"\b(se|jf\.?)\s+(kapittel|kap\.|avsnitt|boks|figur|tabell|vedlegg)\s+\d|"
    r"^(I|Dette)\s+(kapittel|kapitlet|avsnittet|avsnitt)\s+(\d[\d.]*\s+)?(omtales|beskrives|drøftes|gjennomgås|presenteres|ser vi)|"
    # a chapter announcing itself: «Dette kapitlet starter med å se på …», «Videre ser kapitlet på …»
    r"^(Dette|Denne)\s+(kapitlet|kapittelet|delen|avsnittet)\s+(starter|begynner|ser|tar|handler|gir|omhandler|"
    r"beskriver|omtaler|drøfter|presenterer|redegjør|inneholder|tar\s+for\s+seg|går\s+gjennom)\b|"
    r"\b(ser|tar|drøfter|beskriver|omtaler)\s+(kapitlet|kapittelet|avsnittet)\s+(på|for\s+seg|opp)\b|"
    # a pointer to another document: «Flere forslag … inngår i Meld. St. 25 (2020-2021) …»
    r"\b(inngår|omtales|beskrives|presenteres|drøftes|følges\s+opp)\s+(nærmere\s+)?i\s+(Meld\.\s*St\.|St\.\s*meld\.|NOU|Prop\.)\s*\d",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^(Figur|Fig\.|Tabell|Boks|Kilde|Kilder|Foto|Illustrasjon|Note|Merknad)\s*(\d[\d.,]*|:)", re.IGNORECASE
)
_AXES = re.compile(
    r"\((venstre|høyre)\s+akse\)|\b(left|right)[- ]hand\s+axis\b", re.IGNORECASE
)  # «Antall (venstre akse)»
_BOILERPLATE = re.compile(
    r"\b(takke|takker|takk\s+til|takk\s+for)\b|\brapporten\s+(er|ble)\s+(skrevet|utarbeidet|ferdigstilt)\b|"
    r"\b(forsidefoto|forsidebilde|trykk:|opplag:|layout:)|\bkan\s+lastes\s+ned\b|"
    r"\b(innholdsfortegnelse|sammendrag på engelsk|english summary)\b|"
    r"\b(utgitt|publisert)\s+av\b|\bbestilling\s+av\b",
    re.IGNORECASE,
)
_ENGLISH_WORDS = frozenset(
    "the of and to in is are for with that this which on by as from be an or was were "
    "their it its have has not at".split()
)
_NORWEGIAN_WORDS = frozenset(
    "og i på til av for med som er en et ei det de at å har ikke om fra ved eller "
    "skal kan vil må bør var ble blir seg sin sitt sine".split()
)
_ANTECEDENT = re.compile(
    # «De som …», «Av de som fikk jobb …» name their group themselves: a relative clause points back to nothing
    r"^(Dette|Disse|Denne|Slike|Slik|Sistnevnte|Førstnevnte|Begge|Samtlige|Resten|Han|Hun|De(?!\s+som\b)|Dem|Deres|"
    r"Det\s+samme|Av\s+(disse|dem|de(?!\s+som\b))|Blant\s+(disse|dem|de(?!\s+som\b))|Hver\s+av|Flere\s+av\s+(disse|dem)|Mange\s+av\s+(disse|dem)|"
    r"Et\s+(annet\s+)?eksempel|Eksempler|For\s+eksempel|Blant\s+annet|I\s+tillegg|Videre|Dessuten|Også|"
    r"Samtidig|Dermed|Derfor|Likevel|Følgelig|Derimot|Imidlertid|Her|Der|Da|Så\s+har|Når\s+det\s+gjelder\s+(dette|disse|dem)|Men|Den\s+(viser|har|er|skal|vil|kan|ble|gir|innebærer|gjelder)|"
    r"Det\s+(er\s+(en|et)\s+(økning|nedgang|reduksjon|endring|eksempel|tegn)|gjelder|innebærer|betyr|vil\s+si)|"
    r"Andelen|Tallet|Antallet|"
    r"Ordningen|Tiltaket|Programmet|Prosjektet|Forsøket|Modellen|Satsingen|Undersøkelsen|Rapporten|Utvalget|"
    # «Gjennom denne ordningen …», «I dette prosjektet …»: a demonstrative after the opening preposition
    r"(?:I|Gjennom|Med|Etter|Under|Innenfor|Ved|Fra)\s+(?:denne|dette|disse)\s+(?!meldingen|stortingsmeldingen|rapporten\b|notatet|kapitlet|kapittelet|delen|avsnittet)|"
    # «Målet med ordningen er …»: the aim of a thing named in the sentence before
    r"(?:Målet|Formålet|Hensikten|Intensjonen|Ideen)\s+med\s+(?:ordningen|tiltaket|programmet|prosjektet|forsøket|"
    r"modellen|satsingen|reformen|dette|disse|den|det))\b"
)
MIN_CHARS = 40
MIN_ENGLISH_WORDS = 4
COMMON_ENGLISH_ZIPF = 3.5
ENGLISH_SHARE = 0.7
TITLE_TAIL_WORDS = 8  # the rest of a reference title that a line break cut off
MIN_BULLET_CHARS = 20
SENTENCE_CACHE_SIZE = 4096  # passage texts whose sentence analysis is kept (a chunk is ~1,000 characters)
PREPARED_TEXTS = 2048  # a library of at most this many chunks is analysed when it opens


@dataclass(frozen=True, slots=True)
class Candidate:
    """One sentence of one passage, with what the composer needs to know about it."""

    passage: int  # index into the passages
    position: int  # index of the sentence in its passage
    sentence: Sentence
    bullet: bool  # a list item
    lead_in: bool  # ends in «:» and introduces a list
    terms: frozenset[str]
    quotable: bool
    item: int | None = None  # the position of the list item sentence this one belongs to (itself for a bullet)
    line_start: bool = True  # begins a line of its passage (a heading does; a sentence in running text does not)

    @property
    def text(self) -> str:
        return self.sentence.text


def passage_candidates(passage_index: int, text: str, document_language: str = "nb") -> list[Candidate]:
    """The sentences of a passage as candidates; the analysis of a text is done once (see :func:`_analysed`)."""
    return [Candidate(passage_index, *fields) for fields in _analysed(text, document_language)]


def prepare(texts: Iterable[str], document_language: str = "nb") -> None:
    """Analyse passage texts before any question asks for them (a generation's chunks when it is opened).

    Only a library that fits :data:`PREPARED_TEXTS` is prepared (about a second and 7 MB per thousand chunks);
    a larger one is analysed as questions reach it. A text analysed before (an unchanged chunk of the previous
    generation) is not analysed again.
    """
    unique = list(dict.fromkeys(texts))
    if len(unique) > PREPARED_TEXTS:
        return
    for text in unique:
        _analysed(text, document_language)


@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def _analysed(
    text: str, document_language: str
) -> tuple[tuple[int, Sentence, bool, bool, frozenset[str], bool, int | None, bool], ...]:
    """Sentence splits, list roles, stems and quotability of a passage text, remembered per text.

    The same chunks come back for many questions (and every chunk is a few sentences), so splitting,
    stemming and the quotability patterns run once per text, not once per question; the cache is bounded
    and thread-safe, and what it returns is immutable.
    """
    analysed = []
    sentences = split_sentences(text)
    entry = reference_entries([sentence.text for sentence in sentences])
    bullets = [bool(_BULLET_BEFORE.search(text[max(0, x.start - 12) : x.start])) for x in sentences]
    # an item of a numbered list run into a paragraph, or a row of a tab-separated table, stands as a list item
    bullets = [
        b or numbered_item(sentences, i) or "\t" in text[x.start : x.end]
        for i, (b, x) in enumerate(zip(bullets, sentences))
    ]
    item, previous_end = None, 0
    for position, sentence in enumerate(sentences):
        bullet = bullets[position]
        # a lead-in ends in «:»; a heading line over a list («Hva kan regjeringen gjøre» and its items) leads it too
        lead_in = sentence.text.rstrip().endswith(":") or (
            not bullet
            and position + 1 < len(sentences)
            and bullets[position + 1]
            and is_heading_line(sentence.text)
            and "\n" in text[sentence.end : sentences[position + 1].start]
        )
        terms = frozenset(tokenize(sentence.text))
        quotable = not entry[position] and is_quotable(sentence.text, bullet, document_language)
        # a list item goes on until the next item, a lead-in or a blank line
        if bullet:
            item = position
        elif lead_in or "\n\n" in text[previous_end : sentence.start]:
            item = None
        line_start = position == 0 or "\n" in text[previous_end : sentence.start]
        previous_end = sentence.end
        analysed.append((position, sentence, bullet, lead_in, terms, quotable, item, line_start))
    return tuple(analysed)


_ITEM_NUMBER = re.compile(r"^(\d{1,2})\.\s")


def numbered_item(sentences: list[Sentence], position: int) -> bool:
    """An item of a numbered list run into a paragraph («1. God kompetanse …, 2. God kontaktflate …»): it opens
    with its number, and the sentence before or after it opens with the number before or after."""
    match = _ITEM_NUMBER.match(sentences[position].text)
    if not match:
        return False
    number = int(match.group(1))
    for other, wanted in ((position - 1, number - 1), (position + 1, number + 1)):
        found = _ITEM_NUMBER.match(sentences[other].text) if 0 <= other < len(sentences) else None
        if found and int(found.group(1)) == wanted:
            return True
    return False


def reference_entries(texts: list[str]) -> list[bool]:
    """Which sentences belong to a reference-list entry: the author-year head, the title after it and the
    publisher after that. A title («Sammenhenger mellom barnepass … ved 5 år.») reads like a statement on
    its own; only its place after «Zachrisson, H. D. (2015).» tells it is none.
    """
    entry = [False] * len(texts)
    for position, text in enumerate(texts):
        if is_reference_head(text) or is_series_entry(text):
            entry[position] = True
        elif position and entry[position - 1]:
            title_follows = is_reference_head(texts[position - 1]) and _title_follows(texts[position - 1], text)
            entry[position] = title_follows or bool(
                _PUBLISHER.match(text) or _REFERENCE.search(text) or _is_title_tail(text) or _SERIES.search(text)
            )
    # a subtitle between a title and the publisher («Barnepass fram til 18 måneder.» «Sammenhenger mellom …»
    # «Oslo: Nasjonalt folkehelseinstitutt.») is part of the entry
    for position in range(1, len(texts) - 1):
        if entry[position - 1] and not entry[position] and _PUBLISHER.match(texts[position + 1]):
            entry[position] = entry[position + 1] = True
    # the title before a series number («Gråsoner i arbeidsmarkedet …» «Frisch-rapport 2020:1.»)
    for position in range(len(texts) - 2, -1, -1):
        if not entry[position] and is_series_entry(texts[position + 1]) and _is_title(texts[position]):
            entry[position] = True
    return entry


# what a report's title or series ends in: its years or its number in a series («Jobbsjansen 2017-2019.»,
# «NOVA-rapport 11/2018», «(2019).»)
_TITLE_END = re.compile(r"(\b(19|20)\d\d(\s*[-–]\s*((19|20)\d\d|\d\d))?|\b\d{1,3}\s*/\s*(19|20)\d\d)\)?\.?$")
# a report in its series: «NOVA-rapport 8/14», «Frisch-rapport 2020:1», «Analyse 2018:19», «SIFO-rapport 2/2019»
_SERIES = re.compile(
    r"(?:\b|-)(rapport|notat|analyse|report|arbeidsnotat|skriftserie)\s+(nr\.?\s*)?\d{1,4}\s*[/:]\s*\d{1,4}\b",
    re.IGNORECASE,
)
TITLE_WORDS = 14  # a title or subtitle is short; a statement that ends in a year is rarely right after an entry
# the finite verbs a statement has and a title lacks («Evalueringen viser at … i 2019.»)
_STATEMENT_VERB = re.compile(
    r"\b(er|var|har|hadde|ble|blir|kan|kunne|skal|skulle|vil|ville|må|bør|gir|ga|fikk|får|viser|viste|fant|finner|"
    r"gjelder|gjaldt|omfatter|is|are|was|were|has|have|had|shows|showed|found)\b",
    re.IGNORECASE,
)


def _is_title_tail(text: str) -> bool:
    """The subtitle or series of an entry whose head carried its title («1 Ideas2evidence (2020): Rom for
    kvalitet.» «Sluttrapport i følgeevaluering av Jobbsjansen 2017-2019.»): short, ending in years or a number."""
    return _is_title(text) and bool(_TITLE_END.search(text))


def _is_title(text: str) -> bool:
    return len(text.split()) <= TITLE_WORDS and not _STATEMENT_VERB.search(text)


def is_series_entry(text: str) -> bool:
    """«Statistisk sentralbyrå, Oslo, Analyse 2018:19.», «En undersøkelse av …, NOVA-rapport 8/14.»: a report
    named with its series number and no statement: a reference wherever it stands."""
    return len(text.split()) <= TITLE_WORDS + 4 and bool(_SERIES.search(text)) and not _STATEMENT_VERB.search(text)


def _title_follows(head: str, after: str) -> bool:
    """A head that stops at its year or number («(2014).», «NOU 2016: 17.») has its title next; one that
    breaks off has a few words of title next («— Finansiering av livsopphold»); a head that carries its title
    («7 NOU 2021: 2 Kompetanse, aktivitet og inntektssikring.») is followed by the body."""
    if _REFERENCE_HEAD.search(head) or re.search(r"\d{4}\s*:\s*\d+\.?$", head):
        return True
    return head[-1] not in ".!?" and len(after.split()) <= TITLE_TAIL_WORDS


def is_reference_head(text: str) -> bool:
    """«Horgen, E. H. (2014).», «87 Folkehelseinstituttet (2021).», «12 NOU 2016: 17.»: a source, nothing said."""
    if _DOCUMENT_NOTE.match(text):
        return True
    if _REFERENCE_HEAD.search(text):
        return bool(_INITIALS.search(text)) or (len(text.split()) <= 6 and not _STATEMENT_VERB.search(text))
    return bool(_YEAR_IN_HEAD.search(text)) and bool(_NOTE_NUMBER_START.match(text) or _INITIALS.search(text))


def is_quotable(text: str, bullet: bool = False, document_language: str = "nb") -> bool:
    """A statement a reader can use: not a heading, reference, caption, cross-reference or boilerplate."""
    letters = sum(c.isalpha() for c in text)
    if bullet:
        if len(text) < MIN_BULLET_CHARS or text.rstrip().endswith("?"):
            return False  # too short, or a question in a list of questions («1. Hva er det viktigste …?»)
    elif len(text) < MIN_CHARS or text[-1] not in '.!»)"”:' or text[0].islower():
        return False  # too short, unfinished, or a fragment that lost its start (a chunk or page cut it)
    return (
        letters >= 0.6 * len(text)
        and not _REFERENCE.search(text)
        and not _HEADING.match(text)
        and not _FOOTNOTE.match(text)
        and not is_filler(text)
        and not in_other_language(text, document_language)
        # no captions, glued footnote markers or stray numbers (ingest.debris); an item's number is no heading's
        and is_quotable_sentence(_ITEM_NUMBER.sub("", text) if bullet else text)
    )


def is_filler(text: str) -> bool:
    """Cross-references, captions and report boilerplate: they never answer a question."""
    return bool(
        _CROSS_REFERENCE.search(text) or _CAPTION.match(text) or _AXES.search(text) or _BOILERPLATE.search(text)
    )


def in_other_language(text: str, document_language: str = "nb") -> bool:
    """An English sentence in a Norwegian body (a summary, a reference title) or the other way round."""
    found = re.findall(r"[a-zæøå]+", text.lower())
    english = sum(w in _ENGLISH_WORDS for w in found)
    norwegian = sum(w in _NORWEGIAN_WORDS for w in found) + 2 * sum(c in "æøå" for c in text.lower())
    if document_language == "en":
        return norwegian >= 3 and norwegian > 2 * english
    return (english >= 3 and english > 2 * norwegian) or _english_by_frequency(text)


def _english_by_frequency(text: str) -> bool:
    """A short English title or publisher with too few function words to count («Luxembourg: Publications
    Office of the European Union.»): nearly every word is a common English word, none is Norwegian."""
    if re.search(r"[æøåÆØÅ]", text):
        return False
    words = re.findall(r"[A-Za-z]+", text)
    if len(words) < MIN_ENGLISH_WORDS:
        return False
    common = sum(english_zipf(word) >= COMMON_ENGLISH_ZIPF for word in words)
    return common >= ENGLISH_SHARE * len(words) and sum(w.lower() in _NORWEGIAN_WORDS for w in words) <= 1


HEADING_LINE_WORDS = 14
_QUESTION_HEADING = re.compile(r"^(Hva|Hvem|Hvordan|Hvorfor|Hvilke|Hvilken|Hvilket|Hvor|Når|What|Who|How|Why|Which)\b")


def is_heading_line(text: str) -> bool:
    """A heading's line: short, capitalised, without a sentence's closing punctuation («Hva kan regjeringen gjøre»)."""
    text = text.strip()
    if not text or not text[0].isupper() or text[-1] in '.!:»)"”,;' or len(text.split()) > HEADING_LINE_WORDS:
        return False
    # a question heading («Hva kan regjeringen gjøre»), or a title without a statement's verb («Tidlig innsats»);
    # a line that states something («Tegn kan tyde på at denne tendensen avtar …») lost its full stop
    return bool(_QUESTION_HEADING.match(text)) or not _STATEMENT_VERB.search(text)


def needs_antecedent(text: str) -> bool:
    """«Dette er en økning …», «Av disse har …», «Et eksempel er …»: meaningless without the sentence before."""
    return bool(_ANTECEDENT.match(text))


def list_after(candidates: list[Candidate], position: int, limit: int = 8) -> list[Candidate]:
    """The list items that follow a lead-in (or a list item's siblings that follow it)."""
    items: list[Candidate] = []
    for candidate in candidates[position + 1 :]:
        if not candidate.bullet or len(items) >= limit:
            break
        items.append(candidate)
    return items


# an enumeration in running text: «For det første …», «Det må for det første …», «Det andre er at …», «Den tredje og
# den viktigste handler om …»; a point may be explained by the sentences after it («Det betyr …», «… også …»)
# «for det første året», «for det andre møtet»: an ordinal of a noun counts nothing off
_ORDINAL_NOUN = r"(år|året|gang|gangen|halvår\w*|kvartal\w*|tiår\w*|steg\w*|trinn\w*|møte\w*|prosjekt\w*|kull\w*)\b"
_ORDINAL = re.compile(
    r"^(\S+\s+){0,4}for\s+det\s+(?P<n>første|andre|annet|tredje|fjerde|femte)\b(?!\s+" + _ORDINAL_NOUN + r")|"
    r"^(Det|Den)\s+(?P<m>første|andre|tredje|fjerde|femte)(\s+og\s+den\s+viktigste)?\s+(er|handler|gjelder|dreier)\b",
    re.IGNORECASE,
)
_ALSO = re.compile(r"^(\S+\s+){1,3}også\b", re.IGNORECASE)  # «Det handler også om …»: the next point
ENUMERATION_SPAN = 8  # sentences an enumeration may run over after its first point
ENUMERATION_CHARS = 900  # … and characters: a longer one is quoted point by point


def _first_point(text: str) -> bool:
    match = _ORDINAL.match(text)
    return bool(match) and (match.group("n") or match.group("m")).lower() == "første"


def enumeration(candidates: list[Candidate], position: int) -> list[int]:
    """The positions of the enumeration a sentence announces or belongs to: the sentence before «For det første …»
    («… må noen betingelser være på plass.»), every point through the last one, and what explains the last point
    («Det betyr …», «Det handler også om …»); empty when the sentence is in none."""
    texts = [c.text for c in candidates]
    for first in (i for i in range(1, len(texts)) if _first_point(texts[i])):
        span = range(first + 1, min(len(texts), first + ENUMERATION_SPAN + 1))
        end = max((i for i in span if _ORDINAL.match(texts[i])), default=first)
        while end + 1 < len(texts) and (needs_antecedent(texts[end + 1]) or _ALSO.match(texts[end + 1])):
            end += 1
        begin = first - 1
        if end == first or texts[begin].endswith("?") or not candidates[begin].quotable:
            continue  # one point alone is a sentence like any other; a question heads it, it announces nothing
        if begin <= position <= end and sum(len(t) for t in texts[begin : end + 1]) <= ENUMERATION_CHARS:
            return list(range(begin, end + 1))
    return []


def lead_in_of(candidates: list[Candidate], position: int) -> Candidate | None:
    """The sentence that introduces the list a list item belongs to."""
    for candidate in reversed(candidates[:position]):
        if not candidate.bullet:
            return candidate if candidate.lead_in or candidate.text.endswith("?") else None  # «:», a heading, «?»
    return None
