"""Defect classes found by reading answers as an adviser would (eval/reports/reader_review2.md), one test each."""

from assistant.condense import condense_question, topic_words
from assistant.quotes import render_blocks
from assistant.sentences import is_filler, passage_candidates
from assistant.text import split_sentences
from tests.test_compose import compose


def test_a_pointer_to_a_box_or_chapter_is_filler_in_its_variants():
    for text in (
        "Se mer om arbeidet for å forenkle og forbedre kvaliteten på inkluderingsvirkemidlene i boks 4.4.",
        "Jobbspesialistenes kompetansearbeid og kompetanseløpet basert på RPH omtales nærmere i hhv. boks 5.6 og 5.7.",
        "Les mer om dette i kapittel 6.3.",
        "Mer om ordningen i avsnitt 2.4.",
        "Tiltaket er omtalt i kap. 7.2.",
        "Se også vedlegg 2 for en oversikt over tiltakene.",
        # a chapter announcing itself, a pointer to another white paper
        "Dette kapitlet starter med å se på forhold i arbeidsmarkedet.",
        "Dette kapitlet omhandler kommunens forebyggingsansvar etter sosialtjenesteloven.",
        "Denne delen tar for seg tiltak for unge.",
        "Videre ser kapitlet på flere andre sentrale faktorer som kan forklare utenforskap.",
        "Flere forslag til tiltak og satsinger inngår i Meld. St. 25 (2020-2021) Likeverdsreformen.",
        "Oppfølgingen av utvalgets forslag omtales nærmere i NOU 2021: 2.",
    ):
        assert is_filler(text), text
    for text in (
        "Kommunene har ansvaret for å følge opp unge i del 2 av løpet.",
        "Tiltakene er beskrevet i en egen plan for perioden 2021–2024.",
        "Se for deg en ungdom som i boks 3 år har ventet på et tilbud.",
        "Tiltakene inngår i en større satsing for unge.",
        "Kapitlet i loven gir kommunene et tydelig ansvar.",
        "Dette kapitlet i loven omhandler kommunens plikter.",  # the law's chapter, not the document's own
    ):
        assert not is_filler(text), text


def test_a_sentence_where_the_document_speaks_of_itself_does_not_lead():
    cases = [
        (
            "Hvilke tiltak foreslår regjeringen for unge som står utenfor arbeid?",
            "Regjeringen foreslår i denne meldingen tiltak for at flere unge skal bli inkludert i arbeid. "
            "Regjeringen foreslår å gi unge som står utenfor arbeid rett til tett oppfølging fra NAV-kontoret.",
        ),
        (
            "Hvordan har NAV-kontorene praktisert aktivitetsplikten?",
            "Delrapport 1 omhandler hvordan aktivitetsplikten blir praktisert i et utvalg av NAV-kontor i landet. "
            "En evaluering fra 2020 viser at NAV-kontorene praktiserer unntak fra aktivitetsplikten ulikt.",
        ),
        (
            "Hva ble sagt om innleggene på seminaret om sosialhjelp?",
            "I denne rapporten gjengis først samtlige innlegg som ble holdt på seminaret om sosialhjelp. "
            "Innleggene på seminaret pekte på at sosialhjelpen er tilfeldig og uforutsigbar.",
        ),
        (
            "Hva er utenforskap i arbeidslivet?",
            "Utenforskap i arbeidslivet er tema for denne meldingen. "
            "Utenforskap i arbeidslivet betyr at folk står varig uten arbeid og mister muligheter til et godt liv.",
        ),
        (
            "Hva er utenforskap fra arbeid?",
            "Høy sysselsetting er avgjørende for velferden. Denne stortingsmeldingen legger mest vekt på utenforskap "
            "fra arbeid. Utenforskap fra arbeid rammer dem som står varig uten arbeid og utdanning.",
        ),
    ]
    for question, text in cases:
        composition, _ = compose(question, text)
        lead = composition.texts(1)[0]
        assert not any(w in lead for w in ("denne meldingen", "Denne stortings", "omhandler", "I denne rapporten")), (
            lead
        )


def test_a_when_question_answered_gets_no_other_years_as_filler():
    lead = "Kvalifiseringsprogrammet ble fra 1. januar 2010 en lovpålagt oppgave for alle kommuner."
    for other in (
        "Kvalifiseringsprogrammet for kommuner ble endret i 2019, og aktivitetsplikten kom i 2017.",
        "Oppgaven kvalifiseringsprogrammet er for kommuner fikk nye regler i 2019 og i desember 2020.",
    ):
        composition, _ = compose("Når ble kvalifiseringsprogrammet en lovpålagt oppgave for kommunene?", lead, other)
        assert composition.texts() == [lead]
    # a «hvor mange» question keeps a further figure: it is often the development asked for beside the count
    text = (
        "I 2020 ble 3 325 personer registrert som bostedsløse i kartleggingen. "
        "I 2016 ble 3 900 personer registrert som bostedsløse i kartleggingen."
    )
    composition, _ = compose("Hvor mange bostedsløse ble registrert i kartleggingen?", text)
    assert len(composition.texts()) == 2


WEIGHTS = {
    "Sysselsettingsutvalget": 6.0, "uføretrygd": 5.0, "søkere": 3.0, "unge": 1.0, "regjeringen": 2.0,
    "involveres": 4.0, "planleggingen": 4.0, "partene": 3.0, "arbeidslivet": 2.0, "forsøk": 2.5,
    "ungdomsgarantien": 5.0, "Nærmeste": 4.0, "temaer": 3.0, "Sosial": 2.0, "mobilitet": 4.0,
    "forskjellen": 4.0, "VTA-S": 6.0, "VTA-O": 6.0, "foreslo": 4.0, "viser": 3.0, "Riksrevisjonens": 6.0,
    "rapport": 2.0, "Angelika": 5.0, "Schafft": 5.0, "beskrev": 4.0, "kvalifiseringsprogrammet": 4.0,
}  # fmt: skip


def weigh(word: str) -> float:
    return WEIGHTS.get(word, 0.0)


def test_a_chain_of_follow_ups_keeps_the_topic_of_the_turn_that_stated_it():
    turns = [
        "Hva foreslo Sysselsettingsutvalget for nye, unge søkere av uføretrygd?",
        "Hva mener regjeringen om det?",
        "Hvem skal involveres i planleggingen?",
    ]
    words = topic_words(turns, "Ble noe lignende foreslått allerede på seminaret i 2013?", weigh, n=4)
    assert "uføretrygd" in words and "Sysselsettingsutvalget" in words
    # with room to spare the later follow-ups still add none of their own asks' words («involveres»): the old
    # question's words appended answer the old question again; what a later follow-up names is carried
    words = topic_words(turns, "Ble noe lignende foreslått allerede på seminaret i 2013?", weigh, n=6)
    assert {"uføretrygd", "Sysselsettingsutvalget"} <= set(words) and "involveres" not in words
    named = [*turns, "Og hva sa Schafft om det?"]
    assert "Schafft" in topic_words(named, "Og hvorfor?", weigh, n=6)
    # and an older, earlier topic is not dragged along once the stating turn has named the topic
    earlier = ["Hva er forskjellen på VTA-S og VTA-O?", *turns]
    assert not {"VTA-S", "VTA-O"} & set(topic_words(earlier, "Og hvem skal betale?", weigh))


def test_words_that_frame_a_question_are_no_topic():
    for question, kept, framed in (
        ("Hva er forskjellen på VTA-S og VTA-O?", {"VTA-S", "VTA-O"}, {"forskjellen"}),
        ("Hva viser Riksrevisjonens rapport om unge?", {"Riksrevisjonens"}, {"viser"}),
        ("Hvem er kvalifiseringsprogrammet for, slik Angelika Schafft beskrev det?", {"Schafft"}, {"beskrev"}),
        ("What did the committee propose?", set(), {"propose"}),
    ):
        words = set(topic_words([question], "Og hvorfor?", weigh))
        assert kept <= words and not framed & words, (question, words)


def test_an_answer_that_found_nothing_lends_no_word_to_the_follow_up():
    for answer in (
        "Dette finner jeg ikke i dokumentene. Nærmeste temaer jeg fant: 2.8 Sosial mobilitet (Meld. St. 32).",
        "I cannot find this in the documents. The closest topics I found: 2.8 Sosial mobilitet (Meld. St. 32).",
    ):
        history = [{"role": "user", "content": "Hva er ungdomsgarantien?"}, {"role": "assistant", "content": answer}]
        condensed = condense_question("Hvilken aldersgruppe gjelder den for?", history, weigh)
        assert condensed == "Hvilken aldersgruppe gjelder den for? (ungdomsgarantien)", condensed
    # an answer that did answer lends the name its lead gives, not a word it uses in passing
    answered = [
        {"role": "user", "content": "Hva er ungdomsgarantien?"},
        {"role": "assistant", "content": "Ifølge Meld. St. 32: «Garantien gjelder unge med lav mobilitet.» [1]"},
    ]
    assert "mobilitet" not in condense_question("Hvilken aldersgruppe gjelder den for?", answered, weigh)
    named = [
        answered[0],
        {"role": "assistant", "content": "Ifølge Meld. St. 32: «Garantien ble omtalt av Schafft.» [1]"},
    ]
    assert condense_question("Hvilken aldersgruppe gjelder den for?", named, weigh).endswith("Schafft)")


def test_a_count_whose_unit_stands_before_the_number_counts_it():
    from assistant.question import satisfies

    for text in (
        "Regjeringen vil øke antallet plasser med om lag 2 000 over en fireårsperiode.",
        "Antallet plasser økte med 500 fra året før.",
        "Det ble opprettet 2 000 nye plasser.",
    ):
        assert satisfies("number", text, "plasser"), text
    for text in ("Plassene skal fordeles på 12 fylker.", "Tallet på plasser til 2024 er ukjent."):
        assert not satisfies("number", text, "plasser"), text
    # and so it leads a «hvor mange flere plasser» answer over a sentence with the topic's words and no count
    composition, _ = compose(
        "Og hvor mange flere plasser skal det bli? (VTA-O VTA-S tiltaket)",
        "I VTA-O skal arbeidsplassen oppnevne en fadder som følger opp VTA-arbeidstakeren i tiltaket.",
        "Regjeringen har lagt fram en plan for å øke antallet plasser med om lag 2 000 over fire år.",
    )
    assert composition.texts(1)[0].startswith("Regjeringen har lagt fram en plan")


def test_a_part_of_the_question_is_covered_only_by_a_sentence_that_speaks_to_it():
    # «hvem har ansvaret»: an actor named in passing in the lead is not the answer to who is responsible
    definition = (
        "Inkluderingsdugnaden er et samarbeid der Arbeids- og velferdsetaten har styrket markedsarbeidet mot "
        "arbeidsgivere, og virkemidler som lønnstilskudd er vektlagt."
    )
    composition, _ = compose("Hva er inkluderingsdugnaden, og hvem har ansvaret for den?", definition)
    assert [composition.aspects[i].text for i in composition.unanswered] == ["hvem har ansvaret for den?"]
    # a sentence that names the actor *and* speaks to the part covers it
    responsible = "Arbeids- og inkluderingsdepartementet har ansvaret for inkluderingsdugnaden i staten."
    composition, _ = compose("Hva er inkluderingsdugnaden, og hvem har ansvaret for den?", definition, responsible)
    assert not composition.unanswered and responsible in composition.texts()
    # a part with no words of its own beyond its kind («og når?») is covered by its kind alone
    composition, _ = compose(
        "Hva er kvalifiseringsprogrammet, og når?", "Kvalifiseringsprogrammet ble innført for kommunene i 2010."
    )
    assert not composition.unanswered


def test_a_document_number_after_an_abbreviation_at_a_line_end_stays_in_its_sentence():
    from assistant.text import split_sentences

    for text, first in (
        (
            "Komiteen viste til statsbudsjettet, jf. Innst.\n111 L (2016-2017), og forventer at regjeringen følger opp. "
            "Neste setning.",
            "Komiteen viste til statsbudsjettet, jf. Innst. 111 L (2016-2017), og forventer at regjeringen følger opp.",
        ),
        (
            "Dette er omtalt i Prop.\n100 L (2020-2021) om samarbeid. Neste setning.",
            "Dette er omtalt i Prop. 100 L (2020-2021) om samarbeid.",
        ),
        ("Se Meld. St.\n32 (2020-2021) for mer. Neste setning.", "Se Meld. St. 32 (2020-2021) for mer."),
        # the line breaks inside the title, between its two abbreviations
        (
            "Det varsles i Meld.\nSt. 21 (2020-2021) Fullføringsreformen. Neste setning.",
            "Det varsles i Meld. St. 21 (2020-2021) Fullføringsreformen.",
        ),
    ):
        assert [s.text for s in split_sentences(text)] == [first, "Neste setning."]
    # an abbreviation that ends a line before a capitalised word still ends nothing, but a full stop does
    sentences = [s.text for s in split_sentences("Tiltaket er omtalt i kap. 3.\nRegjeringen vil styrke NAV.")]
    assert sentences == ["Tiltaket er omtalt i kap. 3.", "Regjeringen vil styrke NAV."]


ITEMS = (
    "Eksempler på utprøvinger:\n\n"
    "- Helsefagprosjektet: Piloten består av at en arbeidsleder følger opp kandidater rekruttert fra NAV. "
    "Gjennom oppgavedeling finnes oppgaver som ikke krever helsefaglig kompetanse. "
    "Så langt har fire arbeidsledere jobbet med 103 deltakere, med foreløpig gode resultater. "
    "Av disse har nesten halvparten gått videre til utdanning eller lønnet jobb.\n"
    "- Byggprosjektet: Formålet er å forberede deltakerne til fagbrev.\n\n"
    "Kommunen har mange deltakere i andre tiltak og gode resultater der."
)


def test_a_list_item_goes_on_about_what_its_first_sentence_names():
    from assistant.sentences import passage_candidates

    items = [c.item for c in passage_candidates(0, ITEMS)]
    assert items == [None, 1, 1, 1, 1, 5, None]  # the lead-in, one item of four sentences, one of one, a paragraph
    assert [c.item for c in passage_candidates(0, "Første avsnitt. Andre setning.\n\nNytt avsnitt.")] == [None] * 3


def test_the_result_inside_a_list_item_answers_for_the_thing_the_item_names():
    from assistant.compose import choose
    from assistant.scoring import score_candidates
    from assistant.text import question_type
    from ingest.lexical import tokenize
    from tests.test_compose import passage

    text = ITEMS.split("\n\n", 1)[1]  # the items alone: the lead-in would bring the list
    # the corpus' own IDF of the question's words (the rest 1.0)
    idf = {t: 1.0 for t in tokenize(text)} | {"helsefagprosjekt": 6.52, "resultat": 2.67, "gitt": 3.83}
    idf |= {"deltaker": 2.9, "hatt": 3.35}
    for question in (
        "Hvilke resultater har helsefagprosjektet gitt?",
        "Hvor mange deltakere har helsefagprosjektet hatt?",
    ):
        scored, candidates = score_candidates(question, [passage(text)], idf=idf, kind=question_type(question))
        lead = choose(question, scored, candidates).texts(1)[0]
        assert "103 deltakere" in lead, question  # not the item's first sentence, not the other paragraph


def test_a_heading_line_over_a_list_leads_the_list_when_the_chunk_has_no_lead_in():
    text = "Hva kan regjeringen gjøre\n\n- Åpne for forsøk med felles utbetaling av stønader og ytelser.\n- Gi kommunene ansvar for oppfølgingen av deltakerne."
    composition, passages = compose("Hva kan regjeringen gjøre med utbetalingene?", text)
    lead = composition.blocks[0]
    assert lead.list_items, "the items are quoted as the heading's list"
    answer = render_blocks(composition.blocks, composition.candidates, [1], ["KS-notat"], "nb")
    assert answer.startswith("Ifølge KS-notat, under overskriften «Hva kan regjeringen gjøre»:")
    # the heading is the list's label, not a quoted sentence: the citation's sentences are the items
    from assistant.quotes import block_parts

    parts = [p.text for p in block_parts(lead, composition.candidates[lead.passage])]
    assert parts and all(p.startswith(("Åpne", "Gi")) for p in parts), parts
    # … and the citation's quote and span start at the first item, not at the heading glued to it
    from assistant.quotes import block_sentence

    span = block_sentence(lead, composition.candidates[lead.passage])
    assert span.text.startswith("Åpne for forsøk") and text[span.start :].startswith("Åpne")
    # a line that states something lost its full stop: it is no heading over the items after it
    text = "Tegn kan tyde på at denne tendensen avtar noe etter 2010\n\n- flere lovkrav knyttet til bemanning og kompetanse"
    candidates = passage_candidates(0, text)
    assert not candidates[0].lead_in


def test_a_relative_de_som_names_its_own_group_and_a_pointing_antecedent_is_not_put_first():
    from assistant.sentences import needs_antecedent

    assert not needs_antecedent("Av de som fikk en jobb, holder 70 % på den i minst fire år.")
    assert not needs_antecedent("De som deltar i programmet, får kvalifiseringsstønad.")
    assert needs_antecedent("Av disse har halvparten fått jobb.") and needs_antecedent("Det samme gjaldt kvinner.")
    text = (
        "Menn falt oftere utenfor arbeid i 2016. Det samme gjaldt til en viss grad kvinner. "
        "Videre var det flere unge i alderen 18-29 år som falt utenfor arbeid og utdanning i 2016."
    )
    composition, _ = compose("Hvor mange unge falt utenfor arbeid og utdanning i 2016?", text)
    assert not composition.texts(1)[0].startswith("Det samme")


def test_an_ocr_block_that_starts_with_a_space_under_a_cut_sentence_is_a_new_sentence():
    from assistant.sentences import passage_candidates
    from assistant.text import split_sentences

    text = (
        "Deltakerne kan bli i tiltaket fram til pensjonsalder. VTA er regulert i forskrift\n"
        " Statens utgifter til varig tilrettelagt arbeid bør\nses i forhold til kostnadene."
    )
    assert [s.text for s in split_sentences(text)][1:] == [
        "VTA er regulert i forskrift",
        "Statens utgifter til varig tilrettelagt arbeid bør ses i forhold til kostnadene.",
    ]
    quotable = [c.text for c in passage_candidates(0, text) if c.quotable]
    assert "VTA er regulert i forskrift" not in quotable  # the cut half is no quote
    # a wrapped line that starts with a name (no leading space) is the same sentence
    assert len(split_sentences("Det skjer i samarbeid med\nNAV-kontoret i kommunen.")) == 1


ENUMERATION = (
    "Frafallet i videregående skole er stort. Men for at bedrifter skal gjøre en innsats må noen betingelser være "
    "på plass. For det første må det lønne seg for bedriftene. Det betyr statlig medfinansiering. Det andre er at "
    "bedriftene må få hjelp til den praktiske gjennomføringen. Den tredje og den viktigste handler om å minimere "
    "risiko. Det betyr at midlertidig ansettelse er det mest effektive virkemiddelet. Seminaret sluttet med lunsj."
)


def test_an_announced_enumeration_is_quoted_with_all_its_points():
    for question in (
        "Hva må til for at bedrifter skal ta inn unge uten fullført videregående?",
        "Hvorfor må det lønne seg for bedriftene?",  # a point asked: its announcement and the other points come too
    ):
        composition, _ = compose(question, ENUMERATION, kind="tiltak")
        lead = " ".join(composition.texts(1))
        assert lead.startswith("Men for at bedrifter skal gjøre en innsats"), question
        assert "For det første" in lead and "Det andre er" in lead and "Den tredje" in lead, question
        assert "midlertidig ansettelse" in lead and "lunsj" not in lead, question
    # one ordinal alone is no enumeration; an ordinal adjective («Den første rapporten kom …») is none either
    for text in (
        "Her er to poenger. Det første er at rutiner mangler. Vi kom tilbake til dette.",
        "Prosjektet startet i 2019. Den første rapporten kom i 2020. Den andre rapporten kom i 2021.",
        "Rutiner ble innført i 2019. Det ble prøvd for det første året. For det andre året fikk prosjektet mer midler.",
    ):
        composition, _ = compose("Hva sier rapporten om rutiner og prosjektet?", text)
        assert all(len(block.positions) <= 2 for block in composition.blocks), text


def test_a_later_part_pointing_back_with_a_pronoun_is_answered_about_what_the_first_part_names():
    text = (
        "Batteriet er finansiert av direktoratet og drevet av Kirkens Bymisjon. Oppgaven er å være et ressurssenter "
        "for brukerorganisasjoner. Vi har Batterier i Bodø, Trondheim og Oslo."
    )
    other = "Det finnes ingen samlet oversikt over sosiale entreprenører i Norge."
    composition, _ = compose("Hvem finansierer og driver Batteriet, og hvor i landet finnes det?", text, other)
    quoted = " ".join(composition.texts())
    assert "Bodø" in quoted and "ingen samlet oversikt" not in quoted
    assert not composition.unanswered


def test_an_article_is_no_pronoun_pointing_back():
    from assistant.compose import _POINTS_BACK

    assert _POINTS_BACK.search("hvor i landet finnes det?")
    assert _POINTS_BACK.search("og hvem har ansvaret for den")
    assert not _POINTS_BACK.search("hva var det overordnede målet?")
    assert not _POINTS_BACK.search("hvor mange av de som deltok")


RUN_IN_LIST = (
    "Hva må til for at flere kommer i arbeid? 1. God \nsosial-/helsefaglig kompetanse, \nveiledningskompetanse i NAV og "
    "\nstøtteapparat, 2. God kontaktflate mot \narbeidslivet, dvs. arbeidsmarkedskontakt og samarbeid, 3. \nFaglig "
    "forankring innen metodikk for tidlig utplassering, 4. Kompetanse innen jobbmatch."
)


def test_a_numbered_list_run_into_a_paragraph_is_quoted_item_by_item():
    candidates = passage_candidates(0, RUN_IN_LIST)
    texts = [c.text for c in candidates]
    assert texts[1] == "1. God sosial-/helsefaglig kompetanse, veiledningskompetanse i NAV og støtteapparat,"
    assert texts[3].startswith("3. Faglig forankring") and texts[4] == "4. Kompetanse innen jobbmatch."
    assert all(c.bullet and c.quotable for c in candidates[1:])  # items, and «1. God …» is no numbered heading
    # a number after a comma that no item before leads up to ends its sentence as before
    assert [s.text for s in split_sentences("Vi så på punkt 2, 3.\nDet var bra.")] == [
        "Vi så på punkt 2, 3.",
        "Det var bra.",
    ]


def test_a_list_of_questions_is_no_answer_and_only_a_lone_question_labels_a_list():
    from assistant.compose import Block
    from assistant.quotes import heading_positions

    questions = passage_candidates(0, "Seks spørsmål:\n\n1. Hva er det viktigste kommunen gjør?\n2. Hva bør KS gjøre?")
    assert not any(c.quotable for c in questions[1:])
    text = "Batteriet er et ressurssenter. Hva må til for at flere kommer i arbeid?\n- NAV må følge opp tett.\n- Arbeidsgiverne må følges opp."
    candidates = passage_candidates(0, text)
    assert heading_positions(Block(0, [1, 2, 3], 0.0, list_items=[2, 3]), candidates) == [1]
    # a statement and the question in its paragraph before the list: no heading, both are quoted
    assert heading_positions(Block(0, [0, 1, 2, 3], 0.0, list_items=[2, 3]), candidates) == []
    # … but a question on a line of its own after the statement is the list's heading
    own_line = passage_candidates(0, text.replace("ressurssenter. Hva", "ressurssenter.\n\nHva"))
    assert heading_positions(Block(0, [0, 1, 2, 3], 0.0, list_items=[2, 3]), own_line) == [1]


def test_the_sentence_after_the_lead_is_not_the_next_item_of_a_list():
    text = "4. Nivået på sosialhjelpen må økes. Folk blir ikke mer passive når stønadene økes. 5. Bolig som en trygg base for arbeid."
    composition, _ = compose("Blir folk mer passive når stønadene økes?", text)
    assert composition.texts() == ["Folk blir ikke mer passive når stønadene økes."]


def test_a_question_putting_forward_one_main_explanation_is_answered_by_the_sentence_that_denies_it():
    from assistant.question import CLAIM

    text = (
        "Misforståelser på jobben skyldes ofte dårlig kommunikasjon.\n\n"
        "Forskerne fant at misforståelsene på jobben ikke bunner i dårlig norsk, men i ulik rolleforståelse."
    )
    question = "Skyldes misforståelser på jobben først og fremst dårlig norsk?"
    composition, _ = compose(question, text)
    assert composition.texts(1)[0].startswith("Forskerne fant")
    assert CLAIM.search("Hvorfor tar ikke flere voksne mer skolegang – skyldes det mest mangel på studieplasser?")
    assert not CLAIM.search("Hva er det viktigste tiltaket?") and not CLAIM.search("Hvem har mest ansvar for det?")


TABLE = (
    "Tabellen under viser oversikt over ulike stønader og utbetalinger fra NAV.\n\nStønad\tUtbetalingstidspunkt\n"
    "Dagpenger\t2 utbetalinger i måneden, 2-3 virkedager etter innsendt meldekort\n"
    "<i>Introduksjonsstønad</i>\tMånedlig, etter eget ønske/behov\nUføretrygd\t19.-20. hver måned\n\n"
    "Tre av disse stønadene er kommunale; kvalifiseringsstønad, introduksjonsstønad og økonomisk sosialhjelp."
)


def test_each_row_of_a_tab_separated_table_is_a_quotable_item_without_its_markup():
    candidates = passage_candidates(0, TABLE)
    rows = [c for c in candidates if c.bullet]
    assert [r.text for r in rows][1:] == [
        "Dagpenger 2 utbetalinger i måneden, 2-3 virkedager etter innsendt meldekort",
        "Introduksjonsstønad Månedlig, etter eget ønske/behov",
        "Uføretrygd 19.-20. hver måned",
    ]
    assert all(r.quotable for r in rows[1:])
    assert not candidates[-1].bullet and candidates[-1].text.startswith("Tre av disse")
    # two rows next to each other are quoted as two items, not glued into one sentence
    composition, _ = compose("Når i måneden utbetales dagpenger og introduksjonsstønad?", TABLE)
    lead = composition.blocks[0]
    answer = render_blocks(composition.blocks, composition.candidates, [1, 2, 3], ["KS-notat"], "nb")
    assert lead.list_items and "\n- «Dagpenger 2 utbetalinger" in answer, answer
