"""The empty-repository walk (benchmarks/walk.py): from a built wheel in a fresh venv,
``init --ci github``, ``validate``, ``render`` and ``check --base`` in a new git repository."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from bygdevekst_cli import __version__
from tests.helpers import REPO


def load_walk() -> ModuleType:
    spec = importlib.util.spec_from_file_location("walk", REPO / "benchmarks" / "walk.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["walk"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_the_empty_repository_walk(tmp_path: Path) -> None:
    result = load_walk().walk(tmp_path)
    transcript = result.transcript()
    assert result.ok, transcript
    by_title = {step.title: step for step in result.steps}
    for title in ("install", "init", "plan new", "validate", "render", "check --base main"):
        assert title in by_title, transcript
    assert by_title["version"].output.strip() == f"bygdevekst {__version__}"
    assert "Ingen feil" in by_title["validate"].output
    assert "Tiltak 1.1 Felles rekruttering" in by_title["check --base main"].output
    assert by_title["out/ stays out of git"].ok
    assert by_title["schema line of pilot.yaml resolves"].ok
