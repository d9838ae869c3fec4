"""The answerability judge: its signals read the chosen answer, and the fitted model is what the chain uses."""

import json

import pytest

from assistant.answerability import DIRECTION, MODEL_FILE, Judge, Signals, fit, novel_share, signals
from assistant.compose import choose, score_candidates
from tests.test_compose import ETTERVERN, passage


def _signals(question: str, *texts: str, **kw) -> Signals:
    passages = [passage(t) for t in texts]
    scored, candidates = score_candidates(question, passages, idf={}, kind="generell")
    composition = choose(question, scored, candidates)
    vocabulary = set(kw.get("vocabulary", ()))
    return signals(
        question, composition, 1.0, 0.9, 0, vocabulary, tuple(sorted(vocabulary)), {}, False, passages[0].text
    )


def test_a_number_asked_and_none_quoted_is_a_missing_kind():
    answered = _signals("Hvor mange år kan ettervern vare?", ETTERVERN)
    assert answered.kind_ok == 1.0
    missing = _signals(
        "Hvor mange kroner får kommunen for ettervern?", "Ettervern er et frivillig tiltak for unge voksne."
    )
    assert missing.kind_ok == 0.0 and missing.kinds_missing == 1.0


def test_a_year_the_answer_does_not_hold_and_plans_for_results():
    later = _signals(
        "Hvor mange bostedsløse ble registrert i 2024?",
        "I 2020 ble 3 325 personer registrert som bostedsløse i den syvende kartleggingen.",
    )
    assert later.year_missing == 1.0
    same = _signals(
        "Hvor mange bostedsløse ble registrert i 2020?",
        "I 2020 ble 3 325 personer registrert som bostedsløse i den syvende kartleggingen.",
    )
    assert same.year_missing == 0.0
    plans = _signals("Hva viste resultatene fra forsøket?", "Regjeringen vil starte planlegging av et forsøk med lønn.")
    assert plans.plan_lead == 1.0


def test_novel_words_count_unless_an_ocr_like_variant_is_known():
    vocabulary = {"borger", "lønn", "utenforskap", "kvalifiseringsprogrammet"}
    assert novel_share("Hva sier dokumentene om borgerlønn?", vocabulary, tuple(sorted(vocabulary))) == 1.0
    # one letter off a long known word: OCR damage or a typo, not a new concept
    assert novel_share("Hva er kvalifiseringsprogrammeet?", vocabulary, tuple(sorted(vocabulary))) == 0.0


def test_the_fitted_model_separates_what_it_was_fitted_on_and_loads():
    # two well separated groups: the fit must put them on opposite sides of 0.5
    vectors = [[0.0, 1.0], [0.1, 0.9], [0.2, 1.0], [1.0, 0.0], [0.9, 0.1], [1.0, 0.2]]
    labels = [0, 0, 0, 1, 1, 1]
    weights, bias, means, scales = fit(vectors, labels, l2=0.1)
    judge = Judge(tuple(weights), bias, tuple(means), tuple(scales), 0.5)
    z = [bias + sum(w * (x - m) / s for w, x, m, s in zip(weights, v, means, scales)) for v in vectors]
    assert all((value > 0) == bool(label) for value, label in zip(z, labels))
    shipped = Judge.load()
    assert shipped is not None, "assistant/answerability.json is missing: run eval/fit_answerability.py"
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert data["signals"] == list(Signals.__dataclass_fields__) and 0.0 < shipped.threshold < 1.0
    assert judge.threshold == 0.5


def test_a_signal_whose_weight_would_flip_is_dropped_by_the_signed_fit():
    # column 0 separates the classes; column 1 is noise that happens to point the wrong way on these rows
    vectors = [[0.0, 0.9], [0.1, 0.2], [0.2, 0.8], [1.0, 1.0], [0.9, 0.6], [1.0, 0.9], [0.8, 0.95], [0.1, 0.1]]
    labels = [0, 0, 0, 1, 1, 1, 1, 0]
    free, _, _, _ = fit(vectors, labels, l2=0.1)
    signed, bias, means, scales = fit(vectors, labels, l2=0.1, signs=[1, -1])
    assert free[1] > 0  # unconstrained, the noise gets the wrong sign
    assert signed[1] == 0.0 and signed[0] > 0  # constrained, it is left out and the real signal stays
    z = [bias + sum(w * (x - m) / s for w, x, m, s in zip(signed, v, means, scales)) for v in vectors]
    assert all((value > 0) == bool(label) for value, label in zip(z, labels))
    assert fit(vectors, labels, l2=0.1, signs=[1, 1])[0][1] == pytest.approx(free[1])  # a sign that holds is kept
    left_out = fit(vectors, labels, l2=0.1, signs=[0, 1])[0]
    assert left_out[0] == 0.0 and left_out[1] > 0  # a sign 0 leaves the signal out, however well it separates


def test_every_signal_has_a_direction():
    assert set(DIRECTION) == set(Signals.__dataclass_fields__)
    assert set(DIRECTION.values()) <= {-1, 0, 1}
    assert sum(v != 0 for v in DIRECTION.values()) >= len(DIRECTION) - 2  # only a redundant one or two left out


def test_the_judge_reads_the_focus_in_the_passages_not_only_in_the_answer():
    question = "Hvor mange deltakere i Jobbsjansen fikk jobb i 2024?"
    answered = _signals(question, "Jobbsjansen hadde 300 deltakere. I 2024 fikk 120 av dem jobb.")
    elsewhere = _signals(question, "Lønnstilskudd gir jobb. I 2019 fikk 120 deltakere jobb.")
    assert answered.kind_top_focus == 1.0 and elsewhere.kind_top_focus == 0.0  # no count beside «Jobbsjansen»
    assert answered.focus_together == 1.0 and elsewhere.focus_together < 1.0
    assert elsewhere.year_missing == 1.0  # no quote holds 2024


def test_the_judge_reads_whether_an_asked_year_is_reported_or_only_planned():
    planned = _signals("Og hvordan gikk det i 2020?", "Nye tall for 2020 vil legges fram for sommeren 2021.")
    reported = _signals("Og hvordan gikk det i 2020?", "I 2020 fikk 1 200 deltakere jobb etter programmet.")
    assert planned.year_unreported == 1.0 and reported.year_unreported == 0.0
    # both hold the year: the older signal cannot tell a plan from a report
    assert planned.year_missing == reported.year_missing == 0.0


def test_a_declined_answer_says_which_part_is_missing(assistant, monkeypatch):
    from dataclasses import replace

    # the fixed rule: a name the corpus never uses is what is missing
    ruled = assistant.ask("Hvilke særregler gjelder for fordrevne fra Ukraina?")
    assert ruled.abstained and ruled.unanswered_parts == ["Ukraina"]
    # the judge (made to decline everything it judges): the part no passage speaks to, or the whole question
    monkeypatch.setattr(assistant, "judge", replace(assistant.judge, threshold=0.0))
    question = "Hva er kvalifiseringsprogrammet, og hvilken paragraf i sosialtjenesteloven gjelder?"
    judged = assistant.ask(question)
    assert judged.abstained and judged.answer.startswith("Dette finner jeg ikke i dokumentene.")
    assert judged.unanswered_parts and all(part.rstrip("?") in question for part in judged.unanswered_parts)
