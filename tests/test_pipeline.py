import os
import signal
import subprocess
import sys
import time

import pytest

from ingest.index import IndexLayout, read_chunks, read_manifest
from ingest.pipeline import ingest_corpus


def _manifest(settings):
    return read_manifest(IndexLayout(settings.data_dir).current())


def test_ingest_merges_duplicates_and_reports(settings):
    report = ingest_corpus(settings)
    assert not report.unchanged
    assert report.duplicates and report.duplicates[0][:2] == ("ks-notat.pdf.txt", "ks-notat.md")
    manifest = _manifest(settings)
    assert set(manifest["documents"]) == {"hvitebok.ocr.txt", "ks-notat.md", "seminar.txt"}
    assert manifest["documents"]["ks-notat.md"]["aliases"] == ["ks-notat.pdf.txt"]
    chunks = read_chunks(IndexLayout(settings.data_dir).current())
    assert {c.document for c in chunks} == set(manifest["documents"])
    assert report.repaired_words > 20  # the OCR excerpt is damaged
    assert report.encoded == 0  # every vector came from the seeded cache


def test_unchanged_corpus_is_skipped_and_changes_are_incremental(settings):
    ingest_corpus(settings)
    again = ingest_corpus(settings)
    assert again.unchanged and again.chunks > 0

    notat = settings.corpus_dir / "seminar.txt"
    notat.write_text(notat.read_text(encoding="utf-8") + "\nEt nytt avsnitt om arbeidsgivere og NAV.\n", "utf-8")
    (settings.corpus_dir / "ks-notat.pdf.txt").unlink()
    changed = ingest_corpus(settings)
    # the OCR document is repaired again: its lexicon includes the clean documents' words
    assert changed.processed == ["hvitebok.ocr.txt", "seminar.txt"]
    assert changed.reused == ["ks-notat.md"]
    assert changed.removed == ["ks-notat.pdf.txt"]
    assert 1 <= changed.encoded <= 3  # only the changed tail is embedded
    assert _manifest(settings)["documents"]["ks-notat.md"]["aliases"] == []


def test_bad_files_are_skipped_with_a_reason(settings):
    (settings.corpus_dir / "tom.txt").write_bytes(b"")
    (settings.corpus_dir / "bilde.txt").write_bytes(bytes(range(256)) * 10)
    (settings.corpus_dir / "brukket.pdf").write_bytes(b"%PDF-1.4 garbage")
    report = ingest_corpus(settings)
    skipped = dict(report.skipped)
    assert set(skipped) == {"tom.txt", "bilde.txt", "brukket.pdf"}
    assert "tom" in skipped["tom.txt"] and "binær" in skipped["bilde.txt"]
    assert report.documents == 3


def test_only_one_ingest_at_a_time(settings):
    layout = IndexLayout(settings.data_dir)
    with layout.lock():
        with pytest.raises(RuntimeError, match="innlesing"):
            ingest_corpus(settings)


@pytest.mark.parametrize("stage", ["Renser og deler opp", "Lager vektorer", "Skriver indeks"])
def test_kill_during_ingest_keeps_previous_index(settings, stage, tmp_path):
    ingest_corpus(settings)
    layout = IndexLayout(settings.data_dir)
    before = layout.current()
    chunks_before = len(read_chunks(before))
    # a change that forces real work, including new vectors
    extra = settings.corpus_dir / "nytt-notat.md"
    extra.write_text(
        "\n\n".join(f"Avsnitt {i}: kommunen og NAV samarbeider om tiltak nummer {i}." * 8 for i in range(40)), "utf-8"
    )
    script = (
        "import sys, time\n"
        "from assistant.settings import Settings\n"
        "from ingest.pipeline import ingest_corpus\n"
        "def progress(stage, done, total):\n"
        "    print(stage, done, total, flush=True)\n"
        "    if stage == sys.argv[3]:\n"
        "        time.sleep(30)\n"
        "ingest_corpus(Settings(corpus_dir=sys.argv[1], data_dir=sys.argv[2]), progress)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(settings.corpus_dir), str(settings.data_dir), stage],
        stdout=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 120
    for line in proc.stdout:
        if line.startswith(stage) or time.time() > deadline:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert layout.current() == before
    assert len(read_chunks(before)) == chunks_before
    report = ingest_corpus(settings)
    assert not report.unchanged
    assert "nytt-notat.md" in _manifest(settings)["documents"]
    # the killed ingest's leftovers are gone; the replaced generation stays for services still reading it
    assert set((settings.data_dir / "generations").iterdir()) == {layout.current(), before}


def test_pdf_in_the_corpus_gets_page_numbers(settings):
    from fpdf import FPDF

    words = (settings.corpus_dir / "seminar.txt").read_text(encoding="utf-8").split()  # a third of it: no duplicate
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for page in range(3):
        pdf.add_page()
        pdf.multi_cell(
            0, 6, " ".join(words[page * 250 : (page + 1) * 250]).encode("latin-1", "ignore").decode("latin-1")
        )
    pdf.output(str(settings.corpus_dir / "rapport.pdf"))
    ingest_corpus(settings)
    chunks = [c for c in read_chunks(IndexLayout(settings.data_dir).current()) if c.document == "rapport.pdf"]
    assert chunks and {c.page for c in chunks} <= {1, 2, 3} and 1 in {c.page for c in chunks}
    assert any(c.page == 3 for c in chunks)
