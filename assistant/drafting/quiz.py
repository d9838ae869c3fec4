"""Quiz questions from cited source sentences: a cloze whose blank is a whole meaningful phrase.

What may be blanked: a number *with its unit* («18 prosentpoeng», «250 mill. kr», «5000 ledige») or a year,
the actor the sentence says does something, a named measure («kvalifiseringsprogrammet», «Ny sjanse»). What
may not: OCR debris («3» read for «å»), a list or footnote number, a number without a unit, anything the
question stem or the course topic already gives away. Wrong options are of the same kind and form (a share
for a share in the same unit, a year for a year, an actor in the same grammatical form, a measure with the
same ending), and no two options are the same after case- and OCR-folding.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from pydantic import BaseModel
from rapidfuzz import fuzz

from assistant.drafting.actors import actor_roles, find_actors
from assistant.drafting.context import is_fragment, is_reference, opens_unresolved
from assistant.sentences import is_quotable
from assistant.store import IndexSnapshot
from ingest.lexical import tokenize

BLANK = "_____"
UNIT_WORDS = (
    "prosentpoeng|prosent|pst\\.?|%|mill\\.\\s?kr|mrd\\.\\s?kr|millioner kroner|milliarder kroner|kroner|kr\\.?|"
    "millioner|milliarder|mill\\.|mrd\\.|personer|år|måneder|uker|timer|dager|plasser|deltakere|ansatte|"
    "kommuner|bedrifter|unge|barn|elever|innvandrere|flyktninger|mottakere|ledige|kontorer|tiltaksplasser"
)
NUMBER = re.compile(  # not in ranges («18–29 år»), references («§ 13», «kap. 2») or glued to a word («utenfor3»)
    r"(?<![\w.,§/–-])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+(?:,\d+)?)(?![\w,.]?\d)(?!\s?[–-]\s?\d)"
    rf"(?:(\s?(?:{UNIT_WORDS}))(?![\wæøå]))?"
)
_NOT_A_QUANTITY = re.compile(
    r"(?:St\.|kap\.|nr\.|s\.|§|Prop\.|NOU|pkt\.|boks|figur|tabell|kapittel|punkt|side|trinn|alder)\s*$", re.IGNORECASE
)
_YEAR = re.compile(r"^(19|20)\d\d$")
# OCR debris: a lone digit before an infinitive («for 3 arbeide», «ikke 4 komme»: «å» misread; «3 år» is fine), digits glued to letters («ar3»),
# stray symbols the OCR leaves («®», «&» for «å»), mixed-case inside a word («Kkorri»).
_DEBRIS = re.compile(
    r"(?<=[a-zæøå])\s[0-9&]\s(?=[a-zæøå]*[aeiouyæøå]\b)|[a-zæøå]{2,}\d{1,2}\b|\b\d[a-zæøå]{2,}|[®©¢£¥§¶>]|\b[A-ZÆØÅ][A-ZÆØÅ][a-zæøå]{3,}"
)
MEASURE_SUFFIXES = (
    "modellen",
    "programmet",
    "ordningen",
    "satsingen",
    "prosjektet",
    "garantien",
    "reformen",
    "dugnaden",
    "strategien",
    "forsøket",
    "løftet",
    "tiltaket",
    "loven",
    "tjenesten",
)
MEASURE = re.compile(r"«([^»]{3,60})»|\b([A-ZÆØÅa-zæøå][\wæøå-]{4,}(?:" + "|".join(MEASURE_SUFFIXES) + r"))\b")
ACRONYM = re.compile(r"\b([A-ZÆØÅ]{2,5})\b")
NOT_MEASURES = {"NAV", "KS", "NHO", "LO", "SSB", "OECD", "AFI", "NOU", "EU", "DPS", "IMDI", "UDIR", "PS", "RS", "AKU"}
ASKED = {
    "tall": ("Hvilket tall mangler?", "Fyll inn tallet som mangler:"),
    "år": ("Hvilket år mangler?", "Fyll inn året som mangler:"),
    "aktør": ("Hvem mangler i utsagnet?", "Fyll inn aktøren som mangler:"),
    "tiltak": ("Hvilket tiltak eller hvilken ordning mangler?", "Fyll inn navnet på tiltaket eller ordningen:"),
}


class QuizQuestion(BaseModel):
    number: int
    kind: str  # "flervalg" (multiple choice) or "kortsvar" (short answer)
    question: str
    options: list[str] = []
    answer: str
    quote: str  # the source sentence the answer is taken from
    marker: int  # its citation
    blank_kind: str = ""  # what was blanked out: "tall", "år", "aktør", "tiltak"
    category: str = ""  # the heading its sentence was chosen for: "tiltak", "barrierer", "ansvar", "bakgrunn"


@dataclass(frozen=True, slots=True)
class Blank:
    """A phrase in a sentence that a question can ask for."""

    kind: str  # "tall", "år", "aktør", "tiltak"
    start: int
    end: int
    group: str  # what counts as the same kind of answer: the unit, an actor key, a measure suffix …


@dataclass(slots=True)
class DistractorPool:
    """Numbers (by unit), years, actor forms and measure names of the whole corpus, with their frequency."""

    numbers: dict[str, Counter] = field(default_factory=dict)
    actors: dict[str, Counter] = field(default_factory=dict)
    measures: dict[str, Counter] = field(default_factory=dict)


def fold_key(text: str) -> str:
    """Case, accents, spaces, hyphens and the OCR's usual swaps folded away: what makes two options «the same»."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(str.maketrans({"ø": "o", "æ": "e", "å": "a", "0": "o", "1": "l", "5": "s", "8": "a"}))
    return re.sub(r"[\W_]+", "", text)


def same_option(a: str, b: str) -> bool:
    fa, fb = fold_key(a), fold_key(b)
    return fa == fb or (min(len(fa), len(fb)) >= 6 and fuzz.ratio(fa, fb) >= 88)


def gives_away(answer: str, text: str) -> bool:
    """The answer (or a word spelled nearly like it) already in the text: the stem or the course topic."""
    key, haystack = fold_key(answer), fold_key(text)
    if not key or key in haystack:
        return bool(key)
    words = [fold_key(w) for w in re.findall(r"[\wæøåÆØÅ-]+", text)]
    if any(len(w) >= 5 and fuzz.ratio(key, w) >= 85 for w in words):
        return True
    stems = set(tokenize(answer))
    return bool(stems and stems <= set(tokenize(text)))


def clean_sentence(text: str) -> bool:
    """A sentence worth asking about: quotable, whole, standing on its own, free of OCR debris."""
    return (
        is_quotable(text)
        and not is_fragment(text)
        and not opens_unresolved(text)
        and not is_reference(text)
        and not _DEBRIS.search(text)
        and len(text) <= 320
    )


def _unit_key(unit: str) -> str:
    unit = unit.strip().lower().rstrip(".")
    if unit in {"prosent", "pst", "%"}:
        return "prosent"
    return re.sub(r"\s+", " ", unit)


def _number_value(text: str) -> float:
    return float(re.sub(r"[ \u00a0]", "", text).replace(",", "."))


def find_numbers(sentence: str) -> list[Blank]:
    """Numbers with their unit, and years; never a list number, a reference number or a lone small digit."""
    blanks = []
    for m in NUMBER.finditer(sentence):
        value, unit = m.group(1), m.group(2) or ""
        before = sentence[: m.start()]
        if _NOT_A_QUANTITY.search(before) or not before.strip() or re.search(r"\(\s*$", before):
            continue  # a reference, a list number opening the sentence, a citation year «(Løyland 2013)»
        digits = value.replace(" ", "").replace("\u00a0", "")
        if not unit and _YEAR.match(digits):
            if not re.search(
                r"\b(i|fra|til|siden|innen|høsten|våren|januar|februar|mars|april|mai|juni|juli|"
                r"august|september|oktober|november|desember)\s+$",
                before,
                re.IGNORECASE,
            ):
                continue  # «i 2019», «fra 2000»: a year the sentence dates something by
            blanks.append(Blank("år", m.start(1), m.end(1), "år"))
        elif unit and _number_value(value) >= 1:
            blanks.append(Blank("tall", m.start(1), m.end(2), _unit_key(unit)))
    return blanks


_COORDINATED = re.compile(r"\w-\s+(?:og|eller|and|or)\s+$")


def measure_group(name: str) -> str:
    return next((s for s in MEASURE_SUFFIXES if name.lower().endswith(s)), "navn")


def find_measures(sentence: str) -> list[Blank]:
    blanks = []
    for m in MEASURE.finditer(sentence):
        start, end = (m.start(1), m.end(1)) if m.group(1) else (m.start(2), m.end(2))
        name = sentence[start:end]
        if m.group(1) and not (re.search(r"[A-ZÆØÅ]", name) or measure_group(name) != "navn"):
            continue  # «deltakere» in quotes is a word set apart, not a named measure
        # «Helse- og omsorgstjenesteloven»: the second half of a coordinated compound is no name of its own
        coordinated = bool(_COORDINATED.search(sentence[:start]))
        if len(name.split()) <= 6 and not find_actors(name) and not _DEBRIS.search(name) and not coordinated:
            blanks.append(Blank("tiltak", start, end, measure_group(name)))
    for m in ACRONYM.finditer(sentence):  # «IPS», «AFT», «KVP»: programmes named by their initials
        if m.group(1) not in NOT_MEASURES and not find_actors(m.group(1)):
            abbreviation = sentence[m.start(1) - 1 : m.start(1)] == "(" and sentence[m.end(1) : m.end(1) + 1] == ")"
            if not abbreviation and not _in_compound(sentence, m.start(1), m.end(1)):  # «(KVP)» gives its name away
                blanks.append(Blank("tiltak", m.start(1), m.end(1), "forkortelse"))
    return blanks


def find_actor_blanks(sentence: str) -> list[Blank]:
    """The actor the sentence says does something (its subject), not every actor it names."""
    agents = {r.actor for r in actor_roles(sentence) if r.strength >= 1.0}
    return [
        Blank("aktør", m.start, m.end, m.actor)
        for m in find_actors(sentence)
        if m.actor in agents and not _in_compound(sentence, m.start, m.end)
    ][:1]


def _in_compound(sentence: str, start: int, end: int) -> bool:
    """«NAV-loven», «statlig ansatte»: the name is part of another word or an adjective, not an answer."""
    word = sentence[start:end]
    return (
        bool(re.match(r"[-–]\w|\s[A-ZÆØÅ]", sentence[end : end + 2]))  # «NAV-loven», «Bydel Sagene»
        or word.lower().endswith(("lig", "lige", "alt", "ale"))
    )


def find_blanks(sentence: str) -> list[Blank]:
    return find_numbers(sentence) + find_actor_blanks(sentence) + find_measures(sentence)


def build_pool(texts: list[str]) -> DistractorPool:
    pool = DistractorPool()
    for text in texts:
        for blank in find_numbers(text):
            value = NUMBER.match(text, blank.start).group(1)
            pool.numbers.setdefault(blank.group, Counter())[re.sub(r"\s", " ", value)] += 1
        for mention in find_actors(text):
            if not _DEBRIS.search(mention.text):
                pool.actors.setdefault(mention.actor, Counter())[mention.text] += 1
        for blank in find_measures(text):
            pool.measures.setdefault(blank.group, Counter())[text[blank.start : blank.end]] += 1
    return pool


_pools: dict[str, DistractorPool] = {}
_pool_lock = threading.Lock()


def corpus_pool(snapshot: IndexSnapshot) -> DistractorPool:
    with _pool_lock:
        key = str(snapshot.generation)
        if key not in _pools:
            _pools[key] = build_pool([c.text for c in snapshot.chunks])
        return _pools[key]


def distractors(blank: Blank, answer: str, pool: DistractorPool, avoid: str = "", n: int = 3) -> list[str]:
    """Wrong options of the same kind and form as the answer, never equal to it or to each other after folding,
    and never one the stem already holds (``avoid``)."""
    if blank.kind in ("tall", "år"):
        options = _number_options(blank, answer, pool)
    elif blank.kind == "aktør":
        options = _actor_options(blank, answer, pool)
    else:
        options = [o for o, count in pool.measures.get(blank.group, Counter()).most_common() if count >= 2]
    chosen: list[str] = []
    for option in options:
        if same_option(option, answer) or any(same_option(option, c) for c in chosen):
            continue
        if avoid and gives_away(option, avoid):
            continue
        chosen.append(option)
        if len(chosen) == n:
            break
    return chosen


def _shape(number: str) -> str:
    """«179 000» → «999 999»: options written like the answer do not give it away."""
    return re.sub(r"\d", "9", number)


def _number_options(blank: Blank, answer: str, pool: DistractorPool) -> list[str]:
    match = NUMBER.match(answer)
    value, unit = (match.group(1), match.group(2) or "") if match else (answer, "")
    target = _number_value(value)

    def distance(option: str) -> float:
        other = _number_value(option)
        if blank.kind == "år":
            return abs(other - target) / 10 if 2 <= abs(other - target) <= 15 else math.inf
        if other <= 0 or target <= 0 or abs(math.log(other / target)) < 0.15:
            return math.inf
        return abs(math.log(other / target)) + (0 if _shape(option) == _shape(value) else 1.0)

    candidates = sorted((o for o in pool.numbers.get(blank.group, {}) if distance(o) < 3.0), key=distance)
    return [f"{o}{unit}" for o in candidates]


def _actor_options(blank: Blank, answer: str, pool: DistractorPool) -> list[str]:
    """Each other actor in the form most like the answer's (capital letter, ending, number of words)."""

    def likeness(form: str) -> tuple:
        return (
            form[:1].isupper() == answer[:1].isupper(),
            form[-2:] == answer[-2:],
            form[-1:] == answer[-1:],
            len(form.split()) == len(answer.split()),
        )

    options = []
    for key, forms in sorted(pool.actors.items(), key=lambda kv: -sum(kv[1].values())):
        if key == blank.group or not forms:
            continue
        best = max(forms, key=lambda f: (likeness(f), forms[f]))
        if likeness(best)[2] or best.split("-")[0].isupper():  # same ending (or a name like «NAV»): grammar fits
            options.append(best)
    return options


def usable_blanks(sentence: str, topic: str, pool: DistractorPool | None = None) -> list[Blank]:
    """The blanks of a clean sentence whose answer neither the rest of the sentence nor the topic gives away;
    a measure's name must occur more than once in the corpus (an OCR misspelling rarely does)."""
    if not clean_sentence(sentence):
        return []
    usable = []
    for blank in find_blanks(sentence):
        answer = sentence[blank.start : blank.end]
        if blank.kind == "tiltak" and pool is not None and misspelt(answer, pool.measures.get(blank.group, Counter())):
            continue
        stem = sentence[: blank.start] + " " + sentence[blank.end :]
        if not gives_away(answer, stem) and not gives_away(answer, topic):
            usable.append(blank)
    return usable


def misspelt(name: str, names: Counter) -> bool:
    """A name the corpus has once, or a rarer spelling of a more frequent one («fullferingsreformen»)."""
    count = names[name]
    if count < 2:
        return True
    return any(other != name and n > count and same_option(other, name) for other, n in names.items())


def make_question(
    number: int,
    sentence: str,
    marker: int,
    blank: Blank,
    pool: DistractorPool,
    multiple_choice: bool,
    category: str = "",
) -> QuizQuestion:
    answer = sentence[blank.start : blank.end]
    cloze = f"«{sentence[: blank.start]}{BLANK}{sentence[blank.end :]}»"
    wrong = distractors(blank, answer, pool, avoid=cloze) if multiple_choice else []
    choice = multiple_choice and len(wrong) >= 3
    options = [answer, *wrong] if choice else []
    random.Random(_seed(sentence)).shuffle(options)
    asked = ASKED[blank.kind][0 if choice else 1]
    return QuizQuestion(
        number=number,
        kind="flervalg" if choice else "kortsvar",
        question=f"{asked} {cloze}",
        options=options,
        answer=answer,
        quote=sentence,
        marker=marker,
        blank_kind=blank.kind,
        category=category,
    )


def _seed(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
