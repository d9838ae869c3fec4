"""Debris out of quoted sentences: footnote markers, photo credits, stray numbers, captions."""

from ingest.debris import (
    debris_patterns,
    find_debris_lines,
    find_glued_markers,
    is_quotable_sentence,
    strip_inline_debris,
)
from ingest.mapped_text import MappedText


def test_glued_footnote_markers_and_their_symbol_variants_are_removed():
    cases = {
        "høy inntekt.!1® Mange har": "høy inntekt. Mange har",
        "blant menn.2 Hvis de": "blant menn. Hvis de",
        "nedsatt funksjonsevne!* i overkant": "nedsatt funksjonsevne i overkant",
        "Jeg har ledet et prosjekt3 som har": "Jeg har ledet et prosjekt som har",
        "(Schreiner 2012)1 og et prosjekt": "(Schreiner 2012) og et prosjekt",
        "arbeidsmarkedsdeltakelse.l? Sosiokulturelle": "arbeidsmarkedsdeltakelse. Sosiokulturelle",
        "med ti år tidligere.!36 I samme": "med ti år tidligere. I samme",
        # after a full stop and a closing quote or parenthesis
        "felles samfunnsoppdrag.»3 I avtalen": "felles samfunnsoppdrag.» I avtalen",
        "det går «bra!»12 Neste": "det går «bra!» Neste",
        "(se rapporten.)4 Videre": "(se rapporten.) Videre",
        "Den såkalte NEET-raten!’ viser": "Den såkalte NEET-raten viser",
    }
    for raw, clean in cases.items():
        assert strip_inline_debris(raw) == clean, raw


def test_real_punctuation_numbers_and_quotes_stay():
    for text in (
        "Hva må til? Mer kunnskap.",
        "NAV stat og NAV kommune må samhandle mer! Vi ser det.",
        "Se Ot.prp. nr.70 om dette.",
        "Ledigheten var 3,5 pst. i 2020. Det er lavt.",
        "«Place and train» virker.” Neste setning.",
        "Kap. 2.2 viser dette, jf. 2020.",
        "CO2-utslipp og G20-landene.",
    ):
        assert strip_inline_debris(text) == text, text


def test_removed_markers_keep_the_raw_offsets():
    raw = "Det gir høy inntekt.!1® Mange har det."
    cleaned = MappedText.identity(raw).apply(find_glued_markers(raw))
    assert cleaned.text == "Det gir høy inntekt. Mange har det."
    start = cleaned.text.index("Mange")
    assert raw[slice(*cleaned.raw_span(start, start + 5))] == "Mange"


def test_photo_credits_and_lone_numbers_are_deleted_as_lines():
    text = "kan ha betydelig\n\nFoto: Trigger\n ansvar for arbeidsmarkedet.\n\n57\n av langtidsmottakere fra 2005\n\n2019 2020 2021\n"
    cleaned = MappedText.identity(text).apply(find_debris_lines(text)).text
    assert "Foto" not in cleaned and "Trigger" not in cleaned
    assert "57" not in cleaned and "2019 2020" not in cleaned
    assert "av langtidsmottakere fra 2005" in cleaned
    assert find_debris_lines("Det var 57\nprosent som svarte.\n") == []


def test_quotable_sentences():
    assert is_quotable_sentence("Mange langtidsmottakere av sosialhjelp har en ustabil bosituasjon.")
    assert not is_quotable_sentence("57 av langtidsmottakere fra 2005 fant de bl.a. en opphoping.")
    assert is_quotable_sentence("40 pst. av de ledige var innvandrere.")
    assert not is_quotable_sentence("Figur 2.3 Andel sysselsatte etter alder")
    assert not is_quotable_sentence("Kilde: SSB")
    assert not is_quotable_sentence("Det gir høy inntekt.!1® Mange har det.")
    assert not is_quotable_sentence("1000 500 2019 2020 2021 0")
    assert debris_patterns("Foto: Trigger ansvar for arbeidsmarkedet") == ["bildetekst", "fotokreditt"]
    assert debris_patterns("En helt vanlig setning om arbeid.") == []
    assert not is_quotable_sentence("5. Bolig som en trygg base – en forutsetning for arbeid")
    assert not is_quotable_sentence("2.2.3 Barrierer mot arbeid")
    assert is_quotable_sentence("2 pst. av de ledige var unge.")


def test_a_caption_glued_inside_a_sentence_is_not_quotable_but_a_figure_reference_is():
    for glued in [
        "Automatisering har bidratt til produktivitetsvekst, som har gitt grunn-Figur 2.2 Ungdom (20-24 år) etter "
        "oppgitt hovedaktivitet.",
        "Når innvandrere utgjør en større andel i 2019 enn i 2009, Figur 2.7 Sammensetningen av personer etter kjønn.",
        "Fullføringsgraden er fortsatt lav i internasjonal sammen- Tabell 2.14 Andel som ikke har oppnådd kompetanse.",
        "Tilbudet er utvidet til flere kommuner Boks 4.1 Jobbsjansen gir kvalifisering til innvandrere.",
    ]:
        assert not is_quotable_sentence(glued)
    for running in [
        "Andelen har økt kraftig siden 2009 (se figur 2.7), særlig blant innvandrere.",
        "Som Figur 2.7 viser, har andelen økt kraftig siden 2009.",
        "Tiltakene i Boks 4.1 er rettet mot unge som står utenfor arbeid.",
    ]:
        assert is_quotable_sentence(running)


def test_markers_after_a_closed_parenthesis_a_number_or_a_capitalised_word_are_removed():
    cases = {
        "(Nilsen og Reiso 2014).1° Erfaringsmessig": "(Nilsen og Reiso 2014). Erfaringsmessig",
        "for menn (62 pst.).52 Blant": "for menn (62 pst.). Blant",
        "av sosialhjelp i 2005.°® I kohorten": "av sosialhjelp i 2005. I kohorten",  # signs, no digits
        "i den voksne befolkningen.5¢ Rapporten": "i den voksne befolkningen. Rapporten",  # «¢» for a digit
        "regelverkene i dag.“® De understreket": "regelverkene i dag. De understreket",
        "Ifølge Levekårsundersøkelsen’® oppgir 13 pst.": "Ifølge Levekårsundersøkelsen oppgir 13 pst.",
        "trukket fram av Sysselsettingsutvalget1. Det": "trukket fram av Sysselsettingsutvalget. Det",
        "jf. Helsefagprosjektet2: arbeidsledere": "jf. Helsefagprosjektet: arbeidsledere",
    }
    for raw, clean in cases.items():
        assert strip_inline_debris(raw) == clean, raw


def test_numbers_in_names_captions_and_dates_stay():
    for text in (
        "Figur2.13 Kjennetegn ved elever",  # a caption number, no marker
        "i Agenda2030 og under Covid19.",
        "se Kapittel2 og Tabell3.",
        "som i 2005. Det gjelder 2,5 pst.",
        "han sa: «Kom.“ Så gikk han.",  # a closing quote alone
    ):
        assert strip_inline_debris(text) == text, text


def test_a_marker_read_as_letters_between_two_sentences_is_removed():
    cases = {
        "til ferie og rekreasjon.GO Det er også": "til ferie og rekreasjon. Det er også",  # 60
        "i tråd med anbefalingene.S1 Videre": "i tråd med anbefalingene. Videre",  # 51
        "som rapporten viser.lZ Neste": "som rapporten viser. Neste",  # 12
    }
    for raw, clean in cases.items():
        assert strip_inline_debris(raw) == clean, raw
    for text in ("i Norge.OECD viser", "se nav.no.Det", "i kap. 2.OS", "et godt ord.GO kan vente"):
        assert strip_inline_debris(text) == text, text


def test_a_flattened_table_row_is_no_quotable_sentence_but_names_are():
    table = (
        "Stønad Utbetalingstidspunkt Dagpenger 2 utbetalinger i måneden, 2-3 virkedager etter innsendt meldekort "
        "Arbeidsavklaringspenger 2-3 utbetalinger i måneden Foreldrepenger Månedlig Engangsstønad Engangsutbetaling "
        "Barnetrygd Månedlig Kontantstøtte Månedlig Barnebidrag Månedlig."
    )
    assert "tabellrad" in debris_patterns(table) and not is_quotable_sentence(table)
    for names in (
        "I delbydelene Nedre Tøyen, Grønland, Enerhaugen i Gamle Oslo, samt i delbydelen Fossum på Stovner, bor over "
        "50 pst. av barna i vedvarende lavinntekt.",
        "Piloten gjennomføres i et samarbeid mellom Statsforvalteren i Oslo og Viken, Viken fylkeskommune, Bufetat, "
        "NAV Øst-Viken, Høgskolen i Østfold og Husbanken.",
        "Assertive Community Treatment (ACT) og Flexible Assertive Community Treatment (FACT) er en teambasert modell.",
    ):
        assert is_quotable_sentence(names), names
