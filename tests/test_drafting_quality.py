"""Drafts a saksbehandler and a kursholder can use, on the five topics of tests/fixtures/drafting_topics.txt:
statements that stand on their own and name whose view they are, quiz questions worth asking, and learning
goals of the module's own. The checks use their own patterns, not the drafting code's."""

import re
import unicodedata
from itertools import combinations
from pathlib import Path

import pytest

from assistant.drafting.course import build_course
from assistant.drafting.note import draft_note

TOPICS_FILE = Path(__file__).parent / "fixtures" / "drafting_topics.txt"
TOPICS = [
    t for t in (line.strip() for line in TOPICS_FILE.read_text(encoding="utf-8").splitlines()) if t and t[0] != "#"
]
UNRESOLVED = re.compile(r"^(Dette|Disse|Denne|Slike|Av disse|Når det)\b")
QUIZ_CATEGORIES = {"tiltak", "barrierer", "ansvar"}


def folded(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(str.maketrans("øæå", "oea"))
    return re.sub(r"\W+", "", text)


def quote_of(text: str) -> str:
    """The statement without «Ifølge …: «» in front."""
    match = re.match(r"^Ifølge [^«]*?: «(.*)»$", text, re.DOTALL)
    return match.group(1) if match else text


@pytest.fixture(scope="module")
def drafts(assistant):
    return {topic: (draft_note(assistant, topic), build_course(assistant, topic)) for topic in TOPICS}


def test_five_topics_of_our_own_are_in_the_test_data():
    assert len(TOPICS) == 5 and len(set(TOPICS)) == 5


def test_notes_cover_the_topics_under_their_headings(drafts):
    filled = 0
    for topic, (note, _) in drafts.items():
        assert not note.abstained, topic
        assert any(s.statements for s in note.sections), topic
        filled += sum(bool(s.statements) for s in note.sections)
    assert filled >= 12  # of 20 headings: a heading the fixture excerpts do not cover stays empty


def test_no_statement_opens_with_an_unresolved_reference(drafts):
    for note, course in drafts.values():
        for statement in [s for sec in note.sections for s in sec.statements] + course.key_points:
            quote = quote_of(statement.text)
            assert not UNRESOLVED.match(quote), statement.text
            assert quote[:1].isupper() or quote[:1] in '«"(§' or quote[:1].isdigit(), statement.text
            assert not re.match(r"^\d{1,2}[.)]?\s+[A-ZÆØÅ]", quote), statement.text  # a list or footnote number


def test_reported_views_carry_their_source_and_the_source_is_the_cited_document(assistant, drafts):
    catalog = assistant.snapshot.catalog
    reported = 0
    for note, _ in drafts.values():
        by_marker = {c.marker: c for c in note.citations}
        for statement in (s for sec in note.sections for s in sec.statements):
            document = catalog[by_marker[statement.markers[0]].document]
            if document.kind == "stortingsmelding":
                continue
            reported += 1
            source = re.match(r"^Ifølge (.+?): «", statement.text)
            assert source, statement.text
            assert (document.short_title or document.title) in source.group(1)  # taken from the document
            assert statement.quote and statement.quote in statement.text
    assert reported >= 5


def test_quiz_answers_are_whole_phrases_never_given_away_and_options_distinct(drafts):
    for topic, (_, course) in drafts.items():
        assert len(course.quiz) >= 4, topic
        quotes = [q.quote for q in course.quiz]
        assert len(quotes) == len(set(quotes)), topic  # no sentence blanked twice
        for q in course.quiz:
            answer = q.answer
            assert not re.fullmatch(r"\d{1,2}", answer), q  # never a lone digit («3» read for «å», a list number)
            assert re.search(r"[A-Za-zÆØÅæøå]{2}|\d{3,}|\d\s?%", answer), q
            assert not re.search(r"[a-zæøå]\d|\d[a-zæøå]", answer), q  # no digits glued to letters
            if q.blank_kind == "tall":
                assert re.search(r"\d\s?\S*[a-zA-Z%]", answer), q  # a number with its unit
            stem = q.question.replace("_____", " ")
            assert folded(answer) not in folded(stem) and folded(answer) not in folded(topic), q
            keys = [folded(o) for o in q.options]
            assert len(keys) == len(set(keys)), q.options
            if q.options:
                assert q.options.count(answer) == 1


def test_every_course_asks_about_at_least_two_of_measures_barriers_responsibilities(drafts):
    for topic, (_, course) in drafts.items():
        asked = {q.category for q in course.quiz} & QUIZ_CATEGORIES
        assert len(asked) >= 2, (topic, asked)


def test_learning_goals_differ_between_courses_on_different_topics(drafts):
    goals = {
        topic: [g.replace(topic, "{tema}") for g in course.learning_goals] for topic, (_, course) in drafts.items()
    }
    assert all(goals.values())
    for (a, ga), (b, gb) in combinations(goals.items(), 2):
        assert set(ga) != set(gb), (a, b)
    shared = set.intersection(*(set(g) for g in goals.values()))
    assert not shared, shared  # no template line every course has


def test_learning_goals_name_what_the_module_covers(drafts):
    for _, course in drafts.values():
        covered = folded(" ".join([p.text for p in course.key_points] + [q.quote for q in course.quiz]))
        named = [
            m
            for goal in course.learning_goals
            for m in re.findall(r"«([^»]+?)(?: …)?»|\(([^)]+)\)", goal)
            for m in m
            if m
        ]
        for name in named:
            for part in re.split(r",\s*| og ", name):
                assert folded(part.rstrip(" …")) in covered, (part, course.learning_goals)
