"""Evaluation metrics: retrieval, citations, abstention, key facts and latency.

Everything here is a pure function over typed records, so the CLI, the pytest threshold checks and the
report scripts in ``eval/`` share one definition of every number. Gold evidence is matched by *raw
character span*: predictions carry cleaned, OCR-repaired text that no longer equals the raw file, but their
``start_char``/``end_char`` still point into it.

Matching rule (``context_hits``): a context and an evidence quote in the same document hit when their raw
spans overlap by at least ``min_coverage`` (0.8) of the *shorter* of the two. For the usual case — a chunk
longer than the quote — this means the chunk contains at least 80 % of the quote; when a quote is longer than
a chunk, a chunk that lies at least 80 % inside the quote counts, since no single chunk could contain it.
The 20 % slack absorbs span drift from hyphen joining and OCR repair at chunk edges.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rapidfuzz import fuzz

KS: tuple[int, ...] = (1, 3, 5, 10)
OUT_OF_CORPUS = "utenfor_korpus"

# ---------------------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True, slots=True)
class Evidence:
    document: str
    quote: str


@dataclass(frozen=True, slots=True)
class EvalRow:
    id: str
    question: str
    category: str
    persona: str
    answer: str
    key_facts: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    history: tuple[dict, ...] = ()

    @property
    def expects_abstention(self) -> bool:
        return self.category == OUT_OF_CORPUS

    @classmethod
    def from_dict(cls, data: Mapping) -> "EvalRow":
        return cls(
            id=str(data["id"]),
            question=data["question"],
            category=data.get("category", ""),
            persona=data.get("persona", ""),
            answer=data.get("answer", ""),
            key_facts=tuple(data.get("key_facts") or ()),
            evidence=tuple(Evidence(e["document"], e["quote"]) for e in data.get("evidence") or ()),
            history=tuple(data.get("history") or ()),
        )


@dataclass(frozen=True, slots=True)
class Citation:
    marker: int
    document: str
    start_char: int
    end_char: int
    title: str = ""
    section: str = ""
    page: int | None = None
    quote: str = ""


@dataclass(frozen=True, slots=True)
class Context:
    rank: int
    document: str
    start_char: int
    end_char: int
    section: str = ""
    page: int | None = None
    text: str = ""
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Prediction:
    id: str
    answer: str = ""
    abstained: bool = False
    latency_ms: float | None = None
    citations: tuple[Citation, ...] = ()
    contexts: tuple[Context, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping) -> "Prediction":
        return cls(
            id=str(data["id"]),
            answer=data.get("answer") or "",
            abstained=bool(data.get("abstained", False)),
            latency_ms=data.get("latency_ms"),
            citations=tuple(
                Citation(
                    marker=int(c["marker"]),
                    document=c["document"],
                    start_char=int(c["start_char"]),
                    end_char=int(c["end_char"]),
                    title=c.get("title") or "",
                    section=c.get("section") or "",
                    page=c.get("page"),
                    quote=c.get("quote") or "",
                )
                for c in data.get("citations") or ()
            ),
            contexts=tuple(
                Context(
                    rank=int(c.get("rank", i + 1)),
                    document=c["document"],
                    start_char=int(c["start_char"]),
                    end_char=int(c["end_char"]),
                    section=c.get("section") or "",
                    page=c.get("page"),
                    text=c.get("text") or "",
                    score=c.get("score"),
                )
                for i, c in enumerate(data.get("contexts") or ())
            ),
        )


# ---------------------------------------------------------------------------------------------------------
# Locating quotes in raw text

_WHITESPACE = re.compile(r"\s+")
# Loose form: also join line-break hyphenation and drop soft hyphens, so "arbeids-\n  plassen" ≈ "arbeidsplassen".
_LOOSE = re.compile(r"(?<=\w)-\s+(?=\w)|\u00ad|\s+")


@dataclass(frozen=True, slots=True)
class FoldedText:
    """A normalised copy of a raw text that remembers each character's raw span."""

    text: str
    starts: array  # raw offset where folded character i begins
    ends: array  # raw offset just after folded character i (a folded space covers its whole run)

    @classmethod
    def build(cls, raw: str, loose: bool = False) -> "FoldedText":
        pattern = _LOOSE if loose else _WHITESPACE
        pieces: list[str] = []
        starts, ends = array("l"), array("l")
        pos = 0
        for match in pattern.finditer(raw):
            s, e = match.span()
            pieces.append(raw[pos:s])
            starts.extend(range(pos, s))
            ends.extend(range(pos + 1, s + 1))
            if match.group().isspace():
                pieces.append(" ")
                starts.append(s)
                ends.append(e)
            pos = e
        pieces.append(raw[pos:])
        starts.extend(range(pos, len(raw)))
        ends.extend(range(pos + 1, len(raw) + 1))
        text = "".join(pieces)
        if loose:
            text = _lower_same_length(text)
        return cls(text, starts, ends)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def fold_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _loose_quote(quote: str) -> str:
    return _lower_same_length(_LOOSE.sub(lambda m: " " if m.group().isspace() else "", quote).strip())


class _Locator:
    """Folded copies of one raw text, built once and reused for every quote in that document."""

    def __init__(self, raw: str):
        self.raw = raw
        self._exact: FoldedText | None = None
        self._loose: FoldedText | None = None

    @property
    def exact(self) -> FoldedText:
        if self._exact is None:
            self._exact = FoldedText.build(self.raw)
        return self._exact

    @property
    def loose(self) -> FoldedText:
        if self._loose is None:
            self._loose = FoldedText.build(self.raw, loose=True)
        return self._loose

    def locate_all(self, quote: str, min_similarity: float = 90.0) -> list[tuple[int, int]]:
        """Every exact occurrence; else every loose occurrence; else the single best fuzzy match."""
        needle = fold_whitespace(quote)
        if not needle:
            return []
        for folded, query in ((self.exact, needle), (self.loose, _loose_quote(needle))):
            found = _find_all(folded.text, query)
            if found:
                return [folded.raw_span(s, s + len(query)) for s in found]
        query = _loose_quote(needle)
        alignment = fuzz.partial_ratio_alignment(query, self.loose.text, score_cutoff=min_similarity)
        if alignment is None or alignment.dest_end <= alignment.dest_start:
            return []
        return [self.loose.raw_span(alignment.dest_start, alignment.dest_end)]


def _find_all(haystack: str, needle: str) -> list[int]:
    found, pos = [], haystack.find(needle)
    while pos != -1:
        found.append(pos)
        pos = haystack.find(needle, pos + 1)
    return found


def locate_quote(raw_text: str, quote: str, min_similarity: float = 90.0) -> tuple[int, int] | None:
    """Raw ``[start, end)`` of a whitespace-folded quote: exact, then hyphen/case-tolerant, then fuzzy."""
    spans = _Locator(raw_text).locate_all(quote, min_similarity)
    return spans[0] if spans else None


@dataclass(frozen=True, slots=True)
class EvidenceSpan:
    """A located gold quote; ``spans`` lists every occurrence, since a few quotes recur verbatim."""

    document: str
    quote: str
    spans: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[0][1]


class EvidenceIndex:
    """Raw spans of every gold quote, located once per (document, quote)."""

    def __init__(self, documents: Mapping[str, str], rows: Iterable[EvalRow] = (), min_similarity: float = 90.0):
        self._locators = {name: _Locator(raw) for name, raw in documents.items()}
        self._cache: dict[tuple[str, str], EvidenceSpan | None] = {}
        self.min_similarity = min_similarity
        for row in rows:
            self.spans_for(row)

    def locate(self, document: str, quote: str) -> EvidenceSpan | None:
        key = (document, quote)
        if key not in self._cache:
            locator = self._locators.get(document)
            spans = locator.locate_all(quote, self.min_similarity) if locator else []
            self._cache[key] = EvidenceSpan(document, quote, tuple(spans)) if spans else None
        return self._cache[key]

    def spans_for(self, row: EvalRow) -> list[EvidenceSpan | None]:
        return [self.locate(e.document, e.quote) for e in row.evidence]

    @property
    def unlocated(self) -> list[tuple[str, str]]:
        return [key for key, span in self._cache.items() if span is None]


# ---------------------------------------------------------------------------------------------------------
# Span matching


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def context_hits(context: Context | Citation, evidence_span: EvidenceSpan, min_coverage: float = 0.8) -> bool:
    """Same document and overlap ≥ ``min_coverage`` of the shorter span (see the module docstring)."""
    if context.document != evidence_span.document:
        return False
    context_len = context.end_char - context.start_char
    if context_len <= 0:
        return False
    for start, end in evidence_span.spans:
        shorter = min(context_len, end - start)
        if shorter > 0 and _overlap(context.start_char, context.end_char, start, end) >= min_coverage * shorter:
            return True
    return False


def span_overlaps(item: Context | Citation, evidence_span: EvidenceSpan) -> bool:
    """Any shared raw character: a citation quotes one sentence, which need not cover a whole passage."""
    return item.document == evidence_span.document and any(
        _overlap(item.start_char, item.end_char, s, e) > 0 for s, e in evidence_span.spans
    )


# ---------------------------------------------------------------------------------------------------------
# Retrieval metrics


def first_hit_ranks(
    contexts: Sequence[Context], evidence: Sequence[EvidenceSpan], min_coverage: float = 0.8
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


def split_sentences(answer: str) -> list[str]:
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


def sentence_marker_coverage(answer: str, citations: Sequence[Citation]) -> float | None:
    """Share of sentences carrying at least one marker that names an existing citation."""
    sentences = split_sentences(answer)
    if not sentences:
        return None
    valid = {c.marker for c in citations}
    return sum(any(m in valid for m in answer_markers(s)) for s in sentences) / len(sentences)


def dangling_markers(answer: str, citations: Sequence[Citation]) -> list[int]:
    """Markers in the answer with no citation behind them: a reader would click into nothing."""
    valid = {c.marker for c in citations}
    return sorted({m for m in answer_markers(answer) if m not in valid})


def citation_precision(citations: Sequence[Citation], evidence: Sequence[EvidenceSpan]) -> float | None:
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
    candidates = [answer, *split_sentences(answer)]
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


# ---------------------------------------------------------------------------------------------------------
# Baseline comparison

HIGHER_IS_BETTER = (
    *(f"hit@{k}" for k in KS),
    *(f"recall@{k}" for k in KS),
    "mrr",
    "citation_precision",
    "sentence_marker_coverage",
    "key_fact_coverage",
    "abstention_rate",
)
LOWER_IS_BETTER = ("false_abstention_rate", "dangling_marker_rate")


def compare_to_baseline(report_dict: Mapping, baseline_dict: Mapping, margin: float = 0.02) -> list[str]:
    """Names of overall metrics that got worse than the baseline by more than ``margin``.

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
        if worse > margin + 1e-12:
            regressions.append(name)
    return regressions


# ---------------------------------------------------------------------------------------------------------
# Rendering

_GROUP_COLUMNS = ("n_questions", "hit@5", "recall@5", "mrr", "citation_precision", "sentence_marker_coverage",
                  "key_fact_coverage", "abstention_rate", "false_abstention_rate", "latency_p50_ms")


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3f}"


def _table(groups: Mapping[str, Mapping], columns: Sequence[str], label: str) -> list[str]:
    lines = [f"| {label} | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name, metrics in groups.items():
        lines.append(f"| {name} | " + " | ".join(_fmt(metrics.get(c)) for c in columns) + " |")
    return lines


def render_markdown(report: EvalReport) -> str:
    lines = ["# Evaluation report", "", "## Overall", "", "| metric | value |", "|---|---|"]
    lines += [f"| {name} | {_fmt(value)} |" for name, value in report.overall.items()]
    for title, groups, label in (
        ("By category", report.by_category, "category"),
        ("By persona", report.by_persona, "persona"),
        ("By evidence document", report.by_document, "document"),
    ):
        lines += ["", f"## {title}", "", *_table(groups, _GROUP_COLUMNS, label)]
    if report.missing_predictions:
        lines += ["", "## Missing predictions", "", ", ".join(report.missing_predictions)]
    if report.unlocated_evidence:
        lines += ["", "## Evidence quotes not found in the corpus", ""]
        lines += [f"- {e['document']}: «{e['quote'][:80]}»" for e in report.unlocated_evidence]
    return "\n".join(lines) + "\n"


def write_plots(report: EvalReport, out_dir: str | Path) -> list[Path]:
    """PNG charts for the report: hit@k/recall@k curves and per-category bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []

    fig, ax = plt.subplots(figsize=(6, 4))
    ks = list(report.ks)
    for metric, style in (("hit", "o-"), ("recall", "s--")):
        values = [report.overall.get(f"{metric}@{k}") for k in ks]
        ax.plot(ks, [v if v is not None else float("nan") for v in values], style, label=f"{metric}@k")
    ax.set(xlabel="k", ylabel="share", ylim=(0, 1.05), xticks=ks, title="Retrieval by k")
    ax.grid(alpha=0.3)
    ax.legend()
    paths.append(out / "hit_at_k.png")
    fig.tight_layout()
    fig.savefig(paths[-1], dpi=120)
    plt.close(fig)

    metrics = ("hit@5", "recall@5", "citation_precision", "key_fact_coverage", "abstention_rate")
    categories = list(report.by_category)
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(categories)), 4))
    width = 0.8 / len(metrics)
    for i, metric in enumerate(metrics):
        values = [report.by_category[c].get(metric) or 0.0 for c in categories]
        ax.bar([x + i * width for x in range(len(categories))], values, width, label=metric)
    ax.set_xticks([x + width * (len(metrics) - 1) / 2 for x in range(len(categories))], categories)
    ax.set(ylim=(0, 1.05), ylabel="share", title="By category")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(metrics))
    paths.append(out / "by_category.png")
    fig.tight_layout()
    fig.savefig(paths[-1], dpi=120)
    plt.close(fig)
    return paths


# ---------------------------------------------------------------------------------------------------------
# Loaders (the only file I/O here)


def _read_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_eval_set(path: str | Path) -> list[EvalRow]:
    return [EvalRow.from_dict(data) for data in _read_jsonl(path)]


def load_predictions(path: str | Path) -> dict[str, Prediction]:
    return {p.id: p for p in (Prediction.from_dict(data) for data in _read_jsonl(path))}


def load_corpus(corpus_dir: str | Path) -> dict[str, str]:
    """Raw file texts keyed by file name; newline='' keeps offsets identical to the bytes on disk."""
    texts: dict[str, str] = {}
    for path in sorted(Path(corpus_dir).iterdir()):
        if path.is_file():
            with open(path, encoding="utf-8", newline="") as handle:
                texts[path.name] = handle.read()
    return texts
