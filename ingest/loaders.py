"""Loaders registered by file extension: adding a format is adding one function."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ingest.records import LoadedDocument


class LoadError(Exception):
    """The file cannot be read as a document; ingest reports it and goes on."""


Loader = Callable[[Path], LoadedDocument]
LOADERS: dict[str, Loader] = {}


def register(*extensions: str) -> Callable[[Loader], Loader]:
    def wrap(func: Loader) -> Loader:
        for ext in extensions:
            LOADERS[ext] = func
        return func

    return wrap


def supported(path: Path) -> bool:
    return path.suffix.lower() in LOADERS


def load_document(path: Path, max_mb: float | None = None) -> LoadedDocument:
    """The document's text; a file over ``max_mb`` megabytes of text is refused before it costs hours of work."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise LoadError(f"ukjent filtype «{path.suffix}»")
    limit = None if max_mb is None else int(max_mb * 1_000_000)
    if limit is not None and path.suffix.lower() != ".pdf" and path.stat().st_size > limit:
        raise LoadError(_too_big(path.stat().st_size, max_mb))
    document = loader(path)
    if limit is not None and len(document.raw_text) > limit:
        raise LoadError(_too_big(len(document.raw_text), max_mb))
    return document


def _too_big(size: int, max_mb: float) -> str:
    return f"for stor ({size / 1_000_000:.0f} MB tekst; grensen er {max_mb:g} MB, se ASSISTANT_MAX_DOCUMENT_MB)"


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 first; otherwise Windows-1252 (then Latin-1) with a warning, so nothing is lost."""
    if not data.strip():
        raise LoadError("tom fil")
    if b"\x00" in data[:8192] or _control_ratio(data[:8192]) > 0.05:
        raise LoadError("binær fil, ikke tekst")
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        warning = f"ikke gyldig UTF-8 (byte {exc.start}); lest som Windows-1252"
    try:
        return data.decode("cp1252"), [warning]
    except UnicodeDecodeError:
        return data.decode("latin-1"), [warning.replace("Windows-1252", "Latin-1")]


def _control_ratio(sample: bytes) -> float:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(len(sample), 1)


@register(".txt", ".md", ".markdown")
def load_text(path: Path) -> LoadedDocument:
    text, warnings = decode_text(path.read_bytes())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError("tom fil")
    return LoadedDocument(document=path.name, raw_text=text, warnings=warnings)


@register(".pdf")
def load_pdf(path: Path) -> LoadedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError("kryptert PDF (passord kreves)")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = _pdf_title(reader)
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"ødelagt PDF ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # pypdf raises many kinds on hostile files; a bad file must not stop ingest
        raise LoadError(f"ødelagt PDF ({type(exc).__name__})") from exc
    parts: list[str] = []
    page_starts: list[tuple[int, int]] = []
    empty_pages: list[int] = []
    offset = 0
    for number, text in enumerate(pages, start=1):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            empty_pages.append(number)
        page_starts.append((offset, number))
        parts.append(text)
        offset += len(text) + 2
    raw = "\n\n".join(parts)
    if not raw.strip():
        raise LoadError("PDF uten tekstlag (trenger OCR)")
    warnings = [f"side {', '.join(map(str, empty_pages))} mangler tekstlag (trenger OCR)"] if empty_pages else []
    return LoadedDocument(document=path.name, raw_text=raw, page_starts=page_starts, warnings=warnings, title=title)


def _pdf_title(reader) -> str:
    """The title in the PDF's metadata, unless it is a word processor's placeholder («Microsoft Word - x.docx»)."""
    try:
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except Exception:  # metadata of hostile files may not parse; the title is optional
        return ""
    if re.search(
        r"^(?:Microsoft Word|untitled|uten tittel|document|dokument\d*$)|\.(?:docx?|odt|pdf|rtf)$", title, re.I
    ):
        return ""
    return re.sub(r"\s+", " ", title)[:200]


from ingest import loaders_html, loaders_office  # noqa: E402,F401  (register .docx, .odt, .html)
