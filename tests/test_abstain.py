from assistant.abstain import Evidence, should_abstain, unknown_terms

VOCABULARY = {"introduksjonsprogram", "nav", "kommun", "2021", "sverig"}


def test_names_quotes_and_future_years_the_corpus_lacks():
    question = "Hvilke regler gjelder for fordrevne fra Ukraina i introduksjonsprogram?"
    assert unknown_terms(question, VOCABULARY) == ("Ukraina",)
    assert unknown_terms("How does the 'etableringsjobb' scheme work?", VOCABULARY) == ("etableringsjobb",)
    assert unknown_terms("Hva er satsene i 2025?", VOCABULARY, newest_year=2024) == ("2025",)
    assert unknown_terms("Hva sa NAV i 2021?", VOCABULARY, newest_year=2024) == ()


def test_sentence_initial_capital_is_not_a_name():
    assert unknown_terms("Kommunen har ansvar for introduksjonsprogram", VOCABULARY) == ()


def test_decision():
    assert should_abstain(Evidence(0.9, ("Ukraina",), 0.9), "nb", 0.2)
    assert should_abstain(Evidence(0.1, (), 0.9), "nb", 0.2)
    assert not should_abstain(Evidence(0.1, (), 0.9), "en", 0.2)  # English words never match Norwegian text
    assert not should_abstain(Evidence(0.5, (), 0.9), "nb", 0.2)
