"""The composer's sentence analysis is done once per passage text: the same candidates as a fresh analysis,
for any passage index, and a repeated passage is not split again."""

import pytest

from assistant import sentences
from assistant.sentences import _analysed, passage_candidates, prepare

TEXTS = {
    "prose": "Utenforskap handler om mer enn arbeid. Dette gjelder særlig unge. Kommunen har ansvaret for oppfølgingen.",
    "list": "Tiltakene er disse:\n- arbeidstrening for unge som står utenfor\n- oppfølging i skolen\n- tett kontakt med NAV",
    "english": "This summary is written in English and it is for the readers of the report. Videre arbeid følger.",
    "reference": "Se kapittel 4 for mer om dette. Hansen, A. (2019). Rapport 3/2019 om levekår.",
    "numbered": "1. Første punkt om inkludering i arbeidslivet.\n2. Andre punkt om bolig og levekår for familier.",
}


def _fresh(index: int, text: str, language: str = "nb"):
    return [sentences.Candidate(index, *fields) for fields in _analysed.__wrapped__(text, language)]


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("language", ["nb", "en"])
def test_cached_candidates_equal_a_fresh_analysis_for_any_passage_index(name, language):
    text = TEXTS[name]
    first = passage_candidates(0, text, language)
    again = passage_candidates(3, text, language)
    assert first == _fresh(0, text, language)
    assert again == _fresh(3, text, language)
    assert {c.passage for c in again} == {3} and [c.sentence for c in again] == [c.sentence for c in first]


def test_the_language_is_part_of_the_key():
    text = TEXTS["english"]
    assert [c.quotable for c in passage_candidates(0, text, "nb")] != [
        c.quotable for c in passage_candidates(0, text, "en")
    ]


def test_a_repeated_passage_is_not_split_again(monkeypatch):
    calls = []
    real = sentences.split_sentences
    monkeypatch.setattr(sentences, "split_sentences", lambda text: calls.append(text) or real(text))
    _analysed.cache_clear()
    text = TEXTS["prose"] + " En ny setning gjør teksten unik for denne testen."
    for index in range(5):
        passage_candidates(index, text)
    assert calls == [text]


def test_prepare_analyses_each_text_once_ahead_of_the_questions(monkeypatch):
    calls = []
    real = sentences.split_sentences
    monkeypatch.setattr(sentences, "split_sentences", lambda text: calls.append(text) or real(text))
    _analysed.cache_clear()
    texts = [TEXTS["prose"], TEXTS["list"], TEXTS["prose"]]
    prepare(texts)
    assert calls == [TEXTS["prose"], TEXTS["list"]]
    passage_candidates(1, TEXTS["list"])
    assert len(calls) == 2  # answered from what prepare did


def test_a_library_too_large_to_prepare_is_analysed_as_questions_reach_it(monkeypatch):
    calls = []
    real = sentences.split_sentences
    monkeypatch.setattr(sentences, "split_sentences", lambda text: calls.append(text) or real(text))
    monkeypatch.setattr(sentences, "PREPARED_TEXTS", 2)
    _analysed.cache_clear()
    prepare([TEXTS["prose"], TEXTS["list"], TEXTS["numbered"]])
    assert calls == []
    passage_candidates(0, TEXTS["list"])
    assert calls == [TEXTS["list"]]
