import re

from assistant.condense import condense_question, is_follow_up
from assistant.text import detect_language, question_type, split_sentences


def test_sentences_respect_abbreviations_and_bullets():
    text = "Regjeringen vil bl.a. styrke NAV. Se Meld. St. 32 kap. 2.2 om dette.\n\nHva kan KS gjøre?\n\n- KS kan bistå kommunene."
    assert [s.text for s in split_sentences(text)] == [
        "Regjeringen vil bl.a. styrke NAV.",
        "Se Meld. St. 32 kap. 2.2 om dette.",
        "Hva kan KS gjøre?",
        "KS kan bistå kommunene.",
    ]


def test_sentence_offsets_point_into_the_text():
    text = "Første setning her.  Andre setning\nover to linjer."
    for sentence in split_sentences(text):
        assert " ".join(text[sentence.start : sentence.end].split()) == sentence.text


def test_language_and_question_type():
    assert detect_language("Why do municipalities find it hard to prioritise?") == "en"
    assert detect_language("Hvorfor er det vanskelig å få jobb?") == "nb"
    assert question_type("Hvem har ansvaret for ettervern?") == "ansvar"
    assert question_type("Hvor mange unge står utenfor?") == "fakta"
    assert question_type("Hvorfor faller unge ut av skolen?") == "barriere"
    assert question_type("Hva vil regjeringen gjøre for unge?") == "tiltak"


def test_follow_up_gets_the_previous_question():
    history = [
        {"role": "user", "content": "Hva er varig tilrettelagt arbeid?"},
        {"role": "assistant", "content": "Et statlig arbeidsmarkedstiltak."},
    ]
    assert is_follow_up("Og hvem har ansvaret for det?")
    condensed = condense_question("Og hvem har ansvaret for det?", history)
    assert "varig tilrettelagt arbeid" in condensed and condensed.startswith("Og hvem har ansvaret")
    standalone = "Hvilke tiltak foreslår regjeringen for unge sosialhjelpsmottakere i storbyene?"
    assert condense_question(standalone, history) == standalone
    assert condense_question("Og hvem har ansvaret for det?", []) == "Og hvem har ansvaret for det?"


def test_follow_up_keeps_its_new_ask_and_adds_the_topic_in_order():
    history = [
        {"role": "user", "content": "Hva var STYRK-prosjektet ved NAV Sagene?"},
        {"role": "assistant", "content": "Et prosjekt for kartlegging av langtidsmottakere."},
    ]
    weights = {"STYRK-prosjektet": 5.0, "Sagene": 4.0, "NAV": 1.0, "langtidsmottakere": 3.0, "kartlegging": 2.0}
    condensed = condense_question("Hvem betalte for det?", history, lambda w: weights.get(w, 0.0))
    # the follow-up's own words first (the new ask), then the topic as the user named it; a word the answer
    # only uses in passing («langtidsmottakere») names nothing the follow-up asks about
    assert condensed == "Hvem betalte for det? (STYRK-prosjektet NAV Sagene)"
    # a word the follow-up already has is not repeated
    again = condense_question("Og hvem betalte for Sagene-delen?", history, lambda w: weights.get(w, 0.0))
    assert again == "Og hvem betalte for Sagene-delen? (STYRK-prosjektet NAV)"


def test_topic_switch_and_self_contained_questions_stay_as_they_are():
    history = [
        {"role": "user", "content": "Hva er Freia-modellen som Ragnar Næss nevnte?"},
        {"role": "assistant", "content": "En modell for arbeidstrening."},
    ]
    weigh = lambda w: 5.0  # noqa: E731
    for question in ("Hva er «Fra minus til pluss»?", "Hva er Neckers kube, og hva ble den brukt til ved NAV Sagene?"):
        assert condense_question(question, history, weigh) == question
    # a comparison leans on what was said before, even when it names a source of its own
    assert is_follow_up("Sier Kristiansand-notatet fra 2024 noe annet om årsakene?")
    assert is_follow_up("Hva foreslo hun å gjøre i stedet?")
    assert is_follow_up("Hvor mye kan de få maksimalt?")


def test_follow_up_carries_a_quoted_name_whole_and_drops_common_words():
    history = [{"role": "user", "content": "Hva er «Flere i arbeid» i Kristiansand, ifølge notatet?"}]
    condensed = condense_question("Hva konkluderte sluttevalueringen av programmet?", history, lambda w: 5.0)
    assert "«Flere i arbeid»" in condensed and "Kristiansand" in condensed
    tail = condensed.split("(")[1].rstrip(")").split()
    # «ifølge» and the source word are no topic words; the source the question named is carried last, as itself
    assert "ifølge" not in tail and tail.count("notatet") == 1 and tail[-1] == "notatet"
    english = [{"role": "user", "content": "What does the Kristiansand note say about when NAV pays benefits?"}]
    condensed = condense_question("Which of those benefits are paid by the municipality?", english, lambda w: 5.0)
    tail = condensed.split("(")[1]
    assert "Kristiansand" in tail and "What" not in tail and "does" not in tail


def test_a_year_of_the_earlier_question_is_part_of_the_topic():
    history = [{"role": "user", "content": "Hvordan ser kommunenes budsjetter for 2021 ut, ifølge KS-heftet?"}]
    weights = {"budsjetter": 4.0, "2021": 2.0, "kommunenes": 1.5}
    condensed = condense_question("Hvor mange kommuner bygger anslaget på?", history, lambda w: weights.get(w, 0.0))
    assert condensed.startswith("Hvor mange kommuner bygger anslaget på? (")
    assert "2021" in condensed and "budsjetter" in condensed
    # a quoted name is carried whole, and its words are not repeated after it
    history = [{"role": "user", "content": "Hva står i «Ingen utenfor» om gjeld i husholdninger?"}]
    condensed = condense_question("Og hvor mange inkassosaker gjaldt det?", history, lambda w: 5.0)
    tail = condensed.split("? (")[1]
    assert "«Ingen utenfor»" in tail and tail.count("utenfor") == 1


def test_a_footnote_mark_glued_to_a_word_is_not_part_of_the_sentence():
    from assistant.text import split_sentences

    text = "Utprøvingen var finansiert av prosjektmidler³. Boligen er på 40 m², sier «Husbanken»¹² i rapporten."
    assert [s.text for s in split_sentences(text)] == [
        "Utprøvingen var finansiert av prosjektmidler.",
        "Boligen er på 40 m², sier «Husbanken» i rapporten.",
    ]


def test_a_numbered_heading_right_above_its_first_sentence_is_not_part_of_it():
    from assistant.text import split_sentences

    for heading in ("Kapittel 2 Ettervern", "3.4 Tiltak for unge", "Del 1 Innledning"):
        text = f"{heading}\nKommunen har ansvaret for ettervern. Neste setning følger."
        assert [s.text for s in split_sentences(text)] == [
            heading,
            "Kommunen har ansvaret for ettervern.",
            "Neste setning følger.",
        ]
    # a wrapped line of running text is not a heading, nor is a reference inside a sentence
    assert len(split_sentences("Regjeringen vil styrke\nInnsatsen for 2 000 unge.")) == 1
    assert len(split_sentences("Se tabell 3.4 Tiltak\nog mer om det.")) == 1


def test_a_cached_tokenization_is_a_fresh_list_each_time():
    from ingest.lexical import tokenize

    first = tokenize("Kommunene har ansvaret for sosialhjelpsmottakere.")
    first.append("endret")
    again = tokenize("Kommunene har ansvaret for sosialhjelpsmottakere.")
    assert "endret" not in again and again == tokenize("Kommunene har ansvaret for sosialhjelpsmottakere.")
    long = "Kommunene har ansvaret. " * 40  # a whole passage is not cached, but tokenized the same way
    assert tokenize(long) == tokenize("Kommunene har ansvaret.") * 40


def test_the_english_table_agrees_with_wordfreq():
    from wordfreq import top_n_list, zipf_frequency

    from ingest.english import MIN_ZIPF, english_zipf

    for word in ("what", "international", "does", "benefits", "municipality", "Finland", "assistance"):
        assert abs(english_zipf(word) - zipf_frequency(word.lower(), "en")) < 0.01, word
    assert english_zipf("sosialhjelpsmottakere") == 0.0 and english_zipf("borgerlønn") == 0.0
    common = [w for w in top_n_list("en", 30_000) if w.isalpha() and zipf_frequency(w, "en") >= MIN_ZIPF]
    assert all(english_zipf(w) > 0 for w in common)  # regenerate with tools/english_zipf.py after an upgrade


def test_the_norwegian_table_gives_wordfreqs_zipf_at_and_above_its_floor():
    import math

    from wordfreq import get_frequency_dict

    from ingest.lexical import zipf

    frequencies = get_frequency_dict("nb", wordlist="large")
    for word in ("og", "kommunen", "arbeid", "tilskudd", "lønn", "sosialhjelp"):
        assert zipf(word) == math.log10(frequencies[word] * 1e9) >= 3.0, word
    assert zipf("xqzv") == 0.0 and zipf("Kommunen") == 0.0  # the table holds lowercase words, as callers ask
    rare = [w for w, f in frequencies.items() if 0 < math.log10(f * 1e9) < 3.0][:200]
    assert rare and all(zipf(w) == 0.0 for w in rare)  # below the floor: counted as unknown, as callers need
    floor = [w for w, f in frequencies.items() if math.log10(f * 1e9) >= 3.0]
    assert all(zipf(w) > 0 for w in floor)  # regenerate with tools/norwegian_zipf.py after an upgrade


def test_a_texts_tokens_are_its_words_tokens_in_order():
    from ingest.lexical import _word_tokens, tokenize

    for text in (
        "Kommunene har ansvaret for sosialhjelpsmottakere.",
        "NAV-kontoret og fylkeskommunen: lønnstilskudd, inngangsvilkår og 2024-tall.",
        "IPS-metoden (Individual Placement and Support) i kommunehelsetjenesten",
        "og i på en",  # stopwords only
        "",
    ):
        expected = [
            t
            for w in re.findall(r"[0-9A-Za-zæøåéèüöäÆØÅÉÈÜÖÄ]+(?:[-'][0-9a-zæøåA-ZÆØÅ]+)*", text)
            for t in _word_tokens(w, True)
        ]
        assert tokenize(text) == expected
    assert "lønn" in tokenize("lønnstilskudd") and "tilskudd" in tokenize("lønnstilskudd")
    assert tokenize("NAV-kontoret")[:1] == tokenize("nav-kontoret")[:1]  # case does not matter
    assert tokenize("og i på") == []


def test_a_footnote_number_after_a_years_full_stop_ends_the_sentence_and_quotes_neither():
    for text, first, second in [
        (
            "En økning fra om lag 120 virksomheter i 2012.2 Sosiale entreprenører finnes i mange bransjer.",
            "En økning fra om lag 120 virksomheter i 2012.",
            "Sosiale entreprenører finnes i mange bransjer.",
        ),
        (
            "Utredningen ble lagt fram høsten 2016.12 Utvalget hadde i oppdrag å vurdere levekårene.",
            "Utredningen ble lagt fram høsten 2016.",
            "Utvalget hadde i oppdrag å vurdere levekårene.",
        ),
        ("Det gjaldt i 2011.7 Over halvparten var kvinner.", "Det gjaldt i 2011.", "Over halvparten var kvinner."),
    ]:
        sentences = split_sentences(text)
        assert [s.text for s in sentences] == [first, second]
        assert text[sentences[1].start : sentences[1].end] == second  # the number is in neither span
    # a section number, a plain year and a number after a year that a lower-case word follows stay as they are
    assert [s.text for s in split_sentences("Se kap. 2.2 Tiltak for unge i 2020.")] == [
        "Se kap. 2.2 Tiltak for unge i 2020."
    ]
    assert [s.text for s in split_sentences("Tallet steg i 2019. Det er en økning.")] == [
        "Tallet steg i 2019.",
        "Det er en økning.",
    ]
    assert [s.text for s in split_sentences("Andelen steg fra 2019.4 til 2020.5 i snitt.")] == [
        "Andelen steg fra 2019.4 til 2020.5 i snitt."
    ]


def test_a_lower_case_fragment_after_a_line_break_is_a_sentence_of_its_own():
    text = (
        "Dette skaper behov for å inkludere flere i arbeidslivet.\n besitter mange av virkemidlene som kan forebygge."
    )
    assert [s.text for s in split_sentences(text)] == [
        "Dette skaper behov for å inkludere flere i arbeidslivet.",
        "besitter mange av virkemidlene som kan forebygge.",
    ]
    assert [s.text for s in split_sentences("Trondheim: NTNU.\nvekstbetingelsene og barna.")] == [
        "Trondheim: NTNU.",
        "vekstbetingelsene og barna.",
    ]
    # an abbreviation at the end of a line holds the sentence together
    for text in [
        "Tiltaket gjelder bl.a.\nfor unge under 30 år.",
        "Andelen var 20 pst.\nav de spurte i 2020.",
        "Brukerne er i hhv.\narbeids- og velferdsforvaltningen og helsetjenesten.",
        "Det gjelder f.eks.\nskolehelsetjenesten.",
    ]:
        assert len(split_sentences(text)) == 1


def test_an_unnumbered_heading_above_a_paragraph_is_not_part_of_its_first_sentence():
    for heading, sentence in [
        ("Arbeid og kvalifisering", "Sagene har jobbet med kvalifisering siden 1996."),
        ("TETT INDIVIDUELL OPPFØLGING", "Tett individuell oppfølging handler om at oppfølgingen varer."),
        ("Økonomisk sosialhjelp til unge", "Våre forestillinger om unge er ofte todelt."),
        ("Debatthefte 2021 – KS spør", "Omstillingen krever mye av kommunene."),
    ]:
        text = f"Forrige avsnitt slutter her.\n\n{heading}  \n{sentence}"
        assert [s.text for s in split_sentences(text)] == ["Forrige avsnitt slutter her.", heading, sentence]
    # a wrapped first line stays with its sentence: it ends in a small word, or in a name that may run on
    for text in [
        "Prosjektet gjennomføres av forskere ved\nUniversitetet i Stavanger og Universitetet i Agder.",
        "Tilbakemeldinger fra arbeidsgivere kan ifølge\nSysselsettingsutvalget indikere et behov for endring.",
        "NAV Oslo og Utdanningsetaten ved Oslo\nVoksenopplæring jobber med å utvikle rammer for samarbeid.",
        "Dette er en lang første linje i et avsnitt som fortsetter over tretten ord uten stans\nNeste del kommer.",
        "Regjeringen vil styrke\nInnsatsen for unge som står utenfor arbeidslivet.",
    ]:
        assert len(split_sentences(text)) == 1


def test_a_dash_that_a_line_wrap_put_first_inside_a_sentence_is_no_list_item():
    for text, whole in [
        (
            "Norskfødte barn med bakgrunn fra Somalia eller Afghanistan\n— grupper som er preget av "
            "barnefattigdom — er ennå ikke blitt voksne.",
            "Norskfødte barn med bakgrunn fra Somalia eller Afghanistan — grupper som er preget av "
            "barnefattigdom — er ennå ikke blitt voksne.",
        ),
        (
            "Diskriminering kan skje på ulike grunnlag, som alder og kjønn\n– eller en sammensetning av dette.",
            "Diskriminering kan skje på ulike grunnlag, som alder og kjønn – eller en sammensetning av dette.",
        ),
    ]:
        assert [s.text for s in split_sentences(text)] == [whole]
    # lists stay lists: after a lead-in, with a sibling item, or with items that wrap
    assert [s.text for s in split_sentences("Regjeringen vil:\n— styrke oppfølgingen\n— utvide ordningen")] == [
        "Regjeringen vil:",
        "styrke oppfølgingen",
        "utvide ordningen",
    ]
    assert [s.text for s in split_sentences("Tiltakene er\n- styrket oppfølging\n- mer penger")] == [
        "Tiltakene er",
        "styrket oppfølging",
        "mer penger",
    ]
    assert [s.text for s in split_sentences("Tiltak:\n- styrke oppfølgingen\nav unge\n- utvide ordningen")] == [
        "Tiltak:",
        "styrke oppfølgingen av unge",
        "utvide ordningen",
    ]


def test_a_word_cut_in_two_before_a_capital_ends_the_sentence_another_column_goes_on():
    from assistant.sentences import is_quotable

    text = (
        "Et viktig utviklingsområde er felles\nforståelse og ståsted for styring, samfunnsopp-\n"
        " De kommunale tjenestene som er vanligst å tilby\nved NAV-kontoret er statlig bostøtte (42 pst.)."
    )
    first, second = [s.text for s in split_sentences(text)]
    assert first.endswith("samfunnsopp-") and not is_quotable(first)  # the cut word's other half is elsewhere
    assert second.startswith("De kommunale tjenestene") and is_quotable(second)
    for whole in (
        "Tilbudet gjelder arbeids-\nog utdanningsplasser i kommunen.",  # a compound's shared second half
        "Samarbeidet med NAV-\nKontoret i bydelen er godt.",  # an acronym before the hyphen
        "Det gjelder helse- og\nomsorgstjenestene i Kommunen.",
    ):
        assert len(split_sentences(whole)) == 1, whole
