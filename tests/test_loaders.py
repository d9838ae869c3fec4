from pathlib import Path

import pytest

from ingest.loaders import LoadError, load_document, supported


def _pdf(path: Path, pages: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def test_text_utf8(tmp_path):
    path = tmp_path / "notat.txt"
    path.write_text("Kommunen har ansvar for økonomisk sosialhjelp.\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.raw_text.startswith("Kommunen har ansvar for økonomisk")
    assert doc.warnings == []


def test_non_utf8_is_decoded_with_warning(tmp_path):
    path = tmp_path / "gammel.txt"
    path.write_bytes("Tiltak for unge på sosialhjelp i Bærum".encode("cp1252"))
    doc = load_document(path)
    assert "på sosialhjelp i Bærum" in doc.raw_text
    assert doc.warnings and "UTF-8" in doc.warnings[0]


@pytest.mark.parametrize("content", [b"", b"   \n\n  "])
def test_empty_file_is_skipped(tmp_path, content):
    path = tmp_path / "tom.md"
    path.write_bytes(content)
    with pytest.raises(LoadError, match="tom"):
        load_document(path)


def test_binary_renamed_txt_is_skipped(tmp_path):
    path = tmp_path / "bilde.txt"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(LoadError, match="binær"):
        load_document(path)


def test_pdf_pages_and_missing_text_layer(tmp_path):
    path = _pdf(tmp_path / "rapport.pdf", ["Side en om arbeidsinkludering.", "", "Side tre om NAV-kontoret."])
    doc = load_document(path)
    assert "Side en om arbeidsinkludering" in doc.raw_text
    pages = dict((number, offset) for offset, number in doc.page_starts)
    assert set(pages) == {1, 2, 3}
    assert doc.raw_text[pages[3] :].startswith("Side tre")
    assert any("side 2" in w and "OCR" in w for w in doc.warnings)


def test_encrypted_pdf_is_skipped(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = _pdf(tmp_path / "plain.pdf", ["Hemmelig notat om tiltak."])
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="hemmelig", owner_password="eier")
    locked = tmp_path / "laast.pdf"
    with open(locked, "wb") as fh:
        writer.write(fh)
    with pytest.raises(LoadError, match="kryptert"):
        load_document(locked)


def test_corrupt_pdf_is_skipped(tmp_path):
    path = tmp_path / "brukket.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf at all\n%%EOF")
    with pytest.raises(LoadError):
        load_document(path)


def test_registry_by_extension(tmp_path):
    assert (
        supported(Path("a.PDF"))
        and supported(Path("b.md"))
        and supported(Path("c.docx"))
        and not supported(Path("d.xlsx"))
    )
    with pytest.raises(LoadError, match="filtype"):
        load_document(tmp_path / "d.xlsx")
