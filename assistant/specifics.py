"""Signals on the specific detail a near-miss asks for, read in the retrieved passages.

Three kinds of near-miss slip past the passage-level signals because the passages share most of the
question's words:

- **a topic the corpus never uses** («Hva sier dokumentene om jobbgaranti …?»): the documents speak of
  «jobb» and of «garanti», never of the two together. A word no passage holds is only a topic of the
  documents when its parts meet in one of their sentences («helsekartleggingen» ≈ «kartlegging av helse»).
- **a § of a named law** («Hvilken paragraf i folketrygdloven …?»): the passages cite other laws' §§, or
  name this law far from any §.
- **an amount, or another country's detail** («Hvor mange kroner koster en plass i et fontenehus?», «Hvor
  høy er kompensasjonsgraden i Sverige?»): an amount or a number stands two sentences from the thing or
  the country, about something else. The sentence that offers it must name the thing itself.

Pure text functions: :mod:`assistant.answerability` hands in the passages and the corpus' vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from assistant.focus import Focus, focus_items, offers, own_words, present, sentences_of, terms_of, text_words
from assistant.places import countries_in
from assistant.question import ESTIMATED_COST, MONEY_QUESTION, asked_kind, asked_unit
from ingest.lexical import split_compound, tokenize, words, zipf

NOVEL_MIN_LENGTH = 5
TOPIC_MAX_ZIPF = 3.0  # a novel word more common than this in Norwegian, and no compound, is an ordinary word
MIN_SPLIT = 3  # the shortest part of a compound split by the corpus' own words («mat», «fag»)
NOVEL_MAX_ZIPF = 5.0  # a word this common in Norwegian is no topic of its own
SECTION_WINDOW = 4  # words between a law's name and its § («NAV-lovens § 14a», «§ 13 i sosialtjenesteloven»)
# a law or regulation by its Norwegian form: «-loven», «-lova», «-lovens», «lov om …», «forskrift om …»
_LAW = re.compile(r"^(?:[\wæøå-]*lov(?:en|a|ens|as)?|lov|forskrift\w*)$")
_TOKEN = re.compile(r"§|[\wæøåÆØÅ-]+")
_IN_KRONER = re.compile(r"\b(?:i|in)\s+(?:kroner|kr|nok)\b", re.IGNORECASE)


def known(word: str, vocabulary: set[str], choices: tuple[str, ...] = ()) -> bool:
    """Does the corpus use the word: by stem, or one edit off a long stem (an OCR-like variant)?"""
    stems = tokenize(word, compounds=False)
    if not stems or all(s in vocabulary for s in stems):
        return True
    stem = stems[0]
    if len(stem) < 7 or not choices:
        return False
    return process.extractOne(stem, choices, scorer=Levenshtein.distance, score_cutoff=1) is not None


def novel_words(question: str, vocabulary: set[str], choices: tuple[str, ...] = ()) -> list[str]:
    """The question's content words the corpus never uses in any form; a word that names the kind of answer
    («paragraf»: the documents write «§») is the question's kind, not its topic."""
    found = []
    for w in dict.fromkeys(words(question)):
        if len(w) < NOVEL_MIN_LENGTH or w.isdigit() or zipf(w) >= NOVEL_MAX_ZIPF or asked_kind(w):
            continue
        if not known(w, vocabulary, choices):
            found.append(w)
    return found


def _stem(word: str) -> str:
    return (tokenize(word, compounds=False) or [word])[0]


def parts_of(word: str, vocabulary: set[str] = frozenset()) -> list[str]:
    """The stems of a compound's parts («jobbgaranti» → jobb, garanti; «fleksjob-ordning» → fleksjob, ordning);
    a compound of short parts the corpus uses («byggfag», «matsentral») is split where both are its words."""
    pieces = [p for p in word.split("-") if p] if "-" in word else []
    if not pieces:
        stem = _stem(word)
        pieces = list(split_compound(stem) or split_compound(word)) or _corpus_split(stem, vocabulary)
    return [_stem(p) for p in pieces]


def _corpus_split(stem: str, vocabulary: set[str]) -> list[str]:
    """Two parts of at least MIN_SPLIT letters that are both corpus stems (a linking -s- dropped), the most
    even split first; [] when there is none."""
    splits = []
    for i in range(MIN_SPLIT, len(stem) - MIN_SPLIT + 1):
        head, tail = stem[:i], stem[i:]
        for left in (head, head[:-1]) if head.endswith("s") and len(head) > MIN_SPLIT else (head,):
            if _stem(left) in vocabulary and _stem(tail) in vocabulary:
                splits.append((min(len(left), len(tail)), [left, tail]))
    return max(splits)[1] if splits else []


def associated(word: str, sentences: Sequence[str], vocabulary: set[str] = frozenset()) -> bool:
    """Is the word, or its parts together, in one of the sentences? A compound the documents never write may
    still be their topic when its parts meet in a sentence («kartlegging av helse»); parts that never meet
    make another thing («borger» and «lønn»)."""
    focus = Focus(word, _stem(word), 0.0, "word")
    parts = parts_of(word, vocabulary)
    for sentence in sentences:
        if present(focus, text_words(sentence)):
            return True
        if len(parts) > 1 and all(p in terms_of(sentence) for p in parts):
            return True
    return False


def novel_topic(
    question: str,
    passages: Sequence[str],
    vocabulary: set[str],
    idf: dict[str, float],
    choices: tuple[str, ...] = (),
) -> float:
    """IDF-weighted share of the question's content terms held by words the corpus never uses and that the
    passages do not speak of (the word, or its parts in one sentence). A word the corpus lacks weighs as much
    as the corpus' rarest: «jobbgaranti» carries most of «Hva sier dokumentene om jobbgaranti for langtidsledige?»
    and little of a long question that names its topic in the documents' own words as well."""
    asked = own_words(question)
    # a common word the documents happen not to use («flinkere», «skeptiske», «anslår») is no topic; a compound
    # or a rare word is
    novel = [w for w in novel_words(asked, vocabulary, choices) if zipf(w) < TOPIC_MAX_ZIPF or parts_of(w, vocabulary)]
    if not novel:
        return 0.0
    top = max(idf.values(), default=1.0)
    sentences = [s for t in passages for s in sentences_of(t)]
    unspoken = {w for w in novel if not associated(w, sentences, vocabulary)}
    if not unspoken:
        return 0.0
    weights: dict[str, float] = {}
    for w in words(asked):
        stems = tokenize(w, compounds=False)
        if not stems or len(w) < 3:
            continue
        weight = top if w in novel else max(idf.get(s, 0.0) for s in stems)
        weights[w] = max(weights.get(w, 0.0), weight)
    total = sum(weights.values())
    return sum(v for w, v in weights.items() if w in unspoken) / total if total else 0.0


def laws_named(question: str) -> list[str]:
    """The laws and regulations a question names, by their Norwegian form («folketrygdloven», «NAV-loven»)."""
    return [w for w in dict.fromkeys(words(question)) if _LAW.match(w)]


def uncited_laws(question: str, sentences: Sequence[str]) -> list[str]:
    """The laws the question asks a § of when no sentence holds a § within a few words of any of them
    (empty when it asks for no §, names no law, or a sentence cites one): «unntak fra folketrygdloven og …»
    far from «§ 20» is another law's §."""
    if asked_kind(question) != "paragraph":
        return []
    laws = laws_named(own_words(question))
    if not laws or _cited(laws, sentences):
        return []
    return laws


def _cited(laws: list[str], sentences: Sequence[str]) -> bool:
    focuses = [Focus(law, (tokenize(law, compounds=False) or [law])[0], 0.0, "name") for law in laws]
    for sentence in sentences:
        if "§" not in sentence and "paragraf" not in sentence.lower():
            continue
        tokens = _TOKEN.findall(sentence)
        sections = [i for i, t in enumerate(tokens) if t == "§" or t.lower().startswith("paragraf")]
        for i, token in enumerate(tokens):
            near = any(abs(i - j) <= SECTION_WINDOW for j in sections)
            if near and any(present(f, text_words(token.lower())) for f in focuses):
                return True
    return False


def asks_amount(question: str) -> bool:
    """A cost, a grant, a payment, or a size asked «i kroner»: only an amount of money answers it."""
    asked = own_words(question)
    return bool(MONEY_QUESTION.search(asked) or _IN_KRONER.search(asked)) or asked_unit(asked) == "kroner"


def abroad_undetailed(question: str, kinds: Sequence[str | None], sentences: Sequence[str]) -> list[str]:
    """The countries the question asks a number, a date or a § about that no sentence naming the country
    gives: «I Sverige og Danmark …» two sentences before a Norwegian percentage answers for Norway."""
    asked = own_words(question)
    countries = countries_in(asked)
    wanted = [k for k in kinds if k]
    if not countries or not wanted:
        return []
    unit = asked_unit(asked)
    return sorted(
        c
        for c in countries
        if not all(any(offers(k, s, unit) and c in countries_in(s) for s in sentences) for k in wanted)
    )


def amount_unattached(
    question: str, kinds: Sequence[str | None], sentences: Sequence[str], idf: dict[str, float], language: str = "nb"
) -> bool:
    """Money asked («Hva koster en plass i et fontenehus?»), and no sentence that names the question's most
    specific thing itself gives an amount: a sum in the sentence before or after is another thing's."""
    if not asks_amount(question) or "number" not in kinds or ESTIMATED_COST.search(own_words(question)):
        return False
    asked = own_words(question)
    # a follow-up («Og hvor mye penger er satt av til den?») names its thing in the topic the condenser added
    # the most specific thing the corpus uses at all: a word it never uses («anslår») cannot be named by a sentence
    named = [f for f in focus_items(asked, idf, language) if f.kind != "year" and f.stem in idf] or [
        f for f in focus_items(question, idf, language) if f.kind != "year" and f.stem in idf
    ]
    if not named:
        return False
    unit = asked_unit(asked) or "kroner"
    return not any(offers("number", s, unit) and present(named[0], text_words(s)) for s in sentences)


# the slot where a question names its whole topic: «Hva sier dokumentene om X …?», «Hva står det om X?»,
# «Hvilken rolle har X …?»
_TOPIC_SLOT = re.compile(
    r"\b(?:sier|står|skriver|nevner|omtaler|finnes|vet)\b[^?.!]{0,40}?\bom\s+(?:den\s+|det\s+|de\s+|en\s+|et\s+|ei\s+)?"
    r"([\wæøåÆØÅ-]+)|\bhvilke[nt]?\s+rolle\s+(?:har|spiller|får|kan)\s+(?:de\s+|den\s+|det\s+)?([\wæøåÆØÅ-]+)",
    re.IGNORECASE,
)


# the head of a compound that names a scheme of the welfare state: a benefit, a grant, a programme, a guarantee
_SCHEME_HEAD = re.compile(
    r"(?:stønad|penger|trygd|ytelse|tilskudd|ordning|program|garanti|pensjon|permisjon|lønn)(?:en|et|a|ene|er|s)?$"
)


def unknown_topic(question: str, vocabulary: set[str], choices: tuple[str, ...] = ()) -> list[str]:
    """The word in which the question names its whole topic («Hva sier dokumentene om borgerlønn som tiltak …?»)
    when the corpus never uses it in any form: no quote of something else can answer for it. So also a scheme
    the question names anywhere («Hvor lenge kan foreldre få pleiepenger …?», «… gravferdsstønad …»): a compound
    with a scheme's head that the corpus never uses is a scheme it does not describe."""
    found = []
    for match in _TOPIC_SLOT.finditer(question):
        word = match.group(1) or match.group(2)
        if word and novel_words(word, vocabulary, choices):
            found.append(word)
    for word in novel_words(question, vocabulary, choices):
        if _SCHEME_HEAD.search(word) and split_compound(word) and word not in found:
            found.append(word)
    return found
