"""Document metadata: from the corpus' sources.yaml, or inferred for files dropped in without an entry."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.furniture import find_furniture
from ingest.heading_rules import is_bare_name, is_dateline
from ingest.mapped_text import apply_edits
from ingest.records import DocumentMeta
from ingest.sources_file import load_sources
from ingest.structure import find_headings

_FIELDS = {"title", "short_title", "kind", "publisher", "date", "language", "ocr"}


def read_sources(path: Path) -> dict[str, dict]:
    """The validated entries of sources.yaml (see :mod:`ingest.sources_file`)."""
    return load_sources(path).entries


def document_meta(document: str, raw_text: str, entry: dict | None, file_title: str = "") -> DocumentMeta:
    """Metadata from the sources.yaml entry; without one, the file's own title, then its first heading."""
    entry = {k: v for k, v in (entry or {}).items() if k in _FIELDS}
    title = str(entry.get("title") or file_title or infer_title(raw_text) or _title_from_name(document))
    return DocumentMeta(
        document=document,
        title=title,
        short_title=str(entry.get("short_title") or _shorten(title)),
        kind=str(entry.get("kind") or "dokument"),
        publisher=str(entry.get("publisher") or ""),
        date=str(entry.get("date") or _year_from_name(document)),
        language=str(entry.get("language") or "nb"),
        ocr=bool(entry.get("ocr", ".ocr." in document)),
    )


_GENERIC = re.compile(
    r"^(?:Forord|Innhold|Innholdsfortegnelse|Sammendrag|Summary|Innledning|Bakgrunn|Vedlegg|Møteinnkalling|"
    r"Saksframlegg|Referat|Protokoll)\b",
    re.IGNORECASE,
)


def infer_title(raw_text: str) -> str:
    """The first markdown heading, else the first real heading near the top, never a body sentence.

    Headings come from ``ingest.structure`` over the text without its running heads, so a line that
    merely wraps a sentence, a dateline or a signature is never taken; generic ones («Forord») are skipped.
    """
    lines = [line.strip() for line in raw_text.splitlines()[:200]]
    for line in lines:
        if line.startswith("#") and line.lstrip("#").strip():
            return line.lstrip("#").strip()
    text = apply_edits(raw_text, find_furniture(raw_text).edits)
    first = re.match(r"\s*([^\n]+)\n(\s*\n|\s*[A-ZÆØÅ«])", text)  # alone, or before a new sentence
    if first and _opening_title(first.group(1).strip()):
        return re.sub(r"\s+", " ", first.group(1)).strip()
    for heading in find_headings(text):
        title = re.sub(r"\s+", " ", heading.title).strip()
        if heading.start > 30000:
            break
        if heading.kind in ("list", "box", "talk") or heading.level > 1 or len(title.split()) < 2:
            continue
        if _GENERIC.match(title):
            continue
        if is_dateline(title) or is_bare_name(title) or title.endswith("."):
            continue
        return title[:160]
    return ""


def _opening_title(line: str) -> bool:
    """A document's first line standing alone, short and unpunctuated, is its title («Notat til KS …»)."""
    words = line.split()
    return (
        2 <= len(words) <= 16
        and line[:1].isupper()
        and not re.search(r"[.!?;:]\s", line)
        and not line.endswith((".", ",", ":", ";"))
        and not is_dateline(line)
        and not is_bare_name(line)
        and not _GENERIC.match(line)
        and sum(c.isalpha() for c in line) >= 0.6 * len(line.replace(" ", ""))
    )


def _title_from_name(document: str) -> str:
    return re.sub(r"[-_]+", " ", document.split(".")[0]).strip().capitalize()


def _shorten(title: str, limit: int = 60) -> str:
    """A short title that fits in a citation label: the main title before a subtitle, else cut at a word."""
    if len(title) <= limit:
        return title
    title = " ".join(title[:1000].split())  # whitespace folded first: the pattern below backtracks on long runs
    main = re.split(r"\s+[—–-]\s+|:\s+|\s+\(", title, maxsplit=1)[0].strip()
    if 8 <= len(main) <= limit:
        return main
    return title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-") + "…"


def _year_from_name(document: str) -> str:
    match = re.search(r"(19|20)\d\d", document)
    return match.group(0) if match else ""
