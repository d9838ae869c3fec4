"""Real-word OCR errors decided from context: «det ber vurderes» is «det bør vurderes»."""

from ingest.lexicon import build_lexicon
from ingest.mapped_text import apply_edits
from ingest.realword import build_context_model, candidates, find_realword_repairs

CLEAN = (
    "Det er viktig å vurdere tiltak. Vi må vurdere dette nøye. Det er behov for å være tydelig. "
    "Hun ber om hjelp fra kommunen. De som bor alene har ofte dårligere levekår. "
    "Kommunen bør være en pådriver, og staten bør få mer ansvar. Mange som bor i byene får hjelp. "
) * 3


def _repair(text: str) -> str:
    lexicon = build_lexicon([CLEAN])
    return apply_edits(text, find_realword_repairs(text, lexicon, build_context_model(text, lexicon)))


def test_modal_before_an_infinitive_or_passive_is_restored():
    assert _repair("Det ber vurderes om ordningen skal endres.") == "Det bør vurderes om ordningen skal endres."
    assert _repair("Tjenesten bor være mer tilgjengelig.") == "Tjenesten bør være mer tilgjengelig."
    assert _repair("Elevene ber også være med.") == "Elevene bør også være med."


def test_the_printed_word_stays_when_its_own_context_fits():
    for text in ("Hun ber om hjelp fra NAV.", "De som bor alene får hjelp.", "Mange bor i byene nå."):
        assert _repair(text) == text


def test_candidates_are_one_confusable_vowel_away():
    lexicon = build_lexicon([CLEAN])
    assert "bør" in candidates("ber", lexicon) and "bør" in candidates("bor", lexicon)
    assert "før" in candidates("for", lexicon)
    assert candidates("NAV", lexicon) == () or "NAV" not in candidates("NAV", lexicon)
    assert candidates("bør", lexicon) == () or "ber" not in candidates("bør", lexicon)


def test_case_is_kept():
    assert _repair("Det Ber vurderes.") == "Det Bør vurderes."


def test_a_passive_of_an_ere_verb_marks_the_modal_slot_without_counts():
    assert _repair("Tiltaket bor kombineres med oppfølging.") == "Tiltaket bør kombineres med oppfølging."
    assert _repair("De som bor sammen med foreldrene.") == "De som bor sammen med foreldrene."


PARTICIPLE_CLEAN = CLEAN + "Målet er å føre samtalen videre. Vi ønsker å lese mer. Det skal være lett å løse. " * 3


def _repair_with_verbs(text: str) -> str:
    lexicon = build_lexicon([PARTICIPLE_CLEAN])
    return apply_edits(text, find_realword_repairs(text, lexicon, build_context_model(text, lexicon)))


def test_a_participle_after_har_or_hadde_is_restored():
    assert _repair_with_verbs("Koronapandemien har fort til store endringer.") == (
        "Koronapandemien har ført til store endringer."
    )
    assert (
        _repair_with_verbs("Regjeringen hadde fort en aktiv politikk.") == "Regjeringen hadde ført en aktiv politikk."
    )
    assert _repair_with_verbs("Det kan ha fort til fortrengning.") == "Det kan ha ført til fortrengning."


def test_an_adverb_without_the_auxiliary_or_a_participle_pair_stays():
    for text in ("Det gikk fort til slutt.", "Hun har lest rapporten.", "Det har gått fort."):
        assert _repair_with_verbs(text) == text
