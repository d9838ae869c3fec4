"""The abstention decision over retrieved passages, in one place for the chat and the drafting tools.

:mod:`assistant.abstain` holds the rules; this module gathers what they read from an index snapshot: the
best dense similarity between the question and the passages, and the term coverage of the three best.
"""

from __future__ import annotations

import numpy as np

from assistant.abstain import Evidence, gather_evidence, should_abstain
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
