"""The document library: files added to and removed from the corpus folder, which stays the source of truth.

A stored file appears in the folder whole or not at all (written to a hidden temporary file, then renamed);
its metadata goes into the folder's sources.yaml, so ``assistant ingest`` over the folder rebuilds the same
index. Uploads are marked ``lexicon: false``: they don't feed the OCR lexicon, so adding or removing one
re-reads no other document. One writer at a time changes the folder (a lock file beside the documents); the index itself is
brought up to date by the incremental ingest, under its own lock.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from ingest.filetype import FileTypeError, check_type
from ingest.loaders import LoadError, load_document
from ingest.metadata import read_sources
from ingest.settings import IngestSettings

EDITABLE = ("title", "short_title", "kind", "date")
LOCK_FILE = ".library.lock"


class LibraryError(Exception):
    """A document the library refuses, with the HTTP status that says why and a Norwegian message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True, slots=True)
class StoredDocument:
    document: str  # file name in the corpus folder: the document's id
    title: str
    family: str  # pdf, docx, odt, html, text


def sanitise_name(name: str) -> str:
    """A safe file name: no folders, no control or reserved characters, no leading dot, a sane length."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r'[<>:"|?*\s]+', " ", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = re.sub(r"\s+", "-", stem.strip()).strip("-.") or "dokument"
    extension = re.sub(r"[^A-Za-z0-9]", "", extension).lower()
    stem = stem[:120]
    return f"{stem}.{extension}" if extension else stem


def unique_name(folder: Path, name: str) -> str:
    """``name``, or ``name-2``, ``name-3`` … when a file of that name is already in the folder."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    candidate, n = name, 1
    while (folder / candidate).exists():
        n += 1
        candidate = f"{stem}-{n}.{extension}" if extension else f"{stem}-{n}"
    return candidate


def clean_meta(meta: dict) -> dict:
    """The editable metadata fields that are set, as strings without surrounding space."""
    out = {}
    for key in EDITABLE:
        value = meta.get(key)
        if value is not None and str(value).strip():
            out[key] = " ".join(str(value).split())
    return out


class Library:
    def __init__(self, settings: IngestSettings) -> None:
        self.settings = settings
        self.folder = settings.corpus_dir
        self.sources_path = settings.corpus_dir / settings.sources_file

    @property
    def max_bytes(self) -> int:
        return int(self.settings.max_document_mb * 1_000_000)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One writer of the folder and its sources.yaml at a time, across threads and processes."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / LOCK_FILE, "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def path(self, document: str) -> Path:
        """The file of a document in the folder; a 404 for anything else (names with folders included)."""
        unknown = LibraryError(404, "Ukjent dokument.")
        if not document or document != Path(document).name or document.startswith(".") or "\\" in document:
            raise unknown
        path = self.folder / document
        if not path.is_file() or path.is_symlink() or path.name == self.settings.sources_file:
            raise unknown
        return path

    def add(self, filename: str, data: bytes, meta: dict | None = None) -> StoredDocument:
        """Check and store a file: 413 too big, 415 unreadable type, 409 already there, 422 no text."""
        if len(data) > self.max_bytes:
            raise LibraryError(
                413,
                f"Filen er for stor ({len(data) / 1_000_000:.1f} MB); grensen er "
                f"{self.settings.max_document_mb:g} MB (ASSISTANT_MAX_DOCUMENT_MB).",
            )
        name = sanitise_name(filename)
        if not data.strip():
            raise LibraryError(422, f"«{name}» er tom: den inneholder ingen tekst.")
        try:
            family = check_type(name, data)
        except FileTypeError as exc:
            raise LibraryError(415, str(exc)) from exc
        meta = clean_meta(meta or {})
        with self.locked():
            existing = self.find_content(data)
            if existing is not None:
                raise LibraryError(409, f"Dette dokumentet finnes allerede i biblioteket som «{existing}».")
            name = unique_name(self.folder, name)
            temporary = self._write_temporary(data, name)
            try:
                title = self._readable_title(temporary, name, meta)
                sources = read_sources(self.sources_path)
                self._write_sources({**sources, name: {**meta, "lexicon": False}})  # see pipeline._feeds_lexicon
                try:
                    os.replace(temporary, self.folder / name)
                except OSError:
                    self._write_sources(sources)
                    raise
            finally:
                temporary.unlink(missing_ok=True)
        return StoredDocument(document=name, title=title, family=family)

    def update(self, document: str, meta: dict) -> dict:
        """Change a document's title, short title, kind or date; an empty value returns it to the inferred one."""
        self.path(document)
        with self.locked():
            sources = read_sources(self.sources_path)
            entry = dict(sources.get(document) or {})
            for key in EDITABLE:
                if key in meta and meta[key] is not None:
                    value = " ".join(str(meta[key]).split())
                    if value:
                        entry[key] = value
                    else:
                        entry.pop(key, None)
            if entry:
                sources[document] = entry
            else:
                sources.pop(document, None)
            self._write_sources(sources)
        return entry

    def remove(self, document: str) -> None:
        """The file and its metadata entry leave the folder (the next incremental ingest drops it from the index)."""
        path = self.path(document)
        with self.locked():
            sources = read_sources(self.sources_path)
            path.unlink(missing_ok=True)
            if sources.pop(document, None) is not None:
                self._write_sources(sources)

    def find_content(self, data: bytes) -> str | None:
        """The name of a file in the folder with exactly these bytes, if any."""
        digest = hashlib.sha256(data).digest()
        for path in sorted(self.folder.iterdir()):
            if path.is_file() and not path.name.startswith(".") and path.stat().st_size == len(data):
                if hashlib.sha256(path.read_bytes()).digest() == digest:
                    return path.name
        return None

    def _write_temporary(self, data: bytes, name: str) -> Path:
        """The bytes in a hidden file of the same folder (so the rename is atomic), flushed to disk."""
        fd, tmp = tempfile.mkstemp(prefix=".upload-", suffix="-" + name[-40:], dir=self.folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        return Path(tmp)

    def _readable_title(self, temporary: Path, name: str, meta: dict) -> str:
        """Read the file as ingest will; a file without text is refused (422) before it enters the folder."""
        from ingest.metadata import document_meta

        try:  # the temporary file ends in the document's name, so the same loader reads it
            loaded = load_document(temporary, self.settings.max_document_mb)
        except LoadError as exc:
            raise LibraryError(422, _no_text_message(name, str(exc))) from exc
        return document_meta(name, loaded.raw_text, meta).title

    def _write_sources(self, sources: dict[str, dict]) -> None:
        """sources.yaml rewritten atomically, its leading comment lines kept."""
        header = ""
        if self.sources_path.exists():
            lines = self.sources_path.read_text(encoding="utf-8").splitlines(keepends=True)
            header = "".join(line for line in _leading_comments(lines))
        body = yaml.safe_dump(sources, allow_unicode=True, sort_keys=False, width=1000) if sources else ""
        tmp = self.sources_path.with_name(f".{self.sources_path.name}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(header + body)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.sources_path)


def _leading_comments(lines: list[str]) -> Iterator[str]:
    for line in lines:
        if not line.startswith("#"):
            return
        yield line


def _no_text_message(name: str, reason: str) -> str:
    if "OCR" in reason:
        return f"«{name}» har ingen tekst å lese: PDF-en mangler tekstlag og må OCR-behandles først."
    return f"«{name}» kan ikke leses: {reason}."
