"""Does the chosen answer answer what was asked? Judged on the sentences the composer chose.

Retrieval always finds *something* on the documents' themes, so a near-miss question («Hvor mange
fikk fast jobb etter forsøket?» when the documents give only the number of participants) gets high
retrieval scores. What separates it is the answer itself: is the question's focus — the specific
thing it names — in the answering sentence, not just somewhere in the passage? Is the kind of answer
asked for there (a number of the asked unit, a date, an actor, a finding rather than a plan, a
paragraph)? Does the question name something the corpus never mentions, in any form?

The signals are combined by a logistic model whose weights and threshold are fitted on the dev sets
with cross-validation (``eval/fit_answerability.py`` writes ``answerability.json``); nothing here
is a word list drawn from the dev questions.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.compose import Composition
from assistant.focus import (
    PLAN,
    absent_shares,
    best_passage_share,
    best_sentence_share,
    focus_items,
    kind_offered,
    kind_with_top_focus,
    off_lead_share,
    offers,
    own_words,
    together_share,
    year_after,
    year_unreported,
)
from assistant.grounding import attached_share, passing_mention
from assistant.question import asked_unit, focus_terms
from assistant.specifics import known, novel_topic
from ingest.lexical import tokenize, words, zipf

MODEL_FILE = Path(__file__).with_name("answerability.json")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b(?:[A-ZÆØÅ]{2,}[\w-]*|[A-ZÆØÅ][a-zæøå]+(?:-[\wæøå]+)?)")
_COMMON_CAPITALISED = frozenset({"nav", "ks", "norge", "regjeringen", "stortinget", "i", "jeg"})
NOVEL_MIN_LENGTH = 5


@dataclass(frozen=True, slots=True)
class Signals:
    """What the judge reads; every field is in [0, 1] or a small count."""

    unknown: float  # names, quoted terms or years the corpus cannot speak to (count)
    novel: float  # share of the question's content words the corpus never uses, in any form
    coverage: float  # IDF-weighted share of question terms in the best passages
    similarity: float  # best e5 similarity of question and passage (NaN while the dense index is pending)
    focus_lead: float  # share of the question's focus words in the lead quote
    focus_answer: float  # … anywhere in the answer
    kind_ok: float  # the lead quote holds the kind of answer asked for (1 when none is asked)
    kinds_missing: float  # share of the question's parts whose kind no quote holds
    lead_overlap: float  # the lead quote's overlap with the question
    plans_only: float  # results asked, only plans quoted
    rare_lead: float  # share of the question's rare words (weighted by IDF²) in the lead quote
    year_missing: float  # the question names a year no quote holds
    name_missing: float  # share of the question's names (capitalised, acronyms) missing from the lead quote
    plan_lead: float  # results asked, and the lead quote plans or proposes without reporting a finding
    lead_passage_coverage: float  # IDF-weighted share of the question's terms in the lead quote's whole passage
    worst_aspect: float  # the least covered part of the question: share of its words in the answer
    focus_absent: float  # IDF-weighted share of the question's focus in none of the retrieved passages
    names_absent: float  # … of its names, acronyms and years (also for a question in English)
    focus_off_lead: float  # … that other passages hold but the lead quote's passage does not
    best_passage: float  # the largest IDF-weighted share of the question's terms one passage holds
    kind_offered: float  # share of the asked kinds a passage sentence offers next to the focus
    focus_together: float  # the largest IDF-weighted share of the focus one passage holds
    year_after: float  # a year later than the lead passage's document, which the passage does not mention
    kind_top_focus: float  # share of the asked kinds offered in a passage holding the most specific focus
    best_sentence: float  # the largest IDF-weighted share of the question's terms in a sentence of the asked kind
    year_unreported: float  # share of the question's years no passage sentence reports on (only plans, headings)
    attached: float  # share of the asked kinds offered in one sentence with the part's focus and years (grounding)
    passing: float  # the most specific focus is named by only one sentence (1) or two (½) of the passages
    novel_topic: float  # IDF share of the question held by words the corpus lacks and the passages never speak of

    def vector(self) -> list[float]:
        return list(asdict(self).values())


def novel_share(question: str, vocabulary: set[str], choices: tuple[str, ...] = ()) -> float:
    """Content words of the question that occur nowhere in the corpus, also not as an OCR-like variant."""
    content = [w for w in words(question) if len(w) >= NOVEL_MIN_LENGTH and not w.isdigit() and zipf(w) < 5.0]
    if not content:
        return 0.0
    return sum(not known(w, vocabulary, choices) for w in content) / len(content)


def signals(
    question: str,
    composition: Composition,
    coverage: float,
    similarity: float,
    unknown: int,
    vocabulary: set[str],
    choices: tuple[str, ...],
    idf: dict[str, float],
    plans_only: bool,
    lead_passage: str = "",
    sources: str = "",
    language: str = "nb",
    passages: tuple[str, ...] = (),
    lead_year: int | None = None,
    headings: tuple[str, ...] = (),
) -> Signals:
    """``lead_passage`` is the lead quote's whole passage; ``sources`` the titles of the passages (a name
    that only chose the document, such as «Kristiansand» for the KS note, need not be in the quote);
    ``passages`` the retrieved passages' texts, the titles included; ``lead_year`` the year of the lead
    quote's document; ``headings`` the passages' section headings."""
    asked = set(tokenize(question, compounds=False))
    focus = focus_terms(sorted(asked), lambda t: idf.get(t, 0.0), n=2)  # sorted: ties broken the same every run
    lead_text = " ".join(composition.texts(1))
    all_text = " ".join(composition.texts())
    lead_terms = set(tokenize(lead_text))
    all_terms = set(tokenize(all_text))
    aspects = composition.aspects
    unit = asked_unit(question)
    kind = aspects[0].kind if aspects else None
    kinds = [a.kind for a in aspects if a.kind]
    missing = sum(not any(offers(k, t) for t in composition.texts()) for k in kinds)
    lead = composition.scored[0] if composition.scored else None
    items = focus_items(own_words(question), idf, language)
    texts = list(passages) or [lead_passage]
    absent = absent_shares(items, texts)
    quotable = [c.text for sentences in composition.candidates.values() for c in sentences]
    by_passage = [[c.text for c in composition.candidates[k]] for k in sorted(composition.candidates)]
    list_items = [[c.item for c in composition.candidates[k]] for k in sorted(composition.candidates)]
    return Signals(
        unknown=float(unknown),
        novel=novel_share(question, vocabulary, choices) if language == "nb" else 0.0,  # English words are all novel
        coverage=coverage,
        similarity=similarity,
        focus_lead=_share(focus, lead_terms),
        focus_answer=_share(focus, all_terms),
        kind_ok=float(offers(kind, lead_text, unit)) if lead_text else 0.0,
        kinds_missing=missing / len(kinds) if kinds else 0.0,
        lead_overlap=lead.overlap if lead else 0.0,
        plans_only=float(plans_only),
        rare_lead=_weighted_share(asked, lead_terms, idf),
        year_missing=float(any(y not in all_text for y in _YEAR.findall(question))),
        name_missing=_names_missing(question, f"{lead_text} {sources}"),
        plan_lead=float(kind == "result" and bool(PLAN.search(lead_text)) and not offers("result", lead_text)),
        lead_passage_coverage=_idf_share({t for t in asked if t in idf}, set(tokenize(lead_passage)), idf),
        worst_aspect=min((_share(sorted(a.terms), all_terms) for a in aspects if a.terms), default=1.0),
        focus_absent=absent[0],
        names_absent=absent[1],
        focus_off_lead=off_lead_share(items, next((t for t in texts if lead_passage in t), lead_passage), texts),
        best_passage=best_passage_share(question, texts, idf),
        kind_offered=kind_offered([a.kind for a in aspects], items, quotable, unit),
        focus_together=together_share(items, texts),
        year_after=year_after(own_words(question), lead_year, lead_passage),
        kind_top_focus=kind_with_top_focus([a.kind for a in aspects], items, texts, unit),
        best_sentence=best_sentence_share(own_words(question), quotable, idf, kind),
        year_unreported=year_unreported(own_words(question), texts),
        attached=attached_share(question, aspects, by_passage, idf, language, headings),
        passing=passing_mention(question, by_passage, idf, language, list_items),
        novel_topic=novel_topic(question, texts, vocabulary, idf, choices) if language == "nb" else 0.0,
    )


def _idf_share(asked: set[str], found: set[str], idf: dict[str, float]) -> float:
    total = sum(idf[t] for t in asked)
    return sum(idf[t] for t in asked if t in found) / total if total else 1.0


def _weighted_share(asked: set[str], found: set[str], idf: dict[str, float]) -> float:
    weights = {t: idf.get(t, 0.0) ** 2 for t in asked}
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in found) / total if total else 1.0


def _names_missing(question: str, text: str) -> float:
    names = [n for n in _NAME.findall(question) if n.lower() not in _COMMON_CAPITALISED]
    if not names:
        return 0.0
    folded = text.lower()
    return sum(n.lower().split("-")[0][:5] not in folded for n in names) / len(names)


def _share(terms: list[str], found: set[str]) -> float:
    return sum(t in found for t in terms) / len(terms) if terms else 1.0


@dataclass(frozen=True, slots=True)
class Judge:
    """A logistic model over the signals: P(the documents do not answer the question)."""

    weights: tuple[float, ...]
    bias: float
    means: tuple[float, ...]
    scales: tuple[float, ...]
    threshold: float

    def probability(self, s: Signals) -> float:
        # a signal that cannot be measured (NaN: no vectors yet while the dense index is built) counts as average
        z = self.bias + sum(
            w * (x - m) / sc
            for w, x, m, sc in zip(self.weights, s.vector(), self.means, self.scales)
            if not math.isnan(x)
        )
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def declines(self, s: Signals) -> bool:
        return self.probability(s) >= self.threshold

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> Judge | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                tuple(data["weights"]),
                float(data["bias"]),
                tuple(data["means"]),
                tuple(data["scales"]),
                float(data["threshold"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None


# Which way each signal points: +1 when a larger value means the documents answer *less*. The fit keeps every
# weight on its side (a signal whose weight would flip is left out), so a few odd questions cannot teach the
# judge that, say, more of the question in the passages makes a refusal likelier.
DIRECTION = {
    "unknown": 1, "novel": 1, "coverage": -1, "similarity": -1, "focus_lead": -1, "focus_answer": -1,
    "kind_ok": -1, "kinds_missing": 1, "lead_overlap": -1, "plans_only": 1, "rare_lead": -1, "year_missing": 1,
    "name_missing": 1, "plan_lead": 1, "lead_passage_coverage": -1, "worst_aspect": -1, "focus_absent": 1,
    "names_absent": 1, "focus_off_lead": 1, "best_passage": -1, "kind_offered": -1, "focus_together": -1,
    "year_after": 1, "kind_top_focus": -1, "best_sentence": -1, "year_unreported": 1, "attached": 0, "passing": 1,
    "novel_topic": 1,
}  # fmt: skip
# 0: measured and reported, but left out of the fit. `attached` (the asked kind in one sentence with the part's focus)
# says again what `kind_ok` and `best_sentence` say: without it the out-of-fold abstention rose 0.840 → 0.896 at false
# abstention 0.036, and the held-out own set 0.744 → 0.769 (own2 0.680 both). Chosen on the dev folds, so the
# out-of-fold figure is a little optimistic; the held-out sets were not used for the choice.


def fit(
    vectors: list[list[float]],
    labels: list[int],
    l2: float = 1.0,
    iterations: int = 60,
    signs: list[int] | None = None,
) -> tuple[list[float], float, list[float], list[float]]:
    """Logistic regression on standardised signals (balanced classes, L2 penalty); with ``signs``, every
    weight keeps its sign or is dropped (the most wrong first, then refitted), and a sign 0 leaves its signal out."""
    import numpy as np

    x = np.asarray(vectors, dtype=float)
    active = np.ones(x.shape[1], dtype=bool) if not signs else np.asarray([sign != 0 for sign in signs], dtype=bool)
    while True:
        weights, bias, means, scales = _newton(x[:, active], labels, l2, iterations)
        full = np.zeros(x.shape[1])
        full[active] = weights
        wrong = [] if signs is None else [(full[k] * signs[k], k) for k in range(len(full)) if full[k] * signs[k] < 0]
        if not wrong:
            break
        active[min(wrong)[1]] = False
    all_means, all_scales = x.mean(0), x.std(0) + 1e-6
    return list(full), bias, list(all_means), list(all_scales)


def _newton(x, labels: list[int], l2: float, iterations: int) -> tuple[list[float], float, list[float], list[float]]:
    """Newton's method for the penalised, class-balanced logistic loss."""
    import numpy as np

    y = np.asarray(labels, dtype=float)
    means, scales = x.mean(0), x.std(0) + 1e-6
    z = np.hstack([(x - means) / scales, np.ones((len(x), 1))])
    positive = max(y.mean(), 1e-6)
    sample_weight = np.where(y > 0, 0.5 / positive, 0.5 / max(1 - positive, 1e-6))
    w = np.zeros(z.shape[1])
    penalty = np.eye(z.shape[1]) * l2
    penalty[-1, -1] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(z @ w, -30, 30)))
        gradient = z.T @ (sample_weight * (p - y)) + penalty @ w
        hessian = (z * (sample_weight * p * (1 - p))[:, None]).T @ z + penalty
        w -= np.linalg.solve(hessian, gradient)
    return list(w[:-1]), float(w[-1]), list(means), list(scales)
