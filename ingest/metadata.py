"""Document metadata: from the corpus' sources.yaml, or inferred for files dropped in without an entry."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.records import DocumentMeta
from ingest.sources_file import load_sources

_FIELDS = {"title", "short_title", "kind", "publisher", "date", "language", "ocr"}


def read_sources(path: Path) -> dict[str, dict]:
    """The validated entries of sources.yaml (see :mod:`ingest.sources_file`)."""
    return load_sources(path).entries


def document_meta(document: str, raw_text: str, entry: dict | None) -> DocumentMeta:
    entry = {k: v for k, v in (entry or {}).items() if k in _FIELDS}
    title = str(entry.get("title") or infer_title(raw_text) or _title_from_name(document))
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


def infer_title(raw_text: str) -> str:
    """The first markdown heading, else the first substantial line."""
    lines = [line.strip() for line in raw_text.splitlines()[:200]]
    for line in lines:
        if line.startswith("#"):
            return line.lstrip("#").strip()
    for line in lines:
        if len(line) >= 8 and sum(c.isalpha() for c in line) >= 5:
            return line[:160]
    return ""


def _title_from_name(document: str) -> str:
    return re.sub(r"[-_]+", " ", document.split(".")[0]).strip().capitalize()


def _shorten(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1].rsplit(" ", 1)[0] + "…"


def _year_from_name(document: str) -> str:
    match = re.search(r"(19|20)\d\d", document)
    return match.group(0) if match else ""
