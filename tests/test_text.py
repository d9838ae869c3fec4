from assistant.condense import condense_question, is_follow_up
from assistant.text import detect_language, question_type, split_sentences


def test_sentences_respect_abbreviations_and_bullets():
    text = "Regjeringen vil bl.a. styrke NAV. Se Meld. St. 32 kap. 2.2 om dette.\n\nHva kan KS gjøre?\n\n- KS kan bistå kommunene."
    assert [s.text for s in split_sentences(text)] == [
        "Regjeringen vil bl.a. styrke NAV.",
        "Se Meld. St. 32 kap. 2.2 om dette.",
        "Hva kan KS gjøre?",
        "KS kan bistå kommunene.",
    ]


def test_sentence_offsets_point_into_the_text():
    text = "Første setning her.  Andre setning\nover to linjer."
    for sentence in split_sentences(text):
        assert " ".join(text[sentence.start : sentence.end].split()) == sentence.text


def test_language_and_question_type():
    assert detect_language("Why do municipalities find it hard to prioritise?") == "en"
    assert detect_language("Hvorfor er det vanskelig å få jobb?") == "nb"
    assert question_type("Hvem har ansvaret for ettervern?") == "ansvar"
    assert question_type("Hvor mange unge står utenfor?") == "fakta"
    assert question_type("Hvorfor faller unge ut av skolen?") == "barriere"
    assert question_type("Hva vil regjeringen gjøre for unge?") == "tiltak"


def test_follow_up_gets_the_previous_question():
    history = [
        {"role": "user", "content": "Hva er varig tilrettelagt arbeid?"},
        {"role": "assistant", "content": "Et statlig arbeidsmarkedstiltak."},
    ]
    assert is_follow_up("Og hvem har ansvaret for det?")
    condensed = condense_question("Og hvem har ansvaret for det?", history)
    assert "varig tilrettelagt arbeid" in condensed and condensed.startswith("Og hvem har ansvaret")
    standalone = "Hvilke tiltak foreslår regjeringen for unge sosialhjelpsmottakere i storbyene?"
    assert condense_question(standalone, history) == standalone
    assert condense_question("Og hvem har ansvaret for det?", []) == "Og hvem har ansvaret for det?"


def test_follow_up_with_weights_takes_the_most_specific_words():
    history = [
        {"role": "user", "content": "Hva var STYRK-prosjektet ved NAV Sagene?"},
        {"role": "assistant", "content": "Et prosjekt for kartlegging av langtidsmottakere."},
    ]
    weights = {
        "STYRK-prosjektet": 5.0,
        "Sagene": 4.0,
        "NAV": 1.0,
        "langtidsmottakere": 3.0,
        "kartlegging": 2.0,
        "prosjekt": 0.5,
    }
    condensed = condense_question("Hvem betalte for det?", history, lambda w: weights.get(w, 0.0))
    # the question's words state the topic; the answer adds its single most specific word
    assert condensed == "Hvem betalte for det? (STYRK-prosjektet Sagene NAV langtidsmottakere)"
    # a word the follow-up already has is not repeated
    again = condense_question("Hvem betalte for Sagene-det?", history, lambda w: weights.get(w, 0.0))
    assert again.endswith("(STYRK-prosjektet NAV langtidsmottakere)")
