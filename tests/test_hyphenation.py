import pytest

from ingest.hyphenation import find_hyphenation_joins
from ingest.lexicon import build_lexicon
from ingest.mapped_text import MappedText, apply_edits


def join(text: str, **kwargs) -> str:
    return apply_edits(text, find_hyphenation_joins(text, **kwargs))


def test_joins_word_on_first_line_and_keeps_rest_on_second():
    assert join("bredt til-\ngjengelige tjenester innen") == "bredt tilgjengelige\ntjenester innen"


def test_word_ending_its_line_leaves_the_second_line_empty():
    assert join("samfunnet og felles-\nskapet.\n\nGode") == "samfunnet og fellesskapet.\n\n\nGode"


def test_joins_across_a_blank_line():
    assert join("sosialdeparte-\n\nmentet om") == "sosialdepartementet\n\nom"


def test_keeps_shortened_compound_before_conjunction():
    text = "Lov om arbeids-\nog velferdsforvaltningen"
    assert join(text) == text
    assert join("helse-\neller omsorg") == "helse-\neller omsorg"


def test_keeps_hyphen_before_capital_and_after_acronym():
    assert join("i Vest-\nAgder fylke") == "i Vest-Agder\nfylke"
    assert join("De forste NAV-\nkontorene ble") == "De forste NAV-kontorene\nble"


def test_joins_inside_hyphenated_compound():
    assert join("De forste NAV-kon-\ntorene ble") == "De forste NAV-kontorene\nble"


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("perioden 2020-\n2021 var", "perioden 2020-2021\nvar"),  # a range: the hyphen is printed
        ("Meld. St. 33 (2015-\n2016) NAV i", "Meld. St. 33 (2015-2016)\nNAV i"),
        ("i alderen 18-\n66 år som", "i alderen 18-66\når som"),
        ("siden 1990-\ntallet er", "siden 1990-tallet\ner"),  # a decade: never «1990tallet»
        ("mange 16-24-\nåringer har", "mange 16-24-åringer\nhar"),
    ],
)
def test_a_hyphen_after_a_digit_is_printed_and_the_line_break_goes(text, joined):
    assert join(text) == joined


@pytest.mark.parametrize(
    "text",
    [
        "i 1980-\nog 1990-tallet",  # a shortened compound before «og»
        "andel i 2019-\n\n3 Kilde: SSB",  # a blank line: the number ends a line of figures
        "perioden 2020 —\n2021 var",  # a dash
    ],
)
def test_numbers_before_a_conjunction_blank_line_or_dash_are_left_alone(text):
    assert join(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "behov rundt NAV-\n\nBoks 8.3 Prosjektet Utsiden inn\n\nkontoret. Dette",
        "land i OECD-\n\nFigur 2.3 Andel sysselsatte\n\nområdet er",
        "som Hen-\nTabell 4.1 Mottakere\nkelsen viser",
    ],
)
def test_no_join_onto_a_caption_or_box_title(text):
    assert join(text) == text


def test_lexicon_keeps_known_hyphenated_compound():
    lexicon = build_lexicon(["Vi sendte en e-post og en sms-melding."])
    assert join("en sms-\nmelding til", lexicon=lexicon) == "en sms-melding\ntil"
    assert join("en kon-\ntakt til", lexicon=lexicon) == "en kontakt\ntil"


def test_offsets_stay_monotone():
    text = "Gode og bredt til-\ngjengelige tjenester og felles-\nskapet.\n"
    mapped = MappedText.identity(text).apply(find_hyphenation_joins(text))
    assert list(mapped.offsets) == sorted(mapped.offsets)
    assert len(mapped.offsets) == len(mapped.text)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("mottok KVP- deltakerne et nytt", "mottok KVP-deltakerne et nytt"),
        ("2020. NAV- rapport 2020: 4", "2020. NAV-rapport 2020: 4"),
        ("i alle EU- landene", "i alle EU-landene"),
    ],
)
def test_a_space_left_after_an_acronyms_compound_hyphen_goes(text, joined):
    assert join(text) == joined


@pytest.mark.parametrize("text", ["både NAV- og Bufdir-tall", "OECD- eller EU-land", "helse- og omsorg"])
def test_a_shortened_compound_before_a_conjunction_keeps_its_space(text):
    assert join(text) == text
