"""The answer composer on small passages: answer first, context kept, filler left out, one marker per passage."""

from assistant.compose import choose, score_candidates
from assistant.question import COUNT, asked_kind, asked_unit, satisfies, split_aspects
from assistant.quotes import markers_for, render_blocks
from assistant.retrieval import Passage
from assistant.sentences import in_other_language, is_filler, is_quotable, needs_antecedent, passage_candidates


def passage(text: str, title: str = "Meld. St. 32 (2020–2021) Ingen utenfor", short: str = "Meld. St. 32") -> Passage:
    return Passage(
        document="doc.txt",
        text=text,
        start_char=0,
        end_char=len(text),
        clean_start=0,
        clean_end=len(text),
        section="",
        section_path="",
        section_number="3.4",
        page=68,
        title=title,
        short_title=short,
        kind="stortingsmelding",
        date="2021-06-04",
        score=1.0,
    )


def compose(question: str, *texts: str, **kw):
    passages = [passage(t) for t in texts]
    scored, candidates = score_candidates(question, passages, idf={}, kind=kw.get("kind", "generell"))
    return choose(question, scored, candidates), passages


ETTERVERN = (
    "Barnevernloven gir rett til ettervern. Ettervern er et frivillig tiltak for unge voksne. "
    "Både barneverntjenesten og NAV-kontoret kan ha ansvar for ungdom mellom 18 og 23 år som trenger hjelp. "
    "Regjeringen har foreslått å heve aldersgrensen for ettervern fra 23 til 25 år."
)


def test_the_answering_sentence_comes_first_for_who_questions():
    composition, _ = compose("Hvem har ansvaret for ettervern for unge mellom 18 og 23?", ETTERVERN, kind="ansvar")
    lead = composition.texts(1)[0]
    assert lead.startswith("Både barneverntjenesten og NAV-kontoret kan ha ansvar")


def test_who_paid_and_who_runs_it_is_answered_by_the_words_of_the_same_meaning():
    from assistant.question import satisfies
    from assistant.scoring import concepts, same_meaning

    text = (
        "I tillegg til oppfølging av arbeidsledige er det lagt ned et betydelig arbeid i å følge opp 400 "
        "langtidsmottakere gjennom prosjektet. Prosjektet (2009-2012) var finansiert av statlige midler til "
        "kommunale rustiltak. Prosjektet videreføres nå i kommunal regi."
    )
    composition, _ = compose("Hvem betalte for det, og hvem driver arbeidet videre?", text, kind="ansvar")
    quoted = " ".join(composition.texts())
    assert "finansiert av statlige midler" in quoted and "kommunal regi" in quoted
    assert not composition.unanswered
    assert not composition.texts(1)[0].startswith("I tillegg")
    assert satisfies("actor", "Prosjektet videreføres nå i kommunal regi.")
    assert not satisfies("actor", "Prosjektet videreføres nå.")
    # «betalte» ~ «finansiert» ~ «bevilget», «driver» ~ «regi»; other words mean none of these
    assert same_meaning("betal", concepts({"finansier"})) and same_meaning("bevilg", concepts({"betalt"}))
    assert same_meaning("driv", concepts({"regi"})) and not same_meaning("driv", concepts({"finansier"}))
    assert not concepts({"arbeid", "prosjekt", "kommunal"})


def test_a_sentence_that_points_back_keeps_its_antecedent():
    text = (
        "Om lag 111 000 personer mellom 20 og 29 år sto utenfor arbeid og utdanning ved utgangen av 2023. "
        "Dette er en økning på nærmere 4000 personer fra året før. Tallene kommer fra Nav."
    )
    composition, _ = compose("Hvor stor var økningen i antall unge utenfor fra året før?", text, kind="fakta")
    first = composition.texts()
    assert first[0].startswith("Om lag 111 000") and first[1].startswith("Dette er en økning")
    assert needs_antecedent("Av disse har nesten halvparten gått videre til utdanning.")
    assert needs_antecedent("Et eksempel er arbeidsledermodellen.")
    assert not needs_antecedent("Det er viktig at kommunene samarbeider med NAV.")


def test_a_lead_in_brings_its_list():
    text = (
        "Hva kan KS gjøre?\n\nKS kan gjøre følgende:\n\n- KS kan bistå kommunene med å endre ansettelsesrutiner\n"
        "- KS kan dele erfaringer fra enkeltkommuner\n- KS kan spre kunnskap om arbeidsledermodellen\n\n"
        "Notatet ble skrevet i 2024."
    )
    composition, passages = compose("Hva kan KS gjøre for kommunene?", text, kind="tiltak")
    answer = render_blocks(
        composition.blocks,
        composition.candidates,
        markers_for(composition.blocks),
        [p.short_title for p in passages],
        "nb",
    )
    for item in ("bistå kommunene", "dele erfaringer", "spre kunnskap"):
        assert item in answer
    assert answer.count("[1]") >= 3 and "[2]" not in answer  # one passage, one marker


def test_filler_is_never_quoted():
    for text in (
        "Dette er nærmere omtalt i kapittel 4.",
        "Se kapittel 5.2 for en nærmere omtale av tiltakene.",
        "Figur 3.2 Andel unge utenfor arbeid og utdanning, 2010–2020.",
        "Vi vil også takke oppdragsgiver Arbeidsdepartementet for et godt samarbeid.",
        "Foto: Trigger",
    ):
        assert is_filler(text) or not is_quotable(text), text
    assert in_other_language("The report was commissioned by the Ministry of Labour and written in 2013.")
    assert not in_other_language("Regjeringen vil styrke oppfølgingen av unge som står utenfor arbeid.")
    assert is_quotable("KS kan bistå kommunene med å endre ansettelsesrutiner", bullet=True)


def test_consecutive_sentences_of_one_passage_are_one_quote_and_a_passage_gets_one_marker():
    composition, _ = compose(
        "Hvem har ansvaret for ettervern, og kan aldersgrensen bli 25 år?", ETTERVERN, kind="ansvar"
    )
    markers = markers_for(composition.blocks)
    assert markers == sorted(set(markers))  # consecutive sentences share one marker; no marker is repeated
    texts = " ".join(composition.texts())
    assert "NAV-kontoret" in texts and "25 år" in texts  # both parts of the question


def test_question_parts_and_kinds():
    aspects = split_aspects("Hvem finansierer Batteriet, og hvor i landet finnes det?")
    assert len(aspects) == 2 and aspects[0].kind == "actor"
    assert len(split_aspects("Hva går TØRN-satsingen ut på? Og hvem står bak den?")) == 2
    assert len(split_aspects("Hva gjør NAV og kommunen for unge?")) == 1  # «og» between nouns is not a new part
    assert asked_kind("Hvor mange deltakere har tiltaket?") == "number"
    assert asked_kind("Når trådte loven i kraft?") == "date"
    assert asked_kind("Hvilken paragraf i sosialtjenesteloven gjelder?") == "paragraph"
    assert asked_unit("Hvor mange prosent av de nyansatte?") == "pst"
    assert satisfies("number", "16 pst. av innvandrerne", "pst") and not satisfies("number", "16 personer", "pst")
    assert satisfies("result", "Halvparten har gått over i arbeid.") and not satisfies(
        "result", "Regjeringen vil starte et forsøk."
    )


def test_candidates_know_bullets_and_lead_ins():
    text = "Regjeringen vil:\n\n- styrke oppfølgingen av unge\n- prøve ut nye modeller for samarbeid\n"
    candidates = passage_candidates(0, text)
    assert candidates[0].lead_in and not candidates[0].bullet
    assert all(c.bullet for c in candidates[1:])


def test_a_follow_up_is_answered_on_its_new_ask_not_on_its_topic():
    from assistant.compose import split_topic

    assert split_topic("Og hvem betalte? (STYRK-prosjektet Sagene)") == ("Og hvem betalte?", "STYRK-prosjektet Sagene")
    assert split_topic("Hva er VTA (varig tilrettelagt arbeid)?") == ("Hva er VTA (varig tilrettelagt arbeid)?", "")
    text = (
        "Ettervern er viktig for unge som har hatt barnevernstiltak, og ettervern gir bedre skoleresultater. "
        "Fylkeskommunen betaler for skyss til skolen."
    )
    composition, _ = compose("Hvem betaler for skyss? (ettervern unge barnevernstiltak skoleresultater)", text)
    assert composition.texts(1)[0].startswith("Fylkeskommunen betaler")


def test_the_unit_asked_for_is_the_noun_after_hvor_mange():
    assert asked_unit("Hvor mange kommuner bygger anslaget på?") == "kommuner"
    assert asked_unit("Og hvor mange flere plasser skal det bli?") == "plasser"  # «flere» is not the unit
    assert asked_unit("Hvor mye penger er satt av?") == "kroner" and asked_unit("Hvor stor andel?") == "pst"
    assert asked_unit("Hvor mange har fått jobb?") == COUNT  # a verb: a count of no named unit
    assert asked_unit("How many social entrepreneurs are there?") is None  # English words are not the document's
    # the number must count the unit, not stand somewhere beside it
    assert satisfies("number", "Budsjettdokumentene i 132 kommuner for 2021 viser …", "kommuner")
    assert satisfies("number", "Antallet skal økes med om lag 2 000 nye plasser.", "plasser")
    assert not satisfies(
        "number", "Andelen steg fra 23 pst. til 29 pst., og regjeringen vil øke antall plasser.", "plasser"
    )
    assert satisfies("number", "Det er satt av 20 mill. kroner.", "kroner") and not satisfies(
        "number", "20 personer", "kroner"
    )


def test_a_number_question_is_not_led_by_a_sentence_without_a_number():
    text = (
        "Anslaget for budsjettert netto driftsresultat i kommunene har vært synkende over lang tid, sier KS.\n\n"
        "Budsjettdokumentene i 132 kommuner for 2021 ligger til grunn for anslaget om driftsresultatet."
    )
    scored, _ = score_candidates("Hvor mange kommuner bygger anslaget på?", [passage(text)], {}, "fakta")
    assert "132 kommuner" in scored[0].candidate.text


def test_em_dash_bullets_are_list_items_of_their_own():
    text = (
        "Regjeringen vil derfor:\n\n— Harmonisere reglene om individuell plan for barn og unge.\n"
        "— Videreføre arbeidet innenfor rammen av 0–24-samarbeidet."
    )
    candidates = passage_candidates(0, text)
    assert [c.text for c in candidates][1:] == [
        "Harmonisere reglene om individuell plan for barn og unge.",
        "Videreføre arbeidet innenfor rammen av 0–24-samarbeidet.",
    ]
    assert candidates[0].lead_in and all(c.bullet for c in candidates[1:])


def test_connectives_that_lean_on_the_sentence_before_need_it():
    for text in (
        "Følgelig foreligger det tall fra 1997.",
        "Men det er ikke nok.",
        "Her viser det seg at få fullfører.",
        "Målet med ordningen er at flere barn får delta.",  # the aim of the scheme the sentence before names
        "Formålet med tiltaket er å gi arbeid.",
        "Gjennom denne ordningen får kommunene midler.",
    ):
        assert needs_antecedent(text), text
    for text in (
        "Herunder endre finansieringsordningene.",
        "Dagens ordning er god.",
        "Deltakerne fikk jobb.",
        "Målet med meldingen er å inkludere flere.",  # names its thing itself
        "I denne meldingen foreslår regjeringen tiltak.",  # the document speaking of itself
    ):
        assert not needs_antecedent(text), text
    text = (
        "NAV Sagene har kartlagt 400 langtidsmottakere i flere år.\n\nFølgelig foreligger tall som viser resultatene."
    )
    candidates = passage_candidates(0, text)
    from assistant.compose import expand

    assert expand(candidates, candidates[1]).positions == [0, 1]  # quoted with the sentence it leans on


def test_the_article_en_is_not_a_number():
    assert not satisfies("number", "Det er en viktig oppgave for kommunen.")
    assert satisfies("number", "Fire av ti deltakere var i arbeid.") and satisfies("number", "Over 2 000 plasser.")


def test_a_footnote_is_not_quotable_but_a_sentence_opening_with_a_number_is():
    for footnote in (
        "51 Andelene for arbeidstilknytning for mottakere av arbeidsavklaringspenger er beregnet.",
        "7 Dokument 3:9 (2015-2016) Riksrevisjonens undersøkelse av oppfølging av ungdom.",
        "19 Folk som flytter, søker seg gjerne til nabolag der befolkningen ligner dem selv.",
    ):
        assert not is_quotable(footnote), footnote
    assert is_quotable("20 pst. av mottakerne av uføretrygd var i arbeid i løpet av 2020.")
    assert is_quotable("2 000 nye plasser skal komme i løpet av fire år, ifølge regjeringen.")


def test_a_sentence_that_only_names_the_question_does_not_lead():
    text = (
        "Nettverket ønsket en drøfting av hvordan kommunene kan bruke arbeidsmarkedsbedriftene bedre.\n\n"
        "Kommunene kan bruke arbeidsmarkedsbedriftene til arbeidstrening for personer med særskilte behov."
    )
    scored, _ = score_candidates(
        "Hvordan kan kommunene bruke arbeidsmarkedsbedriftene?", [passage(text)], {}, "generell"
    )
    assert scored[0].candidate.text.startswith("Kommunene kan bruke")  # the answer, not the agenda


def test_a_reference_list_entry_is_not_quotable_but_a_sentence_citing_a_source_is():
    references = (
        "9 Horgen, E. H. (2014). Innvandrere med svak tilknytning til arbeidsmarkedet. Oslo: Statistisk "
        "sentralbyrå.\n\nOslo Economics (2019). Årsaker til økt tilstrømming til uføretrygd blant unge.\n\n"
        "European Commission (2019). Social enterprises and their ecosystems in Europe. Luxembourg: "
        "Publications Office of the European Union."
    )
    assert not any(c.quotable for c in passage_candidates(0, references))
    running = (
        "Andelen barn med lavt utdannede foreldre doblet seg, ifølge Ekren (2014). Over tid har vi sett en "
        "utvikling der flere jenter enn gutter fullfører høyere utdanning. Oslo kommune har bygd ut tilbudet til alle bydeler."
    )
    # the sentence after a citation in running text is no reference title
    assert [c.quotable for c in passage_candidates(0, running)][1:] == [True, True]


def test_a_fragment_that_lost_its_start_is_not_quotable_but_a_list_item_is():
    assert not is_quotable("besitter mange av virkemidlene som kan forhindre og forebygge utenforskap.")
    assert not is_quotable("følging av unge mottakere av arbeidsavklaringspenger ble samtidig styrket.")
    assert is_quotable("styrke samarbeidet mellom NAV og kommunen", bullet=True)
    assert is_quotable("Å delta på fritidsaktiviteter kan bidra til sosial inkludering og god helse.")


def test_the_subtitle_or_series_after_a_reference_head_is_part_of_the_entry():
    for note in (
        "1 Ideas2evidence (2020): Rom for kvalitet. Sluttrapport i\nfølgeevaluering av Jobbsjansen 2017-2019.",
        "93 Hyggen, C., Brattbakk I. & Borgeraas, E. M. (2018). Muligheter og hindringer for barn i "
        "lavinntektsfamilier. En kunnskapsoppsummering, NOVA-rapport 11/2018.",
        "4 Proba samfunnsanalyse (2019). Evaluering av ordningen. Rapport for perioden 2016–19.",
        # a report with its series number is a reference wherever it stands
        "En undersøkelse av betingelser for høyere utdanning for ungdom med nedsatt funksjonsevne, NOVA-rapport 8/14.",
        "Statistisk sentralbyrå, Oslo, Analyse 2018:19.",
        "Grasoner i arbeidsmarkedet og størrelsen på arbeidskraftreserven. Frisch-rapport 2020:1.",
    ):
        assert not any(c.quotable for c in passage_candidates(0, note)), note
    # a statement that ends in a year stays quotable, also after a sentence that ends in one
    for text in (
        "Ordningen ble evaluert av Proba (2019). Evalueringen viser at ordningen virket godt i 2019.",
        "Ifølge NOVA-rapport 8/14 er det mange som faller ut av skolen.",
        "1 Ideas2evidence (2020): Rom for kvalitet.\n\nTiltaket ble videreført i perioden 2017-2019.",
    ):
        candidates = passage_candidates(0, text)
        assert candidates[-1].quotable, text


def test_journal_report_and_document_footnotes_are_reference_entries():
    for reference in [
        "Journal of the European Economic Association, 18(4), 1844-1885.",
        "Tidsskrift for velferdsforskning, 19(2).",
        "IZA Discussion Papers 10664, Institute of Labor Economics.",
        "Rapport 40-2020, NORCE Samfunnsforskning.",
        "Samarbeid om arbeidsinkludering mellom Nav og sosiale entreprenører, AFI Rapport 2020:10.",
    ]:
        assert not is_quotable(reference)
    notes = (
        "12 NOU 2016: 17. På lik linje — Åtte løft for å realisere grunnleggende rettigheter for personer med "
        "utviklingshemming.\n\n130 Markussen, S. & Reed, K. (2020) Economic mobility under pressure. Journal of the "
        "European Economic Association, 18(4), 1844-1885.\n\n13 Hyggen, C. (2010). Livsløp i velferdsstaten. Oslo, "
        "Norsk institutt for forskning om oppvekst, velferd og aldring."
    )
    assert not any(c.quotable for c in passage_candidates(0, notes))
    # a footnote that carries its title is followed by body text, which stays quotable
    body = (
        "7 NOU 2021: 2 Kompetanse, aktivitet og inntektssikring.\n\nI Danmark gis førtidspensjon med et fast "
        "beløp uavhengig av tidligere inntekt."
    )
    assert [c.quotable for c in passage_candidates(0, body)] == [False, True]


def test_a_list_under_a_question_heading_is_labelled_by_it_and_text_after_the_list_follows_its_items():
    from assistant.compose import Block

    text = (
        "Hva kan KS gjøre?\n\n- KS kan trygge og bistå kommunene slik at de tar i bruk handlingsrommet.\n"
        "- KS kan bistå kommuner som ønsker å endre prosedyrene. For eksempel hvilke vurderinger som må gjøres.\n"
        "- KS kan dele erfaringer og gode historier fra kommunene.\n\nDette er teksten som følger etter listen."
    )
    candidates = passage_candidates(0, text)
    assert [c.bullet for c in candidates] == [False, True, True, False, True, False]
    for tail, items in (([3], [1, 2]), ([5], [1, 2, 3, 4])):
        block = Block(0, sorted([0, *items, *tail]), 0.0, list_items=items)
        for blocks in ([block], [Block(0, [4], 0.0), block]):
            answer = render_blocks(blocks, {0: candidates}, [1] * len(blocks), ["KS-notat"], "nb")
            lines = answer.splitlines()
            # the question heading labels the list; it is not quoted as a statement
            assert "overskriften «Hva kan KS gjøre?»:" in answer and "«Hva kan KS gjøre?» [1]" not in answer
            assert all(line.endswith("[1]") for line in lines if "«KS kan" in line)
            assert not any("gjøre? For" in line or "gjøre? Dette" in line for line in lines)
            assert lines[-1].lstrip("- ").startswith(f"«{candidates[tail[0]].text}»")


def test_statements_before_a_question_heading_are_quoted_and_the_heading_labels_the_list_after_them():
    from assistant.compose import Block
    from assistant.quotes import block_parts

    text = (
        "Batteriet jobber tett sammen med mange brukerorganisasjoner i hele landet. Oppgaven er å være et "
        "ressurssenter for brukerorganisasjoner.\n\nHva må til for at flere kommer i arbeid?\n\n"
        "1. NAV må ha tett oppfølging av den enkelte sosialhjelpsmottaker.\n"
        "2. Arbeidsgiverne må også følges opp av NAV-kontoret."
    )
    candidates = passage_candidates(0, text)
    assert [c.bullet for c in candidates] == [False, False, False, True, True]
    block = Block(0, [0, 1, 2, 3, 4], 0.0, list_items=[3, 4])
    for blocks in ([block], [Block(0, [0], 0.0), Block(0, [1, 2, 3, 4], 0.0, list_items=[3, 4])]):
        answer = render_blocks(blocks, {0: candidates}, list(range(1, len(blocks) + 1)), ["AFI"] * 2, "nb")
        # the heading is the list's label, never the end of the quote before it
        assert "arbeid?» [" not in answer and "overskriften «Hva må til for at flere kommer i arbeid?»:" in answer
        assert "brukerorganisasjoner.» [" in answer
        lines = answer.splitlines()
        label = next(i for i, line in enumerate(lines) if "overskriften" in line)
        assert all("«1. NAV" not in line and "«2." not in line for line in lines[:label])
        assert lines[label + 1].lstrip().startswith("- «1. NAV")
    # the citation quotes the statements and the items, not the heading
    assert "arbeid?" not in " ".join(part.text for part in block_parts(block, candidates))


def test_an_item_number_is_dropped_from_a_statement_quoted_without_its_list_and_kept_in_the_list():
    from assistant.compose import Block
    from assistant.quotes import block_sentence

    text = (
        "Per i dag glipper mange i velferdssystemet.\n\n2. ) For det andre burde fattigdomsfeller i systemet "
        "gjennomgås.\n\n12. Mars 2012 kom et nytt ord inn i det norske språket.\n\nHva må til?\n\n"
        "1. NAV må ha tett oppfølging av den enkelte.\n2. Arbeidsgiverne må også følges opp av NAV.\n\n"
        "(3) Tilbake til sosialhjelp etter endt program."
    )
    candidates = passage_candidates(0, text)
    assert [c.text[:6] for c in candidates] == ["Per i ", "2. ) F", "12. Ma", "Hva må", "1. NAV", "2. Arb", "(3) Ti"]
    heading = 3
    for position, shown in (
        (1, "For det andre burde"),
        (2, "12. Mars 2012"),
        (6, "Tilbake til"),
        (5, "Arbeidsgiverne"),
    ):
        block = Block(0, [position], 0.0, list_items=[position] if candidates[position].bullet else [])
        answer = render_blocks([block], {0: candidates}, [1], ["AFI"], "nb")
        assert f"«{shown}" in answer
        span = block_sentence(block, candidates)
        assert span.text.startswith(shown) and text[span.start : span.end].startswith(shown)
    listed = Block(0, [heading, 4, 5], 0.0, list_items=[4, 5])
    answer = render_blocks([listed], {0: candidates}, [1], ["AFI"], "nb")
    assert "- «1. NAV må" in answer and "- «2. Arbeidsgiverne" in answer


def test_short_english_reference_lines_in_a_norwegian_body_are_another_language():
    for english in [
        "Luxembourg: Publications Office of the European Union.",
        "Intergenerational mobility and children of immigrants.",
        "The Adverse Childhood Experiences (ACE) Study.",
    ]:
        assert in_other_language(english) and not is_quotable(english)
    for norwegian in [
        "Regjeringen vil styrke innsatsen for unge som står utenfor arbeid.",
        "NAV Oslo og Utdanningsetaten samarbeider om opplæring for voksne.",
        "Individual Placement and Support (IPS) er en metode for arbeidsrettet oppfølging.",
    ]:
        assert not in_other_language(norwegian)


def test_a_subtitle_between_a_reference_title_and_its_publisher_is_part_of_the_entry():
    entry = (
        "Schjølberg, S., Lekhal, R. & Mathiesen, K. (2011). Barnepass fram til 18 måneder. Sammenhenger mellom "
        "barnepass fram til 18 måneder og språklige ferdigheter ved 5 år. Oslo: Nasjonalt folkehelseinstitutt."
    )
    assert not any(c.quotable for c in passage_candidates(0, entry))
    body = (
        "Barnehagen er viktig for språkutviklingen til barn fra familier med lav inntekt. Sammenhengen mellom "
        "barnehage og språk er godt dokumentert i norske studier. Oslo kommune har bygd ut tilbudet i alle bydeler."
    )
    assert all(c.quotable for c in passage_candidates(0, body))


def test_a_lead_in_that_states_something_is_still_quoted():
    from assistant.compose import Block

    text = "Regjeringen vil:\n\n- styrke oppfølgingen av unge i NAV\n- utvide ordningen med tilskudd til sommerjobb"
    candidates = passage_candidates(0, text)
    answer = render_blocks([Block(0, [0, 1, 2], 0.0, list_items=[1, 2])], {0: candidates}, [1], ["Meld. St. 32"], "nb")
    assert answer.splitlines()[0] == "Ifølge Meld. St. 32: «Regjeringen vil:» [1]"


def test_a_what_is_question_is_answered_by_the_sentence_that_says_what_the_thing_is():
    text = (
        "Riksrevisjonen fant at mange som har rett til kvalifiseringsprogrammet, ikke får tilbud om programmet. "
        "Kvalifiseringsprogrammet er et arbeidsrettet program for personer med vesentlig nedsatt arbeidsevne. "
        "Fra 2019 ble regelverket for kvalifiseringsprogrammet endret."
    )
    for question in ("Hva er kvalifiseringsprogrammet?", "What is kvalifiseringsprogrammet?"):
        composition, _ = compose(question, text)
        assert composition.texts(1)[0].startswith("Kvalifiseringsprogrammet er et arbeidsrettet"), question


def test_a_charts_axis_description_is_filler():
    assert not is_quotable("Antall (venstre akse) og i prosent av befolkningen (høyre akse), 18-66 år.")
    assert not is_quotable("Number of persons (left-hand axis) and per cent of the population.")
    assert is_quotable("I Norge var det i 2019 om lag 620 000 personer i alderen 18-66 år som sto utenfor arbeid.")


def test_a_topic_word_in_the_documents_full_title_still_chooses_the_sentence():
    """Only the source's short title and kind name the source; the full title is made of the topic's words."""
    text = (
        "Hullene er mange, blant annet hvilke kommuner som skal ha ansvaret for sosialhjelpen. "
        "Kommunene har ansvaret for kvalifiseringsprogrammet, og NAV-kontoret følger opp deltakerne."
    )
    title = "Barrierer mot arbeid for langtidsmottakere av sosialhjelp og deltakere i kvalifiseringsprogrammet"
    scored, candidates = score_candidates(
        "Hvem har ansvaret for kvalifiseringsprogrammet?", [passage(text, title, "AFI-rapport 2013:10")], {}, "ansvar"
    )
    assert scored[0].candidate.text.startswith("Kommunene har ansvaret for kvalifiseringsprogrammet")
    # a word of the short title alone («AFI») still only names the source
    scored, _ = score_candidates(
        "Hva sier AFI om sosialhjelpen?", [passage(text, title, "AFI-rapport 2013:10")], {}, "generell"
    )
    assert scored[0].overlap == max(s.overlap for s in scored)


def test_a_sentence_nearly_as_good_as_the_lead_is_added_even_without_new_question_words_but_not_a_restatement():
    question = "Hva skjedde med familiene i HOLF-modellen?"
    lead = "Familiene i HOLF-modellen fikk bedre oppfølging av koordinatorene. Det var i 2019."
    finding = "Forskerne fant at familiene i HOLF-modellen ikke kom raskere i arbeid."
    composition, _ = compose(question, lead, finding)
    assert composition.texts() == [lead.split(". ")[0] + ".", finding]  # the finding is what the lead lacks
    restated = "Familiene i HOLF-modellen fikk bedre oppfølging av koordinatorene sine."
    composition, _ = compose(question, lead, restated)
    assert composition.texts() == [lead.split(". ")[0] + "."]  # the same sentence again adds nothing


def test_a_name_the_question_quotes_chooses_the_passage_and_sentence_that_hold_it():
    from assistant.scoring import quoted_names

    assert quoted_names("Hvem er med i programmet «Flere i arbeid», og hva sier «Ingen utenfor»-meldingen?") == [
        "flere i arbeid"  # a document's name before its «-meldingen» is no quoted name
    ]
    other = "Mølla samarbeider med forskningsmiljøer om flere i jobb og arbeid i programmet sitt."
    named = "Programmet «Flere i arbeid» er et partnersamarbeid med forskningsmiljøer."
    composition, _ = compose(
        "Hvem er med i programmet «Flere i arbeid», og hvilke forskningsmiljøer bidrar?", other, named
    )
    assert composition.texts(1) == [named]


def test_the_sentence_after_the_lead_is_found_when_an_overlapping_chunk_holds_its_scored_copy():
    from assistant.compose import _following

    done = "Hele 84 pst. av deltakerne fikk jobb eller begynte på en utdanning innen et år."
    first = f"Kommunen har mange tilbud til unge. Ungdomsteamet følger opp unge ledige tett hver uke. {done}"
    overlapping = f"{done} Det er et godt resultat for kommunen og for de unge selv."
    question = "Hvordan følger ungdomsteamet opp unge ledige?"
    scored, candidates = score_candidates(question, [passage(overlapping), passage(first)], idf={}, kind="generell")
    lead = next(s for s in scored if s.candidate.text.startswith("Ungdomsteamet"))
    from assistant.compose import Block

    block = Block(lead.candidate.passage, [lead.candidate.position], lead.score)
    following = _following(scored, candidates, block)
    assert following is not None and following.candidate.text == done
    assert following.candidate.passage == lead.candidate.passage  # quoted from the lead's own passage
