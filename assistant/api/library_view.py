"""The library as the API lists it: every document in the folder with the status of its processing (pure)."""

from __future__ import annotations

from pathlib import Path

from assistant.api.models import DocumentOut
from assistant.store import IndexSnapshot
from ingest.filetype import FAMILIES
from ingest.records import IndexedDocument


def file_type(name: str) -> str:
    return FAMILIES.get(Path(name).suffix.lower(), "")


def document_entries(snapshot: IndexSnapshot, files: list[Path], pending: bool, error: str) -> list[DocumentOut]:
    """One entry per file in the folder (near duplicates merged into another are listed as its aliases)."""
    manifest = snapshot.manifest
    merged = {d["document"] for d in manifest.get("documents_all", []) if d.get("duplicate_of")}
    skipped = dict(manifest.get("skipped", []))
    known = set(manifest.get("fingerprints", {}))
    embedded, total, pages = _chunk_counts(snapshot)
    entries = []
    for path in files:
        name = path.name
        if name in merged:
            continue
        meta = snapshot.catalog.get(name) or IndexedDocument(document=name, title=name, short_title=name)
        base = dict(meta.to_manifest(), id=name, file_type=file_type(name), size=_size(path))
        if name in snapshot.catalog:
            done = embedded.get(name, 0) / max(total.get(name, 0), 1)
            full = snapshot.dense_complete or done >= 1.0
            status, text = (
                ("indexed", "Ferdig indeksert")
                if full
                else (
                    "searchable",
                    f"Søkbar med ordsøk; betydningssøk {done:.0%}",
                )
            )
            entries.append(
                DocumentOut(
                    **base, pages=pages.get(name), status=status, status_text=text, progress=1.0 if full else done
                )
            )
        elif name in skipped and name in known:
            reason = skipped[name]
            entries.append(DocumentOut(**base, status="failed", status_text=f"Feilet: {reason}", error=reason))
        elif not pending and error:
            entries.append(DocumentOut(**base, status="failed", status_text=f"Feilet: {error}", error=error))
        else:
            entries.append(DocumentOut(**base, status="reading", status_text="Leses inn …"))
    return entries


def _chunk_counts(snapshot: IndexSnapshot) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Chunks with a vector, chunks, and pages, per document."""
    embedded: dict[str, int] = {}
    total: dict[str, int] = {}
    pages: dict[str, int] = {}
    have = None
    if not snapshot.dense_complete:
        stored = snapshot.stored_vectors
        stored.refresh()
        have = stored.have
    for i, chunk in enumerate(snapshot.chunks):
        total[chunk.document] = total.get(chunk.document, 0) + 1
        if have is None or have[i]:
            embedded[chunk.document] = embedded.get(chunk.document, 0) + 1
        if chunk.page:
            pages[chunk.document] = max(pages.get(chunk.document, 0), chunk.page)
    return embedded, total, pages


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
