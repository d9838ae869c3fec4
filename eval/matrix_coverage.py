"""Responsibility matrix coverage: how many key facts of the dev set's «ansvar» questions the matrix holds.

Usage: .venv/bin/python eval/matrix_coverage.py [--set ../shared/eval/dev.jsonl] [--no-e5]
Runs on the index in .data/ (the full corpus; ``ASSISTANT_DATA_DIR`` for another). Writes
eval/reports/matrix_coverage.json and .md, and eval/reports/matrix_rules.md (every decision of every rule).

Three views are measured, on the dev set's «ansvar» questions and on our own questions about actors the dev
set rarely asks about (tests/fixtures/matrix_questions.jsonl): the whole extraction (every statement, what
``matrix.json`` caches), the default full view a user sees without a topic (the best few per cell) and the
view with the question as its topic. A fact counts when a statement holds it by the evaluation's key-fact
rule; «grounded» also requires the statement to cite one of the question's gold evidence passages. Actor and
column accuracy are measured against hand labels (tests/fixtures/matrix_labels.jsonl).
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
from assistant.evaluation.coverage import coverage_summary, label_accuracy, matrix_coverage  # noqa: E402
from assistant.evaluation.harness import KEY_FACT_SIMILARITY, e5_similarity  # noqa: E402
from assistant.evaluation.records import DEV_SET, load_corpus, load_eval_set  # noqa: E402
from assistant.evaluation.spans import EvidenceIndex  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store import open_snapshot  # noqa: E402

REPORTS = ROOT / "eval" / "reports"
OWN_SET = ROOT / "tests" / "fixtures" / "matrix_questions.jsonl"
LABELS = ROOT / "tests" / "fixtures" / "matrix_labels.jsonl"
BEFORE = REPORTS / "matrix_coverage_before.json"  # the same report on main before issue 21's second round
SET_NAMES = {
    "dev": "Dev-settet",
    "own": "Egne spørsmål",
    "followups": "Samtalene (ikke brukt til å justere noe)",
}
VIEWS = (
    ("whole_matrix", "hele uttrekket (alle utsagn)"),
    ("full_view", "standardvisningen uten tema"),
    ("topic_view", "matrisen med spørsmålet som tema"),
)
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
    similarity = None if args.no_e5 else e5_similarity(snapshot)
    assistant = Assistant(snapshot)
    full = [s for cell in matrix_view(snapshot, statements).cells for s in cell.statements]
    sets = {}
    for name, path in (("dev", args.set), ("own", OWN_SET), ("followups", args.set.with_name("followups.jsonl"))):
        if not path.exists():
            continue
        rows = [r for r in load_eval_set(path) if r.category == CATEGORY]
        sets[name] = measure(rows, path, snapshot, statements, full, assistant, similarity, settings)
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "category": CATEGORY,
        "generation": snapshot.generation.name,
        "statements": len(statements),
        "full_view_statements": len(full),
        "actors": sorted({s.actor for s in statements}),
        "key_fact_rule": "alle tall må stå i utsagnet, og minst halvparten av innholdsordene eller e5-likhet ≥ "
        f"{KEY_FACT_SIMILARITY}" + (" (e5 slått av)" if similarity is None else ""),
        "labels": label_accuracy(labels, statements),
        "sets": sets,
        "seconds": round(time.perf_counter() - started, 1),
    }
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "matrix_coverage.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (REPORTS / "matrix_coverage.md").write_text(render(report), encoding="utf-8")
    (REPORTS / "matrix_rules.md").write_text(render_rules(statements), encoding="utf-8")
    for set_name, result in sets.items():
        for name, _label in VIEWS:
            v = result[name]
            print(
                f"{set_name:4} {name:13} grounded per question {v['grounded_mean_question_coverage']:.3f}  "
                f"per fact {v['grounded_fact_coverage']:.3f}"
            )
    print("labels", report["labels"])
    print(f"Skrev {REPORTS / 'matrix_coverage.json'}, .md og matrix_rules.md")


def measure(rows, path, snapshot, statements, full, assistant, similarity, settings) -> dict:
    """The three views' coverage of one question set."""
    evidence = EvidenceIndex(load_corpus(settings.corpus_dir), rows)
    whole = matrix_coverage(rows, statements, evidence, similarity, KEY_FACT_SIMILARITY)
    shown_full = matrix_coverage(rows, full, evidence, similarity, KEY_FACT_SIMILARITY)
    shown_details = []
    for row in rows:
        topic = assistant.ask(row.question, list(row.history)).standalone_question  # follow-ups made standalone
        view = matrix_view(snapshot, statements, topic=topic)
        shown_statements = [s for cell in view.cells for s in cell.statements]
        one = matrix_coverage([row], shown_statements, evidence, similarity, KEY_FACT_SIMILARITY)
        shown_details.append({**one["details"][0], "topic": topic, "statements_shown": len(shown_statements)})
    return {
        "eval_set": str(path),
        "whole_matrix": {k: v for k, v in whole.items() if k != "details"},
        "full_view": {k: v for k, v in shown_full.items() if k != "details"},
        "topic_view": coverage_summary(shown_details),
        "questions": [
            {
                **w,
                "full": {"grounded_coverage": f["grounded_coverage"]},
                "shown": {"topic": s["topic"], "coverage": s["coverage"], "grounded_coverage": s["grounded_coverage"]},
            }
            for w, f, s in zip(whole["details"], shown_full["details"], shown_details)
        ],
    }


def render(report: dict) -> str:
    labels = report["labels"]
    lines = [
        f"# Ansvarsmatrisens dekning ({report['created']})",
        "",
        f"Matrisen har {report['statements']} utsagn (indeksgenerasjon `{report['generation']}`), "
        f"standardvisningen uten tema {report['full_view_statements']}. "
        f"Regel for nøkkelfakta: {report['key_fact_rule']}.",
        "",
        f"Håndmerket utvalg ({labels['sentences']} setninger, {labels['statements']} utsagn trukket ut av dem): "
        f"aktør riktig {labels['actor_accuracy']:.3f}, kolonne riktig {labels['column_accuracy']:.3f} "
        f"(av utsagnene med riktig aktør), merkede aktører funnet {labels['actor_recall']:.3f}, "
        f"setninger helt riktige {labels['sentences_exact']:.3f}.",
        "",
        *before_after(report),
    ]
    for set_name, result in report["sets"].items():
        first = result["whole_matrix"]
        lines += [
            f"## {SET_NAMES.get(set_name, set_name)} (`{Path(result['eval_set']).name}`): "
            f"{first['questions']} spørsmål, {first['key_facts']} nøkkelfakta",
            "",
            "| visning | " + " | ".join(HEADLINE.values()) + " |",
            "|---" * (len(HEADLINE) + 1) + "|",
        ]
        for name, label in VIEWS:
            values = result[name]
            lines.append(
                f"| {label}, forankret i gullkilden | "
                + " | ".join(f"{values['grounded_' + k]:.3f}" for k in HEADLINE)
                + " |"
            )
        lines.append("")
        for q in result["questions"]:
            lines.append(
                f"### {q['id']} – forankret: hele {q['grounded_coverage']:.2f}, standardvisning "
                f"{q['full']['grounded_coverage']:.2f}, med tema {q['shown']['grounded_coverage']:.2f}"
            )
            lines.append("")
            for f in q["facts"]:
                mark = "✓" if f["grounded"] else ("~" if f["covered"] else "✗")
                lines.append(f"- {mark} {f['fact']} — *{f['actor']}*: «{f['statement'][:160]}»")
            lines.append("")
    lines.append("✓ i et utsagn som siterer gullkilden, ~ bare i et annet utsagn, ✗ ikke funnet.")
    return "\n".join(lines) + "\n"


def before_after(report: dict) -> list[str]:
    """Before → after per set and view (snitt per spørsmål, forankret), when the before report exists."""
    if not BEFORE.exists():
        return []
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    lines = [
        f"## Før → etter (før: koden før denne runden, målt {before['created']} på samme indeks; snitt per spørsmål, "
        "forankret i gullkilden)",
        "",
        "| sett | " + " | ".join(label for _name, label in VIEWS) + " |",
        "|---" * (len(VIEWS) + 1) + "|",
    ]
    for set_name, result in report["sets"].items():
        old = before["sets"].get(set_name)
        cells = [
            (f"{old[name]['grounded_mean_question_coverage']:.3f} → " if old else "")
            + f"{result[name]['grounded_mean_question_coverage']:.3f}"
            for name, _label in VIEWS
        ]
        lines.append(f"| {SET_NAMES.get(set_name, set_name)} | " + " | ".join(cells) + " |")
    old, new = before["labels"], report["labels"]
    lines += [
        "",
        f"Håndmerket utvalg: aktør {old['actor_accuracy']:.3f} → {new['actor_accuracy']:.3f}, kolonne "
        f"{old['column_accuracy']:.3f} → {new['column_accuracy']:.3f}; standardvisningen "
        f"{before['full_view_statements']} → {report['full_view_statements']} utsagn.",
        "",
    ]
    return lines


def render_rules(statements) -> str:
    """Every decision of the extraction, grouped by why the actor acts and by the column rule."""
    lines = [
        "# Ansvarsmatrisens regler: alle avgjørelser på hele korpuset",
        "",
        "Hvert utsagn står under regelen som avgjorde kolonnen og grunnen til at aktøren regnes som den som handler.",
        "",
    ]
    groups: dict[tuple[str, str, str], list] = {}
    for s in statements:
        groups.setdefault((s.rule or "–", s.role, s.how), []).append(s)
    lines += ["| kolonneregel | kolonne | hvorfor aktøren | utsagn |", "|---|---|---|---|"]
    for (rule, role, how), items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"| {rule} | {role} | {how} | {len(items)} |")
    for (rule, role, how), items in sorted(groups.items()):
        lines += ["", f"## {rule} → {role} ({how}): {len(items)}", ""]
        for s in items:
            context = f"({s.context[:100]}) " if s.context else ""
            lines.append(f"- **{s.actor}**: {context}{s.text} — {s.citation.document}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
