"""Command line: ``assistant ingest | sources | repair | ask | chat | eval | serve``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from ingest.settings import Settings

app = typer.Typer(help="Kunnskapsassistent om utenforskap, levekår og arbeidsinkludering.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


def _settings(corpus: Path | None = None, data_dir: Path | None = None) -> Settings:
    overrides = {}
    if corpus is not None:
        overrides["corpus_dir"] = corpus
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    return Settings(**overrides)


CorpusOpt = Annotated[Optional[Path], typer.Option("--corpus", help="Mappe med dokumentene (standard: corpus/).")]
DataOpt = Annotated[Optional[Path], typer.Option("--data-dir", help="Mappe for indeksen (standard: .data/).")]


@app.command()
def ingest(corpus: CorpusOpt = None, data_dir: DataOpt = None) -> None:
    """Les inn korpuset: rens, reparer OCR, del opp og indekser (bare endrede dokumenter)."""
    from ingest.pipeline import ingest_corpus

    settings = _settings(corpus, data_dir)
    columns = (
        TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
    )
    tasks: dict[str, int] = {}
    with Progress(*columns, console=err, transient=False) as progress:

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total, rate="")
            task = progress.tasks[tasks[stage]]
            rate = f"{done / task.elapsed:.1f}/s" if task.elapsed and done else ""
            progress.update(tasks[stage], completed=done, total=total, rate=rate)

        try:
            result = ingest_corpus(settings, report)
        except (FileNotFoundError, RuntimeError, ValueError) as exc:
            err.print(f"[red]Feil:[/red] {exc}")
            raise typer.Exit(2) from exc
    table = Table(title="Innlesing", show_header=False)
    if result.unchanged:
        table.add_row("Status", "Uendret korpus – indeksen er oppdatert")
    table.add_row("Dokumenter", str(result.documents))
    table.add_row("Tekstbiter", str(result.chunks))
    if not result.unchanged:
        table.add_row("Behandlet / gjenbrukt", f"{len(result.processed)} / {len(result.reused)}")
        table.add_row("Fjernet fra indeksen", ", ".join(result.removed) or "–")
        table.add_row(
            "Duplikater slått sammen",
            "\n".join(f"{d} → {k} (likhet {s:.2f})" for d, k, s in result.duplicates) or "–",
        )
        table.add_row("OCR-ord reparert", str(result.repaired_words))
        table.add_row("Nye vektorer", str(result.encoded))
    for name, reason in result.skipped:
        table.add_row("[yellow]Hoppet over[/yellow]", f"{name}: {reason}")
    for name, warning in result.warnings:
        table.add_row("[yellow]Advarsel[/yellow]", f"{name}: {warning}")
    table.add_row("Sekunder", f"{result.seconds:.1f}")
    console.print(table)


@app.command()
def sources(data_dir: DataOpt = None) -> None:
    """Vis hvilke dokumenter som er indeksert."""
    from ingest.index import IndexLayout, read_manifest

    settings = _settings(data_dir=data_dir)
    current = IndexLayout(settings.data_dir).current()
    if current is None:
        err.print("Ingen indeks ennå. Kjør [bold]assistant ingest[/bold] først.")
        raise typer.Exit(1)
    manifest = read_manifest(current)
    table = Table(title=f"Indekserte dokumenter ({manifest['created']})")
    for column in ("Dokument", "Tittel", "Type", "Dato", "Biter", "Også kjent som"):
        table.add_column(column)
    for name, doc in sorted(manifest["documents"].items()):
        table.add_row(name, doc["title"], doc["kind"], doc["date"], str(doc["chunks"]), ", ".join(doc["aliases"]))
    console.print(table)
    for name, reason in manifest.get("skipped", []):
        console.print(f"[yellow]Hoppet over[/yellow] {name}: {reason}")


@app.command()
def repair(file: Path, corpus: CorpusOpt = None) -> None:
    """Skriv ut FILE med OCR-skader og orddeling ved linjeskift reparert (ellers uendret)."""
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


if __name__ == "__main__":
    app()
