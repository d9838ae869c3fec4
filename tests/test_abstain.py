from assistant.abstain import (
    Evidence,
    asks_for_outcome,
    document_aliases,
    gather_evidence,
    only_plans,
    should_abstain,
    unanswered_reception,
    unknown_terms,
)

VOCABULARY = {"introduksjonsprogram", "nav", "kommun", "2021", "sverig"}


def test_names_quotes_and_future_years_the_corpus_lacks():
    question = "Hvilke regler gjelder for fordrevne fra Ukraina i introduksjonsprogram?"
    assert unknown_terms(question, VOCABULARY) == ("Ukraina",)
    assert unknown_terms("How does the 'etableringsjobb' scheme work?", VOCABULARY) == ("etableringsjobb",)
    assert unknown_terms("Hva er satsene i 2025?", VOCABULARY, newest_year=2024) == ("2025",)
    assert unknown_terms("Hva sa NAV i 2021?", VOCABULARY, newest_year=2024) == ()


def test_a_later_year_the_best_passages_name_is_left_to_the_judge():
    idf = {"opptrappingsplan": 5.0, "plass": 2.0}
    plan = "Regjeringen har lagt fram en opptrappingsplan for å øke antallet plasser med 2 000 (2024–2027)."
    question = "Hvor mange plasser skal opptrappingsplanen for 2024–2027 gi?"
    named = gather_evidence(question, [plan], idf, VOCABULARY, 0.9, newest_year=2024)
    assert named.unknown == ()  # the plan period is the documents' own
    elsewhere = gather_evidence(question, ["Opptrappingsplanen gir flere plasser."], idf, VOCABULARY, 0.9, 2024)
    assert elsewhere.unknown == ("2027",)
    # only years are left to the passages: a name the corpus lacks stays unknown whatever the passages say
    ukraina = gather_evidence(
        "Hva får flyktninger fra Ukraina i 2027?", [plan + " Ukraina"], idf, VOCABULARY, 0.9, 2024
    )
    assert ukraina.unknown == ("Ukraina",)


def test_sentence_initial_capital_is_not_a_name():
    assert unknown_terms("Kommunen har ansvar for introduksjonsprogram", VOCABULARY) == ()


def test_decision():
    assert should_abstain(Evidence(0.9, ("Ukraina",), 0.9), "nb", 0.2)
    assert should_abstain(Evidence(0.1, (), 0.9), "nb", 0.2)
    assert not should_abstain(Evidence(0.1, (), 0.9), "en", 0.2)  # English words never match Norwegian text
    assert not should_abstain(Evidence(0.5, (), 0.9), "nb", 0.2)


def test_outcome_questions_are_told_from_other_questions():
    assert asks_for_outcome("Hva viste resultatene fra forsøket med arbeidsorientert uføretrygd?")
    assert asks_for_outcome("Hvordan har det gått med prosjektet?")
    assert asks_for_outcome("Hva kom ut av kartleggingen ved NAV Sagene?")
    assert asks_for_outcome("What were the results of the trial?")
    assert not asks_for_outcome("Hva vil regjeringen gjøre for unge uføre?")
    assert not asks_for_outcome("Hvem har ansvaret for FACT ung?")
    assert not asks_for_outcome("Hva er resultatmålet for inkluderingsdugnaden?")
    assert not asks_for_outcome("Hvilken effekt forventer regjeringen av forsøket?")
    assert not asks_for_outcome("What results will the trial have?")
    # a conclusion and findings are what came of it too
    assert asks_for_outcome("Hva ble konklusjonen i utredningen om felles utbetalingsdato?")
    assert asks_for_outcome("Hvilke funn har partnerskapet gjort så langt?")
    assert not asks_for_outcome("Hvilke funksjoner har NAV-kontoret?")  # «funn» is a word, not a prefix


PLANS = [
    "Regjeringen er positive til forslaget fra utvalget, og vil starte planlegging av et forsøk med arbeidsorientert uføretrygd.",
    "Flertallet i utvalget har foreslått et avgrenset forsøk for nye unge søkere av uføretrygd.",
    "Partene i arbeidslivet blir involvert i arbeidet.",
]


def test_only_plans_needs_no_finding_and_mostly_plans():
    assert only_plans(PLANS)
    # a study still under way reports nothing yet
    ongoing = [
        "I avslaget informeres det om at det er under utredning å gjøre moderniseringer i utbetalingsløsningene.",
        "Vennesla kommune søkte om å bli forsøkskommune, men fikk avslag.",
        "Spørsmålet om harmonisering av utbetalingsdatoer utredes.",
    ]
    assert only_plans(ongoing)
    assert not only_plans(ongoing[1:2])  # a refusal alone is no plan
    finding = "En foreløpig evaluering viser ingen vesentlig forskjell mellom forsøket og vanlig VTA."
    assert not only_plans([*PLANS, finding])
    assert not only_plans(["Halvparten av ungdommene har gått over i ordinært arbeid.", PLANS[0]])
    # descriptions that neither plan nor report (ongoing work) are not taken for plans
    assert not only_plans(
        [
            "På Sagene er det lagt ned et betydelig arbeid i å følge opp 400 langtidsmottakere.",
            "Det foretas årlige kartlegginger av brukernes helseutfordringer.",
            PLANS[0],
        ]
    )
    assert not only_plans([])


DOCUMENTS = {
    "meld.txt": {
        "title": "Meld. St. 32 (2020–2021) Ingen utenfor — En helhetlig politikk",
        "short_title": "Meld. St. 32 (2020–2021)",
        "kind": "stortingsmelding",
        "date": "2021-06-04",
    },
    "ks.md": {
        "title": "Utenforskap og levekår — notat til KS",
        "short_title": "KS-notat Kristiansand (2024)",
        "kind": "KS-notat",
        "date": "2024-09-09",
    },
}


def test_document_aliases_name_the_document_as_questions_do():
    aliases = document_aliases(DOCUMENTS["meld.txt"])
    assert " meld st 32 " in aliases and " ingen utenfor " in aliases and " meldingen " in aliases


def test_reception_of_a_document_needs_a_later_document_that_mentions_it():
    question = "Hva ble resultatet da Stortinget behandlet Ingen utenfor-meldingen?"
    own = [("meld.txt", "Regjeringen vil komme tilbake til Stortinget med forslagene.")]
    assert unanswered_reception(question, DOCUMENTS, own) == ("Meld. St. 32 (2020–2021)",)
    later = [("ks.md", "Da Stortinget behandlet Ingen utenfor-meldingen, fikk forslaget om forsøk flertall.")]
    assert unanswered_reception(question, DOCUMENTS, own + later) == ()
    # no reception asked, no document named, or an event before the document: not this rule's business
    assert unanswered_reception("Hva sier Ingen utenfor-meldingen om lønnstilskudd?", DOCUMENTS, own) == ()
    assert unanswered_reception("Hva ble resultatet da Stortinget behandlet statsbudsjettet?", DOCUMENTS, own) == ()
    assert unanswered_reception("Hva sier meldingen om hva Stortinget vedtok i 2015?", DOCUMENTS, own) == ()


def test_a_common_english_name_is_a_translation_a_rare_one_is_unknown():
    question = "How do the Nordic countries compare with the Bürgergeld of Germany?"
    assert unknown_terms(question, VOCABULARY, language="en") == ("Bürgergeld",)
    assert "Nordic" in unknown_terms(question, VOCABULARY, language="nb")  # a Norwegian question has no translations
