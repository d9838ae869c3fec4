"""What a question asks: its parts (aspects), the kind of answer each wants, and its focus words.

«Hvem finansierer Batteriet, og hvor i landet finnes det?» has two aspects — an actor and a place — and
an answer must cover both or say which part the documents do not answer. The focus of a question is
the specific thing it names (a programme, a body, a group, a year): the words the corpus uses rarely.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.lexical import tokenize

# A question about what came of something: results, findings, effects, experience (also abstain.py's check)
OUTCOME_QUESTION = re.compile(
    r"\bresultat(ene|et|er)?\b|\butfall(et|ene)?\b|\beffekt(en|ene|er)?\s+(av|på)\b|\bhva\s+(viste|viser|fant|kom\s+ut)\b|"
    r"\bviste\s+seg\b|\bkom\s+(det\s+)?ut\s+av\b|\bhvordan\s+(har\s+det\s+gått|gikk\s+det)\b|\bhar\s+man\s+funnet\b|"
    r"\bfunnet\s+så\s+langt\b|\bhvilke\s+erfaringer\b|\berfaring(ene|er)\s+(med|fra)\b|\bkonkluder\w*|\bkonklusjon\w*|\bhvilke\s+funn\b|"
    r"\bresults?\b|\boutcomes?\b|\beffects?\s+of\b|\bwhat\s+did\s+.{0,60}\b(show|find|conclude)\b|\bhow\s+did\s+.{0,60}\bgo\b",
    re.IGNORECASE,
)
# a yes/no question about an effect («Fikk flere jobb …?», «Har innsatsen virket?», «Lønner det seg …?»): its
# answer is a finding; the composer prefers one (the judge reads the outcome questions above only)
POLAR_OUTCOME = re.compile(
    r"(?:^|[.?!:]\s+)(?:og\s+)?(?:(?:fikk|førte|ga|gav|gir|virker|virket|hjelper|hjalp|fungerer|fungerte|lønner|lønte|"
    r"klarer|klarte|øker|økte|reduserer|reduserte)\b|(?:blir|ble)\s+\w+\s+(?:\w+\s+)?(?:mer|mindre|flere|færre|bedre|verre)\b|"
    r"har\s+.{0,80}\b(?:virket|hjulpet|ført\s+til|fungert|økt|redusert|bedret)\b)",
    re.IGNORECASE,
)
# a yes/no question that puts forward one explanation as the main one («Skyldes misforståelsene først og fremst
# dårlig norsk?», «… – skyldes det mest mangel på studieplasser?»): a sentence that denies it answers it
CLAIM = re.compile(
    r"(?:^|[.?!:–—-]\s+)(?:og\s+)?(?:skyldes|er|handler|kommer|henger|bunner|ligger|dreier|gjelder|is|are|does|do)\b"
    r"[^.?!]{0,160}\b(først\s+og\s+fremst|mest|hovedsakelig|primært|i\s+hovedsak|fremfor\s+alt|bare|kun|"
    r"mainly|mostly|primarily|chiefly|only)\b[^.?!]*\?",
    re.IGNORECASE,
)
DENIAL = re.compile(r"\b(ikke|ingen|verken|snarere|heller\s+enn|not|rather\s+than)\b", re.IGNORECASE)
_WH = r"(hva|hvem|hvor|hvordan|hvorfor|hvilke|hvilken|hvilket|når|kan|skal|er|har|finnes|what|who|how|why|which|when|where|is|are|does|do|can)"
_PART_SPLIT = re.compile(rf"(?:,\s*(?:og|men|eller|and|or)\s+|\s+(?:og|and)\s+(?=(?:{_WH})\b)|;\s*)", re.IGNORECASE)
# a question about money: what something costs, how much is paid or granted («Hva koster en plass …?», «Hvor mye
# koster …», «Hvor mange kroner …», «Hvor stort er tilskuddet …», «How much does the state pay …?»)
MONEY_QUESTION = re.compile(
    r"\b(hva|hvor\s+mye)\s+(koster|kostet|kosta|betaler|betalte|utgjør\s+tilskuddet)\b|"
    r"\bhva\s+(?:[\wæøå]+\s+){1,5}(koster|kostet|kosta)\b|\b(kostnaden\w*|utgiftene)\s+(ved|av)\b|\bhvor\s+mange\s+(kroner|kr|penger)\b|"
    r"\bhvor\s+mye\s+(penger|midler|tilskudd|støtte)\b|\bhvor\s+(stort|store|høyt|høye)\s+(er\s+)?(tilskuddet|beløpet|"
    r"bevilgningen|satsen|stønaden|budsjettet|kostnaden\w*|prisen)\b|\b(kostnaden\w*|prisen|beløpet|satsen)\s+(per|pr\.?|for)\b|"
    r"\bhow\s+much\s+(money|funding)\b|\bhow\s+much\s+(?:\w+\s+){0,5}(cost|costs|pay|pays|paid|spend|spends|spent|grant\w*)\b|"
    r"\bwhat\s+does\s+(?:\w+\s+){0,6}cost\b",
    re.IGNORECASE,
)
# what something is estimated to cost («Hva anslår man at det koster samfunnet …», «kostnadene ved utenforskap»):
# money asked, but of a whole, which a passage answers in context, not beside a named thing
ESTIMATED_COST = re.compile(
    r"\bhva\s+(?:[\wæøå]+\s+){1,5}(koster|kostet|kosta)\b|\b(kostnaden\w*|utgiftene)\s+(ved|av)\b", re.IGNORECASE
)
_KINDS: tuple[tuple[str, re.Pattern], ...] = (
    ("number", MONEY_QUESTION),
    ("paragraph", re.compile(r"\bparagraf\w*|§|\blovbestemmelse\w*|\bhjemmel\w*|\bwhich\s+section\b", re.IGNORECASE)),
    (
        "number",
        re.compile(
            r"\bhvor\s+(mange|stor|store|høy|høye|mye|lang|lenge|ofte)\b|\bandel(en)?\b|\bantall(et)?\b|\bprosent\w*|"
            r"\bhvilket\s+tall|\bhow\s+(many|much|large|high|long|often)\b|\bwhat\s+share\b|\bpercentage\b",
            re.IGNORECASE,
        ),
    ),
    ("date", re.compile(r"\bnår\b|\bhvilket\s+år\b|\bhvilken\s+dato\b|\bwhen\b|\bwhat\s+year\b", re.IGNORECASE)),
    (
        "actor",
        re.compile(
            r"\bhvem\b|\bhvilke(n|t)?\s+(etat\w*|aktør\w*|instans\w*|direktorat\w*|organisasjon\w*|departement\w*|"
            r"kommune\w*|virksomhet\w*|forskningsmiljø\w*|parter?\w*)\b|\bwho\b|\bwhich\s+(agenc|bod|organi)",
            re.IGNORECASE,
        ),
    ),
    ("result", OUTCOME_QUESTION),
    (
        "place",
        re.compile(
            r"\bhvor\s+(i\s+landet|holder\s+\w+\s+til|finnes\s+(det|de|den|dette|disse)|ligger)\b|"
            r"\bhvilke\s+(steder|byer|fylker)\b|\bwhere\s+(in\s+the\s+country|are|is|do)\b",
            re.IGNORECASE,
        ),
    ),
)
# a place answered: a place name after «i/på» («Batterier i Bodø, Trondheim …», «i Agder»)
_PLACE = re.compile(r"\b(i|på|fra)\s+[A-ZÆØÅ][a-zæøå]{2,}")
_NUMBER = re.compile(
    r"\d|\b(to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|tolv|tjue|hundre|tusen|halvparten|"
    r"tredjedel\w*|fjerdedel\w*|flertall\w*|mindretall\w*|dobbelt\w*)\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(1[89]\d\d|20\d\d)\b|\b(januar|februar|mars|april|mai|juni|juli|august|september|oktober|"
    r"november|desember|våren|høsten|sommeren|vinteren|kvartal)\b",
    re.IGNORECASE,
)
_PARAGRAPH = re.compile(r"§|\bparagraf\w*|\blov(en)?\s+om\b|\bforskrift\w*", re.IGNORECASE)
_ACTOR = re.compile(
    r"\b(NAV|Nav|Arbeids- og velferds\w+|kommune\w*|fylkeskommun\w*|staten|statlig\w*|regjering\w*|departement\w*|"
    r"direktorat\w*|KS|arbeidsgiver\w*|helsetjenest\w*|barnevern\w*|skole\w*|oppfølgingstjenest\w*|frivillige\s+organisasjon\w*|frivillig\s+sektor|frivilligheten|"
    r"organisasjon\w*|bedrift\w*|virksomhet\w*|partner\w*|[A-ZÆØÅ][a-zæøå]+(?:\s+[A-ZÆØÅ][a-zæøå]+)*\s+(kommune|universitet|"
    r"fylkeskommune|bymisjon))\b|"
    # who runs a thing, by the sector whose charge it is: «videreføres nå i kommunal regi»
    r"\b(?:kommunal|statlig|privat|frivillig|fylkeskommunal)\s+regi\b|"
    # the agent of a passive names the actor, whatever it is called: «finansiert av Kommunenes Sentralforbund»
    r"\b(?:finansiert|finansieres|drevet|drives|ledet|ledes|eid|eies|gjennomført|utført|utarbeidet|skrevet|"
    r"laget|evaluert|initiert|opprettet|etablert|bestilt)\s+av\s+[A-ZÆØÅ]|"
    # a person, by first and last name («Bjørnar Buhaug», «Kai-Rune Myhrer»)
    r"\b[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?\s+[A-ZÆØÅ][a-zæøå]{2,}\b"
)
_FINDING = re.compile(
    r"\b(viste|viser|vist|fant|finner|funnet|funn|resultat\w*|effekt\w*|økte|reduserte|gikk\s+(ned|opp|over)|"
    r"gått\s+over|tyder\s+på|halvparten|prosentpoeng|opplevde|bedret|forbedret|økning|nedgang)\b",
    re.IGNORECASE,
)
_UNIT_ASKED = re.compile(
    r"\b(?:hvor|how)\s+(mange|mye|stor\w*|many|much)\s+(?:(?:flere|færre|mer|nye|andre|more|new|other)\s+)?([\wæøå]+)",
    re.IGNORECASE,
)
_NOT_UNITS = frozenset(
    """er har var ble blir fikk får kan skal vil må bør som av i på til det de den man vi du dere jeg hun han
    the are is was were have has had did do does can will of in on to it they we you there this that
    mottar mottok står sto jobber jobbet går gikk bor lever deltar deltok trenger ønsker faller falt kommer kom
    havner havnet søker søkte tar tok starter slutter sluttet fullfører fullførte mangler opplever bruker
    receive received work live need get""".split()
)  # «hvor mange mottar …»: a verb after «hvor mange» names no unit
_SHARE_WORDS = frozenset("prosent pst andel andelen share percent percentage proportion".split())
_MONEY_WORDS = frozenset("kroner kr penger beløp beløpet midler money funding".split())
_MONEY = re.compile(
    r"\bkr\b|kroner|\bNOK\b|\bmrd\b|milliard|\bmill\b|million|\d\s?G\b|grunnbeløp", re.IGNORECASE
)  # an amount of money: «30 mill. kroner», «kr 1 200», «6 G»
COUNT = "antall"  # the unit of «hvor mange mottar …?»: any count
# numbers that count no one: ages, years, durations, dates, list numbers («under 30 år», «i 2019», «to måneder»)
_NOT_COUNTS = re.compile(
    r"\b\d+\s*([-–]|til|og)?\s*\d*\s*(år|måneder|måneders|uker|ukers|dager|dagers|timer)\b|"
    r"\b(1[89]\d\d|20\d\d)\b|\b\d{1,2}\.\s+(januar|februar|mars|april|mai|juni|juli|august|september|oktober|"
    r"november|desember)\b|\b(to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|tolv)\s+(år|måneder|uker|dager)\b|"
    r"\b\d+\.\s|\b\d+\)|"
    r"\b\d+(?:[,.]\d+)?\s*(?:pst\b\.?|prosent\w*|%)",  # a share is no count: «39 pst.» does not say how many
    re.IGNORECASE,
)
UNIT_WINDOW = 4  # words between a number and the unit it counts («2 000 nye plasser i tiltaket»)


@dataclass(frozen=True, slots=True)
class Aspect:
    text: str
    kind: str | None  # number, date, actor, result, paragraph, place — or None for an open question
    terms: frozenset[str]  # its own stemmed content words


def asked_kind(text: str) -> str | None:
    for kind, pattern in _KINDS:
        if pattern.search(text):
            return kind
    return None


def split_aspects(question: str) -> list[Aspect]:
    """The parts of a question: separate questions («…? Og hvem …?») and «…, og hvem …» clauses."""
    pieces: list[str] = []
    for sentence in re.split(r"(?<=\?)\s+", question.strip()):
        pieces += [p for p in _PART_SPLIT.split(sentence) if p and p.strip()]
    aspects = [Aspect(p.strip(), asked_kind(p), frozenset(tokenize(p))) for p in pieces if tokenize(p) or asked_kind(p)]
    # a short clause («og hvem har ansvaret?») is about the topic of the first one
    return aspects or [Aspect(question, asked_kind(question), frozenset(tokenize(question)))]


def satisfies(kind: str | None, text: str, unit: str | None = None) -> bool:
    """Does the sentence hold the kind of answer asked for (a number of the asked unit, a date, an actor …)?"""
    if kind is None:
        return True
    if kind == "number":
        if not _NUMBER.search(text):
            return False
        if unit == "pst":
            return bool(re.search(r"prosent|pst|%", text, re.IGNORECASE))
        if unit in ("kroner", "kr"):
            return bool(_MONEY.search(text))
        if unit == COUNT:  # a count, not only an age, a year or a duration («unge under 30 år»)
            return bool(_NUMBER.search(_NOT_COUNTS.sub(" ", text)))
        return unit is None or _counts(text, unit)
    if kind == "date":
        return bool(_DATE.search(text))
    if kind == "actor":
        return bool(_ACTOR.search(text))
    if kind == "result":
        return bool(_FINDING.search(text))
    if kind == "paragraph":
        return bool(_PARAGRAPH.search(text))
    if kind == "place":
        return bool(_PLACE.search(text))
    return True


def asked_unit(question: str) -> str | None:
    """«Hvor mange prosent …», «hvor mange kommuner …», «how many places»: the unit a number must carry."""
    if MONEY_QUESTION.search(question):
        return "kroner"  # a cost, a grant, a payment: only an amount of money answers it
    match = _UNIT_ASKED.search(question)
    if not match:
        return None
    unit = match.group(2).lower()
    passive = len(unit) >= 5 and unit.endswith("es")  # a passive verb: «regnes», «rammes», «anses»
    if unit in _NOT_UNITS or passive or not tokenize(unit, compounds=False):
        # «hvor mange har …», «hvor mange mottar …»: a count of no named unit; «hvor mye av …»: no unit
        return COUNT if match.group(1).lower() in ("mange", "many") else None
    if unit in _SHARE_WORDS:
        return "pst"
    if unit in _MONEY_WORDS:
        return "kroner"
    if match.group(1).lower() in ("mye", "much"):
        return None  # «hvor mye øker …», «hvor mye koster …»: a verb follows a mass question, not a counted unit
    # an English question's words are not the Norwegian document's: only its share or money unit carries over
    return None if match.group(1).lower() in ("many", "much") else unit


# people counted by any name: «hvor mange unge …» is answered by «111 000 personer mellom 20 og 29 år»
_PEOPLE = frozenset(
    tokenize(
        "personer mennesker folk unge ungdommer barn kvinner menn innvandrere deltakere mottakere brukere elever "
        "ansatte arbeidstakere sysselsatte ledige arbeidsledige søkere",
        compounds=False,
    )
)


def _counts(text: str, unit: str) -> bool:
    """A number that counts the unit: «132 kommuner», «om lag 2 000 nye plasser», «fire av ti deltakere»;
    people asked for are counted by any word for people."""
    stem = tokenize(unit, compounds=False)
    if not stem:
        return unit in text.lower()
    return _counts_any(text, _PEOPLE if stem[0] in _PEOPLE else frozenset(stem[:1]))


def _counts_any(text: str, stems: frozenset[str]) -> bool:
    words = re.findall(r"[\wæøåÆØÅ-]+", text)
    for index, word in enumerate(words):
        if _NUMBER.fullmatch(word) or word[:1].isdigit():
            following = words[index + 1 : index + 1 + UNIT_WINDOW]
            if any(stems.intersection(tokenize(w, compounds=False)) for w in following):
                return True
            # the unit before its number when «med/på/til» ties them: «øke antallet plasser med om lag 2 000»
            before = " ".join(words[max(0, index - UNIT_WINDOW) : index])
            tied = not _DATE.fullmatch(word) and re.search(
                r"([\wæøå-]+)\s+(?:[\wæøå]+\s+)?(?:med|på|til)(?:\s+(?:om\s+lag|omtrent|ca|nesten|over|under|vel))?$",
                before,
            )
            if tied and stems.intersection(tokenize(tied.group(1), compounds=False)):
                return True
    return False


def focus_terms(terms: set[str], weigh: Callable[[str], float], n: int = 2, floor: float = 0.0) -> list[str]:
    """The question's most specific stems (highest weight), the ones an answer must speak of."""
    ranked = sorted(terms, key=lambda t: -weigh(t))
    return [t for t in ranked[:n] if weigh(t) > floor]


# «Hva er IPS?», «Hva er kvalifiseringsprogrammet, og hvem …», «Hva går TØRN-satsingen ut på?», «What is IPS?»: the
# question asks what a named thing is; its answer is the sentence that says so, the thing as its subject
_DEFINITION_QUESTION = re.compile(
    r"^\s*(?:hva|what)\s+(?:er|var|innebærer|innebar|betyr|betydde|is|are|was|means)\s+(?P<a>[^,?;]+?)\s*(?:[,?;]|\s+og\s|$)|"
    r"^\s*hva\s+(?:går|gikk)\s+(?P<b>[^,?;]+?)\s+ut\s+på\b|"
    # «Hva står forkortelsen SAFIR for?», «What does NAV stand for?»: what the name means is what it is
    r"^\s*(?:hva\s+står|what\s+does)\s+(?:forkortelsen\s+|akronymet\s+|the\s+acronym\s+)?(?!(?:i|om|på|til|det|de|der|her)\b)(?P<c>[^,?;]+?)\s+(?:for|stand\s+for)\b",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(
    r"^(de|det|den|dette|disse|denne|der|the|a|an|it|this|that|these|those|hvor|how)\b", re.IGNORECASE
)
DEFINED_WORDS = 4  # «Hva er de statlige veiledende satsene for …» asks for a value, not what a thing is
_DEFINING_VERB = re.compile(
    r"\b(er|var|innebærer|betyr|består\s+av|går\s+ut\s+på|handler\s+om|omfatter|tilbys|retter\s+seg\s+mot|"
    r"er\s+innrettet\s+mot|skal)\b",
    re.IGNORECASE,
)
SUBJECT_WORDS = 6  # the thing defined stands among the sentence's first words …
VERB_WORDS = 12  # … and the defining verb soon after it


def defined_subject(question: str) -> frozenset[str]:
    """The stems of the thing a «Hva er X?» question asks to have defined; empty for any other question."""
    match = _DEFINITION_QUESTION.match(question)
    if not match:
        return frozenset()
    subject = (match.group("a") or match.group("b") or match.group("c") or "").strip(' «»"')
    # «Hva innebar Hartz-reformen i Tyskland for de arbeidsledige?»: the thing, not whom it was for
    subject = re.split(r"\s+(?:for|blant)\s+", subject, maxsplit=1)[0]
    if not subject or _NOT_A_NAME.match(subject) or len(subject.split()) > DEFINED_WORDS:
        return frozenset()
    stems: list[str] = []
    for word in subject.split():
        # «TØRN-satsingen»: the whole and its first part name the thing, its generic head («satsing») does not
        stems += tokenize(word, compounds=False)[: 2 if "-" in word.strip("-") else None]
    return frozenset(stems)


def defines(sentence: str, subject: frozenset[str]) -> bool:
    """«Kvalifiseringsprogrammet er innrettet mot …», «Individuell jobbstøtte (IPS) er en metode …»: the thing
    among the sentence's first words, a defining verb right after it."""
    if not subject:
        return False
    words = sentence.split()
    head = set(tokenize(" ".join(words[:SUBJECT_WORDS]), compounds=False))
    return bool(subject & head) and bool(_DEFINING_VERB.search(" ".join(words[:VERB_WORDS])))


# «Hva vil regjeringen gjøre …», «Hvilket alternativ varsler regjeringen …», «Hva fant KS' innovasjonsbarometer …»:
# the one who acts or speaks in the question; its answer is a sentence where they do («Regjeringen vil …»)
_ACTING_QUESTION = re.compile(
    r"(?:^|[.!?]\s+)(?:hva|hvordan|hvilke[nt]?\s+[\wæøå-]+)\s+(?:vil|skal|kan|bør|må|gjør|gjorde|fant|finner|viser|"
    r"viste|sier|sa|mener|mente|foreslår|foreslo|anbefaler|anbefalte|konkluderer|varsler|planlegger)\s+(?P<s>[^,?;.]+)",
    re.IGNORECASE,
)
_SUBJECT_END = re.compile(
    r"^(gjøre|gjort|for|om|med|i|på|til|at|å|av|ved|når|se|endre|bidra|sikre|legge|styrke|være|ha|få|som|og)$", re.I
)
_NOT_AN_ACTOR = re.compile(r"^(dokument|melding|rapport|notat|hefte|kapit|tekst|kild|det|de|man|vi|du|dere)", re.I)
_PLANNING_ASK = re.compile(r"\s(vil|skal|kan|bør|må|gjør|foreslår|foreslo|varsler|planlegger)\s", re.I)
_PLANNING_VERB = re.compile(
    r"\b(vil|skal|foreslår|foreslo|foreslått|besluttet|ønsker|tar\s+sikte|går\s+inn\s+for|varsler|kan|bør|må|"
    r"planlegger|tar\s+initiativ|tok\s+initiativ|lovfeste|innføre|etablere|styrke)\b",
    re.I,
)
PLANS = "\0plans"  # marks a subject asked what it will do
PLAN_WORDS = 8
ACTOR_WORDS = 4  # the one asked about stands among the sentence's first words
SUBJECT_MAX = 3


def acting_subject(question: str) -> frozenset[str]:
    """The stems of the one who acts or speaks in a «Hva vil X gjøre …?» question; empty for any other."""
    match = _ACTING_QUESTION.search(question)
    if not match:
        return frozenset()
    plans = bool(_PLANNING_ASK.search(match.group(0)))
    words = match.group("s").split()
    end = next((i for i, w in enumerate(words) if _SUBJECT_END.match(w)), None)
    subject = words[: end if end is not None and end <= SUBJECT_MAX else 1]
    if not subject or _NOT_A_NAME.match(subject[0]) or _NOT_AN_ACTOR.match(subject[0]):
        return frozenset()
    stems = tokenize(" ".join(subject).replace("'", " ").replace("’", " "), compounds=False)
    return frozenset(stems + ([PLANS] if plans else []))


def acts(sentence: str, subject: frozenset[str]) -> bool:
    """«Regjeringen vil derfor ta initiativ …», «Innovasjonsbarometeret 2020 viser …»: the one asked about among
    the sentence's first words (a stem that differs in its last letters still counts)."""
    if not subject:
        return False
    words = sentence.split()
    # «Hva vil regjeringen gjøre …?» asks what they will do: «Regjeringen vil …», «… har derfor besluttet …»,
    # not «Regjeringen har iverksatt …»
    if PLANS in subject and not _PLANNING_VERB.search(" ".join(words[:PLAN_WORDS])):
        return False
    head = tokenize(" ".join(words[:ACTOR_WORDS]), compounds=False)
    return any(h == s or (len(s) >= 6 and h.startswith(s[:-1])) for h in head for s in subject - {PLANS})
