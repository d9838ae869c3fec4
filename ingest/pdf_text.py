"""PDF text, page by page, against a character budget (the one place pypdf is called).

A hostile PDF can be small and still cost minutes: pages that share one content stream, or one page that
unpacks into megabytes of drawing instructions. So the page count is checked first, each page's content
size before its text is extracted, a content stream shared by several pages is extracted once, and the
running text length stops the extraction as soon as it passes the budget.
"""

from __future__ import annotations

import re
from io import BytesIO

from ingest.safe_files import LoadError

MAX_UNPACK_RATIO = 50  # decoded drawing instructions per byte of file; real PDFs stay far below
MIN_UNPACK_ALLOWANCE = 2_000_000


def extract_pages(
    data: bytes, budget: int | None, max_pages: int, max_page_content: int
) -> tuple[list[str], list[str], str]:
    """The text of every page, warnings and the title in the PDF's metadata; :class:`LoadError` when the PDF
    is broken or too big."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError("kryptert PDF (passord kreves)")
        count = len(reader.pages)
        if count > max_pages:
            raise LoadError(f"for mange sider ({count}; grensen er {max_pages})")
        pages, warnings = _pages(reader, budget, max_page_content, len(data))
        return pages, warnings, pdf_title(reader)
    except LoadError:
        raise
    except RecursionError as exc:
        raise LoadError("ødelagt PDF (for dypt nøstet)") from exc
    except MemoryError as exc:
        raise LoadError("PDF-en er for stor til å lese") from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"ødelagt PDF ({type(exc).__name__}: {_short(exc)})") from exc
    except Exception as exc:  # pypdf raises many kinds on hostile files; a bad file must not stop ingest
        raise LoadError(f"ødelagt PDF ({type(exc).__name__})") from exc


def _pages(reader, budget: int | None, max_page_content: int, size_of_file: int) -> tuple[list[str], list[str]]:
    pages = list(reader.pages)
    # first the sizes (decompression is fast, text extraction is not): a bomb is refused before any text
    keys: list[tuple] = []
    sizes: dict[tuple, int] = {}
    unpacked = 0
    max_unpacked = max(MAX_UNPACK_RATIO * size_of_file, MIN_UNPACK_ALLOWANCE)
    for number, page in enumerate(pages, start=1):
        key = _content_key(page) or ("page", number)
        if key not in sizes:
            sizes[key] = _content_size(page)
            unpacked += sizes[key]
            if unpacked > max_unpacked:
                raise LoadError(
                    f"PDF-en pakker ut til uvanlig mye innhold (over {unpacked / 1_000_000:.0f} MB tegneinstruksjoner "
                    f"fra en fil på {size_of_file / 1_000_000:.1f} MB) – ikke lest"
                )
        keys.append(key)
    texts: list[str] = []
    warnings: list[str] = []
    extracted: dict[tuple, str] = {}
    total = 0
    for number, (page, key) in enumerate(zip(pages, keys), start=1):
        text = extracted.get(key)
        if text is None:
            if sizes[key] > max_page_content:
                warnings.append(
                    f"side {number} hoppet over: {sizes[key] / 1_000_000:.0f} MB tegneinstruksjoner er ikke en tekstside"
                )
                text = ""
            else:
                text = page.extract_text() or ""
            extracted[key] = text
        total += len(text) + 2
        if budget is not None and total > budget:
            raise LoadError(
                f"for stor (over {budget / 1_000_000:g} MB tekst allerede ved side {number} av {len(pages)}; "
                "se ASSISTANT_MAX_DOCUMENT_MB)"
            )
        texts.append(text)
    return texts, warnings


def _content_key(page) -> tuple | None:
    """Which content streams a page draws: pages that share them share their text (extracted once)."""
    from pypdf.generic import ArrayObject, IndirectObject

    contents = page.get("/Contents", None)
    if not isinstance(contents, (IndirectObject, ArrayObject)):
        return None
    refs = [contents] if isinstance(contents, IndirectObject) else list(contents)
    if not all(isinstance(ref, IndirectObject) for ref in refs):
        return None
    return tuple((r.idnum, r.generation) for r in refs)


def _content_size(page) -> int:
    contents = page.get_contents()
    return 0 if contents is None else len(contents.get_data())


def _short(exc: Exception, limit: int = 160) -> str:
    text = str(exc).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pdf_title(reader) -> str:
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
