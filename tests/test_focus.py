"""The question's focus looked up in the retrieved passages, and what the passages offer for the asked kind."""

import pytest

from assistant.focus import (
    Focus,
    absent_share,
    best_passage_share,
    best_sentence_share,
    focus_items,
    kind_offered,
    kind_with_top_focus,
    off_lead_share,
    offers,
    own_words,
    present,
    text_words,
    together_share,
    unanswered_aspects,
    year_after,
    year_unreported,
)
from assistant.question import asked_unit
from ingest.lexical import tokenize

IDF = {"batteriet": 6.0, "finansier": 2.0, "kommun": 1.0, "deltak": 2.5, "jobbsjans": 6.5, "tilskudd": 3.0}


def _focus(word: str, kind: str = "word") -> Focus:
    return Focus(word, (tokenize(word, compounds=False) or [word])[0], 1.0, kind)


def test_focus_names_years_and_the_rarest_words_most_specific_first():
    items = focus_items("Hvem finansierer Batteriet i 2024, og hvor mange kommuner er med?", IDF)
    forms = [f.form for f in items]
    assert forms[0] in {"2024", "batteriet"} and {"2024", "batteriet", "finansierer"} <= set(forms)
    assert next(f for f in items if f.form == "2024").kind == "year"
    assert next(f for f in items if f.form == "batteriet").kind == "name"
    # a question word or a short common word is never a focus
    assert not {"hvem", "hvor", "mange", "med"} & set(forms)


def test_a_word_that_names_the_source_is_no_focus():
    # «ifølge NHO-innlegget på seminaret», «KS-notatet»: where the answer stands, not what the sentence must name
    question = "Hva koster det minst for en bedrift å ha en person ansatt, ifølge NHO-innlegget på seminaret?"
    assert not {"nho-innlegget", "seminaret"} & {f.form for f in focus_items(question, IDF)}
    forms = {f.form for f in focus_items("Hva sier KS-notatet om Batteriet og foredraget til Jobbsjansen?", IDF)}
    assert "batteriet" in forms and "jobbsjansen" in forms
    assert not {"ks-notatet", "foredraget"} & forms
    # a hyphenated name of something else is a focus still
    assert "batteriet-prosjektet" in {f.form for f in focus_items("Hva kom ut av Batteriet-prosjektet?", IDF)}


def test_in_english_only_uncommon_names_and_years_are_a_focus():
    items = focus_items("How does Germany's Bürgergeld support unemployed people in Norway since 2023?", IDF, "en")
    forms = {f.form for f in items}
    assert "bürgergeld" in forms and "2023" in forms  # umlauts are part of a name
    assert "norway" not in forms and "germany" not in forms  # common English names are translations
    assert "unemployed" not in forms  # English words do not carry over to Norwegian passages


def test_the_condensed_topic_of_a_follow_up_is_not_the_users_own_focus():
    assert (
        own_words("Hva konkluderte sluttevalueringen? («Flere i arbeid» program)")
        == "Hva konkluderte sluttevalueringen?"
    )
    assert own_words("Hva er KVP (kvalifiseringsprogrammet)") == "Hva er KVP"
    assert own_words("(bare parentes)") == "(bare parentes)"  # nothing left: the question stays


@pytest.mark.parametrize(
    "word,text",
    [
        ("kartleggingen", "Den syvende kartleggingen ble gjort i 2020."),  # exact form
        ("kartleggingen", "Kartlegging av bostedsløse gjøres hvert fjerde år."),  # by stem
        ("hpmt", "Veilederne deltok i HPMT-opplæringen."),  # a part of a hyphenated word
        ("bostedsløs", "Bostedsløsheten har gått ned."),  # inside a longer word
        ("kvalifiseringsprogrammet", "Kvalifiseringsprogrammat gir tett oppfølging."),  # OCR damage
        ("tørn-satsingen", "Se utprøvingen i sammenheng med TØRN og kommisjonen."),  # the name part of a compound
    ],
)
def test_a_focus_is_found_in_every_form(word, text):
    assert present(_focus(word), text_words(text))


@pytest.mark.parametrize(
    "word,text",
    [
        ("borgerlønn", "Lønnstilskudd og arbeidstrening er tiltak mot utenforskap."),
        ("fleksjob", "Fleksible tiltak for unge."),  # a short word is not matched fuzzily
        ("kontaktsenter", "NAV-kontoret har åpent hver dag."),
    ],
)
def test_a_focus_the_text_does_not_hold_is_absent(word, text):
    assert not present(_focus(word), text_words(text))


def test_a_year_must_be_there_as_written():
    assert present(Focus("2024", "2024", 1.0, "year"), text_words("Rapporten kom i 2024."))
    assert not present(Focus("2024", "2024", 1.0, "year"), text_words("Rapporten kom i 2020, neste i 20245."))


def test_absent_share_is_weighted_and_can_count_only_names():
    items = [Focus("batteriet", "batteriet", 3.0, "name"), Focus("finansierer", "finansier", 1.0, "word")]
    assert absent_share(items, ["Batteriet er et ressurssenter."]) == pytest.approx(0.25)
    assert absent_share(items, ["Kommunen finansierer tiltaket."]) == pytest.approx(0.75)
    assert absent_share(items, ["Kommunen finansierer tiltaket."], names_only=True) == 1.0
    assert absent_share([], ["noe"]) == 0.0


def test_focus_split_over_passages_is_not_together_and_off_the_lead():
    items = [Focus("2024", "2024", 1.0, "year"), Focus("bostedsløse", "bostedsløs", 1.0, "word")]
    apart = ["I 2020 ble 3 325 registrert som bostedsløse.", "KS-notatet fra 2024 handler om arbeid."]
    together = ["I 2024 ble 3 000 registrert som bostedsløse."]
    assert together_share(items, apart) == 0.5 and together_share(items, together) == 1.0
    assert off_lead_share(items, apart[0], apart) == 0.5  # the year is only in the other passage
    assert off_lead_share(items, apart[0], apart[:1]) == 0.0  # absent everywhere is not «elsewhere»


def test_best_passage_holds_the_largest_share_of_the_question():
    idf = {"batteri": 4.0, "finansier": 2.0, "drift": 2.0}
    texts = ["Batteriet er finansiert av direktoratet.", "Driften er ved Kirkens Bymisjon."]
    assert best_passage_share("Hvem finansierer og driver Batteriet?", texts, idf) == pytest.approx(
        max(
            sum(idf[t] for t in set(tokenize(texts[0])) & set(idf)),
            sum(idf[t] for t in set(tokenize(texts[1])) & set(idf)),
        )
        / sum(idf[t] for t in set(tokenize("Hvem finansierer og driver Batteriet?", compounds=False)) & set(idf))
    )
    assert best_passage_share("Hvem finansierer Batteriet?", [], idf) == 0.0


@pytest.mark.parametrize(
    "kind,sentence,expected",
    [
        ("number", "Om lag 660 000 personer mangler videregående.", True),
        ("number", "I 2020 ble kartleggingen gjort.", False),  # a year is not a count
        ("number", "Det er en viktig del av arbeidet.", False),  # the article «en» is not a number
        ("number", "Tre av fire fikk jobb.", True),
        ("paragraph", "Kommunen har plikt etter § 27 i loven.", True),
        ("paragraph", "Lov om sosiale tjenester gir kommunen ansvar.", False),  # a law, not its section
        ("actor", "Tilbudet er for mennesker med psykiske lidelser.", True),  # «hvem er det for?»
        ("result", "Utvalget konkluderte med at staten må overta.", True),
        ("result", "Regjeringen vil starte et forsøk.", False),
        # the nouns alone name results as a goal or a method, they report none
        ("result", "Resultater av tiltak fremfor aktiviteter vektlegges.", False),
        ("result", "Myndighetene betaler kun hvis resultatene oppnås.", False),
        ("result", "Effektkontrakter er en modell for finansiering av sosiale tiltak.", False),
        # … but a result that was had, or one that is described, is a finding
        ("result", "Forsøket ga gode resultater for deltakerne.", True),
        ("result", "Effekten var størst for de yngste.", True),
        ("result", "Evalueringen viste at flere kom i arbeid.", True),
        ("result", "Andelen i arbeid økte med 5 prosentpoeng.", True),
        ("date", "Loven trådte i kraft 1. juli 2022.", True),
        (None, "Hva som helst.", True),
    ],
)
def test_what_a_sentence_offers_for_the_asked_kind(kind, sentence, expected):
    assert offers(kind, sentence) is expected


def test_a_number_of_the_asked_unit():
    # the unit as the question parser names it, not a spelling of this test's own
    money = asked_unit("Hvor mange kroner får kommunen per deltaker?")
    share = asked_unit("Hvor stor andel av boligene kan kommunen tilvise?")
    assert money is not None and share is not None and money != share
    assert offers("number", "Tilskuddet er 73 000 kroner per deltaker.", money)
    assert not offers("number", "Kommunen får tilvisningsrett til 40 pst. av boligene.", money)
    assert offers("number", "Kommunen får tilvisningsrett til 40 pst. av boligene.", share)


def test_the_asked_kind_must_be_offered_next_to_the_focus():
    items = [_focus("jobbsjansen", "name")]
    sentences = ["Tilskuddet til VTA er 73 000 kroner per deltaker.", "Jobbsjansen er for hjemmeværende kvinner."]
    assert kind_offered(["number"], items, sentences) == 0.0  # the sum is about another scheme
    assert kind_offered(["number"], items, [*sentences, "I Jobbsjansen fikk 76 pst. jobb."]) == 1.0
    assert kind_offered([None], items, sentences) == 1.0  # nothing particular asked
    assert kind_offered(["number", "actor"], items, ["Jobbsjansen drives av kommunen og har 300 plasser."]) == 1.0


def test_the_asked_kind_in_a_passage_holding_the_most_specific_focus():
    items = [_focus("jobbsjansen", "name"), _focus("tilskudd")]
    passages = [
        "Tilskuddet til VTA er 73 000 kroner.",
        "Jobbsjansen er for kvinner. I 2019 gikk 76 pst. over i arbeid.",
    ]
    assert kind_with_top_focus(["number"], items, passages) == 1.0
    assert kind_with_top_focus(["number"], items, passages[:1]) == 0.0
    assert kind_with_top_focus(["paragraph"], items, passages) == 0.0
    assert kind_with_top_focus([], items, passages) == 1.0
    # a year is never the focus this reads: the most specific named thing is
    dated = [Focus("2019", "2019", 9.0, "year"), *items]
    assert kind_with_top_focus(["number"], dated, passages[:1]) == 0.0


def test_a_year_after_the_lead_documents_date():
    assert year_after("Hvor mange ble registrert i 2024?", 2021, "I 2020 ble 3 325 registrert.") == 1.0
    assert year_after("Hvor mange ble registrert i 2020?", 2021, "I 2020 ble 3 325 registrert.") == 0.0
    assert year_after("Hva skjer i 2025?", 2021, "Planen gjelder til 2025.") == 0.0  # the passage speaks of it
    assert year_after("Hvor mange ble registrert i 2024?", None, "") == 0.0


@pytest.mark.parametrize(
    ("question", "passages", "expected"),
    [
        # the year is there only in a plan: the figures are announced, not given
        ("Og hvordan gikk det i 2020?", ["Nye tall for 2020 vil legges fram for sommeren 2021."], 1.0),
        # the year only dates the document the passage comes from
        (
            "Hva ble resultatet i 2021?",
            ["Meld. St. 32 (2020–2021) Ingen utenfor. Sysselsettingen økte med 3 prosent."],
            1.0,
        ),
        ("Hva anbefalte rapporten fra 2024?", ["KS-notat Kristiansand (2024) Innledning. 33 kommuner deltok."], 1.0),
        # a sentence with the year and a figure reports on it
        ("Hvor mange deltok i 2020?", ["I 2020 deltok 1 250 personer i programmet."], 0.0),
        ("Hva viste evalueringen i 2019?", ["Evalueringen i 2019 viste at flere kom i arbeid."], 0.0),
        # one of two years reported
        (
            "Hvordan gikk det i 2019 og 2020?",
            ["I 2019 fikk 40 prosent jobb.", "For 2020 vil tallene komme senere."],
            0.5,
        ),
        # a year in a statement before the question is context, not what is asked
        ("NAV la tiltakene ut på anbud i 2015. Har det gitt bedre resultater?", ["Anbud gir ikke bedre tiltak."], 0.0),
        ("Hvor mange deltok?", ["Ingen tall."], 0.0),
        # a question on a plan is answered by the plan, its period in parentheses included …
        (
            "Hvor mange plasser skal opptrappingsplanen for 2024–2027 gi?",
            ["Planen skal øke antallet plasser med om lag 2 000 over en fire-årsperiode (2024–2027)."],
            0.0,
        ),
        # … but not by a document's date, nor does the plan report what came of it
        ("Hvor mange plasser skal det bli i 2021?", ["Det vises til Meld. St. 32 (2020–2021) om 300 plasser."], 1.0),
        ("Hvor mange plasser ble det i 2027?", ["Planen skal gi 2 000 flere plasser (2024–2027)."], 1.0),
    ],
)
def test_a_year_asked_about_must_be_reported_not_only_planned_or_cited(question, passages, expected):
    assert year_unreported(question, passages) == pytest.approx(expected)


def test_best_sentence_of_the_asked_kind():
    idf = {"fast": 2.0, "stilling": 3.0, "deltak": 1.0}
    sentences = ["103 deltakere var med i prosjektet.", "Målet er fast stilling for deltakerne."]
    # the count is next to «deltakere», «fast stilling» is in a sentence without a count
    low = best_sentence_share("Hvor mange deltakere fikk fast stilling?", sentences, idf, "number")
    high = best_sentence_share("Hvor mange deltakere fikk fast stilling?", sentences, idf, None)
    assert low < high and high == pytest.approx(1.0)
    assert best_sentence_share("Hvor mange fikk fast stilling?", sentences[1:], idf, "number") == 0.0


def test_a_declined_question_names_the_part_the_passages_do_not_speak_to():
    from assistant.question import split_aspects

    question = "Hva er Batteriet, og hvilken paragraf i sosialtjenesteloven gjelder?"
    texts = ["Batteriet er et ressurssenter for brukerorganisasjoner, finansiert av direktoratet."]
    idf = {"batteriet": 6.0, "paragraf": 4.0, "sosialtjenest": 5.0, "sosialtjenestelov": 6.0}
    missing = unanswered_aspects(question, split_aspects(question), texts, idf)
    assert missing == ["hvilken paragraf i sosialtjenesteloven gjelder?"]
    # nothing singled out: the whole question (without a follow-up's condensed topic) is what is missing
    assert unanswered_aspects("Hva er Batteriet? (NAV)", split_aspects("Hva er Batteriet?"), texts, idf) == [
        "Hva er Batteriet?"
    ]


def test_results_judged_good_or_poor_are_reported_results():
    assert offers("result", "Så langt har 103 deltakere vært med, med foreløpig gode resultater.")
    assert offers("result", "Forsøket ga svake effekter på sysselsettingen.")
    assert not offers("result", "Resultater av tiltak vektlegges i tildelingen.")  # a goal, not a finding


def test_a_window_read_from_its_sentences_words_matches_reading_it_whole():
    from assistant.focus import present, text_words, words_of

    parts = [
        "Tiltaket TØRN-satsingen ble startet i 2019.",
        "",
        "Kommunene og NAV-kontorene samarbeider om lønnstilskudd.",
        "Jobbsjansen gir kvalifisering til hjemmeværende innvandrerkvinner.",
    ]
    whole, merged = text_words(" ".join(parts)), words_of(parts)
    assert whole.forms == merged.forms and whole.stems == merged.stems
    assert set(whole.long_forms) == set(merged.long_forms)
    for focus in focus_items("Hva er TØRN og jobbsjansen for innvandrerkvinner i NAV-kontorene?", {}, "nb"):
        assert present(focus, whole) == present(focus, merged)
    assert words_of(parts[:1]) is text_words(parts[0])


def test_absent_shares_weighs_all_the_focus_and_its_names_alone():
    from assistant.focus import absent_share, absent_shares

    items = focus_items("Hva sier dokumentene om Hartz-reformene og lønnstilskudd i Tyskland?", {}, "nb")
    texts = ["Lønnstilskudd gis til arbeidsgivere.", "Kommunen følger opp."]
    both = absent_shares(items, texts)
    assert both == (absent_share(items, texts), absent_share(items, texts, names_only=True))
    assert 0.0 < both[0] < 1.0 and both[1] == 1.0  # the names are absent, «lønnstilskudd» is not
    assert absent_shares([], texts) == (0.0, 0.0)


def test_forms_and_stems_are_words_and_their_stems_without_compound_parts():
    from ingest.lexical import forms_and_stems, tokenize, words

    for text in ("Lønnstilskudd og NAV-kontoret", "Kommunene har ansvaret for sosialhjelpsmottakere.", ""):
        forms, stems = forms_and_stems(text)
        assert forms == frozenset(words(text)) and stems == frozenset(tokenize(text, compounds=False))


def test_the_top_idf_is_each_tables_own():
    from assistant.focus import _top_idf

    first, second = {"a": 1.0, "b": 3.0}, {"a": 7.0}
    assert _top_idf(first) == 3.0 and _top_idf(second) == 7.0 and _top_idf(first) == 3.0
    assert _top_idf({}) == 1.0
    years = focus_items("Hva skjedde i 2019?", second)
    assert years and years[0].weight == 7.0  # a year weighs as the rarest word of this table
