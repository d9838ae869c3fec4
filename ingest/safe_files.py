"""Reading a document file with its size checked first and without following a link.

A file swapped for a link between the corpus check and the read is refused, a file over the limit is never
read (its size is taken from the open descriptor), and every failure is a :class:`LoadError` with a Norwegian
reason, so one bad file never stops an ingest.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

_BLOCK = 1 << 20


class LoadError(Exception):
    """The file cannot be read as a document; ingest reports it and goes on."""


_OS_REASONS = {
    errno.EACCES: "ingen lesetilgang",
    errno.EPERM: "ingen tilgang",
    errno.EISDIR: "er en mappe",
    errno.EIO: "lesefeil på disken",
    errno.ENAMETOOLONG: "filnavnet er for langt",
    errno.ELOOP: "for mange symbolske lenker",
    errno.ENXIO: "ikke en vanlig fil",
    errno.EAGAIN: "filen er opptatt",
    errno.EROFS: "skrivebeskyttet filsystem",
    errno.ENOSPC: "disken er full",
}


def os_reason(exc: OSError) -> str:
    """An operating-system error in Norwegian (the C library's English text only as a last resort)."""
    return _OS_REASONS.get(exc.errno or -1) or f"systemfeil {exc.errno}: {exc.strerror or exc}"


@contextmanager
def open_checked(path: Path, max_bytes: int | None = None) -> Iterator[tuple[BinaryIO, int]]:
    """The file opened for reading without following a link, and its size; refused if too big or special.

    Raises :class:`LoadError` with a Norwegian reason, so one bad file never stops an ingest.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise LoadError("filen forsvant under innlesingen") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LoadError("filen ble byttet ut med en symbolsk lenke – ikke lest inn") from None
        raise LoadError(f"kan ikke lese filen ({os_reason(exc)})") from None
    handle = os.fdopen(fd, "rb")
    try:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise LoadError("ikke en vanlig fil (enhet, rør eller lignende) – ikke lest inn")
        if max_bytes is not None and info.st_size > max_bytes:
            raise LoadError(too_big_message(info.st_size, max_bytes))
        yield handle, info.st_size
    finally:
        handle.close()


def read_checked(path: Path, max_bytes: int | None = None) -> bytes:
    """The file's bytes, never more than ``max_bytes`` (a file growing while it is read is refused too)."""
    with open_checked(path, max_bytes) as (handle, _size):
        try:
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
        except OSError as exc:
            raise LoadError(f"kan ikke lese filen ({os_reason(exc)})") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise LoadError(too_big_message(len(data), max_bytes))
    return data


def file_digest(path: Path, max_bytes: int | None = None) -> str:
    """SHA-256 of the file, read in blocks after a size check (an oversized file is not read at all)."""
    digest = hashlib.sha256()
    read = 0
    with open_checked(path, max_bytes) as (handle, _size):
        try:
            while block := handle.read(_BLOCK):
                read += len(block)
                if max_bytes is not None and read > max_bytes:
                    raise LoadError(too_big_message(read, max_bytes))
                digest.update(block)
        except OSError as exc:
            raise LoadError(f"kan ikke lese filen ({os_reason(exc)})") from None
    return digest.hexdigest()


def too_big_message(size: int, max_bytes: int) -> str:
    return (
        f"for stor ({size / 1_000_000:.0f} MB; grensen er {max_bytes / 1_000_000:g} MB, "
        "se ASSISTANT_MAX_DOCUMENT_MB) – ikke lest"
    )
