"""Who acts in a sentence, grammatically, and whether it states a duty or a plan — by meaning.

The actor of a statement is the subject of an active verb (also in inverted word order, «I 2019 igangsatte
Helsedirektoratet …»), the holder of a duty in the genitive («kommunens ansvar»), or the agent of a passive
(«finansiert av staten»). An actor that is merely mentioned — the object of a verb or a preposition, the
subject of a passive («Ved behov kan KS … trekkes inn») — is not the actor. The column is decided by the
meaning of the actor's clause: present responsibility («har ansvar», «kan ha ansvar for», «er lovpålagt»,
«skal») against intention and proposal («vil», «foreslår», «bør», «vurdere», «tar sikte på»). Every decision
names the rule that made it (:attr:`ActorRole.rule`), so a report can list them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.drafting.actors import ActorMention, find_actors

ROLES = {"ansvar": "Ansvar og oppgaver", "forslag": "Planer og forslag (vil, bør, foreslår)"}
SUBJECT_STRENGTH = 1.0
GENITIVE_STRENGTH = 0.9
LEAD_IN_STRENGTH = 0.9
CONTINUATION_STRENGTH = 0.5

_WORD = re.compile(r"\w+(?:-\w+)*", re.UNICODE)
_PREPOSITIONS = frozenset(
    """av i på fra til med mot for om ved hos under etter mellom blant gjennom overfor uten innen rundt langs
enn inkludert herunder via bl.a hvor""".split()
)
# Finite verbs that need no ending rule (modals, auxiliaries, short strong verbs).
_FINITE = frozenset(
    """har hadde skal skulle kan kunne vil ville bør burde må måtte får fikk er var blir ble gir ga tar tok går
gikk ser så står stod sto sier sa gjør gjorde vet""".split()
)
_NOT_FINITE = frozenset(
    """eller etter under over mer der her heller andre hver enter vinter alder grenser saker tjenester
oppgaver personer brukere ansatte tiltak kommuner fylkeskommuner direktorater bedrifter etater veiledere
helt flere mange noen samme hele sammen også ikke bare både dette denne disse dere blant unge ungdom mellom andre""".split()
)
_DEPONENT = frozenset("lykkes synes finnes trives minnes kjennes møtes skjer".split())
_ADVERBS = frozenset(
    """også ikke nå allerede fortsatt derfor dessuten gjerne ofte alltid primært særlig
spesielt først selv likevel""".split()
)
_PARTICLES = frozenset("opp fram frem videre igjen".split())  # «følges opp av …» (not «ut av skolen»)
_COORD = frozenset("og eller samt både som".split())
_DUTY_NOUN = re.compile(r"^(?:\w*ansvar\w*|oppgave\w*|rolle[nr]?|plikt\w*|oppdrag\w*|mandat\w*)$", re.IGNORECASE)
# Sentence openers after which a finite verb comes before its subject.
_FRONTED = frozenset(
    """i på fra ved gjennom etter som for med under innen siden nå da derfor dessuten også samtidig videre
i tillegg hvis når dersom fordi""".split()
)

# Meaning of the clause. Each pattern is a named rule; the first that matches decides.
_RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "plikt eller ansvar nå",
        "ansvar",
        re.compile(
            r"\b(?:har|hadde|fikk|får|kan ha|skal ha|har fått)\s+(?:\w+\s+){0,3}?(?:\w*ansvar\w*|oppdrag\w*|"
            r"plikt\w*|rolle\w*|oppgave\w*|mandat\w*)\b|\ber lovpålagt|\bplikter\b",
            re.IGNORECASE,
        ),
    ),
    (
        "hensikt eller forslag",
        "forslag",
        re.compile(
            r"\b(?:vil|ville|bør|burde|foreslår|foreslås|foreslo|anbefaler|anbefales|vurdere\w*|planlegger|"
            r"tar sikte på|tas sikte på|ta sikte på|tar initiativ|ta initiativ|ønsker|"
            r"etterlyser|etterlyste|mener|mente|skal utredes|skal vurderes|skal prøves|prøves ut|"
            r"utrede\w*|åpne for|bes om|lagt fram|legger fram|sendt på høring|sender på høring|forslag om|ønsket at|ønsker at|mente at|mener at|foreslo at|skulle ha)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "krav i lovtekst",
        "ansvar",
        re.compile(
            r"\b(?:\w+loven|lov|§|forskrift\w*|lovpålagt\w*|i henhold til|i medhold av)\b|\bplikt(?:en)?\b",
            re.IGNORECASE,
        ),
    ),
    (
        "krav eller behov («må»)",
        "forslag",
        re.compile(r"\b(?:må|måtte|forutsetter|en forutsetning for)\b", re.IGNORECASE),
    ),
    ("«skal» om en plikt", "ansvar", re.compile(r"\bskal\b", re.IGNORECASE)),
)
DEFAULT_RULE = "det aktøren gjør eller har gjort"


@dataclass(frozen=True, slots=True)
class ActorRole:
    actor: str
    role: str  # a key of ROLES
    strength: float  # 1.0 the grammatical subject; less for a genitive, a lead-in line, a continuation
    rule: str = DEFAULT_RULE  # the column rule that decided (for the decision report)
    how: str = "subjekt"  # why this actor is the one acting
    verb: str = ""  # the words after the actor, its verb first (for ranking how clearly it states a duty)
    embedded: bool = False  # the actor's clause is a that-clause («Det er viktig at NAV …»)


def column(clause: str) -> tuple[str, str]:
    """(role, rule): the column a clause goes in by its meaning.

    >>> column("Både barneverntjenesten og NAV-kontoret kan ha ansvar for ungdom")
    ('ansvar', 'plikt eller ansvar nå')
    >>> column("Regjeringen vil vurdere å endre regelverket")
    ('forslag', 'hensikt eller forslag')
    """
    for name, role, pattern in _RULES:
        if pattern.search(clause):
            return role, name
    return "ansvar", DEFAULT_RULE


def actor_roles(sentence: str) -> list[ActorRole]:
    """The actors the sentence says act, each with the column of its clause.

    >>> [(r.actor, r.role) for r in actor_roles("Kommunene har et ansvar for å hjelpe de som ikke selv klarer å skaffe seg bolig.")]
    [('kommunen', 'ansvar')]
    >>> [r.actor for r in actor_roles("Ved behov kan KS, fylkeskommuner og øvrige direktorater trekkes inn i samarbeidet.")]
    []
    """
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(sentence)]
    if not words:
        return []
    lower = [w[2].lower() for w in words]
    roles: dict[str, ActorRole] = {}
    for group in _groups(sentence, words, find_actors(sentence)):
        first, last = group[0][1], group[-1][2]
        how = _position(sentence, words, lower, first, last)
        if how is None:
            continue
        clause = _clause(sentence, words, first, last)
        role, rule = column(clause)
        strength = GENITIVE_STRENGTH if how == "genitiv" else SUBJECT_STRENGTH
        verb = " ".join(_next_words(sentence, words, lower, last, 12))
        embedded = "at" in lower[:first]
        for mention, _f, _l in group:
            if mention.actor not in roles:
                roles[mention.actor] = ActorRole(mention.actor, role, strength, rule, how, verb, embedded)
    return list(roles.values())


def _groups(
    sentence: str, words: list[tuple[int, int, str]], mentions: list[ActorMention]
) -> list[list[tuple[ActorMention, int, int]]]:
    """Coordinated actors share one position: «Både barneverntjenesten og NAV-kontoret kan …»."""
    indexed = [(m, _index(words, m.start), _index(words, m.end - 1)) for m in mentions]
    groups: list[list[tuple[ActorMention, int, int]]] = []
    for item in indexed:
        if groups:
            prev_last = groups[-1][-1][2]
            between = [w[2].lower() for w in words[prev_last + 1 : item[1]]]
            gap = sentence[words[prev_last][1] : words[item[1]][0]]
            joined = (
                len(between) <= 2
                and any(w in ("og", "eller", "samt") for w in between) | (not between and "," in gap)
                and all(w in _COORD or len(between) == 2 and w in ("øvrige", "andre", "de") for w in between)
            )
            if joined:
                groups[-1].append(item)
                continue
        groups.append([item])
    return groups


def _position(sentence: str, words: list[tuple[int, int, str]], lower: list[str], first: int, last: int) -> str | None:
    """Why the actor group acts («subjekt», «inversjon», «genitiv», «agent»), or None when it is mentioned only."""
    before = lower[first - 1] if first > 0 else ""
    mention_text = sentence[words[first][0] : words[last][1]]
    following = _next_words(sentence, words, lower, last)
    verb_at = first - 3 if first >= 3 and lower[first - 2] in _PARTICLES else first - 2
    if before == "av" and verb_at >= 0 and _participle_or_passive(lower[verb_at]):
        return "agent"  # «finansiert av staten», «ledes av NAV», «følges opp av oppfølgingstjenesten»
    if before in ("gitt", "gi", "gir", "ga") and following[:2] == ["i", "oppdrag"]:
        return "oppdrag"  # «har gitt statsforvalteren i oppdrag å …»: the one given the task
    if (
        before in ("gjør", "gjorde")
        and following[:1] in (["egnet"], ["i"])
        or following[:2]
        in (
            ["godt", "egnet"],
            ["best", "egnet"],
            ["bedre", "egnet"],
        )
        and before in ("gjør", "gjorde")
    ):
        return "subjekt"  # «… gjør kommunene godt egnet til å gi tidlig innsats»: what the actor is fit to do
    if mention_text.lower().endswith("regi"):
        return "agent"  # «videreføres i kommunal regi»: run by the municipality
    opening = _look_back(sentence, words, lower, first)
    if opening == "preposition":
        return None  # «mot både arbeidsgivere …», «i 132 kommuner»: the object of a preposition
    if mention_text.lower().endswith("s") and following and _DUTY_NOUN.match(following[0]):
        return "genitiv"  # «kommunens ansvar», «statens oppgave»
    if mention_text.lower().endswith("s") and following and not _finite(following[0]):
        return None  # «statens vedtak», «bedriftenes insentiver»: a modifier, not who acts
    verb = following[0] if following and _finite(following[0]) else None
    if verb in _EXPERIENCE:
        return None  # «arbeidsgiver opplever usikkerhet»: what the actor feels, not what it does
    if _purpose_clause(lower, first):
        return None  # «for å sikre at NAV kan ivareta oppgavene»: a purpose, not a statement about NAV
    if verb in ("er", "var", "blir", "ble") and not _COPULA_ROLE.search(" ".join(following[1:8])):
        return None  # «mange kommuner var i en prosess …», «NAV-kontorene er randomisert»: a state, not a duty
    if verb is not None and opening == "clause":
        chain = following[:4]
        if _passive_chain(chain):
            return None  # the subject of a passive is acted upon
        if _receives(chain):
            return None  # «Kommunene fikk muligheten til å søke …», «bedriftene må få hjelp»: a recipient
        return "subjekt"
    if opening == "verb" and _fronted_opening(lower, first - 1) and _first_finite(lower) == _verb_before(lower, first):
        after = following[:3]
        if _passive_chain([before, *after]):
            return None  # «Ved behov kan KS … trekkes inn»
        if before in ("er", "var") and (after[:1] == ["i"] or not after):
            return None
        return "inversjon"  # «I 2019 igangsatte Helsedirektoratet …»
    return None


_COPULA_ROLE = re.compile(
    r"\b(?:\w*ansvar\w*|\w*plikt\w*|pålagt|lovpålagt|rolle\w*|oppgave\w*|oppdrag\w*|pådriver|\w*partner\w*|"
    r"i (?:kontakt|gang|dialog)|tilbyder|aktør\w*|bidrar|\w*ansvarlig)\b"
)
_MODIFIERS = frozenset(
    """både alle de den det disse dette denne en et ei andre enkelte flere mange noen ulike øvrige sine sin sitt
egne hver hvert nye store små lokale private offentlige statlige kommunale regionale mest fleste""".split()
)
_CLAUSE_OPENERS = frozenset("at og men mens når fordi hvis dersom der hvor om som slik da enn så siden før".split())


def _look_back(sentence: str, words: list[tuple[int, int, str]], lower: list[str], first: int) -> str:
    """What stands before the actor once determiners and adjectives are passed: «clause» (the start of a
    sentence or clause), «preposition», «verb» (a finite verb, so the actor may be an inverted subject or an
    object) or «noun» (the actor is inside a noun phrase or a clause without a marker)."""
    i = first - 1
    while i >= 0 and first - i <= 4:
        gap = sentence[words[i][1] : words[i + 1][0]]
        if any(ch in gap for ch in ",;:()–—"):
            return "clause"
        word = lower[i]
        if word in _PREPOSITIONS:
            return "preposition"
        if word in _CLAUSE_OPENERS:
            return "clause"
        if word in _MODIFIERS or word in _ADVERBS or word.isdigit() or word.endswith(("ige", "lige", "ske")):
            i -= 1
            continue
        if _finite(word):
            return "verb"
        return "noun"
    return "clause" if i < 0 else "noun"


def _next_words(
    sentence: str, words: list[tuple[int, int, str]], lower: list[str], last: int, limit: int = 6
) -> list[str]:
    """The words after the actor, skipping an apposition in brackets or commas and a few adverbs."""
    out: list[str] = []
    i = last + 1
    while i < len(words):
        gap = sentence[words[i - 1][1] : words[i][0]]
        if "(" in gap:  # «Arbeids- og velferdsetaten (NAV) skal …»
            close = sentence.find(")", words[i][0])
            while i < len(words) and close != -1 and words[i][0] < close:
                i += 1
            continue
        if not out and lower[i] in _ADVERBS:
            i += 1
            continue
        if not out and lower[i] == "som" and i + 1 < len(words) and _finite(lower[i + 1]):
            i += 1  # «NAV, som har ansvar for …, …»: the relative clause is the actor's too
            continue
        out.append(lower[i])
        if len(out) >= limit:
            break
        i += 1
    return out


_RECEIVED = re.compile(
    r"^(?:hjelp|støtte|tilskudd\w*|midler|tilbud\w*|mulighet\w*|avslag|tilbakemelding\w*|penger|"
    r"bistand|informasjon|svar|råd)$"
)


def _receives(chain: list[str]) -> bool:
    """The verb chain is «få» + something given: the actor is the one who receives."""
    rest = [w for w in chain if w not in _ADVERBS and w not in _MODALS and w not in ("har", "hadde")]
    if not rest or rest[0] not in ("får", "fikk", "få", "fått"):
        return False
    following = [w for w in rest[1:4] if w not in _MODIFIERS and w not in ("ikke", "et", "en", "ei")]
    return bool(following) and bool(_RECEIVED.match(following[0]))


_EXPERIENCE = frozenset("opplever opplevde oppfatter føler tror trodde frykter synes syntes".split())


def _purpose_clause(lower: list[str], first: int) -> bool:
    """The actor is the subject of «for at …», «sikre at …», «slik at …»: a purpose or a condition."""
    before = lower[max(0, first - 3) : first]
    return before[-1:] == ["at"] and len(before) >= 2 and before[-2] in ("for", "sikre", "slik", "sørge")


def _first_finite(lower: list[str]) -> int:
    """The main clause's finite verb: the first finite word not inside a prepositional or noun phrase."""
    for i, w in enumerate(lower):
        previous = lower[i - 1] if i else ""
        weak = _finite(w) and not w.endswith("et") and previous not in _PREPOSITIONS and previous not in _MODIFIERS
        if w in _FINITE or (weak and i > 0):
            if previous == "å":
                continue
            return i
    return -1


def _verb_before(lower: list[str], first: int) -> int:
    i = first - 1
    while i >= 0 and (lower[i] in _MODIFIERS or lower[i] in _ADVERBS or lower[i].isdigit()):
        i -= 1
    return i


def _fronted_opening(lower: list[str], verb: int) -> bool:
    """The sentence opens with an adverbial, so the finite verb at ``verb`` precedes its subject."""
    return lower[0] in _FRONTED or lower[0].isdigit() or lower[0] in ("ifølge", "her", "der", "dermed", "slik")


def _finite(word: str) -> bool:
    if word in _FINITE:
        return True
    if word in _NOT_FINITE or word in _DEPONENT or len(word) < 4:
        return word in _DEPONENT
    if word.endswith("er"):
        return not word.endswith("ere")
    if len(word) >= 6 and word.endswith("et") and not word.endswith(("het", "eet")):
        return True  # weak past tense right after a subject: «Nav startet …», «KS etablerte …»
    return len(word) >= 5 and word.endswith(("te", "de")) and not word.endswith(("ende", "ste", "lte"))


_MODALS = frozenset("kan kunne skal skulle vil ville bør burde må måtte".split())


def _passive_chain(chain: list[str]) -> bool:
    """«følges opp», «kan … trekkes inn», «blir fulgt opp», «vil bli involvert»: the verb chain is passive."""
    if not chain:
        return False
    verb, rest = chain[0], [w for w in chain[1:] if w not in _ADVERBS]
    if _passive(verb) or verb in ("blir", "ble") and rest[:1] and _participle(rest[0]):
        return True
    if verb in _MODALS and rest[:1]:
        return _passive(rest[0]) or rest[0] in ("bli", "blitt")
    if verb in ("har", "hadde") and rest[:1] == ["blitt"]:
        return True
    return False


def _passive(word: str) -> bool:
    return word.endswith("es") and len(word) > 4 and word not in _DEPONENT


def _participle(word: str) -> bool:
    return word.endswith(("et", "t", "tt", "dd")) and len(word) > 3


def _participle_or_passive(word: str) -> bool:
    return _passive(word) or _participle(word) or word in ("drevet", "gitt", "ledet", "eid", "drives", "eies", "regi")


def _clause(sentence: str, words: list[tuple[int, int, str]], first: int, last: int) -> str:
    """The actor's clause: from the clause break before it to the next one after its verb."""
    start = words[first][0]
    head = sentence[:start]
    cut = max(head.rfind(";"), head.rfind(":"), _last(head, r",\s*(?:men|mens)\s"))
    begin = 0 if cut < 0 else cut + 1
    tail = sentence[words[last][1] :]
    stop = re.search(r";|,\s*(?:men|mens)\s|\bmens\b", tail)
    end = words[last][1] + (stop.start() if stop else len(tail))
    return sentence[begin:end]


def _last(text: str, pattern: str) -> int:
    found = list(re.finditer(pattern, text))
    return found[-1].start() if found else -1


def _index(words: list[tuple[int, int, str]], offset: int) -> int:
    for i, (_start, end, _w) in enumerate(words):
        if offset < end:
            return i
    return len(words) - 1
