from ingest.structure import find_headings, find_sections

WHITE_PAPER = """1 Veien ut av utenforskap

Innledende tekst om utenforskap.

1.1 Utfordringer

Tekst.

3 Hansen, K. (2019). En rapport om noe, Oslo, Fafo

2 Hva er utenforskap?

Tekst om utenforskap.

2.1 Det norske arbeidsmarkedet

Tekst.

2.2.3 Barrierer mot arbeid

Tekst om barrierer.
"""


def test_numbered_headings_follow_the_numbering():
    labels = [h.label for h in find_headings(WHITE_PAPER) if h.number]
    assert labels == [
        "1 Veien ut av utenforskap",
        "1.1 Utfordringer",
        "2 Hva er utenforskap?",
        "2.1 Det norske arbeidsmarkedet",
    ]


def test_footnote_is_not_a_chapter():
    assert not any(h.title.startswith("Hansen") for h in find_headings(WHITE_PAPER))


def test_section_paths():
    sections = find_sections(WHITE_PAPER)
    by_title = {s.title: s for s in sections}
    assert by_title["2.1 Det norske arbeidsmarkedet"].path == (
        "2 Hva er utenforskap?",
        "2.1 Det norske arbeidsmarkedet",
    )
    assert by_title["2.1 Det norske arbeidsmarkedet"].number == "2.1"
    assert sections[0].start == 0 and sections[-1].end == len(WHITE_PAPER)


def test_markdown_agenda_and_title_lines():
    text = "# Notat om levekår\n\nTekst.\n\nPS 1/21 Møteplan for administrasjonsutvalget\n\nTekst.\n\nHva kan KS gjøre?\n\nTekst.\n"
    headings = find_headings(text)
    assert [h.title for h in headings] == [
        "Notat om levekår",
        "Møteplan for administrasjonsutvalget",
        "Hva kan KS gjøre?",
    ]
    assert headings[1].number == "PS 1/21"
