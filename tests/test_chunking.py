import re

from rapidfuzz import fuzz

from ingest.chunking import chunk_document, merge_small_sections, overlap_start
from ingest.clean import clean_document
from ingest.lexicon import build_lexicon
from ingest.loaders import load_document
from ingest.metadata import document_meta, read_sources
from ingest.structure import Section

from .conftest import FIXTURES


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _chunks(name: str):
    path = FIXTURES / "corpus" / name
    loaded = load_document(path)
    meta = document_meta(name, loaded.raw_text, read_sources(FIXTURES / "corpus" / "sources.yaml").get(name))
    cleaned = clean_document(loaded, meta, build_lexicon([]))
    return loaded, chunk_document(cleaned, 1000, 150)


def _moved_footnote(text: str) -> bool:
    return bool(re.search(r"\n\n\d{1,3}\s+\S", text))


def test_chunks_point_back_to_their_raw_text():
    for name in ("hvitebok.ocr.txt", "ks-notat.md", "seminar.txt"):
        loaded, chunks = _chunks(name)
        assert chunks
        for chunk in chunks:
            raw = loaded.raw_text[chunk.start_char : chunk.end_char]
            # its words are its raw span's: a footnote moved behind the paragraph it cut reorders them, and the
            # span of a chunk that holds a moved footnote also covers the paragraph start the chunk before holds
            assert fuzz.token_set_ratio(_fold(raw), _fold(chunk.text)) >= 75, (name, chunk.chunk_id)
            assert fuzz.ratio(_fold(raw), _fold(chunk.text)) >= 75 or _moved_footnote(chunk.text), (
                name,
                chunk.chunk_id,
            )


def test_chunk_sizes_overlap_and_metadata():
    _, chunks = _chunks("hvitebok.ocr.txt")
    assert all(len(c.text) <= 1000 + 150 for c in chunks)
    ordered = sorted(chunks, key=lambda c: c.clean_start)
    overlaps = [b.clean_start < a.clean_end for a, b in zip(ordered, ordered[1:]) if a.section_path == b.section_path]
    assert overlaps and sum(overlaps) >= len(overlaps) // 2  # neighbours share a sentence
    assert max(len(c.text) for c in chunks) >= 600
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    assert all(c.ocr_repaired and c.short_title == "Meld. St. 32 (2020–2021)" for c in chunks)
    assert all(c.context_header.startswith("Meld. St. 32") for c in chunks)
    assert any(c.page == 38 for c in chunks)


def test_ocr_repair_reaches_the_chunks():
    _, chunks = _chunks("hvitebok.ocr.txt")
    text = " ".join(c.text for c in chunks)
    assert "oppfølging" in text or "være" in text or " på " in text
    assert " pa " not in text


def test_heading_without_body_merges_forward_but_short_sections_stay():
    text = (
        "2 Kapittel\n\n2.1 Del\n\n"
        + "Tekst om tiltak. " * 10
        + "\n\nHva kan KS gjøre?\n\nKS kan bistå kommunene med veiledning om ansettelser og gode rutiner.\n"
    )
    second = text.index("2.1 Del")
    third = text.index("Hva kan KS")
    sections = [
        Section(0, second, ("2 Kapittel",), "2"),
        Section(second, third, ("2 Kapittel", "2.1 Del"), "2.1"),
        Section(third, len(text), ("2 Kapittel", "2.1 Del", "Hva kan KS gjøre?"), "2.1"),
    ]
    merged = merge_small_sections(text, sections)
    assert merged[0] == Section(0, third, ("2 Kapittel", "2.1 Del"), "2.1")
    assert merged[1].path[-1] == "Hva kan KS gjøre?"


def test_overlap_starts_at_a_sentence():
    text = "Første setning er her. Andre setning følger. Tredje setning starter neste bit."
    start = text.index("Tredje")
    assert text[overlap_start(text, 0, start, 30) :].startswith("Andre setning følger.")
    assert overlap_start(text, 0, start, 5) == start  # no sentence start inside the window
