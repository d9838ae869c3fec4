"""Citation labels and pages on the real corpus: every label is a section the document has."""

from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.clean import clean_document
from ingest.loaders import load_document
from ingest.metadata import document_meta, read_sources
from ingest.outline import chapter_numbers, document_outline
from ingest.pipeline import corpus_files, lexicon_for_corpus

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
WHITE_PAPER = "meld-st-32-2020-2021-ingen-utenfor.ocr.txt"
AFI = "afi-2013-barrierer-mot-arbeid.txt"


@pytest.fixture(scope="module")
def documents():
    lexicon = lexicon_for_corpus(CORPUS)
    sources = read_sources(CORPUS / "sources.yaml")
    result = {}
    for path in corpus_files(CORPUS):
        loaded = load_document(path)
        cleaned = clean_document(loaded, document_meta(path.name, loaded.raw_text, sources.get(path.name)), lexicon)
        result[path.name] = (cleaned, chunk_document(cleaned), document_outline(cleaned))
    return result


def test_every_chunk_of_the_paged_documents_has_a_page(documents):
    for name in (WHITE_PAPER, AFI):
        _, chunks, _ = documents[name]
        assert chunks and all(c.page is not None and c.page >= 1 for c in chunks), name
        pages = [c.page for c in chunks]
        assert pages == sorted(pages) or sum(a > b for a, b in zip(pages, pages[1:])) <= len(pages) // 20


def test_chapters_are_the_documents_chapters(documents):
    afi = [n for n in chapter_numbers(documents[AFI][2]) if "." not in n]
    assert afi == ["1", "2", "3", "4"]
    white = [n for n in chapter_numbers(documents[WHITE_PAPER][2]) if "." not in n]
    assert white == [str(n) for n in range(1, 10)]  # 9 Økonomiske og administrative konsekvenser


def test_no_label_names_a_section_the_outline_lacks(documents):
    for name, (cleaned, chunks, outline) in documents.items():
        paths = {e.section_path for e in outline} | {""}
        chapters = set(chapter_numbers(outline))
        for chunk in chunks:
            assert chunk.section_path in paths, (name, chunk.section_path)
            assert (
                not chunk.section_number
                or chunk.section_number in chapters
                or chunk.section_number.startswith(("PS", "RS", "OS", "DS"))
            ), (name, chunk.section_number)
        for entry in outline:
            assert cleaned.text.text[entry.start :].lstrip().startswith(entry.title.split()[0]), (name, entry.title)


def test_every_talk_of_the_seminar_is_a_section(documents):
    talks = [e.title for e in documents[AFI][2] if e.kind == "talk"]
    assert len(talks) == 12
    for speaker in ("Knut Røed", "Kristian Andenæs", "Kai-Rune Myhrer", "Kirsten Rytter", "Anne Hege Strand"):
        assert sum(t.endswith(speaker) for t in talks) == 1, speaker
    rytter = [c for c in documents[AFI][1] if "NAV Sagene" in c.text and "130 ansatte" in c.text]
    assert all("PERTINAX" not in c.section_path for c in rytter)


def test_datelines_are_not_section_names(documents):
    for name, (_, _chunks, outline) in documents.items():
        assert not any(e.title.startswith(("Oslo, desember", "Arbeidsforskningsinstituttet, mai")) for e in outline), (
            name
        )


def test_real_word_repair_leaves_the_clean_documents_alone():
    """Run on each clean document with a model counted from the others: it must change (almost) nothing."""
    from ingest.lexicon import build_lexicon
    from ingest.realword import build_context_model, find_realword_repairs

    sources = read_sources(CORPUS / "sources.yaml")
    clean = {p.name: load_document(p).raw_text for p in corpus_files(CORPUS) if not sources.get(p.name, {}).get("ocr")}
    for name, text in clean.items():
        family = name.split(".")[0]
        others = [t for n, t in clean.items() if n.split(".")[0] != family]
        lexicon = build_lexicon(others)
        changes = find_realword_repairs(text, lexicon, build_context_model(text, lexicon))
        assert len(changes) <= 1, (name, [text[e.start : e.end] + "→" + e.replacement for e in changes])


def test_outline_from_the_stored_text_matches_the_chunks(documents):
    from ingest.outline import format_outline, outline_of_text, pages_from_chunks

    cleaned, chunks, outline = documents[AFI]
    stored = outline_of_text(cleaned.text.text, pages_from_chunks(chunks))
    assert [e.section_path for e in stored] == [e.section_path for e in outline]
    assert all(e.page is not None for e in stored if e.start >= chunks[0].clean_start)
    shown = format_outline(stored)
    assert "2 Seminarinnleggene" in shown and "[innlegg] " in shown and "(s. " in shown


def test_a_document_is_found_by_file_name_or_short_title():
    from ingest.outline import find_document

    entries = [
        {
            "document": "afi-2013-barrierer-mot-arbeid.txt",
            "meta": {"short_title": "AFI-rapport 2013:10", "title": "Barrierer"},
        },
        {"document": "ks-notat-kristiansand-2024.md", "meta": {"short_title": "KS-notat Kristiansand (2024)"}},
        {"document": "ks-notat-kristiansand-2024.pdf.txt", "meta": {"short_title": "KS-notat Kristiansand (2024)"}},
    ]
    assert find_document("afi-2013-barrierer-mot-arbeid.txt", entries) == "afi-2013-barrierer-mot-arbeid.txt"
    assert find_document("afi-rapport 2013:10", entries) == "afi-2013-barrierer-mot-arbeid.txt"
    assert find_document("afi", entries) == "afi-2013-barrierer-mot-arbeid.txt"
    assert find_document("ks-notat-kristiansand-2024.pdf.txt", entries) == "ks-notat-kristiansand-2024.pdf.txt"
    assert find_document("ks", entries) is None  # two documents: the user must say which
    assert find_document("ukjent", entries) is None
