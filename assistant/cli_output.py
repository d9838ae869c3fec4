"""What the command line prints: rich tables and Markdown built from the records, no I/O.

:mod:`assistant.cli` parses the arguments, calls the assistant and prints what these functions return.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from rich.console import Console, RenderableType
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from assistant.evaluation.reports import PRIMARY, format_value
from assistant.records import AnswerResult
from ingest.records import IndexedDocument

QUOTE_CHARS = 160


@contextmanager
def progress_bars(console: Console, width: int, rate: bool = False) -> Iterator[Callable[[str, int, int], None]]:
    """One bar per stage (or variant); yields the ``(stage, done, total)`` callback the pipelines take.

    With ``rate``, each bar also shows its throughput and the time left.
    """
    columns = [TextColumn(f"{{task.description:<{width}}}"), BarColumn(), MofNCompleteColumn()]
    columns += (
        [TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn()]
        if rate
        else [TimeElapsedColumn()]
    )
    tasks: dict[str, int] = {}
    with Progress(*columns, console=console, transient=False) as progress:

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total, rate="")
            task = progress.tasks[tasks[stage]]
            speed = f"{done / task.elapsed:.1f}/s" if task.elapsed and done else ""
            progress.update(tasks[stage], completed=done, total=total, rate=speed)

        yield report


def ingest_table(result, dense: bool) -> Table:
    """The summary of one ingest run (an ``ingest.pipeline`` report)."""
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
    if dense:
        table.add_row("Nye vektorer", str(result.encoded))
    for name, reason in result.skipped:
        table.add_row("[yellow]Hoppet over[/yellow]", f"{name}: {reason}")
    for name, warning in result.warnings:
        table.add_row("[yellow]Advarsel[/yellow]", f"{name}: {warning}")
    table.add_row("Sekunder", f"{result.seconds:.1f}")
    return table


def sources_table(manifest: Mapping) -> Table:
    """The documents of an index generation's manifest."""
    documents = [IndexedDocument.from_manifest(name, entry) for name, entry in sorted(manifest["documents"].items())]
    table = Table(title=f"Indekserte dokumenter ({manifest['created']})")
    for column in ("Dokument", "Tittel", "Type", "Dato", "Biter", "Også kjent som"):
        table.add_column(column)
    for doc in documents:
        table.add_row(doc.document, doc.title, doc.kind, doc.date, str(doc.chunks), ", ".join(doc.aliases))
    return table


def answer_view(result: AnswerResult) -> list[RenderableType]:
    """The answer as Markdown, its notices, and a table of its sources with the quoted words."""
    parts: list[RenderableType] = [Markdown(result.answer)]
    parts += [f"[yellow]{notice}[/yellow]" for notice in result.notices]
    if result.citations:
        table = Table(title="Kilder", show_lines=False)
        table.add_column("#", justify="right")
        table.add_column("Kilde")
        table.add_column("Sitat")
        for c in result.citations:
            quote = c.quote[:QUOTE_CHARS] + ("…" if len(c.quote) > QUOTE_CHARS else "")
            table.add_row(str(c.marker), c.label, quote)
        parts.append(table)
    return parts


def eval_table(summary: Mapping, title: str) -> Table:
    """The primary metrics of the default chain and each ablation, side by side."""
    table = Table(title=title)
    table.add_column("mål")
    for name in summary["ablations"]:
        table.add_column(name, justify="right")
    for key in PRIMARY:
        table.add_row(key, *(format_value(summary["ablations"][name].get(key), key) for name in summary["ablations"]))
    return table
