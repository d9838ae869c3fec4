import re

import pytest

from assistant.chain import QuestionError
from assistant.drafting.course import MAX_QUESTIONS, MIN_QUESTIONS, build_course
from assistant.drafting.quiz import (
    BLANK,
    Blank,
    build_pool,
    distractors,
    find_actor_blanks,
    find_measures,
    find_numbers,
    make_question,
)
from assistant.text import fold

from .conftest import assert_resolves

TOPICS = ["arbeidsledermodellen", "unge utenfor arbeid og utdanning", "kvalifiseringsprogrammet og sosialhjelp"]


def _blanked(sentence: str, blanks: list[Blank]) -> list[str]:
    return [sentence[b.start : b.end] for b in blanks]


def test_numbers_worth_asking_for_carry_their_unit():
    sentence = "I 2023 sto 111 000 personer mellom 20–29 år utenfor, 16 prosent av gruppen, jf. kap. 2 og § 13."
    assert _blanked(sentence, find_numbers(sentence)) == ["2023", "111 000 personer", "16 prosent"]
    assert [b.group for b in find_numbers(sentence)] == ["år", "personer", "prosent"]
    points = "Andelen gikk ned med 18 prosentpoeng, og 250 mill. kr ble bevilget til 5000 ledige."
    assert _blanked(points, find_numbers(points)) == ["18 prosentpoeng", "250 mill. kr", "5000 ledige"]


def test_actors_and_measures_worth_asking_for():
    sentence = "Helsedirektoratet har ansvar for forsøket med FACT ung i samarbeid med kommunene."
    assert _blanked(sentence, find_actor_blanks(sentence)) == ["Helsedirektoratet"]
    named = "Kristiansand har prøvd ut «arbeidsledermodellen» og kvalifiseringsprogrammet (KVP) sammen med IPS."
    assert _blanked(named, find_measures(named)) == ["arbeidsledermodellen", "kvalifiseringsprogrammet", "IPS"]
    assert find_actor_blanks("Det ble holdt et møte i kommunen.") == []


def test_distractors_are_of_the_same_kind_and_never_the_answer():
    pool = build_pool(
        [
            "I 2019 var 22 prosent utenfor. I 2021 var det 30 prosent, og 111 000 personer; 4 000 flere enn i 2017.",
            "Kommunene og NAV-kontorene samarbeider med fylkeskommunene. Regjeringen vil styrke KS.",
            "Arbeidsledermodellen, HOLF-modellen og Gloppen-modellen er prøvd ut; «Flere i arbeid» også.",
        ]
    )
    years = distractors(Blank("år", 0, 4, "år"), "2020", pool)
    assert years and all(re.fullmatch(r"20\d\d", y) and y != "2020" for y in years)
    shares = distractors(Blank("tall", 0, 10, "prosent"), "16 prosent", pool)
    assert shares and all(s.endswith(" prosent") and s != "16 prosent" for s in shares)
    actors = distractors(Blank("aktør", 0, 9, "kommunen"), "kommunene", pool)
    assert "kommunene" not in [a.lower() for a in actors] and "NAV-kontorene" in actors
    pool = build_pool(
        ["Arbeidsledermodellen, HOLF-modellen og Gloppen-modellen er prøvd ut. HOLF-modellen og Gloppen-modellen."]
    )
    models = distractors(Blank("tiltak", 0, 20, "modellen"), "Arbeidsledermodellen", pool)
    assert set(models) == {"HOLF-modellen", "Gloppen-modellen"}  # names the corpus uses more than once


def test_a_question_hides_its_answer_and_offers_it_once():
    pool = build_pool(["Kommunene, NAV, fylkeskommunene, staten og KS har ansvar. Regjeringen vil. Skolene kan."])
    sentence = "Kommunene har et ansvar for å hjelpe de som ikke klarer å skaffe seg bolig."
    blank = find_actor_blanks(sentence)[0]
    choice = make_question(1, sentence, 4, blank, pool, multiple_choice=True)
    assert choice.kind == "flervalg" and choice.options.count("Kommunene") == 1 and len(choice.options) == 4
    # every option fits «_____ har et ansvar»: the same ending, or a name («NAV», «KS»)
    assert all(o.endswith("e") or o.isupper() for o in choice.options), choice.options
    assert BLANK in choice.question and "Kommunene har" not in choice.question and choice.marker == 4
    written = make_question(2, sentence, 4, blank, pool, multiple_choice=False)
    assert written.kind == "kortsvar" and written.options == [] and written.answer == "Kommunene"


@pytest.mark.parametrize("topic", TOPICS)
def test_course_module_is_cited_and_its_quiz_answers_come_from_the_sources(assistant, corpus, topic):
    course = build_course(assistant, topic)
    assert not course.abstained and course.learning_goals
    by_marker = {c.marker: c for c in course.citations}
    assert sorted(by_marker) == list(range(1, len(course.citations) + 1))
    assert course.key_points
    for point in course.key_points:
        for marker in point.markers:
            assert_resolves(corpus, by_marker[marker], point.quote or point.text)
    assert MIN_QUESTIONS <= len(course.quiz) <= MAX_QUESTIONS
    assert {q.kind for q in course.quiz} == {"flervalg", "kortsvar"}
    assert [q.number for q in course.quiz] == list(range(1, len(course.quiz) + 1))
    corpus_text = fold(" ".join(c.text for c in assistant.snapshot.chunks))  # as indexed (OCR-repaired)
    for q in course.quiz:
        citation = by_marker[q.marker]
        assert q.quote == citation.quote and q.answer in q.quote and BLANK in q.question
        assert_resolves(corpus, citation, q.quote)
        if q.kind == "flervalg":
            assert len(q.options) == 4 and q.options.count(q.answer) == 1
            for option in q.options:  # the wrong options are taken from the corpus too, not made up
                assert option.split(" prosent")[0].split(" pst")[0] in corpus_text


def test_course_outside_the_documents_and_bad_topics(assistant):
    course = build_course(assistant, "Hvilke særregler gjelder for fordrevne fra Ukraina?")
    assert course.abstained and course.quiz == [] and course.citations == []
    with pytest.raises(QuestionError, match="Temaet er tomt"):
        build_course(assistant, " ")


def test_a_course_declines_by_the_chats_judged_decision(assistant, monkeypatch):
    from dataclasses import replace

    topic = "kvalifiseringsprogrammet og sosialhjelp"
    chat = assistant.ask(topic)
    assert build_course(assistant, topic).abstained == chat.abstained
    monkeypatch.setattr(assistant, "judge", replace(assistant.judge, threshold=0.0))  # declines everything judged
    declined = build_course(assistant, topic)
    assert declined.abstained and declined.quiz == [] and declined.notices[0].startswith("Dette finner jeg ikke")
