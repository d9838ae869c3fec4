"""The benchmark report: bench.md and the figures, from the numbers eval/bench.py measured (pure but for the files)."""

from __future__ import annotations

from pathlib import Path

GROWTH_RETRIEVAL_P95_100X = 300


def plot(report: dict, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if report.get("ingest"):
        ingest = report["ingest"]
        fig, ax = plt.subplots(figsize=(6, 3.2))
        labels = ["full ingest", "raw encoder", "re-ingest (unchanged)"]
        values = [ingest["full_ingest_seconds"], ingest["raw_encoding_seconds"], ingest["reingest_unchanged_seconds"]]
        ax.barh(labels, values, color=["#33658a", "#86bbd8", "#f6ae2d"])
        for y, v in enumerate(values):
            ax.text(v, y, f" {v:.1f} s", va="center")
        ax.set_xlabel("seconds")
        ax.set_title(f"Ingest of {ingest['chunks']} chunks")
        fig.tight_layout()
        fig.savefig(out / "bench_ingest.png", dpi=120)
        plt.close(fig)

    rows = report["serving"]["levels"]
    fig, ax = plt.subplots(figsize=(6, 3.6))
    clients = [r["clients"] for r in rows]
    ax.plot(clients, [r["p50_ms"] for r in rows], "o--", color="#f26419", label="answer p50 (HTTP)")
    ax.plot(clients, [r["p95_ms"] for r in rows], "o-", color="#f26419", label="answer p95 (HTTP)")
    ax.axhline(report["latency"]["encode"]["p50_ms"], color="grey", linestyle=":", label="one query encoding (p50)")
    ax.set_xscale("log")
    ax.set_xticks(clients, [str(n) for n in clients])
    ax.set_xlabel(f"concurrent clients ({report['serving']['workers']} worker processes)")
    ax.set_ylabel("ms per answer")
    ax.set_title("Answers over HTTP under concurrency (full corpus)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "bench_latency.png", dpi=120)
    plt.close(fig)

    rows = report.get("growth") or []
    if not rows:
        return
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6))
    chunks = [r["chunks"] for r in rows]
    left.plot(chunks, [r["retrieval"]["p95_ms"] for r in rows], "o-", color="#33658a", label="retrieval p95")
    left.plot(chunks, [r["retrieval"]["p50_ms"] for r in rows], "o--", color="#33658a", label="retrieval p50")
    left.plot(chunks, [r["answer"]["p95_ms"] for r in rows], "o-", color="#f26419", label="answer p95")
    left.axhline(GROWTH_RETRIEVAL_P95_100X, color="grey", linestyle=":", label="target at 100× (300 ms)")
    left.set_xscale("log")
    left.set_xlabel("chunks in the index")
    left.set_ylabel("ms (one client)")
    left.legend(fontsize=8)
    right.bar(
        [f"{r['scale']}×" for r in rows],
        [r["serve"].get("rss_after_20_answers_mb") or 0 for r in rows],
        color="#86bbd8",
    )
    right.axhline(1024, color="grey", linestyle=":", label="1 GB (target at 1×)")
    right.set_ylabel("serve RSS, one worker (MB)")
    right.legend(fontsize=8)
    fig.suptitle("Growth with corpus size")
    fig.tight_layout()
    fig.savefig(out / "bench_growth.png", dpi=120)
    plt.close(fig)


def _ms(row: dict) -> str:
    return f"{row['p50_ms']:.0f} / {row['p95_ms']:.0f}"


def render_markdown(report: dict) -> str:
    m = report["machine"]
    lines = [
        f"# Benchmarks ({report['created']})",
        "",
        f"Machine: {m['cpus']} × {m['cpu_model']}, {m['ram_gb']} GB RAM, Python {m['python']}, {m['platform']}. "
        f"Load average (1/5/15 min) {m['loadavg_start']} at start, {m['loadavg_end']} at end: when it is above "
        "zero, other work shared the CPUs and these numbers are upper bounds.",
        "",
        "Rerun: `.venv/bin/python eval/bench.py --skip-ingest --skip-growth` (answers and serving, a few minutes; "
        "ingest and growth keep the numbers below), or without the flags for everything.",
        "",
    ]
    lines += _latency(report) + _serving(report) + _ingest(report) + _growth(report)
    lines += ["## Targets", "", "| target | limit | measured | met |", "|---|---|---|---|"]
    for name, value in report["targets"].items():
        limit = f"{'≤' if value['kind'] == 'max' else '≥'} {value['target']}"
        lines.append(f"| {name} | {limit} | {value['measured']} | {'yes' if value['met'] else 'no'} |")
    lines += ["", "## Growth method", "", report["method"].replace("\n", " "), ""]
    return "\n".join(lines)


def _latency(report: dict) -> list[str]:
    r = report["latency"]
    return [
        "## An answer against encoding its question (one client, in process)",
        "",
        f"{r['queries']} distinct questions. The raw encoder (`embed_query`) is timed on each question before and "
        "after the answers; each answer comes from `Assistant.ask` on a fresh index snapshot (its query-vector "
        "cache has never seen the question). The repeated row asks the first questions again (vectors cached).",
        "",
        "| raw query encoding p50 / p95 ms | retrieval p50 / p95 ms | answer p50 / p95 ms | answer / encoding (p50) "
        "| repeated question p50 / p95 ms | load average after |",
        "|---|---|---|---|---|---|",
        f"| {_ms(r['encode'])} | {_ms(r['retrieval'])} | {_ms(r['answer'])} | **{r['answer_over_encode_p50']}×** "
        f"| {_ms(r['answer_repeated'])} | {r.get('loadavg_after', '–')} |",
        "",
        f"One query encoding costs {r.get('encode_cpu_ms', '–')} ms of CPU when questions come one at a time (all "
        f"the encoder's threads): on {report['machine']['cpus']} cores at most {r.get('encode_ceiling_qps', '–')} "
        "encodings per second. The serving section measures the server's own CPU per answer, which bounds its "
        "answers per second the same way (and by Little's law, n clients wait at least n / that bound seconds).",
        "",
    ]


def _serving(report: dict) -> list[str]:
    s = report["serving"]
    idle, after = s["rss_idle_mb"], s["rss_after_answers_mb"]
    lines = [
        f"## Serving over HTTP ({s['workers']} worker processes, as `make serve` starts them)",
        "",
        "`assistant serve --uten-innlesing --workers 0` (one worker per core) on loopback, rate limit off; "
        "clients are threads in the benchmark's process (on the same CPUs), each with its own connection, "
        "sending its next question when the previous answer is in. Every level asks questions no earlier level "
        "asked; the last row repeats questions already asked (each worker caches the vectors of the questions it "
        "answered, so a repeat lands on a worker that has it about half the time with two workers).",
        "",
        "The server's CPU per answer (all its processes, user + system) hardly depends on what else runs: "
        f"{report['machine']['cpus']} cores divided by it (the bound column) is the most answers per second this "
        "service could give on this machine with nothing else running.",
        "",
        "| clients | questions | errors | p50 / p95 ms | max ms | answers/s | server CPU ms per answer | bound "
        "answers/s | load average after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in [*s["levels"], {**s["repeated"], "clients": f"{s['repeated']['clients']} (repeated)"}]:
        lines.append(
            f"| {row['clients']} | {row['queries']} | {row['errors']} | {_ms(row)} | {row['max_ms']:.0f} | "
            f"{row['throughput_qps']} | {row.get('server_cpu_ms_per_answer', '–')} | {_bound(report, row)} | "
            f"{row['loadavg_after']} |"
        )
    one = s["one_worker"]
    lines += [
        "",
        f"Memory per worker (RSS / PSS): {idle['workers']} / {idle.get('workers_pss')} MB at idle, "
        f"{after['workers']} / {after.get('workers_pss')} MB after {s['answers_before_memory']} answers; "
        f"supervisor {after['supervisor']} MB (no index, no encoder). The vector matrix ({s.get('matrix_mb')} MB) "
        f"is memory-mapped, so its pages are shared. Ready after {s['ready_seconds']} s. One worker alone "
        f"(`--workers 1`, as the earlier reports measured the serving process): {one['rss_idle_mb']} MB at idle, "
        f"{one['rss_after_20_answers_mb']} MB after 20 answers.",
        "",
        "![latency](bench_latency.png)",
        "",
    ]
    return lines


def _bound(report: dict, row: dict) -> str:
    cpu_ms = row.get("server_cpu_ms_per_answer")
    return f"{report['machine']['cpus'] * 1000 / cpu_ms:.0f}" if cpu_ms else "–"


def _ingest(report: dict) -> list[str]:
    i = report.get("ingest")
    if not i:
        return []
    return [
        "## Ingest",
        "",
        "| documents | chunks | full ingest (empty cache) | raw encoder, same texts | ingest / encoder | re-ingest unchanged |",
        "|---|---|---|---|---|---|",
        f"| {i['documents']} | {i['chunks']} | {i['full_ingest_seconds']} s | {i['raw_encoding_seconds']} s | "
        f"{i['ingest_over_raw_encoding']} | {i['reingest_unchanged_seconds']} s "
        f"({'detected unchanged' if i['reingest_detected_unchanged'] else 'not detected as unchanged'}) |",
        "",
        f"Stages: {', '.join(f'{k} {v} s' for k, v in i['stage_seconds'].items())}. Load average before the "
        f"ingest {i.get('loadavg_before_ingest', '–')}, before the raw encoder "
        f"{i.get('loadavg_before_raw_encoding', '–')}: the ratio is only meaningful when both ran on equally "
        "quiet CPUs.",
        "",
        "![ingest](bench_ingest.png)",
        "",
    ]


def _growth(report: dict) -> list[str]:
    rows = report.get("growth") or []
    if not rows:
        return []
    lines = [
        "## Growth with corpus size",
        "",
        "One client in process; serving memory of a one-worker `assistant serve` (as in the earlier reports).",
        "",
        "| corpus | chunks | BM25 / Chroma build | open + warm | retrieval p50 / p95 ms | answer p50 / p95 ms | "
        "serve ready | serve RSS idle / after 20 answers |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        build = (
            f"{row['bm25_build_seconds']} s / {row['chroma_build_seconds']} s"
            if "bm25_build_seconds" in row
            else "(real index)"
        )
        serve = row["serve"]
        lines.append(
            f"| {row['scale']}× | {row['chunks']} | {build} | {row['open_and_warm_seconds']} s | "
            f"{_ms(row['retrieval'])} | {_ms(row['answer'])} | {serve.get('ready_seconds', '–')} s | "
            f"{serve.get('rss_idle_mb', '–')} / {serve.get('rss_after_20_answers_mb', '–')} MB |"
        )
    return [*lines, "", "![growth](bench_growth.png)", ""]
