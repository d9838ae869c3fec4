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


# What the actor's own verb chain says (the words right after it): a duty or task, a plan, something it can
# do, something it has done, a state. A duty phrase elsewhere in the sentence says less about this actor.
_DUTY_NOUN = r"(?:\w*ansvar\w*|\w*plikt\w*|oppgave\w*|\w*rolle\w*|mandat\w*|oppdrag\w*)"
_OWN_DUTY = re.compile(
    rf"^(?:skal (?!vurdere|utrede)|plikter |er (?:lovpålagt|pålagt|ansvarlig)|{_DUTY_NOUN}\b|"
    rf"(?:har|hadde|får|fikk|kan ha|skal ha|har fått|spiller)\b(?: \w+){{0,3}} {_DUTY_NOUN}\b|"
    r"(?:sørger|bistår|tilbyr|forvalter|finansierer|koordinerer|leder|følger|kartlegger|yter|hjelper|driver|"
    r"ivaretar|gir|tildeler|fatter|vurderer|behandler|utbetaler|samordner|veileder|støtter)\b)"
)
_OWN_PLAN = re.compile(
    r"^(?:vil|bør|foreslår|ønsker|anbefaler|tar sikte|planlegger|skal vurdere|skal utrede|mener|varsler|"
    r"har (?:lagt fram|foreslått|sendt)|vurderer|går inn for|tar initiativ)\b|^[a-zæøå]+e\b(?! \w+et\b)"
)
_CAN = re.compile(r"^(?:kan|kunne) (?!ikke\b)\w+")
_DONE = re.compile(
    r"^(?:har|hadde) (?:\w+ ){0,2}?\w+(?:et|t|tt|dd)\b|^(?!hadde\b)\w{3,}(?:et|te|de)\b|^(?:ga|fikk|tok|gikk)\b"
)
_PRESENT = re.compile(r"^(?!er\b|har\b)\w{3,}er\b")


class Ranked(Protocol):
    actor: str
    role: str
    text: str
    strength: float
    how: str
    context: str
    verb: str
    embedded: bool


def is_filler(text: str) -> bool:
    """Acknowledgements, institutional history, method and reference lines are never shown.

    >>> is_filler("Vi vil også få takke oppdragsgiver Arbeidsdepartementet."), is_filler("NAV skal tilby tiltak.")
    (True, False)
    """
    return bool(FILLER.search(text) or HEADING_GLUED.match(text))


def own_claim(statement: Ranked) -> float:
    """How plainly the actor's own clause states what it does or should do (0 … 0.6): its verb first, then
    the verbs coordinated with it, up to a clause of someone else («… at KVP skal …»).

    >>> own_claim(_Example("NAV-kontoret skal ta hensyn til barna.", "skal ta hensyn til barna"))
    0.6
    >>> own_claim(_Example("NAV-kontoret har ikke kontakt med barn, men kartlegger …", "har ikke kontakt med barn men kartlegger"))
    0.6
    >>> own_claim(_Example("NAV-kontorene hadde en orientering og et ønske om at KVP skal …", "hadde en orientering og et ønske om at kvp skal"))
    0.0
    """
    if statement.how == "innledning":
        return 0.5  # a bullet under «Hva kan regjeringen gjøre?»: the lead-in says who
    if statement.how == "agent":
        return 0.2  # «finansiert av staten»
    words = statement.verb.split()
    cut = next((i for i, w in enumerate(words) if w in _OTHER_CLAUSE), len(words))
    verbs = [" ".join(words[i:cut]) for i in range(cut) if i == 0 or words[i - 1] in ("og", "men", "samt")]
    plan = statement.role == "forslag"
    if any((_OWN_PLAN if plan else _OWN_DUTY).match(v) for v in verbs):
        return 0.6
    if any(_CAN.match(v) or _PRESENT.match(v) or _OWN_DUTY.match(v) for v in verbs):
        return 0.35  # what it can do, what it does
    if verbs and _DONE.match(verbs[0]):
        return 0.15  # what it has done
    return 0.0


_OTHER_CLAUSE = frozenset("at som der hvor når fordi hvis dersom slik".split())


def clarity(statement: Ranked) -> float:
    """How clearly the sentence states what its actor does or should do (0 … about 2.2)."""
    score = statement.strength + 0.5 * own_claim(statement)
    if DUTY_PHRASE.search(statement.text):
        score += 0.5
    if statement.how in ("subjekt", "genitiv", "innledning", "oppdrag"):
        score += 0.2
    if statement.embedded:
        score -= 0.25  # «Undersøkelsen viser at NAV …»: someone else's claim about the actor
    if NAMED.search(statement.text):
        score += 0.2
    if statement.context:
        score -= 0.2  # needs the sentence before it to be understood
    score -= max(0, len(statement.text) - READABLE) / 400
    return score


class _Example:
    """A bare statement for the doctests."""

    def __init__(self, text: str, verb: str, role: str = "ansvar", how: str = "subjekt") -> None:
        self.text, self.verb, self.role, self.how = text, verb, role, how
        self.actor, self.strength, self.context, self.embedded = "nav", 1.0, "", False


def choose_cells(
    pool: Iterable[Ranked],
    score: Callable[[Ranked], float],
    per_cell: int,
    section: Callable[[Ranked], tuple[str, ...]],
) -> dict[tuple[str, str], tuple[list[Ranked], int]]:
    """Per (actor, role): the best ``per_cell`` (all when 0) and how many there are in all.

    A sentence goes to the one cell where it scores best. ``section`` gives where a statement stands, coarse
    to fine (document, section): a cell first takes the best statement of each document, then of each
    section, then the best of the rest, so it is an overview of the sources rather than one passage.
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
    """One of near-identical sentences only: the same sentence in two extractions of one document, a
    sentence repeated with a word changed, a sentence that is a clause of another. The one kept takes the
    best rank of them but is the one that says the most (the most words), so nothing the others say is lost.
    """
    kept: list[tuple[Ranked, set[str]]] = []
    for s in ranked:
        words = set(_TOKEN.findall(s.text.lower()))
        same = next(
            (
                i
                for i, (_k, other) in enumerate(kept)
                if len(words & other) >= NEAR_DUPLICATE * min(len(words), len(other))
            ),
            None,
        )
        if same is None:
            kept.append((s, words))
        elif len(words) > len(kept[same][1]):
            kept[same] = (s, words)
    return [s for s, _w in kept]


def _spread(ranked: Sequence[Ranked], n: int, section: Callable[[Ranked], tuple[str, ...]]) -> list[Ranked]:
    if n <= 0 or n >= len(ranked):
        return list(ranked)
    chosen: list[Ranked] = []
    depth = max((len(section(s)) for s in ranked), default=0)
    for level in range(1, depth + 1):  # a round per level: one per document, then one per section
        seen = {section(s)[:level] for s in chosen}
        for s in ranked:
            if len(chosen) < n and s not in chosen and section(s)[:level] not in seen:
                chosen.append(s)
                seen.add(section(s)[:level])
    for s in ranked:  # then the best of the rest
        if len(chosen) < n and s not in chosen:
            chosen.append(s)
    return sorted(chosen, key=ranked.index)
