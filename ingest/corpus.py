"""The corpus folder as a list of readable documents: nothing outside the folder is ever read.

Every entry is checked before a byte of it is read: a symbolic link is followed only to a document
directly inside the corpus folder (never outside it, never into the index folder or the metadata file);
names that are not UTF-8, special files and vanished files are refused with a Norwegian reason for the
ingest report. The documents are then read with :mod:`ingest.safe_files`; the clean ones also make the OCR lexicon.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ingest.lexicon import Lexicon, build_lexicon
from ingest.loaders import LoadError, load_document, supported
from ingest.safe_files import os_reason
from ingest.sources_file import load_sources


@dataclass(frozen=True, slots=True)
class CorpusFile:
    name: str  # the entry's name in the corpus folder (the document id)
    path: Path  # resolved: a regular file directly inside the corpus folder
    size: int


@dataclass
class CorpusScan:
    files: list[CorpusFile] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (printable name, Norwegian reason)


def printable_name(name: str) -> str:
    """A file name as text that can always be shown and stored (undecodable bytes become «�»)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _inside(path: Path, folder: Path | None) -> bool:
    return folder is not None and (path == folder or folder in path.parents)


def scan_corpus(corpus_dir: Path, data_dir: Path | None = None, sources_file: str = "sources.yaml") -> CorpusScan:
    """The corpus' documents (sorted by name) and the entries refused, each with its reason."""
    try:
        root = corpus_dir.resolve(strict=True)
    except (OSError, RuntimeError):
        raise FileNotFoundError(f"fant ikke korpusmappen {corpus_dir}") from None
    if not root.is_dir():
        raise FileNotFoundError(f"korpusmappen {corpus_dir} er ikke en mappe")
    data_root = _resolved(data_dir)
    scan = CorpusScan()
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        raise FileNotFoundError(f"kan ikke lese korpusmappen {corpus_dir} ({os_reason(exc)})") from None
    for entry in entries:
        name = entry.name
        if name.startswith(".") or not supported(Path(name)):
            continue
        checked = _check_entry(root, data_root, sources_file, entry)
        if isinstance(checked, CorpusFile):
            scan.files.append(checked)
        elif checked:
            scan.refused.append((printable_name(name), checked))
    return scan


def _resolved(path: Path | None) -> Path | None:
    if path is None:
        return None
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _check_entry(root: Path, data_root: Path | None, sources_file: str, entry: os.DirEntry) -> CorpusFile | str:
    """The entry as a readable document, or why not ("" for an entry to pass over in silence)."""
    name = entry.name
    if not _is_utf8(name):
        return "filnavnet er ikke gyldig UTF-8 – gi filen et nytt navn (UTF-8) og les inn på nytt"
    try:
        info = entry.stat(follow_symlinks=False)
        target = root / name
        if stat.S_ISLNK(info.st_mode):
            try:
                target = (root / name).resolve(strict=True)
            except (OSError, RuntimeError):
                return "symbolsk lenke som ikke peker på noen fil – ikke lest inn"
            if target.parent != root:
                where = "inn i indeksmappen" if _inside(target, data_root) else "ut av korpusmappen"
                return f"symbolsk lenke som peker {where} – ikke lest inn (kopier filen inn i korpusmappen om den skal med)"
            if target.name.startswith(".") or target.name == sources_file or not supported(target):
                return "symbolsk lenke til en fil som ikke er et dokument – ikke lest inn"
            info = os.stat(target)
    except FileNotFoundError:
        return "filen forsvant under innlesingen"
    except OSError as exc:
        return f"kan ikke lese filen ({os_reason(exc)})"
    if stat.S_ISDIR(info.st_mode):
        return ""
    if not stat.S_ISREG(info.st_mode):
        return "ikke en vanlig fil (enhet, rør eller lignende) – ikke lest inn"
    if _inside(target, data_root):
        return "ligger i indeksmappen – ikke lest inn"
    if info.st_nlink > 1:  # a hard link may be any file of the same disk, e.g. /etc/passwd
        return "filen har flere harde lenker og kan være en fil utenfor korpusmappen – kopier den inn i stedet"
    return CorpusFile(name, target, info.st_size)


def is_ocr(name: str, sources: dict[str, dict]) -> bool:
    return bool((sources.get(name) or {}).get("ocr", ".ocr." in name))


def feeds_lexicon(name: str, sources: dict[str, dict]) -> bool:
    """Clean documents lend their words to OCR repair, except those marked ``lexicon: false`` (library
    uploads), so adding or removing one never re-reads the OCR documents."""
    return not is_ocr(name, sources) and (sources.get(name) or {}).get("lexicon", True) is not False


def corpus_lexicon(files: list[CorpusFile], sources: dict[str, dict], max_mb: float = 20.0) -> Lexicon:
    """The OCR lexicon: general Norwegian plus the vocabulary of the corpus' clean (non-OCR) documents."""
    return build_lexicon(_clean_texts(files, sources, max_mb))


def lexicon_for_corpus(corpus_dir: Path, sources_file: str = "sources.yaml") -> Lexicon:
    return corpus_lexicon(
        scan_corpus(corpus_dir, sources_file=sources_file).files, load_sources(corpus_dir / sources_file).entries
    )


def _clean_texts(files: list[CorpusFile], sources: dict[str, dict], max_mb: float) -> list[str]:
    texts = []
    for file in files:
        if not feeds_lexicon(file.name, sources):
            continue
        try:
            texts.append(load_document(file.path, max_mb).raw_text)
        except LoadError:
            continue
    return texts
