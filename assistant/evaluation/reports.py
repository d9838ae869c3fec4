"""Evaluation reports: comparison with the baseline, Markdown tables and PNG charts."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from assistant.evaluation.records import KS

# ---------------------------------------------------------------------------------------------------------
# Baseline comparison

HIGHER_IS_BETTER = (
    *(f"hit@{k}" for k in KS),
    *(f"recall@{k}" for k in KS),
    "mrr",
    "citation_precision",
    "first_citation_precision",
    "key_fact_coverage",
    "abstention_rate",
)
# sentence_marker_coverage is reported but not held: a quote of two consecutive sentences carries one marker by
# design, so the measure falls when answers quote better
LOWER_IS_BETTER = ("false_abstention_rate", "dangling_marker_rate")


def compare_to_baseline(
    report_dict: Mapping, baseline_dict: Mapping, margin: float = 0.02, margins: Mapping[str, float] | None = None
) -> list[str]:
    """Names of overall metrics that got worse than the baseline by more than ``margin`` (or their own margin
    in ``margins``: a rate over 25 questions moves 0.04 with one answer).

    Accepts full ``EvalReport.to_dict()`` output or a flat metrics dict; metrics missing on either side
    are skipped. Latency is machine-dependent and never compared.
    """
    current = report_dict.get("overall", report_dict)
    baseline = baseline_dict.get("overall", baseline_dict)
    regressions: list[str] = []
    for name in (*HIGHER_IS_BETTER, *LOWER_IS_BETTER):
        now, before = current.get(name), baseline.get(name)
        if now is None or before is None:
            continue
        worse = before - now if name in HIGHER_IS_BETTER else now - before
        if worse > (margins or {}).get(name, margin) + 1e-12:
            regressions.append(name)
    return regressions


class BaselineUnreadable(ValueError):
    """A baseline file that is empty, damaged or of another shape: the report stands, it is not compared."""


def baseline_regressions(overall: Mapping, baseline: Path, margin: float = 0.02) -> list[str] | None:
    """The metrics that fell below a baseline file's overall numbers; None when there is no such file."""
    if not baseline.exists():
        return None
    try:
        numbers = json.loads(baseline.read_text(encoding="utf-8"))["overall"]
        if not isinstance(numbers, Mapping) or not all(isinstance(v, int | float | None) for v in numbers.values()):
            raise TypeError("overall is no table of numbers")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        reason = "tom" if isinstance(error, json.JSONDecodeError) and not error.doc.strip() else "skadet"
        raise BaselineUnreadable(
            f"Grunnlinjen {baseline} kan ikke leses (filen er {reason} eller har feil form); "
            "rapporten er skrevet, men ikke sammenlignet med en grunnlinje."
        ) from error
    return compare_to_baseline(overall, numbers, margin=margin)


# ---------------------------------------------------------------------------------------------------------
# Rendering

# the metrics shown side by side for the default chain and each ablation
PRIMARY = (
    "hit@5",
    "recall@5",
    "mrr",
    "abstention_rate",
    "false_abstention_rate",
    "key_fact_coverage",
    "citation_precision",
    "first_citation_precision",
    "quote_precision",
    "first_quote_precision",
    "answer_length_median",
    "citation_support",
    "latency_p50_ms",
    "latency_p95_ms",
)
_GROUP_COLUMNS = (
    "n_questions",
    "hit@5",
    "recall@5",
    "mrr",
    "citation_precision",
    "first_citation_precision",
    "sentence_marker_coverage",
    "key_fact_coverage",
    "answer_length_median",
    "abstention_rate",
    "false_abstention_rate",
    "latency_p50_ms",
)
_GROUPS = (
    ("by_set", "sett"),
    ("by_category", "kategori"),
    ("by_persona", "persona"),
    ("by_document", "dokument"),
)


def format_value(value, key: str = "") -> str:
    """Shares with three decimals; latencies and other large numbers whole; «–» for none."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.0f}" if key.startswith("latency") or abs(value) >= 10 else f"{value:.3f}"
    return str(value)


def run_summary(reports: Mapping[str, Mapping], questions: int, mode: str = "extractive") -> dict:
    """One run: the default chain's full report and each variant's primary metrics."""
    return {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "questions": questions,
        "mode": mode,
        "default": reports["default"],
        "ablations": {name: {k: report["overall"].get(k) for k in PRIMARY} for name, report in reports.items()},
    }


def _table(groups: Mapping[str, Mapping], columns: Sequence[str], label: str) -> list[str]:
    lines = [f"| {label} | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name, metrics in sorted(groups.items()):
        lines.append(f"| {name} | " + " | ".join(format_value(metrics.get(c), c) for c in columns) + " |")
    return lines


def render_report(summary: Mapping) -> str:
    """The run as Markdown: variants side by side, then the default chain overall and by group."""
    mode = summary.get("mode", "extractive")
    lines = [f"# Evaluering ({summary['created']}, {summary['questions']} spørsmål, {mode})", ""]
    lines += ["## Ablasjoner", "", "| variant | " + " | ".join(PRIMARY) + " |", "|---" * (len(PRIMARY) + 1) + "|"]
    for name, metrics in summary["ablations"].items():
        lines.append(f"| {name} | " + " | ".join(format_value(metrics.get(k), k) for k in PRIMARY) + " |")
    default = summary["default"]
    lines += ["", "## Standardoppsett i detalj", "", "| mål | verdi |", "|---|---|"]
    lines += [f"| {name} | {format_value(value, name)} |" for name, value in default["overall"].items()]
    for group, label in _GROUPS:
        if default.get(group):
            lines += ["", f"### {group}", "", *_table(default[group], _GROUP_COLUMNS, label)]
    if default.get("missing_predictions"):
        lines += ["", "## Mangler svar", "", ", ".join(default["missing_predictions"])]
    if default.get("unlocated_evidence"):
        lines += ["", "## Sitater som ikke finnes i korpuset", ""]
        lines += [f"- {e['document']}: «{e['quote'][:80]}»" for e in default["unlocated_evidence"]]
    return "\n".join(lines) + "\n"


def write_plots(report: Mapping, out_dir: str | Path) -> list[Path]:
    """PNG charts for a report (``EvalReport.to_dict()``): hit@k/recall@k curves and per-category bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []

    fig, ax = plt.subplots(figsize=(6, 4))
    ks = list(report.get("ks", KS))
    for metric, style in (("hit", "o-"), ("recall", "s--")):
        values = [report["overall"].get(f"{metric}@{k}") for k in ks]
        ax.plot(ks, [v if v is not None else float("nan") for v in values], style, label=f"{metric}@k")
    ax.set(xlabel="k", ylabel="share", ylim=(0, 1.05), xticks=ks, title="Retrieval by k")
    ax.grid(alpha=0.3)
    ax.legend()
    paths.append(out / "hit_at_k.png")
    fig.tight_layout()
    fig.savefig(paths[-1], dpi=120)
    plt.close(fig)

    metrics = ("hit@5", "recall@5", "citation_precision", "key_fact_coverage", "abstention_rate")
    categories = list(report["by_category"])
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(categories)), 4))
    width = 0.8 / len(metrics)
    for i, metric in enumerate(metrics):
        values = [report["by_category"][c].get(metric) or 0.0 for c in categories]
        ax.bar([x + i * width for x in range(len(categories))], values, width, label=metric)
    ax.set_xticks([x + width * (len(metrics) - 1) / 2 for x in range(len(categories))], categories)
    ax.set(ylim=(0, 1.05), ylabel="share", title="By category")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(metrics))
    paths.append(out / "by_category.png")
    fig.tight_layout()
    fig.savefig(paths[-1], dpi=120)
    plt.close(fig)
    return paths
