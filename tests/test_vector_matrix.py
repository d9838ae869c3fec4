"""The generation's vector matrix (vectors.npy): written at ingest, memory-mapped by the service, and a
missing or damaged one never stops an answer (the vectors come from Chroma instead, with one notice)."""

import logging
import shutil

import numpy as np
import pytest

from ingest import index as idx
from ingest.index import IndexLayout
from ingest.pipeline import ingest_corpus


@pytest.fixture
def copy(session_index, tmp_path):
    """A private copy of the session index (corpus and data) to damage."""
    shutil.copytree(session_index.corpus_dir, tmp_path / "corpus")
    shutil.copytree(session_index.data_dir, tmp_path / "data", ignore=shutil.ignore_patterns("ingest.lock"))
    return session_index.model_copy(update={"corpus_dir": tmp_path / "corpus", "data_dir": tmp_path / "data"})


def _open(settings):
    from assistant.store import open_snapshot

    return open_snapshot(settings)


def _chroma_vectors(snapshot) -> np.ndarray:
    return snapshot._chroma_matrix()


def test_ingest_writes_every_chunk_vector_in_chunk_order(session_index):
    generation = IndexLayout(session_index.data_dir).current()
    chunks = idx.read_chunks(generation)
    matrix = idx.read_vector_matrix(generation, len(chunks))
    assert matrix.shape[0] == len(chunks) and matrix.dtype == np.float32
    snapshot = _open(session_index)
    np.testing.assert_array_equal(matrix, _chroma_vectors(snapshot))  # the very vectors Chroma holds
    assert isinstance(snapshot.vector_matrix, np.memmap)  # mapped, not read into each worker's heap


def _remove(path):
    path.unlink()


def _truncate(path):
    path.write_bytes(path.read_bytes()[:200])


def _garbage(path):
    path.write_bytes(b"\x00not a numpy file" * 50)


def _wrong_rows(path):
    np.save(path, np.load(path)[:-1])


def _wrong_dtype(path):
    np.save(path, np.load(path).astype(np.float64))


def _one_dimensional(path):
    np.save(path, np.load(path).ravel())


DAMAGE = {
    "missing": _remove,
    "truncated": _truncate,
    "garbage": _garbage,
    "wrong_rows": _wrong_rows,
    "wrong_dtype": _wrong_dtype,
    "one_dimensional": _one_dimensional,
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_missing_or_damaged_matrix_falls_back_to_chroma_with_the_same_answers(copy, session_index, case, caplog):
    from assistant.chain import Assistant

    question = "Hvem har ansvaret for oppfølgingen av unge som står utenfor?"
    reference = Assistant(_open(session_index)).ask(question)
    generation = IndexLayout(copy.data_dir).current()
    DAMAGE[case](generation / idx.VECTOR_MATRIX)
    with caplog.at_level(logging.WARNING, logger="ingest.state"):
        snapshot = _open(copy)
    assert not isinstance(snapshot.vector_matrix, np.memmap)
    np.testing.assert_array_equal(snapshot.vector_matrix, _chroma_vectors(snapshot))
    lines = [r.getMessage() for r in caplog.records if r.name == "ingest.state" and "vectors.npy" in r.getMessage()]
    assert len(lines) <= 1 and all("assistant ingest" in line and "\n" not in line for line in lines)
    answer = Assistant(snapshot).ask(question)
    assert answer.answer == reference.answer and answer.citations == reference.citations


@pytest.mark.parametrize("case", ["missing", "truncated", "wrong_rows"])
def test_an_unchanged_ingest_writes_the_matrix_a_generation_lacks(copy, case):
    generation = IndexLayout(copy.data_dir).current()
    expected = np.load(generation / idx.VECTOR_MATRIX)
    DAMAGE[case](generation / idx.VECTOR_MATRIX)  # from before the matrix existed, or damaged
    report = ingest_corpus(copy)
    assert report.unchanged and report.encoded == 0  # from the vector cache: nothing encoded
    assert IndexLayout(copy.data_dir).current() == generation
    np.testing.assert_array_equal(idx.read_vector_matrix(generation, len(expected)), expected)
    assert not (generation / (idx.VECTOR_MATRIX + ".tmp")).exists()


def test_the_dense_worker_writes_the_matrix_of_the_generation_it_completes(copy):
    from ingest.pipeline import complete_dense_index

    shutil.rmtree(copy.data_dir / "generations")
    (copy.data_dir / "current.json").unlink()
    ingest_corpus(copy, dense=False)
    assert not (IndexLayout(copy.data_dir).current() / idx.VECTOR_MATRIX).exists()  # pending: no vectors yet
    complete_dense_index(copy)
    generation = IndexLayout(copy.data_dir).current()
    snapshot = _open(copy)
    matrix = idx.read_vector_matrix(generation, len(snapshot.chunks))
    np.testing.assert_array_equal(matrix, _chroma_vectors(snapshot))


def test_a_complete_generation_is_searched_in_its_matrix_without_opening_chroma(session_index):
    from assistant.chain import Assistant
    from assistant.filters import Filters
    from assistant.store import warm

    snapshot = _open(session_index)
    warm(snapshot)
    answer = Assistant(snapshot).ask("Hvem har ansvaret for oppfølgingen av unge som står utenfor?")
    assert answer.citations
    assert "vectorstore" not in snapshot.__dict__ and "use_chroma" not in snapshot.__dict__  # never loaded
    assert snapshot.dense_status().complete
    chroma = _open(session_index)  # the same search through Chroma's graph finds the same chunks
    for question in ("Hva er Ny sjanse?", "lønnstilskudd til arbeidsgivere", "Which measures help young people?"):
        exact = snapshot.dense_search(question, 5, Filters())
        vector = chroma.query_vector(question)
        found = chroma.vectorstore.similarity_search_by_vector_with_relevance_scores(vector, k=5)
        assert [i for i, _ in exact] == [chroma.position[d.metadata["chunk_id"]] for d, _ in found]
        assert [round(s, 4) for _, s in exact] == [round(1.0 - d, 4) for _, d in found]


def test_a_filtered_matrix_search_keeps_only_matching_chunks(session_index):
    from assistant.filters import Filters

    snapshot = _open(session_index)
    document = snapshot.chunks[0].document
    found = snapshot.dense_search("arbeid og inkludering", 50, Filters(documents=(document,)))
    assert found and all(snapshot.chunks[i].document == document for i, _ in found)
    assert snapshot.dense_search("arbeid", 5, Filters(documents=("finnes-ikke.pdf",))) == []


def test_nearest_orders_by_cosine_and_respects_the_allowed_rows():
    from assistant.stored_vectors import nearest

    matrix = np.array([[1, 0], [0, 1], [0.6, 0.8], [0.8, 0.6]], dtype=np.float32)
    query = np.array([1, 0], dtype=np.float32)
    assert [i for i, _ in nearest(matrix, query, 3, np.ones(4, dtype=bool))] == [0, 3, 2]
    allowed = np.array([False, True, True, False])
    assert [i for i, _ in nearest(matrix, query, 10, allowed)] == [2, 1]  # n beyond the allowed rows
    assert nearest(matrix, query, 3, np.zeros(4, dtype=bool)) == [] and nearest(matrix, query, 0, allowed) == []
    assert nearest(matrix, query, 1, np.ones(4, dtype=bool))[0][1] == pytest.approx(1.0)
