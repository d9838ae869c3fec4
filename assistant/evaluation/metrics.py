"""Evaluation metrics: retrieval, citations, abstention, key facts and latency.

Everything here is a pure function over typed records, so the CLI, the pytest threshold checks and the
report scripts in ``eval/`` share one definition of every number. Spans are matched by
:mod:`assistant.evaluation.spans`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation

from assistant.evaluation.records import KS, EvalRow, PredictedCitation, PredictedContext, Prediction
from assistant.evaluation.spans import EvidenceIndex, EvidenceSpan, context_hits, span_overlaps

# ---------------------------------------------------------------------------------------------------------
# Retrieval metrics


def first_hit_ranks(
    contexts: Sequence[PredictedContext], evidence: Sequence[EvidenceSpan], min_coverage: float = 0.8
) -> list[int | None]:
    """For each quote, the 1-based position of the first context that hits it (None: never hit)."""
    ordered = sorted(contexts, key=lambda c: c.rank)
    ranks: list[int | None] = []
    for span in evidence:
        ranks.append(next((i for i, c in enumerate(ordered, 1) if context_hits(c, span, min_coverage)), None))
    return ranks


def hit_at_k(ranks: Sequence[int | None], k: int) -> float:
    return float(any(r is not None and r <= k for r in ranks))


def recall_at_k(ranks: Sequence[int | None], k: int) -> float:
    return sum(r is not None and r <= k for r in ranks) / len(ranks) if ranks else 0.0


def reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """Over every returned context, not just the top k."""
    hits = [r for r in ranks if r is not None]
    return 1.0 / min(hits) if hits else 0.0


# ---------------------------------------------------------------------------------------------------------
# Citation metrics

_MARKER = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”')]*((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*)(?:\s+|$)")


def answer_markers(answer: str) -> list[int]:
    return [int(n) for group in _MARKER.findall(answer) for n in re.split(r"\s*[,;]\s*", group)]


def answer_sentences(answer: str) -> list[str]:
    """Sentences with their trailing markers; lines are split too, so bullet items count one by one.

    Lead-in lines ending with ':' and fragments without letters are not claims and are left out.
    """
    sentences: list[str] = []
    for line in answer.splitlines():
        line = line.strip()
        pos = 0
        for match in _SENTENCE_END.finditer(line):
            sentences.append(line[pos : match.end()].strip())
            pos = match.end()
        sentences.append(line[pos:].strip())
    return [s for s in sentences if re.search(r"[^\W\d_]", _MARKER.sub("", s)) and not s.rstrip().endswith(":")]


def sentence_marker_coverage(answer: str, citations: Sequence[PredictedCitation]) -> float | None:
    """Share of sentences carrying at least one marker that names an existing citation."""
    sentences = answer_sentences(answer)
    if not sentences:
        return None
    valid = {c.marker for c in citations}
    return sum(any(m in valid for m in answer_markers(s)) for s in sentences) / len(sentences)


def dangling_markers(answer: str, citations: Sequence[PredictedCitation]) -> list[int]:
    """Markers in the answer with no citation behind them: a reader would click into nothing."""
    valid = {c.marker for c in citations}
    return sorted({m for m in answer_markers(answer) if m not in valid})


def citation_precision(citations: Sequence[PredictedCitation], evidence: Sequence[EvidenceSpan]) -> float | None:
    """Share of citations whose raw span overlaps some gold evidence span."""
    if not citations or not evidence:
        return None
    return sum(any(span_overlaps(c, e) for e in evidence) for c in citations) / len(citations)


# ---------------------------------------------------------------------------------------------------------
# Key facts

_NUMBER = re.compile(
    r"(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?!\d)"  # 1 000 / 111 000,5
    r"|\d+(?:[.,]\d+)?"
)
_STOPWORDS = frozenset(
    """og i på til av for med som er en et ei den det de at å har hadde var blir ble blitt kan skal må bør vil
    om fra ved eller ikke seg sin sitt sine der dem deres hva hvem hvor hvordan når også mer enn så men etter
    under mot inn ut opp alle hver dette disse denne være vært få får fikk han hun vi man du jeg oss dere
    the of and to in a an is are for on with by""".split()
)
_SUFFIXES = ("hetene", "elsene", "ingene", "heten", "elsen", "ingen", "ende", "ene", "ane", "ers", "ens",
             "ets", "het", "ing", "er", "en", "et", "es", "e", "a", "s")


def normalize_number(token: str) -> str:
    """'1 000', '1000' and '1.000' → '1000'; '2,6' and '2.6' → '2.6'."""
    token = re.sub(r"[ \u00a0\u202f\u2009]", "", token)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        token = token.replace(".", "")
    token = token.replace(",", ".")
    try:
        value = Decimal(token).normalize()
    except InvalidOperation:
        return token
    return format(value, "f")


# "ett"/"en" are left out: they are far more often articles than numbers.
_NUMBER_WORDS = {
    word: str(value)
    for value, words in enumerate(
        ("null", "", "to", "tre", "fire", "fem", "seks", "sju syv", "åtte", "ni", "ti", "elleve", "tolv",
         "tretten", "fjorten", "femten", "seksten", "sytten", "atten", "nitten", "tjue")
    )
    for word in words.split()
}


def extract_numbers(text: str, spelled: bool = False) -> set[str]:
    """Normalised numbers in ``text``; ``spelled`` also reads "seks" as 6 (answers may spell out small numbers)."""
    numbers = {normalize_number(m) for m in _NUMBER.findall(text)}
    if spelled:
        numbers |= {_NUMBER_WORDS[w] for w in re.findall(r"[^\W\d_]+", text.lower()) if w in _NUMBER_WORDS}
    return numbers


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_stems(text: str) -> list[str]:
    words = re.findall(r"[^\W\d_]+", text.lower())
    return [_stem(w) for w in words if w not in _STOPWORDS and len(w) > 1]


def token_overlap(fact: str, answer: str) -> float:
    """Share of the fact's content stems found in the answer; compounds count ("arbeid" in "arbeidsgiver")."""
    fact_stems = content_stems(fact)
    if not fact_stems:
        return 1.0
    answer_stems = set(content_stems(answer))
    matched = sum(
        f in answer_stems or (len(f) >= 5 and any(a.startswith(f) for a in answer_stems)) for f in fact_stems
    )
    return matched / len(fact_stems)


def key_fact_covered(
    fact: str,
    answer: str,
    similarity: Callable[[str, str], float] | None = None,
    *,
    token_threshold: float = 0.5,
    similarity_threshold: float = 0.85,
) -> bool:
    """Numbers must all appear; then enough shared content words, or a close enough paraphrase."""
    if not extract_numbers(fact) <= extract_numbers(answer, spelled=True):
        return False
    if token_overlap(fact, answer) >= token_threshold:
        return True
    if similarity is None:
        return False
    candidates = [answer, *answer_sentences(answer)]
    return max(similarity(fact, c) for c in candidates) >= similarity_threshold


# ---------------------------------------------------------------------------------------------------------
# Per-question results and aggregation


@dataclass(slots=True)
class QuestionResult:
    id: str
    category: str
    persona: str
    expects_abstention: bool
    abstained: bool
    quote_documents: tuple[str, ...] = ()  # located quotes only, aligned with quote_ranks
    quote_ranks: tuple[int | None, ...] = ()
    citation_precision: float | None = None
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
        citation_precision=citation_precision(prediction.citations, evidence) if answered else None,
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
