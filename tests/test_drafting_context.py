"""A note's statement stands on its own: antecedents carried or the sentence left out, views attributed."""

import pytest

from assistant.compose import Block
from assistant.drafting.context import attributed, attribution, is_fragment, opens_unresolved, speaker, with_antecedent
from assistant.retrieval import Passage
from assistant.sentences import passage_candidates


def _passage(text="", kind="seminarrapport", section="", path="", short_title="AFI-rapport 2013:10") -> Passage:
    return Passage(
        document="afi.txt",
        text=text,
        start_char=0,
        end_char=len(text),
        clean_start=0,
        clean_end=len(text),
        section=section,
        section_path=path or section,
        section_number="",
        page=None,
        title="Barrierer mot arbeid",
        short_title=short_title,
        kind=kind,
        date="2013-05",
        score=1.0,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Når det er årsaken til at unge står utenfor arbeidsmarkedet, er det liten grunn til bekymring.",
        "Dette gjelder særlig unge med psykiske helseproblemer.",
        "Disse har ofte lav inntekt.",
        "Av disse var halvparten kvinner.",
        "Slike tiltak krever tett oppfølging.",
        "— Denne gruppen har økt mest.",
        "«Dette er et problem», sa hun.",
        "Det antas å ha sammenheng med svake norskferdigheter.",
        "Så har vi den direkte virkningen på de som faktisk deltar på tiltakene.",
        "I denne opptellingen kartlegges hvilke utfordringer brukerne har.",
    ],
)
def test_openings_that_lean_on_the_sentence_before(text):
    assert opens_unresolved(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kommunene har ansvar for sosialhjelpen.",
        "Det er behov for flere tiltaksplasser i kommunene.",
        "Denmark har en annen ordning enn Norge.",
        "Så langt har fire arbeidsledere jobbet med 103 deltakere.",
        "I 2019 igangsatte Kristiansand programmet «Flere i arbeid».",
    ],
)
def test_statements_that_stand_on_their_own(text):
    assert not opens_unresolved(text)


def test_fragments_are_cut_sentences_and_list_or_footnote_numbers():
    assert is_fragment("og velferdsetaten kan betale fylkeskommunene for realkompetansevurdering.")
    assert is_fragment("7. NAV stat og NAV kommune må samhandle mer!")
    assert is_fragment("8 I tillegg bevilget Stortinget 250 mill. kr i 2020.")
    assert not is_fragment("NAV Sagene har 130 ansatte.") and not is_fragment("2021 var et år med vekst.")


def test_reference_entries_are_not_statements():
    from assistant.drafting.context import is_reference

    assert is_reference("En litteraturhistorie, NIBR-rapport 2014:16. Bolig som familien eier selv.")
    assert is_reference("Se Fafo-notat 2019/12. Tallene gjelder 2018.")
    assert not is_reference("Rapporten fra 2014 viser at bolig er en forutsetning for arbeid.")
    candidates = passage_candidates(
        0, "En litteraturhistorie, NIBR-rapport 2014:16. Bolig som familien eier selv har betydning."
    )
    assert with_antecedent(Block(0, [0], 1.0), candidates) is None


def test_the_antecedent_is_quoted_with_the_statement_or_the_statement_is_left_out():
    text = (
        "Mange unge tar lengre utdanning enn før. Når det er årsaken til at unge står utenfor, er det liten grunn "
        "til bekymring. Dette gjelder likevel ikke alle."
    )
    candidates = passage_candidates(0, text)
    carried = with_antecedent(Block(0, [1], 1.0), candidates)
    assert carried is not None and carried.positions == [0, 1]
    two_back = with_antecedent(Block(0, [2], 1.0), candidates)  # «Dette» → «Når det» → the first sentence
    assert two_back is not None and two_back.positions == [0, 1, 2]
    orphan = passage_candidates(0, "Når det er årsaken til at unge står utenfor, er det liten grunn til bekymring.")
    assert with_antecedent(Block(0, [0], 1.0), orphan) is None


def test_an_antecedent_that_is_a_question_or_a_heading_is_no_antecedent():
    candidates = passage_candidates(0, "Hva må til for at flere kommer i arbeid? Dette er det viktigste spørsmålet.")
    assert with_antecedent(Block(0, [1], 1.0), candidates) is None


def test_speaker_comes_from_the_section_heading_and_never_elsewhere():
    heading = "Ragnar Næss (filosof og samfunnsviter, PERTINAX)"
    assert speaker(_passage(section=heading)) == "Ragnar Næss (PERTINAX)"
    assert (
        speaker(_passage(section="Ti teser", path=f"2 Innleggene > {heading} > Ti teser")) == "Ragnar Næss (PERTINAX)"
    )
    assert speaker(_passage(section="Knut Røed, Frischsenteret")) == "Knut Røed (Frischsenteret)"
    assert speaker(_passage(section="Hva må til?")) == "" and speaker(_passage(section="Data og metode")) == ""


def test_attribution_names_the_speaker_or_the_document_but_not_the_governments_own_voice():
    quote = "Innvandrere går ikke på kurs og vil ikke lære norsk."
    seminar = _passage(section="Ragnar Næss (filosof og samfunnsviter, PERTINAX)")
    assert attribution(seminar, quote) == "Ragnar Næss (PERTINAX), AFI-rapport 2013:10"
    note = _passage(kind="KS-notat", short_title="KS-notat Kristiansand (2024)")
    assert attribution(note, "Kristiansand anbefaler arbeidsledermodellen.") == "KS-notat Kristiansand (2024)"
    white = _passage(kind="stortingsmelding", short_title="Meld. St. 32 (2020–2021)")
    assert attribution(white, "Regjeringen vil styrke oppfølgingen av unge.") == ""
    assert attribution(white, "Regjeringen foreslår å utvide retten.") == ""
    assert attribution(white, "OECD mener at Norge bør satse mer på voksnes læring.") == "Meld. St. 32 (2020–2021)"
    assert attributed("AFI-rapport 2013:10", quote) == f"Ifølge AFI-rapport 2013:10: «{quote}»"
    assert attributed("", quote) == quote
