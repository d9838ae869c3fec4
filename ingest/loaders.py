"""Loaders registered by file extension: adding a format is adding one function.

Every loader gets the file's bytes, read after a size check (:mod:`ingest.safe_files`), and a budget of
characters it may produce; a PDF is extracted page by page against that budget, so a small file that
unpacks into gigabytes of text is refused after a few pages, not after minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.records import LoadedDocument
from ingest.safe_files import LoadError, read_checked

__all__ = ["LoadError", "LOADERS", "decode_text", "load_document", "register", "supported"]

Loader = Callable[[str, bytes, int | None], LoadedDocument]  # (name, bytes, character budget)
LOADERS: dict[str, Loader] = {}
PDF_BYTES_PER_CHARACTER = 5  # a PDF may be this many times larger than the text it is allowed to hold
MAX_PDF_PAGES = 20_000
MAX_PAGE_CONTENT = 4_000_000  # bytes of drawing instructions on one page: beyond this it is not a text page


def register(*extensions: str) -> Callable[[Loader], Loader]:
    def wrap(func: Loader) -> Loader:
        for ext in extensions:
            LOADERS[ext] = func
        return func

    return wrap


def supported(path: Path) -> bool:
    return path.suffix.lower() in LOADERS


def byte_limit(path: Path, max_mb: float | None) -> int | None:
    """How many bytes of this file may be read at all (checked with stat, before reading)."""
    if max_mb is None:
        return None
    limit = int(max_mb * 1_000_000)
    return limit * PDF_BYTES_PER_CHARACTER if path.suffix.lower() == ".pdf" else limit


def load_document(path: Path, max_mb: float | None = None) -> LoadedDocument:
    """The document's text; a file over ``max_mb`` megabytes of text is refused before it costs hours of work."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise LoadError(f"ukjent filtype «{path.suffix}»")
    limit = None if max_mb is None else int(max_mb * 1_000_000)
    data = read_checked(path, byte_limit(path, max_mb))
    document = loader(path.name, data, limit)
    if limit is not None and len(document.raw_text) > limit:
        raise LoadError(_too_big(len(document.raw_text), max_mb or 0))
    return document


def _too_big(size: int, max_mb: float) -> str:
    return f"for stor ({size / 1_000_000:.0f} MB tekst; grensen er {max_mb:g} MB, se ASSISTANT_MAX_DOCUMENT_MB)"


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 first, UTF-16/32 when the bytes say so (BOM or zero bytes); otherwise Windows-1252 (then
    Latin-1) with a warning, so nothing is lost."""
    if not data.strip():
        raise LoadError("tom fil")
    wide = _wide_encoding(data)
    if wide is not None:
        try:
            text, warnings = data.decode(wide), []
        except UnicodeDecodeError:
            text = data.decode(wide, errors="replace")
            warnings = [f"ugyldige tegn i {wide.upper()}-teksten er erstattet med «\ufffd»"]
        text = text.lstrip("\ufeff")
        if "\x00" in text or _control_ratio(text[:8192]) > 0.05:
            raise LoadError("binær fil, ikke tekst")
        return text, warnings
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


def _wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 from a byte-order mark, or UTF-16 without one from where the zero bytes fall."""
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "utf-32"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    sample = data[:8192]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.3 * len(odd) and even.count(0) <= 0.02 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.3 * len(even) and odd.count(0) <= 0.02 * len(odd):
        return "utf-16-be"
    return None


def _control_ratio(sample: bytes | str) -> float:
    codes = sample if isinstance(sample, bytes) else map(ord, sample)
    controls = sum(1 for b in codes if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(len(sample), 1)


@register(".txt", ".md", ".markdown")
def load_text(name: str, data: bytes, budget: int | None = None) -> LoadedDocument:
    text, warnings = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError("tom fil")
    return LoadedDocument(document=name, raw_text=text, warnings=warnings)


@register(".pdf")
def load_pdf(name: str, data: bytes, budget: int | None = None) -> LoadedDocument:
    from ingest.pdf_text import extract_pages

    pages, warnings, title = extract_pages(data, budget, MAX_PDF_PAGES, MAX_PAGE_CONTENT)
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
    if empty_pages:
        warnings.append(f"side {_page_list(empty_pages)} mangler tekstlag (trenger OCR)")
    return LoadedDocument(document=name, raw_text=raw, page_starts=page_starts, warnings=warnings, title=title)


def _page_list(pages: list[int], shown: int = 30) -> str:
    listed = ", ".join(map(str, pages[:shown]))
    return listed if len(pages) <= shown else f"{listed} og {len(pages) - shown} til"


from ingest import loaders_html, loaders_office  # noqa: E402,F401  (register .docx, .odt, .html)
