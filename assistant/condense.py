"""Follow-up questions made standalone, so retrieval knows what «det» and «de» refer to.

The embedded default is rule-based: a question that leans on earlier turns (pronouns, «og …»,
«hva med …», very few content words) gets the subject of the previous exchange appended — the most
specific words (highest IDF in the corpus, source names left out) of the user's last question, which
states the topic, plus the single most specific word of the answer; without IDF, the last question itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.lexical import tokenize

_ANAPHORA = re.compile(
    r"^(og|men|så|hva med|hvordan med|what about|and)\b|"
    r"\b(det|dette|den|denne|de|dem|disse|deres|dets|der|slike|sånne|samme|it|they|them|this|that|those|these)\b",
    re.IGNORECASE,
)
MIN_CONTENT_TOKENS = 4
SUBJECT_WORDS = 4
QUESTION_WORDS = 5
ANSWER_WORDS = 1
ANSWER_CHARS = 600

Weigh = Callable[[str], float]  # how specific a word is (e.g. its IDF in the corpus)


def is_follow_up(question: str) -> bool:
    return bool(_ANAPHORA.search(question)) or len(set(tokenize(question, compounds=False))) < MIN_CONTENT_TOKENS


def salient_words(text: str, weigh: Weigh, n: int = SUBJECT_WORDS) -> list[str]:
    candidates = dict.fromkeys(w for w in re.findall(r"[\wæøåÆØÅ-]+", text) if len(w) >= 3 and not w.isdigit())
    ranked = sorted(candidates, key=lambda w: -weigh(w))
    return [w for w in ranked[:n] if weigh(w) > 0]


def condense_question(question: str, history: list[dict] | None, weigh: Weigh | None = None) -> str:
    """A standalone search question: the question itself, or with the previous exchange's subject."""
    turns = [t for t in history or [] if t.get("content")]
    previous = [t["content"] for t in turns if t.get("role") == "user"]
    if not previous or not is_follow_up(question):
        return question
    if weigh is None:
        return f"{question.strip()} ({previous[-1].strip()})"
    answers = [t["content"] for t in turns if t.get("role") == "assistant"]
    # the user's last question states the topic; the answer adds its most specific words
    subject = salient_words(previous[-1], weigh, QUESTION_WORDS)
    if answers:
        subject += [w for w in salient_words(answers[-1][:ANSWER_CHARS], weigh, ANSWER_WORDS) if w not in subject]
    asked = set(tokenize(question, compounds=False))
    subject = [w for w in subject if not set(tokenize(w, compounds=False)) <= asked]
    return f"{question.strip()} ({' '.join(subject)})" if subject else question
