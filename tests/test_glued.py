"""Glued words split only at a function word, never inside a compound."""

import pytest

from ingest.glued import best_split, find_glued_words
from ingest.lexicon import build_lexicon
from ingest.mapped_text import apply_edits


@pytest.fixture(scope="module")
def lexicon():
    return build_lexicon(["Det er viktig å inkludere flere i arbeid og skole. Ulikhet i helse øker."])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.2 Forebygge og oginkludere flere", "1.2 Forebygge og og inkludere flere"),
        ("2.4.3 Sosial ulikheti helse", "2.4.3 Sosial ulikhet i helse"),
        ("for å komme ijobb igjen", "for å komme i jobb igjen"),
        ("5.2.1 Etinkluderende arbeidsmarked", "5.2.1 Et inkluderende arbeidsmarked"),
    ],
)
def test_glued_function_words_are_split(raw, expected, lexicon):
    assert apply_edits(raw, find_glued_words(raw, lexicon)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "modulstrukturert opplæring",
        "omstillingene i kommunene",
        "brukermedvirkningen er viktig",
        "overgangsstønaden ble endret",
        "en nettside (Ipluss) for unge",
        "arbeidsinkluderingen fortsetter",
    ],
)
def test_compounds_names_and_endings_stay_whole(text, lexicon):
    assert find_glued_words(text, lexicon) == []


def test_best_split_keeps_the_capital(lexicon):
    assert best_split("Tiltaki", lexicon) == "Tiltak i"
    assert best_split("inkluderingsdugnaden", lexicon) == ""
