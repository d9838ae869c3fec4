"""OCR repair inside hyphenated compounds, of «&» in prose, and of capitalised title words (fourth round)."""

import pytest

from ingest.lexicon import build_lexicon
from ingest.ocr_repair import repair_ocr_text

CLEAN = "Det er særlige utfordringer for de særlige gruppene. Levekårene er bedre."


@pytest.fixture(scope="module")
def lexicon():
    return build_lexicon([CLEAN])


def repair(text: str, lexicon) -> str:
    return repair_ocr_text(text, lexicon)[0]


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("PISA-undersokelsen viser at", "PISA-undersøkelsen viser at"),  # acronym, then a damaged word
        ("mange 16-24-aringer har", "mange 16-24-åringer har"),  # numbers, then a damaged word
        ("VTA-forseket ble", "VTA-forsøket ble"),
        ("i 30-arene var", "i 30-årene var"),  # a valid word, but a far commoner variant
        ("kontakt med sosiale-entreprenorer og", "kontakt med sosiale-entreprenører og"),
    ],
)
def test_each_part_of_a_hyphenated_compound_is_repaired(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize("text", ["et NAV-kontor i Vest-Agder", "i EU/EØS-området", "en 1-2-3-modell"])
def test_hyphenated_compounds_of_words_stay(lexicon, text):
    assert repair(text, lexicon) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("hvordan direktoratet jobber & med videreutvikle", "hvordan direktoratet jobber å med videreutvikle"),
        ("De veksler mellom & metes på DPS", "De veksler mellom å møtes på DPS"),  # «møtes»: no vowel at the end
        ("følger med det & eie.?3 Videre", "følger med det å eie.?3 Videre"),  # a marker glued to the verb
    ],
)
def test_ampersand_between_lower_case_words_is_the_infinitive_marker(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize(
    "text", ["Barth, E. & von Simson, K. (2013)", "Oslo Economics & Frischsenteret (2016)", "Arbeid & Helse"]
)
def test_ampersand_between_names_stays(lexicon, text):
    assert repair(text, lexicon) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("lån eller stipend fra Lanekassen er ikke", "lån eller stipend fra Lånekassen er ikke"),
        ("rapporten fra Omradesatsingen i Oslo", "rapporten fra Områdesatsingen i Oslo"),  # only a compound
        ("se notatet om Kjennsforskjeller i arbeidslivet", "se notatet om Kjønnsforskjeller i arbeidslivet"),
    ],
)
def test_a_long_capitalised_title_word_is_repaired(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize("text", ["skrevet av Kjeldstadli og Brochmann", "Holden, S., von Brasch, T., Torstensen, K."])
def test_names_that_are_no_reading_stay(lexicon, text):
    assert repair(text, lexicon) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("på lengre sikt (etter fire ar).3 Det", "på lengre sikt (etter fire år).3 Det"),
        ("knyttet til selve opplaeringen.52 Det", "knyttet til selve opplæringen.52 Det"),
        ("en vekst i okonomien,12 og", "en vekst i økonomien,12 og"),
    ],
)
def test_a_word_before_a_footnote_marker_is_repaired_too(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("seg 0gsa å holde", "seg også å holde"),
        ("barn 0g unge", "barn og unge"),
        ("med h0yere utdanning", "med høyere utdanning"),
    ],
)
def test_a_zero_for_an_o_is_repaired(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize("text", ["etter § 10a i loven", "i 2020 og 2021", "tabell 10 viser", "A0 og B0"])
def test_numbers_with_a_zero_stay(lexicon, text):
    assert repair(text, lexicon) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Nilsen, @. A. & Reiso, K. H. (2011)", "Nilsen, Ø. A. & Reiso, K. H. (2011)"),
        ("Andersen, P. L., Seippel, @. & Dalen, H.", "Andersen, P. L., Seippel, Ø. & Dalen, H."),
    ],
)
def test_at_sign_as_an_initial_is_a_capital_oe(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("den nye fullferingsreformen skal", "den nye fullføringsreformen skal"),  # «fullføring» is rare
        ("korte laeringssleoyfer i tjenesten", "korte læringssløyfer i tjenesten"),  # both parts damaged
        ("om studietilboyeligheten blant unge", "om studietilbøyeligheten blant unge"),
    ],
)
def test_a_compound_with_a_long_rarer_part_is_repaired(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize(
    "text", ["en ny tjenesteytingen her", "med uføretrygdedes barn", "det er oppskaleres nå", "Konsekvenseravamangle"]
)
def test_a_token_without_two_word_parts_stays(lexicon, text):
    assert repair(text, lexicon) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Støtte til oppfolgings- og losfunksjoner", "Støtte til oppfølgings- og losfunksjoner"),
        ("andre oppfelgings- og tilretteleggingstiltak", "andre oppfølgings- og tilretteleggingstiltak"),
        ("alle nerings- og fagfelt", "alle nærings- og fagfelt"),
    ],
)
def test_a_shortened_compound_before_og_is_repaired_with_its_link(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("videregående utdanning/leerlingelop og", "videregående utdanning/lærlingeløp og"),
        ("i skole/arbeidsliv og fritid/oppvekstmilje", "i skole/arbeidsliv og fritid/oppvekstmiljø"),
    ],
)
def test_each_part_of_a_slashed_pair_is_repaired(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize("text", ["se https://bufdir.no/Statistikk for tall", "fra arbeidslivet/skolen", "og/eller"])
def test_addresses_and_slashed_words_stay(lexicon, text):
    assert repair(text, lexicon) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("avtalen som er inngéitt med", "avtalen som er inngått med"),  # «éi»
        ("norsk spréik og kultur", "norsk språk og kultur"),
        ("i tolv maéaneder til", "i tolv måneder til"),  # «aéa»
        ("etter fire &ar. Det", "etter fire år. Det"),  # «&a»
        ("de siste &drene har", "de siste årene har"),  # «&d»
    ],
)
def test_an_aa_read_as_two_or_three_glyphs_is_repaired(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("tiltak:\n— Viderefore og styrke innsatsen", "tiltak:\n— Videreføre og styrke innsatsen"),
        ("målene:\n- A utvikle bedre styring", "målene:\n- Å utvikle bedre styring"),
        ("planen:\n• Viderefore arbeidet", "planen:\n• Videreføre arbeidet"),
    ],
)
def test_a_list_item_after_a_dash_starts_a_sentence(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


def test_a_capitalised_token_one_confusion_from_a_domain_word_is_that_word():
    domain = build_lexicon(["Levekår i byer er ulike. Gode levekår for alle. Mange levekår bedres."])
    assert repair("NOU 2020: 16 Levekar i byer", domain) == "NOU 2020: 16 Levekår i byer"
    assert repair("skrevet av Holden og Sether", domain) == "skrevet av Holden og Sether"  # no domain word


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("land utenfor EQS-omradet og", "land utenfor EØS-området og"),  # the acronym and the word after it
        ("i EU/E@S-landene", "i EU/EØS-landene"),
    ],
)
def test_the_word_after_a_repaired_acronym_is_repaired_too(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("i alle manedene i året", "i alle månedene i året"),  # not «man» + «e» + «den» + «e»
        ("gir jobbstatte til unge", "gir jobbstøtte til unge"),
        ("mange bostedslase i byen", "mange bostedsløse i byen"),
        ("Prosjektet folgeevalueres. Det", "Prosjektet følgeevalueres. Det"),  # a final «s» is a passive
    ],
)
def test_a_compound_reading_never_ends_in_a_linking_e(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed
