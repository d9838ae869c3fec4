"""Which statements a matrix cell shows: the clearest duties of that actor first, no filler, no repeats.

A statement is ranked by how clearly it states what its actor does or should do (the actor as the
grammatical subject, an explicit duty phrase, the actor named early, a sentence of readable length) and, in
a topic view, by its relevance to the topic. Filler — acknowledgements, the history of an institution,
research method, reference lines — is never shown. A sentence is shown once per view, in the cell of the
actor it is most clearly about.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

# Acknowledgements, institutional history, method and bibliography: not what anyone does about exclusion.
FILLER = re.compile(
    r"\b(?:takke[rs]?|takk til|takket|vi takker|stor takk)\b"
    r"|\b(?:stiftelse|instituttet|forskningsinstitutt\w*)\b.*\b(?:opprettet|etablert|stiftet|grunnlagt)\b"
    r"|\b(?:opprettet|etablert|stiftet|grunnlagt) (?:av|i) (?:\w+ ){0,3}(?:i )?(?:19|20)\d\d\b"
    r"|\b(?:informant\w*|intervju\w*|respondent\w*|spørreundersøkels\w*|fokusgruppe\w*|datainnsamling\w*|"
    r"datagrunnlag\w*|metodisk\w*|metoden|metode(?:r|ne)?|utvalget består|rapporten bygger|"
    r"vi har (?:gjennomført|intervjuet|snakket)|prosjektgruppen|referansegruppe\w*|oppdragsgiver\w*)\b"
    r"|^(?:Rapport|Dokument|Meld\. St\.|Prop\.|NOU|Se (?:mer|også|nærmere)|Kilde)\b"
    r"|\b(?:Rapport|NOU) \d{4}:\s?\d+\b|\bpkt\.? \d",
    re.IGNORECASE,
)
HEADING_GLUED = re.compile(r"^[A-ZÆØÅ]{3,}(?:\s+[A-ZÆØÅ]{2,})*\s+[A-ZÆØÅ][a-zæøå]")  # «ARBEIDSGIVERE Arbeids…»
DUTY_PHRASE = re.compile(
    r"\b(?:har|hadde|får|fikk|har fått|kan ha|skal ha)\s+(?:\w+\s+){0,3}?(?:\w*ansvar\w*|oppdrag\w*|"
    r"plikt\w*|\w*rolle\w*|oppgave\w*|mandat\w*)\b|\blovpålagt|\bplikt\b|\bskal\b|\bbistår\b|\btilbyr\b|"
    r"\bsørger for\b|\bfølger opp\b|\bforvalter\b|\bfinansierer\b|\bkoordinerer\b|\bleder\b|"
    r"\bi oppdrag\b|\boppdraget\b|\bansvaret for\b|\bbistår\b|\bsamordningsrolle\w*|\bnøkkelrolle\w*",
    re.IGNORECASE,
)
READABLE = 260  # characters; longer sentences lose a little
# A named programme, scheme or body mid-sentence («FACT ung», «VTA», «Jobbsjansen»): a specific statement.
NAMED = re.compile(r"(?<=\s)(?:[A-ZÆØÅ]{2,}[\w-]*|[A-ZÆØÅ][a-zæøå]+(?:[A-ZÆØÅ]\w*|-\w+))\b|«[^»]{3,40}»")


class Ranked(Protocol):
    actor: str
    role: str
    text: str
    strength: float
    how: str
    context: str


def is_filler(text: str) -> bool:
    """Acknowledgements, institutional history, method and reference lines are never shown.

    >>> is_filler("Vi vil også få takke oppdragsgiver Arbeidsdepartementet."), is_filler("NAV skal tilby tiltak.")
    (True, False)
    """
    return bool(FILLER.search(text) or HEADING_GLUED.match(text))


def clarity(statement: Ranked) -> float:
    """How clearly the sentence states what its actor does or should do (0 … about 2)."""
    score = statement.strength
    if DUTY_PHRASE.search(statement.text):
        score += 0.5
    if statement.how in ("subjekt", "genitiv", "innledning", "oppdrag"):
        score += 0.2
    if NAMED.search(statement.text):
        score += 0.2
    if statement.context:
        score -= 0.2  # needs the sentence before it to be understood
    score -= max(0, len(statement.text) - READABLE) / 400
    return score


def choose_cells(
    pool: Iterable[Ranked],
    score: Callable[[Ranked], float],
    per_cell: int,
    section: Callable[[Ranked], str],
) -> dict[tuple[str, str], tuple[list[Ranked], int]]:
    """Per (actor, role): the best ``per_cell`` (all when 0) and how many there are in all.

    A sentence goes to the one cell where it scores best; within a cell no two statements come from the same
    section while another section has one to offer, so a cell is an overview rather than one passage.
    """
    best: dict[str, Ranked] = {}
    for s in pool:
        if is_filler(s.text):
            continue
        if s.text not in best or score(s) > score(best[s.text]):
            best[s.text] = s
    by_cell: dict[tuple[str, str], list[Ranked]] = {}
    for s in _distinct(sorted(best.values(), key=score, reverse=True)):
        by_cell.setdefault((s.actor, s.role), []).append(s)
    chosen: dict[tuple[str, str], tuple[list[Ranked], int]] = {}
    for key, statements in by_cell.items():
        ranked = sorted(statements, key=score, reverse=True)
        chosen[key] = (_spread(ranked, per_cell, section), len(ranked))
    return chosen


_TOKEN = re.compile(r"\w+")
NEAR_DUPLICATE = 0.75  # share of the shorter sentence's words in the longer one


def _distinct(ranked: Sequence[Ranked]) -> list[Ranked]:
    """The best of near-identical sentences only: the same sentence in two extractions of one document, a
    sentence repeated with a word changed, a sentence that is a clause of another."""
    kept: list[tuple[Ranked, set[str]]] = []
    for s in ranked:
        words = set(_TOKEN.findall(s.text.lower()))
        if any(len(words & other) >= NEAR_DUPLICATE * min(len(words), len(other)) for _k, other in kept):
            continue
        kept.append((s, words))
    return [s for s, _w in kept]


def _spread(ranked: Sequence[Ranked], n: int, section: Callable[[Ranked], str]) -> list[Ranked]:
    if n <= 0 or n >= len(ranked):
        return list(ranked)
    chosen: list[Ranked] = []
    sections: set[str] = set()
    for s in ranked:  # first round: one per section
        if len(chosen) < n and section(s) not in sections:
            chosen.append(s)
            sections.add(section(s))
    for s in ranked:  # then the best of the rest
        if len(chosen) < n and s not in chosen:
            chosen.append(s)
    return sorted(chosen, key=ranked.index)
