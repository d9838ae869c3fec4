"""Follow-up questions made standalone, so retrieval knows what «det» and «de» refer to.

The embedded default is rule-based: a question that leans on earlier turns (pronouns, «og …»,
«hva med …», very few content words) gets the previous user question appended as context.
"""

from __future__ import annotations

import re

from ingest.lexical import tokenize

_ANAPHORA = re.compile(
    r"^(og|men|så|hva med|hvordan med|what about|and)\b|"
    r"\b(det|dette|den|denne|de|dem|disse|deres|dets|der|slike|sånne|samme|it|they|them|this|that|those|these)\b",
    re.IGNORECASE,
)
MIN_CONTENT_TOKENS = 4


def is_follow_up(question: str) -> bool:
    return bool(_ANAPHORA.search(question)) or len(set(tokenize(question, compounds=False))) < MIN_CONTENT_TOKENS


def condense_question(question: str, history: list[dict] | None) -> str:
    """A standalone search question: the question itself, or with the previous user turn as context."""
    previous = [turn["content"] for turn in history or [] if turn.get("role") == "user" and turn.get("content")]
    if not previous or not is_follow_up(question):
        return question
    return f"{question.strip()} ({previous[-1].strip()})"
