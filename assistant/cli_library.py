"""``assistant add``, ``assistant remove`` and ``assistant repair``: the document library from the command line.

The same code path as the API: :class:`ingest.library.Library` stores or removes the file in the corpus
folder (with its metadata in sources.yaml), then the incremental ingest reads only what changed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="Mappe med dokumentene (standard: corpus/).")]
DataOpt = Annotated[Path | None, typer.Option("--data-dir", help="Mappe for indeksen (standard: .data/).")]


def add(
    files: Annotated[list[Path], typer.Argument(help="Dokumentene (PDF, Word, ODT, HTML, tekst, Markdown).")],
    title: Annotated[str | None, typer.Option("--title", help="Tittel (standard: fra dokumentet).")] = None,
    short_title: Annotated[str | None, typer.Option("--short-title", help="Kort tittel i kildehenvisninger.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Dokumenttype, f.eks. handlingsplan.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Dato (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD).")] = None,
    corpus: CorpusOpt = None,
    data_dir: DataOpt = None,
) -> None:
    """Legg dokumenter i biblioteket (korpusmappen) og les dem inn; bare de nye leses."""
    from assistant.cli import _run_ingest, _settings, console, err
    from ingest.library import Library, LibraryError

    settings = _settings(corpus, data_dir)
    library = Library(settings)
    meta = {"title": title, "short_title": short_title, "kind": kind, "date": date}
    failed = 0
    for file in files:
        try:
            stored = library.add(file.name, file.read_bytes(), meta)
        except (OSError, LibraryError) as exc:
            err.print(f"[red]{file}:[/red] {getattr(exc, 'message', exc)}")
            failed += 1
            continue
        console.print(f"La til [bold]{stored.document}[/bold]: {stored.title}")
    if failed < len(files):
        _run_ingest(settings, dense=True)
    if failed:
        raise typer.Exit(2)


def remove(
    document: Annotated[str, typer.Argument(help="Dokumentets id (filnavnet, se «assistant sources»).")],
    corpus: CorpusOpt = None,
    data_dir: DataOpt = None,
) -> None:
    """Fjern et dokument fra biblioteket og indeksen (ingenting regnes om)."""
    from assistant.cli import _run_ingest, _settings, console, err
    from ingest.library import Library, LibraryError

    settings = _settings(corpus, data_dir)
    try:
        Library(settings).remove(document)
    except LibraryError as exc:
        err.print(f"[red]{document}:[/red] {exc.message}")
        raise typer.Exit(2) from exc
    console.print(f"Fjernet [bold]{document}[/bold].")
    _run_ingest(settings, dense=True)


def repair(file: Path, corpus: CorpusOpt = None) -> None:
    """Skriv ut FILE med OCR-skader og orddeling ved linjeskift reparert (ellers uendret)."""
    from assistant.cli import _settings, err
    from ingest.loaders import LoadError, decode_text
    from ingest.ocr_repair import repair_ocr_text
    from ingest.pipeline import lexicon_for_corpus

    settings = _settings(corpus)
    try:
        text, warnings = decode_text(file.read_bytes())
    except (OSError, LoadError) as exc:
        err.print(f"[red]Kan ikke lese {file}:[/red] {exc}")
        raise typer.Exit(2) from exc
    for warning in warnings:
        err.print(f"[yellow]Advarsel:[/yellow] {warning}")
    repaired, changed = repair_ocr_text(text, lexicon_for_corpus(settings.corpus_dir, settings.sources_file))
    sys.stdout.write(repaired)
    err.print(f"{changed} ord reparert")
