"""``bygdevekst check`` on the pull requests a secretariat opens in a year: what the reviewer
reads of a change to a pilot that has no action plan yet.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import git
import pytest

from tests.gitrepo import PLAN, commit, pilot_repo
from tests.helpers import edit, invoke


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    """The minimal pilot testdalen; the CI environment of GitHub Actions."""
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")
    return repo


def _summary() -> str:
    return Path(os.environ["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")


def test_a_change_to_a_pilot_without_a_plan_shows_the_agreement_changes(
    repo: git.Repo,
) -> None:
    """A pilot negotiating its agreement has no action plan yet: a change of a sub-goal's
    weight is shown, not «no valid action plan to compare; run validate» of a valid pilot."""
    commit(repo, "Avtala før handlingsplanen", {PLAN: None})
    agreement = Path(repo.working_dir, "pilots/testdalen/agreement.yaml")
    edit(agreement, "weight: 60", "weight: 70")
    edit(agreement, "weight: 40", "weight: 30")
    commit(repo, "Ny vekting")
    result = invoke("check", "--base", "HEAD~1")
    assert result.exit_code == 0, result.output
    assert "ingen gyldig handlingsplan" not in result.output
    assert "testdalen: HEAD~1 → arbeidskopien" in result.output
    assert "delmål 1, vekt: 60 % → 70 %" in result.output.replace("\u00a0", " ")
    assert "ingen gyldig handlingsplan" not in _summary()
    assert "## testdalen: HEAD~1 → arbeidskopien" in _summary()


def test_a_renamed_pilot_without_a_plan_is_compared_with_its_old_folder(
    repo: git.Repo,
) -> None:
    commit(repo, "Avtala før handlingsplanen", {PLAN: None})
    shutil.move(Path(repo.working_dir, "pilots/testdalen"), Path(repo.working_dir, "pilots/ny"))
    commit(repo, "Ny mappe")
    result = invoke("check", "--base", "HEAD~1")
    assert "ingen gyldig handlingsplan" not in result.output
    assert "testdalen: HEAD~1 → arbeidskopien\nIngen endringar." in result.output
