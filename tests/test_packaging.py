"""An installed wheel carries what the code reads next to itself: the prompts and the web chat."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import assistant.api.app as app, assistant.llm as llm, pathlib, sys
target = pathlib.Path(sys.argv[1])
assert pathlib.Path(llm.__file__).is_relative_to(target), llm.__file__  # the wheel, not the work tree
assert "{sources}" in llm.load_prompt("answer", "nb") and "{question}" in llm.load_prompt("answer", "en")
assert "{topic}" in llm.load_prompt("note") and "{history}" in llm.load_prompt("condense")
assert (app.WEB / "index.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
assert (app.WEB / "app.js").exists() and (app.WEB / "style.css").exists()
print("ok")
"""


def test_wheel_ships_prompts_and_web_chat(tmp_path):
    source = tmp_path / "src"
    for name in ("assistant", "ingest"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)],
        check=True,
        cwd=tmp_path,
        timeout=300,
    )
    [wheel] = wheels.glob("*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], check=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", CHECK, str(target)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stdout + result.stderr


def test_both_uvicorn_factory_paths_resolve():
    from uvicorn.importer import import_from_string

    from assistant.api.app import app_from_environment

    assert import_from_string("assistant.api.app:app_from_environment") is app_from_environment
    assert import_from_string("assistant.api:app_from_environment") is app_from_environment


def test_console_script_is_the_typer_app():
    import importlib.metadata

    from assistant.cli import app

    [script] = [e for e in importlib.metadata.entry_points(group="console_scripts") if e.name == "assistant"]
    assert script.value == "assistant.cli:app" and script.load() is app


LOADED = """
import importlib.metadata as md, json, sys
import assistant.api.app, assistant.api.passages, assistant.cli, ingest.pipeline
assistant.api.app.create_app  # the served app and the command line, as `make serve` runs them
names = {n.split(".")[0] for n in sys.modules} - set(sys.stdlib_module_names) - {"assistant", "ingest", "eval"}
dists = md.packages_distributions()
print(json.dumps(sorted({d for n in names for d in dists.get(n, [])})))
"""
# imported only if present: langsmith probes psutil, and site's setuptools hook loads _distutils_hack
OPTIONAL_PROBES = {"psutil", "setuptools"}


def test_the_served_app_loads_nothing_outside_the_runtime_lock():
    """`make serve` installs requirements.lock only: a package the app needs that only the test extras bring
    (jinja2 for the passage page) breaks the first run on a fresh clone while every test passes."""
    import json

    from packaging.utils import canonicalize_name

    run = subprocess.run([sys.executable, "-c", LOADED], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = {canonicalize_name(name) for name in json.loads(run.stdout)}
    locked = {
        canonicalize_name(line.split("==")[0])
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if "==" in line
    }
    assert len(loaded) > 20  # the probe saw the app's dependencies at all
    assert sorted(loaded - locked - OPTIONAL_PROBES) == []
