"""The near-miss signals on the asked detail: a topic the corpus never speaks of, a § of a named law, an amount
or another country's detail in a sentence of its own."""

from dataclasses import replace

from assistant.chain import Assistant
from assistant.messages import NO_AMOUNT, NO_SECTION
from assistant.refusal import Refusal
from assistant.specifics import (
    abroad_undetailed,
    amount_unattached,
    associated,
    laws_named,
    novel_topic,
    novel_words,
    parts_of,
    uncited_laws,
)
from ingest.lexical import tokenize

VOCABULARY = set(
    tokenize("dokumentene sier jobb garanti langtidsledige kartlegging helse mat sentral utenforskap", compounds=False)
)
IDF = {stem: 1.0 + len(stem) / 4 for stem in VOCABULARY}
JOBS = ["Langtidsledige får tilbud om jobb og oppfølging.", "Staten gir ingen garanti for lån til kommunene."]


def test_a_compound_whose_parts_never_meet_in_a_sentence_is_a_topic_the_passages_do_not_speak_of():
    assert novel_words("Hva sier dokumentene om jobbgaranti for langtidsledige?", VOCABULARY) == ["jobbgaranti"]
    assert parts_of("jobbgaranti", VOCABULARY) == ["jobb", "garanti"]
    assert not associated("jobbgaranti", JOBS, VOCABULARY)  # «jobb» and «garanti», never together
    share = novel_topic("Hva sier dokumentene om jobbgaranti for langtidsledige?", JOBS, VOCABULARY, IDF)
    assert share > 0.25
    # the same compound is the passages' topic when its parts meet in one sentence
    met = ["Ordningen er en garanti for jobb til alle langtidsledige."]
    assert novel_topic("Hva sier dokumentene om jobbgaranti for langtidsledige?", met, VOCABULARY, IDF) == 0.0


def test_parts_of_short_corpus_words_and_hyphens_are_found():
    assert parts_of("matsentral", VOCABULARY) == ["mat", "sentral"]  # «mat» too short for the lexicon's split
    assert parts_of("fleksjob-ordning", VOCABULARY)[0] == "fleksjob"
    assert associated("helsekartleggingen", ["Vi gjorde en kartlegging av helse og levekår blant deltakerne."])


def test_a_common_word_or_the_asked_kind_is_no_novel_topic():
    # «paragraf» names the kind of answer (the documents write «§»), «flinkere» is an ordinary word
    assert novel_words("Hvilken paragraf gjelder for garanti?", VOCABULARY) == []
    assert novel_topic("Hvordan kan kommunene bli flinkere på utenforskap?", JOBS, VOCABULARY, IDF) == 0.0
    # a long question naming its topic in the documents' words carries the novel word lightly
    long = "Hva sier dokumentene om jobbgaranti, kartlegging av helse og utenforskap for langtidsledige?"
    assert novel_topic(long, JOBS, VOCABULARY, IDF) < novel_topic(
        "Hva sier dokumentene om jobbgaranti?", JOBS, VOCABULARY, IDF
    )


def test_a_section_must_stand_beside_the_law_the_question_asks_about():
    assert laws_named("Hvilken paragraf i folketrygdloven gir rett til AAP?") == ["folketrygdloven"]
    assert laws_named("Hvilken paragraf i forskrift om arbeidsmarkedstiltak gjelder?") == ["forskrift"]
    far = [
        "Det ble gitt midlertidig forskrift om unntak fra folketrygdloven og arbeidsmiljøloven i forbindelse med "
        "pandemien og midlertidig forskrift om unntak fra sosialtjenesteloven § 20."
    ]
    assert uncited_laws("Hvilken paragraf i folketrygdloven gir rett til AAP?", far) == ["folketrygdloven"]
    assert uncited_laws("Hvilken paragraf i sosialtjenesteloven gjelder vilkår?", far) == []
    cited = ["I henhold til NAV-lovens § 14a skal alle som henvender seg til NAV ha rett til en behovsvurdering."]
    assert uncited_laws("Hvilken paragraf i NAV-loven gir rett til en behovsvurdering?", cited) == []
    ocr = ["Ifelge integreringsloven § 13 bør kommunen legge til rette for deltakerne."]  # OCR-damaged text
    assert uncited_laws("Hvilken paragraf i integreringsloven gjelder dette?", ocr) == []
    assert uncited_laws("Hva sier folketrygdloven om AAP?", far) == []  # no § asked
    assert uncited_laws("Hvilken paragraf gjelder dette?", far) == []  # no law named


def test_an_amount_must_stand_in_a_sentence_naming_the_thing():
    idf = {"fontenehus": 6.0, "plass": 1.0, "vta": 5.0, "tilskudd": 2.0}
    sentences = ["Fontenehusene er medlemsbaserte.", "Tilskuddet til VTA er 174 000 kroner i året."]
    question = "Hvor mange kroner koster en plass i et fontenehus per år?"
    assert amount_unattached(question, ["number"], sentences, idf)
    assert not amount_unattached("Hvor stort er tilskuddet til VTA per år?", ["number"], sentences, idf)
    # a count is not money, and a question that asks no amount is not read
    assert amount_unattached("Hva koster en plass i et fontenehus?", ["number"], ["Fontenehus har 40 plasser."], idf)
    assert not amount_unattached("Hvor mange fontenehus finnes det?", ["number"], sentences, idf)
    # a size asked «i kroner» is money too; a follow-up names its thing in the topic the condenser added
    assert amount_unattached("Hvor stor var rammen for fontenehus i 2021, i kroner?", ["number"], sentences, idf)
    follow_up = "Og hvor mye penger er satt av til den? (fontenehus)"
    assert amount_unattached(follow_up, ["number"], sentences, idf)
    assert not amount_unattached("Og hvor mye penger er satt av til det? (VTA)", ["number"], sentences, idf)


def test_another_countrys_detail_must_stand_in_a_sentence_naming_the_country():
    sentences = [
        "Også de øvrige ytelsene har høyere kompensasjonsgrad i Norge enn i Sverige og Danmark.",
        "Uføretrygden gir en kompensasjonsgrad på 66 pst.",
    ]
    question = "Hvor høy er kompensasjonsgraden for uføreytelsen i Sverige, i prosent?"
    assert abroad_undetailed(question, ["number"], sentences) == ["Sverige"]
    given = ["I Sverige er kompensasjonsgraden 64 pst. av tidligere inntekt."]
    assert abroad_undetailed(question, ["number"], given) == []
    assert abroad_undetailed("Hvordan er ordningen i Sverige?", [None], sentences) == []  # no detail asked
    assert abroad_undetailed("Hvor høy er kompensasjonsgraden?", ["number"], sentences) == []  # no country


def test_the_refusals_say_which_detail_is_missing():
    assert Refusal(laws=("folketrygdloven",)).notices("nb") == [NO_SECTION["nb"].format(laws="folketrygdloven")]
    assert Refusal(amount=True).notices("nb") == [NO_AMOUNT["nb"]]
    assert Refusal(amount=True) and Refusal(laws=("x",)) and not Refusal()
    assert "section" in Refusal(laws=("NAV-loven",)).notices("en")[0]


def test_the_chain_declines_an_amount_the_documents_never_give_and_says_so(assistant):
    # the fixture KS note describes the work leader model in Kristiansand but gives no sum of money for it
    question = "Hvor mange kroner koster arbeidsledermodellen i Kristiansand per år?"
    declined = assistant.ask(question)
    assert declined.abstained and NO_AMOUNT["nb"] in declined.notices
    # without the rule the same question is not refused for a missing amount
    ablated = Assistant(assistant.snapshot, replace(assistant.options, amount_check=False)).ask(question)
    assert NO_AMOUNT["nb"] not in ablated.notices


def test_an_estimated_cost_of_a_whole_is_not_held_to_a_named_thing():
    from assistant.specifics import amount_unattached

    sentences = ["De fant at om 2 pst. av et årskull blir marginalisert, kan det utgjøre 5 mrd. kroner per årskull."]
    idf = {"ståend": 4.0, "samfunn": 2.0, "arbeidsliv": 1.5, "fontenehus": 6.0, "plass": 2.0}
    estimate = "Hva anslår man at det koster samfunnet når unge blir stående varig utenfor arbeidslivet?"
    assert not amount_unattached(estimate, ["number"], sentences, idf)
    # a cost of a named thing still needs an amount beside that thing
    assert amount_unattached("Hva koster en plass i et fontenehus?", ["number"], sentences, idf)


def test_a_question_whose_whole_topic_is_a_word_the_corpus_never_uses_is_named_in_its_variants():
    from assistant.specifics import unknown_topic

    vocabulary = set(tokenize("lønnstilskudd bostøtte KS kommunen rolle utenforskap tiltak langtidsledige ny lov"))
    for question, topic in (
        ("Hva sier dokumentene om borgerlønn som tiltak mot utenforskap?", ["borgerlønn"]),
        ("Hva står det om jobbgaranti for langtidsledige?", ["jobbgaranti"]),
        ("Hvilken rolle har frivilligsentralene i arbeidet mot utenforskap?", ["frivilligsentralene"]),
        ("Hva skriver meldingen om en basisinntekt?", ["basisinntekt"]),
        ("Hva sier dokumentene om lønnstilskudd?", []),  # a word the corpus uses
        ("Hvilken rolle har KS?", []),
        ("Hva sier dokumentene om den nye loven?", []),
        ("Hvordan virker frivilligsentralene i Finland?", []),  # the word is not the question's whole topic here
        # … but a scheme the corpus never names is unknown wherever the question names it
        ("Hvordan virker borgerlønn i Finland?", ["borgerlønn"]),
        ("Hvor lenge kan foreldre få pleiepenger når et barn er sykt?", ["pleiepenger"]),
        ("Hvor mye kan NAV gi i gravferdsstønad?", ["gravferdsstønad"]),
        ("Hvor mye lønnstilskudd kan en arbeidsgiver få?", []),  # a scheme the corpus uses
        ("Er det vanskelig for kommunene å stenge ute folk fra arbeidsutprøving?", []),  # no scheme's head
    ):
        assert unknown_topic(question, vocabulary) == topic, question
    assert Refusal(topic=("borgerlønn",)).notices("nb") == ["Dokumentene bruker ikke ordet «borgerlønn» noe sted."]
    assert "“borgerlønn”" in Refusal(topic=("borgerlønn",)).notices("en")[0]


def test_the_chain_declines_a_topic_the_documents_never_name_and_lists_the_closest_topics(assistant):
    question = "Hva sier dokumentene om borgerlønn som tiltak mot utenforskap?"
    declined = assistant.ask(question)
    assert declined.abstained and declined.citations == []
    assert declined.answer.startswith("Dette finner jeg ikke i dokumentene. Dokumentene bruker ikke ordet «borgerlønn»")
    assert "Nærmeste temaer" in declined.answer and declined.suggestions
    ablated = Assistant(assistant.snapshot, replace(assistant.options, topic_check=False)).ask(question)
    assert "borgerlønn" not in " ".join(ablated.notices)
