"""A course module on a topic: learning goals, cited key points and a quiz with an answer key.

Quiz questions are made from cited source sentences: a number, an actor or a named measure is blanked
out, and the wrong options are other numbers, actors and measures that occur in the corpus (of the same
kind: a share for a share, a year for a year). The answer key quotes the sentence each answer comes from.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import threading
from collections import Counter
from dataclasses import dataclass, field

from pydantic import BaseModel

from assistant.chain import NOT_FOUND, Assistant
from assistant.compose import score_sentences
from assistant.drafting.actors import ACTOR_BY_KEY, actor_roles, find_actors
from assistant.drafting.findings import (
    CAPTION,
    CitationList,
    Finding,
    Reference,
    category_passages,
    gather_findings,
    topic_is_covered,
    validate_topic,
    without_bullet,
)
from assistant.drafting.note import Statement
from assistant.records import Citation
from assistant.retrieval import Passage
from assistant.store import Filters, IndexSnapshot

MIN_QUESTIONS, MAX_QUESTIONS = 6, 10
KEY_POINTS_PER_CATEGORY = 2
SHORT_ANSWER_EVERY = 3  # every third question is answered in writing, the others by choosing
BLANK = "_____"
NUMBER = re.compile(  # not in ranges («18–29 år»), references («§ 13», «kap. 2») or codes
    r"(?<![\w.,§/–-])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+(?:,\d+)?)(?![\w,.]?\d)(?!\s?[–-]\s?\d)(\s*(?:prosent|pst\.?|%))?"
)
_NOT_A_QUANTITY = re.compile(
    r"(?:St\.|kap\.|nr\.|s\.|§|Prop\.|NOU|pkt\.|boks|figur|tabell|kapittel)\s*$", re.IGNORECASE
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
    "innsatsen",
    "loven",
    "samarbeidet",
)
MEASURE = re.compile(r"«([^»]{3,60})»|\b([A-ZÆØÅa-zæøå][\wæøå-]{4,}(?:" + "|".join(MEASURE_SUFFIXES) + r"))\b")
ACRONYM = re.compile(r"\b([A-ZÆØÅ]{2,5})\b")
NOT_MEASURES = {"NAV", "KS", "NHO", "LO", "SSB", "OECD", "AFI", "NOU", "EU", "DPS", "IMDI", "UDIR", "KVP", "PS", "RS"}


class QuizQuestion(BaseModel):
    number: int
    kind: str  # "flervalg" (multiple choice) or "kortsvar" (short answer)
    question: str
    options: list[str] = []
    answer: str
    quote: str  # the source sentence the answer is taken from
    marker: int  # its citation
    blank_kind: str = ""  # what was blanked out: "tall", "aktør", "tiltak"


class CourseModule(BaseModel):
    topic: str
    title: str
    abstained: bool = False
    learning_goals: list[str] = []
    key_points: list[Statement] = []
    quiz: list[QuizQuestion] = []
    citations: list[Citation] = []
    references: list[Reference] = []
    notices: list[str] = []


@dataclass(slots=True)
class DistractorPool:
    """Numbers, actor names and measure names of the whole corpus, most frequent first."""

    numbers: dict[str, Counter] = field(
        default_factory=lambda: {"år": Counter(), "andel": Counter(), "antall": Counter()}
    )
    actors: dict[str, Counter] = field(default_factory=dict)
    measures: dict[str, Counter] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Blank:
    """A term in a sentence that a question can ask for."""

    kind: str  # "tall", "aktør", "tiltak"
    start: int
    end: int
    group: str  # what counts as the same kind of answer: "andel", an actor key, a measure suffix …


def number_kind(value: str, unit: str) -> str:
    if unit.strip():
        return "andel"
    digits = value.replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"(19|20)\d\d", digits):
        return "år"
    return "antall"


def _number_value(text: str) -> float:
    return float(re.sub(r"[ \u00a0]", "", text).replace(",", "."))


def find_numbers(sentence: str) -> list[Blank]:
    blanks = []
    for m in NUMBER.finditer(sentence):
        if _NOT_A_QUANTITY.search(sentence[: m.start()]) or _number_value(m.group(1)) < 2:
            continue
        end = m.end(2) if m.group(2) else m.end(1)
        blanks.append(Blank("tall", m.start(1), end, number_kind(m.group(1), m.group(2) or "")))
    return blanks


def _measure_group(name: str) -> str:
    return next((s for s in MEASURE_SUFFIXES if name.lower().endswith(s)), "navn")


def find_measures(sentence: str) -> list[Blank]:
    blanks = []
    for m in MEASURE.finditer(sentence):
        start, end = (m.start(1), m.end(1)) if m.group(1) else (m.start(2), m.end(2))
        name = sentence[start:end]
        if len(name.split()) <= 6 and not find_actors(name):
            blanks.append(Blank("tiltak", start, end, _measure_group(name)))
    for m in ACRONYM.finditer(sentence):
        if m.group(1) not in NOT_MEASURES and not find_actors(m.group(1)) and not _in_compound(sentence, m.end(1)):
            blanks.append(Blank("tiltak", m.start(1), m.end(1), "forkortelse"))
    return blanks


def find_actor_blanks(sentence: str) -> list[Blank]:
    """The actor the sentence says does something (its subject), not every actor it names."""
    agents = {r.actor for r in actor_roles(sentence) if r.strength >= 1.0}
    return [
        Blank("aktør", m.start, m.end, m.actor)
        for m in find_actors(sentence)
        if m.actor in agents and not _in_compound(sentence, m.end)
    ][:1]


def _in_compound(sentence: str, end: int) -> bool:
    """«NAV-loven», «NIBR-rapport»: the name is part of another word, not the answer to ask for."""
    return bool(re.match(r"[-–]\w", sentence[end : end + 2]))


def build_pool(texts: list[str]) -> DistractorPool:
    pool = DistractorPool()
    for text in texts:
        for m in NUMBER.finditer(text):
            if not _NOT_A_QUANTITY.search(text[max(0, m.start() - 12) : m.start()]):
                pool.numbers[number_kind(m.group(1), m.group(2) or "")][re.sub(r"\s", " ", m.group(1))] += 1
        for mention in find_actors(text):
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


def distractors(blank: Blank, answer: str, pool: DistractorPool, n: int = 3) -> list[str]:
    """Wrong options of the same kind and form as the answer, from the corpus, close to it but never equal."""
    if blank.kind == "tall":
        options = _number_options(blank, answer, pool)
    elif blank.kind == "aktør":
        options = _actor_options(blank, answer, pool)
    else:
        options = [o for o, _ in pool.measures.get(blank.group, Counter()).most_common()]
    chosen: list[str] = []
    for option in options:
        if option.lower() != answer.lower() and all(option.lower() != c.lower() for c in chosen):
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
        if blank.group == "år":
            return abs(other - target) / 10 if 2 <= abs(other - target) <= 15 else math.inf
        if other <= 0 or abs(math.log(other / target)) < 0.15:
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
        options.append(max(forms, key=lambda f: (likeness(f), forms[f])))
    return options


def make_question(
    number: int, finding_text: str, marker: int, blank: Blank, pool: DistractorPool, multiple_choice: bool
) -> QuizQuestion:
    answer = finding_text[blank.start : blank.end]
    cloze = f"«{finding_text[: blank.start]}{BLANK}{finding_text[blank.end :]}»"
    wrong = distractors(blank, answer, pool) if multiple_choice else []
    if multiple_choice and len(wrong) < 3:
        multiple_choice = False
    if multiple_choice:
        options = [answer, *wrong]
        random.Random(_seed(finding_text)).shuffle(options)
        asked = {
            "tall": "Hvilket tall mangler?",
            "aktør": "Hvem mangler i utsagnet?",
            "tiltak": "Hvilket tiltak eller hvilken ordning mangler?",
        }[blank.kind]
        return QuizQuestion(
            number=number,
            kind="flervalg",
            question=f"{asked} {cloze}",
            options=options,
            answer=answer,
            quote=finding_text,
            marker=marker,
            blank_kind=blank.kind,
        )
    asked = {
        "tall": "Fyll inn tallet som mangler:",
        "aktør": "Fyll inn aktøren som mangler:",
        "tiltak": "Fyll inn navnet på tiltaket eller ordningen:",
    }[blank.kind]
    return QuizQuestion(
        number=number,
        kind="kortsvar",
        question=f"{asked} {cloze}",
        answer=answer,
        quote=finding_text,
        marker=marker,
        blank_kind=blank.kind,
    )


def _seed(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def learning_goals(topic: str, findings: dict[str, list[Finding]]) -> list[str]:
    goals = [f"Kjenne til hva dokumentene sier om {topic}, og kunne finne fram til kildene."]
    if findings.get("barrierer"):
        goals.append("Forklare hvilke utfordringer og barrierer dokumentene peker på.")
    if findings.get("tiltak"):
        goals.append("Gjøre rede for tiltakene og ordningene som beskrives.")
    actors = [
        ACTOR_BY_KEY[r.actor].label.split(" (")[0]
        for f in findings.get("ansvar", [])
        for r in actor_roles(f.sentence.text)
    ]
    if actors:
        goals.append(f"Vite hvem som har ansvar for hva ({', '.join(dict.fromkeys(actors))}).")
    return goals


def build_course(assistant: Assistant, topic: str, filters: Filters = Filters()) -> CourseModule:
    topic = validate_topic(topic)
    snapshot = assistant.snapshot
    passages = category_passages(snapshot, topic, filters, per_query=8)
    course = CourseModule(topic=topic, title=f"Kursmodul: {topic}")
    if not topic_is_covered(snapshot, topic, passages["bakgrunn"]):
        return course.model_copy(update={"abstained": True, "notices": [NOT_FOUND["nb"]]})
    findings = gather_findings(snapshot, topic, passages, per_category=6)
    citations = CitationList(snapshot)
    order = ("bakgrunn", "barrierer", "tiltak", "ansvar")
    key_points = [
        Statement(text=f.sentence.text, markers=[citations.cite(f.passage, f.sentence).marker])
        for category in order
        for f in findings.get(category, [])[:KEY_POINTS_PER_CATEGORY]
    ]
    rounds = max((len(findings.get(c, [])) for c in order), default=0)
    sequence = [findings[c][i] for i in range(rounds) for c in order if i < len(findings.get(c, []))]
    pool = corpus_pool(snapshot)
    quiz = _quiz(sequence, citations, pool, [])
    if len(quiz) < MIN_QUESTIONS:  # more sentences from the same passages, best match with the topic first
        quiz = _quiz(_more_findings(snapshot, topic, passages, sequence), citations, pool, quiz)
    notices = (
        [] if len(quiz) >= MIN_QUESTIONS else [f"Dokumentene ga stoff til bare {len(quiz)} spørsmål om dette temaet."]
    )
    return course.model_copy(
        update={
            "learning_goals": learning_goals(topic, findings),
            "key_points": key_points,
            "quiz": quiz,
            "citations": citations.citations,
            "references": citations.references(),
            "notices": notices,
        }
    )


def _more_findings(
    snapshot: IndexSnapshot, topic: str, passages: dict[str, list[Passage]], used: list[Finding]
) -> list[Finding]:
    unique = list({p.chunk_ids[0]: p for found in passages.values() for p in found}.values())
    taken = {(f.passage.document, f.passage.clean_start + f.sentence.start) for f in used}
    more = []
    for s in score_sentences(topic, unique, snapshot.idf, "fakta"):
        passage = unique[s.passage]
        if (passage.document, passage.clean_start + s.sentence.start) not in taken and not CAPTION.match(
            s.sentence.text
        ):
            taken.add((passage.document, passage.clean_start + s.sentence.start))
            more.append(Finding("ekstra", passage, without_bullet(passage.text, s.sentence), s.score))
    return more


def _quiz(
    sequence: list[Finding], citations: CitationList, pool: DistractorPool, quiz: list[QuizQuestion]
) -> list[QuizQuestion]:
    """One question per sentence, in the order given; numbers, actors and measures in turn."""
    quiz = list(quiz)
    for finding in sequence:
        if len(quiz) >= MAX_QUESTIONS:
            break
        text = finding.sentence.text
        blanks = find_numbers(text) + find_actor_blanks(text) + find_measures(text)
        if not blanks:
            continue
        number = len(quiz) + 1
        used = Counter(q.blank_kind for q in quiz)
        blank = min(blanks, key=lambda b: used[b.kind])
        marker = citations.cite(finding.passage, finding.sentence).marker
        quiz.append(make_question(number, text, marker, blank, pool, number % SHORT_ANSWER_EVERY != 0))
    return quiz
