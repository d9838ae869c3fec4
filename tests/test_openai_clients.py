"""The clients people already use, against the live server: the `openai` package and LangChain's ChatOpenAI get
cited answers with links, streams with usage, front-end task answers, and errors whose Norwegian message shows."""

import json
import re

import pytest

from assistant.api.app import create_app
from assistant.chain import MAX_QUESTION_CHARS
from assistant.settings import Settings

from .live_server import serving

QUESTION = "Hva er arbeidsledermodellen?"
MODEL = "utenforskap-assistent"
MARKDOWN_LINK = re.compile(r"^- \[(\d+)\] \[[^\n]+?\]\((http[^)\s]+/kilde/[^)\s]+)\): «([^\n]+)»$", re.MULTILINE)
ABSTENTION = re.compile(r"finner ikke|fant ikke|kan ikke svare", re.IGNORECASE)


@pytest.fixture(scope="module")
def live_url(session_index, assistant, tmp_path_factory):
    settings = Settings(
        corpus_dir=session_index.corpus_dir,
        data_dir=session_index.data_dir,
        sessions_db=str(tmp_path_factory.mktemp("clients") / "sessions.sqlite"),
    )
    with serving(create_app(settings, assistant)) as url:
        yield url


@pytest.fixture(scope="module")
def client(live_url):
    from openai import OpenAI

    return OpenAI(base_url=f"{live_url}/v1", api_key="ikke-brukt", max_retries=0)


def test_openai_answer_has_one_markdown_link_per_source_with_its_quote(client, assistant):
    reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": QUESTION}])
    content = reply.choices[0].message.content
    expected = assistant.ask(QUESTION).citations
    links = MARKDOWN_LINK.findall(content)
    assert [int(marker) for marker, _, _ in links] == [c.marker for c in expected]
    for (_, url, quote), citation in zip(links, expected, strict=True):
        assert f"start={citation.start_char}&end={citation.end_char}" in url
        assert quote.replace("\\", "") == " ".join(citation.quote.split())
    sources = reply.model_extra["sources"]
    assert [s["url"] for s in sources] == [url for _, url, _ in links] == reply.model_extra["citations"]
    assert reply.usage.completion_tokens >= len(content) // 5 and reply.usage.prompt_tokens >= len(QUESTION) // 5
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


def test_openai_stream_with_usage_when_asked_and_without_when_not(client):
    chunks = list(
        client.chat.completions.create(
            model=MODEL,
            stream=True,
            stream_options={"include_usage": True},
            messages=[{"role": "user", "content": QUESTION}],
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "[1]" in text and len(MARKDOWN_LINK.findall(text)) >= 1
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0
    assert all(c.usage is None for c in chunks[:-1])
    plain = list(
        client.chat.completions.create(model=MODEL, stream=True, messages=[{"role": "user", "content": QUESTION}])
    )
    assert all(c.usage is None for c in plain) and plain[-1].choices[0].finish_reason == "stop"


@pytest.mark.parametrize(
    "messages,expected",
    [
        ([{"role": "user", "content": ""}], "Spørsmålet er tomt"),
        ([{"role": "user", "content": "   \n"}], "Spørsmålet er tomt"),
        ([{"role": "user", "content": [{"type": "text", "text": ""}]}], "Spørsmålet er tomt"),
        ([{"role": "user", "content": "x" * (MAX_QUESTION_CHARS + 100_000)}], "Spørsmålet er for langt"),
        ([{"role": "system", "content": "Du er en hjelpsom assistent."}], "Siste melding må være fra brukeren"),
        ([{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "Svar"}], "Siste melding"),
        ([], "Siste melding"),
    ],
)
def test_openai_errors_show_the_norwegian_message(client, messages, expected):
    from openai import UnprocessableEntityError

    with pytest.raises(UnprocessableEntityError) as caught:
        client.chat.completions.create(model=MODEL, messages=messages)
    assert expected in str(caught.value)
    assert caught.value.body["message"].startswith(expected) and caught.value.body["type"] == "invalid_request_error"


@pytest.mark.parametrize("model", ["gpt-4o", "", "utenforskap-assistent-v2"])
def test_unknown_model_is_not_found(client, model):
    from openai import NotFoundError

    with pytest.raises(NotFoundError) as caught:
        client.chat.completions.create(model=model, messages=[{"role": "user", "content": QUESTION}])
    assert caught.value.code == "model_not_found" and "Ukjent modell" in str(caught.value)
    assert MODEL in str(caught.value)


def test_wrong_api_key_and_unknown_path_are_openai_errors(session_index, assistant, tmp_path):
    from openai import AuthenticationError, NotFoundError, OpenAI

    settings = Settings(
        corpus_dir=session_index.corpus_dir,
        data_dir=session_index.data_dir,
        sessions_db=str(tmp_path / "sessions.sqlite"),
        api_key="hemmelig",
    )
    with serving(create_app(settings, assistant)) as url:
        wrong = OpenAI(base_url=f"{url}/v1", api_key="feil", max_retries=0)
        with pytest.raises(AuthenticationError) as caught:
            wrong.models.list()
        assert "API-nøkkel" in str(caught.value) and caught.value.code == "invalid_api_key"
        right = OpenAI(base_url=f"{url}/v1", api_key="hemmelig", max_retries=0)
        assert [m.id for m in right.models.list()] == [MODEL]
        with pytest.raises(NotFoundError) as caught:
            right.embeddings.create(model=MODEL, input="hei")
        assert "Ukjent adresse" in str(caught.value)


# --- front-end tasks (templates as Open WebUI sends them, a system prompt as LibreChat and others do) ---------------

OPEN_WEBUI_TITLE = """### Task:
Generate a concise, 3-5 word title with an emoji summarizing the chat history.
### Guidelines:
- The title should clearly represent the main theme or subject of the conversation.
- Write the title in the chat's primary language; default to English if multilingual.
### Output:
JSON format: { "title": "your concise title here" }
### Chat History:
<chat_history>
USER: {question}
ASSISTANT: {answer}
</chat_history>"""

OPEN_WEBUI_TAGS = OPEN_WEBUI_TITLE.replace(
    "Generate a concise, 3-5 word title with an emoji summarizing the chat history.",
    "Generate 1-3 broad tags categorizing the main themes of the chat history.",
).replace('{ "title": "your concise title here" }', '{ "tags": ["tag1", "tag2", "tag3"] }')

OPEN_WEBUI_FOLLOW_UPS = OPEN_WEBUI_TITLE.replace(
    "Generate a concise, 3-5 word title with an emoji summarizing the chat history.",
    "Suggest 3-5 relevant follow-up questions or prompts that the user might naturally ask next.",
).replace('{ "title": "your concise title here" }', '{ "follow_ups": ["Question 1?", "Question 2?"] }')


def _task(client, template: str, question: str, answer: str) -> str:
    content = template.replace("{question}", question).replace("{answer}", answer)
    reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": content}])
    return reply.choices[0].message.content


@pytest.fixture(scope="module")
def first_answer(client) -> str:
    return (
        client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": QUESTION}])
        .choices[0]
        .message.content
    )


@pytest.mark.parametrize(
    "question,words",
    [
        (QUESTION, ["arbeidsledermodellen"]),
        ("Hvem har ansvaret for ettervern for unge mellom 18 og 23?", ["ansvaret", "ettervern"]),
        ("Fortell om barrierer mot arbeid for unge uten fullført videregående", ["barrierer"]),
        ("What is the Norwegian white paper on exclusion about?", ["norwegian", "white paper"]),
    ],
)
def test_open_webui_title_request_gets_a_title_from_the_question(client, first_answer, question, words):
    title = json.loads(_task(client, OPEN_WEBUI_TITLE, question, first_answer))["title"]
    assert 0 < len(title.split()) <= 8 and not ABSTENTION.search(title) and "?" not in title
    assert all(w in title.lower() for w in words), title


def test_open_webui_tags_and_follow_ups_come_from_the_answers_sources(client, first_answer, assistant):
    documents = {c.document for c in assistant.ask(QUESTION).citations}
    titles = {assistant.snapshot.catalog[d].short_title for d in documents}
    kinds = {assistant.snapshot.catalog[d].kind for d in documents}
    tags = json.loads(_task(client, OPEN_WEBUI_TAGS, QUESTION, first_answer))["tags"]
    assert tags and set(tags) <= titles | kinds
    follow_ups = json.loads(_task(client, OPEN_WEBUI_FOLLOW_UPS, QUESTION, first_answer))["follow_ups"]
    assert follow_ups and all(q.endswith("?") and any(t in q for t in titles) for q in follow_ups)
    # without any linked source there is nothing to suggest, rather than an invented question
    assert json.loads(_task(client, OPEN_WEBUI_FOLLOW_UPS, QUESTION, "Hei."))["follow_ups"] == []


@pytest.mark.parametrize(
    "system",
    [
        "Write a concise title (5 words or less) for this conversation. Reply with the title only.",
        "Lag en kort tittel på samtalen. Svar bare med tittelen.",
    ],
)
def test_a_system_prompt_asking_for_a_title_gets_a_plain_title(client, system):
    reply = client.chat.completions.create(
        model=MODEL, messages=[{"role": "system", "content": system}, {"role": "user", "content": QUESTION}]
    )
    title = reply.choices[0].message.content
    assert title == "Arbeidsledermodellen"
    assert "sources" not in reply.model_extra


def test_json_response_format_gets_json_not_an_answer(client):
    reply = client.chat.completions.create(
        model=MODEL,
        response_format={"type": "json_object"},
        messages=[
            {"role": "system", "content": 'Return a title for the chat as JSON: {"title": "..."}'},
            {"role": "user", "content": QUESTION},
        ],
    )
    assert json.loads(reply.choices[0].message.content) == {"title": "Arbeidsledermodellen"}


@pytest.mark.parametrize(
    "question",
    ["Hva er tittelen på stortingsmeldingen om utenforskap?", "Lag en tittel på et notat om arbeidsledermodellen"],
)
def test_questions_that_mention_titles_are_still_answered_from_the_documents(client, question):
    reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": question}])
    assert "sources" in reply.model_extra or ABSTENTION.search(reply.choices[0].message.content)


# --- LangChain's ChatOpenAI ----------------------------------------------------------------------------------------


def test_langchain_chat_openai_answers_streams_and_shows_errors(live_url):
    import openai
    from langchain_openai import ChatOpenAI

    chat = ChatOpenAI(base_url=f"{live_url}/v1", api_key="ikke-brukt", model=MODEL, max_retries=0, timeout=60)
    answer = chat.invoke(QUESTION)
    assert MARKDOWN_LINK.findall(answer.content) and "[1]" in answer.content
    assert answer.usage_metadata["output_tokens"] > 0
    streamed = "".join(chunk.content for chunk in chat.stream(QUESTION))
    assert streamed.strip() == answer.content.strip()
    with pytest.raises(openai.UnprocessableEntityError, match="Spørsmålet er tomt"):
        chat.invoke(" ")
    with pytest.raises(openai.NotFoundError, match="Ukjent modell"):
        ChatOpenAI(base_url=f"{live_url}/v1", api_key="x", model="gpt-4o", max_retries=0).invoke(QUESTION)
