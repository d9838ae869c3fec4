"""The library below the API: content sniffing, the new loaders, safe names, atomic storing, and the folder
staying the source of truth (an ingest over it rebuilds the same index, metadata included)."""

import os
import threading

import pytest

from ingest.filetype import FileTypeError, check_type, sniff
from ingest.library import Library, LibraryError, sanitise_name, unique_name
from ingest.loaders import load_document
from ingest.loaders_html import html_blocks
from ingest.loaders_office import heading_level

from .library_docs import blank_pdf, make_docx, make_odt, make_pdf, two_page_pdf


def test_sniff_tells_the_formats_apart_by_content():
    assert sniff(make_pdf(["Tekst på side én."])) == "pdf"
    assert sniff(make_docx("Plan", [("Mål", "Flere i arbeid.")])) == "docx"
    assert sniff(make_odt("Plan", "Flere i arbeid.")) == "odt"
    assert sniff(b"<!DOCTYPE html><html><body><p>Hei</p></body></html>") == "html"
    assert sniff("Vanlig tekst med æøå.".encode()) == "text"
    assert sniff("Tekst i Windows-1252: blåbærsyltetøy.".encode("cp1252")) == "text"
    assert sniff(os.urandom(4096)) is None
    assert sniff(b"PK\x03\x04" + os.urandom(200)) is None  # a broken zip is no Word file


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("plan.pdf", b"Dette er bare tekst", "tekst-fil"),
        ("plan.pdf", os.urandom(3000), "ukjent binærinnhold"),
        ("plan.docx", make_pdf(["x"]), "PDF-fil"),
        ("plan.txt", make_docx("Plan", [("A", "b")]), "Word-fil"),
        ("plan.exe", b"MZ\x90\x00", "kan ikke leses"),
        ("plan", b"tekst", "kan ikke leses"),
    ],
)
def test_content_that_does_not_match_the_name_is_refused_in_norwegian(name, data, needle):
    with pytest.raises(FileTypeError, match=needle):
        check_type(name, data)


def test_matching_content_is_accepted():
    assert check_type("Plan.PDF", make_pdf(["x"])) == "pdf"
    assert check_type("side.html", b"<p>bare et avsnitt</p>") == "html"
    assert check_type("notat.md", b"# Notat\n\nTekst.") == "text"


def test_docx_headings_from_word_styles_become_sections(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(
        make_docx("Handlingsplan", [("Innledning", "Planen gjelder 2025."), ("Tiltak", "Flere lærlinger.")])
    )
    text = load_document(path).raw_text
    assert text.startswith("# Handlingsplan\n")
    assert "# Innledning\n\nPlanen gjelder 2025." in text and "# Tiltak" in text
    assert heading_level("Heading 3") == 3 and heading_level("Overskrift 2") == 2 and heading_level("Normal") is None


def test_odt_and_html_loaders_keep_headings_and_main_text(tmp_path):
    odt = tmp_path / "notat.odt"
    odt.write_bytes(make_odt("Notat om ettervern", "Unge mellom 18 og 23 har rett til ettervern."))
    assert load_document(odt).raw_text == "# Notat om ettervern\n\nUnge mellom 18 og 23 har rett til ettervern.\n"
    blocks = html_blocks(
        "<html><head><title>Side</title><script>var x=1</script></head><body><nav>Meny</nav>"
        "<main><h2>Del 1</h2><p>Tekst <b>med</b> fet.</p><ul><li><p>Punkt</p></li></ul></main>"
        "<footer>Bunntekst</footer></body></html>"
    )
    assert blocks == [(1, "Side"), (2, "Del 1"), (None, "Tekst med fet."), (None, "Punkt")]


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\ola\\Plan 2025.PDF", "Plan-2025.pdf"),
        ("møte\x00referat\x1b.docx", "møtereferat.docx"),
        (".skjult.md", "skjult.md"),
        ("  ", "dokument"),
        ("a" * 300 + ".txt", "a" * 120 + ".txt"),
    ],
)
def test_names_are_sanitised(given, safe):
    assert sanitise_name(given) == safe


def test_collisions_get_a_suffix(tmp_path):
    (tmp_path / "plan.pdf").write_bytes(b"x")
    (tmp_path / "plan-2.pdf").write_bytes(b"x")
    assert unique_name(tmp_path, "plan.pdf") == "plan-3.pdf"
    assert unique_name(tmp_path, "annet.pdf") == "annet.pdf"


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "bibliotek"
    path.mkdir()
    return path


def _library(folder, **changes) -> Library:
    from ingest.settings import IngestSettings

    return Library(IngestSettings(corpus_dir=folder, data_dir=folder.parent / "data", **changes))


def _folder(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != ".library.lock")


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [
        ("tilfeldig.pdf", os.urandom(5000), 415),
        ("tekst.pdf", b"Dette er en tekstfil, ikke en PDF." * 20, 415),
        ("tom.txt", b"", 422),
        ("tom.pdf", b"   \n", 422),
        ("skannet.pdf", blank_pdf(), 422),
        ("stor.txt", b"x" * 1_100_001, 413),
    ],
)
def test_refused_files_leave_nothing_behind(folder, name, data, status):
    library = _library(folder, max_document_mb=1.1)
    (folder / "sources.yaml").write_text("# kommentar\n", encoding="utf-8")
    with pytest.raises(LibraryError) as refused:
        library.add(name, data, {"title": "Noe"})
    assert refused.value.status == status
    assert _folder(folder) == ["sources.yaml"]
    assert (folder / "sources.yaml").read_text(encoding="utf-8") == "# kommentar\n"
    if status == 422 and name == "skannet.pdf":
        assert "OCR" in refused.value.message


def test_store_update_remove_keep_sources_yaml_and_its_comments(folder):
    library = _library(folder)
    (folder / "sources.yaml").write_text("# Metadata\nannet.txt:\n  title: Annet\n", encoding="utf-8")
    pdf = two_page_pdf("Eikefjord", "Kommunen skal opprette femti praksisplasser.")
    stored = library.add("Plan Eikefjord.pdf", pdf, {"kind": "handlingsplan", "title": " Plan  for Eikefjord "})
    assert stored.document == "Plan-Eikefjord.pdf" and stored.title == "Plan for Eikefjord" and stored.family == "pdf"
    assert (folder / stored.document).read_bytes() == pdf
    with pytest.raises(LibraryError) as again:
        library.add("kopi.pdf", pdf)
    assert again.value.status == 409 and "Plan-Eikefjord.pdf" in again.value.message
    library.update(stored.document, {"short_title": "Eikefjord-planen", "title": ""})
    text = (folder / "sources.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Metadata\n") and "annet.txt" in text
    from ingest.metadata import read_sources

    assert read_sources(folder / "sources.yaml")[stored.document] == {
        "kind": "handlingsplan",
        "lexicon": False,
        "short_title": "Eikefjord-planen",
    }
    library.remove(stored.document)
    assert _folder(folder) == ["sources.yaml"]
    assert stored.document not in read_sources(folder / "sources.yaml")
    for bad in ("../sources.yaml", "sources.yaml", ".library.lock", "finnes-ikke.pdf", ""):
        with pytest.raises(LibraryError) as unknown:
            library.remove(bad)
        assert unknown.value.status == 404


def test_concurrent_uploads_each_arrive_whole(folder):
    library = _library(folder)
    documents = {f"notat {i}.md": f"# Notat {i}\n\n".encode() + b"Innhold om arbeid. " * (2000 + i) for i in range(8)}
    threads = [
        threading.Thread(target=library.add, args=(name, data, {"kind": "notat"})) for name, data in documents.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _folder(folder) == sorted([f"notat-{i}.md" for i in range(8)] + ["sources.yaml"])
    for name, data in documents.items():
        assert (folder / sanitise_name(name)).read_bytes() == data
    from ingest.metadata import read_sources

    assert len(read_sources(folder / "sources.yaml")) == 8


def test_pdf_chunks_end_at_page_breaks(tmp_path):
    from ingest.chunking import chunk_document
    from ingest.clean import clean_document
    from ingest.lexicon import build_lexicon
    from ingest.metadata import document_meta

    path = tmp_path / "plan.pdf"
    path.write_bytes(two_page_pdf("Eikefjord", "Kommunen skal opprette femti praksisplasser innen 2027."))
    loaded = load_document(path)
    cleaned = clean_document(loaded, document_meta(path.name, loaded.raw_text, {}), build_lexicon([]), False)
    chunks = chunk_document(cleaned, 1000, 150)
    fact = [c for c in chunks if "femti praksisplasser" in c.text]
    assert fact and all(c.page == 2 for c in fact)
    assert all("Handlingsplan for Eikefjord" not in c.text for c in fact)
