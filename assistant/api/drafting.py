"""HTTP face of the drafting tools: note drafts, course modules and the responsibility matrix.

Each endpoint answers JSON by default; ``format`` asks for a file instead (Markdown, Word, CSV, Excel).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from assistant.api.models import DraftRequest
from assistant.chain import Assistant, QuestionError
from assistant.drafting import export
from assistant.drafting.course import CourseModule, build_course
from assistant.drafting.findings import validate_topic
from assistant.drafting.matrix import PER_CELL, ResponsibilityMatrix, load_statements, matrix_view
from assistant.drafting.note import NoteDraft, draft_note

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _files(*media_types: str) -> dict:
    """The other bodies an endpoint can answer with (``format``), so the OpenAPI schema lists them."""
    return {200: {"content": {m: {"schema": {"type": "string", "format": "binary"}} for m in media_types}}}


MARKDOWN = "text/markdown; charset=utf-8"


def _file(content: str | bytes, media_type: str, name: str) -> Response:
    return Response(content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _as_requested(draft, file_format: str, markdown, docx, stem: str):
    """A note or course module as JSON, or as the Markdown or .docx file the request asked for."""
    match file_format:
        case "md":
            return _file(markdown(draft), MARKDOWN, f"{stem}.md")
        case "docx":
            return _file(docx(draft), DOCX, f"{stem}.docx")
    return draft


def drafting_router(assistant: Assistant) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["utkast"])

    @router.post(
        "/note",
        response_model=NoteDraft,
        summary="Notatutkast med kildehenvisninger",
        responses=_files("text/markdown", DOCX),
    )
    def note(request: DraftRequest):
        draft = draft_note(assistant, request.topic, request.filters.to_filters())
        return _as_requested(draft, request.format, export.note_markdown, export.note_docx, "notat")

    @router.post(
        "/course",
        response_model=CourseModule,
        summary="Kursmodul med quiz og fasit",
        responses=_files("text/markdown", DOCX),
    )
    def course(request: DraftRequest):
        module = build_course(assistant, request.topic, request.filters.to_filters())
        return _as_requested(module, request.format, export.course_markdown, export.course_docx, "kursmodul")

    @router.get(
        "/matrix",
        response_model=ResponsibilityMatrix,
        summary="Ansvarsmatrise: hvem gjør hva",
        responses={**_files("text/markdown", "text/csv", XLSX), 404: {"description": "Ukjent dokument."}},
    )
    def matrix(
        topic: str | None = Query(None, description="Tema; utsagnene rangeres etter søket."),
        document: str | None = Query(None, description="Bare dette dokumentet (filnavn)."),
        format: Literal["json", "md", "csv", "xlsx"] = "json",
        per_cell: int = Query(
            PER_CELL, ge=0, le=1000, description="Utsagn per celle (0 = alle); CSV og Excel har alltid alle."
        ),
    ):
        snapshot = assistant.snapshot
        if topic is not None and topic.strip():
            try:
                topic = validate_topic(topic)
            except QuestionError as exc:
                raise HTTPException(422, str(exc)) from exc
        else:
            topic = None
        if document and document not in snapshot.catalog:
            raise HTTPException(404, "Ukjent dokument.")
        every = 0 if format in ("csv", "xlsx") else per_cell  # the exports carry every statement
        view = matrix_view(snapshot, load_statements(snapshot), topic, document or None, per_cell=every)
        match format:
            case "md":
                return _file(export.matrix_markdown(view), MARKDOWN, "ansvarsmatrise.md")
            case "csv":
                return _file(export.matrix_csv(view), "text/csv; charset=utf-8", "ansvarsmatrise.csv")
            case "xlsx":
                return _file(export.matrix_xlsx(view), XLSX, "ansvarsmatrise.xlsx")
        return view

    return router
