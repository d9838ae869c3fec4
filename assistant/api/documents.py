"""Service health and the document library: list, upload, change, remove, the original file, and a cited
passage in its raw and repaired form."""

from __future__ import annotations

from fastapi import APIRouter, File, Form, HTTPException, Query, Response, UploadFile
from fastapi.responses import FileResponse

from assistant.api.library_view import document_entries, file_type
from assistant.api.models import DenseHealth, DocumentOut, DocumentPatch, ErrorOut, HealthOut, PassageOut
from assistant.api.passages import find_passage
from assistant.chain import Assistant
from assistant.settings import Settings
from assistant.store import IndexSnapshot
from ingest.background import DenseProgress, progress_path, read_progress
from ingest.filetype import CONTENT_TYPES
from ingest.library import Library, LibraryError
from ingest.library_queue import processor_for
from ingest.pipeline import corpus_files

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

    library = Library(settings)
    processor = processor_for(settings)
    router.on_shutdown.append(processor.close)
    if processor.stale():  # an upload stored before a crash is read again on start
        processor.request()

    def listed() -> list[DocumentOut]:
        try:
            files = corpus_files(settings.corpus_dir)
        except FileNotFoundError:
            files = []
        return document_entries(assistant.snapshot, files, processor.pending(), processor.state.error)

    def entry(document: str) -> DocumentOut:
        found = next((d for d in listed() if d.id == document), None)
        if found is None:
            raise HTTPException(404, "Ukjent dokument.")
        return found

    @router.get("/api/documents", response_model=list[DocumentOut])
    def documents() -> list[DocumentOut]:
        """Every document of the library with its status: being read, searchable by words, indexed, failed."""
        return listed()

    errors = {code: {"model": ErrorOut} for code in (404, 409, 413, 415, 422)}

    @router.post("/api/documents", status_code=201, response_model=DocumentOut, responses=errors)
    async def upload(
        file: UploadFile = File(description="PDF, Word (.docx), ODT, HTML, tekst eller Markdown."),
        title: str | None = Form(None, max_length=300),
        short_title: str | None = Form(None, max_length=120),
        kind: str | None = Form(None, max_length=80),
        date: str | None = Form(None, max_length=20),
    ) -> DocumentOut:
        """Store a document in the library and queue it; it is searchable by words within seconds."""
        data = await file.read(library.max_bytes + 1)
        meta = {"title": title, "short_title": short_title, "kind": kind, "date": date}
        try:
            from starlette.concurrency import run_in_threadpool

            stored = await run_in_threadpool(library.add, file.filename or "dokument", data, meta)
        except LibraryError as exc:
            raise HTTPException(exc.status, exc.message) from exc
        processor.request()
        return DocumentOut(
            id=stored.document,
            document=stored.document,
            title=stored.title,
            short_title=meta["short_title"] or "",
            kind=meta["kind"] or "dokument",
            date=meta["date"] or "",
            file_type=stored.family,
            size=len(data),
            status="reading",
            status_text="Leses inn …",
        )

    @router.patch("/api/documents/{document}", response_model=DocumentOut, responses=errors)
    def patch(document: str, change: DocumentPatch) -> DocumentOut:
        """Change title, short title, kind or date; the index (and so the citations) follows before the answer."""
        try:
            library.update(document, change.model_dump(exclude_unset=True))
        except LibraryError as exc:
            raise HTTPException(exc.status, exc.message) from exc
        processor.process_now()
        return entry(document)

    @router.delete("/api/documents/{document}", status_code=204, responses=errors)
    def delete(document: str) -> Response:
        """Remove the document from the folder and the index (nothing is embedded again)."""
        try:
            library.remove(document)
        except LibraryError as exc:
            raise HTTPException(exc.status, exc.message) from exc
        processor.process_now()
        return Response(status_code=204)

    file_responses = {
        200: {"description": "The original file.", "content": {ct: {} for ct in CONTENT_TYPES.values()}},
        404: {"model": ErrorOut},
    }

    @router.get("/api/documents/{document}/file", response_class=FileResponse, responses=file_responses)
    def original(document: str) -> FileResponse:
        """The original file (a PDF opens at a page with ``#page=N``)."""
        try:
            path = library.path(document)
        except LibraryError as exc:
            raise HTTPException(exc.status, exc.message) from exc
        return FileResponse(
            path,
            media_type=CONTENT_TYPES.get(file_type(document), "application/octet-stream"),
            content_disposition_type="inline",
            filename=document,
        )

    @router.get("/api/documents/{document}/passage", response_model=PassageOut)
    def passage(document: str, start: int = Query(ge=0), end: int = Query(gt=0)) -> PassageOut:
        snapshot = assistant.snapshot
        if document not in snapshot.catalog:
            raise HTTPException(404, "Ukjent dokument.")
        found = find_passage(snapshot, document, start, end)  # the same lookup as the passage page
        if found is None:
            raise HTTPException(404, "Utdraget finnes ikke i dokumentet.")
        return found

    return router
