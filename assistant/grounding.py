"""Is the asked detail *attached* to the thing the question names, in one place of the text?

A near-miss question on the documents' own themes finds every piece of its answer somewhere, but not
together: «Hvor mange deltakere hadde fontenehusene i 2023?» retrieves a count of fontenehus (no
participants, no 2023) and a sentence about another scheme's participants in 2023; «Hvilken paragraf i
folketrygdloven …?» retrieves a sentence naming folketrygdloven and, further on, a § of another law.
The passage-level signals (``focus.kind_offered``, ``focus.kind_with_top_focus``) are satisfied by such
scatter. Here each part of the question must find one sentence that offers its asked kind (a count of the
asked unit, a date, a finding, a §) while the part's most specific focus is in that sentence or in the
sentences just before it (the topic a box or paragraph opened with), and every year the part asks about is
there too; a § must stand next to the law the question names.

A thing the documents only name in passing is mentioned by one sentence: ``passing_mention`` counts the
sentences of the retrieved passages that name the question's most specific focus.

Pure text functions over the composer's candidate sentences, in passage order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.focus import Focus, focus_items, offers, own_words, present, text_words, words_of
from assistant.question import Aspect, asked_unit, defined_subject, defines
from ingest.lexical import tokenize

CONTEXT_SENTENCES = 2  # the sentences before an offering sentence that may carry its topic
DESCRIBING_SENTENCES = 2  # sentences a list item must go on for after naming a thing to describe it
SECTION_WINDOW = 4  # words between a law's name and its § («NAV-lovens § 14a», «§ 13 i sosialtjenesteloven»)
_WORD = re.compile(r"§|[\wæøåÆØÅ-]+")


def _named(items: list[Focus]) -> list[Focus]:
    return [f for f in items if f.kind != "year"]


def _years(items: list[Focus]) -> list[str]:
    return [f.form for f in items if f.kind == "year"]


def section_near(focus: Focus, sentence: str) -> bool:
    """A § within a few words of the focus: the paragraph belongs to the law the question names."""
    tokens = _WORD.findall(sentence)
    named = [i for i, t in enumerate(tokens) if present(focus, text_words(t.lower()))]
    sections = [i for i, t in enumerate(tokens) if t == "§" or t.lower().startswith("paragraf")]
    return any(abs(i - j) <= SECTION_WINDOW for i in named for j in sections)


def attached_share(
    question: str,
    aspects: Sequence[Aspect],
    passages: Sequence[Sequence[str]],
    idf: dict[str, float],
    language: str = "nb",
    headings: Sequence[str] = (),
) -> float:
    """Share of the question's asked kinds offered by a sentence that carries the part's focus and years.

    ``passages`` are the candidate sentences of each retrieved passage, in order, ``headings`` each
    passage's section heading (a box titled «Jobbsjansen» names the topic of all its sentences). 1 when
    nothing is asked for (an open question), or when the question names nothing specific.
    """
    asked = [a for a in aspects if a.kind]
    if not asked:
        return 1.0
    whole = focus_items(own_words(question), idf, language)
    found = 0
    for aspect in asked:
        own = focus_items(own_words(aspect.text), idf, language)
        # a short part («og hvem er det for?») is about the first part's topic: the passage must hold it
        span = CONTEXT_SENTENCES if own else None
        named = _named(own) or _named(whole)
        years = _years(own) if own else _years(whole)
        if not named and not years:
            found += 1
            continue
        unit = asked_unit(aspect.text)
        if aspect.kind == "paragraph":  # the § of the law the question names, not of its other words
            named = [f for f in named if f.kind == "name"] or named
        else:
            named = named[:1]
        found += any(
            _offered_here(aspect.kind, sentences, k, named, years, unit, heading, span)
            for sentences, heading in zip(passages, [*headings, *[""] * len(passages)])
            for k in range(len(sentences))
        )
    return found / len(asked)


def _offered_here(
    kind: str | None,
    sentences: Sequence[str],
    k: int,
    named: list[Focus],
    years: list[str],
    unit: str | None,
    heading: str = "",
    span: int | None = CONTEXT_SENTENCES,
) -> bool:
    """Does sentence k offer the kind, with the focus and years in it, the ``span`` sentences before it or the
    heading (``span`` None: anywhere in the passage)?"""
    sentence = sentences[k]
    if not offers(kind, sentence, unit):
        return False
    around = sentences if span is None else sentences[max(0, k - span) : k + 1]
    window = words_of([heading, *around])
    if any(year not in window.forms for year in years):
        return False
    if not named:
        return True
    if kind == "paragraph":
        return any(section_near(f, sentence) for f in named)
    return present(named[0], window)


def passing_mention(
    question: str,
    passages: Sequence[Sequence[str]],
    idf: dict[str, float],
    language: str = "nb",
    items: Sequence[Sequence[int | None]] = (),
) -> float:
    """1 when the question's most specific named focus is in exactly one sentence of the passages (named in
    passing), ½ for two, 0 for none or more — a thing the documents describe is named again as they do, or
    heads a list item that goes on about it for two sentences more (``items``: for each sentence the position
    of the list item sentence it belongs to, :attr:`assistant.sentences.Candidate.item`)."""
    named = _named(focus_items(own_words(question), idf, language))
    if not named:
        return 0.0
    count, seen = 0, set()
    for sentences, heads in zip(passages, [*items, *[()] * len(passages)]):
        for k, sentence in enumerate(sentences):
            if sentence in seen:  # overlapping chunks repeat sentences
                continue
            seen.add(sentence)
            if not present(named[0], text_words(sentence)):
                continue
            count += 1
            if heads and heads[k] == k and sum(h == k for h in heads) > DESCRIBING_SENTENCES:
                return 0.0  # the item it heads describes it
            if count > 2:  # named again and again: no need to read on
                return 0.0
    return {1: 1.0, 2: 0.5}.get(count, 0.0)


def nearby_sentence(question: str, composition, idf: dict[str, float], language: str = "nb") -> tuple[int, int] | None:
    """(passage, position) of the sentence a refusal shows as what the documents *do* say nearby: the best
    scored sentence that offers the asked kind with the question's most specific focus in it or in the two
    sentences before it («Dokumentene oppgir antall deltakere (103) …»), else the best naming the focus; None
    when no sentence names it (the lead quote is then shown). A sentence that merely shares words is passed over."""
    named = _named(focus_items(own_words(question), idf, language))
    if not named:
        return None
    kind = composition.aspects[0].kind if composition.aspects else None
    unit = asked_unit(question)

    def holds(candidate) -> bool:  # the focus in the sentence or the two before it (the topic they open with)
        around = composition.candidates[candidate.passage][max(0, candidate.position - CONTEXT_SENTENCES) :]
        return present(named[0], words_of([c.text for c in around[: CONTEXT_SENTENCES + 1]]))

    scored = [s.candidate for s in composition.scored]  # best first, then the passages' other quotable sentences
    scored += [c for k in sorted(composition.candidates) for c in composition.candidates[k] if c.quotable]
    offering = [c for c in scored if kind and offers(kind, c.text, unit) and holds(c)]
    naming = [c for c in scored if present(named[0], text_words(c.text))]
    chosen = (offering or naming or [None])[0]
    return None if chosen is None else (chosen.passage, chosen.position)


def still_missing(aspects: Sequence[Aspect], unanswered: Sequence[int], quoted: Sequence[str]) -> list[str]:
    """The parts the composer found no sentence for, less those a quoted sentence already answers by kind:
    «Hva tilbyr fontenehusene, og hvem er tilbudet for?» quoted with «… tilbyr rehabilitering til mennesker
    med psykiske lidelser …» has its «hvem» part answered, and the answer must not say it is missing."""
    return [
        aspects[i].text
        for i in unanswered
        if not (aspects[i].kind and any(offers(aspects[i].kind, t, asked_unit(aspects[i].text)) for t in quoted))
    ]


# a part that asks how something developed («… og hvordan har utviklingen vært?», «how has that number changed
# since 2012?») is answered by a quoted sentence that states a change; one that asks how common something is
# («hvor utbredt …», «how common is it to face several at once?») by a quoted number or share
_TREND_PART = re.compile(
    r"\butvikling\w*|\bendret\s+seg\b|\bendringe?n?\b|\b(økt|økte|gått\s+(ned|opp))\b|"
    r"\b(changed?|develop\w*|trend\w*|increased?|decreased?|risen|fallen)\b",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    r"\b(øk(er|te|t|ning\w*)|nedgang\w*|(gikk|gått)\s+(ned|opp)|synk\w*|sank|redus\w*|stig\w*|steg|falt|"
    r"faller|doblet|halvert|flere\s+enn|færre\s+enn|høyere\s+enn|lavere\s+enn|laveste|høyeste|"
    r"fra\s+året\s+før|siden\s+(19|20)\d\d|første\s+gang|utvikling\w*|endring\w*)\b",
    re.IGNORECASE,
)
_COMMON_PART = re.compile(r"\bhvor\s+(vanlig|utbredt|utbredte|vanlige)\b|\bhow\s+(common|widespread|usual)\b", re.I)
_SHARE = re.compile(r"\d\s*(pst|prosent|%)|\b(halvparten|flertall\w*|mindretall\w*|tredjedel\w*|fjerdedel\w*)\b", re.I)


def answered_by_kind(part: str, quoted: Sequence[str]) -> bool:
    """A development asked and a change quoted, or how common asked and a share quoted: the part is answered,
    and the answer must not say «Dette finner jeg ikke i dokumentene» about it."""
    if _TREND_PART.search(part) and any(_CHANGE.search(t) for t in quoted):
        return True
    return bool(_COMMON_PART.search(part)) and any(_SHARE.search(t) for t in quoted)


def missing_parts(question: str, composition, idf: dict[str, float], language: str = "nb", headings=()) -> list[str]:
    """What an answer says the documents do not give: the parts the composer found no sentence for (less those
    a quote answers by kind), and — in a question of several parts — a later part whose asked kind no sentence
    offers together with its focus («Hva er Mølla, og hvor mange ansatte har den?»: no count of staff beside
    Mølla). The first part is the one the answer leads with; if it is not there, the judge declines instead."""
    aspects = composition.aspects
    missing = still_missing(aspects, composition.unanswered, composition.texts())
    passages = [[c.text for c in composition.candidates[k]] for k in sorted(composition.candidates)]
    for aspect in aspects[1:]:
        if not focus_items(own_words(aspect.text), idf, language) and not asked_unit(aspect.text):
            continue  # «og hvem er det for?»: a part on the first part's topic is the composer's to judge
        lone = attached_share(question, [aspect], passages, idf, language, headings) < 1.0
        if lone and aspect.text not in missing:
            missing.append(aspect.text)
    quoted = composition.texts()
    return [part for part in missing if not answered_by_kind(part, quoted)]


def undescribed(composition) -> bool:
    """«Hva går TØRN-satsingen ut på?»: the thing a «Hva er X?» question asks about is named by one sentence of
    the passages at most, and none says what it is — the documents name it in passing, they do not describe it."""
    subject = defined_subject(composition.aspects[0].text) if composition.aspects else frozenset()
    if not subject:
        return False
    sentences = {c.text for k in composition.candidates for c in composition.candidates[k]}
    naming = [t for t in sentences if subject & frozenset(tokenize(t, compounds=False))]
    return len(naming) <= 1 and not any(defines(t, subject) for t in naming)
