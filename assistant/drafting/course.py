"""A course module on a topic: learning goals, cited key points and a quiz with an answer key.

The key points are the note's statements (the answer composer, one heading at a time). Quiz questions are
made from the clean sentences of those statements (:mod:`assistant.drafting.quiz`), spread over measures,
barriers and responsibilities, one question per sentence. The learning goals are written from what the key
points and the quiz cover: the measures, barriers and actors they name.
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel

from assistant.chain import Assistant
from assistant.drafting.actors import ACTOR_BY_KEY, actor_roles
from assistant.drafting.findings import (
    CitationList,
    Finding,
    Reference,
    category_passages,
    gather_findings,
    not_covered_notice,
    topic_decision,
    validate_topic,
    without_bullet,
)
from assistant.drafting.note import Statement, statement_for
from assistant.drafting.quiz import (
    Blank,
    DistractorPool,
    QuizQuestion,
    corpus_pool,
    find_measures,
    fold_key,
    gives_away,
    make_question,
    measure_group,
    misspelt,
    same_option,
    usable_blanks,
)
from assistant.records import Citation
from assistant.retrieval import Passage
from assistant.scoring import score_candidates
from assistant.store import Filters, IndexSnapshot
from assistant.text import Sentence, split_sentences

MIN_QUESTIONS, MAX_QUESTIONS = 6, 10
KEY_POINTS_PER_CATEGORY = 2
SHORT_ANSWER_EVERY = 3  # every third question is answered in writing, the others by choosing
QUIZ_ORDER = ("tiltak", "barrierer", "ansvar", "bakgrunn")  # what a course must ask about, in turn
ASKED_ABOUT = frozenset({"tiltak", "barrierer", "ansvar"})
GOAL_NAMES = 3  # names per learning goal


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


def learning_goals(
    topic: str, findings: dict[str, list[Finding]], quiz: list[QuizQuestion], pool: DistractorPool | None = None
) -> list[str]:
    """Goals written from the module's own content: the measures, barriers and actors its key points and
    quiz name (a goal is left out when the module has nothing under it)."""
    goals = []
    measures = [
        name
        for name in _names(
            [f.quote for f in findings.get("tiltak", [])] + [q.quote for q in quiz if q.category == "tiltak"]
        )
        if not gives_away(name, topic)  # the topic's own measure is what the whole module is about
        and not (pool is not None and misspelt(name, pool.measures.get(measure_group(name), Counter())))
    ]
    if measures:
        they = "de" if len(measures) > 1 else "det"
        goals.append(f"Gjøre rede for {_join(measures)} og hva {they} skal oppnå for {topic}.")
    elif findings.get("tiltak"):
        goals.append(f"Gjøre rede for tiltakene kildene beskriver for {topic}: {_gist(findings['tiltak'][0])}.")
    if findings.get("barrierer"):
        goals.append(f"Forklare barrierer kildene peker på, blant annet: «{_gist(findings['barrierer'][0])}».")
    actors = [
        ACTOR_BY_KEY[r.actor].label.split(" (")[0]
        for f in findings.get("ansvar", []) + findings.get("tiltak", [])
        for r in actor_roles(f.quote)
    ]
    actors = list(dict.fromkeys(actors))[:GOAL_NAMES]
    if actors:
        goals.append(f"Vite hva {_join(actors)} har ansvar for når det gjelder {topic}.")
    numbers = [q.answer for q in quiz if q.blank_kind in ("tall", "år")][:2]
    if numbers:
        goals.append(f"Kjenne til sentrale tall og årstall ({_join(numbers)}) og finne dem i kildene.")
    if findings.get("bakgrunn") and len(goals) < 2:
        goals.insert(0, f"Kjenne bakgrunnen: {_gist(findings['bakgrunn'][0])}.")
    return goals


def _names(texts: list[str]) -> list[str]:
    """Named measures in the texts, most frequent first («kvalifiseringsprogrammet», «Ny sjanse»)."""
    counts = Counter(text[b.start : b.end] for text in texts for b in find_measures(text))
    names: dict[str, str] = {}
    for name, _ in counts.most_common():  # «Arbeidsledermodellen» and «arbeidsledermodellen» are one
        if not any(same_option(name, other) for other in names.values()):
            names[fold_key(name)] = name
    return list(names.values())[:GOAL_NAMES]


def _gist(finding: Finding, words: int = 14) -> str:
    """The first words of a statement, for a goal that names what it is about."""
    quote = finding.items[0] if finding.items and finding.quote.rstrip().endswith(("?", ":")) else finding.quote
    sentences = split_sentences(re.sub(r"\s+", " ", quote).strip())  # «I Meld. St. 33 …» is one sentence
    first = sentences[0].text if sentences else quote.strip()
    text = first.rstrip(".:?")
    cut = text.split()
    short = " ".join(cut[:words]) + (" …" if len(cut) > words else "")
    return short[:1].lower() + short[1:] if short[:2].isalpha() and not short[:2].isupper() else short


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def build_course(assistant: Assistant, topic: str, filters: Filters = Filters()) -> CourseModule:
    topic = validate_topic(topic)
    snapshot = assistant.snapshot
    passages = category_passages(snapshot, topic, filters, per_query=8)
    course = CourseModule(topic=topic, title=f"Kursmodul: {topic}")
    decision = topic_decision(assistant, topic, filters)
    if decision.abstained:
        return course.model_copy(update={"abstained": True, "notices": [not_covered_notice(decision)]})
    findings = gather_findings(snapshot, topic, passages, per_category=6)
    citations = CitationList(snapshot)
    order = ("bakgrunn", "barrierer", "tiltak", "ansvar")
    key_points = [
        statement_for(f, citations) for category in order for f in findings.get(category, [])[:KEY_POINTS_PER_CATEGORY]
    ]
    rounds = max((len(findings.get(c, [])) for c in QUIZ_ORDER), default=0)
    sequence = [findings[c][i] for i in range(rounds) for c in QUIZ_ORDER if i < len(findings.get(c, []))]
    pool = corpus_pool(snapshot)
    quiz = _quiz(topic, sequence, citations, pool, [])
    if len(quiz) < MIN_QUESTIONS:  # more sentences from the same passages, best match with the topic first
        quiz = _quiz(topic, _more_findings(snapshot, topic, passages, sequence), citations, pool, quiz)
    covered = {q.category for q in quiz}
    if len(covered & ASKED_ABOUT) < 2:  # a course asks about more than one of measures, barriers, duties
        extra = [f for f in _more_findings(snapshot, topic, passages, sequence) if f.category in ASKED_ABOUT - covered]
        quiz = _quiz(topic, extra, citations, pool, quiz[: max(MIN_QUESTIONS, len(quiz) - 2)])
    notices = (
        [] if len(quiz) >= MIN_QUESTIONS else [f"Dokumentene ga stoff til bare {len(quiz)} spørsmål om dette temaet."]
    )
    return course.model_copy(
        update={
            "learning_goals": learning_goals(topic, findings, quiz, pool),
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
    """Further single sentences of the same passages, each under the heading its question asked for."""
    taken = {(f.passage.document, f.passage.clean_start + s.start) for f in used for s in f.parts}
    more = []
    for category in QUIZ_ORDER:
        found = passages.get(category, [])
        scored, _ = score_candidates(topic, found, snapshot.idf, "fakta")
        for s in scored:
            passage = found[s.candidate.passage]
            key = (passage.document, passage.clean_start + s.candidate.sentence.start)
            if key in taken:
                continue
            taken.add(key)
            sentence = without_bullet(passage.text, s.candidate.sentence)
            more.append(Finding(category, passage, sentence, s.score, sentence.text, parts=(sentence,)))
    return more


def _quiz(
    topic: str, sequence: list[Finding], citations: CitationList, pool: DistractorPool, quiz: list[QuizQuestion]
) -> list[QuizQuestion]:
    """One question per sentence, headings in turn; numbers, actors and measures in turn."""
    quiz = list(quiz)
    asked = {q.quote for q in quiz}
    answers = [q.answer for q in quiz]
    for finding in sequence:
        if len(quiz) >= MAX_QUESTIONS:
            break
        pick = _best_blank(topic, finding, asked, Counter(q.blank_kind for q in quiz), pool, answers)
        if pick is None:
            continue
        sentence, blank = pick
        number = len(quiz) + 1
        marker = citations.cite(finding.passage, sentence).marker
        question = make_question(
            number, sentence.text, marker, blank, pool, number % SHORT_ANSWER_EVERY != 0, finding.category
        )
        quiz.append(question)
        asked.add(sentence.text)
        answers.append(question.answer)
    return quiz


def _best_blank(
    topic: str, finding: Finding, asked: set[str], used: Counter, pool: DistractorPool, answers: list[str]
) -> tuple[Sentence, Blank] | None:
    """The finding's first clean sentence not asked before, with the blank of the kind used least so far;
    an answer the quiz already has («Regjeringen» four times) is not asked for again."""
    for sentence in finding.parts or (finding.sentence,):
        if sentence.text in asked:
            continue
        blanks = [
            b
            for b in usable_blanks(sentence.text, topic, pool)
            if not any(same_option(sentence.text[b.start : b.end], a) for a in answers)
        ]
        if blanks:
            return sentence, min(blanks, key=lambda b: used[b.kind])
    return None
