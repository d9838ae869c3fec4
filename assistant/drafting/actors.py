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
# Inflections only: «arbeidsgiveren», «arbeidsgivernes» are the actor, the compounds «arbeidsgiveransvar»,
# «bedriftsintern» are not («a compound that contains an actor's name is not that actor»).
_INFL = r"(?:e|en|er|et|ene|ne|ens|enes|ers|ets|s|es|r|rs|n|ns)?\b"


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
            rf"\barbeids-\s?og\s+vel{_HYPHEN}ferds{_HYPHEN}(?:etat|forvaltning|direktorat|kontor)" + _INFL,
            r"\bnav-?\s?kontor" + _INFL,
            r"\bnav-veileder" + _INFL,
            r"\bveiledere?n?e? i nav\b",
        ),
        (r"\bNAV\b(?![-–]reform)", r"\bNav\b(?![-–]reform)"),
    ),
    Actor(
        "kommunen",
        "Kommunen",
        (
            rf"\bko{_M}{_M}une(?:n|ne|r|ns|nes|rs)?\b",
            # compounds that are municipalities themselves («seks forsøkskommuner», «vertskommunen»)
            rf"\b(?:forsøks|pilot|vert|nabo|storby|bo|distrikts)ko{_M}{_M}une(?:n|ne|r|ns|nes|rs)?\b",
            rf"\bko{_M}{_M}unesektor" + _INFL,
            r"\bbydel(?:en|ene|er)?\b",
            r"\bkommunal regi\b",
            rf"\bko{_M}{_M}unal(?:e)? (?:tjenest|sosialtjenest|helse- og omsorgstjenest)(?:e|en|ene|er)\b",
            r"\bsosialtjenesten\b",
            r"\bbarnevern(?:et|stjenesten|tjenesten)\b",
            r"\bboligkontor" + _INFL,
        ),
        (r"\b[A-ZÆØÅ][a-zæøå]+ [Kk]ommune\b",),
    ),
    Actor(
        "fylkeskommunen",
        "Fylkeskommunen",
        (
            rf"\bfylkes?{_HYPHEN}ko{_M}{_M}une" + _INFL,
            # the county's service is «oppfølgingstjenesten»; «oppfølgingstjenester» are anyone's (NAV's)
            r"\boppfølgingstjenesten(?:e|s)?\b",
            r"\bfylkeskommunal(?:e)?\b",
        ),
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
            r"\bstatsforvalter" + _INFL,
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
            r"\barbeidsgiver" + _INFL,
            r"\bbedrift(?:en|ene|er)?\b",
            r"\bnæringsliv" + _INFL,
            r"\bnæringsforening" + _INFL,
            r"\bpartene i arbeidslivet\b",
            r"\barbeidslivets parter\b",
            r"\bhovedorganisasjon" + _INFL,
        ),
        (r"\bNHO\b", r"\bLO\b", r"\bVirke\b"),
    ),
    Actor(
        "helsetjenesten",
        "Helsetjenesten",
        (
            r"\b(?:spesialist|skole)?helsetjenesten(?:e|s)?\b",
            r"\bhelse-\s?og\s+omsorgstjenesten(?:e|s)?\b",
            r"\bfastlege(?:n|ne|r|ns|nes)?\b",
            r"\bhelseforetak" + _INFL,
            r"\bpsykisk helsevern\b",
            r"\bhelsevesen" + _INFL,
            r"\bhelsesektor" + _INFL,
            r"\bbehandler(?:e|en|ne)\b",
            r"\bhelsestasjon" + _INFL,
        ),
        (r"\bDPS\b",),
    ),
    Actor(
        "utdanning",
        "Utdanningssektoren (skole, videregående, høyere utdanning)",
        (
            r"\bskole(?:n|ne|r|eier(?:e|en|ne)?)?\b",
            r"\bgrunnskolen(?:e)?\b",
            r"\bvideregående skole(?:n|r|ne)?\b",
            r"\bbarnehage(?:n|ne|r)?\b",
            # «Universitetet i Oslo» founding an institute is one university, not the education sector
            r"\buniversitetene\b",
            r"\buniversitet(?:er)?(?=\s+og\s+h[øo][yg]skoler)",
            r"\buniversitets-\s?og\s+høy[gs]skole\w*",
            r"\bhøyskolene\b",
            r"\bhøgskolene\b",
            r"\butdanningsinstitusjon" + _INFL,
            r"\bvoksenopplæringen\b",
            r"\bopplæringskontor" + _INFL,
            r"\bfagskole" + _INFL,
            r"\butdanningssektor" + _INFL,
            r"\blærer(?:e|en|ne)\b",
        ),
    ),
    Actor(
        "frivillige",
        "Frivillige organisasjoner og sosiale entreprenører",
        (
            r"\bfrivillig(?:e|heten)?\s+(?:organisasjon\w*|sektor\w*|aktør\w*|lag)\b",
            r"\bfrivilligheten\b",
            r"\bsosiale? entreprenør" + _INFL,
            r"\bsosialt entreprenørskap\b",
            r"\bideelle\s+(?:aktør|organisasjon|virksomhet)" + _INFL,
            r"\bsivilsamfunn" + _INFL,
            r"\brøde kors\b",
            r"\bkirkens bymisjon\b",
            r"\bfrelsesarmeen\b",
            r"\bbrukerorganisasjon" + _INFL,
        ),
    ),
    Actor(
        "tiltaksarrangorer",
        "Tiltaksarrangører og arbeidsmarkedsbedrifter",
        (
            r"\barbeidsmarkedsbedrift" + _INFL,
            r"\btiltaksarrangør" + _INFL,
            r"\bvekstbedrift" + _INFL,
            r"\bskjermede? virksomhet" + _INFL,
            r"\bVTA-bedrift" + _INFL,
            r"\barbeids- og inkluderingsbedrift" + _INFL,
            r"\btiltaksbedrift" + _INFL,
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


def actor_roles(sentence: str):
    """Who the sentence says acts, and in which column (see :mod:`assistant.drafting.duties`)."""
    from assistant.drafting.duties import actor_roles as roles

    return roles(sentence)
