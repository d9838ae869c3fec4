from ingest.furniture import find_broken_paragraphs, find_furniture
from ingest.mapped_text import MappedText


def _page(number: int, body: str) -> str:
    header = f"{number} Meld. St. 32" if number % 2 == 0 else f"Meld. St. 32 {number}"
    return f"{header}\n\n2020-2021\n\nIngen utenfor — En helhetlig politikk\n\n{body}\n\n"


BODIES = [
    "Regjeringen vil:\n\nStyrke oppfølgingen av unge.",
    "3.1 Innledning\n\nDe fleste barn vokser opp i trygge omgivelser.",
    "Regjeringen vil:\n\nPrøve ut nye tiltak i NAV-kontorene.",
    "3.2 Innledning\n\nKommunen har ansvar for sosiale tjenester.",
    "Regjeringen vil:\n\nGi arbeidsgivere bedre oppfølging.",
    "3.3 Innledning\n\nFylkeskommunen har ansvar for videregående opplæring.",
]


def test_running_heads_are_removed_and_pages_captured():
    text = "".join(_page(n, body) for n, body in zip(range(37, 43), BODIES))
    furniture = find_furniture(text)
    cleaned = MappedText.identity(text).apply(furniture.edits).text
    assert "Meld. St. 32" not in cleaned
    assert "2020-2021" not in cleaned
    assert "Ingen utenfor — En helhetlig politikk" not in cleaned
    # repeated content and headings stay
    assert cleaned.count("Regjeringen vil:") == 3
    assert "3.1 Innledning" in cleaned and "Styrke oppfølgingen av unge." in cleaned
    assert [page for _, page in furniture.pages] == [37, 38, 39, 40, 41, 42]


def test_capitalised_running_head_without_numbers():
    text = "".join(f"HANDLINGSROM FOR OMSTILLING\nAvsnitt {i} om kommuneøkonomi.\n\n" for i in range(5))
    cleaned = MappedText.identity(text).apply(find_furniture(text).edits).text
    assert "HANDLINGSROM" not in cleaned
    assert cleaned.count("om kommuneøkonomi.") == 5


def test_rare_lines_are_not_furniture():
    text = "Kilde: SSB\n\nTekst.\n\nKilde: SSB\n\nMer tekst.\n"
    assert find_furniture(text).edits == []


def test_sentence_cut_by_a_page_break_is_rejoined():
    text = "Mange som står utenfor arbeidslivet\n\n\nhar sammensatte utfordringer. Neste avsnitt.\n\nNytt avsnitt."
    cleaned = MappedText.identity(text).apply(find_broken_paragraphs(text)).text
    assert "arbeidslivet\nhar sammensatte" in cleaned
    assert "Neste avsnitt.\n\nNytt avsnitt." in cleaned
