"""Section labels readers can trust: headings run into a paragraph, case headings, chart titles, lead-ins."""

from ingest.clean import heading_breaks
from ingest.heading_rules import hangs, is_heading_title, is_question_title, lead_titles
from ingest.mapped_text import MappedText
from ingest.structure import find_headings, find_sections

_WIDE = (
    "Utfordringene med å finansiere det offentlige tjenestetilbudet vil øke fremover, og med \n"
    "koronapandemien øker utfordringene ytterligere. Som en konsekvens forsterkes behovet for \n"
    "omstilling i norsk samfunns- og arbeidsliv. Kommunesektoren har i lang tid hatt et stort \n"
    "omstillingsbehov, og stadig mer komplekse oppgaver legger press på ressursene i kommunene.\n"
)
_COLUMN = (
    "Arbeids- og velferdsetaten kan likevel tilby opplæring\n"
    "i grunnleggende ferdigheter og norsk innenfor\n"
    "den tidsbegrensningen som gjelder for opplæring\n"
    "i forskrift om arbeidsmarkedstiltak. Det er behov\n"
    "for å styrke samarbeidet mellom kommunene.\n"
)


def _located(block: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in block.split("\n"):
        if line.strip():
            out.append((pos, line.strip()))
        pos += len(line) + 1
    return out


def _titles(text: str) -> list[str]:
    return [h.title for h in find_headings(text)]


def _section_at(text: str, needle: str):
    position = text.index(needle)
    return next(s for s in find_sections(text) if s.start <= position < s.end)


# headings run straight into the first line of their paragraph


def test_a_question_on_the_first_line_of_a_paragraph_heads_it():
    text = f"Innledende tekst om saken som ble drøftet i møtet.\n\nTilstrekkelig handlingsrom for omstilling?\n{_WIDE}"
    assert "Tilstrekkelig handlingsrom for omstilling?" in _titles(text)
    assert _section_at(text, "koronapandemien øker").title == "Tilstrekkelig handlingsrom for omstilling?"


def test_a_question_wrapped_over_two_lines_is_one_heading():
    text = f"Forord.\n\nHar vi tilstrekkelig handlingsrom  \nfor omstilling?  \n{_WIDE}"
    assert "Har vi tilstrekkelig handlingsrom for omstilling?" in _titles(text)


def test_a_long_question_heading_with_wide_text_under_it():
    title = "Hvilke grep må skje i rammebetingelsene for at flere skal komme i arbeid?"
    wide = "Dette er en bred linje med brødtekst som forklarer hvordan kommunene arbeider med oppfølgingen. \n"
    text = f"Forord.\n\n{title}\n{wide * 4}"
    assert title in _titles(text)
    assert not is_question_title("Er det slik? Ja, det er det?")
    assert not is_question_title(
        "Har din virksomhet innført en eller flere typer innovasjoner i løpet av de to siste årene eller ikke?"
    )


def test_an_unpunctuated_title_line_run_into_its_paragraph():
    text = (
        "Tidligere tekst som avsluttes.\n\nKvalifisering til arbeid \n"
        "Unge må kvalifiseres for å komme i jobb. For kommunesektoren\n"
        "innebærer dette både å ta et ansvar som arbeidsgiver ved å tilby\n"
        "unge jobb og kvalifisering, og å skape gode tjenester.\n"
    )
    assert _section_at(text, "innebærer dette").title == "Kvalifisering til arbeid"


def test_a_question_heading_over_a_bullet_list():
    text = (
        "Tekst om tiltaket.\n\nHva kan KS gjøre? \n"
        "• KS kan bistå med å beskrive systembarrierer som hindrer kommuner i å ta i bruk\n"
        "virkningsfulle kvalifiseringsmetoder, som for eksempel arbeidsledermodellen. \n"
        "• KS kan bidra med å spre kunnskap om modellen.\n"
    )
    assert _titles(text) == ["Hva kan KS gjøre?"]


def test_a_title_and_a_heading_under_it_on_the_first_two_lines():
    text = (
        "Utenforskap, levekår og arbeidsinkludering \nInnledning og bakgrunn \n"
        "Kristiansand bistår KS sekretariat i forberedelsene til møte i storbynettverket 18. oktober med tema \n"
        "utenforskap, levekår og arbeidsinkludering, og har utarbeidet dette notatet.\n"
    )
    assert _titles(text) == ["Utenforskap, levekår og arbeidsinkludering", "Innledning og bakgrunn"]
    assert _section_at(text, "Kristiansand bistår").title == "Innledning og bakgrunn"


def test_body_paragraphs_table_rows_and_lists_have_no_lead_heading():
    assert lead_titles(_located(_COLUMN)) == []  # a wrapped body line is as wide as the rest
    name_run = "NAV Oslo og Utdanningsetaten ved Oslo\nVoksenopplæring jobber med å utvikle rammer for samarbeid\n"
    assert lead_titles(_located(name_run + "om fagopplæring tilpasset voksne innvandrere i kommunene.\n")) == []
    table = (
        "Stønad Utbetalingstidspunkt \nDagpenger 2 utbetalinger i måneden, 2-3 virkedager etter innsendt meldekort \n"
        "Arbeidsavklaringspenger 2-3 utbetalinger i måneden, 2-3 dager etter innsendt meldekort \n"
        "Foreldrepenger Månedlig \n"
    )
    assert lead_titles(_located(table)) == []
    header = (
        "Saksnr Sakstittel  Lukket \nPS 1/21 Møteplan for administrasjonsutvalget og årshjul for\npartssamarbeid 2021\n"
    )
    assert lead_titles(_located(header)) == []
    items = (
        " Tariff 2020 – status sentrale og lokale forhandlinger  \n Lederutvikling 2021  \n http://example.no/a/b/c\n"
    )
    assert lead_titles(_located(items)) == []
    bracket = (
        "HPMT (Helhetlig Prinsippstyrt Metodisk \nTilnærming) er et fagutviklingsprogram utviklet av direktoratet.\n"
    )
    assert lead_titles(_located(bracket + "Målet med HPMT er et systematisk og helhetlig oppfølgingsarbeid.\n")) == []


def test_headings_stay_headings_after_the_blank_line_is_put_under_them():
    text = (
        "Forord.\n\nTilstrekkelig handlingsrom for omstilling?\n"
        f"{_WIDE}\nKvalifisering til arbeid \nUnge må kvalifiseres for å komme i jobb. For kommunesektoren\n"
        "innebærer dette både å ta et ansvar som arbeidsgiver ved å tilby unge jobb og kvalifisering.\n"
    )
    broken = MappedText.identity(text).apply(heading_breaks(text)).text
    assert broken != text
    assert (
        _titles(broken) == _titles(text) == ["Tilstrekkelig handlingsrom for omstilling?", "Kvalifisering til arbeid"]
    )


# a question standing alone heads the text under it, not a list of questions


def test_a_question_alone_heads_body_text_but_not_a_list_of_questions():
    text = f"Forord.\n\nHvordan kan vi forhindre og bekjempe ungt utenforskap?\n\n{_WIDE}"
    assert _titles(text) == ["Hvordan kan vi forhindre og bekjempe ungt utenforskap?"]
    questions = (
        "Forord.\n\nHva er det viktigste kommunene gjør for å lykkes med nødvendig omstilling?\n\n"
        "Er det spesielle statlige virkemidler – i tillegg til kommuneøkonomi – som kommunen\n"
        "opplever er særlig begrensende for omstillingsarbeidet? I så fall, hvilke?\n\nKS SPØR\n"
    )
    assert [t for t in _titles(questions) if t.endswith("?")] == []


# case headings of a municipal protocol


PROTOCOL = f"""Møteinnkalling

Saksbehandler: Ola Nordmann
Arkivsak: 2021/28
Dato: 04.01.2021

Vedlegg:

1 Debatthefte 2021

Drøfting - Debattheftet 2021 KS Spør - Omstilling i
koronaens tid

Drøftingstema: Debattheftet 2021 KS Spør - Omstilling i koronaens tid

Bakgrunn:
KS ønsker innspill til årets debatthefte.

KS inviterer hvert år kommunene og fylkeskommunene til å gi innspill til dagsaktuelle temaer
som er presentert gjennom debattheftet. I år omhandler heftet spørsmål knyttet til
kommunesektorens handlingsrom og forebygging av ungt utenforskap.

Hvordan forebygge og bekjempe ungt utenforskap?
{_WIDE}"""


def test_a_case_heading_made_of_dashed_parts_heads_its_case():
    titles = _titles(PROTOCOL)
    assert "Drøfting - Debattheftet 2021 KS Spør - Omstilling i koronaens tid" in titles
    assert _section_at(PROTOCOL, "KS inviterer hvert år").title.startswith("Drøfting - Debattheftet")
    assert _section_at(PROTOCOL, "koronapandemien øker").title == "Hvordan forebygge og bekjempe ungt utenforskap?"
    assert is_heading_title("Orientering – Budsjettet for neste år – status for arbeidet i kommunen")
    assert not is_heading_title("Kostnadsvekst i helse- og omsorgstjenestene – yngre brukere krever mer.")
    assert not is_heading_title("En – to – tre – fire – fem ganger så mange som i fjor")
    assert not is_heading_title("Drøfting - Debattheftet 2021 KS Spør - Omstilling i")


# chart titles printed twice, close together


def test_a_chart_title_printed_twice_is_not_a_heading():
    body = "KS synliggjør kommunesektorens behov på en rekke måter gjennom FOU-ordningen og egen kompetanse.\n"
    text = (
        f"Har vi tilstrekkelig handlingsrom for omstilling?\n\n{_WIDE}\n"
        "Anslag budsjettert netto driftsresultat for kommunene utenom Oslo\n\n"
        "Anslag budsjettert netto driftsresultat har vært synkende over tid. Kilde: KS\n\n"
        f"Anslag budsjettert netto driftsresultat for kommunene utenom Oslo\n\n{body}"
    )
    assert _titles(text) == ["Har vi tilstrekkelig handlingsrom for omstilling?"]
    assert _section_at(text, "KS synliggjør").title == "Har vi tilstrekkelig handlingsrom for omstilling?"


def test_the_same_heading_in_two_chapters_far_apart_stays():
    filler = _WIDE * 12  # > 1,500 characters between the two
    text = f"Hva kan KS gjøre?\n\n{filler}\nHva kan KS gjøre?\n\n{filler}"
    assert _titles(text) == ["Hva kan KS gjøre?", "Hva kan KS gjøre?"]


# lead-ins and fragments of a sentence or heading cut by a blank line


def test_a_lead_in_cut_at_a_line_end_is_not_a_heading():
    text = (
        f"1 Innledning\n\n{_COLUMN}\nRegjeringen vil gjennomføre følgende tiltak for\n\n"
        "å bedre samhandlingen mellom utdanning, arbeid\nog helse:\n\n— Videreføre innsatsen.\n"
    )
    assert "Regjeringen vil gjennomføre følgende tiltak for" not in _titles(text)
    cut = f"{_COLUMN}\nTiltakene i denne meldingen\n\nskal gjelde for alle kommuner og fylkeskommuner.\n"
    assert "Tiltakene i denne meldingen" not in _titles(cut)  # the next paragraph goes on in lower case
    assert hangs("HVA KAN NAV LOKALT GJØRE FOR AT") and hangs("følgende tiltak for") and not hangs("Barn og unge")


def test_a_caps_heading_cut_by_blank_lines_leaves_the_section_to_the_heading_above():
    text = (
        f"Kirsten Rytter, NAV Sagene \n\n{_WIDE}\nHVA KAN NAV LOKALT GJØRE FOR AT \n\n"
        "ARBEIDSLEDIGE LANGTIDSMOTTAKERE \n\nKOMMER I ARBEID? Arbeidsledige \n"
        "sosialhjelpsmottakere trenger oppfølging i form av bistand til jobbsøk fra første dag.\n"
    )
    titles = _titles(text)
    assert "ARBEIDSLEDIGE LANGTIDSMOTTAKERE" not in titles and "HVA KAN NAV LOKALT GJØRE FOR AT" not in titles
    assert _section_at(text, "sosialhjelpsmottakere trenger").title == "Kirsten Rytter, NAV Sagene"


def test_a_letter_bullet_after_a_heading_is_no_sentence_going_on():
    text = (
        f"Innledning\n\n{_WIDE}\nHva må til? \n\n"
        "o Mer kunnskap om betydning av frivillig arbeid som arena for læring\n"
        "o Et helhetlig og inkluderende perspektiv på arbeid\n"
    )
    assert "Hva må til?" in _titles(text)


def test_a_caps_question_over_three_lines_heads_the_text_under_it():
    text = (
        f"Kirsten Rytter, NAV Sagene \n\n{_WIDE}\nHVILKE GREP MÅ SKJE I \nRAMMEBETINGELSENE FOR AT FLERE SKAL \n"
        f"KOMME I ARBEID? \n\n{_WIDE}"
    )
    title = "HVILKE GREP MÅ SKJE I RAMMEBETINGELSENE FOR AT FLERE SKAL KOMME I ARBEID?"
    assert _titles(text) == ["Kirsten Rytter, NAV Sagene", title]
    after = text.rindex("koronapandemien")  # the text under the question, not the talk's first paragraph
    assert next(s for s in find_sections(text) if s.start <= after < s.end).title == title


def test_a_section_name_in_capitals_under_a_title_heads_the_section():
    text = (
        f"Seks spørsmål KS ønsker belyst\n\n{_WIDE}\nDebatthefte 2021 – KS spør\nOmstilling i koronaens tid\n FORORD\n\n"
        f"Selv om Norge som samfunn har håndtert koronapandemien relativt godt, med få døde og alvorlig syke,\n{_WIDE}"
    )
    assert _section_at(text, "Selv om Norge").title == "FORORD"
    table = "Navn Funksjon Representerer\nBjørnar Buhaug LEDER IF-SP\nPer Røset MEDL UNIO\n\n"
    assert "Per Røset MEDL UNIO" not in _titles(f"{table}{_WIDE}")
