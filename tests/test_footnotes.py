from ingest.clean import strip_markup
from ingest.footnotes import relocate_footnotes
from ingest.mapped_text import MappedText

RAW = (
    "Mange unge sliter med psykiske\n\n"
    "52 Arbeids- og velferdsdirektoratet (2020). Statistikknotat.\n\n53 Ibid.\n\n"
    "plager og faller ut av skolen. Neste setning.\n\nNytt avsnitt."
)


def test_footnote_no_longer_cuts_the_sentence_and_keeps_its_offsets():
    text = relocate_footnotes(MappedText.identity(RAW))
    assert "psykiske\nplager og faller ut av skolen." in text.text
    assert "52 Arbeids- og velferdsdirektoratet (2020). Statistikknotat." in text.text
    assert text.text.index("52 Arbeids") > text.text.index("Neste setning.")
    start = text.text.index("52 Arbeids")
    assert RAW[slice(*text.raw_span(start, start + 10))] == "52 Arbeids"
    assert sorted(text.text.split()) == sorted(RAW.split())  # nothing lost, only moved


def test_numbered_content_and_open_footnotes_stay():
    lower = "Regjeringen vil gjennomføre følgende tiltak for\n\n4 bedre samhandlingen mellom utdanning og arbeid\n\nog helse:\n"
    assert relocate_footnotes(MappedText.identity(lower)).text == lower
    open_note = "andelen som ikke inn-\n\n7 Fedoryshyn, N. (2021). En av ti blir sysselsatt etter to år\n\nutenfor arbeid. Statistisk sentralbyrå.\n"
    assert relocate_footnotes(MappedText.identity(open_note)).text == open_note


def test_markdown_link_stubs_become_plain_text():
    raw = "Riksrevisjonen har lagt fram en [rapport](#) som viser at **andelen** øker."
    text = MappedText.identity(raw).apply(strip_markup(raw))
    assert text.text == "Riksrevisjonen har lagt fram en rapport som viser at andelen øker."
    start = text.text.index("rapport")
    assert raw[slice(*text.raw_span(start, start + 7))] == "rapport"


def test_superscript_footnotes_with_links_are_moved():
    raw = (
        "Målgruppen er unge under 30 år som mottar sosialhjelp. Siden\n\n"
        "¹ Arbeidsledermodellen er brukt som eksempel i Meld. St. 33 (2023–2024)\n\n"
        "² [Kristiansand kommune - Pilotprosjekt](#)\n[Ordfører får info](#)\n\n"
        "oppstart i 2021 har 54 ungdommer vært i prosjektet.\n"
    )
    text = MappedText.identity(raw).apply(strip_markup(raw))
    moved = relocate_footnotes(text)
    assert "Siden\noppstart i 2021 har 54 ungdommer" in moved.text
    assert moved.text.rstrip().endswith("Ordfører får info")


def test_a_footnote_that_lost_its_capital_is_moved_when_it_cuts_a_hyphenated_word():
    from ingest.lexicon import Lexicon

    lexicon = Lexicon({"sysselsettingsnedgangen": 3.0, "sysselsetting": 4.0, "nedgangen": 4.0}, {})
    raw = (
        "I 2020 ser det ut til at sysselsettings-\n\n"
        "14 personer som oppgir i AKU at de har en nedsatt funksjonsevne, overlapper med gruppen.\n\n"
        "nedgangen var noe større blant personer med funksjonsnedsettelse.\n"
    )
    moved = relocate_footnotes(MappedText.identity(raw), lexicon)
    assert "sysselsettings-\nnedgangen var noe større" in moved.text
    assert moved.text.rstrip().endswith("overlapper med gruppen.")
    # the number was the superscript the OCR lost, not a count: it goes, so no quote reads «14 personer …»
    assert "14 personer" not in moved.text and "\npersoner som oppgir i AKU" in moved.text
    from assistant.sentences import passage_candidates

    assert not any(c.quotable and "personer som oppgir" in c.text for c in passage_candidates(0, moved.text))
    # no split word: a number before a lower-case word is running text (a list, a count), left where it is
    plain = "Vi fant at\n\n14 personer som oppgir dette, jobber deltid.\n\nnoe som overrasket.\n"
    assert relocate_footnotes(MappedText.identity(plain), lexicon).text == plain


def test_an_unclosed_footnote_moves_when_the_cut_word_joins_into_an_attested_word():
    from ingest.lexicon import build_lexicon

    lexicon = build_lexicon(["Det er forbundet med helse. Gode erfaringer og en klar definisjon hjelper."])
    cases = [
        (
            "Lav helsekompetanse er for-\n\n52 Bufdir (2020). Statistikk om helse\n\n"
            "bundet med dårligere helse. Neste.\n",
            "Lav helsekompetanse er for-\nbundet med dårligere helse. Neste.\n",
        ),
        (
            "melde fra om dårlige erfarin-\n\n16 Nyberg, T. E. mfl. (2021) Kritiske diskusjoner\n\n"
            "ger i møtet med etaten. Slik er det.\n",
            "melde fra om dårlige erfarin-\nger i møtet med etaten. Slik er det.\n",
        ),
        (
            "behovet for en klarere defi-\n\n4 Kobro, L. U. (2017). Statlige rammevilkår på ramme alvor\n\n"
            "nisjon og forståelse av feltet.\n",
            "behovet for en klarere defi-\nnisjon og forståelse av feltet.\n",
        ),
    ]
    for raw, start in cases:
        text = relocate_footnotes(MappedText.identity(raw), lexicon).text
        assert text.startswith(start), raw
        assert sorted(text.split()) == sorted(raw.split())  # nothing lost, only moved


def test_an_unclosed_footnote_whose_continuation_is_its_own_stays():
    from ingest.lexicon import build_lexicon

    lexicon = build_lexicon(["Nasjonale minoriteter og arbeid er tema her. Dette er en tekst."])
    for raw in (
        "blant ufere, arbeids-\n\n64 Bufdir (2020). Møte med offentlige tjenester blant samer,\n\n"
        "nasjonale minoriteter og personer med innvandrerbakgrunn.\n",  # only a compound, not attested
        "andelen som ikke inn-\n\n7 Fedoryshyn, N. (2021). En av ti blir sysselsatt etter to år\n\n"
        "utenfor arbeid. Statistisk sentralbyrå.\n",
        "en klarere defi-\n\n4 Kobro, L. U. (2017). Statlige rammevil-\n\nnisjon og mer.\n",  # the note is cut
    ):
        assert relocate_footnotes(MappedText.identity(raw), lexicon).text == raw, raw
