import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def session_index(tmp_path_factory) -> Settings:
    """The fixture corpus ingested once; tests that only read the index share it."""
    from ingest.pipeline import ingest_corpus

    base = tmp_path_factory.mktemp("session")
    corpus = base / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    settings = Settings(corpus_dir=corpus, data_dir=base / "data")
    ingest_corpus(settings)
    return settings


@pytest.fixture
def fixture_corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    return corpus


@pytest.fixture
def settings(fixture_corpus, tmp_path, session_index) -> Settings:
    """A private data folder, seeded with the session's vector cache so tests don't re-encode."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy2(session_index.data_dir / "vectors.sqlite", data / "vectors.sqlite")
    return Settings(corpus_dir=fixture_corpus, data_dir=data)


@pytest.fixture(scope="module")
def assistant(session_index):
    """The default chain over the session's fixture index."""
    from assistant.chain import Assistant
    from assistant.store import open_snapshot

    return Assistant(open_snapshot(session_index))


@pytest.fixture(scope="module")
def corpus(session_index) -> dict[str, str]:
    """The raw fixture documents, for checking citation spans."""
    from assistant.evaluation.records import load_corpus

    return load_corpus(session_index.corpus_dir)


def assert_resolves(corpus: dict[str, str], citation, statement: str) -> None:
    """The raw span is the quoted sentence, and it holds the statement's key words."""
    from rapidfuzz import fuzz

    from assistant.evaluation.metrics import token_overlap
    from assistant.text import fold

    raw = fold(corpus[citation.document][citation.start_char : citation.end_char])
    assert fuzz.ratio(raw, citation.quote) >= 80, (raw, citation.quote)
    assert token_overlap(statement, raw) >= 0.5, (statement, raw)
