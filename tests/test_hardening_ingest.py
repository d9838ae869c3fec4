"""Hostile corpora: nothing outside the library is read, one bad file never stops an ingest, work is bounded.

Each class has several variants; every test failed before the hardening (issue 19) and passes now.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ingest.corpus import scan_corpus
from ingest.index import IndexLayout, read_chunks, read_manifest
from ingest.loaders import LoadError, load_document
from ingest.pipeline import EmptyCorpus, fingerprints, ingest_corpus
from ingest.safe_files import read_checked
from ingest.sources_file import SourcesError, load_sources
from tests.pdf_builder import build_pdf, text_stream

ROOT = Path(__file__).resolve().parents[1]
SECRET = "root:x:0:0:hemmelig-innhold-utenfor-biblioteket"


def _indexed_text(settings) -> str:
    generation = IndexLayout(settings.data_dir).current()
    return "\n".join(c.text for c in read_chunks(generation))


# --- the walker never leaves the library folder -------------------------------------------------


@pytest.fixture
def outside(tmp_path) -> Path:
    secret = tmp_path / "utenfor" / "passwd"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\n" * 20, encoding="utf-8")
    return secret


def test_links_out_of_the_folder_are_refused_with_a_reason(fixture_corpus, outside, tmp_path):
    (fixture_corpus / "passwd.txt").symlink_to(outside)  # absolute
    (fixture_corpus / "relativ.txt").symlink_to(Path("..") / "utenfor" / "passwd")  # relative
    (fixture_corpus / "etc.txt").symlink_to("/etc/hostname")
    (fixture_corpus / "kjede.txt").symlink_to(fixture_corpus / "passwd.txt")  # a link to a link out
    (fixture_corpus / "død.txt").symlink_to(tmp_path / "finnes-ikke")
    scan = scan_corpus(fixture_corpus)
    refused = dict(scan.refused)
    assert set(refused) == {"passwd.txt", "relativ.txt", "etc.txt", "kjede.txt", "død.txt"}
    assert all("lenke" in reason for reason in refused.values())
    assert "ut av korpusmappen" in refused["passwd.txt"] and "ut av korpusmappen" in refused["relativ.txt"]
    assert {f.name for f in scan.files} == {"hvitebok.ocr.txt", "ks-notat.md", "ks-notat.pdf.txt", "seminar.txt"}
    assert all(f.path.parent == fixture_corpus.resolve() for f in scan.files)


def test_links_into_the_index_folder_or_to_non_documents_are_refused(fixture_corpus, tmp_path):
    data = fixture_corpus / ".data"  # an index folder inside the library
    data.mkdir()
    (data / "current.json").write_text('{"generation": "gen-1"}', encoding="utf-8")
    (fixture_corpus / "indeks.txt").symlink_to(data / "current.json")
    (fixture_corpus / "metadata.txt").symlink_to(fixture_corpus / "sources.yaml")
    (fixture_corpus / "skjult.md").symlink_to(fixture_corpus / ".skjult.md")
    (fixture_corpus / ".skjult.md").write_text("Skjult tekst som ikke skal med.", encoding="utf-8")
    (fixture_corpus / "kopi.md").symlink_to("ks-notat.md")  # inside, to a document: allowed
    refused = dict(scan_corpus(fixture_corpus, data_dir=data).refused)
    assert set(refused) == {"indeks.txt", "metadata.txt", "skjult.md"}
    assert "indeksmappen" in refused["indeks.txt"]
    assert "kopi.md" in {f.name for f in scan_corpus(fixture_corpus, data_dir=data).files}


def test_special_files_and_folders_named_like_documents(fixture_corpus):
    os.mkfifo(fixture_corpus / "rør.txt")  # reading it would block the ingest forever
    (fixture_corpus / "mappe.md").mkdir()
    scan = scan_corpus(fixture_corpus)
    assert "ikke en vanlig fil" in dict(scan.refused)["rør.txt"]
    assert "mappe.md" not in {f.name for f in scan.files}


def test_hard_links_are_refused(fixture_corpus, outside):
    os.link(outside, fixture_corpus / "hard.txt")  # same disk: a hard link can be any file of it
    refused = dict(scan_corpus(fixture_corpus).refused)
    assert "harde lenker" in refused["hard.txt"]


def test_a_file_swapped_for_a_link_after_the_check_is_not_read(tmp_path, outside):
    path = tmp_path / "byttet.txt"
    path.symlink_to(outside)
    with pytest.raises(LoadError, match="symbolsk lenke"):
        read_checked(path)
    with pytest.raises(LoadError, match="symbolsk lenke"):
        load_document(path)


def test_ingest_reports_refused_links_and_never_indexes_their_target(settings, outside):
    corpus = settings.corpus_dir
    (corpus / "passwd.txt").symlink_to(outside)
    (corpus / "relativ.md").symlink_to(os.path.relpath(outside, corpus))
    report = ingest_corpus(settings, dense=False)
    skipped = dict(report.skipped)
    assert "ut av korpusmappen" in skipped["passwd.txt"] and "ut av korpusmappen" in skipped["relativ.md"]
    manifest = read_manifest(IndexLayout(settings.data_dir).current())
    assert "passwd.txt" not in manifest["documents"] and dict(map(tuple, manifest["skipped"]))["passwd.txt"]
    assert SECRET not in _indexed_text(settings)
    again = ingest_corpus(settings, dense=False)  # unchanged corpus: the refusal is still reported
    assert again.unchanged and "passwd.txt" in dict(again.skipped)


# --- one bad file is skipped with a Norwegian reason; the rest completes -------------------------


def test_names_that_are_not_utf8_are_skipped_and_the_rest_is_indexed(settings):
    bad = os.fsencode(settings.corpus_dir) + b"/rapport-\xff\xfe.txt"
    with open(bad, "wb") as fh:
        fh.write(b"Rapport om arbeid og inkludering i kommunene, med mange tiltak.\n" * 5)
    latin = os.fsencode(settings.corpus_dir) + b"/notat-\xe6\xf8\xe5.md"  # Latin-1 «æøå»
    with open(latin, "wb") as fh:
        fh.write("Notat om levekår og utenforskap blant unge voksne i byene.\n".encode() * 5)
    report = ingest_corpus(settings, dense=False)
    reasons = [reason for name, reason in report.skipped if "\ufffd" in name]
    assert len(reasons) == 2 and all("UTF-8" in r for r in reasons)
    assert report.documents == 3  # the fixture corpus (with its duplicate merged) is complete
    manifest = read_manifest(IndexLayout(settings.data_dir).current())
    assert set(manifest["documents"]) == {"hvitebok.ocr.txt", "ks-notat.md", "seminar.txt"}


def test_a_file_deleted_while_ingest_runs_is_skipped(settings):
    victim = settings.corpus_dir / "seminar.txt"
    late = settings.corpus_dir / "zz-slettes.txt"
    late.write_text("Et dokument som forsvinner midt i innlesingen, om arbeid.\n" * 5, encoding="utf-8")

    def progress(stage, done, total):
        if stage == "Renser og deler opp" and done == 0:
            late.unlink(missing_ok=True)  # after fingerprinting, before it is loaded

    report = ingest_corpus(settings, progress, dense=False)
    assert "forsvant" in dict(report.skipped)["zz-slettes.txt"]
    assert "seminar.txt" in report.processed and victim.exists()


def test_a_file_deleted_between_listing_and_fingerprint_is_skipped(fixture_corpus, settings):
    scan = scan_corpus(fixture_corpus)
    (fixture_corpus / "seminar.txt").unlink()
    skipped: list = []
    prints = fingerprints(scan.files, {}, settings, "e", skipped)
    assert "seminar.txt" not in prints and "forsvant" in dict(skipped)["seminar.txt"]
    assert "ks-notat.md" in prints


SAMPLE = "Levekår og utenforskap: æøå ÆØÅ – «sitat» på norsk.\nAndre linje om arbeidsinkludering.\n"


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
    ],
)
def test_wide_unicode_text_is_read(tmp_path, encoding, bom):
    path = tmp_path / "bred.txt"
    path.write_bytes(bom + SAMPLE.encode(encoding))
    document = load_document(path, 20)
    assert document.raw_text == SAMPLE and not document.warnings


def test_truncated_utf16_keeps_the_text_with_a_warning(tmp_path):
    path = tmp_path / "kuttet.txt"
    path.write_bytes(b"\xff\xfe" + SAMPLE.encode("utf-16-le")[:-1])
    document = load_document(path, 20)
    assert document.raw_text.startswith("Levekår og utenforskap") and "UTF-16" in document.warnings[0]


def test_binary_files_are_still_refused(tmp_path):
    for name, data in {
        "null.txt": b"\x00" * 4000,
        "bilde.txt": bytes(range(256)) * 20,
        "png.md": b"\x89PNG\r\n\x1a\n" + os.urandom(4000),
    }.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(LoadError, match="binær"):
            load_document(tmp_path / name, 20)


# --- bounded work ---------------------------------------------------------------------------------


def test_an_oversized_file_is_never_read(fixture_corpus, settings, monkeypatch):
    huge = fixture_corpus / "stor.txt"
    with open(huge, "wb") as fh:
        fh.truncate(1_000_000_000)  # 1 GB, sparse
    digested: list[int] = []
    import ingest.safe_files as safe_files

    real = safe_files.hashlib.sha256
    monkeypatch.setattr(safe_files.hashlib, "sha256", lambda: _Counting(real(), digested))
    skipped: list = []
    prints = fingerprints(scan_corpus(fixture_corpus).files, {}, settings, "e", skipped)
    assert "stor.txt" not in prints and "for stor" in dict(skipped)["stor.txt"]
    assert sum(digested) < 50_000_000  # the fixture documents only: not a byte of the 1 GB file
    with pytest.raises(LoadError, match="for stor"):
        read_checked(huge, 20_000_000)
    with pytest.raises(LoadError, match="for stor"):
        load_document(huge, 20)


class _Counting:
    def __init__(self, digest, seen):
        self.digest, self.seen = digest, seen

    def update(self, data):
        self.seen.append(len(data))
        self.digest.update(data)

    def hexdigest(self):
        return self.digest.hexdigest()


def test_pdf_pages_sharing_one_content_stream_are_refused_after_a_few_extractions(tmp_path, monkeypatch):
    from pypdf import PageObject

    calls: list[int] = []
    real = PageObject.extract_text
    monkeypatch.setattr(PageObject, "extract_text", lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    path = tmp_path / "delt.pdf"
    path.write_bytes(build_pdf([0] * 2000, [text_stream(700)]))  # 300 kB file, 68 MB of text
    with pytest.raises(LoadError, match="for stor"):
        load_document(path, 20)
    assert len(calls) == 1  # the shared stream was extracted once, not 600 times


def test_pdf_that_unpacks_into_far_more_than_its_size_is_refused_before_extraction(tmp_path, monkeypatch):
    from pypdf import PageObject

    monkeypatch.setattr(PageObject, "extract_text", lambda *a, **k: pytest.fail("extracted a bomb"))
    path = tmp_path / "bombe.pdf"
    path.write_bytes(build_pdf(list(range(40)), [text_stream(12000, f"Side {i} om arbeid") for i in range(40)]))
    with pytest.raises(LoadError, match="uvanlig mye innhold"):
        load_document(path, 20)


def test_pdf_page_limits(tmp_path, monkeypatch):
    from ingest import loaders

    path = tmp_path / "sider.pdf"
    path.write_bytes(
        build_pdf([0, 1, 2], [text_stream(3, "Side 1"), text_stream(3, "Side 2"), text_stream(60, "Stor")])
    )
    assert load_document(path, 20).page_starts[-1][1] == 3
    monkeypatch.setattr(loaders, "MAX_PDF_PAGES", 2)
    with pytest.raises(LoadError, match="for mange sider"):
        load_document(path, 20)
    monkeypatch.setattr(loaders, "MAX_PDF_PAGES", 20_000)
    monkeypatch.setattr(loaders, "MAX_PAGE_CONTENT", 1000)
    document = load_document(path, 20)  # the big page is skipped with a warning, not a crash
    assert any(w.startswith("side 3 hoppet over") for w in document.warnings)
    assert "Side 2" in document.raw_text and "Stor" not in document.raw_text


def test_a_small_pdf_over_the_text_budget_is_refused(tmp_path):
    path = tmp_path / "budsjett.pdf"
    path.write_bytes(build_pdf([0, 1], [text_stream(400), text_stream(400, "Mer tekst om levekår")]))
    with pytest.raises(LoadError, match="for stor"):
        load_document(path, 0.02)  # 20 kB of text allowed
    assert [page for _, page in load_document(path, 1).page_starts] == [1, 2]


FIVE_MB = 5_000_000
LINES = {
    "letters": "Innledning\n\n" + "a" * FIVE_MB + "-\nfortsetter her.\n",
    "spaces": "Tekst.\n" + " " * FIVE_MB + "\nmer tekst.\n",
    "brackets": "[" * FIVE_MB,
    "links": "[x](" * (FIVE_MB // 4),
    "dots": "." * FIVE_MB + "a",
    "heading": "# a" + " " * FIVE_MB + "b\n\nTekst her.\n",
    "long_word_then_hyphen": "x" * FIVE_MB + " ab-\n\ncd",
    "numbered": "1 " + "A" * FIVE_MB,
    "many_headings": ("# a" + " " * 590 + "b\n\n") * (FIVE_MB // 600),
    "hyphen_lines": "ab-\n" * (FIVE_MB // 4),
}


@pytest.mark.slow
def test_five_megabyte_lines_go_through_the_whole_clean_pipeline(tmp_path):
    """A hang guard, not a speed target: before the fix the first line alone ran for hours."""
    script = textwrap.dedent("""
        import sys
        from tests.test_hardening_ingest import LINES
        from ingest.chunking import chunk_document
        from ingest.clean import clean_document
        from ingest.lexicon import build_lexicon
        from ingest.metadata import document_meta
        from ingest.records import LoadedDocument
        lexicon = build_lexicon(["Et avsnitt om arbeid og inkludering."])
        for name, text in LINES.items():
            for ocr in (True, False):
                meta = document_meta(name + (".ocr.txt" if ocr else ".txt"), text, {"ocr": ocr})
                cleaned = clean_document(LoadedDocument(name, text), meta, lexicon, True)
                chunks = chunk_document(cleaned)
                assert all(c.text.strip() for c in chunks)
                print(name, ocr, len(chunks), flush=True)
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(done.stdout.splitlines()) == 2 * len(LINES)


def test_a_megabyte_long_token_makes_no_chunks_to_embed():
    from ingest.chunking import chunk_document
    from ingest.clean import clean_document
    from ingest.lexicon import build_lexicon
    from ingest.metadata import document_meta
    from ingest.records import LoadedDocument

    text = "Overskrift\n\nEt vanlig avsnitt om arbeid og inkludering i kommunene.\n\n" + "q" * 1_000_000 + "\n"
    cleaned = clean_document(LoadedDocument("x.txt", text), document_meta("x.txt", text, {}), build_lexicon([]), True)
    chunks = chunk_document(cleaned)
    assert len(chunks) == 1 and "vanlig avsnitt" in chunks[0].text


# --- sources.yaml: safe, bounded, typed -----------------------------------------------------------

BAD_SOURCES = {
    "syntax": ("a.txt:\n  title: [uavsluttet\n", "syntaksfeil"),
    "python_tag": ("a.txt: !!python/object/apply:os.system ['touch /tmp/pwned']\n", "YAML-tagg"),
    "python_name": ("a.txt: !!python/name:os.system\n", "YAML-tagg"),
    "alias_bomb": (
        'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
        "alias",
    ),
    "merge_key": ("base: &b {kind: rapport}\na.txt:\n  <<: *b\n", "alias"),
    "list": ("- a.txt\n- b.txt\n", "forventet en tabell"),
    "scalar": ("bare tekst\n", "forventet en tabell"),
    "deep": ("[" * 50_000, "YAML"),
    "unhashable_key": ("? [a, b]\n: x\n", "ugyldig struktur"),
}


@pytest.mark.parametrize("case", sorted(BAD_SOURCES))
def test_a_damaged_sources_file_is_one_norwegian_line(tmp_path, case):
    text, expected = BAD_SOURCES[case]
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    message = str(caught.value)
    assert expected.lower() in message.lower() and "\n" not in message and "assistant ingest" in message
    assert not Path("/tmp/pwned").exists()


def test_sources_file_limits_and_encoding(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_bytes(b"a.txt:\n  title: \xff\xfe\n")
    with pytest.raises(SourcesError, match="UTF-8"):
        load_sources(path)
    path.write_text("a.txt:\n  title: x\n" + "# fyll\n" * 400_000, encoding="utf-8")
    with pytest.raises(SourcesError, match="for stor"):
        load_sources(path)
    path.unlink()
    path.symlink_to("/etc/hostname")
    with pytest.raises(SourcesError, match="ut av korpusmappen"):
        load_sources(path)


def test_wrong_typed_entries_are_left_out_with_a_warning(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(
        textwrap.dedent("""
        a.txt: bare en tekst
        b.txt:
          title: [1, 2]
        c.txt:
          title: Riktig
          date: 2021-13-45
          ocr: true
        d.txt:
          date: 2020
        e.txt:
    """),
        encoding="utf-8",
    )
    sources = load_sources(path)
    assert sources.entries == {
        "c.txt": {"title": "Riktig", "date": "2021-13-45", "ocr": True},
        "d.txt": {"date": "2020"},
        "e.txt": {},
    }
    warned = dict(sources.warnings)
    assert set(warned) == {"a.txt", "b.txt"} and "title" in warned["b.txt"]


def test_ingest_cli_with_a_bad_sources_file_prints_one_line_and_keeps_the_index(settings):
    ingest_corpus(settings, dense=False)
    before = IndexLayout(settings.data_dir).current()
    (settings.corpus_dir / "sources.yaml").write_text(BAD_SOURCES["alias_bomb"][0], encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "ingest",
            "--corpus",
            str(settings.corpus_dir),
            "--data-dir",
            str(settings.data_dir),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "alias" in done.stderr
    assert IndexLayout(settings.data_dir).current() == before


# --- empty corpus ---------------------------------------------------------------------------------


def test_an_empty_corpus_is_a_norwegian_message(tmp_path):
    from ingest.settings import IngestSettings as Settings

    corpus = tmp_path / "tom"
    corpus.mkdir()
    with pytest.raises(EmptyCorpus, match="ingen dokumenter"):
        ingest_corpus(Settings(corpus_dir=corpus, data_dir=tmp_path / "data"), dense=False)
    (corpus / "tom.txt").write_bytes(b"")
    (corpus / "binær.md").write_bytes(b"\x00" * 100)
    with pytest.raises(EmptyCorpus) as caught:
        ingest_corpus(Settings(corpus_dir=corpus, data_dir=tmp_path / "data"), dense=False)
    assert "tom.txt: tom fil" in str(caught.value) and "binær" in str(caught.value)
    assert not (tmp_path / "data" / "current.json").exists()


# the linear scans find exactly what the backtracking patterns they replace found


def _random_texts(alphabet: list[str], count: int, seed: int):
    import random

    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(count)]


def test_hyphen_breaks_match_the_old_pattern():
    import re

    from ingest.hyphenation import _breaks

    old = re.compile(r"(?P<left>[^\W_][\w-]*)-(?P<gap>[ \t]*\n(?:[ \t]*\n)*[ \t]*)(?P<right>[^\s]+)(?P<after>\s|$)")
    for text in _random_texts(["a", "Ø", "1", "_", "-", "-", "\n", "\n", " ", "\t", ".", "é"], 20_000, 1):
        expected = [
            (m.start(), m.start("gap") - 1, m.end("gap"), m.group("right"), m.end()) for m in old.finditer(text)
        ]
        assert [(b.start, b.hyphen, b.gap_end, b.right, b.end) for b in _breaks(text)] == expected, repr(text)


def test_paragraph_spans_match_the_old_pattern():
    import re

    from ingest.paragraphs import non_blank_lines, paragraph_spans

    old = re.compile(r"(?:[^\n]*\S[^\n]*\n?)+")
    for text in _random_texts(["a", " ", "\n", "\n", "\t", "\u00a0", "\u2028", "\r", "\x0c"], 20_000, 2):
        assert paragraph_spans(text) == [(m.start(), m.end()) for m in old.finditer(text)], repr(text)
        lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]*\n?", text) if m.group().strip()]
        assert non_blank_lines(text) == lines, repr(text)


def test_token_and_heading_splits_match_the_old_patterns():
    import re

    from ingest.ocr_repair import split_token
    from ingest.structure import markdown_heading

    core = re.compile(r"^(?P<lead>[«(\"'“‘\[]*)(?P<core>.*?)(?P<trail>[-.,;:!?»)\"'”’\]®*]*)$")
    for token in _random_texts(list("«(\"'“‘[a-.,;:!?»)”’]®*b"), 20_000, 3):
        if token:
            parts, match = split_token(token), core.match(token)
            assert (parts.lead, parts.core, parts.trail) == match.group("lead", "core", "trail"), repr(token)
    heading = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
    for line in _random_texts(["#", "#", " ", "a", "\t", "b", "\u00a0"], 20_000, 4):
        match = heading.match(line)
        assert markdown_heading(line) == ((len(match.group(1)), match.group(2)) if match else None), repr(line)
