"""The asked detail attached to the question's focus in one place, a thing named in passing, the refusal's quote."""

from assistant.compose import choose, score_candidates
from assistant.focus import focus_items, text_words
from assistant.grounding import (
    attached_share,
    missing_parts,
    nearby_sentence,
    passing_mention,
    section_near,
    still_missing,
)
from assistant.question import asked_unit, split_aspects
from tests.test_compose import passage

# every content word of the questions has a corpus weight (a word the corpus lacks would weigh the most)
IDF = {
    "fontenehus": 6.0, "deltaker": 2.5, "jobbsjans": 6.5, "folketrygd": 5.0, "nav-": 5.0, "hartz-reform": 7.0,
    "arbeidsavklaringspeng": 3.0, "behovsvurdering": 4.0, "arbeidsled": 2.0, "jobb": 1.0, "fast": 1.0,
    "batteriet": 7.0, "innebar": 1.0, "henvender": 1.0,
}  # fmt: skip


def _sentences(*passages: str) -> list[list[str]]:
    return [[s.strip() + "." for s in p.split(".") if s.strip()] for p in passages]


def _attached(question: str, *passages: str, headings: tuple[str, ...] = ()) -> float:
    return attached_share(question, split_aspects(question), _sentences(*passages), IDF, headings=headings)


def test_a_count_beside_another_scheme_or_year_is_not_attached():
    question = "Hvor mange deltakere hadde fontenehusene i 2023?"
    scattered = (
        "Fra 2007 har antallet fontenehus vokst fra fem til nærmere 20. Det er et lavterskeltilbud.",
        "Andre tiltak. Fra 2017 har antall deltakere i VTA økt til 13 000 i 2023.",
    )
    assert _attached(question, *scattered) == 0.0
    together = "Fontenehusene er et lavterskeltilbud. I 2023 hadde de om lag 4 000 deltakere."
    assert _attached(question, together) == 1.0  # the focus in the sentence before the count is its topic
    # the year the question asks about must be there too
    assert _attached(question, "Fontenehusene hadde om lag 4 000 deltakere i 2019.") == 0.0


def test_the_focus_in_the_heading_or_far_back_in_the_passage():
    question = "Hvor mange deltakere i Jobbsjansen fikk jobb?"
    far = "Jobbsjansen er et tilskudd. Det gis til kommuner. Det har vart lenge. Det er populært. Hele 120 deltakere fikk jobb."
    assert _attached(question, far) == 0.0  # four sentences back: another topic may have begun
    assert _attached(question, far, headings=("Boks 5.1 Jobbsjansen",)) == 1.0
    # a short second part is about the first part's topic: the passage holding it is enough
    two = "Hva er Jobbsjansen, og hvor mange deltakere fikk jobb?"
    assert _attached(two, far) == 1.0
    assert _attached("Hva er Jobbsjansen?", far) == 1.0  # nothing of a kind asked


def test_a_paragraph_must_belong_to_the_law_the_question_names():
    question = "Hvilken paragraf i folketrygdloven gir rett til arbeidsavklaringspenger?"
    other = (
        "Det gjelder unntak fra folketrygdloven og arbeidsmiljøloven og fra sosialtjenesteloven § 20 og § 29 til § 40."
    )
    own = "Retten til arbeidsavklaringspenger følger av folketrygdloven § 11-5."
    assert _attached(question, other) == 0.0 and _attached(question, own) == 1.0
    nav = focus_items("Hvilken paragraf i NAV-loven gir rett til en behovsvurdering?", IDF)
    law = next(f for f in nav if f.form == "nav-loven")
    assert section_near(law, "I henhold til NAV-lovens § 14a skal alle ha rett til en behovsvurdering.")
    assert not section_near(
        law, "NAV-loven gjelder alle. Mange regler finnes, og til sist kommer § 14a av en annen lov."
    )


def test_a_thing_named_by_one_sentence_is_named_in_passing():
    question = "Hva innebar Hartz-reformen for de arbeidsledige?"
    once = _sentences("Ordet kommer fra Hartz-reformen i Tyskland. Det betyr det samme.", "Noe annet.")
    described = _sentences("Hartz-reformen kom i 2005. Hartz-reformen kuttet ytelser. Hartz-reformen er omstridt.")
    assert passing_mention(question, once, IDF) == 1.0
    assert passing_mention(question, described, IDF) == 0.0
    # overlapping chunks repeat a sentence: it is still one mention
    assert passing_mention(question, once + once, IDF) == 1.0
    assert passing_mention("Hva er et tiltak?", once, IDF) == 0.0  # nothing specific named


def test_a_thing_heading_a_list_item_that_goes_on_about_it_is_not_named_in_passing():
    from assistant.sentences import passage_candidates

    question = "Hvordan har det gått med helsefagprosjektet?"
    item = (
        "Eksempler:\n\n- Helsefagprosjektet: En arbeidsleder følger opp kandidater. Oppgaver deles. "
        "Så langt har 103 deltatt. Halvparten gikk videre.\n- Byggprosjektet: Fagbrev er målet."
    )
    short = "Eksempler:\n\n- Helsefagprosjektet: En arbeidsleder følger opp kandidater.\n- Bygg: Fagbrev er målet."
    for text, expected in ((item, 0.0), (short, 1.0)):
        candidates = passage_candidates(0, text)
        sentences, items = [[c.text for c in candidates]], [[c.item for c in candidates]]
        assert passing_mention(question, sentences, IDF, items=items) == expected
        assert passing_mention(question, sentences, IDF) == 1.0  # without the list roles: one mention


def test_the_refusal_quotes_the_sentence_on_the_focus_with_the_asked_kind():
    question = "Hvor mange deltakere i Jobbsjansen fikk fast jobb?"
    texts = [
        "Sluttrapport i følgeevaluering av kvalifiseringstiltak for deltakere. Tiltaket er kjent.",
        "Jobbsjansen er et tilskudd til kommunene. I 2019 var det 103 deltakere i tiltaket, fordelt på tolv kommuner.",
    ]
    passages = [passage(t) for t in texts]
    scored, candidates = score_candidates(question, passages, idf=IDF, kind="generell")
    composition = choose(question, scored, candidates)
    chosen = nearby_sentence(question, composition, IDF)
    assert chosen is not None
    text = composition.candidates[chosen[0]][chosen[1]].text
    assert "103" in text and "Jobbsjansen" not in text  # the count in the box on Jobbsjansen, not its name alone
    assert nearby_sentence("Hvor mange deltakere i Batteriet fikk jobb?", composition, IDF) is None
    assert text_words(text).forms  # a real sentence of the passage


def _composition(question: str, *texts: str):
    passages = [passage(t) for t in texts]
    scored, candidates = score_candidates(question, passages, idf=IDF, kind="generell")
    return choose(question, scored, candidates)


def test_a_later_part_without_its_kind_beside_the_focus_is_named_missing():
    text = (
        "Mølla startet i 1975 som et tiltak for arbeidsledig ungdom og er en leverandør av arbeidstjenester. "
        "Mølla er et aksjeselskap eid av Bærum kommune."
    )
    staff = "Hva er Mølla, og hvor mange ansatte har den?"
    assert missing_parts(staff, _composition(staff, text), IDF) == ["hvor mange ansatte har den?"]
    started = "Hva er Mølla, og når startet den?"
    assert missing_parts(started, _composition(started, text), IDF) == []  # «i 1975» beside Mølla
    # the first part is what the answer leads with: it is never listed as missing here (the judge declines)
    assert (
        missing_parts("Hvor mange ansatte har Mølla?", _composition("Hvor mange ansatte har Mølla?", text), IDF) == []
    )


def test_a_part_a_quote_answers_by_kind_is_not_missing():
    aspects = split_aspects("Hva tilbyr fontenehusene, og hvem er tilbudet for?")
    quoted = ["Fontenehusene tilbyr lavterskel arbeidsrettet rehabilitering til mennesker med psykiske lidelser."]
    assert still_missing(aspects, [1], quoted) == []  # a target group answers «hvem er det for»
    assert still_missing(aspects, [1], ["Fontenehusene tilbyr rehabilitering."]) == ["hvem er tilbudet for?"]
    open_part = split_aspects("Hva er VTA, og hva gjør deltakerne?")
    assert still_missing(open_part, [1], quoted) == ["hva gjør deltakerne?"]  # no kind to check: kept


def test_a_verb_after_hvor_mye_is_not_a_unit_the_count_must_carry():
    assert asked_unit("Hvor mye øker programmet sjansen for å komme i jobb?") is None
    assert asked_unit("Hvor mye øker ledigheten?") is None
    assert asked_unit("How much does a place cost?") == "kroner"  # a cost is answered by an amount of money
    assert asked_unit("Hvor mye penger er satt av?") == "kroner"  # a money word still asks for kroner
    assert asked_unit("Hvor mange deltakere fikk jobb?") == "deltakere"
    effect = "Hvor mye øker kvalifiseringsprogrammet sjansen for jobb, ifølge effektevalueringen?"
    found = "En effektevaluering viste at kvalifiseringsprogrammet har en effekt på 18 prosentpoeng etter fire år."
    assert _attached(effect, found) == 1.0  # «18 prosentpoeng» answers; before, a count of «øker» was demanded


def test_a_thing_named_in_passing_and_never_described_is_not_answered():
    from assistant.compose import choose
    from assistant.grounding import undescribed
    from assistant.scoring import score_candidates
    from tests.test_compose import passage

    text = (
        "For kommunene er det relevant å se utprøvingen i sammenheng med TØRN-satsing og med anbefalinger fra "
        "kommisjonen. Satsingen er finansiert av prosjektmidler. Satsingen skal vare i tre år."
    )
    question = "Hva går TØRN-satsingen ut på, og hvem står bak den?"
    scored, candidates = score_candidates(question, [passage(text)], {}, "generell")
    assert undescribed(choose(question, scored, candidates))
    described = text + " TØRN-satsingen er et program for bedre bruk av kompetansen i helse- og omsorgstjenestene."
    scored, candidates = score_candidates(question, [passage(described)], {}, "generell")
    assert not undescribed(choose(question, scored, candidates))
    # a question that asks for no definition is not judged by this rule
    scored, candidates = score_candidates("Hvem finansierer satsingen?", [passage(text)], {}, "ansvar")
    assert not undescribed(choose("Hvem finansierer satsingen?", scored, candidates))


def test_a_development_or_how_common_part_answered_by_a_quoted_change_or_share_is_not_missing():
    from assistant.grounding import answered_by_kind

    count = (
        "Den viser at i overkant av 111 000 personer mellom 20 og 29 år sto helt utenfor ved utgangen av 2023. "
        "Det er første gang siden Nav startet sine undersøkelser i 2017 at andelen blant folk i 20-årene øker."
    )
    question = "Hvor mange i 20-årene sto utenfor ved utgangen av 2023, og hvordan har utviklingen vært?"
    assert missing_parts(question, _composition(question, count), IDF) == []
    # the same part with only the count quoted is missing
    only = count.split(" Det er første")[0]
    assert missing_parts(question, _composition(question, only), IDF) == ["hvordan har utviklingen vært?"]
    for part, quoted in [
        ("how has that number changed since 2012?", "En økning fra om lag 120 virksomheter i 2012."),
        ("hvordan er utviklingen?", "Dette er det laveste antallet siden man begynte å kartlegge i 1996."),
        ("how common is it to face several at once?", "Over 40 pst. møter minst tre barrierer samtidig."),
        ("hvor utbredt er det?", "Om lag halvparten av kommunene har et slikt tilbud."),
    ]:
        assert answered_by_kind(part, [quoted])
    assert not answered_by_kind("hvordan er utviklingen?", ["Om lag 3 325 personer ble registrert som bostedsløse."])
    assert not answered_by_kind("how common is it?", ["The documents describe the barriers."])
    assert not answered_by_kind("hvem har ansvaret?", ["Andelen øker."])
