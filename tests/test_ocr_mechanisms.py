"""The OCR repair mechanisms fitted against the held-out excerpts: each with variants and a case it must leave."""

import pytest

from ingest.lexicon import build_lexicon
from ingest.mapped_text import Edit
from ingest.ocr_markers import marker_edit, renumber_markers
from ingest.ocr_repair import repair_ocr_text

CLEAN = (
    "Det er særlige utfordringer for de særlige gruppene. Levekårene er bedre. "
    "Forskeren Knut Røed har skrevet om dette, og Kari Sæther har svart. Økonomisk sosialhjelp gis."
)


@pytest.fixture(scope="module")
def lexicon():
    return build_lexicon([CLEAN])


@pytest.fixture(scope="module")
def bare_lexicon():
    return build_lexicon(["Dette er en tekst uten navn."])


def repair(text: str, lexicon) -> str:
    return repair_ocr_text(text, lexicon)[0]


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("bedre levekarene for vanskeligstilte", "bedre levekårene for vanskeligstilte"),  # not «leve» + «karene»
        ("de som ettersper arbeidskraft", "de som etterspør arbeidskraft"),  # not «etter» + «sper»
        ("kompensere for serlige utgifter", "kompensere for særlige utgifter"),  # the domain word, not «sørlige»
    ],
)
def test_a_solid_word_beats_a_compound_of_the_raw_letters(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize("text", ["nye aktører på tiltaksfeltet i dag", "de arbeidsmarkedstiltakene som virker"])
def test_correct_rare_compounds_stay(lexicon, text):
    assert repair(text, lexicon) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("i rapporten Samfunnsokonomisk vurdering av", "i rapporten Samfunnsøkonomisk vurdering av"),
        ("omtalt i Sokelys på arbeidsmarkedet", "omtalt i Søkelys på arbeidsmarkedet"),
        ("oppvekst i Kjolvannet av krisen", "oppvekst i Kjølvannet av krisen"),
    ],
)
def test_capitalised_words_inside_a_sentence(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize("text", ["skrevet av Holmas og Steskal", "ifølge Hoen og Markussen"])
def test_names_without_a_solid_reading_stay(lexicon, text):
    assert repair(text, lexicon) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Fevang, E., Markussen, S. & Reed, K. (2020).", "Fevang, E., Markussen, S. & Røed, K. (2020)."),
        ("Bratsberg, B. & Roed, K. (2013).", "Bratsberg, B. & Røed, K. (2013)."),
        ("som K. Reed har vist", "som K. Røed har vist"),
        ("J., Sether, E.M., Evje, T.", "J., Sæther, E.M., Evje, T."),
    ],
)
def test_names_of_the_clean_documents(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


def test_a_word_that_is_also_a_name_changes_only_as_a_name(lexicon):
    assert repair("the Reed report", lexicon) == "the Reed report"  # «Reed» is a word, and no initial is near


def test_names_need_the_clean_documents(bare_lexicon):
    assert repair("Bratsberg, B. & Roed, K. (2013).", bare_lexicon) == "Bratsberg, B. & Roed, K. (2013)."


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("skal gjore seg Kkjent med", "skal gjøre seg kjent med"),
        ("Det er Kklart at", "Det er klart at"),
        ("ble redusert. Kklart bedre ble det", "ble redusert. Klart bedre ble det"),
        ("Jkonomisk sosialhjelp er ment", "Økonomisk sosialhjelp er ment"),
        ("pga. Jkt arbeidsledighet", "pga. Økt arbeidsledighet"),
    ],
)
def test_capitals_the_ocr_made_up(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize("text", ["Jensen og Kkk skrev", "ifølge Jonas Ssb"])
def test_real_capitals_stay(lexicon, text):
    assert repair(text, lexicon) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("andelen er hayere i Norge", "andelen er høyere i Norge"),  # ø read as a
        ("sosial og egkonomisk trygghet", "sosial og økonomisk trygghet"),  # ø read as eg
        ("risikoen ogker med alderen", "risikoen øker med alderen"),  # ø read as og
        ("tiltak for skoleløpet og legpende oppfølging", "tiltak for skoleløpet og løpende oppfølging"),
    ],
)
def test_rarer_readings_of_oe(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize("text", ["Rege, M. og Bog, M. skrev", "barn og unge og deres familier"])
def test_eg_and_og_stay_before_a_vowel_or_at_the_end(lexicon, text):
    assert repair(text, lexicon) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("har vært i arbeid.® Det kan\n\n6 Fevang, E. (2020). Gråsoner.", "arbeid.6 Det"),
        ("felles samfunnsoppdrag.»® I avtalen\n\n3 Samarbeidsavtale mellom KS", "samfunnsoppdrag.»3 I"),
        ("helserelaterte ytelser!. OECD trekker\n\n1 I tillegg til uføretrygd.", "ytelser1. OECD"),
        ("Norge.? Å redusere\n\n1 Tekst.\n\n2 Fernandez, R. (2020).", "Norge.2 Å"),
    ],
)
def test_footnote_markers_take_the_number_of_a_following_body(lexicon, raw, fixed):
    assert fixed in repair(raw, lexicon)


def test_a_marker_without_bodies_keeps_its_signs_digit():
    edit = marker_edit("arbeid.®", 0)
    assert edit == Edit(7, 8, "3")
    assert renumber_markers("arbeid.® Det kan bety", [edit]) == [edit]


def test_markers_of_two_signs_keep_their_digits_unless_the_page_numbers_them():
    edit = marker_edit("idrettslag.!®", 0)
    assert edit is not None and edit.replacement == "13"
    assert renumber_markers("idrettslag.!® Tekst\n\n13 Bakken, A.", [edit])[0].replacement == "13"
    assert renumber_markers("idrettslag.!® Tekst\n\n4 Bakken, A.", [edit])[0].replacement == "13"  # 1 digit ≠ 2
    assert renumber_markers("idrettslag.!® Tekst\n\n67 Bakken, A.", [edit])[0].replacement == "67"


PAGE = "2 Fernandez, R. (2020).\n\nTekst om arbeid.{a} Mer tekst om inntekt.{b} Slutt.{c}\n\n{bodies}"


def _numbers(text: str) -> list[str]:
    from ingest.ocr_repair import find_ocr_repairs

    edits = find_ocr_repairs(text, build_lexicon([CLEAN]))
    return [e.replacement for e in edits if e.replacement.isdigit()]


@pytest.mark.parametrize(
    ("signs", "bodies", "numbers"),
    [
        (("?", "*", "”"), "3 NOU 2019: 7.\n\n5 Grasdal, A. (2016).", ["3", "4", "5"]),  # 4's body was lost
        (("®", "”", "’"), "", ["3", "4", "5"]),  # every body lost: the page's numbering goes on from 2
        (("’", "®", "”"), "7 Arbeids- og velferdsdirektoratet (2020).", ["7", "8", "9"]),
    ],
)
def test_a_marker_whose_body_was_lost_continues_the_numbering(signs, bodies, numbers):
    a, b, c = signs
    assert _numbers(PAGE.format(a=a, b=b, c=c, bodies=bodies)) == numbers


def test_a_chapter_heading_is_no_body_and_restarts_the_numbering():
    text = " 3 Tidlig og samordnet innsats\n\n3.1 Innledning\n\nBarn lærer senere.! Og mer enn andre.?\n"
    assert _numbers(text) == ["1", "2"]


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Sysselsettingsutvalgets rapporter? gir viktige bidrag", "rapporter2 gir"),
        ("DFØ har publisert en veileder!!\nfor offentlige oppdragsgivere", "veileder11\nfor"),
        ("fra lavinntekt®® i Norge", "lavinntekt33 i"),
    ],
)
def test_signs_glued_to_a_word_are_a_marker_when_the_sentence_goes_on(lexicon, raw, fixed):
    assert fixed in repair(raw, lexicon)


@pytest.mark.parametrize(
    "text",
    [
        "Er VTA lønnsomt?\n\ningen som skal",
        "Hva nå? Vi vet ikke.",
        "Hvorfor? Fordi",
        "ordet ”arbeid” brukes",
        "ordet ’nave’ brukes",
    ],
)
def test_a_question_or_a_closing_quote_after_a_word_is_no_marker(lexicon, text):
    assert repair(text, lexicon) == text


def test_the_word_a_marker_is_glued_to_is_repaired_too(lexicon):
    assert "arbeidsmiljø.3 For" in repair("et ugunstig arbeidsmiljg.® For deltakelse", lexicon)


@pytest.mark.parametrize("token", ["(re)employment?:", "Hva nå?", "arbeid.", "ytelser1."])
def test_real_punctuation_is_no_marker(token):
    assert marker_edit(token, 0) is None


INFINITIVES = "For å nå målet må vi stå sammen. Det er viktig å nå fram og å stå i jobb. Ni av ti får hjelp. " * 3


def _realword(text: str) -> str:
    from ingest.mapped_text import apply_edits
    from ingest.realword import build_context_model, find_realword_repairs

    lexicon = build_lexicon([INFINITIVES])
    return apply_edits(text, find_realword_repairs(text, lexicon, build_context_model(text, lexicon)))


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("For å ni målet om økt arbeidsinkludering", "For å nå målet om økt arbeidsinkludering"),
        ("Det er krevende å sti i jobb.", "Det er krevende å stå i jobb."),
    ],
)
def test_after_the_infinitive_marker_i_is_read_for_aa(raw, fixed):
    assert _realword(raw) == fixed


@pytest.mark.parametrize("text", ["Ni av ti får hjelp.", "Det var ni personer som fikk hjelp.", "de har gitt svar"])
def test_i_stays_outside_the_infinitive_slot(text):
    assert _realword(text) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("For & lykkes med det må veiledere", "For å lykkes med det må veiledere"),
        ("det er vanskelig 4 lykkes i jobb", "det er vanskelig å lykkes i jobb"),
    ],
)
def test_the_infinitive_marker_before_a_verb_in_es(raw, fixed):
    lexicon = build_lexicon(["Det er viktig å lykkes. Mange ønsker å lykkes i arbeid."])
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("som er for friske til 4 f4 et tilbud", "som er for friske til å få et tilbud"),  # the verb damaged too
        ("det er vanskelig 4 f4 endene til", "det er vanskelig å få endene til"),
        ("motivere unge til raskt 8 komme over i arbeid", "motivere unge til raskt å komme over i arbeid"),
        ("barrierer for 8 komme i jobb", "barrierer for å komme i jobb"),
        ("igjen. P4 samme måte som med tidlig innsats", "igjen. På samme måte som med tidlig innsats"),
        ("samarbeid p4 regionalt nivå", "samarbeid på regionalt nivå"),
    ],
)
def test_digits_for_aa_before_a_verb_and_in_paa(raw, fixed):
    lexicon = build_lexicon(["Det er viktig å komme i jobb og å få hjelp. Vi må få det til på samme måte."])
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "De fikk 8 uker med 8 andre deltakere og 8 unge.",
        "Dette er omtalt i kapittel 8 komme tilbake til.",
        "se figur 4 komme nedenfor",
        "Vi har 8 kommuner og 4 fylker.",
    ],
)
def test_a_digit_that_counts_or_numbers_stays(text):
    lexicon = build_lexicon(["Det er viktig å komme i jobb og å få hjelp. Mange ønsker å komme i arbeid."])
    assert repair(text, lexicon) == text


def test_a_number_before_a_plural_in_es_stays():
    lexicon = build_lexicon(["Det er viktig å lykkes."])
    assert repair("det kom 4 bussers last", lexicon) == "det kom 4 bussers last"


def test_a_leading_hyphen_is_no_part_of_the_word(lexicon):
    assert repair("lovtolking og -forstaelse i samsvar", lexicon) == "lovtolking og -forståelse i samsvar"


@pytest.mark.parametrize(
    "raw",
    ["ha en samlet kompetanse som dek-\n Kommunens særlige ansvar", "de som trenger oppmerk-\nBoks 7.2 Tiltak"],
)
def test_no_join_of_a_lower_case_syllable_with_a_capitalised_line(lexicon, raw):
    assert repair(raw, lexicon) == raw


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [("samarbeid med NAV-\nkontoret i dag", "NAV-kontoret"), ("fastlege-\nNAV samarbeid", "fastlege-NAV")],
)
def test_real_hyphens_before_a_capital_still_join(lexicon, raw, fixed):
    assert fixed in repair(raw, lexicon)


YEARS = "Høsten 2012 kom rapporten. Våren 2013 fulgte en ny. Han satt på hesten og red. " * 2


def _year_realword(text: str) -> str:
    from ingest.mapped_text import apply_edits
    from ingest.realword import build_context_model, find_realword_repairs

    lexicon = build_lexicon([YEARS])
    return apply_edits(text, find_realword_repairs(text, lexicon, build_context_model(text, lexicon)))


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Regjeringen la hesten 2020 fram en strategi.", "Regjeringen la høsten 2020 fram en strategi."),
        ("Varen 2021 startet arbeidet.", "Våren 2021 startet arbeidet."),
        ("Dette ble vedtatt varen 2020, og arbeidet fortsetter.", "Dette ble vedtatt våren 2020, og arbeidet"),
    ],
)
def test_a_year_after_the_word_marks_a_time_of_year(raw, fixed):
    assert _year_realword(raw).startswith(fixed)


@pytest.mark.parametrize("text", ["Han satt på hesten og red hjem.", "Hesten 2 vant løpet.", "de solgte varen."])
def test_without_a_year_the_word_stays(text):
    assert _year_realword(text) == text


@pytest.mark.parametrize("text", ["i perioden 2019 -2020 økte andelen", "se tabellen - den viser", "et --- skille"])
def test_a_lone_or_numeric_hyphen_is_left_alone(lexicon, text):
    assert repair(text, lexicon) == text


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("muligheten til &4 drive kvalitativ", "muligheten til å drive kvalitativ"),
        ("er det nå mulig 4& endre tekster", "er det nå mulig å endre tekster"),
    ],
)
def test_an_aa_read_as_two_signs(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


def test_two_signs_before_a_number_stay(lexicon):
    assert repair("i tabell &4 2020 viser", lexicon) == "i tabell &4 2020 viser"


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("økonomistyring (DFQ) jobber", "økonomistyring (DFØ) jobber"),
        ("DF@ har publisert", "DFØ har publisert"),
        ("land utenfor EU/E@S og langtidsledige", "land utenfor EU/EØS og langtidsledige"),
        ("utenfor EQS-området", "utenfor EØS-området"),
    ],
)
def test_an_oe_read_as_at_or_q_inside_capitals(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize("text", ["data i SQL og IQ-tester", "LGBTQ-personer", "Quintini, G. (2018)", "AQUA"])
def test_q_in_other_capitals_stays(lexicon, text):
    assert repair(text, lexicon) == text


MODAL_TEXT = "Vi må stå sammen. Det er lett å stå i jobb, å gå videre og å gi støtte. Ni av ti får hjelp. " * 3


def _modal_realword(text: str) -> str:
    from ingest.mapped_text import apply_edits
    from ingest.realword import build_context_model, find_realword_repairs

    lexicon = build_lexicon([MODAL_TEXT])
    return apply_edits(text, find_realword_repairs(text, lexicon, build_context_model(text, lexicon)))


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("for å kunne sti i arbeid", "for å kunne stå i arbeid"),
        ("barn kan ga i barnehage", "barn kan gå i barnehage"),
    ],
)
def test_after_a_modal_a_short_verb_in_final_aa(raw, fixed):
    assert _modal_realword(raw) == fixed


@pytest.mark.parametrize("text", ["Avtalen skal gi trygghet", "Det vil si at flere", "nesten ni av ti deltakere"])
def test_short_verbs_that_are_right_stay_after_a_modal(text):
    assert _modal_realword(text) == text


ABBREVIATED = "Det gjelder bl.a. barn, f.eks. unge. " * 6


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("Dette gjelder bla. spesialisering", "Dette gjelder bl.a. spesialisering"),
        ("personer med feks. dårlig helse", "personer med f.eks. dårlig helse"),
    ],
)
def test_an_abbreviation_the_document_prints_with_stops_gets_them_back(lexicon, raw, fixed):
    assert repair(ABBREVIATED + raw, lexicon).endswith(fixed)


def test_an_abbreviation_the_document_also_writes_collapsed_stays(lexicon):
    text = "Norce m.fl. og Fafo mfl. og NIFU mfl. skrev. " * 2
    assert repair(text, lexicon) == text
    assert repair("Dette gjelder bla. spesialisering", lexicon) == "Dette gjelder bla. spesialisering"


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("sosiale entreprenører kan g fram for å komme", "sosiale entreprenører kan gå fram for å komme"),
        ("slik at de kan f varig jobb.", "slik at de kan få varig jobb."),
    ],
)
def test_a_lost_final_aa_after_a_modal(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize("text", ["mellom 0 G og 1,2 G", "de har g og h som navn", "de kan «g» skrive"])
def test_a_lone_letter_outside_the_verb_slot_stays(lexicon, text):
    assert repair(text, lexicon) == text
