"""Statements that stand under something: a bullet under its lead-in, a sentence that goes on about the one before.

A bullet under «Hva kan regjeringen gjøre?» is the government's proposal; «Forsøket er forlenget …» is about
the actor of the sentence before it, and «Dette …» cannot be read without that sentence (it is shown with it).
"""

from __future__ import annotations

import re

from assistant.drafting.actors import find_actors
from assistant.drafting.duties import (
    CONTINUATION_STRENGTH,
    LEAD_IN_STRENGTH,
    SUBJECT_STRENGTH,
    ActorRole,
    actor_roles,
    column,
)

# A lead-in that names who does what the bullets below it list: «Regjeringen vil:», «Hva kan KS gjøre?»,
# also without its question mark («Hva kan regjeringen gjøre»).
_LEAD_IN = re.compile(
    r"^[^\n]{0,80}\b(?:vil|kan|bør|skal|må|gjøre|foreslår|anbefaler)\b[^\n]{0,40}[:?]\s*$"
    r"|^\s*Hva (?:kan|bør|skal|må) [^\n]{1,60} gjøre\s*[?:]?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_BULLET = re.compile(r"^\s*[-–—•·*]\s|^\s*\d+\.\s")
_VERB_FIRST = re.compile(r"^[-–—•·*\s]*([A-ZÆØÅa-zæøå]+)\b")
_NOT_VERBS = frozenset(
    """de dette denne disse det der den en et ei alle andre mange flere noen hele samme store
unge gode nye eldre ulike egne begge svake hvite mye mer også etter ikke være blir ble kanskje like se""".split()
)


def lead_in_roles(sentence: str, preceding: str, list_item: bool = False) -> list[ActorRole]:
    r"""Roles for a bullet from the lead-in line above it («Hva kan regjeringen gjøre?» → staten).

    ``preceding`` is the text before the sentence; between the lead-in and the sentence there may only be
    list items. A bullet with an acting actor of its own keeps it but takes the lead-in's column; a bullet
    without one («Opprette en ordning …», «Forlengelse av AFT …») is the lead-in's actor's.

    >>> [(r.actor, r.role) for r in lead_in_roles("Opprette en ordning for arbeidsledere.", "Hva kan regjeringen gjøre?\n\n- Endre regelverket.\n\n")]
    [('staten', 'forslag')]
    """
    leads = list(_LEAD_IN.finditer(preceding))
    if not leads or not (list_item or _verb_first(sentence)):
        return []
    lead = leads[-1]
    between = [p for p in re.split(r"\n", preceding[lead.end() :]) if p.strip()]
    if not all(_BULLET.match(p) or _verb_first(p) for p in between):
        return []
    if between and not _BULLET.match(between[-1]) and not preceding.rstrip(" \t").endswith("\n"):
        return []  # a later sentence of a prose paragraph under the list
    lead_actors = [m.actor for m in find_actors(lead.group())]
    if not lead_actors:
        return []
    role, _rule = column(lead.group())
    if role == "ansvar" and re.search(r"\bkan\b", lead.group(), re.IGNORECASE):
        role = "forslag"  # «Hva kan X gjøre?» asks for proposals
    own = [r for r in actor_roles(sentence) if r.how in ("subjekt", "inversjon")]
    if own and not _verb_first(sentence):
        return [ActorRole(r.actor, role, SUBJECT_STRENGTH, "punkt under innledning", r.how, r.verb) for r in own]
    verb = " ".join(sentence.lstrip("-–—•·* ").split()[:4]).lower()  # «opprette en ordning for»
    return [ActorRole(lead_actors[0], role, LEAD_IN_STRENGTH, "punkt under innledning", "innledning", verb)]


def _verb_first(text: str) -> bool:
    first = _VERB_FIRST.match(text)
    if not first:
        return False
    word = first.group(1).lower()
    return word not in _NOT_VERBS and (word.endswith("e") or word in ("ta", "gå", "få", "gi", "nå", "se", "be"))


# Sentences whose subject is a pronoun or that go on about the sentence before («Dette …», «De …»,
# «Herunder …», «Alle ønsket …»): their meaning depends on that sentence.
_DEPENDS = re.compile(
    r"^(?:De|Den|Dette|Disse|Denne|Det|Dem|Herunder|Her|Også|I tillegg|For eksempel|Eksempelvis|Blant annet|"
    r"Samtidig|Videre|Dessuten|Slik|Alle|Flere|Mange|Noen|Han|Hun|Vi|Dermed|Derfor|Likevel|Dette gjelder)\b"
    r"|^[A-ZÆØÅ][a-zæøå]{2,}(?:et|en|ene)\s+(?:er|var|har|skal|vil|ble|blir|kan|gjelder)\b"
)
_IMPERSONAL = re.compile(r"^Det (?:er|var|finnes|fins|gis|vil|skal|kan|bør|må|har)\b")


def depends_on_previous(sentence: str) -> bool:
    """The sentence cannot be read alone: it opens with a pronoun or a link to what came before.

    «Det er viktig at …» (impersonal «det») stands alone; «Dette er …», «Alle ønsket at …» do not.
    """
    if _IMPERSONAL.match(sentence) or not _DEPENDS.match(sentence):
        return False
    return not find_actors(" ".join(sentence.split()[:2]))  # «Regjeringen vil …» names its own subject


# Only a pronoun or a definite noun for the actor's undertaking carries the actor on («De …», «Forsøket …»).
_CONTINUES = re.compile(
    r"^((?:Formålet|Målet|Hensikten) med (?:forsøket|prosjektet|ordningen|tiltaket|piloten|programmet|"
    r"arbeidet|samarbeidet|satsingen)|De|Disse|Den|Denne|Forsøket|Oppdraget|Prosjektet|Piloten|Pilotene|Ordningen|Tiltaket|Programmet|"
    r"Arbeidet|Kartleggingen|Satsingen|Strategien|Reformen|Rådet|Gruppen|Nettverket|Samarbeidet)\s+"
    r"(?:\w+\s+)?(?:har|hadde|skal|skulle|vil|kan|kunne|bør|må|er|var|ble|blir|får|fikk|gir|tilbyr|bistår|"
    r"jobber|arbeider|\w+er)\b"
)


def continued_roles(sentence: str, previous: list[ActorRole]) -> list[ActorRole]:
    """A sentence without an actor of its own that goes on about the previous one keeps its actors.

    >>> [r.actor for r in continued_roles("Forsøket er forlenget til utgangen av 2021.", [ActorRole("kommunen", "ansvar", 1.0)])]
    ['kommunen']
    """
    if not previous or not _CONTINUES.match(sentence):
        return []
    role, rule = column(sentence)
    verb = " ".join(sentence[match.end(1) :].split()[:4]).lower() if (match := _CONTINUES.match(sentence)) else ""
    return [
        ActorRole(r.actor, role, min(r.strength, CONTINUATION_STRENGTH), rule, "fortsetter forrige setning", verb)
        for r in previous
    ]
