"""One loader per state file of the data folder, each validating the file's shape.

``current.json`` (which generation is active), a generation's ``documents.json`` (the manifest) and
``chunks.jsonl`` are read here and nowhere else. A damaged file never ends in a traceback: the loader
raises :class:`StateError` with one Norwegian line that says what is wrong and what to do, and where the
damage can be worked around it is: a broken ``current.json`` falls back to the newest complete generation.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from ingest.records import Chunk
from ingest.safe_files import os_reason

log = logging.getLogger("ingest.state")
GENERATION_NAME = re.compile(r"^gen-\d{1,25}$")
MAX_POINTER_BYTES = 4096


class IndexMissing(Exception):
    """No index has been built yet."""


class StateError(IndexMissing):
    """A state file is damaged and nothing usable is left; the message says what to do (one line)."""


class CurrentPointer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    generation: str = Field(pattern=GENERATION_NAME.pattern)
    format: int = 1


class DocumentEntry(BaseModel):
    """A searchable document as the manifest lists it (``manifest["documents"][name]``)."""

    model_config = ConfigDict(extra="allow")

    title: str
    short_title: str = ""
    kind: str = "dokument"
    publisher: str | None = ""
    date: str = ""
    language: str = "nb"
    ocr: bool = False
    aliases: list[str] = []
    chunks: int = 0


class DocumentRecord(BaseModel):
    """Every document read in (also duplicates), with what the next ingest needs to carry it over."""

    model_config = ConfigDict(extra="allow")

    document: str
    slot: str = Field(pattern=r"^[0-9a-f]{12}$")  # the file name stem of its texts: never a path
    fingerprint: str
    meta: dict[str, Any]
    signature: list[int]
    cleanliness: float
    repaired_words: int
    chunks: int
    duplicate_of: str | None = None


class Manifest(BaseModel):
    model_config = ConfigDict(extra="allow")

    pipeline: str = ""
    embedder: str = ""
    dense: Literal["pending", "complete"] = "complete"
    fingerprints: dict[str, str] = {}
    chunks: int = 0
    documents: dict[str, DocumentEntry]
    documents_all: list[DocumentRecord] = []
    skipped: list[tuple[str, str]] = []
    warnings: list[tuple[str, str]] = []
    created: str = ""
    chroma_url: str = ""


_CHUNK = TypeAdapter(Chunk)
_REINGEST = "kjør «assistant ingest» for å bygge indeksen på nytt"
_told: set[str] = set()


def warn_once(line: str) -> None:
    """Log a damage notice once per process (the index is looked up every second)."""
    if line not in _told:
        _told.add(line)
        log.warning(line)


def read_pointer(path: Path) -> str | None:
    """The generation ``current.json`` names; None when there is none or it is damaged."""
    return check_pointer(path)[0]


def check_pointer(path: Path) -> tuple[str | None, str]:
    """The generation ``current.json`` names, and what is wrong with the file ("" when nothing is)."""
    try:
        data = path.read_bytes()[: MAX_POINTER_BYTES + 1]
    except FileNotFoundError:
        return None, f"{path.name} mangler"
    except OSError as exc:
        return None, f"{path.name} kan ikke leses ({os_reason(exc)})"
    try:
        if len(data) > MAX_POINTER_BYTES:
            raise ValueError("for stor")
        return CurrentPointer.model_validate_json(data).generation, ""
    except (ValidationError, ValueError):
        return None, f"{path.name} er skadet"


def read_manifest(generation: Path) -> dict:
    """The generation's ``documents.json``, validated; :class:`StateError` when it is damaged."""
    path = generation / "documents.json"
    try:
        return Manifest.model_validate_json(path.read_bytes()).model_dump()
    except FileNotFoundError:
        raise StateError(f"Indeksen {generation.name} mangler documents.json – {_REINGEST}.") from None
    except OSError as exc:
        raise StateError(f"Kan ikke lese {path} ({os_reason(exc)}) – sjekk tilgangen til datamappen.") from None
    except (ValidationError, ValueError):
        raise StateError(f"documents.json i indeksen {generation.name} er skadet – {_REINGEST}.") from None


def read_chunks(generation: Path) -> list[Chunk]:
    """The generation's ``chunks.jsonl``, every line validated; :class:`StateError` when it is damaged."""
    path = generation / "chunks.jsonl"
    chunks: list[Chunk] = []
    number = 0
    try:
        with open(path, "rb") as fh:
            for line in fh:
                number += 1
                if line.strip():
                    chunks.append(_CHUNK.validate_json(line))
    except FileNotFoundError:
        raise StateError(f"Indeksen {generation.name} mangler chunks.jsonl – {_REINGEST}.") from None
    except OSError as exc:
        raise StateError(f"Kan ikke lese {path} ({os_reason(exc)}) – sjekk tilgangen til datamappen.") from None
    except (ValidationError, ValueError):
        raise StateError(
            f"chunks.jsonl i indeksen {generation.name} er skadet (linje {number}) – {_REINGEST}."
        ) from None
    return chunks


def complete_generations(generations: Path) -> list[Path]:
    """Finished generations, newest first (names carry their creation time)."""
    try:
        found = [p for p in generations.iterdir() if GENERATION_NAME.match(p.name) and (p / "complete").is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: int(p.name[4:]), reverse=True)


def pointer_json(generation: Path, format_version: int) -> str:
    return json.dumps({"generation": generation.name, "format": format_version})
