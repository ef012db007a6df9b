"""The ministry's overview compared year by year, and the inputs nobody tried before.

The ten repositories of ``test_overview_ministry`` (built once here as well): each plan
year's adopted budgets summed across pilots, naming the pilots without a plan for the year
(unknown, never 0) and those whose plan is not adopted; the git the tool runs is the one
``GIT_PYTHON_GIT_EXECUTABLE`` names; ``init --pages`` writes the site's workflow filled in.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_overview_ministry import build_ten

SCRIPT = Path(sys.executable).parent / "bygdevekst"


@pytest.fixture(scope="module")
def ten(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    base = tmp_path_factory.mktemp("years")
    return base, build_ten(base)


@pytest.fixture
def in_ten(ten: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(ten[0])
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    return ten[1]


# ----------------------------------------------------------------------- the git run


def test_every_git_the_overview_runs_is_the_one_gitpython_is_told_to(
    in_ten: list[str], tmp_path: Path
) -> None:
    """No git on PATH, only ``GIT_PYTHON_GIT_EXECUTABLE``: the working tree's commit
    (``git status``) and the clone of a URL both go through it."""
    log = tmp_path / "git.log"
    wrapper = tmp_path / "bin" / "git-of-the-office"
    wrapper.parent.mkdir()
    wrapper.write_text(
        f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{shutil.which("git")}" "$@"\n', encoding="utf-8"
    )
    wrapper.chmod(0o755)
    (tmp_path / "empty").mkdir()
    environment = {
        **os.environ,
        "PATH": str(tmp_path / "empty"),
        "GIT_PYTHON_GIT_EXECUTABLE": str(wrapper),
    }
    done = subprocess.run(
        [str(SCRIPT), "overview", "-f", "json", "r01", in_ten[-1]],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [p["id"] for p in data["pilots"]] == ["vest", "loppa"]
    assert all(p["source"]["commit"] for p in data["pilots"])
    ran = log.read_text(encoding="utf-8")
    assert "clone --bare" in ran and "status --porcelain=v2" in ran
