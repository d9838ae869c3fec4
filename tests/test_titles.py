"""Titles for documents without a sources.yaml entry: the file's own title, then its first heading."""

from pathlib import Path

from ingest.loaders import load_document
from ingest.metadata import document_meta, infer_title

BODY = (
    "Seminaret ble holdt på oppdrag fra Arbeidsdepartementet. Denne rapporten oppsummerer seminaret, "
    "og vi vil rette en stor takk til alle bidragsytere for kvalifiserte og interessante innlegg. "
) * 6


def _pdf(path: Path, heading: str, title: str | None) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    if title is not None:
        pdf.set_title(title)
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 8, heading)
    pdf.ln(6)
    pdf.multi_cell(0, 6, BODY)
    pdf.output(str(path))
    return path


def test_unlisted_pdf_takes_its_metadata_title(tmp_path):
    path = _pdf(
        tmp_path / "rapport.pdf", "Barrierer mot arbeid", "Barrierer mot arbeid for langtidsmottakere av sosialhjelp"
    )
    loaded = load_document(path)
    meta = document_meta(path.name, loaded.raw_text, None, loaded.title)
    assert meta.title == "Barrierer mot arbeid for langtidsmottakere av sosialhjelp"
    assert len(meta.short_title) <= 60 and "Seminaret" not in meta.short_title


def test_unlisted_pdf_without_metadata_takes_its_heading_not_a_sentence(tmp_path):
    path = _pdf(tmp_path / "notat.pdf", "Utenforskap og arbeidsinkludering i kommunene", None)
    loaded = load_document(path)
    assert loaded.title == ""
    meta = document_meta(path.name, loaded.raw_text, None, loaded.title)
    assert meta.title == "Utenforskap og arbeidsinkludering i kommunene"


def test_word_processor_placeholder_titles_are_ignored(tmp_path):
    path = _pdf(tmp_path / "x.pdf", "Levekår i storbyene", "Microsoft Word - levekar_v3.docx")
    loaded = load_document(path)
    assert loaded.title == ""
    assert document_meta(path.name, loaded.raw_text, None, loaded.title).title == "Levekår i storbyene"


def test_a_body_sentence_is_never_the_title():
    text = "Forord\n\nSeminaret ble holdt på oppdrag fra departementet. Denne rapporten oppsummerer det.\n\n" + BODY
    assert infer_title(text) == ""
    assert document_meta("afi-2013-barrierer.txt", text, None).title == "Afi 2013 barrierer"
    dated = "Oslo, desember 2020\n\nKari Nordmann\n\nTiltak for unge utenfor arbeid\n\n" + BODY
    assert infer_title(dated) == "Tiltak for unge utenfor arbeid"


def test_short_title_keeps_the_main_title():
    meta = document_meta(
        "x.txt", "", {"title": "Ingen utenfor — En helhetlig politikk for å inkludere flere i arbeids- og samfunnsliv"}
    )
    assert meta.short_title == "Ingen utenfor"
    long = document_meta(
        "y.txt", "", {"title": "Et svært langt notat om levekår arbeidsinkludering og utenforskap i norske kommuner"}
    )
    assert len(long.short_title) <= 60 and long.short_title.endswith("…")
