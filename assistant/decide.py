"""The abstention decision over retrieved passages, in one place for the chat and the drafting tools.

:mod:`assistant.abstain` holds the rules; this module gathers what they read from an index snapshot: the
best dense similarity between the question and the passages, and the term coverage of the three best;
and, once the composer has chosen its quotes, the judge's verdict on them (:mod:`assistant.answerability`).
"""

from __future__ import annotations

import math
from dataclasses import asdict

import numpy as np

from assistant.abstain import Evidence, gather_evidence, should_abstain
from assistant.answerability import Judge, signals
from assistant.compose import Composition
from assistant.focus import judged_text
from assistant.retrieval import Passage
from assistant.store import IndexSnapshot


def passage_evidence(snapshot: IndexSnapshot, question: str, passages: list[Passage]) -> Evidence:
    """Evidence from the ranked passages: dense similarity over all of them, term coverage over the top three."""
    positions = [snapshot.position[p.chunk_ids[0]] for p in passages]
    similarities = snapshot.dense_similarities(question, positions) if passages else []
    similarity = float(np.nanmax(similarities)) if np.any(~np.isnan(similarities)) else 0.0  # NaN: no vector yet
    return gather_evidence(
        question, [p.text for p in passages[:3]], snapshot.idf, snapshot.vocabulary, similarity, snapshot.newest_year
    )


def passages_cover(
    snapshot: IndexSnapshot, question: str, passages: list[Passage], language: str, coverage_floor: float
) -> bool:
    """Whether the passages can answer the question by the chat's abstention rules (without the checks
    that need the answer's sentences or the documents' reception)."""
    return bool(passages) and not should_abstain(
        passage_evidence(snapshot, question, passages), language, coverage_floor
    )


def judge_answer(
    judge: Judge | None,
    snapshot: IndexSnapshot,
    question: str,
    passages: list[Passage],
    composition: Composition,
    evidence: Evidence,
    plans: bool,
    language: str,
) -> dict:
    """Does the chosen answer answer what was asked? The signals, the judge's probability (None without a
    judge) and its verdict."""
    lead = composition.blocks[0].passage if composition.blocks else None
    measured = signals(
        question,
        composition,
        evidence.coverage,
        evidence.top_similarity if snapshot.dense_complete else math.nan,
        len(evidence.unknown),
        snapshot.vocabulary,
        snapshot.vocabulary_choices,
        snapshot.idf,
        plans,
        passages[lead].text if lead is not None else "",
        " ".join(f"{p.title} {p.short_title}" for p in passages),
        language,
        tuple(judged_text(p) for p in passages),
        document_year(snapshot, passages[lead].document) if lead is not None else None,
        tuple(f"{p.title} {p.section or ''}" for p in passages),
    )
    probability = judge.probability(measured) if judge else None
    return {
        "signals": {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in asdict(measured).items()},
        "probability": probability,
        "declined": bool(judge and probability is not None and probability >= judge.threshold),
    }


def document_year(snapshot: IndexSnapshot, document: str) -> int | None:
    entry = snapshot.catalog.get(document)
    return entry.year if entry is not None else None
