"""The passage page a citation links to: ``GET /kilde/{document}?start=&end=`` shows the cited words highlighted in
their context with title, section and page, and links to the PDF page when the source is a PDF.

It is HTML for people who follow a link from any client. With an API key set, the page needs the signature the
link carries (see :mod:`assistant.api.citation_links`), so only cited passages open without the key.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

import numpy as np
from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from assistant.api.citation_links import passage_signature, signature_ok
from assistant.api.models import PassageOut
from assistant.chain import Assistant
from assistant.settings import Settings
from assistant.store import IndexSnapshot

WEB = Path(__file__).with_name("web")
MAX_PASSAGE_CHARS = 20_000
CONTEXT_CHARS = 600


def find_passage(snapshot: IndexSnapshot, document: str, start: int, end: int) -> PassageOut | None:
    """The passage [start, end) of a document in the index, raw and repaired with context; None if there is none."""
    meta = snapshot.catalog.get(document)
    if meta is None:
        return None
    text = snapshot.document_text(document)
    if end <= start or end > len(text.raw_text) or end - start > MAX_PASSAGE_CHARS:
        return None
    inside = np.nonzero((text.offsets >= start) & (text.offsets < end))[0]
    clean_start, clean_end = (int(inside.min()), int(inside.max()) + 1) if inside.size else (0, 0)
    chunk = next((c for c in snapshot.chunks if c.document == document and c.start_char <= start < c.end_char), None)
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
        before=_whole_words_before(text.clean_text, clean_start),
        after=_whole_words_after(text.clean_text, clean_end),
    )


def _whole_words_before(text: str, start: int) -> str:
    """Up to CONTEXT_CHARS before ``start``, not beginning inside a word."""
    cut = max(0, start - CONTEXT_CHARS)
    context = text[cut:start]
    return context.split(" ", 1)[-1] if cut > 0 and " " in context else context


def _whole_words_after(text: str, end: int) -> str:
    context = text[end : end + CONTEXT_CHARS]
    return context.rsplit(" ", 1)[0] if end + CONTEXT_CHARS < len(text) and " " in context else context


def pdf_file(corpus_dir: Path, document: str) -> Path | None:
    """The original PDF of an indexed document, only inside the corpus folder."""
    if not document.lower().endswith(".pdf"):
        return None
    root = corpus_dir.resolve()
    path = (root / document).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def _not_found(message: str) -> HTMLResponse:
    body = (
        '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Fant ikke kilden</title></head>'
        f'<body><h1>Fant ikke kilden</h1><p>{message}</p><p><a href="/">Til chatten</a></p></body></html>'
    )
    return HTMLResponse(body, status_code=404)


def passages_router(settings: Settings, assistant: Assistant) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    templates = Jinja2Templates(directory=WEB)
    secret = settings.api_key

    def checked(document: str, start: int, end: int, sig: str) -> PassageOut | HTMLResponse:
        if not signature_ok(secret, document, start, end, sig):
            return _not_found("Lenken er ugyldig eller utløpt. Åpne kilden fra svaret på nytt.")
        passage = find_passage(assistant.snapshot, document, start, end)
        return passage or _not_found("Utdraget finnes ikke i dokumentene som er lest inn.")

    @router.get("/kilde/{document}", response_class=HTMLResponse)
    def passage_page(
        request: Request, document: str, start: int = Query(ge=0), end: int = Query(gt=0), sig: str = ""
    ) -> Response:
        passage = checked(document, start, end, sig)
        if isinstance(passage, HTMLResponse):
            return passage
        meta = assistant.snapshot.catalog[document]
        params = {"start": start, "end": end}
        if secret:
            params["sig"] = passage_signature(secret, document, start, end)
        pdf_url = ""
        if pdf_file(settings.corpus_dir, document) is not None:
            pdf_url = f"/kilde/{quote(document, safe='')}/pdf?{urlencode(params)}#page={passage.page or 1}"
        json_url = "" if secret else f"/api/documents/{quote(document, safe='')}/passage?start={start}&end={end}"
        context = {
            "passage": passage,
            "kind": meta.kind,
            "date": meta.date,
            "publisher": meta.publisher,
            "pdf_url": pdf_url,
            "json_url": json_url,
        }
        return templates.TemplateResponse(request, "kilde.html", context)

    @router.get("/kilde/{document}/pdf")
    def passage_pdf(document: str, start: int = Query(ge=0), end: int = Query(gt=0), sig: str = "") -> Response:
        passage = checked(document, start, end, sig)
        if isinstance(passage, HTMLResponse):
            return passage
        path = pdf_file(settings.corpus_dir, document)
        if path is None:
            return _not_found("Kilden er ikke en PDF.")
        return FileResponse(path, media_type="application/pdf", filename=path.name, content_disposition_type="inline")

    return router
