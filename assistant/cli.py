"""Command line: ``assistant ingest | sources | repair | ask | chat | eval | serve``."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

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


CorpusOpt = Annotated[Optional[Path], typer.Option("--corpus", help="Mappe med dokumentene (standard: corpus/).")]
DataOpt = Annotated[Optional[Path], typer.Option("--data-dir", help="Mappe for indeksen (standard: .data/).")]


@app.command()
def ingest(corpus: CorpusOpt = None, data_dir: DataOpt = None) -> None:
    """Les inn korpuset: rens, reparer OCR, del opp og indekser (bare endrede dokumenter)."""
    _run_ingest(_settings(corpus, data_dir), dense=True)


def _run_ingest(settings: Settings, dense: bool) -> None:
    """Ingest with progress bars (throughput and time left) and a summary table."""
    from ingest.pipeline import ingest_corpus

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
            result = ingest_corpus(settings, report, dense=dense, lock_wait=0 if dense else 60)
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
    if dense:
        table.add_row("Nye vektorer", str(result.encoded))
    for name, reason in result.skipped:
        table.add_row("[yellow]Hoppet over[/yellow]", f"{name}: {reason}")
    for name, warning in result.warnings:
        table.add_row("[yellow]Advarsel[/yellow]", f"{name}: {warning}")
    table.add_row("Sekunder", f"{result.seconds:.1f}")
    console.print(table)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adresse å lytte på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    skip_ingest: Annotated[bool, typer.Option("--uten-innlesing", help="Ikke les inn korpuset først.")] = False,
    corpus: CorpusOpt = None,
    data_dir: DataOpt = None,
) -> None:
    """Start nettjenesten med webchat (innlesing først hvis korpuset er endret)."""
    import uvicorn

    from assistant.api.app import create_app

    from assistant.store import LiveIndex
    from ingest.background import start_worker

    settings = _settings(corpus, data_dir)
    if host not in ("127.0.0.1", "localhost", "::1") and not settings.api_key:
        err.print("[red]Sett ASSISTANT_API_KEY før tjenesten lytter på andre adresser enn 127.0.0.1.[/red]")
        raise typer.Exit(2)
    if not skip_ingest:
        _run_ingest(settings, dense=False)  # seconds: the dense index fills in behind the running service
    live = _open(lambda: LiveIndex(settings))
    worker = None
    if not live.get().dense_complete:
        worker = start_worker(settings)
        err.print("Betydningsindeksen bygges i bakgrunnen; tjenesten svarer med ordsøk så lenge (se /health).")
    application = create_app(settings, _assistant_for(live, settings))
    console.print(f"Webchat: [bold]http://{host}:{port}/[/bold]   API-dokumentasjon: http://{host}:{port}/docs")
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning")
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()  # its vectors so far are stored; the next start resumes
            worker.wait(timeout=30)


@app.command()
def sources(data_dir: DataOpt = None) -> None:
    """Vis hvilke dokumenter som er indeksert."""
    from ingest.index import IndexLayout, read_manifest
    from ingest.records import IndexedDocument

    settings = _settings(data_dir=data_dir)
    current = IndexLayout(settings.data_dir).current()
    if current is None:
        err.print("Ingen indeks ennå. Kjør [bold]assistant ingest[/bold] først.")
        raise typer.Exit(1)
    manifest = read_manifest(current)
    documents = [IndexedDocument.from_manifest(name, entry) for name, entry in sorted(manifest["documents"].items())]
    table = Table(title=f"Indekserte dokumenter ({manifest['created']})")
    for column in ("Dokument", "Tittel", "Type", "Dato", "Biter", "Også kjent som"):
        table.add_column(column)
    for doc in documents:
        table.add_row(doc.document, doc.title, doc.kind, doc.date, str(doc.chunks), ", ".join(doc.aliases))
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


def print_answer(result) -> None:
    from rich.markdown import Markdown

    console.print(Markdown(result.answer))
    for notice in result.notices:
        console.print(f"[yellow]{notice}[/yellow]")
    if result.citations:
        table = Table(title="Kilder", show_lines=False)
        table.add_column("#", justify="right")
        table.add_column("Kilde")
        table.add_column("Sitat")
        for c in result.citations:
            table.add_row(str(c.marker), c.label, c.quote[:160] + ("…" if len(c.quote) > 160 else ""))
        console.print(table)


KindOpt = Annotated[Optional[list[str]], typer.Option("--kind", help="Bare denne dokumenttypen (kan gjentas).")]
DocOpt = Annotated[Optional[list[str]], typer.Option("--document", help="Bare dette dokumentet (filnavn; kan gjentas).")]


@app.command()
def ask(
    question: Annotated[Optional[str], typer.Argument(help="Spørsmålet.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv svaret som JSON.")] = False,
    jsonl: Annotated[Optional[Path], typer.Option("--jsonl", help="Besvar hver linje i en evalueringsfil.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Utfil for --jsonl.")] = None,
    kind: KindOpt = None,
    document: DocOpt = None,
    year_from: Annotated[Optional[int], typer.Option("--fra-år")] = None,
    year_to: Annotated[Optional[int], typer.Option("--til-år")] = None,
    data_dir: DataOpt = None,
) -> None:
    """Still et spørsmål og få et svar med kildehenvisninger."""
    import json

    from assistant.chain import QuestionError

    assistant = _assistant(data_dir)
    filters = _filters(kind, document, year_from, year_to)
    if jsonl is not None:
        if out is None:
            err.print("[red]--jsonl krever --out[/red]")
            raise typer.Exit(2)
        lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
        with open(out, "w", encoding="utf-8") as fh:
            for n, row in enumerate(lines, start=1):
                try:
                    result = assistant.ask(row["question"], row.get("history") or [], filters)
                    fh.write(json.dumps({"id": row.get("id", n), **result.model_dump(mode="json")}, ensure_ascii=False) + "\n")
                except QuestionError as exc:
                    fh.write(json.dumps({"id": row.get("id", n), "error": str(exc)}, ensure_ascii=False) + "\n")
                err.print(f"{n}/{len(lines)}", end="\r")
        err.print(f"Skrev {len(lines)} svar til {out}")
        return
    if not question:
        err.print("[red]Skriv et spørsmål, eller bruk --jsonl.[/red]")
        raise typer.Exit(2)
    try:
        result = assistant.ask(question, [], filters)
    except QuestionError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
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
                    console.print(f"[{c.marker}] {c.label} (tegn {c.start_char}–{c.end_char} i {c.document})\n    «{c.quote}»")
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
    eval_set: Annotated[Optional[Path], typer.Option("--set", help="Evalueringssett (JSONL).")] = None,
    ablate: Annotated[Optional[list[str]], typer.Option("--ablate", help="no-bm25, no-dense, no-condense, no-merge, rrf, bm25-for-english, no-plan-check, no-reception-check (kan gjentas).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Rapportmappe.")] = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="Sammenlign med denne (standard: eval/baseline.json).")] = None,
    data_dir: DataOpt = None,
) -> None:
    """Mål kvaliteten på et evalueringssett og skriv rapport (JSON, Markdown, PNG)."""
    import json

    from assistant.evaluation.harness import ABLATIONS, PRIMARY, run_evaluation
    from assistant.evaluation.records import load_corpus, load_eval_set
    from assistant.evaluation.reports import compare_to_baseline
    from ingest.settings import PROJECT_ROOT

    settings = _settings(data_dir=data_dir)
    eval_set = eval_set or PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl"
    unknown = [a for a in ablate or [] if a not in ABLATIONS]
    if unknown or not eval_set.exists():
        err.print(f"[red]Ukjent ablasjon {unknown}[/red]" if unknown else f"[red]Fant ikke {eval_set}[/red]")
        raise typer.Exit(2)
    assistant = _assistant(data_dir)
    rows = load_eval_set(eval_set)
    out = out or PROJECT_ROOT / "eval" / "reports" / f"{eval_set.stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    with Progress(TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err) as progress:
        tasks: dict[str, int] = {}

        def report(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = progress.add_task(name, total=total)
            progress.update(tasks[name], completed=done)

        summary = run_evaluation(assistant.snapshot, rows, load_corpus(settings.corpus_dir), out, list(ablate or []), progress=report)
    table = Table(title=f"Evaluering: {eval_set.name}")
    table.add_column("mål")
    for name in summary["ablations"]:
        table.add_column(name, justify="right")
    for key in PRIMARY:
        values = [summary["ablations"][name].get(key) for name in summary["ablations"]]
        table.add_row(key, *("–" if v is None else f"{v:.0f}" if key.startswith("latency") else f"{v:.3f}" for v in values))
    console.print(table)
    console.print(f"Rapport: {out}")
    baseline = baseline or PROJECT_ROOT / "eval" / "baseline.json"
    if baseline.exists():
        fell = compare_to_baseline(summary["default"]["overall"], json.loads(baseline.read_text())["overall"], margin=0.02)
        if fell:
            err.print(f"[red]Under grunnlinjen:[/red] {', '.join(fell)}")
            raise typer.Exit(1)
        console.print("[green]På eller over grunnlinjen.[/green]")


def _write(content: str | bytes, out: Path | None, default_name: str) -> None:
    """Text goes to the screen unless --out is given; Word and Excel files always go to a file."""
    if isinstance(content, bytes) or out is not None:
        out = out or Path(default_name)
        out.write_bytes(content) if isinstance(content, bytes) else out.write_text(content, encoding="utf-8")
        err.print(f"Skrev {out}")
    else:
        sys.stdout.write(content)


def _format(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        err.print(f"[red]Ukjent format {value!r}; velg {' eller '.join(allowed)}.[/red]")
        raise typer.Exit(2)
    return value


OutOpt = Annotated[Optional[Path], typer.Option("--out", help="Utfil (standard: skjermen for md/csv, ellers en fil i mappen du står i).")]


@app.command()
def note(
    topic: Annotated[str, typer.Argument(help="Temaet for notatet.")],
    file_format: Annotated[str, typer.Option("--format", help="md eller docx.")] = "md",
    out: OutOpt = None,
    kind: KindOpt = None,
    document: DocOpt = None,
    data_dir: DataOpt = None,
) -> None:
    """Notatutkast om et tema (Bakgrunn, Utfordringer og barrierer, Tiltak, Ansvar og roller, Referanser)."""
    from assistant.drafting import export
    from assistant.drafting.note import draft_note

    _draft(draft_note, topic, file_format, out, kind, document, data_dir,
           export.note_markdown, export.note_docx, "notat.docx")


@app.command()
def course(
    topic: Annotated[str, typer.Argument(help="Temaet for kursmodulen.")],
    file_format: Annotated[str, typer.Option("--format", help="md eller docx.")] = "md",
    out: OutOpt = None,
    kind: KindOpt = None,
    document: DocOpt = None,
    data_dir: DataOpt = None,
) -> None:
    """Kursmodul om et tema: læringsmål, nøkkelpunkter med kilder, quiz og fasit."""
    from assistant.drafting import export
    from assistant.drafting.course import build_course

    _draft(build_course, topic, file_format, out, kind, document, data_dir,
           export.course_markdown, export.course_docx, "kursmodul.docx")


def _draft(build, topic, file_format, out, kind, document, data_dir, markdown, docx, default_name: str) -> None:
    """Build a note or a course module on a topic and write it as Markdown or .docx."""
    from assistant.chain import QuestionError

    file_format = _format(file_format, ("md", "docx"))
    try:
        result = build(_assistant(data_dir), topic, _filters(kind, document, None, None))
    except QuestionError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    for notice in result.notices:
        err.print(f"[yellow]{notice}[/yellow]")
    _write(docx(result) if file_format == "docx" else markdown(result), out, default_name)


@app.command()
def matrix(
    topic: Annotated[Optional[str], typer.Option("--topic", help="Tema; utsagnene rangeres etter søket.")] = None,
    document: Annotated[Optional[str], typer.Option("--document", help="Bare dette dokumentet (filnavn).")] = None,
    file_format: Annotated[str, typer.Option("--format", help="md, csv eller xlsx.")] = "md",
    out: OutOpt = None,
    data_dir: DataOpt = None,
) -> None:
    """Ansvarsmatrise: hvem gjør (eller bør gjøre) hva ifølge dokumentene, hver celle med kilde."""
    from assistant.drafting import export
    from assistant.chain import QuestionError
    from assistant.drafting.findings import validate_topic
    from assistant.drafting.matrix import load_statements, matrix_view

    file_format = _format(file_format, ("md", "csv", "xlsx"))
    snapshot = _assistant(data_dir).snapshot
    try:
        topic = validate_topic(topic) if topic and topic.strip() else None
    except QuestionError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if document and document not in snapshot.catalog:
        err.print(f"[red]Ukjent dokument {document!r}; se «assistant sources».[/red]")
        raise typer.Exit(2)
    view = matrix_view(snapshot, load_statements(snapshot), topic, document)
    writers = {"md": export.matrix_markdown, "csv": export.matrix_csv, "xlsx": export.matrix_xlsx}
    _write(writers[file_format](view), out, "ansvarsmatrise.xlsx")


if __name__ == "__main__":
    app()
