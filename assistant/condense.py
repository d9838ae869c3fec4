"""Follow-up questions made standalone: the new ask of the follow-up, with the conversation's topic.

«Og hvor lenge varer retten?» after a question on ettervern becomes «Og hvor lenge varer retten?
(ettervern unge 18 23)»: the follow-up keeps its own words — they are the new ask — and the topic of
the conversation is added from the user's earlier question(s), as the words that name it (most
specific in the corpus, in their order; common words and source names left out). A question that
names its own subject («Hva er «Fra minus til pluss»?», «Når ble kvalifiseringsprogrammet lovpålagt?»)
is a new topic and stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.sources import source_words
from assistant.text import split_sentences
from ingest.english import english_zipf
from ingest.lexical import tokenize, zipf

_LEADING = re.compile(
    r"^\s*(og|men|så|hva\s+med|hvordan\s+med|enn|and|but|so|what\s+about|how\s+about)\b", re.IGNORECASE
)
_STRONG_ANAPHORA = re.compile(
    r"\b(dette|denne|disse|deres|dem|slike|sånne|samme|hun|han|henne|ham|hans|hennes|dets|"
    r"she|he|her|him|his|it|its|they|them|their|those|these)\b",
    re.IGNORECASE,
)
# «det», «den», «de» are pronouns at the end of a clause or before a verb, articles before a noun
_WEAK_ANAPHORA = re.compile(
    r"\b(det|den|de|der)\s*(\?|$|,)|\b(for|om|i|på|med|av|til|ved|mot)\s+(det|den|de|dem)\b|"
    r"\b(det|den|de)\s+(ble|blir|er|var|har|hadde|kan|skal|vil|må|bør|gjelder|fungerer|finnes|fikk|får)\b|"
    r"\b(kan|skal|vil|må|bør|har|er|var|fikk|får|ble)\s+(de|den|det)\b|"
    r"\b(den|det|de)\s+[a-zæøå]{2,}(en|et|ene|ne)\b|"  # a demonstrative before a definite noun: «de myndighetene»
    r"\b(tiltaket|ordningen|programmet|prosjektet|forsøket|modellen|rådet|retten|stønaden|ytelsen|"
    r"rapporten|notatet|meldingen|heftet|gruppen|utvalget|anslaget|dialogen|evalueringen)\b",
    re.IGNORECASE,
)
# a comparison with what was said before: a follow-up even when the question names a source of its own
_COMPARISON = re.compile(
    r"\b(i\s+stedet|fortsatt|senere|siden\s*\?|ellers|noe\s+annet|annerledes|lignende|tilsvarende|den\s+typen|"
    r"det\s+samme|instead|since\s+then|later|similar|the\s+same|otherwise)(?!\w)",
    re.IGNORECASE,
)
_QUOTED_NAME = re.compile(r"[«\"“][^»\"”]{3,60}[»\"”]")
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)(?<![.!?][»”\"]\s)\b[A-ZÆØÅ][a-zæøå]{2,}(?:[-\s][A-ZÆØÅ][a-zæøå]+)*\b")
# a name made of common words, told by its capital inside the sentence and the hyphen of its head noun:
# «Flere i arbeid-programmet» names «Flere i arbeid» (each of its words alone is too common to name a topic)
_NAME_PHRASE = re.compile(
    r"(?<!^)(?<![.!?]\s)(?<![.!?])\b([A-ZÆØÅ][a-zæøå]+(?:\s+[a-zæøå]+){1,3}?)-(?!(?:notat|melding|hefte|rapport))[a-zæøå]{4,}\b"
)  # not a document's name: «Ingen utenfor-meldingen»
_ACRONYM = re.compile(r"\b[A-ZÆØÅ]{2,}(?:-[A-ZÆØÅa-zæøå]+)?\b")
# «Hva er X?», «Hva betyr X?», «What is X?»: a question that defines its subject
_DEFINITION = re.compile(
    r"^\s*(hva|hvem)\s+(er|var|betyr|innebærer|menes\s+med)\s+|^\s*what\s+(is|are|was|does)\s+", re.IGNORECASE
)
# «Hva med X?», «Enn X?», «What about X?»: an elliptical follow-up whose words are a new topic
_ELLIPTICAL = re.compile(r"^\s*(og\s+)?(hva\s+med|hvordan\s+med|enn|what\s+about|how\s+about)\b", re.IGNORECASE)
_YEAR = re.compile(r"(19|20)\d\d")
_MARKER = re.compile(r"\s*\[\d+\]")
MIN_OWN_SUBJECT = 3  # specific words that make a question self-contained
TOPIC_WORDS = 6
ANSWER_WORDS = 1
ANSWER_CHARS = 600
GENERIC_ZIPF = 5.65  # words as common as «står», «ifølge», «mange» never name a topic
ENGLISH_GENERIC_ZIPF = 4.6  # «what», «international», «does» in an English turn
SPECIFIC = 4.0  # corpus IDF above which a word names something specific
NEW_SUBJECT_WORDS = 2
DEFINED_SUBJECT = 3.0  # «Hva er kvalifiseringsprogrammet?» names its own subject; «Hva er målet?» does not

# words that frame a question, not its topic: verbs of saying and showing («Hva foreslo …», «Hva viser …»,
# «Hva mente hun …») and «forskjellen på …»; as a follow-up's topic they pull in any passage that reports something
_FRAME_WORD = re.compile(
    r"(si|sier|sa|sagt|men[et]r?|mente|vise?r?|viste?|foreslå[rt]?|foreslo|foreslått|beskriv(e|er)|beskrev(et)?|"
    r"pek(e|er)|pekte?|nevn(e|er)|nevnte?|omtal(e|er)|omtalte?|hevd(e|er|et)|forklar(e|er|te|t)|trekk(e|er)|trakk|"
    r"trukket|forskjell(en|er|ene)?|says?|said|shows?|showed|shown|propos(e|es|ed)|describ(e|es|ed)|mention(s|ed)?|"
    r"argu(e|es|ed)|difference)",
    re.IGNORECASE,
)
# an answer that found nothing: its words («Nærmeste temaer jeg fant: …») are ours, not the conversation's topic
_NOT_FOUND_OPENINGS = ("Dette finner jeg ikke", "I cannot find this")
_FUNCTION_WORDS = frozenset(
    "ifølge hvilket hvilken hvilke blant gjennom utover ifht iht egentlig visst verken både eget egen egne".split()
)
# words that name a document rather than a topic: a follow-up may well ask about another source
_DOCUMENT_WORD = re.compile(r"(notat|melding|hefte|rapport|dokument|protokoll)(t|n|ne|a|et|en|ene|er)?$", re.IGNORECASE)

Weigh = Callable[[str], float]  # how specific a word is (e.g. its IDF in the corpus)


def _content_words(text: str) -> list[str]:
    """Words that can name a topic: not stopwords, not as common as «står», «ifølge» or «what»."""
    found = [w.strip("-") for w in re.findall(r"[\wæøåÆØÅ-]+", text)]
    return [w for w in found if _YEAR.fullmatch(w) or _is_content_word(w)]  # a year names the topic's time


def _is_content_word(w: str) -> bool:
    return (
        len(w) >= 3
        and not w.isdigit()
        and bool(tokenize(w, compounds=False))
        and w.lower() not in _FUNCTION_WORDS
        and not _FRAME_WORD.fullmatch(w)
        and not _DOCUMENT_WORD.search(w)
        and zipf(w.lower()) < GENERIC_ZIPF
        and english_zipf(w) < ENGLISH_GENERIC_ZIPF
    )


def _specific_words(text: str, weigh: Weigh | None) -> list[str]:
    found = _content_words(text)
    return found if weigh is None else [w for w in found if weigh(w) >= SPECIFIC]


def is_follow_up(question: str, weigh: Weigh | None = None, earlier: Sequence[str] = ()) -> bool:
    """Does the question lean on earlier turns (a pronoun, «og …», a comparison) rather than name its own subject?

    ``earlier``: the user's earlier turns; a question that shares no word with them and names a subject of its
    own («Når ble kvalifiseringsprogrammet lovpålagt?» after a question on Danish trials) is a new topic."""
    if _LEADING.search(question) or _STRONG_ANAPHORA.search(question) or _COMPARISON.search(question):
        return True
    if _QUOTED_NAME.search(question) or _NAME.search(question.strip()):
        return False
    if _WEAK_ANAPHORA.search(question):
        return True
    if defines_own_subject(question, weigh) or new_subject(question, weigh, earlier):
        return False
    return len(set(_specific_words(question, weigh))) < MIN_OWN_SUBJECT


def new_subject(question: str, weigh: Weigh | None, earlier: Sequence[str]) -> bool:
    """Two specific words of its own and none of the conversation's: the question starts a new topic."""
    if weigh is None or not earlier:
        return False
    own = [w for w in _content_words(question) if not _YEAR.fullmatch(w) and weigh(w) >= DEFINED_SUBJECT]
    before = set(tokenize(" ".join(earlier), compounds=False))
    stems = {t for w in own for t in tokenize(w, compounds=False)}
    return len(own) >= NEW_SUBJECT_WORDS and not stems & before


def compares(question: str) -> bool:
    """«Sier notatet noe annet?», «Hva foreslo hun i stedet?», «Har det senere kommet …?»: a comparison with
    what was said before, which may well be answered from another document."""
    return bool(_COMPARISON.search(question))


def defines_own_subject(question: str, weigh: Weigh | None) -> bool:
    """«Hva er kvalifikasjonsprinsippet?»: a definition asked of a specific word is a new topic, not a follow-up."""
    match = _DEFINITION.search(question)
    if match is None or weigh is None:
        return False
    return any(weigh(w) >= DEFINED_SUBJECT for w in _content_words(question[match.end() :]) if not _YEAR.fullmatch(w))


def names(turn: str, quoted: bool = True) -> list[str]:
    """What a turn names as such: quoted names whole, names of common words («Flere i arbeid»), proper names and
    acronyms — the words a follow-up can introduce as its topic (``quoted``: also its quoted names)."""
    found = [*(_QUOTED_NAME.findall(turn) if quoted else []), *_NAME_PHRASE.findall(turn)]
    found += [w for w in (*_NAME.findall(turn), *_ACRONYM.findall(turn)) if _is_content_word(w)]
    return list(dict.fromkeys(found))


def topic_words(turns: Sequence[str], asked: str, weigh: Weigh | None, n: int = TOPIC_WORDS) -> list[str]:
    """The words that name the conversation's topic: the turn that states it first, then what the follow-ups
    after it name, most recent first; returned in their order in the conversation."""
    asked_stems = set(tokenize(asked, compounds=False))
    chosen: list[str] = []
    # the turn that states the topic (the latest that is no follow-up) is read first, so a chain of follow-ups
    # («Hva mener regjeringen om det?», «Hvem skal involveres?») cannot crowd out what the conversation is about
    stating = next(
        (i for i in range(len(turns) - 1, -1, -1) if not is_follow_up(turns[i]) or not is_follow_up(turns[i], weigh)),
        0,
    )
    order = [stating, *range(len(turns) - 1, stating, -1), *range(stating - 1, -1, -1)]
    for index in order:
        if index < stating and len(chosen) >= n // 2:
            break  # older turns are earlier topics, read only when the stating turn names too little
        turn = turns[index]
        whole = [*_QUOTED_NAME.findall(turn), *_NAME_PHRASE.findall(turn)]
        for name in whole:  # a quoted name, or a name of common words (quoted, so it is read as one), whole
            name = name if name[0] in '«"“' else f"«{name}»"
            if len(chosen) < n and name not in chosen and name.strip('«»"“”') not in asked:
                chosen.append(name)
        # a later follow-up's own words were its ask («Hvem skal involveres i planleggingen?»), not the topic:
        # only what it names carries over, or the words of an elliptical «Hva med X?»
        asks_only = index > stating and not _ELLIPTICAL.search(turn)
        words = [w for w in names(turn) if w not in whole] if asks_only else _content_words(turn)
        candidates = [
            w
            for w in dict.fromkeys(words)
            if (weigh is None or weigh(w) > 0) and not set(tokenize(w, compounds=False)) <= asked_stems
        ]
        if weigh is not None:
            candidates = sorted(candidates, key=lambda w: -weigh(w))
        for word in candidates:
            if len(chosen) >= n:
                break
            if not any(word.lower() == c.lower() or (" " in c and word in c) for c in chosen):
                chosen.append(word)  # not again a word of a name already chosen whole
    text = " ".join(turns)
    return sorted(chosen, key=lambda w: text.find(w.strip("«»")) if w.strip("«»") in text else len(text))


def answer_words(answer: str, taken: str, weigh: Weigh, n: int = ANSWER_WORDS) -> list[str]:
    """What the last answer's lead sentence names and the conversation did not yet: its names and acronyms
    («Danmark», «Kontaktutvalget», «(VTA)»).

    Not its rarest word: a word the answer uses in passing («gjøremål», «heltid», «lister») names nothing the
    follow-up asks about, and pulls in passages that share only that word. Only the lead — the sentence that
    answered the previous question: the later ones go on to other things («Knut Røed (Frischsenteret)
    oppsummerte …»), and their names pull in passages about those."""
    taken_stems = set(tokenize(taken, compounds=False))

    def fresh(word: str) -> bool:
        return weigh(word) > 0 and not _YEAR.fullmatch(word) and not set(tokenize(word, compounds=False)) <= taken_stems

    text = _MARKER.sub("", answer[:ANSWER_CHARS])  # «… [1] Partnerne …»: a marker hides a sentence start
    sentences = [s.text for s in split_sentences(text)] or [text]
    lead = next((s for s in sentences if any(fresh(w) for w in _content_words(s))), "")
    named = [
        w
        for w in names(lead, quoted=False)
        if fresh(w) and weigh(w) >= (DEFINED_SUBJECT if _ACRONYM.fullmatch(w) else SPECIFIC)
    ]
    return named[:n]


def condense_question(
    question: str, history: list[dict] | None, weigh: Weigh | None = None, specificity: Weigh | None = None
) -> str:
    """A standalone search question: the follow-up's own words plus the topic of the conversation.

    ``weigh`` ranks topic words (source names count nothing: a follow-up may ask about another source);
    ``specificity`` decides whether the question names its own subject (there source names count).
    """
    turns = [t for t in history or [] if isinstance(t, dict) and t.get("content")]
    previous = [str(t["content"]) for t in turns if t.get("role") == "user"]
    if not previous or not is_follow_up(question, specificity or weigh, previous):
        return question
    topic = topic_words(previous, question, weigh)
    answers = [str(t["content"]) for t in turns if t.get("role") == "assistant"]
    answers = [a for a in answers[-1:] if not a.lstrip().startswith(_NOT_FOUND_OPENINGS)]
    if answers and weigh is not None:  # the previous answer names what the user's words may only describe
        topic += answer_words(answers[-1], f"{question} {' '.join(topic)}", weigh)
    if not topic:
        return question
    # «Hva viser Riksrevisjonens rapport som Kristiansand-notatet viser til?» → «Hva kritiserer de …?» goes on about
    # the same source, unless the follow-up names one of its own
    if not source_words(question) and not compares(question):  # «Har det senere kommet …?» may go elsewhere
        named = next((found for turn in reversed(previous) if (found := source_words(turn))), [])
        topic += [w for w in dict.fromkeys(named) if w not in topic]
    return f"{question.strip()} ({' '.join(topic)})"


def salient_words(text: str, weigh: Weigh, n: int = 4) -> list[str]:
    candidates = dict.fromkeys(w for w in re.findall(r"[\wæøåÆØÅ-]+", text) if len(w) >= 3 and not w.isdigit())
    ranked = sorted(candidates, key=lambda w: -weigh(w))
    return [w for w in ranked[:n] if weigh(w) > 0]
