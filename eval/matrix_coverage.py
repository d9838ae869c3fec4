"""Responsibility matrix coverage: how many key facts of the dev set's «ansvar» questions the matrix holds.

Usage: .venv/bin/python eval/matrix_coverage.py [--set ../shared/eval/dev.jsonl] [--no-e5]
Runs on the index in .data/ (the full corpus). Writes eval/reports/matrix_coverage.json and .md.

Two views are measured: the whole matrix (every extracted statement, what ``matrix.json`` caches) and the
matrix a user sees when the question is given as its topic (a few statements per cell, ranked by search).
A fact counts when a statement holds it by the evaluation's key-fact rule; «grounded» also requires the
statement to cite one of the question's gold evidence passages.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.chain import Assistant  # noqa: E402
from assistant.drafting.matrix import load_statements, matrix_view  # noqa: E402
from assistant.evaluation.coverage import coverage_summary, matrix_coverage  # noqa: E402
from assistant.evaluation.harness import KEY_FACT_SIMILARITY, e5_similarity  # noqa: E402
from assistant.evaluation.records import DEV_SET, load_corpus, load_eval_set  # noqa: E402
from assistant.evaluation.spans import EvidenceIndex  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store import open_snapshot  # noqa: E402

REPORTS = ROOT / "eval" / "reports"
CATEGORY = "ansvar"
HEADLINE = {
    "mean_question_coverage": "snitt per spørsmål",
    "fact_coverage": "andel av alle fakta",
    "questions_all_facts": "spørsmål med alle fakta",
    "questions_half_facts": "spørsmål med minst halvparten",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEV_SET, help="evaluation set (JSONL)")
    parser.add_argument("--no-e5", action="store_true", help="words only, no e5 paraphrase check")
    args = parser.parse_args()

    started = time.perf_counter()
    settings = Settings()
    snapshot = open_snapshot(settings)
    statements = load_statements(snapshot)
    rows = [r for r in load_eval_set(args.set) if r.category == CATEGORY]
    evidence = EvidenceIndex(load_corpus(settings.corpus_dir), rows)
    similarity = None if args.no_e5 else e5_similarity(snapshot)

    whole = matrix_coverage(rows, statements, evidence, similarity, KEY_FACT_SIMILARITY)
    assistant = Assistant(snapshot)
    shown_details = []
    for row in rows:
        topic = assistant.ask(row.question, list(row.history)).standalone_question  # follow-ups made standalone
        view = matrix_view(snapshot, statements, topic=topic)
        shown_statements = [s for cell in view.cells for s in cell.statements]
        one = matrix_coverage([row], shown_statements, evidence, similarity, KEY_FACT_SIMILARITY)
        shown_details.append({**one["details"][0], "topic": topic, "statements_shown": len(shown_statements)})
    shown = coverage_summary(shown_details)

    report = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "eval_set": str(args.set),
        "category": CATEGORY,
        "generation": snapshot.generation.name,
        "statements": len(statements),
        "actors": sorted({s.actor for s in statements}),
        "key_fact_rule": "alle tall må stå i utsagnet, og minst halvparten av innholdsordene eller e5-likhet ≥ "
        f"{KEY_FACT_SIMILARITY}" + (" (e5 slått av)" if similarity is None else ""),
        "whole_matrix": {k: v for k, v in whole.items() if k != "details"},
        "topic_view": shown,
        "seconds": round(time.perf_counter() - started, 1),
        "questions": [
            {
                **w,
                "shown": {"topic": s["topic"], "coverage": s["coverage"], "grounded_coverage": s["grounded_coverage"]},
            }
            for w, s in zip(whole["details"], shown_details)
        ],
    }
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "matrix_coverage.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (REPORTS / "matrix_coverage.md").write_text(render(report), encoding="utf-8")
    for name in ("whole_matrix", "topic_view"):
        values = report[name]
        print(
            f"{name:13} grounded {values['grounded_mean_question_coverage']:.3f}  any statement {values['mean_question_coverage']:.3f}"
        )
    print(f"Skrev {REPORTS / 'matrix_coverage.json'} og .md")


def render(report: dict) -> str:
    lines = [
        f"# Ansvarsmatrisens dekning ({report['created']})",
        "",
        f"Spørsmål i kategorien `{report['category']}` fra `{Path(report['eval_set']).name}`: "
        f"{report['whole_matrix']['questions']} spørsmål, {report['whole_matrix']['key_facts']} nøkkelfakta. "
        f"Matrisen har {report['statements']} utsagn (indeksgenerasjon `{report['generation']}`). "
        f"Regel for nøkkelfakta: {report['key_fact_rule']}.",
        "",
        "| visning | " + " | ".join(HEADLINE.values()) + " |",
        "|---" * (len(HEADLINE) + 1) + "|",
    ]
    for name, label in (("whole_matrix", "hele matrisen"), ("topic_view", "matrisen med spørsmålet som tema")):
        values = report[name]
        lines.append(
            f"| {label}, forankret i gullkilden | "
            + " | ".join(f"{values['grounded_' + k]:.3f}" for k in HEADLINE)
            + " |"
        )
        lines.append(
            f"| {label}, hvilket som helst utsagn | " + " | ".join(f"{values[k]:.3f}" for k in HEADLINE) + " |"
        )
    lines += ["", "## Per spørsmål (hele matrisen)", ""]
    for q in report["questions"]:
        lines.append(
            f"### {q['id']} – {q['coverage']:.2f} (forankret {q['grounded_coverage']:.2f}; "
            f"med tema {q['shown']['grounded_coverage']:.2f})"
        )
        lines.append("")
        for f in q["facts"]:
            mark = "✓" if f["grounded"] else ("~" if f["covered"] else "✗")
            lines.append(f"- {mark} {f['fact']} — *{f['actor']}*: «{f['statement'][:160]}»")
        lines.append("")
    lines.append("✓ i et utsagn som siterer gullkilden, ~ bare i et annet utsagn, ✗ ikke funnet.")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
