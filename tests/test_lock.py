"""The lock files pin every dependency pyproject.toml declares, at a version its range allows."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXTRAS = PROJECT["optional-dependencies"]


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            package, sep, version = line.partition("==")
            assert sep and version and " " not in version, f"{name}: not an exact pin: {line!r}"
            pins[canonicalize_name(package)] = version
    return pins


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("requirements.lock", PROJECT["dependencies"]),
        ("requirements-test.lock", PROJECT["dependencies"] + EXTRAS["st"] + EXTRAS["llm"] + EXTRAS["test"]),
    ],
)
def test_every_declared_dependency_is_pinned_within_its_range(lock, requirements):
    pins = _pins(lock)
    for text in requirements:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock} lacks {requirement.name}: run `make lock` after installing it"
        assert requirement.specifier.contains(pins[name], prereleases=True), (lock, text, pins[name])


def test_torch_is_pinned_in_the_test_lock_and_absent_from_the_runtime_lock():
    assert _pins("requirements-test.lock")["torch"] == "2.13.0"
    assert "torch" not in _pins("requirements.lock")  # `make setup` never pulls a multi-GB torch
