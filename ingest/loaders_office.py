"""Word (.docx) and OpenDocument (.odt) files: paragraphs in reading order, headings as markdown headings.

Headings come from the word processor's heading styles (Word's «Heading 1…», LibreOffice's outline levels),
so the structure stage sees the same sections the author made.
"""

from __future__ import annotations

import re
import zipfile
from io import BytesIO

from ingest.loaders import LoadError, register
from ingest.records import LoadedDocument

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)


def heading_level(style_name: str) -> int | None:
    """The level of a heading style name («Heading 2», «Overskrift 2», «Title» → 1); None for body text."""
    name = (style_name or "").strip()
    if name.lower() in ("title", "tittel"):
        return 1
    match = _HEADING_STYLE.match(name)
    return min(int(match.group(1)), 6) if match else None


def blocks_to_text(blocks: list[tuple[int | None, str]]) -> str:
    """Blocks (heading level or None, text) as paragraphs separated by blank lines, headings marked with «#»."""
    parts = []
    for level, text in blocks:
        text = " ".join(text.split())
        if text:
            parts.append(f"{'#' * level} {text}" if level else text)
    return "\n\n".join(parts) + "\n"


def _loaded(name: str, blocks: list[tuple[int | None, str]]) -> LoadedDocument:
    text = blocks_to_text(blocks)
    if not text.strip():
        raise LoadError("ingen tekst i dokumentet")
    return LoadedDocument(document=name, raw_text=text)


@register(".docx")
def load_docx(name: str, data: bytes, budget: int | None = None) -> LoadedDocument:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(BytesIO(data))
        blocks: list[tuple[int | None, str]] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                for row in item.rows:
                    cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells if cell.text.strip()))
                    blocks.append((None, " | ".join(cells)))
            else:
                style = item.style.name if item.style is not None else ""
                blocks.append((heading_level(style), item.text))
    except LoadError:
        raise
    except Exception as exc:  # python-docx raises many kinds on damaged files; a bad file must not stop ingest
        raise LoadError(f"ødelagt Word-fil ({type(exc).__name__})") from exc
    return _loaded(name, blocks)


@register(".odt")
def load_odt(name: str, data: bytes, budget: int | None = None) -> LoadedDocument:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    try:
        document = load(BytesIO(data))
        blocks: list[tuple[int | None, str]] = []
        for element in _walk(document.text):
            if element.qname == (TEXTNS, "h"):
                level = int(element.getAttrNS(TEXTNS, "outline-level") or 1)
                blocks.append((min(level, 6), teletype.extractText(element)))
            elif element.qname == (TEXTNS, "p"):
                blocks.append((None, teletype.extractText(element)))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LoadError(f"ødelagt ODT-fil ({type(exc).__name__})") from exc
    except Exception as exc:  # odfpy raises many kinds on damaged files
        raise LoadError(f"ødelagt ODT-fil ({type(exc).__name__})") from exc
    return _loaded(name, blocks)


def _walk(node):
    """Headings and paragraphs in document order (a paragraph inside a list or table counts; nested ones once)."""
    from odf.namespaces import TEXTNS

    for child in node.childNodes:
        if getattr(child, "qname", None) in ((TEXTNS, "h"), (TEXTNS, "p")):
            yield child
        elif getattr(child, "childNodes", None):
            yield from _walk(child)
