import pytest
from langchain_core.messages import AIMessage

from assistant.chain import Assistant, QuestionError
from assistant.drafting.findings import Reference, category_passages, format_date
from assistant.drafting.note import SECTIONS, _sources, draft_note, split_sections
from assistant.store import Filters, open_snapshot
from assistant.text import split_sentences

from .conftest import assert_resolves

TOPICS = ["arbeidsledermodellen", "unge utenfor arbeid og utdanning", "kvalifiseringsprogrammet og sosialhjelp"]


class Recording:
    """A chat model that answers with a fixed text (or fails) and remembers the prompts it got."""

    def __init__(self, reply: str | None):
        self.reply, self.prompts = reply, []

    def invoke(self, messages):
        self.prompts.append(messages[0].content)
        if self.reply is None:
            raise ConnectionError("ingen forbindelse")
        return AIMessage(content=self.reply)


def test_dates_and_references_read_like_a_reference_list():
    assert format_date("2021-06-04") == "4. juni 2021" and format_date("2013-05") == "mai 2013"
    reference = Reference(
        marker=1,
        document="x.txt",
        title="Meld. St. 32 (2020–2021) Ingen utenfor",
        publisher="Arbeids- og sosialdepartementet",
        date="2021-06-04",
        section="kap. 3.4",
        page=68,
        start_char=0,
        end_char=10,
        quote="…",
    )
    assert reference.text == (
        "Meld. St. 32 (2020–2021) Ingen utenfor. Arbeids- og sosialdepartementet, 4. juni 2021. kap. 3.4, s. 68."
    )


def test_model_text_is_split_under_the_known_headings():
    text = "## Bakgrunn\nA [1].\n\n### Tiltak:\nB [2].\nC [1].\n## Noe annet\nD [3]."
    assert split_sections(text) == {"bakgrunn": "A [1].", "tiltak": "B [2].\nC [1]."}


@pytest.mark.parametrize("topic", TOPICS)
def test_every_statement_of_the_note_is_cited_and_resolves(assistant, corpus, topic):
    note = draft_note(assistant, topic)
    assert not note.abstained and note.mode == "extractive"
    assert [s.heading for s in note.sections] == list(SECTIONS.values())
    statements = [s for section in note.sections for s in section.statements]
    assert len(statements) >= 3
    by_marker = {c.marker: c for c in note.citations}
    assert sorted(by_marker) == list(range(1, len(note.citations) + 1))
    for statement in statements:
        assert statement.markers and all(m in by_marker for m in statement.markers)
        for marker in statement.markers:
            assert_resolves(corpus, by_marker[marker], statement.quote or statement.text)
    assert [r.marker for r in note.references] == sorted(by_marker)
    for reference in note.references:
        assert reference.title and reference.date and reference.text.startswith(reference.title)


def test_references_carry_publisher_date_section_and_page(assistant):
    references = [
        r
        for topic in ("forholdet mellom arbeid og helse", "kjønnsforskjeller i skoleprestasjoner")
        for r in draft_note(assistant, topic).references
    ]
    white_paper = [r for r in references if r.document == "hvitebok.ocr.txt"]
    assert white_paper, [r.document for r in references]
    for reference in white_paper:
        assert reference.publisher == "Arbeids- og sosialdepartementet"
        assert reference.text.startswith(
            "Meld. St. 32 (2020–2021) Ingen utenfor (utdrag). Arbeids- og sosialdepartementet, 4. juni 2021."
        )
    paged = [r for r in white_paper if r.page]
    assert paged and all(f"s. {r.page}." in r.text and r.section in r.text for r in paged)


def test_document_filter_and_categories(assistant):
    note = draft_note(assistant, "unge utenfor arbeid", Filters(documents=("seminar.txt",)))
    assert note.citations and {c.document for c in note.citations} == {"seminar.txt"}
    responsibilities = next(s for s in note.sections if s.key == "ansvar")
    barriers = next(s for s in note.sections if s.key == "barrierer")
    assert all(s.text not in {b.text for b in barriers.statements} for s in responsibilities.statements)


def test_topic_outside_the_documents_is_declined(assistant):
    note = draft_note(assistant, "Hvilke særregler gjelder for fordrevne fra Ukraina?")
    assert note.abstained and note.citations == [] and note.notices
    assert all(not s.statements for s in note.sections)


@pytest.mark.parametrize("topic", ["", "   ", "x" * 4001])
def test_bad_topics_are_refused_in_norwegian(assistant, topic):
    with pytest.raises(QuestionError, match="Temaet er"):
        draft_note(assistant, topic)


def test_llm_note_goes_through_the_verifier(session_index, corpus):
    snapshot = open_snapshot(session_index)
    topic = "arbeidsledermodellen"
    sources = _sources(category_passages(snapshot, topic))
    first = next(s.text for s in split_sentences(sources[0].text) if len(s.text) > 60)
    reply = (
        f"## Bakgrunn\n{first} [1]\n\n## Utfordringer og barrierer\nKildene sier lite om dette.\n\n"
        "## Tiltak\nKommunen bygger 40 nye sykehjem i Tromsø [1].\n\n## Ansvar og roller\nDette er sikkert [99]."
    )
    model = Recording(reply)
    note = draft_note(Assistant(snapshot, model=model), topic)
    assert model.prompts and topic in model.prompts[0] and "## Ansvar og roller" in model.prompts[0]
    assert note.mode == "llm" and not note.abstained
    kept = [s for section in note.sections for s in section.statements]
    assert [s.text for s in kept] == [first]
    assert note.notices and "2 setning" in note.notices[0]
    assert_resolves(corpus, note.citations[0], kept[0].text)


def test_llm_note_falls_back_when_the_model_fails_or_invents(session_index):
    snapshot = open_snapshot(session_index)
    failed = draft_note(Assistant(snapshot, model=Recording(None)), "arbeidsledermodellen")
    assert failed.mode == "extractive" and failed.citations and "Språkmodellen" in failed.notices[0]
    invented = draft_note(
        Assistant(snapshot, model=Recording("## Tiltak\nKommunen bygger 40 sykehjem i Tromsø [1].")),
        "arbeidsledermodellen",
    )
    assert invented.mode == "extractive" and invented.citations and "1 setning" in invented.notices[0]


@pytest.mark.parametrize(
    "topic",
    [
        "Hvilke særregler gjelder for fordrevne fra Ukraina?",
        "Hvor mange bostedsløse ble registrert i kartleggingen i 2024?",
        "kvalifiseringsprogrammet og sosialhjelp",
    ],
)
def test_a_note_declines_exactly_when_the_chat_would_and_says_what_is_nearby(assistant, topic):
    chat = assistant.ask(topic)
    note = draft_note(assistant, topic)
    assert note.abstained == chat.abstained
    if chat.abstained:
        assert note.notices == [chat.answer] and note.notices[0].startswith("Dette finner jeg ikke i dokumentene.")


def test_the_notes_decision_is_the_answerability_judges(assistant, monkeypatch):
    from dataclasses import replace

    topic = "kvalifiseringsprogrammet og sosialhjelp"
    assert assistant.judge is not None and not draft_note(assistant, topic).abstained
    monkeypatch.setattr(assistant, "judge", replace(assistant.judge, threshold=0.0))  # declines everything judged
    declined = draft_note(assistant, topic)
    assert declined.abstained and all(not s.statements for s in declined.sections)
