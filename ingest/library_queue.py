"""Bringing the index up to date after the library changed: one processing thread per data folder.

A stored upload is queued and read by the incremental ingest (only new or changed documents are read,
cleaned and chunked; the new generation is activated with its dense part pending), then the background
dense worker embeds what is missing. A running dense worker holds the ingest lock, so it is stopped
first and started again after (its vectors so far are kept, so it resumes where it stopped); one started by
another process of the service (several workers) makes way when it sees this process wait for the lock.
"""

from __future__ import annotations

import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ingest import index as idx
from ingest.background import dense_worker_running, start_worker, waiting_for_lock
from ingest.settings import IngestSettings

_PROCESSORS: dict[Path, LibraryProcessor] = {}
_REGISTRY_LOCK = threading.Lock()


@dataclass
class ProcessorState:
    busy: bool = False
    queued: bool = False
    error: str = ""  # why the last run failed ("" when it went well)
    runs: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


class LibraryProcessor:
    def __init__(self, settings: IngestSettings, dense: bool = True) -> None:
        self.settings = settings
        self.dense = dense
        self.state = ProcessorState()
        self.worker: subprocess.Popen | None = None
        self._wake = threading.Event()
        self._run_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False

    def request(self) -> None:
        """Queue a run in the background thread (started on first use)."""
        self.state.queued = True
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="library-processor", daemon=True)
            self._thread.start()
        self._wake.set()

    def process_now(self) -> None:
        """Run at once in this thread and return when the new generation is active (PATCH, DELETE, CLI)."""
        self.state.queued = True
        self._process()

    def pending(self) -> bool:
        return self.state.busy or self.state.queued

    def stale(self) -> bool:
        """Whether the folder holds documents the current index has not seen (e.g. after a crash)."""
        from ingest.pipeline import corpus_files

        current = idx.IndexLayout(self.settings.data_dir, self.settings.chroma_url).current()
        if current is None:
            return False
        manifest = idx.read_manifest(current)
        seen = set(manifest.get("fingerprints", {})) | {name for name, _ in manifest.get("skipped", [])}
        try:
            return any(p.name not in seen for p in corpus_files(self.settings.corpus_dir))
        except FileNotFoundError:
            return False

    def ensure_dense(self) -> None:
        """Start the dense worker if the current generation lacks vectors and no worker is running."""
        if not self.dense or self._closed or (self.worker is not None and self.worker.poll() is None):
            return
        if dense_worker_running(self.settings):  # another process of the service started one
            return
        current = idx.IndexLayout(self.settings.data_dir, self.settings.chroma_url).current()
        if current is not None and not idx.dense_complete(idx.read_manifest(current)):
            self.worker = start_worker(self.settings)

    def close(self) -> None:
        self._closed = True
        self._wake.set()
        self._stop_worker()

    def _loop(self) -> None:
        while not self._closed:
            self._wake.wait(timeout=5)
            self._wake.clear()
            if self._closed:
                return
            if self.state.queued:
                self._process()
            else:
                self.ensure_dense()  # a worker that stopped with vectors still missing is restarted

    def _process(self) -> None:
        from ingest.pipeline import ingest_corpus

        with self._run_lock:
            self.state.queued, self.state.busy = False, True
            try:
                self._stop_worker()
                with waiting_for_lock(self.settings.data_dir):  # a dense worker of another process makes way
                    report = ingest_corpus(self.settings, dense=False, lock_wait=120)
                self.state.error, self.state.skipped = "", report.skipped
            except Exception as exc:  # reported in the document list; the previous index keeps answering
                self.state.error = f"{type(exc).__name__}: {exc}"
            finally:
                self.state.busy = False
                self.state.runs += 1
            self.ensure_dense()

    def _stop_worker(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            self.worker.terminate()
            try:
                self.worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.worker.kill()
                self.worker.wait()
        self.worker = None


def processor_for(settings: IngestSettings, dense: bool = True) -> LibraryProcessor:
    """The one processor of a data folder in this process (the API, the service's startup and the CLI share it)."""
    key = Path(settings.data_dir).resolve()
    with _REGISTRY_LOCK:
        processor = _PROCESSORS.get(key)
        if processor is None or processor._closed:
            processor = _PROCESSORS[key] = LibraryProcessor(settings, dense)
        return processor
