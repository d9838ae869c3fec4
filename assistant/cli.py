"""Command line: ``assistant ingest | add | remove | sources | repair | ask | chat | eval | serve | note | course |
matrix``.

It parses the arguments, calls the assistant and prints what :mod:`assistant.cli_output` builds.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from assistant.cli_output import answer_view, eval_table, ingest_table, progress_bars, sources_table
from assistant.settings import Settings

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


CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="Mappe med dokumentene (standard: corpus/).")]
DataOpt = Annotated[Path | None, typer.Option("--data-dir", help="Mappe for indeksen (standard: .data/).")]


@app.command()
def ingest(corpus: CorpusOpt = None, data_dir: DataOpt = None) -> None:
    """Les inn korpuset: rens, reparer OCR, del opp og indekser (bare endrede dokumenter)."""
    _run_ingest(_settings(corpus, data_dir), dense=True)


def _run_ingest(settings: Settings, dense: bool) -> None:
    """Ingest with progress bars (throughput and time left) and a summary table."""
    from ingest.index import IndexMissing
    from ingest.pipeline import ingest_corpus

    with progress_bars(err, width=22, rate=True) as report:
        try:
            result = ingest_corpus(settings, report, dense=dense, lock_wait=0 if dense else 60)
        except (OSError, RuntimeError, ValueError, IndexMissing) as exc:
            err.print(f"[red]Feil:[/red] {exc}")
            raise typer.Exit(2) from exc
    console.print(ingest_table(result, dense))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adresse å lytte på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    skip_ingest: Annotated[bool, typer.Option("--uten-innlesing", help="Ikke les inn korpuset først.")] = False,
    corpus: CorpusOpt = None,
    data_dir: DataOpt = None,
    workers: Annotated[int, typer.Option(min=0, max=64, help="Arbeidsprosesser (0: én per kjerne, høyst 4).")] = 0,
) -> None:
    """Start nettjenesten med webchat (innlesing først hvis korpuset er endret)."""
    from assistant.api import server
    from assistant.live_index import LiveIndex

    settings = _settings(corpus, data_dir)
    if server.needs_api_key(settings, host):
        err.print("[red]Sett ASSISTANT_API_KEY før tjenesten lytter på andre adresser enn 127.0.0.1.[/red]")
        raise typer.Exit(2)
    if not skip_ingest:
        try:
            _run_ingest(settings, dense=False)  # seconds: the dense index fills in behind the running service
        except typer.Exit:
            from ingest.index import IndexLayout

            if IndexLayout(settings.data_dir).current() is None:
                raise
            err.print("[yellow]Innlesingen feilet (se over); tjenesten svarer fra den forrige indeksen.[/yellow]")
    workers = workers or server.default_workers()  # several: each worker process opens the index itself
    if workers > 1 and not server.has_index(settings):
        err.print("[red]Ingen indeks ennå. Kjør «assistant ingest» først.[/red]")
        raise typer.Exit(1)
    assistant = None if workers > 1 else _assistant_for(_open(lambda: LiveIndex(settings)), settings)
    console.print(f"Webchat: [bold]http://{host}:{port}/[/bold]   API-dokumentasjon: http://{host}:{port}/docs")
    server.run(settings, assistant, host, port, say=err.print, workers=workers)


@app.command()
def sources(
    data_dir: DataOpt = None,
    outline: Annotated[
        str | None,
        typer.Option(
            "--outline", help="Vis innholdsstrukturen (kapitler, innlegg, bokser) som kildehenvisningene bruker."
        ),
    ] = None,
) -> None:
    """Vis hvilke dokumenter som er indeksert, eller strukturen i ett av dem (--outline DOKUMENT)."""
    from ingest.index import IndexLayout, StateError, read_manifest

    settings = _settings(data_dir=data_dir)
    current = IndexLayout(settings.data_dir).current()
    if current is None:
        err.print("Ingen indeks ennå. Kjør [bold]assistant ingest[/bold] først.")
        raise typer.Exit(1)
    try:
        manifest = read_manifest(current)
    except StateError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    if outline is not None:
        _print_outline(current, manifest, outline)
        return
    console.print(sources_table(manifest))
    for name, reason in manifest.get("skipped", []):
        console.print(f"[yellow]Hoppet over[/yellow] {name}: {reason}")


def _print_outline(generation: Path, manifest: dict, wanted: str) -> None:
    """The section tree of one indexed document, with pages, as its citation labels use it."""
    from rich.markup import escape

    from ingest.index import read_chunks, read_document_text
    from ingest.outline import find_document, format_outline, outline_of_text, pages_from_chunks

    entries = [d for d in manifest.get("documents_all", []) if d.get("document") in manifest.get("documents", {})]
    name = find_document(wanted, entries)
    if name is None:
        known = ", ".join(sorted(d["document"] for d in entries))
        err.print(f"[red]Fant ikke dokumentet «{escape(wanted)}».[/red] Indekserte dokumenter: {escape(known)}")
        raise typer.Exit(1)
    entry = next(d for d in entries if d["document"] == name)
    text = read_document_text(generation, name, entry["slot"])
    chunks = [c for c in read_chunks(generation) if c.document == name]
    tree = outline_of_text(text.clean_text, pages_from_chunks(chunks))
    console.print(f"[bold]{escape(str((entry.get('meta') or {}).get('title') or name))}[/bold]  ({escape(name)})")
    console.print(escape(format_outline(tree)) if tree else "Ingen overskrifter funnet.", soft_wrap=True)


def _assistant(data_dir: Path | None = None):
    from assistant.store import open_snapshot

    settings = _settings(data_dir=data_dir)
    return _assistant_for(_open(lambda: open_snapshot(settings)), settings)


def _assistant_for(index, settings: Settings):
    from assistant.chain import Assistant
    from assistant.llm import make_chat_model

    return Assistant(index, model=make_chat_model(settings))


def _open(opener):
    from ingest.index import IndexMissing

    try:
        return opener()
    except IndexMissing as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc


def _filters(kind: list[str] | None, document: list[str] | None, year_from: int | None, year_to: int | None):
    from assistant.store import Filters

    return Filters(tuple(kind or ()), tuple(document or ()), year_from, year_to)


@contextmanager
def _refusals():
    """A question or topic the assistant refuses (empty, too long): its Norwegian message, exit code 2."""
    from assistant.chain import QuestionError

    try:
        yield
    except QuestionError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc


def print_answer(result) -> None:
    for part in answer_view(result):
        console.print(part)


def _answer_file(assistant, questions: Path, out: Path | None, filters) -> None:
    """``ask --jsonl``: one answer line per question line, written as it comes (the harness's ``predict``)."""
    import json

    from assistant.evaluation.harness import predict
    from assistant.evaluation.records import load_eval_set

    if out is None:
        err.print("[red]--jsonl krever --out[/red]")
        raise typer.Exit(2)
    try:
        rows = load_eval_set(questions)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        err.print(f"[red]Kan ikke lese {questions}: hver linje må være et JSON-objekt med «question».[/red] ({exc})")
        raise typer.Exit(2) from exc
    with open(out, "w", encoding="utf-8") as fh:
        for line in predict(assistant, rows, filters, lambda n: err.print(f"{n}/{len(rows)}", end="\r")):
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    err.print(f"Skrev {len(rows)} svar til {out}")


KindOpt = Annotated[list[str] | None, typer.Option("--kind", help="Bare denne dokumenttypen (kan gjentas).")]
DocOpt = Annotated[list[str] | None, typer.Option("--document", help="Bare dette dokumentet (filnavn; kan gjentas).")]


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="Spørsmålet.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv svaret som JSON.")] = False,
    jsonl: Annotated[Path | None, typer.Option("--jsonl", help="Besvar hver linje i en evalueringsfil.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Utfil for --jsonl.")] = None,
    kind: KindOpt = None,
    document: DocOpt = None,
    year_from: Annotated[int | None, typer.Option("--fra-år")] = None,
    year_to: Annotated[int | None, typer.Option("--til-år")] = None,
    data_dir: DataOpt = None,
) -> None:
    """Still et spørsmål og få et svar med kildehenvisninger."""
    assistant = _assistant(data_dir)
    filters = _filters(kind, document, year_from, year_to)
    if jsonl is not None:
        _answer_file(assistant, jsonl, out, filters)
        return
    if not question:
        err.print("[red]Skriv et spørsmål, eller bruk --jsonl.[/red]")
        raise typer.Exit(2)
    with _refusals():
        result = assistant.ask(question, [], filters)
    if as_json:
        sys.stdout.write(result.model_dump_json(indent=1) + "\n")
    else:
        print_answer(result)


@app.command()
def chat(data_dir: DataOpt = None) -> None:
    """Samtale med historikk. /ny starter på nytt, /kilder viser kildene til forrige svar, /slutt avslutter."""
    from assistant.chain import QuestionError
    from assistant.records import ChatTurn

    assistant = _assistant(data_dir)
    history: list[ChatTurn] = []
    last = None
    console.print("Still et spørsmål om utenforskap, levekår eller arbeidsinkludering. [dim]/ny, /kilder, /slutt[/dim]")
    while True:
        try:
            question = console.input("[bold]Du:[/bold] ").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if question in ("/slutt", "/exit", "/quit"):
            break
        if question == "/ny":
            history, last = [], None
            console.print("[dim]Ny samtale.[/dim]")
            continue
        if question == "/kilder":
            if last and last.citations:
                for c in last.citations:
                    console.print(
                        f"[{c.marker}] {c.label} (tegn {c.start_char}–{c.end_char} i {c.document})\n    «{c.quote}»"
                    )
            else:
                console.print("[dim]Ingen kilder ennå.[/dim]")
            continue
        if not question:
            continue
        try:
            last = assistant.ask(question, [t.model_dump() for t in history])
        except QuestionError as exc:
            err.print(f"[red]{exc}[/red]")
            continue
        print_answer(last)
        history += [ChatTurn(role="user", content=question), ChatTurn(role="assistant", content=last.answer)]


@app.command("eval")
def evaluate(
    eval_set: Annotated[
        list[Path] | None,
        typer.Option(
            "--set",
            help="Evalueringssett (JSONL, kan gjentas; standard: dev, abstention og followups, hvert for seg og samlet).",
        ),
    ] = None,
    ablate: Annotated[
        list[str] | None,
        typer.Option(
            "--ablate",
            help="no-bm25, no-dense, no-condense, no-merge, rrf, bm25-for-english, no-plan-check, no-reception-check, "
            "no-place-check, no-passing-check, no-year-check, no-section-check, no-amount-check, no-topic-check, no-judge, "
            "no-context, no-continuation, passage-order, no-named-source, no-glossary, no-previous, no-topic-focus, "
            "no-same-document (kan gjentas).",
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Rapportmappe.")] = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Sammenlign med denne (standard: eval/baseline.json).")
    ] = None,
    data_dir: DataOpt = None,
) -> None:
    """Mål kvaliteten på et evalueringssett og skriv rapport (JSON, Markdown, PNG); med språkmodell hvis den er satt opp."""
    from rich.markup import escape

    from assistant.evaluation import records
    from assistant.evaluation.harness import default_out_dir, run_evaluation, unknown_ablations
    from assistant.evaluation.reports import BaselineUnreadable, baseline_regressions

    settings = _settings(data_dir=data_dir)
    sets = eval_set or [path for path in records.DEV_SETS if path.exists()] or [records.DEV_SET]
    unknown = unknown_ablations(ablate or [])
    missing = [path for path in sets if not path.exists()]
    if unknown or missing:
        err.print(f"[red]Ukjent ablasjon {unknown}[/red]" if unknown else f"[red]Fant ikke {missing[0]}[/red]")
        raise typer.Exit(2)
    assistant = _assistant(data_dir)  # with the configured language model, so its path is what is measured
    rows = records.load_eval_sets(sets)
    out = out or default_out_dir(sets[0] if len(sets) == 1 else Path("dev-sett"))
    with progress_bars(err, width=14) as report:
        summary = run_evaluation(
            assistant, rows, records.load_corpus(settings.corpus_dir), out, ablate or [], progress=report
        )
    console.print(eval_table(summary, f"Evaluering: {', '.join(p.stem for p in sets)} ({summary['mode']})"))
    console.print(f"Rapport: {out}")
    try:
        fell = baseline_regressions(summary["default"]["overall"], baseline or records.BASELINE, margin=0.02)
    except BaselineUnreadable as error:
        err.print(f"[red]{escape(str(error))}[/red]")
        raise typer.Exit(2) from None
    if fell:
        err.print(f"[red]Under grunnlinjen:[/red] {', '.join(fell)}")
        raise typer.Exit(1)
    if fell is not None:
        console.print("[green]På eller over grunnlinjen.[/green]")


OutOpt = Annotated[
    Path | None, typer.Option("--out", help="Utfil (standard: skjermen for md/csv, ellers en fil i mappen du står i).")
]


@app.command()
def matrix(
    topic: Annotated[str | None, typer.Option("--topic", help="Tema; utsagnene rangeres etter søket.")] = None,
    document: Annotated[str | None, typer.Option("--document", help="Bare dette dokumentet (filnavn).")] = None,
    file_format: Annotated[str, typer.Option("--format", help="md, csv eller xlsx.")] = "md",
    out: OutOpt = None,
    data_dir: DataOpt = None,
) -> None:
    """Ansvarsmatrise: hvem gjør (eller bør gjøre) hva ifølge dokumentene, hver celle med kilde."""
    from assistant.cli_drafting import _format, _write
    from assistant.drafting import export
    from assistant.drafting.findings import validate_topic
    from assistant.drafting.matrix import PER_CELL, load_statements, matrix_view

    file_format = _format(file_format, ("md", "csv", "xlsx"))
    snapshot = _assistant(data_dir).snapshot
    with _refusals():
        topic = validate_topic(topic) if topic and topic.strip() else None
    if document and document not in snapshot.catalog:
        err.print(f"[red]Ukjent dokument {document!r}; se «assistant sources».[/red]")
        raise typer.Exit(2)
    every = 0 if file_format in ("csv", "xlsx") else PER_CELL  # the spreadsheets carry every statement
    view = matrix_view(snapshot, load_statements(snapshot), topic, document, per_cell=every)
    writers = {"md": export.matrix_markdown, "csv": export.matrix_csv, "xlsx": export.matrix_xlsx}
    _write(writers[file_format](view), out, "ansvarsmatrise.xlsx")


from assistant.cli_drafting import course, note  # noqa: E402  (uses the helpers above)
from assistant.cli_library import add, remove, repair  # noqa: E402

app.command()(note)
app.command()(course)
app.command()(add)
app.command()(remove)
app.command()(repair)

if __name__ == "__main__":
    app()
