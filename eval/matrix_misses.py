"""Why the responsibility matrix misses key facts: one cause for every fact a view does not hold.

Usage: .venv/bin/python eval/matrix_misses.py [--set ../shared/eval/dev.jsonl] [--per-cell 5] [--no-topic]
Writes eval/reports/matrix_misses.md. For every «ansvar» key fact that a view (the default full view, the
view with the question as topic) does not hold in a statement citing its gold evidence, the cause is the
fate of the best statement of the whole extraction that does:

- *ikke trukket ut*: no statement holds it citing the gold — the gold sentence was left out (and why, by
  the extraction's own reason), or it was extracted but its text does not hold the fact;
- *ikke hentet*: (topic view) its chunk is not among the chunks the search ranks highest;
- *nær-duplikat*: dropped for a near-identical sentence that ranked higher;
- *kuttet*: in its cell, but below the cell's cut (its rank and the cell's size are given);
and, beside the cause, whether a shown statement holds the fact while citing another passage.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.chain import Assistant  # noqa: E402
from assistant.drafting.matrix import PER_CELL, build_statements, load_statements, view_pool  # noqa: E402
from assistant.drafting.matrix_cells import choose_cells  # noqa: E402
from assistant.evaluation.harness import KEY_FACT_SIMILARITY, e5_similarity  # noqa: E402
from assistant.evaluation.metrics import key_fact_covered, token_overlap  # noqa: E402
from assistant.evaluation.records import DEV_SET, load_corpus, load_eval_set  # noqa: E402
from assistant.evaluation.spans import EvidenceIndex, span_overlaps  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store import open_snapshot  # noqa: E402

REPORT = ROOT / "eval" / "reports" / "matrix_misses.md"
OWN_SET = ROOT / "tests" / "fixtures" / "matrix_questions.jsonl"
CANDIDATES = 20


def key(s) -> tuple[str, str, int]:
    return (s.text, s.citation.document, s.citation.start_char)


def holders(fact, statements, similarity):
    """Statements holding the fact by the evaluation's rule (among the closest by words, as coverage does)."""
    best = sorted(statements, key=lambda s: -token_overlap(fact, s.text))[:CANDIDATES]
    return [s for s in best if key_fact_covered(fact, s.text, similarity, similarity_threshold=KEY_FACT_SIMILARITY)]


def fates(pool, score, section, per_cell):
    """Per statement key: («vist» | «kuttet» | «nær-duplikat», detail)."""
    every = choose_cells(pool, score, 0, section)
    shown = choose_cells(pool, score, per_cell, section)
    out: dict = {}
    for cell, (statements, total) in every.items():
        visible = {key(s) for s in shown[cell][0]}
        for rank, s in enumerate(statements, 1):
            fate = "vist" if key(s) in visible else "kuttet"
            out[key(s)] = (fate, f"{cell[0]}/{cell[1]} nr. {rank} av {total}")
    for s in pool:
        out.setdefault(key(s), ("nær-duplikat", ""))
    return out


def classify(fact, spans, whole, pool, fate, shown, skipped, similarity) -> tuple[str, str, bool]:
    """(cause, detail, a shown statement holds the fact citing another passage)."""
    shown_hits = holders(fact, shown, similarity)
    elsewhere = any(not any(span_overlaps(s.citation, sp) for sp in spans) for s in shown_hits)
    grounded = [s for s in holders(fact, whole, similarity) if any(span_overlaps(s.citation, sp) for sp in spans)]
    if not grounded:
        # the gold passage's sentence closest to the fact: extracted (the rule does not find the fact in its
        # text) or left out by the extraction, with its reason
        extracted = [(s.text, "") for s in whole if any(span_overlaps(s.citation, sp) for sp in spans)]
        left_out = [(t, r) for d, start, end, t, r in skipped if _on_gold(d, start, end, spans)]
        if not extracted + left_out:
            return "ikke trukket ut: ingen setning funnet", "", elsewhere
        text, reason = max(extracted + left_out, key=lambda c: token_overlap(fact, c[0]))
        if not reason:
            return "ikke trukket ut: setningen er med, men regelen finner ikke faktumet i den", text[:120], elsewhere
        return f"ikke trukket ut: {reason}", text[:120], elsewhere
    in_pool = [s for s in grounded if key(s) in fate]
    if not in_pool:
        return "ikke hentet (tekstbiten er ikke blant de beste)", grounded[0].text[:120], elsewhere
    order = {"vist": 0, "kuttet": 1, "nær-duplikat": 2}
    best = min(in_pool, key=lambda s: order[fate[key(s)][0]])
    cause, detail = fate[key(best)]
    if cause == "vist":
        return "vist (regelen finner det bare i en annen formulering)", best.text[:120], elsewhere
    return cause, f"{detail}: «{best.text[:110]}»", elsewhere


def _on_gold(document, start, end, spans) -> bool:
    return any(sp.document == document and any(s < end and start < e for s, e in sp.spans) for sp in spans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEV_SET)
    parser.add_argument("--per-cell", type=int, default=PER_CELL)
    parser.add_argument("--no-topic", action="store_true", help="only the default full view")
    parser.add_argument("--out", type=Path, default=REPORT, help="the Markdown report")
    args = parser.parse_args()
    settings = Settings()
    snapshot = open_snapshot(settings)
    statements = load_statements(snapshot)
    skipped: list[tuple[str, int, int, str, str]] = []

    def note(document, sentence, reason):
        offsets = snapshot.document_text(document).offsets
        start, end = int(offsets[sentence.start]), int(offsets[max(sentence.end - 1, sentence.start)]) + 1
        skipped.append((document, start, end, sentence.text, reason))

    build_statements(snapshot, note)
    similarity = e5_similarity(snapshot)
    assistant = Assistant(snapshot)
    whole = list({key(s): s for s in statements}.values())
    full_pool = view_pool(snapshot, statements)
    lines = [f"# Hvorfor matrisen mangler nøkkelfakta (per celle {args.per_cell})", ""]
    totals: dict[str, Counter] = {}
    for set_name, path in (("dev", args.set), ("egne", OWN_SET)):
        rows = [r for r in load_eval_set(path) if r.category == "ansvar"]
        evidence = EvidenceIndex(load_corpus(settings.corpus_dir), rows)
        views = {"standardvisning": lambda _row: full_pool}
        if not args.no_topic:
            views["med tema"] = lambda row: view_pool(
                snapshot, statements, assistant.ask(row.question, list(row.history)).standalone_question
            )
        for view_name, make in views.items():
            counter = totals.setdefault(f"{set_name}, {view_name}", Counter())
            lines += [f"## {set_name}, {view_name}", ""]
            for row in rows:
                spans = [s for s in evidence.spans_for(row) if s is not None]
                pool, score, section = make(row)
                fate = fates(pool, score, section, args.per_cell)
                shown_keys = {k for k, (f, _d) in fate.items() if f == "vist"}
                shown = [s for s in whole if key(s) in shown_keys]
                for fact in row.key_facts:
                    hits = holders(fact, shown, similarity)
                    if any(any(span_overlaps(s.citation, sp) for sp in spans) for s in hits):
                        counter["holdt"] += 1
                        continue
                    cause, detail, elsewhere = classify(fact, spans, whole, pool, fate, shown, skipped, similarity)
                    counter[cause] += 1
                    counter["(merknad, ikke årsak) også vist fra en annen kilde"] += elsewhere
                    extra = " (vist fra en annen kilde)" if elsewhere else ""
                    lines.append(f"- {row.id} «{fact}» — **{cause}**{extra}: {detail}")
            lines.append("")
    summary = ["| visning | årsak | fakta |", "|---|---|---|"]
    for view, counter in totals.items():
        summary += [f"| {view} | {cause} | {n} |" for cause, n in counter.most_common()]
    args.out.write_text("\n".join(lines[:2] + summary + [""] + lines[2:]) + "\n", encoding="utf-8")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
