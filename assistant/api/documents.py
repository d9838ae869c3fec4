"""Service health and the documents: their list and a cited passage in its raw and repaired form."""

from __future__ import annotations

import numpy as np
from fastapi import APIRouter, HTTPException, Query

from assistant.api.models import DenseHealth, HealthOut, PassageOut
from assistant.chain import Assistant
from assistant.settings import Settings
from assistant.store import IndexSnapshot
from ingest.background import DenseProgress, progress_path, read_progress

MAX_PASSAGE_CHARS = 20_000
CONTEXT_CHARS = 400


def dense_health(snapshot: IndexSnapshot, progress: DenseProgress | None) -> DenseHealth:
    status = snapshot.dense_status()
    health = DenseHealth(
        complete=status.complete,
        chunks=status.chunks,
        chunks_embedded=status.chunks_embedded,
        documents=status.documents,
        documents_embedded=status.documents_embedded,
    )
    if progress is not None and not status.complete:
        rate = progress.chunks_per_second
        eta = (status.chunks - status.chunks_embedded) / rate if rate else None
        health = health.model_copy(
            update={"worker": progress.state, "chunks_per_second": rate, "eta_seconds": eta, "error": progress.error}
        )
    return health


def documents_router(settings: Settings, assistant: Assistant) -> APIRouter:
    router = APIRouter()

    @router.get("/health", response_model=HealthOut)
    def health() -> HealthOut:
        snapshot = assistant.snapshot
        return HealthOut(
            documents=len(snapshot.catalog),
            chunks=len(snapshot.chunks),
            generation=snapshot.generation.name,
            mode="llm" if assistant.model is not None else "extractive",
            dense=dense_health(snapshot, read_progress(progress_path(settings))),
        )

    @router.get("/api/documents")
    def documents() -> list[dict]:
        return [doc.to_manifest() for _, doc in sorted(assistant.snapshot.catalog.items())]

    @router.get("/api/documents/{document}/passage", response_model=PassageOut)
    def passage(document: str, start: int = Query(ge=0), end: int = Query(gt=0)) -> PassageOut:
        snapshot = assistant.snapshot
        meta = snapshot.catalog.get(document)
        if meta is None:
            raise HTTPException(404, "Ukjent dokument.")
        text = snapshot.document_text(document)
        if end <= start or end > len(text.raw_text) or end - start > MAX_PASSAGE_CHARS:
            raise HTTPException(404, "Utdraget finnes ikke i dokumentet.")
        inside = np.nonzero((text.offsets >= start) & (text.offsets < end))[0]
        clean_start, clean_end = (int(inside.min()), int(inside.max()) + 1) if inside.size else (0, 0)
        chunk = next(
            (c for c in snapshot.chunks if c.document == document and c.start_char <= start < c.end_char), None
        )
        return PassageOut(
            document=document,
            title=meta.title,
            short_title=meta.short_title,
            section=chunk.section_path if chunk else "",
            page=chunk.page if chunk else None,
            start=start,
            end=end,
            raw=text.raw_text[start:end],
            text=text.clean_text[clean_start:clean_end],
            before=text.clean_text[max(0, clean_start - CONTEXT_CHARS) : clean_start],
            after=text.clean_text[clean_end : clean_end + CONTEXT_CHARS],
        )

    return router
