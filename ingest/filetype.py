"""The real type of a file from its content (magic bytes), so a text named «.pdf» is not taken for a PDF."""

from __future__ import annotations

import io
import zipfile

import puremagic

# extensions we read, by the content family that each must have
FAMILIES: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
}
CONTENT_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "html": "text/html; charset=utf-8",
    "text": "text/plain; charset=utf-8",
}
LABELS = {"pdf": "PDF", "docx": "Word", "odt": "ODT", "html": "HTML", "text": "tekst"}
ODT_MIME = b"application/vnd.oasis.opendocument.text"


class FileTypeError(ValueError):
    """The file is of a type we don't read, or its content does not match its name."""


def sniff(data: bytes) -> str | None:
    """The content family of ``data``: pdf, docx, odt, html, text, or None for anything else."""
    head = data[:8192]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    if b"\x00" in head or _control_ratio(head) > 0.05 or not _decodes(head):
        return None
    if _magic_extension(head) in (".html", ".htm"):
        return "html"
    return "text"


def check_type(name: str, data: bytes) -> str:
    """The family of a file named ``name``; a Norwegian :class:`FileTypeError` when we can't read it."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = FAMILIES.get(extension)
    if expected is None:
        known = ", ".join(sorted({e for e in FAMILIES if e not in (".htm", ".markdown")}))
        raise FileTypeError(f"Filtypen «{extension or name}» kan ikke leses. Vi leser {known}.")
    found = sniff(data)
    if found == expected or (expected == "html" and found == "text") or (expected == "text" and found == "html"):
        return expected
    what = f"en {LABELS[found]}-fil" if found else "ikke et dokument vi kan lese (ukjent binærinnhold)"
    raise FileTypeError(f"Innholdet i «{name}» stemmer ikke med filendelsen {extension}: filen er {what}.")


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIME:
                return "odt"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def _magic_extension(head: bytes) -> str:
    try:
        return puremagic.from_string(head)
    except (puremagic.PureError, ValueError):
        return ""


def _decodes(head: bytes) -> bool:
    """Text in UTF-8 (a multibyte character may be cut at the end of the sample) or a single-byte code page."""
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return True
    return not any(b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for b in head)  # undefined in Windows-1252


def _control_ratio(sample: bytes) -> float:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(len(sample), 1)
