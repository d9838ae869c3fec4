from ingest.dedup import cleanliness, find_duplicates, signature

from .conftest import FIXTURES


def test_two_extractions_of_one_note_are_one_document():
    md = (FIXTURES / "corpus" / "ks-notat.md").read_text(encoding="utf-8")
    pdf = (FIXTURES / "corpus" / "ks-notat.pdf.txt").read_text(encoding="utf-8")
    other = (FIXTURES / "corpus" / "seminar.txt").read_text(encoding="utf-8")
    sigs = {"md": signature(md), "pdf": signature(pdf), "other": signature(other)}
    scores = {"md": cleanliness(md), "pdf": cleanliness(pdf), "other": cleanliness(other)}
    duplicates = find_duplicates(sigs, scores, threshold=0.7)
    assert [(d.document, d.kept) for d in duplicates] == [("pdf", "md")]
    assert duplicates[0].similarity >= 0.7


def test_cleaner_copy_has_longer_lines():
    assert cleanliness("en lang linje med mange ord i seg\n") > cleanliness("en\nkort\nlinje\n")
