"""``assistant note`` and ``assistant course``: drafts on a topic from the command line, as Markdown or Word."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

DataOpt = Annotated[Path | None, typer.Option("--data-dir", help="Mappe for indeksen (standard: .data/).")]
KindOpt = Annotated[list[str] | None, typer.Option("--kind", help="Bare denne dokumenttypen (kan gjentas).")]
DocOpt = Annotated[list[str] | None, typer.Option("--document", help="Bare dette dokumentet (filnavn; kan gjentas).")]


def _write(content: str | bytes, out: Path | None, default_name: str) -> None:
    """Text goes to the screen unless --out is given; Word and Excel files always go to a file."""
    from assistant.cli import err

    if isinstance(content, bytes) or out is not None:
        out = out or Path(default_name)
        out.write_bytes(content) if isinstance(content, bytes) else out.write_text(content, encoding="utf-8")
        err.print(f"Skrev {out}")
    else:
        sys.stdout.write(content)


def _format(value: str, allowed: tuple[str, ...]) -> str:
    from assistant.cli import err

    if value not in allowed:
        err.print(f"[red]Ukjent format {value!r}; velg {' eller '.join(allowed)}.[/red]")
        raise typer.Exit(2)
    return value


OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Utfil (standard: skjermen for md/csv, ellers en fil i mappen du står i).")
]
DraftFormatOpt = Annotated[str, typer.Option("--format", help="md eller docx.")]


def note(
    topic: Annotated[str, typer.Argument(help="Temaet for notatet.")],
    file_format: DraftFormatOpt = "md",
    out: OutOpt = None,
    kind: KindOpt = None,
    document: DocOpt = None,
    data_dir: DataOpt = None,
) -> None:
    """Notatutkast om et tema (Bakgrunn, Utfordringer og barrierer, Tiltak, Ansvar og roller, Referanser)."""
    from assistant.cli import _filters

    _draft("note", topic, file_format, out, _filters(kind, document, None, None), data_dir)


def course(
    topic: Annotated[str, typer.Argument(help="Temaet for kursmodulen.")],
    file_format: DraftFormatOpt = "md",
    out: OutOpt = None,
    kind: KindOpt = None,
    document: DocOpt = None,
    data_dir: DataOpt = None,
) -> None:
    """Kursmodul om et tema: læringsmål, nøkkelpunkter med kilder, quiz og fasit."""
    from assistant.cli import _filters

    _draft("course", topic, file_format, out, _filters(kind, document, None, None), data_dir)


def _draft(what: str, topic: str, file_format: str, out: Path | None, filters, data_dir: Path | None) -> None:
    """Build a note or a course module on a topic and write it as Markdown or .docx."""
    from assistant.cli import _assistant, _refusals, err
    from assistant.drafting import export
    from assistant.drafting.course import build_course
    from assistant.drafting.note import draft_note

    build, markdown, docx, default_name = {
        "note": (draft_note, export.note_markdown, export.note_docx, "notat.docx"),
        "course": (build_course, export.course_markdown, export.course_docx, "kursmodul.docx"),
    }[what]
    file_format = _format(file_format, ("md", "docx"))
    with _refusals():
        result = build(_assistant(data_dir), topic, filters)
    for notice in result.notices:
        err.print(f"[yellow]{notice}[/yellow]")
    _write(docx(result) if file_format == "docx" else markdown(result), out, default_name)
