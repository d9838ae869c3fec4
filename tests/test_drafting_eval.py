"""The drafting evaluation counts what a reader would catch, on drafts made by hand."""

from assistant.drafting.course import CourseModule
from assistant.drafting.note import NoteDraft, NoteSection, Statement
from assistant.drafting.quiz import QuizQuestion
from assistant.evaluation.drafting import note_counts, on_topic_rows, quiz_counts, summary, template_goals
from assistant.evaluation.records import EvalRow, EvidenceQuote
from assistant.evaluation.spans import EvidenceIndex
from assistant.records import Citation

RAW = "Kommunene har ansvar for sosialhjelpen. Dette gjelder også unge. Ragnar Næss mente at kurs ikke hjelper."


def _citation(marker, start, end, document="afi.txt"):
    return Citation(
        marker=marker,
        document=document,
        title="T",
        short_title="AFI-rapport 2013:10",
        start_char=start,
        end_char=end,
        quote=RAW[start:end],
    )


def _note(statements, citations, key="ansvar"):
    return NoteDraft(
        topic="sosialhjelp",
        title="Notat: sosialhjelp",
        created="2026-01-01",
        sections=[
            NoteSection(key=key, heading="Ansvar og roller", statements=statements),
            NoteSection(key="tiltak", heading="Tiltak"),
        ],
        citations=citations,
    )


def test_note_counts_unresolved_openings_attribution_gold_and_empty_headings():
    c1, c2, c3 = _citation(1, 0, 39), _citation(2, 40, 64), _citation(3, 65, len(RAW))
    note = _note(
        [
            Statement(text="Ifølge AFI-rapport 2013:10: «Kommunene har ansvar for sosialhjelpen.»", markers=[1]),
            Statement(text="Dette gjelder også unge.", markers=[2]),
            Statement(text="Ragnar Næss mente at kurs ikke hjelper.", markers=[3]),
        ],
        [c1, c2, c3],
    )
    row = EvalRow("q1", "Hvem har ansvar for sosialhjelp?", "ansvar", "", "", (), (EvidenceQuote("afi.txt", RAW[:39]),))
    counts = note_counts(note, {"afi.txt": "seminarrapport"}, EvidenceIndex({"afi.txt": RAW}), [row])
    assert counts.statements == 3 and counts.unresolved_openings == 1
    assert counts.reported_views == 3 and counts.attributed_views == 2  # «Ifølge …» and «… mente at …»
    assert counts.with_gold == 3 and counts.in_gold == 1 and counts.empty_headings == 1
    white = note_counts(note, {"afi.txt": "stortingsmelding"})
    assert white.reported_views == 1 and white.with_gold == 0  # only the sentence with a view verb


def test_dev_questions_on_a_topic_share_two_of_its_words():
    rows = [
        EvalRow(
            "a",
            "Hva er kvalifiseringsprogrammet for sosialhjelpsmottakere?",
            "fakta",
            "",
            "",
            (),
            (EvidenceQuote("x", "y"),),
        ),
        EvalRow("b", "Hva gjør kommunen for unge?", "fakta", "", "", (), (EvidenceQuote("x", "y"),)),
    ]
    assert [r.id for r in on_topic_rows("kvalifiseringsprogrammet og sosialhjelp", rows)] == ["a"]


def _q(answer, question, options=(), quote="", kind="tall"):
    return QuizQuestion(
        number=1,
        kind="flervalg" if options else "kortsvar",
        question=question,
        options=list(options),
        answer=answer,
        quote=quote or question,
        marker=1,
        blank_kind=kind,
    )


def test_quiz_counts_the_defects_a_kursholder_would_reject():
    course = CourseModule(
        topic="kvalifiseringsprogrammet",
        title="Kursmodul",
        learning_goals=["Kjenne til hva dokumentene sier om kvalifiseringsprogrammet."],
        quiz=[
            _q("3", "Hvilket tall mangler? «Det er viktig _____ arbeide.»", quote="Det er viktig 3 arbeide."),
            _q("18 prosent", "Hvilket tall mangler? «Andelen falt med _____.»", quote="Andelen falt med 18 prosent."),
            _q(
                "Kuvalifiseringsprogrammet",
                "Hvilket tiltak? «_____ ble innført i 2007.»",
                ["Kuvalifiseringsprogrammet", "kvalifiseringsprogrammet", "Ny sjanse", "IPS"],
                kind="tiltak",
                quote="Kuvalifiseringsprogrammet ble innført i 2007.",
            ),
            _q(
                "kommunen",
                "Hvem? «_____ har ansvar.»",
                ["kommunen", "NAV", "staten", "KS"],
                kind="aktør",
                quote="Andelen falt med 18 prosent.",
            ),
        ],
    )
    counts = quiz_counts(course)
    assert counts.questions == 4 and counts.lone_digit_or_fragment == 1 and counts.number_without_unit == 1
    assert counts.answer_in_stem_or_topic == 1 and counts.options_not_distinct == 1
    assert counts.sentence_blanked_twice == 1
    assert "ansvar" in counts.categories and "tiltak" in counts.categories


def test_template_goals_are_lines_every_course_shares_once_the_topic_is_taken_out():
    a = quiz_counts(CourseModule(topic="bolig", title="", learning_goals=["Kjenne til bolig.", "Forklare barrierer."]))
    b = quiz_counts(CourseModule(topic="arbeid", title="", learning_goals=["Kjenne til arbeid.", "Om IPS."]))
    assert template_goals([a, b]) == 1
    result = summary([], [a, b])
    assert result["quizzes"]["template_goal_lines"] == 1 and result["quizzes"]["courses_with_two_categories"] == 0
