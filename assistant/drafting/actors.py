"""The actors of the field, as a curated lexicon: who can be said to do what.

Each actor has the spellings the documents use — definite and plural forms, abbreviations, the names of
their offices and services — and the OCR damage that survives repair («kornmunen», «fylkeskornmunen»,
«vel- ferdsetaten»). When two actors match overlapping words, the longer match wins, so
«Arbeids- og velferdsdirektoratet» is NAV and not a generic directorate, and «fylkeskommunen» is never
«kommunen».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

_M = r"(?:m|rn)"  # OCR reads «m» as «rn»
_HYPHEN = r"-?\s?"  # a line-break hyphen the repair missed: «vel- ferdsetaten»


@dataclass(frozen=True)
class Actor:
    key: str
    label: str  # as shown in the matrix, Norwegian
    patterns: tuple[str, ...]
    case_sensitive: tuple[str, ...] = ()  # abbreviations that are words in lower case («Nav», «KS»)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.patterns), re.IGNORECASE)

    @cached_property
    def exact_regex(self) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{p})" for p in self.case_sensitive)) if self.case_sensitive else None


ACTORS: tuple[Actor, ...] = (
    Actor(
        "nav",
        "NAV (Arbeids- og velferdsetaten)",
        (
            rf"\barbeids-\s?og\s+vel{_HYPHEN}ferds{_HYPHEN}(?:etat|forvaltning|direktorat|kontor)\w*",
            r"\bnav-?\s?kontor\w*",
            r"\bnav-veileder\w*",
            r"\bveiledere?n?e? i nav\b",
        ),
        (r"\bNAV\b(?![-–]reform)", r"\bNav\b(?![-–]reform)"),
    ),
    Actor(
        "kommunen",
        "Kommunen",
        (
            rf"\bko{_M}{_M}une(?:n|ne|r|ns|nes|rs)?\b",
            rf"\bko{_M}{_M}unesektor\w*",
            r"\bbydel(?:en|ene|er)?\b",
            r"\bkommunal regi\b",
            rf"\bko{_M}{_M}unal(?:e)? (?:tjenest|sosialtjenest|helse- og omsorgstjenest)\w*",
            r"\bsosialtjenesten\b",
            r"\bbarnevern(?:et|stjenesten)\b",
            r"\bboligkontor\w*",
        ),
        (r"\b[A-ZÆØÅ][a-zæøå]+ [Kk]ommune\b",),
    ),
    Actor(
        "fylkeskommunen",
        "Fylkeskommunen",
        (rf"\bfylkes?{_HYPHEN}ko{_M}{_M}un\w*", r"\boppfølgingstjenest\w*", r"\bfylkeskommunal\w*"),
    ),
    Actor(
        "staten",
        "Staten (regjeringen, departementene, statsforvalteren)",
        (
            r"\bstaten\b",
            r"\bstatens\b",
            r"\bregjering(?:en|ens)?\b",
            r"\bstortinget\b",
            r"\b(?:[\wæøå]+-\s?og\s+)?[\wæøå]*departement(?:et|ene|ets)?\b",
            r"\bstatsforvalter\w*",
            r"\bfylkesmann(?:en)?\b",
            r"\bstatlig(?:e)?\b",
            r"\bstatsråd(?:en)?\b",
        ),
    ),
    Actor(
        "direktoratene",
        "Direktoratene (Udir, Helsedirektoratet, IMDi, Bufdir m.fl.)",
        (
            r"\b(?:[\wæøå]+-,?\s?(?:[\wæøå]+-\s)?og\s+)?[\wæøå]*direktorat(?:et|ene|ets|er)?\b",
            r"\bhusbanken\b",
            r"\bkompetanse norge\b",
            r"\bhk-dir\b",
        ),
        (r"\bUdir\b", r"\bIMDi\b", r"\bBufdir\b", r"\bHdir\b"),
    ),
    Actor("ks", "KS (kommunesektorens organisasjon)", (r"\bkommunesektorens organisasjon\b",), (r"\bKS\b(?!-)",)),
    Actor(
        "arbeidsgivere",
        "Arbeidsgivere og næringsliv",
        (
            r"\barbeidsgiver\w*",
            r"\bbedrift(?:en|ene|er)?\b",
            r"\bnæringsliv\w*",
            r"\bnæringsforening\w*",
            r"\bpartene i arbeidslivet\b",
            r"\barbeidslivets parter\b",
            r"\bhovedorganisasjon\w*",
        ),
        (r"\bNHO\b", r"\bLO\b", r"\bVirke\b"),
    ),
    Actor(
        "helsetjenesten",
        "Helsetjenesten",
        (
            r"\b(?:spesialist|skole)?helsetjenest\w*",
            r"\bhelse-\s?og\s+omsorgstjenest\w*",
            r"\bfastleg\w*",
            r"\bhelseforetak\w*",
            r"\bpsykisk helsevern\b",
            r"\bhelsevesen\w*",
            r"\bhelsesektor\w*",
            r"\bbehandler(?:e|en|ne)\b",
            r"\bhelsestasjon\w*",
        ),
        (r"\bDPS\b",),
    ),
    Actor(
        "utdanning",
        "Utdanningssektoren (skole, videregående, høyere utdanning)",
        (
            r"\bskole(?:n|ne|r|eier\w*)?\b",
            r"\bgrunnskole\w*",
            r"\bvideregående (?:skole|opplæring)\w*",
            r"\bbarnehage(?:n|ne|r)?\b",
            r"\buniversitet\w*",
            r"\bhøyskole\w*",
            r"\bhøgskole\w*",
            r"\butdanningsinstitusjon\w*",
            r"\bvoksenopplæring\w*",
            r"\bopplæringskontor\w*",
            r"\bfagskole\w*",
            r"\butdanningssektor\w*",
            r"\blærer(?:e|en|ne)\b",
        ),
    ),
    Actor(
        "frivillige",
        "Frivillige organisasjoner og sosiale entreprenører",
        (
            r"\bfrivillig(?:e|heten)?\s+(?:organisasjon\w*|sektor\w*|aktør\w*|lag)\b",
            r"\bfrivilligheten\b",
            r"\bsosiale? entreprenør\w*",
            r"\bsosialt entreprenørskap\b",
            r"\bideelle\s+(?:aktør|organisasjon|virksomhet)\w*",
            r"\bsivilsamfunn\w*",
            r"\brøde kors\b",
            r"\bkirkens bymisjon\b",
            r"\bfrelsesarmeen\b",
            r"\bbrukerorganisasjon\w*",
        ),
    ),
    Actor(
        "tiltaksarrangorer",
        "Tiltaksarrangører og arbeidsmarkedsbedrifter",
        (
            r"\barbeidsmarkedsbedrift\w*",
            r"\btiltaksarrangør\w*",
            r"\bvekstbedrift\w*",
            r"\bskjermede? virksomhet\w*",
            r"\bVTA-bedrift\w*",
            r"\barbeids- og inkluderingsbedrift\w*",
            r"\btiltaksbedrift\w*",
        ),
    ),
)
ACTOR_BY_KEY = {a.key: a for a in ACTORS}


@dataclass(frozen=True, slots=True)
class ActorMention:
    actor: str  # Actor.key
    start: int
    end: int
    text: str


def find_actors(text: str) -> list[ActorMention]:
    """Every actor mention, left to right; of overlapping matches the longest wins.

    >>> [m.actor for m in find_actors("Arbeids- og velferdsdirektoratet og fylkeskommunen skal samarbeide")]
    ['nav', 'fylkeskommunen']
    """
    found: list[ActorMention] = []
    for actor in ACTORS:
        for regex in (actor.regex, actor.exact_regex):
            if regex is None:
                continue
            found += [ActorMention(actor.key, m.start(), m.end(), m.group()) for m in regex.finditer(text)]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[ActorMention] = []
    for mention in sorted(found, key=lambda m: -(m.end - m.start)):
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def actor_keys(text: str) -> list[str]:
    """The actors a text mentions, in order of first mention."""
    return list(dict.fromkeys(m.actor for m in find_actors(text)))


# What an actor is said to do: verbs of responsibility and action, and the modal verbs of plans and proposals.
_ROLE_CUE = re.compile(
    r"\b(?:ansvar\w*|oppgave\w*|rolle\w*|plikt\w*|oppdrag\w*|mandat\w*|skal|skulle|vil|bør|burde|må|kan|kunne|"
    r"sørge\w*|bistå\w*|tilby\w*|følge[rs]?|fulgt|samarbeid\w*|samordn\w*|koordiner\w*|finansier\w*|"
    r"etabler\w*|igangsa\w*|iverksett\w*|driv\w*|gir|gi|gitt|ga|få|får|fått|fikk|utvikl\w*|videreføre\w*|"
    r"tilrettelegg\w*|legge\w*|styrke\w*|vurdere\w*|kartlegg\w*|foreslå\w*|anbefal\w*|prioriter\w*|jobbe\w*|"
    r"arbeider|hjelpe\w*|støtte\w*|tildel\w*|forvalt\w*|sikre\w*|bidra\w*|ivareta\w*|ansett\w*|veilede\w*|"
    r"tilsyn\w*|godkjenn\w*|bevilg\w*|satse\w*|opprett\w*|innføre\w*|lede[rt]?|ledet|betal\w*|dekke\w*|"
    r"tilbud\w*|trygge\w*|dele\w*|spre\w*|informere\w*|utrede\w*|undersøke\w*|pilot\w*|tilsett\w*|"
    r"organiser\w*|forebygge\w*|tilpasse\w*|motta\w*|yte[rs]?|behandle\w*|følger|delta\w*)\b",
    re.IGNORECASE,
)
# Nouns of responsibility: a sentence that names an actor and one of these is about the actor's role,
# wherever the words stand («… organisert som et tverretatlig samarbeid i Utdanningsdirektoratet …»).
_DUTY_NOUN = re.compile(
    r"\b(?:ansvar\w*|oppgave\w*|rolle[nr]?|oppdrag\w*|mandat\w*|plikt\w*|samarbeid\w*|"
    r"samordning\w*|regi)\b",
    re.IGNORECASE,
)
_PROPOSAL = re.compile(
    r"\b(?:vil|bør|burde|må|kan|kunne|foreslå\w*|anbefal\w*|ønsker|ber|oppfordr\w*)\b", re.IGNORECASE
)
_WORD = re.compile(r"\w+(?:-\w+)*", re.UNICODE)
# A lead-in that names who does what the bullets below it list: «Regjeringen vil:», «Hva kan KS gjøre?»
_LEAD_IN = re.compile(
    r"^[^\n]{0,80}\b(?:vil|kan|bør|skal|må|gjøre|foreslår|anbefaler)\b[^\n]{0,40}[:?]\s*$", re.IGNORECASE | re.MULTILINE
)
_VERB_FIRST = re.compile(r"^[-–—•·*\s]*([A-ZÆØÅa-zæøå]+)\b")
_NOT_VERBS = frozenset(
    """de dette denne disse det der den en et ei alle andre mange flere noen hele samme store
unge gode nye eldre ulike egne begge svake hvite mye mer også etter ikke være blir ble kanskje like se""".split()
)
_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:men|mens|samtidig som)\b")
_PREPOSITIONS = frozenset(
    """av i på fra til med mot for om ved hos under etter mellom blant gjennom overfor
uten innen rundt langs""".split()
)
AGENT_BEFORE = 8  # an actor this many words before a cue is its subject («Kommunene har et ansvar …»)
AGENT_AFTER = 2  # … or this many words after it, in inverted word order («I 2019 igangsatte Helsedirektoratet …»)
DUTY_NOUN_STRENGTH = 0.7
LEAD_IN_STRENGTH = 0.8
CONTINUATION_STRENGTH = 0.6
ROLES = {"ansvar": "Ansvar og oppgaver", "forslag": "Planer og forslag (vil, bør, kan)"}
# Sentences that go on about what the sentence before them said: pronouns, «for eksempel», and a
# definite noun in first position («Forsøket …», «Formålet …», «Rådet …»).
_CONTINUES = re.compile(
    r"^(?:De|Den|Dette|Disse|Denne|Herunder|Også|I tillegg|For eksempel|Eksempelvis|"
    r"Blant annet|Samtidig|Videre|Dessuten|Slik)\b|^[A-ZÆØÅ][a-zæøå]{2,}(?:et|en|ene)\b"
)


@dataclass(frozen=True, slots=True)
class ActorRole:
    actor: str
    role: str  # a key of ROLES
    strength: float  # 1.0 the subject of a cue; less for a lead-in line, a duty noun, a continuation


def actor_roles(sentence: str) -> list[ActorRole]:
    """Who the sentence says does (or should do) something, and whether it is a duty or a plan/proposal.

    >>> [(r.actor, r.role) for r in actor_roles("Kommunene har et ansvar for å hjelpe de som ikke selv klarer å skaffe seg bolig.")]
    [('kommunen', 'ansvar')]
    >>> [(r.actor, r.role) for r in actor_roles("KS kan bistå kommunene med å dele erfaringer.")]
    [('ks', 'forslag')]
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(sentence)]
    if not words:
        return []
    cues = [i for i, (s, e) in enumerate(words) if _ROLE_CUE.fullmatch(sentence[s:e])]
    if not cues:
        return []
    roles: dict[str, ActorRole] = {}
    mentions = find_actors(sentence)
    starts = [_word_index(words, m.start) for m in mentions]
    for mention, first in zip(mentions, starts):
        last = _word_index(words, mention.end - 1)
        if _object_of_preposition(sentence, words, first):
            continue  # «ved avslutningen av grunnskolen får …»: an object, not who acts
        if any(
            s < c < first and not _CLAUSE_BREAK.search(sentence[words[c][1] : mention.start])
            for s in starts
            for c in cues
        ):
            continue  # «KS kan bistå kommunene …»: after another actor's verb in the same clause
        # after the verb only in inverted order, when no actor stands before it («KS kan bistå kommunene»)
        near = [
            c
            for c in cues
            if 0 < c - last <= AGENT_BEFORE or (0 < first - c <= AGENT_AFTER and not any(s < c for s in starts))
        ]
        if not near or mention.actor in roles:
            continue
        cue = min(near, key=lambda c: abs(c - last))
        between = sentence[words[min(cue, first)][0] : words[max(cue, last)][1]]
        role = "forslag" if _PROPOSAL.search(between) else "ansvar"
        roles[mention.actor] = ActorRole(mention.actor, role, 1.0)
    if _DUTY_NOUN.search(sentence):
        for key in actor_keys(sentence):
            if key not in roles:
                role = "forslag" if _PROPOSAL.search(sentence) else "ansvar"
                roles[key] = ActorRole(key, role, DUTY_NOUN_STRENGTH)
    return list(roles.values())


def continued_roles(sentence: str, previous: list[ActorRole]) -> list[ActorRole]:
    """A sentence without an actor of its own that goes on about the previous one keeps its actors.

    >>> [r.actor for r in continued_roles("Forsøket er forlenget til utgangen av 2021.", [ActorRole("kommunen", "ansvar", 1.0)])]
    ['kommunen']
    """
    if not previous or not _CONTINUES.match(sentence) or actor_keys(sentence.split(" ", 1)[0]):
        return []
    return [ActorRole(r.actor, r.role, min(r.strength, CONTINUATION_STRENGTH)) for r in previous]


def _object_of_preposition(sentence: str, words: list[tuple[int, int]], first: int) -> bool:
    """After a preposition, except the agent of a passive («finansiert av staten», «ledes av NAV»)."""
    before = [sentence[s:e].lower() for s, e in words[max(0, first - 2) : first]]
    if not before or before[-1] not in _PREPOSITIONS:
        return False
    passive = (
        before[-1] == "av"
        and len(before) == 2
        and (_ROLE_CUE.fullmatch(before[0]) or before[0].endswith(("es", "ert", "et")))
    )
    return not passive


def _word_index(words: list[tuple[int, int]], offset: int) -> int:
    for i, (_start, end) in enumerate(words):
        if offset < end:
            return i
    return len(words) - 1


def lead_in_roles(sentence: str, preceding: str) -> list[ActorRole]:
    r"""Roles for a verb-first bullet («Opprette en ordning …») from the lead-in line above it.

    ``preceding`` is the text before the sentence; between the lead-in and the sentence there may only be
    list items (paragraphs that start with a dash or a verb).

    >>> [(r.actor, r.role) for r in lead_in_roles("Opprette en ordning for arbeidsledere.", "Hva kan regjeringen gjøre?\n\n- Endre regelverket.\n\n")]
    [('staten', 'forslag')]
    """
    if not _verb_first(sentence):
        return []
    leads = list(_LEAD_IN.finditer(preceding))
    if not leads:
        return []
    lead = leads[-1]
    between = [p for p in re.split(r"\n\s*\n", preceding[lead.end() :]) if p.strip()]
    if not all(_BULLET.match(p) or _verb_first(p) for p in between):
        return []
    actors = actor_keys(lead.group())
    if not actors:
        return []
    role = "forslag" if _PROPOSAL.search(lead.group()) else "ansvar"
    return [ActorRole(actors[0], role, LEAD_IN_STRENGTH)]


_BULLET = re.compile(r"^\s*[-–—•·*]\s")


def _verb_first(text: str) -> bool:
    first = _VERB_FIRST.match(text)
    if not first:
        return False
    word = first.group(1).lower()
    return word not in _NOT_VERBS and (word.endswith("e") or word in ("ta", "gå", "få", "gi", "nå", "se", "be"))
