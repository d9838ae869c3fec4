"""Scoring a run: each question's results, and their averages overall and by category, persona and document."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from assistant.evaluation.metrics import (
    citation_overlap,
    citation_precision,
    dangling_markers,
    first_citation_precision,
    first_hit_ranks,
    first_quote_precision,
    hit_at_k,
    key_fact_covered,
    quote_precision,
    recall_at_k,
    reciprocal_rank,
    sentence_marker_coverage,
)
from assistant.evaluation.records import KS, EvalRow, Prediction
from assistant.evaluation.spans import EvidenceIndex


@dataclass(slots=True)
class QuestionResult:
    id: str
    category: str
    persona: str
    expects_abstention: bool
    abstained: bool
    source: str = ""  # the evaluation set the question comes from
    quote_documents: tuple[str, ...] = ()  # located quotes only, aligned with quote_ranks
    quote_ranks: tuple[int | None, ...] = ()
    citation_precision: float | None = None
    first_citation_precision: float | None = None
    quote_precision: float | None = None  # the same two over whole quotes (the measure before sentence spans)
    first_quote_precision: float | None = None
    citation_overlap: float | None = None
    answer_chars: int | None = None  # length of an answer to an answerable question
    sentence_marker_coverage: float | None = None
    dangling_markers: tuple[int, ...] = ()
    facts_covered: tuple[bool, ...] = ()
    latency_ms: float | None = None
    missing_prediction: bool = False

    @property
    def key_fact_coverage(self) -> float | None:
        return sum(self.facts_covered) / len(self.facts_covered) if self.facts_covered else None


@dataclass(frozen=True, slots=True)
class EvalConfig:
    ks: tuple[int, ...] = KS
    min_coverage: float = 0.8
    token_threshold: float = 0.5
    similarity_threshold: float = 0.85


def evaluate_question(
    row: EvalRow,
    prediction: Prediction | None,
    index: EvidenceIndex,
    similarity: Callable[[str, str], float] | None = None,
    config: EvalConfig = EvalConfig(),
) -> QuestionResult:
    missing = prediction is None
    prediction = prediction or Prediction(id=row.id)
    evidence = [span for span in index.spans_for(row) if span is not None]
    answered = not prediction.abstained
    return QuestionResult(
        id=row.id,
        category=row.category,
        persona=row.persona,
        expects_abstention=row.expects_abstention,
        abstained=prediction.abstained,
        quote_documents=tuple(span.document for span in evidence),
        quote_ranks=tuple(first_hit_ranks(prediction.contexts, evidence, config.min_coverage)),
        source=row.source,
        citation_precision=citation_precision(prediction.citations, evidence) if answered else None,
        first_citation_precision=(
            first_citation_precision(prediction.answer, prediction.citations, evidence) if answered else None
        ),
        quote_precision=quote_precision(prediction.citations, evidence) if answered else None,
        first_quote_precision=(
            first_quote_precision(prediction.answer, prediction.citations, evidence) if answered else None
        ),
        citation_overlap=citation_overlap(prediction.citations, evidence) if answered else None,
        answer_chars=len(prediction.answer) if answered and not row.expects_abstention else None,
        sentence_marker_coverage=(
            sentence_marker_coverage(prediction.answer, prediction.citations)
            if answered and not row.expects_abstention
            else None
        ),
        dangling_markers=tuple(dangling_markers(prediction.answer, prediction.citations)),
        facts_covered=tuple(
            key_fact_covered(
                fact,
                prediction.answer,
                similarity,
                token_threshold=config.token_threshold,
                similarity_threshold=config.similarity_threshold,
            )
            for fact in row.key_facts
        ),
        latency_ms=prediction.latency_ms,
        missing_prediction=missing,
    )


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default), without needing numpy."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summarize(
    results: Sequence[QuestionResult], ks: Sequence[int] = KS, document: str | None = None
) -> dict[str, float | int | None]:
    """Macro averages over the questions each metric applies to; ``document`` restricts retrieval to its quotes."""

    def ranks_of(r: QuestionResult) -> list[int | None]:
        return [rank for doc, rank in zip(r.quote_documents, r.quote_ranks) if document in (None, doc)]

    retrieval = [ranks_of(r) for r in results if ranks_of(r)]
    metrics: dict[str, float | int | None] = {"n_questions": len(results), "n_with_evidence": len(retrieval)}
    for k in ks:
        metrics[f"hit@{k}"] = _mean(hit_at_k(ranks, k) for ranks in retrieval)
    for k in ks:
        metrics[f"recall@{k}"] = _mean(recall_at_k(ranks, k) for ranks in retrieval)
    metrics["mrr"] = _mean(reciprocal_rank(ranks) for ranks in retrieval)
    metrics["citation_precision"] = _mean(r.citation_precision for r in results)
    metrics["first_citation_precision"] = _mean(r.first_citation_precision for r in results)
    metrics["quote_precision"] = _mean(r.quote_precision for r in results)
    metrics["first_quote_precision"] = _mean(r.first_quote_precision for r in results)
    metrics["citation_overlap"] = _mean(r.citation_overlap for r in results)
    lengths = [r.answer_chars for r in results if r.answer_chars is not None]
    metrics["answer_length_median"] = percentile(lengths, 50)
    metrics["sentence_marker_coverage"] = _mean(r.sentence_marker_coverage for r in results)
    metrics["dangling_marker_rate"] = _mean(float(bool(r.dangling_markers)) for r in results) if results else None
    metrics["key_fact_coverage"] = _mean(r.key_fact_coverage for r in results)
    metrics["abstention_rate"] = _mean(float(r.abstained) for r in results if r.expects_abstention)
    metrics["false_abstention_rate"] = _mean(float(r.abstained) for r in results if not r.expects_abstention)
    latencies = [r.latency_ms for r in results if r.latency_ms is not None]
    metrics["latency_p50_ms"] = percentile(latencies, 50)
    metrics["latency_p95_ms"] = percentile(latencies, 95)
    return metrics


@dataclass(slots=True)
class EvalReport:
    overall: dict[str, float | int | None]
    by_category: dict[str, dict[str, float | int | None]]
    by_persona: dict[str, dict[str, float | int | None]]
    by_document: dict[str, dict[str, float | int | None]]
    by_set: dict[str, dict[str, float | int | None]] = field(default_factory=dict)
    questions: list[QuestionResult] = field(default_factory=list)
    missing_predictions: list[str] = field(default_factory=list)
    unlocated_evidence: list[dict[str, str]] = field(default_factory=list)
    ks: tuple[int, ...] = KS

    def to_dict(self) -> dict:
        return {
            "overall": self.overall,
            "by_category": self.by_category,
            "by_persona": self.by_persona,
            "by_document": self.by_document,
            "by_set": self.by_set,
            "missing_predictions": self.missing_predictions,
            "unlocated_evidence": self.unlocated_evidence,
            "ks": list(self.ks),
            "questions": [asdict(q) | {"key_fact_coverage": q.key_fact_coverage} for q in self.questions],
        }


def _group(results: Sequence[QuestionResult], key: Callable[[QuestionResult], str], ks) -> dict[str, dict]:
    groups: dict[str, list[QuestionResult]] = {}
    for result in results:
        groups.setdefault(key(result), []).append(result)
    return {name: summarize(members, ks) for name, members in sorted(groups.items())}


def build_report(results: Sequence[QuestionResult], index: EvidenceIndex | None = None, ks=KS) -> EvalReport:
    documents = sorted({doc for r in results for doc in r.quote_documents})
    return EvalReport(
        overall=summarize(results, ks),
        by_category=_group(results, lambda r: r.category, ks),
        by_persona=_group(results, lambda r: r.persona, ks),
        by_document={
            doc: summarize([r for r in results if doc in r.quote_documents], ks, document=doc) for doc in documents
        },
        by_set=_group(results, lambda r: r.source or "–", ks),
        questions=list(results),
        missing_predictions=[r.id for r in results if r.missing_prediction],
        unlocated_evidence=[{"document": d, "quote": q} for d, q in index.unlocated] if index else [],
        ks=tuple(ks),
    )


def evaluate(
    rows: Sequence[EvalRow],
    predictions: Mapping[str, Prediction],
    index: EvidenceIndex,
    similarity: Callable[[str, str], float] | None = None,
    config: EvalConfig = EvalConfig(),
) -> EvalReport:
    """Score every row; a row without a prediction counts as an empty, non-abstaining answer."""
    results = [evaluate_question(row, predictions.get(row.id), index, similarity, config) for row in rows]
    return build_report(results, index, config.ks)
