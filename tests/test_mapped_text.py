import pytest

from ingest.mapped_text import Edit, MappedText, apply_edits


def test_edits_keep_raw_offsets():
    raw = "lang-\nvarig utenfor pa jobb"
    text = MappedText.identity(raw).apply([Edit(4, 6, ""), Edit(20, 22, "på")])
    assert text.text == "langvarig utenfor på jobb"
    start = text.text.index("på")
    assert text.raw_span(start, start + 2) == (20, 22)
    assert raw[slice(*text.raw_span(0, 9))] == "lang-\nvarig"


def test_insertion_maps_to_its_position():
    text = MappedText.identity("ab").apply([Edit(1, 1, "XY")])
    assert text.text == "aXYb"
    assert text.offsets == (0, 1, 1, 1)


def test_overlapping_edits_are_rejected():
    with pytest.raises(ValueError):
        MappedText.identity("abcdef").apply([Edit(0, 3, "x"), Edit(2, 4, "y")])


def test_apply_edits_plain():
    assert apply_edits("Malet er", [Edit(0, 5, "Målet")]) == "Målet er"
