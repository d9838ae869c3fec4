"""Structure that follows the document: chapters, talks, boxes, lists, datelines and signatures."""

from ingest.heading_rules import box_end, is_bare_name, is_dateline, is_title_line, talk_heading
from ingest.structure import find_headings, find_sections

_BODY = "Dette er vanlig brødtekst som forklarer noe viktig om arbeid og inkludering i kommunene. " * 20

SEMINAR = f"""Forord

{_BODY}

Oslo, desember 2020

Kari Nordmann
Administrerende direktør

1. Innledning
{_BODY}

2. Seminarinnleggene

Ti år med sosialhjelp – hva vet vi? – Knut Røed

{_BODY}

1. Det meste endrer seg, men ikke sosialhjelpen

{_BODY[:300]}

2. Det blir flere rettigheter

{_BODY[:300]}

3. Sosialhjelpen er tilfeldig

{_BODY[:300]}

Tallene blir publisert i juni
Langtids sosialhjelp; sikkerhetsnett eller
hengekøye? - Kai-Rune Myhrer

{_BODY}

5. Bolig som en trygg base – en forutsetning
for arbeid
Mange langtidsmottakere har en ustabil bosituasjon. {_BODY[:200]}

6. Rusavhengige må kunne tjene mer
Rusavhengige har pasientrettigheter. {_BODY[:200]}

3. Korte oppsummeringer

{_BODY}

4 Avslutning: Hva må til?

{_BODY}
"""


def _by_title(text: str) -> dict[str, object]:
    return {h.title: h for h in find_headings(text)}


def test_chapters_are_the_chapter_sequence_not_the_theses_of_a_talk():
    chapters = [h.label for h in find_headings(SEMINAR) if h.kind == "chapter"]
    assert chapters == ["1 Innledning", "2 Seminarinnleggene", "3 Korte oppsummeringer", "4 Avslutning: Hva må til?"]
    theses = [h for h in find_headings(SEMINAR) if h.kind == "list"]
    assert [h.title.split()[0] for h in theses] == ["1.", "2.", "3.", "5.", "6."]
    assert all(h.number == "" for h in theses)


def test_each_talk_is_a_section_under_its_chapter():
    sections = find_sections(SEMINAR)
    talk = next(s for s in sections if s.title.endswith("Kai-Rune Myhrer"))
    assert talk.path[0] == "2 Seminarinnleggene"
    assert talk.title == "Langtids sosialhjelp; sikkerhetsnett eller hengekøye? – Kai-Rune Myhrer"
    point = next(s for s in sections if s.title.startswith("5. Bolig"))
    assert point.path == ("2 Seminarinnleggene", talk.title, "5. Bolig som en trygg base – en forutsetning for arbeid")
    assert point.number == "2"
    assert SEMINAR[point.start :].startswith("5. Bolig")
    first = next(s for s in sections if "Knut Røed" in s.title)
    assert first.title == "Ti år med sosialhjelp – hva vet vi? – Knut Røed"


def test_datelines_signatures_and_greetings_are_not_headings():
    titles = {h.title for h in find_headings(SEMINAR)}
    assert "Oslo, desember 2020" not in titles
    assert not any("Kari Nordmann" in t or "direktør" in t for t in titles)
    assert is_dateline("Arbeidsforskningsinstituttet, mai 2013")
    assert not is_title_line("Oslo, desember 2020")
    assert not is_title_line("Kjære politikere")
    assert not is_title_line("Lykke til med diskusjonene!")
    assert not is_title_line("Figur 2.3 Andel sysselsatte")
    assert is_title_line("Hva kan KS gjøre?")
    assert is_bare_name("Lasse Hansen") and not is_bare_name("Hva kan KS gjøre")


def test_talk_heading_needs_a_name_after_the_dash():
    assert talk_heading("Norsk språk og kommunikasjon på jobben – Ragnar Næss") == (
        "Norsk språk og kommunikasjon på jobben – Ragnar Næss"
    )
    assert (
        talk_heading("Ira Malmberg-Heimonen4".join(["Effekter av HPMT – ", ""]))
        == "Effekter av HPMT – Ira Malmberg-Heimonen"
    )
    assert talk_heading("Arbeid og helse – en forutsetning for deltakelse") == ""
    assert talk_heading("Det sa han til oss. – Per Hansen") == ""


def test_list_items_and_table_of_contents_are_not_chapters():
    text = (
        "Innhold\n\n1. Ordninger på arbeidsplassen\n2. Kvalifikasjonsprinsippet\n3. Arbeidsmarkedsbedrifter\n\n"
        f"{_BODY}\n\nVedlegg:\n\n1 Debatthefte 2021\n\n{_BODY}\n"
    )
    assert not [h for h in find_headings(text) if h.kind == "chapter"]


def test_footnotes_between_chapters_do_not_break_the_sequence():
    text = f"1 Veien ut\n\n{_BODY}\n\n3 Hansen, K. (2019). En rapport, Oslo, Fafo\n\n2 Hva er utenforskap?\n\n{_BODY}\n"
    assert [h.label for h in find_headings(text) if h.kind == "chapter"] == ["1 Veien ut", "2 Hva er utenforskap?"]


def test_box_label_covers_the_box_and_stops_at_its_end():
    text = (
        f"2 Hva er utenforskap?\n\n{_BODY}\n\n2.1 Arbeidsmarkedet\n\n{_BODY}\nnår sysselsettingen\n\n"
        "Boks 2.1 Pandemien kan ha langsiktige konsekvenser\n\n"
        "Flere trekker seg ut av arbeidsstyrken når sysselsettingen faller.\n\n"
        "Det gir varige konsekvenser for mange.1\n\n"
        "1 Oslo Economics (2016). Arbeid med langtidsledige.\n\n"
        "faller, og det rammer særlig unge.\n\n"
        f"{_BODY}\n"
    )
    sections = find_sections(text)
    box = next(s for s in sections if s.title.startswith("Boks 2.1"))
    assert "Flere trekker seg ut" in text[box.start : box.end]
    assert "faller, og det rammer" not in text[box.start : box.end]
    after = next(s for s in sections if s.start == box.end)
    assert after.path == ("2 Hva er utenforskap?", "2.1 Arbeidsmarkedet") and after.number == "2.1"
    assert box_end("x\n\nNoe tekst.\n\nmer tekst\n", 0, 22) == text_index("x\n\nNoe tekst.\n\nmer tekst\n", "mer")


def text_index(text: str, needle: str) -> int:
    return text.index(needle)


def test_a_run_of_short_lines_is_a_list_not_headings():
    text = f"Innledning\n\n{_BODY}\n\nTrygdesystem\n\nMedlemskap i folketrygden\n\nArbeidsledig heltid\n\nSosialhjelp\n\n{_BODY}\n"
    titles = [h.title for h in find_headings(text)]
    assert titles == ["Innledning"]
