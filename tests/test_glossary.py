"""English questions read in the documents' Norwegian words (assistant.glossary)."""

from assistant.compose import choose
from assistant.glossary import english_part, norwegian_terms, with_terms
from assistant.scoring import score_candidates
from tests.test_compose import passage


def test_domain_terms_phrases_first_names_and_numbers_kept():
    terms = norwegian_terms("Who pays the wage subsidy to employers in Bergen in 2021?").split()
    assert "lønnstilskudd" in terms and "arbeidsgivere" in terms
    assert "Bergen" in terms and "2021" in terms
    assert "tilskudd" not in terms  # «wage subsidy» is read as one phrase, not as «wage» + «subsidy»
    assert "Who" not in terms  # the word a sentence opens with is no name
    assert norwegian_terms("Hello there, nice weather today") == ""
    # general words of the field, and a phrase before its words
    terms = norwegian_terms("Does one Swedish youth push out a Norwegian one, and when is the payout date?").split()
    assert {"fortrenger", "svenske", "utbetalingsdato"} <= set(terms)


def test_each_part_of_an_english_question_gets_its_own_terms_before_its_question_mark():
    text = with_terms("What is individual placement and support, and who is it for?")
    assert text.startswith("What is individual placement and support individuell jobbstøtte")
    assert text.endswith(", and who is it for?")
    # a follow-up's topic in brackets stays last, so it is still read as the topic
    assert with_terms("Which benefits are paid by the municipality? (NAV stønader)").endswith("? (NAV stønader)")
    assert with_terms("Hello there?") == "Hello there?"


def test_an_english_question_leads_with_the_norwegian_sentence_that_answers_it():
    text = (
        "Opplæring på grunnskolenivå er et kommunalt ansvar. "
        "Unge som dropper ut av skolen, må sikres tett oppfølging. "
        "Fylkeskommunen har ansvaret for oppfølgingstjenesten for ungdom som har falt ut av videregående opplæring."
    )
    question = "Who is responsible for following up young people who drop out of upper secondary school?"
    scored, candidates = score_candidates(with_terms(question), [passage(text)], {}, "ansvar")
    lead = choose(with_terms(question), scored, candidates).texts(1)[0]
    assert lead.startswith("Fylkeskommunen har ansvaret")
    # without the glossary the English words meet none of the sentence's, and the first sentence leads
    scored, candidates = score_candidates(question, [passage(text)], {}, "ansvar")
    assert not choose(question, scored, candidates).texts(1)[0].startswith("Fylkeskommunen")


def test_a_part_not_found_is_named_in_the_users_english_words():
    question = "What is individual placement and support, and who is it for?"
    read = with_terms("What is individual placement and support")
    assert english_part(read, question) == "What is individual placement and support"
    assert english_part("who is it for?", question) == "who is it for?"
    assert english_part("something else entirely", question) == "something else entirely"
