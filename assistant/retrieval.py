"""Hybrid retrieval: Chroma dense search + BM25, fused by reciprocal rank fusion, overlaps merged."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, SkipValidation

from assistant.store import Filters, IndexSnapshot
from ingest.lexical import tokenize


@dataclass(frozen=True, slots=True)
class SearchOptions:
    top_k: int = 8
    candidates: int = 40  # per leg, before fusion
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    use_dense: bool = True
    use_lexical: bool = True
    merge_overlaps: bool = True
    mmr_lambda: float | None = None  # e.g. 0.7 to diversify; None = off
    leg_top: int = 2  # the best n of each leg are kept among the first results whatever the fusion says
    fusion: str = "scores"  # "scores": weighted normalised scores over all candidates; "rrf": rank fusion


@dataclass(frozen=True, slots=True)
class Passage:
    """A retrieved stretch of one document (one chunk, or overlapping chunks merged)."""

    document: str
    text: str
    start_char: int
    end_char: int
    clean_start: int
    clean_end: int
    section: str
    section_path: str
    section_number: str
    page: int | None
    title: str
    short_title: str
    kind: str
    date: str
    score: float
    chunk_ids: tuple[str, ...] = field(default=())


ADJACENT = 3  # characters between two chunks that still count as touching
MAX_PASSAGE = 3000  # merged passages stay readable
MIN_REST = 200  # a trimmed chunk shorter than this adds nothing worth showing


def section_label(passage: Passage) -> str:
    """«kap. 2.2.3», with the nearest unnumbered heading when there is one; else the heading itself."""
    number = passage.section_number
    if number and re.fullmatch(r"\d+(\.\d+)*", number):
        label = f"kap. {number}"
        if passage.section and not passage.section.startswith(number):
            label += f" «{passage.section}»"
        return label
    return number or passage.section


def fuse_rankings(rankings: list[list[int]], weights: list[float], k: int = 60) -> dict[int, float]:
    """Reciprocal rank fusion: each list adds weight / (k + rank)."""
    scores: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return scores


def fuse_scores(
    snapshot: IndexSnapshot,
    query: str,
    tokens: list[str],
    dense: list[tuple[int, float]],
    lexical: list[tuple[int, float]],
    dense_share: float,
    filters: Filters,
) -> dict[int, float]:
    """Both legs scored for every candidate either leg found, min-max normalised, then mixed."""
    candidates = list(dict.fromkeys([i for i, _ in dense] + [i for i, _ in lexical]))
    dense_scores = _minmax(snapshot.dense_similarities(query, candidates))
    bm25 = _minmax(snapshot.bm25.get_scores(tokens, weight_mask=snapshot.mask(filters))[candidates])
    # a chunk without a vector yet (dense index still being built) is judged by its lexical score alone
    dense_scores = np.where(np.isnan(dense_scores), bm25, dense_scores)
    return dict(zip(candidates, dense_share * dense_scores + (1 - dense_share) * bm25))


def _minmax(values: np.ndarray) -> np.ndarray:
    """Scaled to [0, 1]; NaN (no score) stays NaN."""
    values = np.asarray(values, dtype=np.float64)
    known = values[~np.isnan(values)]
    if known.size == 0:
        return values
    low, high = float(known.min()), float(known.max())
    return (values - low) / (high - low) if high > low else np.where(np.isnan(values), np.nan, 0.0)


def keep_leg_winners(ordered: list[int], legs: list[list[tuple[int, float]]], n: int) -> list[int]:
    """A passage one leg is sure of (its top n) should not be buried by the other leg's doubts."""
    winners = [i for leg in legs for i, _ in leg[:n]]
    head: list[int] = []
    for i in ordered:
        if len(head) >= n * len(legs):
            break
        head.append(i)
    for i in winners:
        if i not in head:
            # replace the weakest head item that is not itself a leg winner
            for k in range(len(head) - 1, -1, -1):
                if head[k] not in winners:
                    head[k] = i
                    break
    head = sorted(dict.fromkeys(head), key=ordered.index)
    return head + [i for i in ordered if i not in head]


def dense_ranking(snapshot: IndexSnapshot, query: str, n: int, filters: Filters) -> list[tuple[int, float]]:
    return snapshot.dense_search(query, n, filters)


def lexical_ranking(snapshot: IndexSnapshot, tokens: list[str], n: int, filters: Filters) -> list[tuple[int, float]]:
    if not tokens:
        return []
    n = min(n, len(snapshot.chunks))
    ids, scores = snapshot.bm25.retrieve(
        [tokens], k=n, show_progress=False, weight_mask=snapshot.mask(filters), n_threads=0
    )
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if s > 0]


def search(
    snapshot: IndexSnapshot,
    query: str,
    filters: Filters = Filters(),
    options: SearchOptions = SearchOptions(),
    lexical_query: str | None = None,
) -> list[Passage]:
    """The top passages: ranked chunks, overlapping or touching ones merged (unless switched off)."""
    return finish(snapshot, rank_chunks(snapshot, query, filters, options, lexical_query), options)


def finish(snapshot: IndexSnapshot, chunks: list[Passage], options: SearchOptions) -> list[Passage]:
    passages = merge_overlapping(snapshot, chunks) if options.merge_overlaps else chunks
    return passages[: options.top_k]


def rank_chunks(
    snapshot: IndexSnapshot,
    query: str,
    filters: Filters = Filters(),
    options: SearchOptions = SearchOptions(),
    lexical_query: str | None = None,
) -> list[Passage]:
    """Every candidate chunk of either leg, best first, one passage per chunk."""
    rankings: list[list[int]] = []
    weights: list[float] = []
    dense = dense_ranking(snapshot, query, options.candidates, filters) if options.use_dense else []
    tokens = tokenize(lexical_query or query) if options.use_lexical else []
    lexical = lexical_ranking(snapshot, tokens, options.candidates, filters) if tokens else []
    if options.fusion == "rrf" or not (dense and lexical):
        for ranking, weight in ((dense, options.dense_weight), (lexical, options.lexical_weight)):
            if ranking:
                rankings.append([i for i, _ in ranking])
                weights.append(weight)
        fused = fuse_rankings(rankings, weights, options.rrf_k)
    else:
        fused = fuse_scores(
            snapshot,
            query,
            tokens,
            dense,
            lexical,
            options.dense_weight / (options.dense_weight + options.lexical_weight),
            filters,
        )
    ordered = sorted(fused, key=lambda i: -fused[i])
    if options.leg_top:
        ordered = keep_leg_winners(ordered, [dense, lexical], options.leg_top)
    if options.mmr_lambda is not None:
        ordered = diversify(snapshot, ordered, fused, options.mmr_lambda, options.top_k * 2)
    return [passage_from_chunk(snapshot, i, fused[i]) for i in ordered]


def passage_from_chunk(snapshot: IndexSnapshot, position: int, score: float) -> Passage:
    c = snapshot.chunks[position]
    return Passage(
        document=c.document,
        text=c.text,
        start_char=c.start_char,
        end_char=c.end_char,
        clean_start=c.clean_start,
        clean_end=c.clean_end,
        section=c.section,
        section_path=c.section_path,
        section_number=c.section_number,
        page=c.page,
        title=c.title,
        short_title=c.short_title,
        kind=c.kind,
        date=c.date,
        score=score,
        chunk_ids=(c.chunk_id,),
    )


def merge_overlapping(snapshot: IndexSnapshot, passages: list[Passage]) -> list[Passage]:
    """Overlapping or touching chunks of one document become one passage, ranked where the better one was.

    A merge that would grow past ``MAX_PASSAGE`` is not made; the later chunk then keeps only what the
    earlier passage does not already show, so no text is listed twice. A merge can make a passage reach
    another one, so passes repeat until nothing changes.
    """
    while True:
        merged = _merge_pass(snapshot, passages)
        if len(merged) == len(passages) and all(a is b or a == b for a, b in zip(merged, passages)):
            return merged
        passages = merged


def _merge_pass(snapshot: IndexSnapshot, passages: list[Passage]) -> list[Passage]:
    merged: list[Passage] = []
    by_document: dict[str, list[int]] = {}  # positions in merged, in order: only one document's can touch
    for passage in passages:
        slots = by_document.setdefault(passage.document, [])
        for i in slots:
            kept = merged[i]
            touching = (
                passage.clean_start <= kept.clean_end + ADJACENT and kept.clean_start <= passage.clean_end + ADJACENT
            )
            if not touching:
                continue
            if max(kept.clean_end, passage.clean_end) - min(kept.clean_start, passage.clean_start) <= MAX_PASSAGE:
                merged[i] = _union(snapshot, kept, passage)
                passage = None
                break
            passage = _outside(snapshot, passage, kept)
            if passage is None:
                break
        if passage is not None:
            slots.append(len(merged))
            merged.append(passage)
    return merged


def _outside(snapshot: IndexSnapshot, passage: Passage, kept: Passage) -> Passage | None:
    """The part of ``passage`` that ``kept`` does not cover (None if that is too little to show)."""
    if passage.clean_start < kept.clean_start:
        start, end = passage.clean_start, min(passage.clean_end, kept.clean_start)
    else:
        start, end = max(passage.clean_start, kept.clean_end), passage.clean_end
    if end - start < MIN_REST:
        return None
    text = snapshot.document_text(passage.document)
    return replace(
        passage,
        text=text.clean_text[start:end],
        clean_start=start,
        clean_end=end,
        start_char=int(text.offsets[start:end].min()),
        end_char=int(text.offsets[start:end].max()) + 1,
    )


def _union(snapshot: IndexSnapshot, a: Passage, b: Passage) -> Passage:
    start, end = min(a.clean_start, b.clean_start), max(a.clean_end, b.clean_end)
    text = snapshot.document_text(a.document)
    first = a if a.clean_start <= b.clean_start else b
    return replace(
        a,
        text=text.clean_text[start:end],
        clean_start=start,
        clean_end=end,
        start_char=min(a.start_char, b.start_char),
        end_char=max(a.end_char, b.end_char),
        page=first.page,
        chunk_ids=a.chunk_ids + b.chunk_ids,
    )


def diversify(snapshot: IndexSnapshot, ordered: list[int], scores: dict[int, float], lam: float, n: int) -> list[int]:
    """Maximal marginal relevance over chunk vectors, on the fused ranking's head."""
    pool = ordered[: max(n * 2, n)]
    vectors = dict(zip(pool, snapshot.chunk_vectors(pool)))
    top = max(scores[i] for i in pool)
    chosen: list[int] = []
    rest = list(pool)
    while rest and len(chosen) < n:

        def value(i: int) -> float:
            redundancy = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
            return lam * scores[i] / top - (1 - lam) * redundancy

        best = max(rest, key=value)
        chosen.append(best)
        rest.remove(best)
    return chosen + [i for i in ordered if i not in chosen]


class HybridRetriever(BaseRetriever):
    """LangChain face of :func:`search`, for chains that expect a retriever."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    snapshot: SkipValidation[IndexSnapshot]
    options: SearchOptions = SearchOptions()
    filters: Filters = Filters()

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(page_content=p.text, metadata=_metadata(p))
            for p in search(self.snapshot, query, self.filters, self.options)
        ]


def _metadata(passage: Passage) -> dict:
    return {
        "document": passage.document,
        "start_char": passage.start_char,
        "end_char": passage.end_char,
        "section": passage.section,
        "section_path": passage.section_path,
        "page": passage.page,
        "title": passage.title,
        "short_title": passage.short_title,
        "kind": passage.kind,
        "date": passage.date,
        "score": passage.score,
        "chunk_ids": list(passage.chunk_ids),
    }
