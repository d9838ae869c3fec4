"""The generation being served, swapped for a new one as soon as an ingest or the dense worker activates it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.store import IndexSnapshot, open_snapshot, warm
from ingest import index as idx
from ingest.settings import IngestSettings
from ingest.state import StateError, warn_once

__all__ = ["LiveIndex"]


class LiveIndex:
    """The current generation, reopened when an ingest or the dense worker activates a new one.

    Requests take one snapshot and keep it to the end, so a swap never mixes two generations in one answer;
    the new snapshot is warmed (BM25, document texts) before it is handed out, and an old one stays readable
    for requests still using it.
    """

    def __init__(
        self, settings: IngestSettings, embeddings: Embeddings | None = None, check_every: float = 1.0
    ) -> None:
        self.settings = settings
        self.layout = idx.IndexLayout(settings.data_dir, settings.chroma_url)
        self.check_every = check_every
        self._stamp = _stamp(self.layout.current_file)
        self._snapshot = open_snapshot(settings, embeddings)
        self._checked = time.monotonic()
        self._lock = threading.Lock()
        self._refused: Path | None = None

    @classmethod
    def fixed(cls, snapshot: IndexSnapshot) -> LiveIndex:
        """A snapshot that never changes (tests, evaluation, one-off commands)."""
        live = cls.__new__(cls)
        live.settings, live.layout, live.check_every = None, None, float("inf")
        live._snapshot, live._checked, live._lock = snapshot, time.monotonic(), threading.Lock()
        live._refused, live._stamp = None, None
        return live

    def get(self) -> IndexSnapshot:
        """The current snapshot. The pointer file is looked at on every call (one ``stat``), so a worker
        process answers from a generation as soon as any process activates it; the full check also runs
        every ``check_every`` seconds, for a pointer that is damaged or names a removed generation."""
        if self.layout is None:
            return self._snapshot
        stamp = _stamp(self.layout.current_file)
        if stamp == self._stamp and time.monotonic() - self._checked < self.check_every:
            return self._snapshot
        with self._lock:
            self._checked, self._stamp = time.monotonic(), stamp
            current = self.layout.current()
            if current is not None and current != self._snapshot.generation and current != self._refused:
                try:
                    fresh = IndexSnapshot(
                        generation=current,
                        chunks=idx.read_chunks(current),
                        manifest=idx.read_manifest(current),
                        embeddings=self._snapshot.embeddings,
                        cache_file=self.layout.cache_file,
                    )
                    warm(fresh)
                except StateError as exc:  # keep answering from the snapshot we have
                    self._refused = current
                    warn_once(f"{exc} Svarer fra {self._snapshot.generation.name} så lenge.")
                else:
                    fresh.encoder = self._snapshot.encoder  # same encoder: the query vectors stay cached
                    self._snapshot = fresh
        return self._snapshot


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when the pointer file is replaced: inode, size and modification time."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns
