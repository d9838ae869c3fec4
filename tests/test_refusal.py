"""The fixed refusal rules: a year later than the quoted document, and the reason each refusal gives."""

from dataclasses import replace

import pytest

from assistant.chain import Assistant, ChainOptions
from assistant.focus import focus_sentences
from assistant.later import document_month, later_months, later_years
from assistant.messages import ABROAD, LATER_YEAR, ONLY_PLANS
from assistant.refusal import Refusal

IDF = {"fontenehus": 6.0, "deltaker": 2.0, "norg": 0.5, "vta": 5.0}


def test_a_year_after_the_document_that_no_text_mentions_is_later():
    assert later_years("Hvor mange deltakere var det i 2023?", 2021, ["Det var 4 000 deltakere i 2019."]) == ["2023"]
    # a plan in the document names its own target year: not «later» than what the document speaks of
    assert later_years("Hva er målet for 2025?", 2021, ["Målet er 5 pst. innen 2025."]) == []
    assert later_years("Hva skjedde i 2019?", 2021, []) == []  # not after the document
    assert later_years("Hva skjedde i 2023?", None, []) == []  # a document without a date says nothing here
    assert later_years("Og i 2022 og 2023, og 2022 igjen?", 2021, ["I 2022 økte det."]) == ["2023"]


def test_a_later_month_of_the_documents_own_year_is_later():
    question = "Hva ble vedtatt på møtet i administrasjonsutvalget i mars 2021?"
    assert later_months(question, "2021-01-11", ["Møteplan for 2021 vedtas."]) == ["mars 2021"]
    assert later_months(question, "2021-06-04", []) == []  # before the document's date
    assert later_months(question, "2021-01-11", ["Neste møte er i mars 2021."]) == []  # the document names it
    assert later_months(question, "2021", []) == []  # a date without a month cannot tell
    assert later_months("Hva skjedde i mars 2022?", "2021-01-11", []) == []  # a later year: later_years' part
    assert document_month("2021-01-11") == "januar 2021" and document_month("2021") == ""
    refusal = Refusal(later=("mars 2021",), document_year=2021, document_month="januar 2021")
    assert refusal.notices("nb") == [LATER_YEAR["nb"].format(years="mars 2021", year="januar 2021")]


def test_only_sentences_naming_the_focus_can_mention_the_asked_year():
    texts = ["Fontenehusene har om lag 3 000 deltakere. Antall deltakere i VTA økte i 2023."]
    chosen = focus_sentences("Hvor mange deltakere hadde fontenehusene i Norge i 2023?", IDF, texts)
    assert chosen == ["Fontenehusene har om lag 3 000 deltakere."]
    assert later_years("Hvor mange deltakere hadde fontenehusene i 2023?", 2021, chosen) == ["2023"]
    # a question naming no specific thing reads every sentence
    assert len(focus_sentences("Hva skjedde i 2023?", {}, texts)) == 2


def test_a_refusal_says_why_in_the_users_language():
    later = Refusal(later=("2023",), document_year=2021)
    assert later and later.notices("nb") == [LATER_YEAR["nb"].format(years="2023", year=2021)]
    assert "2023" in later.notices("en")[0] and "2021" in later.notices("en")[0]
    assert Refusal(abroad=("Danmark",)).notices("nb") == [ABROAD["nb"].format(places="Danmark")]
    assert Refusal(plans=True, later=("2023",)).notices("nb") == [ONLY_PLANS["nb"]]  # plans first
    assert not Refusal() and Refusal().notices("nb") == []
    assert Refusal().notices("nb", plan_lead=True) == [ONLY_PLANS["nb"]]  # the judge's plan signal


@pytest.mark.parametrize(
    ("question", "asked", "documented"),
    [
        ("Hvor mange bedrifter var medlem i NHO i 2019?", "2019", "2013"),  # the seminar report is from 2013
        # a later month of the document's own year: the report is from May 2013
        ("Hvor mange bedrifter var medlem i NHO i desember 2013?", "desember 2013", "mai 2013"),
    ],
)
def test_the_chain_declines_a_date_after_its_documents_and_names_it(session_index, question, asked, documented):
    from assistant.store import open_snapshot

    snapshot = open_snapshot(session_index)
    strict = Assistant(snapshot, replace(ChainOptions(), answerability_check=False))
    answer = strict.ask(question)
    assert answer.abstained
    assert any(asked in n and documented in n for n in answer.notices), answer.notices
    loose = Assistant(snapshot, replace(ChainOptions(), answerability_check=False, year_check=False))
    assert not loose.ask(question).abstained  # the rule, not another check, declined it
