"""What a question is specifically about, and whether the retrieved passages speak of it at all.

A near-miss question («Hvor mange fikk fast stilling i helsefagprosjektet?», «Hva konkluderte
sluttevalueringen?») is on the documents' themes, so retrieval finds passages with most of its words.
What it lacks is its *focus*: the specific thing named — a programme, a body, a year, an acronym, the
rarest content word. When no retrieved passage holds the focus in any form (exact, stem, inside a
compound, or an OCR-like variant), the passages cannot answer the question, however similar they are.
When the focus is only in passages other than the one the lead quote comes from, the lead answers
something else. And when the question asks for a number, a date or a paragraph, some sentence of the
passages must offer one — together with the focus.

Pure text functions: the chain and the drafting tools hand in the texts, this module reads them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from assistant.later import later_years
from assistant.question import satisfies
from assistant.sources import is_source_word
from ingest.english import english_zipf
from ingest.lexical import forms_and_stems, split_compound, tokenize, words, zipf

_NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b(?:[A-ZÆØÅÄÖÜ]{2,}[\w-]*|[A-ZÆØÅÄÖÜ][a-zæøåäöüé]+(?:-[\wæøå]+)?)")
_ACRONYM = re.compile(r"\b[A-ZÆØÅ]{2,}\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_CONDENSED = re.compile(r"\s+\([^()]*\)\s*$")  # the topic words the condenser appends to a follow-up
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
MIN_PART = 4  # a compound part shorter than this matches too much
MIN_WORD = 5  # shorter content words are too general to be a focus
MAX_GENERAL_ZIPF = 4.5  # a word this common in Norwegian names no specific thing
FUZZY_MIN_LENGTH = 6
FUZZY_CUTOFF = 88.0  # one or two OCR errors in a long word
FOCUS_WORDS = 3
ENGLISH_NAME_ZIPF = 3.0  # as in assistant.abstain: an English name this common is a translation


@dataclass(frozen=True, slots=True)
class Focus:
    """One specific thing the question names."""

    form: str  # the word as asked, lower case
    stem: str
    weight: float  # its corpus IDF (the highest for a word the corpus never uses)
    kind: str  # "name" (capitalised, acronym), "year" or "word"


@dataclass(frozen=True, slots=True)
class TextWords:
    """The words of a text in the forms a focus is looked up by."""

    forms: frozenset[str]
    stems: frozenset[str]
    long_forms: tuple[str, ...]  # forms long enough for a fuzzy look-up
    joined: str = ""  # the long forms on lines of their own: one substring test looks through them all


def own_words(question: str) -> str:
    """The question without the topic words the condenser appended to a follow-up («… (NAV tiltak)»)."""
    return _CONDENSED.sub("", question).strip() or question


_TOP: list[tuple] = [(None, 1.0)]  # the last IDF table seen and its largest value (read once per snapshot)


def _top_idf(idf: dict[str, float]) -> float:
    table, top = _TOP[0]  # one tuple: another thread's update is seen whole or not at all
    if table is not idf:
        top = max(idf.values(), default=1.0)
        _TOP[0] = (idf, top)
    return top


def focus_items(question: str, idf: dict[str, float], language: str = "nb", n: int = FOCUS_WORDS) -> list[Focus]:
    """The names, years and rarest content words of the question, most specific first.

    In another language than Norwegian only names, acronyms and years carry over to the documents' words.
    """
    top = _top_idf(idf)
    items: dict[str, Focus] = {}
    for year in _YEAR.findall(question):
        items.setdefault(year, Focus(year, year, top, "year"))
    for name in _NAME.findall(question):
        form = name.lower()
        if is_source_word(form):
            continue  # «ifølge KS-notatet», «NHO-innlegget»: where the answer stands, not what it names
        if language != "nb" and english_zipf(form) >= ENGLISH_NAME_ZIPF:
            continue  # «Norway», «Danish»: the documents name it in Norwegian
        stem = (tokenize(form, compounds=False) or [form])[0]
        if form not in items and not form.isdigit():
            items[form] = Focus(form, stem, idf.get(stem, top), "name")
    if language == "nb":
        candidates = []
        for form in words(question):
            if len(form) < MIN_WORD or form.isdigit() or form in items or zipf(form) >= MAX_GENERAL_ZIPF:
                continue
            if is_source_word(form):
                continue
            stems = tokenize(form, compounds=False)
            if stems:
                candidates.append(Focus(form, stems[0], idf.get(stems[0], top), "word"))
        for item in sorted(candidates, key=lambda f: -f.weight)[:n]:
            items.setdefault(item.form, item)
    return sorted(items.values(), key=lambda f: -f.weight)


@lru_cache(maxsize=4096)
def text_words(text: str) -> TextWords:
    """A passage's forms and stems, remembered: several signals look the focus up in the same passages."""
    forms, stems = forms_and_stems(text)
    parts = set(forms)
    for form in forms:
        if "-" in form:
            parts.update(form.split("-"))
    long_forms = tuple(f for f in parts if len(f) >= 4)
    return TextWords(frozenset(parts), stems, long_forms, "\n".join(long_forms))


def words_of(texts: Sequence[str]) -> TextWords:
    """:func:`text_words` of the texts joined by spaces, made from each text's own (remembered) words: a window
    of sentences is read without tokenizing it again. No word crosses a space, so the sets are the same."""
    if len(texts) == 1:
        return text_words(texts[0])
    parts = [text_words(t) for t in texts]
    forms = frozenset().union(*(p.forms for p in parts))
    long_forms = tuple(f for f in forms if len(f) >= 4)
    return TextWords(forms, frozenset().union(*(p.stems for p in parts)), long_forms, "\n".join(long_forms))


def judged_text(passage) -> str:
    """A passage as the judge reads it: its titles and section heading too (the focus may be named there)."""
    return f"{passage.title} {passage.short_title} {passage.section or ''} {passage.text}"


@lru_cache(maxsize=8192)
def terms_of(text: str) -> frozenset[str]:
    """A text's stems with compound parts, remembered: the same passages and sentences are read by several signals."""
    return frozenset(tokenize(text))


def present(focus: Focus, text: TextWords) -> bool:
    """Is the focus in the text: as written, by stem, inside a compound, or one or two OCR errors off?"""
    if focus.kind == "year":
        return focus.form in text.forms
    if focus.form in text.forms or focus.stem in text.stems:
        return True
    if len(focus.stem) >= MIN_WORD and focus.stem in text.joined:  # a stem has no line break: within one form
        return True  # «kartlegging» in «kartleggingen», «HPMT» in «HPMT-opplæringen»
    if "-" in focus.form:  # «TØRN-satsingen»: the name part is the focus
        head = focus.form.split("-")[0]
        return bool(head) and present(Focus(head, (tokenize(head, compounds=False) or [head])[0], 0, "name"), text)
    parts = [tokenize(p, compounds=False) for p in split_compound(focus.form)]
    if parts and all(p and len(p[0]) >= MIN_PART and p[0] in text.stems for p in parts):
        return True  # «helsefagprosjekt» where the text says «prosjekt» about «helsefag»
    if len(focus.form) < FUZZY_MIN_LENGTH:
        return False
    return process.extractOne(focus.form, text.long_forms, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF) is not None


def absent_share(items: list[Focus], texts: list[str], names_only: bool = False) -> float:
    """IDF-weighted share of the focus in none of the texts (0 when the question has no focus)."""
    return absent_shares(items, texts)[1 if names_only else 0]


def absent_shares(items: list[Focus], texts: list[str]) -> tuple[float, float]:
    """:func:`absent_share` of all the focus and of its names only, each item looked up once."""
    indexed = [text_words(t) for t in texts]
    absent = {f: not any(present(f, t) for t in indexed) for f in dict.fromkeys(items)}
    shares = []
    for chosen in (items, [f for f in items if f.kind != "word"]):
        total = sum(f.weight for f in chosen)
        shares.append(sum(f.weight for f in chosen if absent[f]) / total if total else 0.0)
    return shares[0], shares[1]


def together_share(items: list[Focus], texts: list[str]) -> float:
    """The largest IDF-weighted share of the focus one passage holds: a year in one passage and the
    programme in another do not make an answer about the programme in that year (1 without a focus)."""
    total = sum(f.weight for f in items)
    if not total or not texts:
        return 1.0
    return max(sum(f.weight for f in items if present(f, text_words(t))) for t in texts) / total


def year_after(question: str, document_year: int | None, lead_passage: str) -> float:
    """The question names a year later than the lead passage's document that the passage does not mention:
    «i 2024» asked, a 2021 white paper quoted — the documents cannot report it."""
    return float(bool(later_years(question, document_year, [lead_passage])))


def focus_sentences(question: str, idf: dict[str, float], texts: Sequence[str], language: str = "nb") -> list[str]:
    """The sentences of ``texts`` that name the question's most specific focus (not a year); every sentence
    when the question names none. «Hvor mange deltakere hadde fontenehusene i 2023?» is not answered by a
    passage's «i 2023» about another scheme."""
    named = [f for f in focus_items(question, idf, language) if f.kind != "year" and f.stem in idf]
    sentences = [s for t in texts for s in sentences_of(t)]
    if not named:
        return sentences
    return [s for s in sentences if present(named[0], text_words(s))]


def kind_with_top_focus(
    kinds: list[str | None], items: list[Focus], texts: list[str], unit: str | None = None
) -> float:
    """Does a passage that holds the question's most specific focus offer each asked kind? «Hvor mange kroner
    per deltaker i Jobbsjansen?» is not answered by a sum per participant in another scheme."""
    asked = [k for k in kinds if k]
    named = [f for f in items if f.kind != "year"]  # the years have their own signals
    if not asked or not named:
        return 1.0
    holding = [t for t in texts if present(named[0], text_words(t))]
    sentences = [s for t in holding for s in sentences_of(t)]
    return sum(any(offers(k, s, unit) for s in sentences) for k in asked) / len(asked)


def off_lead_share(items: list[Focus], lead_passage: str, texts: list[str]) -> float:
    """IDF-weighted share of the focus that other passages hold but the lead quote's passage does not."""
    total = sum(f.weight for f in items)
    if not total or not lead_passage:
        return 0.0
    lead = text_words(lead_passage)
    others = [text_words(t) for t in texts if t != lead_passage]
    return sum(f.weight for f in items if not present(f, lead) and any(present(f, t) for t in others)) / total


def best_passage_share(question: str, texts: list[str], idf: dict[str, float]) -> float:
    """The largest IDF-weighted share of the question's known terms that one passage holds."""
    asked = {t for t in tokenize(question, compounds=False) if t in idf}
    total = sum(idf[t] for t in sorted(asked))  # sorted: the same sum whatever the set's order
    if not total or not texts:
        return 0.0
    return max(sum(idf[t] for t in sorted(asked & terms_of(text))) / total for text in texts)


def best_sentence_share(question: str, sentences: list[str], idf: dict[str, float], kind: str | None = None) -> float:
    """The largest IDF-weighted share of the question's terms one sentence holds that offers the asked kind:
    «Hvor mange fikk fast stilling?» needs a count next to «fast stilling», not next to «deltakere»."""
    asked = {t for t in tokenize(question) if t in idf}
    total = sum(idf[t] for t in sorted(asked))  # sorted: the same sum whatever the set's order
    offering = [s for s in sentences if offers(kind, s)]
    if not total or not offering:
        return 0.0
    return max(sum(idf[t] for t in sorted(asked & terms_of(s))) / total for s in offering)


# What a sentence offers for each kind of question; stricter than a mention: a count is a number that is
# not a year, a paragraph is a section number, a result is a finding.
_COUNT = re.compile(
    r"(?<![\d.,])(?!(?:19|20)\d\d\b)\d[\d  .,]*\b|\b(to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|tolv|tjue|hundre|tusen|"
    r"halvparten|tredjedel\w*|fjerdedel\w*|flertall\w*|dobbelt\w*)\b",
    re.IGNORECASE,
)
_GROUP = re.compile(
    r"\b(mennesker|personer|unge|ungdom\w*|barn|voksne|innvandrer\w*|kvinner|menn|familier|deltaker\w*|brukere|"
    r"elever|arbeidssøkere|mottakere|langtidsmottakere|sosialhjelpsmottakere)\b",
    re.IGNORECASE,
)
_CONCLUSION = re.compile(r"\bkonkluder\w*|\bkom\s+(fram|frem)\s+til\b|\bkonklusjon\w*", re.IGNORECASE)
_RESULT_NOUN = re.compile(r"\b(resultat\w*|effekt\w*)\b", re.IGNORECASE)
_RESULT_REPORTED = re.compile(
    r"\b(ga|gav|gir|hadde|har\s+hatt|fikk)\s+(\w+\s+){0,2}(resultat\w*|effekt\w*)|\b(resultat(et|ene|er)?|effekt(en|ene|er)?)\s+(var|ble|er)\b|"
    r"\b(gode|godt|positive|lovende|svake|dårlige|blandede)\s+(resultat\w*|effekt\w*)",  # «med foreløpig gode resultater»
    re.IGNORECASE,
)
_SECTION = re.compile(r"§\s*\d|\bparagraf\s+\d", re.IGNORECASE)


def offers(kind: str | None, sentence: str, unit: str | None = None) -> bool:
    """Does the sentence hold the kind of answer asked for (a count of the asked unit, a date, a § …)?"""
    if kind == "number":
        return bool(_COUNT.search(sentence)) and satisfies("number", sentence, unit)
    if kind == "paragraph":
        return bool(_SECTION.search(sentence))
    if kind is None:
        return True
    if kind == "actor" and _GROUP.search(sentence):
        return True  # «Hvem er tilbudet for?» is answered by a group
    if kind == "result":
        if _CONCLUSION.search(sentence) or _RESULT_REPORTED.search(sentence):
            return True
        # the nouns alone name results as a goal («Resultater av tiltak vektlegges»), they do not report one
        return satisfies("result", _RESULT_NOUN.sub(" ", sentence))
    return satisfies(kind, sentence, unit)


def sentences_of(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def kind_offered(kinds: list[str | None], items: list[Focus], sentences: list[str], unit: str | None = None) -> float:
    """Share of the asked kinds that a sentence of the passages offers next to the question's focus."""
    asked = [k for k in kinds if k]
    if not asked:
        return 1.0
    found: set[str] = set()
    for s in sentences:  # the cheap test first: only a sentence offering a kind still missing is read for the focus
        offered = [k for k in dict.fromkeys(asked) if k not in found and offers(k, s, unit)]
        if offered and (not items or any(present(f, text_words(s)) for f in items)):
            found.update(offered)
            if len(found) == len(set(asked)):
                break
    return sum(k in found for k in asked) / len(asked)


def unanswered_aspects(
    question: str, aspects: list, texts: list[str], idf: dict[str, float], language: str = "nb"
) -> list[str]:
    """The parts of a declined question the passages do not speak to: a part whose own focus no passage
    holds, or whose asked kind no passage holding that focus offers. When no single part stands out, the
    whole question is what is missing."""
    missing = []
    for aspect in aspects:
        items = focus_items(own_words(aspect.text), idf, language)
        if absent_share(items, texts) >= 0.5 or kind_with_top_focus([aspect.kind], items, texts) < 1.0:
            missing.append(aspect.text)
    return missing or [own_words(question)]


# a sentence that plans or announces rather than reports («nye tall for 2020 vil legges fram»)
PLAN = re.compile(
    r"\b(vil|skal|skulle|foreslår|foreslått|forslag\w*|planlegg\w*|vurdere\w*|tar\s+sikte|"
    r"bør|ønsker|legger\s+opp\s+til)\b",
    re.IGNORECASE,
)
# a year that dates a document or a reference («Meld. St. 32 (2020–2021)», «KS-notat (2024)») reports nothing
_CITED_YEARS = re.compile(
    r"(?:\b(?:Meld\.\s*St\.|NOU|Prop\.)\s*[\d:]+\s*)?\(\s*(?:19|20)\d\d(?:\s*[–-]\s*(?:19|20)?\d\d)?\s*\)"
)

# … with the document's number before it («Meld. St. 32 (2020–2021)»): a period in parentheses after a word
# may be a plan's («over en fire-årsperiode (2024–2027)»)
_DOCUMENT_YEARS = re.compile(
    r"(?:\b(?:Meld\.\s*St\.|NOU|Prop\.)\s*)?\b\d[\d:]*\s*\(\s*(?:19|20)\d\d(?:\s*[–-]\s*(?:19|20)?\d\d)?\s*\)"
)


def _sentences(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(s for t in texts for s in sentences_of(t)))


def year_unreported(question: str, texts: list[str]) -> float:
    """Share of the years the question asks about that no passage sentence reports on: the year is there
    only in a plan («nye tall for 2020 vil legges fram») or in a reference, not next to a number or a finding.
    A year in a statement before the question («NAV la tiltakene ut på anbud i 2015.») is context."""
    asking = [s for s in sentences_of(question) if s.rstrip().endswith("?")] or [question]
    years = list(dict.fromkeys(y for s in asking for y in _YEAR.findall(s)))  # «… i 2015. Har det virket?»
    if not years:
        return 0.0
    if PLAN.search(" ".join(asking)):  # «Hvor mange plasser skal planen gi innen 2027?»: a plan answers a plan
        sentences = [_DOCUMENT_YEARS.sub(" ", s) for s in _sentences(texts)]
    else:
        sentences = [_CITED_YEARS.sub(" ", s) for s in _sentences(texts) if not PLAN.search(s)]
    reported = [s for s in sentences if offers("number", s) or offers("result", s)]
    return sum(not any(re.search(rf"\b{y}\b", s) for s in reported) for y in years) / len(years)
