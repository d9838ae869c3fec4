"""Small documents made in the tests: a PDF with a fact on page 2, a Word file with heading styles, an ODT."""

from __future__ import annotations

import io

FILLER = (
    "Denne planen beskriver hvordan kommunen arbeider med inkludering i arbeidslivet. "
    "Arbeidet skjer sammen med Nav, skolene og frivillige organisasjoner i hele kommunen. "
)


def make_pdf(page_texts: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for text in page_texts:
        pdf.add_page()
        pdf.multi_cell(0, 6, text=text)
    return bytes(pdf.output())


def two_page_pdf(place: str, fact: str) -> bytes:
    """Page 1: an introduction about ``place``; page 2: ``fact``."""
    return make_pdf([f"Handlingsplan for {place} kommune.\n\n" + FILLER * 3, FILLER + "\n\n" + fact])


def make_docx(title: str, sections: list[tuple[str, str]]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title, level=0)
    for heading, body in sections:
        document.add_heading(heading, level=1)
        document.add_paragraph(body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_odt(title: str, body: str) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text=title))
    document.text.addElement(P(text=body))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def blank_pdf() -> bytes:
    """A PDF whose page has no text layer (as a scan without OCR)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 50, 50, style="F")
    return bytes(pdf.output())
