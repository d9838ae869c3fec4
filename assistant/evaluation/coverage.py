"""How many of the dev set's key facts the responsibility matrix holds (for ``eval/matrix_coverage.py``).

A fact counts when a statement holds it by the evaluation's key-fact rule; «grounded» also requires the
statement to cite one of the question's gold evidence passages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from assistant.drafting.matrix import MatrixStatement
from assistant.evaluation.metrics import key_fact_covered, token_overlap
from assistant.evaluation.records import EvalRow
from assistant.evaluation.spans import EvidenceIndex, span_overlaps


def matrix_coverage(
    rows: Sequence[EvalRow],
    statements: Sequence[MatrixStatement],
    evidence: EvidenceIndex | None = None,
    similarity: Callable[[str, str], float] | None = None,
    similarity_threshold: float = 0.92,
    candidates: int = 20,
) -> dict:
    """How many of the rows' key facts the matrix holds: in some cell statement, and in one that cites the
    row's evidence.

    A fact is in a statement by the evaluation's key-fact rule (its numbers, then half its content words or
    an e5 paraphrase). Against a thousand statements that rule also finds chance matches, so the stricter
    «grounded» count only takes statements whose citation overlaps a gold evidence passage of the row.
    """
    unique = list({(s.text, s.citation.document, s.citation.start_char): s for s in statements}.values())
    questions = []
    for row in rows:
        spans = [span for span in (evidence.spans_for(row) if evidence else []) if span is not None]
        facts = []
        for fact in row.key_facts:
            best = sorted(unique, key=lambda s: -token_overlap(fact, s.text))[:candidates]
            hits = [
                s for s in best if key_fact_covered(fact, s.text, similarity, similarity_threshold=similarity_threshold)
            ]
            grounded = [s for s in hits if any(span_overlaps(s.citation, span) for span in spans)]
            shown = (grounded or hits or best or [None])[0]
            facts.append(
                {
                    "fact": fact,
                    "covered": bool(hits),
                    "grounded": bool(grounded),
                    "statement": shown.text if shown else "",
                    "actor": shown.actor if shown else "",
                    "document": shown.citation.document if shown else "",
                }
            )
        questions.append(
            {
                "id": row.id,
                "question": row.question,
                "facts": facts,
                "coverage": sum(f["covered"] for f in facts) / len(facts) if facts else None,
                "grounded_coverage": sum(f["grounded"] for f in facts) / len(facts) if facts else None,
            }
        )
    return {**coverage_summary(questions), "details": questions}


def coverage_summary(questions: list[dict]) -> dict:
    """Per-question and per-fact shares, for any matrix and grounded in the gold evidence."""
    scored = [q for q in questions if q["coverage"] is not None]
    summary: dict = {"questions": len(scored), "key_facts": sum(len(q["facts"]) for q in scored)}
    for prefix, per_question, per_fact in (("", "coverage", "covered"), ("grounded_", "grounded_coverage", "grounded")):
        facts = [f[per_fact] for q in scored for f in q["facts"]]
        n = len(scored)
        summary |= {
            f"{prefix}mean_question_coverage": sum(q[per_question] for q in scored) / n if n else None,
            f"{prefix}fact_coverage": sum(facts) / len(facts) if facts else None,
            f"{prefix}questions_all_facts": sum(q[per_question] == 1.0 for q in scored) / n if n else None,
            f"{prefix}questions_half_facts": sum(q[per_question] >= 0.5 for q in scored) / n if n else None,
        }
    return summary


def label_accuracy(labels: Sequence[dict], statements: Sequence[MatrixStatement]) -> dict:
    """Actor and column accuracy of the extraction against hand labels of sampled sentences.

    A label is ``{"document", "start_char", "text", "actors": {actor: role}}`` — who acts in the sentence by
    a reader's judgement (empty when no one does). Actor accuracy is the share of the statements extracted
    from labelled sentences whose actor really acts; column accuracy the share of those whose column is the
    labelled one; recall the share of labelled (sentence, actor) pairs the extraction has.
    """
    by_span: dict[tuple[str, int], list[MatrixStatement]] = {}
    for s in statements:
        by_span.setdefault((s.citation.document, s.citation.start_char), []).append(s)
    predicted = right_actor = right_column = labelled = found = exact = 0
    for label in labels:
        got = {s.actor: s.role for s in by_span.get((label["document"], label["start_char"]), [])}
        truth = label["actors"]
        predicted += len(got)
        right_actor += sum(a in truth for a in got)
        right_column += sum(truth.get(a) == r for a, r in got.items())
        labelled += len(truth)
        found += sum(a in got for a in truth)
        exact += set(got) == set(truth)
    return {
        "sentences": len(labels),
        "statements": predicted,
        "actor_accuracy": right_actor / predicted if predicted else None,
        "column_accuracy": right_column / right_actor if right_actor else None,
        "actor_recall": found / labelled if labelled else None,
        "sentences_exact": exact / len(labels) if labels else None,
    }
