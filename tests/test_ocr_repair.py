from pathlib import Path

import pytest

from ingest.hyphenation import find_hyphenation_joins
from ingest.lexicon import build_lexicon
from ingest.mapped_text import MappedText
from ingest.ocr_repair import find_ocr_repairs, repair_ocr_text
from ingest.wer import word_error_rate

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT.parent / "shared" / "eval" / "ocr"
CLEAN = "Målet er bedre levekår og læring. NAV-kontoret gir oppfølging til brukere. Hun sa at det hjalp."


@pytest.fixture(scope="module")
def lexicon():
    return build_lexicon([CLEAN])


def repair(text: str, lexicon) -> str:
    return repair_ocr_text(text, lexicon)[0]


def test_lexicon_knows_words_and_compounds(lexicon):
    assert lexicon.is_known("Levekår")
    assert lexicon.is_known("arbeidsmarkedstiltak")  # arbeidsmarked + s + tiltak
    assert lexicon.is_known("NAV-kontoret")
    assert not lexicon.is_known("xqzvb")
    assert lexicon.frequency("på") > lexicon.frequency("pa")


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("bedre levekar for alle", "bedre levekår for alle"),  # å read as a
        ("det er avgjerende for barn", "det er avgjørende for barn"),  # ø read as e
        ("skoler som lofter alle", "skoler som løfter alle"),  # ø read as o
        ("mulighet til leering og", "mulighet til læring og"),  # æ read as ee
        ("Det er seerlig viktig", "Det er særlig viktig"),
        ("de ma derfor starte", "de må derfor starte"),
        ("det gér i arv", "det går i arv"),  # å read as é
        ("det er ogsd viktig", "det er også viktig"),  # å read as d
        ("gode oppvekstsvilkar er", "gode oppvekstsvilkår er"),  # repaired compound
    ],
)
def test_letter_confusions(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("muligheter til & utvikle seg", "muligheter til å utvikle seg"),
        ("og til 4 redusere forskjeller", "og til å redusere forskjeller"),
        ("viktig for a forebygge", "viktig for å forebygge"),
        ("utvikling. A mestre skole", "utvikling. Å mestre skole"),
        ("Det & st uten jobb", "Det å stå uten jobb"),
    ],
)
def test_infinitive_marker(lexicon, raw, fixed):
    assert repair(raw, lexicon) == fixed


def test_number_four_stays_a_number(lexicon):
    assert repair("det var 4 prosent av dem", lexicon) == "det var 4 prosent av dem"
    assert repair("Grue, L. P. & Finnvold, J. E.", lexicon) == "Grue, L. P. & Finnvold, J. E."


def test_valid_word_changes_only_without_contrary_context(lexicon):
    assert repair("barn far ofte mindre støtte", lexicon) == "barn får ofte mindre støtte"
    assert repair("Han sa at det gikk bra", lexicon) == "Han sa at det gikk bra"  # "sa at" seen in clean text


def test_pa_before_a_word_is_paa(lexicon):
    assert repair("god start pa livet", lexicon) == "god start på livet"


def test_one_read_for_i(lexicon):
    assert repair("og det siste 1 2011.", lexicon) == "og det siste i 2011."
    assert repair("oppdrag. 1 avtalen vektlegges", lexicon) == "oppdrag. I avtalen vektlegges"
    assert repair("regjeringen 1a vekt", lexicon) == "regjeringen la vekt"
    assert repair("se kapittel 1 og 2", lexicon) == "se kapittel 1 og 2"


def test_footnote_markers(lexicon):
    assert repair("stimulering hjemme enn andre.? Barn", lexicon) == "stimulering hjemme enn andre.2 Barn"
    assert repair("felles samfunnsoppdrag.»® I avtalen", lexicon) == "felles samfunnsoppdrag.»3 I avtalen"


@pytest.mark.parametrize(
    "text",
    [
        "for mange barn er det for sent",  # "for" is valid, no evidence for "før"
        "Han sa at NAV-kontoret i Oslo har 2,8 millioner brukere.",
        "Barth og Ostbakken viser at OECD og PIAAC måler ferdigheter.",
        "The report is on employment and inclusion.",
        "Se f.eks. bl.a. kapittel 3.2 og nav.no.",
    ],
)
def test_valid_text_is_left_alone(lexicon, text):
    assert repair(text, lexicon) == text


def test_repairs_are_word_sized_and_keep_offsets_monotone(lexicon):
    raw = "Gode oppvekstsvilkar er avgjerende. Det & st uten fullfert videregdende oppleering oker risikoen.\n"
    joined = MappedText.identity(raw).apply(find_hyphenation_joins(raw, lexicon))
    edits = find_ocr_repairs(joined.text, lexicon)
    assert all(" " not in joined.text[e.start : e.end] for e in edits)
    repaired = joined.apply(edits)
    assert list(repaired.offsets) == sorted(repaired.offsets)
    assert repaired.text == (
        "Gode oppvekstsvilkår er avgjørende. Det å stå uten fullført videregående opplæring øker risikoen.\n"
    )


def test_word_error_rate():
    assert word_error_rate("a b c", "a b c") == 0.0
    assert word_error_rate("a x c", "a b c") == pytest.approx(1 / 3)
    assert word_error_rate("a b", "a b c d") == pytest.approx(0.5)


@pytest.mark.skipif(not GOLD_DIR.is_dir(), reason="gold OCR excerpts not available")
def test_gold_excerpts_word_error_rate_at_most_four_percent():
    clean = [
        p.read_text(encoding="utf-8")
        for p in (ROOT / "corpus").iterdir()
        if p.is_file() and not p.name.endswith(".ocr.txt")
    ]
    lexicon = build_lexicon(clean)
    raws = sorted(GOLD_DIR.glob("excerpt*.raw.txt"))
    assert raws
    for raw_path in raws:
        gold = raw_path.with_name(raw_path.name.replace(".raw.", ".gold.")).read_text(encoding="utf-8")
        repaired, _ = repair_ocr_text(raw_path.read_text(encoding="utf-8"), lexicon)
        assert word_error_rate(repaired, gold) <= 0.04, raw_path.name
