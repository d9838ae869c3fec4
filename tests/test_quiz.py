"""Quiz questions worth asking: whole meaningful blanks, never debris, never given away, options distinct."""

import pytest

from assistant.drafting.quiz import (
    Blank,
    build_pool,
    clean_sentence,
    distractors,
    find_blanks,
    find_numbers,
    gives_away,
    same_option,
    usable_blanks,
)


def _answers(sentence, blanks):
    return [sentence[b.start : b.end] for b in blanks]


@pytest.mark.parametrize(
    "sentence",
    [
        "5. Sosialhjelpen er samfunnets siste sikkerhetsnett, med mange huller.",  # a list number
        "1/4 har få eller moderate problemer (Løyland 2013) ifølge undersøkelsen.",  # a citation year
        "Sosialhjelpen er tilfeldig og uforutsigbar, se kap. 3 og § 18 i loven.",  # references
        "Det er 8 grupper som får tilbud om oppfølging i kommunen.",  # a number without its unit
    ],
)
def test_no_number_blank_without_its_unit_or_a_dated_year(sentence):
    assert find_numbers(sentence) == []


def test_numbers_keep_their_unit_and_percentage_points_are_not_percent():
    sentence = "Sysselsettingen økte med 18 prosentpoeng, mens 22 pst. sto utenfor i 2019."
    assert _answers(sentence, find_numbers(sentence)) == ["18 prosentpoeng", "22 pst.", "2019"]
    assert [b.group for b in find_numbers(sentence)] == ["prosentpoeng", "prosent", "år"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Det er viktig for 3 arbeide med unge som står utenfor arbeidslivet i dag.",  # «å» read as «3»
        "Mange har ikke & komme seg i arbeid etter at de har fullført introduksjonsprogrammet.",  # «å» as «&»
        "De fleste har fluktbakgrunn.>® Av deltakerne kom syv av ti fra Eritrea og Syria.",  # stray symbols
        "Tiltaket ble evaluert av forskerne ved utenfor3 institutter i 2015 og i 2018.",  # a footnote digit
    ],
)
def test_sentences_with_ocr_debris_are_not_asked_about(sentence):
    assert not clean_sentence(sentence)
    assert usable_blanks(sentence, "arbeid") == []


def test_a_clean_sentence_is_asked_about():
    sentence = "I 2019 igangsatte Kristiansand det femårige programmet for 250 deltakere i kommunen."
    assert clean_sentence(sentence)
    assert "250 deltakere" in _answers(sentence, usable_blanks(sentence, "unge utenfor arbeid"))


def test_answers_the_stem_or_the_topic_gives_away_are_not_blanked():
    topic = "kvalifiseringsprogrammet"
    assert gives_away("Kuvalifiseringsprogrammet", topic)  # the OCR spelling of the topic
    assert gives_away("kvalifiseringsprogrammet", "Kvalifiseringsprogrammet og sosialhjelp")
    assert not gives_away("introduksjonsprogrammet", topic)
    sentence = "Kvalifiseringsprogrammet (KVP) er et tilbud i NAV, og KVP gir rett til kvalifiseringsstønad."
    assert all(sentence[b.start : b.end] != "KVP" for b in usable_blanks(sentence, "sosialhjelp"))
    assert "kvalifiseringsprogrammet" not in [sentence[b.start : b.end].lower() for b in usable_blanks(sentence, topic)]


def test_options_are_distinct_after_case_and_ocr_folding():
    assert same_option("Kvalifiseringsprogrammet", "kvalifiseringsprogrammet")
    assert same_option("Kuvalifiseringsprogrammet", "kvalifiseringsprogrammet")
    assert same_option("fylkeskommunen", "fylkeskornmunen") and same_option("NAV-kontoret", "NAV kontoret")
    pool = build_pool(
        [
            "Arbeidsledermodellen, HOLF-modellen, HOLF modellen og Gloppen-modellen. HOLF-modellen, Gloppen-modellen.",
            "Holf-modellen og Gloppen-modellen og Jobbcoach-modellen, Jobbcoach-modellen, HOLF-modellen.",
        ]
    )
    options = distractors(Blank("tiltak", 0, 20, "modellen"), "Arbeidsledermodellen", pool)
    assert len(options) == len({o.lower().replace("-", "").replace(" ", "") for o in options}) == 3


def test_distractors_share_the_unit_of_the_answer():
    pool = build_pool(["Det var 12 prosentpoeng, 25 prosentpoeng og 30 prosent, og 40 prosent og 7 prosentpoeng."])
    options = distractors(Blank("tall", 0, 15, "prosentpoeng"), "18 prosentpoeng", pool)
    assert options and all(o.endswith(" prosentpoeng") for o in options)


def test_actors_in_proper_names_and_adjectives_are_not_blanked():
    sentence = "Bydel Sagene har hatt et eget utviklingssenter for kvalifisering og arbeid siden 1996."
    assert "Bydel" not in _answers(sentence, find_blanks(sentence))
    adjective = "NAV Sagene har 40 statlig ansatte med ansvar for folketrygdens ytelser i bydelen."
    assert "statlig" not in _answers(adjective, find_blanks(adjective))


def test_the_second_half_of_a_coordinated_compound_is_no_blank():
    from assistant.drafting.quiz import find_measures

    sentence = "Helse- og omsorgstjenesteloven sier ikke hvordan tilbudet skal organiseres."
    assert [sentence[b.start : b.end] for b in find_measures(sentence)] == []
    whole = "Kvalifiseringsprogrammet skal bidra til at flere kommer i arbeid."
    assert [whole[b.start : b.end] for b in find_measures(whole)] == ["Kvalifiseringsprogrammet"]


def test_a_goal_names_its_statement_up_to_its_sentence_end_not_an_abbreviation():
    from assistant.drafting.course import _gist
    from assistant.drafting.findings import Finding
    from assistant.text import Sentence
    from tests.test_compose import passage

    quote = "I Meld. St. 33 (2023–2024) sier regjeringen at de vil etablere en ordning. Den skal prøves ut."
    finding = Finding("tiltak", passage(quote), Sentence(0, len(quote), quote), 1.0, quote=quote)
    assert _gist(finding) == "I Meld. St. 33 (2023–2024) sier regjeringen at de vil etablere en ordning"  # not «I Meld»
