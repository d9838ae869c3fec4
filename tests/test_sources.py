"""A question that names its source gets that source's passages first (assistant.sources)."""

from dataclasses import replace

from assistant.sources import named_sources, prefer_named
from tests.test_compose import passage

DOCUMENTS = [
    ("Meld. St. 32 (2020–2021) Ingen utenfor — En helhetlig politikk", "Meld. St. 32 (2020–2021)", "stortingsmelding"),
    ("Barrierer mot arbeid for langtidsmottakere av sosialhjelp", "AFI-rapport 2013:10", "seminarrapport"),
    ("Utenforskap, levekår og arbeidsinkludering — notat til KS fra Kristiansand kommune", "KS-notat Kristiansand", "KS-notat"),
    ("Indre Fosen kommune, Administrasjonsutvalget — møtedokumenter med KS' debatthefte 2021", "Indre Fosen", "møtedokument"),
]  # fmt: skip
PASSAGES = [replace(passage("tekst", title, short), kind=kind) for title, short, kind in DOCUMENTS]


def test_a_source_word_with_its_name_names_one_document():
    for question, named in (
        ("Hva sier «Ingen utenfor»-meldingen om utviklingen siden?", "Meld. St. 32 (2020–2021)"),
        ("Hva sier meldingen om lønnstilskudd?", "Meld. St. 32 (2020–2021)"),
        ("Ble noe lignende foreslått allerede på AFI-seminaret i 2013?", "AFI-rapport 2013:10"),
        ("Hva står i AFI-rapporten om kvalifiseringsprogrammet?", "AFI-rapport 2013:10"),
        ("Sier Kristiansand-notatet fra 2024 noe annet om årsakene?", "KS-notat Kristiansand"),
        ("Hvor mange deltakere har tiltaket, ifølge KS-notatet?", "KS-notat Kristiansand"),
        ("Hvilket tall brukte KS i debattheftet sitt fra 2021?", "Indre Fosen"),
        ("Hva sier KS-heftet om statlig styring?", "Indre Fosen"),
        ("What does the Kristiansand note say about payouts?", "KS-notat Kristiansand"),
        ("What does the Norwegian white paper propose?", "Meld. St. 32 (2020–2021)"),
        ("According to KS's 2021 debate booklet, why is it hard?", "Indre Fosen"),
    ):
        assert named_sources(question, PASSAGES) == {named}, question
    for question in (
        "Hva viser Riksrevisjonens rapport om unge?",  # another body's report, not a document of the library
        "Hva gjør kommunen for unge som dropper ut?",
        "Hva sier NAV-veilederne om oppfølgingen?",
        "Hva sier NAV-notatet om dette?",  # a name that no document here carries
    ):
        assert named_sources(question, PASSAGES) == set(), question


def test_the_named_documents_chunks_go_first_in_their_order():
    chunks = [replace(p, text=f"{p.short_title} {i}") for i, p in enumerate(PASSAGES * 2)]
    ordered = prefer_named("Sier Kristiansand-notatet noe annet om årsakene?", chunks)
    assert [c.short_title for c in ordered[:2]] == ["KS-notat Kristiansand"] * 2
    assert [c.text for c in ordered[:2]] == ["KS-notat Kristiansand 2", "KS-notat Kristiansand 6"]
    assert sorted(c.text for c in ordered) == sorted(c.text for c in chunks)  # nothing lost, nothing added
    # a question that names no document, or only the one every chunk is from, keeps the ranking as it is
    assert prefer_named("Hva gjør kommunen?", chunks) == chunks
    same = [c for c in chunks if c.short_title == "Indre Fosen"]
    assert prefer_named("Hva sier KS-heftet?", same) == same


def test_two_named_documents_take_turns_even_when_one_ranks_below_the_window():
    ks = [replace(PASSAGES[2], text=f"ks {i}", chunk_ids=[f"ks{i}"]) for i in range(25)]
    meld = replace(PASSAGES[0], text="meld", chunk_ids=["meld"])
    seminar = replace(PASSAGES[1], text="afi", chunk_ids=["afi"])
    ranked = [*ks[:3], seminar, *ks[3:], meld]  # the white paper ranks 27th, below the window of 20
    question = "Hvordan ser «Ingen utenfor»-meldingen og KS-notatet fra Kristiansand på arbeidsmarkedsbedriftene?"
    ordered = prefer_named(question, ranked)
    assert [p.short_title for p in ordered[:3]] == [
        "KS-notat Kristiansand",
        "Meld. St. 32 (2020–2021)",
        "KS-notat Kristiansand",
    ]
    assert sorted(p.chunk_ids[0] for p in ordered) == sorted(p.chunk_ids[0] for p in ranked)  # nothing lost or doubled
    # one named document among the window: its chunks first, the others keep their order
    single = prefer_named("Hva sier KS-notatet om dette?", [seminar, *ks[:2]])
    assert [p.text for p in single] == ["ks 0", "ks 1", "afi"]


def test_each_of_several_named_documents_gets_its_best_sentence():
    from assistant.compose import choose, score_candidates

    ks = replace(
        PASSAGES[2], text="Arbeidsmarkedsbedriftene har en sentral rolle, sier KS-notatet. De gir arbeidstrening."
    )
    meld = replace(
        PASSAGES[0],
        text="Regjeringen vil at flere skal jobbe i ordinære virksomheter, også fra arbeidsmarkedsbedriftene.",
    )
    question = "Hvordan ser meldingen og KS-notatet på rollen til arbeidsmarkedsbedriftene?"
    scored, candidates = score_candidates(question, [ks, meld], {}, "generell")
    sources = [ks.short_title, meld.short_title]
    both = choose(question, scored, candidates, sources=sources, named=frozenset(sources))
    assert {b.passage for b in both.blocks} == {0, 1}
    alone = choose(question, scored, candidates, sources=sources)
    assert {b.passage for b in alone.blocks} == {0}  # without the named documents the weaker one is left out
