"""A fresh clone, without ../shared beside it: the tests that read the source documents
skip with one line, and fail instead when CI=true."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import helpers
from tests.conftest import uses_seeds
from tests.helpers import SEEDS, fresh_clone, require_seeds

SEED_FILES = (
    "000_4442edc20838933b.txt",
    "001_b9d603cf4c3309bc.txt",
    "002_783df276833a03ce.txt",
    "003_cdc476e1b307f5e7.txt",
    "004_9a84e4aa3a43eb7c.txt",
)


def test_the_source_documents_the_pilots_come_from_are_there() -> None:
    """The five documents docs/design.md lists (skipped in a clone without ../shared)."""
    for name in SEED_FILES:
        assert len((SEEDS / name).read_text(encoding="utf-8")) > 1000, name


def test_require_seeds_passes_when_the_documents_are_there(tmp_path: Path) -> None:
    require_seeds(tmp_path)  # an existing folder: nothing raised


def test_require_seeds_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="the source documents are absent"):
        require_seeds(tmp_path / "missing")


def test_require_seeds_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"absent .*\(required when CI=true\)"):
        require_seeds(tmp_path / "missing")


def test_the_tests_that_read_the_seeds_are_found_by_the_names_they_use() -> None:
    class Item:
        def __init__(self, function: object) -> None:
            self.function = function

    def reads_seeds() -> object:
        return helpers.SEEDS

    def reads_nothing() -> object:
        return helpers.REPO

    assert uses_seeds(Item(reads_seeds))  # type: ignore[arg-type]
    assert not uses_seeds(Item(reads_nothing))  # type: ignore[arg-type]


@pytest.mark.parametrize(("ci", "outcome"), [(None, "1 skipped"), ("true", "1 error")])
def test_a_seed_test_in_a_fresh_clone(tmp_path: Path, ci: str | None, outcome: str) -> None:
    clone = fresh_clone(tmp_path, only=("tests/", "pyproject.toml"))
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    test = "tests/test_fresh_clone.py::test_the_source_documents_the_pilots_come_from_are_there"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", test],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert outcome in result.stdout, result.stdout + result.stderr
    assert "the source documents are absent" in result.stdout
    assert "FileNotFoundError" not in result.stdout
