"""The answerability judge: its signals read the chosen answer, and the fitted model is what the chain uses."""

import json

from assistant.answerability import MODEL_FILE, Judge, Signals, fit, novel_share, signals
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
