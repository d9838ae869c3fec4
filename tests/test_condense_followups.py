"""Follow-ups made standalone keep the conversation's topic and their own new ask, and are answered with
what the last answer did not already say (assistant.condense, assistant.conversation)."""

from dataclasses import dataclass

from assistant.condense import compares, condense_question, is_follow_up, topic_words
from assistant.conversation import (
    already_said,
    follow_up,
    off_topic_penalized,
    other_document_penalized,
    quotes,
    repeat_penalized,
    repeats,
    with_previous,
)

WEIGHTS = {
    "kvalifiseringsprogrammet": 3.3, "kvalifikasjonsprinsippet": 5.6, "Fontenehusene": 6.5, "lovpålagt": 5.0,
    "oppgave": 3.1, "deltok": 5.4, "2019": 3.0, "målet": 2.4, "kritiserer": 7.2, "myndighetene": 4.1,
    "Riksrevisjonens": 4.6, "forsøksvirksomhet": 6.0, "Danmark": 5.0, "gjøremål": 6.5, "praktiske": 4.5,
    "VTA": 3.8, "statlig": 2.0, "arbeidsmarkedstiltak": 4.5, "Kontaktutvalget": 5.6, "etablert": 3.0,
    "lønnstilskudd": 3.7, "ordinære": 3.0, "Nye": 1.0, "mønstre": 3.7, "programmet": 2.5, "Kristiansand": 0.0,
}  # fmt: skip


def weigh(word: str) -> float:
    return WEIGHTS.get(word, 0.0)


def _history(*turns: str) -> list[dict]:
    return [{"role": "user" if i % 2 == 0 else "assistant", "content": t} for i, t in enumerate(turns)]


def test_a_name_of_common_words_is_carried_whole():
    for question, name in (
        ("Hva er Flere i arbeid-programmet i Kristiansand?", "Flere i arbeid"),
        ("Hvordan virker Nye mønstre-prosjektet?", "Nye mønstre"),
        ("Hva gjør Ny sjanse-ordningen for innvandrere?", "Ny sjanse"),
    ):
        assert f"«{name}»" in topic_words([question], "Hvem samarbeider i programmet?", weigh), question
    # a document's name is no topic: «Ingen utenfor-meldingen» names the white paper
    assert "«Ingen utenfor»" not in topic_words(["Hva sier Ingen utenfor-meldingen om VTA?"], "Og hvem?", weigh)


def test_a_later_follow_up_lends_its_names_not_its_ask():
    turns = ["Hva er kvalifiseringsprogrammet?", "Hvor mange deltok i 2019?"]
    condensed = condense_question("Hvem har ansvaret for det?", _history(turns[0], "…", turns[1], "…"), weigh)
    assert condensed == "Hvem har ansvaret for det? (kvalifiseringsprogrammet)", condensed
    # an elliptical «Hva med X?» is a new topic of its own: its words are carried
    words = topic_words(["Hva er kvalifiseringsprogrammet?", "Hva med lønnstilskudd?"], "Hvem kan få det?", weigh)
    assert "lønnstilskudd" in words


def test_a_question_that_names_a_subject_of_its_own_is_a_new_topic():
    history = _history("Hva er Fontenehusene?", "Et lavterskeltilbud.")
    for question in ("Hva er kvalifikasjonsprinsippet?", "Hva betyr kvalifikasjonsprinsippet?"):
        assert condense_question(question, history, weigh) == question
    assert is_follow_up("Hva er målet?", weigh)  # too common a word to name a subject
    # two specific words of its own and none of the conversation's: a new topic, not the old one appended
    trials = _history("Hva mener KS om forsøksvirksomhet i kommunene?", "De viser til Danmark.")
    question = "Når ble kvalifiseringsprogrammet en lovpålagt oppgave for kommunene?"
    assert condense_question(question, trials, weigh) == question
    # … but a demonstrative before a noun points back: «de myndighetene» are the ones just named
    report = _history("Hva viser Riksrevisjonens rapport?", "At mange unge står utenfor.")
    assert condense_question("Hva kritiserer de myndighetene for?", report, weigh).endswith("(Riksrevisjonens)")


def test_the_answer_lends_the_names_of_its_lead_not_a_word_in_passing():
    for answer, lent, not_lent in (
        ("Ifølge Meld. St. 32: «Fontenehusene skal bidra til praktiske gjøremål.» [1]", None, "gjøremål"),
        ("Ifølge Meld. St. 32: «Varig tilrettelagt arbeid (VTA) er et statlig arbeidsmarkedstiltak.» [1]", "VTA", None),
        ("Ja. Dette sier dokumentene: «Kontaktutvalget ble etablert i 2008.» [1] Danmark nevnes.", "Kontaktutvalget", "Danmark"),
    ):  # fmt: skip
        condensed = condense_question("Hvem tilbyr det?", _history("Hva er dette tilbudet?", answer), weigh)
        tail = condensed.split("? (", 1)[1] if "? (" in condensed else ""
        assert lent is None or lent in tail, condensed
        assert not_lent is None or not_lent not in tail, condensed


def test_quotes_and_what_the_last_answer_said():
    answer = (
        "Ifølge KS-notat: «Kristiansand igangsatte i 2021 programmet «Flere i arbeid». Programmet er et "
        "partnersamarbeid mellom kommunen og NAV Agder.» [1]\n\nDokumentene sier også:\n- «VTA» [2]"
    )
    assert quotes(answer)[0].endswith("mellom kommunen og NAV Agder.") and quotes(answer)[1] == "VTA"
    said = already_said(_history("Hva er Flere i arbeid?", answer))
    assert said == [
        "Kristiansand igangsatte i 2021 programmet «Flere i arbeid»",
        "Programmet er et partnersamarbeid mellom kommunen og NAV Agder",
    ]  # «VTA» is too short to tell a sentence
    assert repeats("Programmet er et  partnersamarbeid mellom\nkommunen og NAV Agder.", said)
    assert not repeats("Partnerne er særlig opptatt av å prøve ut tiltak for unge.", said)
    # a fragment quoted inside a long sentence left the rest of it unsaid
    fragment = already_said(
        _history("Hvordan ser budsjettene ut?", "De ender på «0,4–0,7 prosent av driftsinntektene».")
    )
    long = "Budsjettdokumentene i 132 kommuner indikerer at driftsresultatet vil ende på 0,4–0,7 prosent av driftsinntektene."
    assert fragment and not repeats(long, fragment)
    # … but a long stretch of it is its substance, read already
    intro = (
        "Programmet skal bidra til bedre arbeidsmarkedstilknytning og levekår for personer som står langt fra "
        "arbeidsmarkedet, har store og sammensatte problemer og vesentlig nedsatt inntektsevne"
    )
    seen = already_said(_history("Hvem er programmet for?", f"Det er ment «{intro}» [1]."))
    whole = f"Kvalifiseringsprogrammet i NAV ble introdusert i 2007 med dette formålet, i lovteksten slik: {intro}, "
    assert repeats(whole + "og som er i fare for å komme i en passiv situasjon preget av inntektsfattigdom." * 2, seen)
    assert already_said(_history("Hva er VTA?", "Dette finner jeg ikke i dokumentene.")) == []


@dataclass(frozen=True)
class _Candidate:
    passage: int
    text: str


@dataclass(frozen=True)
class _Scored:
    candidate: _Candidate
    score: float


@dataclass(frozen=True)
class _Passage:
    document: str
    start_char: int
    text: str = ""


def test_what_was_said_moves_down_and_the_rest_moves_up():
    said = ["Varig tilrettelagt arbeid (VTA) er et statlig arbeidsmarkedstiltak for personer med uføretrygd"]
    definition = _Scored(_Candidate(0, said[0] + "."), 0.6)
    providers = _Scored(_Candidate(1, "VTA tilbys i forhåndsgodkjente virksomheter og i ordinære virksomheter."), 0.35)
    ranked = repeat_penalized([definition, providers], said)
    assert ranked[0] is providers and ranked[1].score < definition.score
    assert repeat_penalized([definition, providers], []) == [definition, providers]


def test_a_follow_up_stays_on_its_topic():
    passages = [
        _Passage("a", 0, "Fylkeskommunene har ansvaret for videregående opplæring."),
        _Passage("b", 0, "Kvalifiseringsprogrammet er et ansvar for kommunene."),
    ]
    off = _Scored(_Candidate(0, "Fylkeskommunene har ansvaret for videregående opplæring."), 0.9)
    on = _Scored(_Candidate(1, "Kvalifiseringsprogrammet er et ansvar for kommunene."), 0.7)
    idf = {"kvalifiseringsprogramm": 3.3, "fylkeskommun": 3.5}
    assert off_topic_penalized([off, on], passages, "kvalifiseringsprogrammet", idf)[0] is on
    assert off_topic_penalized([off, on], passages, "", idf)[0] is off  # no topic: nothing moves
    # a topic no passage names moves nothing either
    assert off_topic_penalized([off, on], passages, "Jobbsjansen", {"jobbsjans": 5.0})[0] is off


def test_the_last_answers_passage_joins_the_composers_passages():
    ranked = [_Passage("d", i) for i in range(8)]
    previous = [_Passage("d", 6)]
    out = with_previous(ranked, previous, keep=5)
    assert [p.start_char for p in out] == [0, 1, 6, 2, 3, 4, 5, 7]  # the question's best still leads
    assert with_previous(ranked, [_Passage("d", 3)], keep=5) == ranked  # already among them: unchanged


def test_a_follow_up_goes_on_in_the_last_answers_document_unless_it_compares():
    passages = [_Passage("meld", 0), _Passage("notat", 0)]
    other = _Scored(_Candidate(0, "Flere evalueringer har pekt på utfordringer i samarbeidet."), 0.8)
    same = _Scored(_Candidate(1, "Partnerne i programmet prøver ut tiltak for unge."), 0.6)
    assert other_document_penalized([other, same], passages, {"notat"})[0] is same
    assert other_document_penalized([other, same], passages, set()) == [other, same]
    assert other_document_penalized([other, same], passages, {"protokoll"}) == [other, same]  # none of it here
    for question in ("Sier notatet noe annet om årsakene?", "Hva foreslo hun i stedet?", "Har det senere kommet noe?"):
        assert compares(question), question
    assert not compares("Hvem samarbeider i programmet?")


@dataclass(frozen=True)
class _Chunk:
    document: str
    start_char: int
    text: str
    short_title: str = ""
    title: str = ""
    kind: str = ""


def test_a_follow_up_takes_the_last_answers_passage_and_document():
    quoted = "Programmet er et partnersamarbeid mellom kommunen, fylkeskommunen og NAV Agder."
    chunks = [_Chunk("meld", i, f"Tekst nummer {i} om samarbeid mellom etater.") for i in range(6)]
    chunks.append(_Chunk("notat", 99, f"Kristiansand startet «Flere i arbeid». {quoted} Partnerne prøver ut tiltak."))
    history = _history("Hva er Flere i arbeid?", f"Ifølge KS-notat: «{quoted}» [1]")
    out, taken = follow_up(chunks, history, "Hvem samarbeider i programmet? («Flere i arbeid»)", keep=5)
    assert out[2].start_char == 99 and taken.documents == {"notat"} and taken.said == [quoted.rstrip(".")]
    # a comparison may well be answered elsewhere: no document is preferred, the passage still joins
    out, taken = follow_up(chunks, history, "Sier meldingen noe annet om det? («Flere i arbeid»)", keep=5)
    assert out[2].start_char == 99 and taken.documents == frozenset()
    # an answer that quoted nothing the chunks hold changes nothing
    out, taken = follow_up(chunks, _history("Hva er VTA?", "Dette finner jeg ikke."), "Hvem? (VTA)", keep=5)
    assert out == chunks and taken.said == [] and taken.documents == frozenset()


def test_a_follow_up_goes_on_about_the_source_the_conversation_named():
    first = {"role": "user", "content": "Hva viser Riksrevisjonens rapport som Kristiansand-notatet viser til?"}
    standalone = condense_question("Hva kritiserer de myndighetene for?", [first], weigh)
    assert "Kristiansand-notatet" in standalone and "Riksrevisjonens" in standalone
    english = {"role": "user", "content": "What does the Kristiansand note say about Riksrevisjonens report?"}
    assert "note" in condense_question("Hva kritiserer de myndighetene for?", [english], weigh)
    # a follow-up that names a source of its own, or asks what came later or elsewhere, is not held to it
    for question in (
        "Hva sier «Ingen utenfor»-meldingen om det de kritiserer myndighetene for?",
        "Har myndighetene senere svart på det Riksrevisjonens kritiserer?",
        "Sier noe annet om hva de kritiserer myndighetene for?",
    ):
        assert "Kristiansand-notatet" not in condense_question(question, [first], weigh), question
