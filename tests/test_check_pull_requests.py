"""``bygdevekst check`` on the pull requests a secretariat opens in a year: what the reviewer
reads of a change to a pilot that has no action plan yet, and of a plan the change deletes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import git
import pytest

from tests.gitrepo import PLAN, commit, pilot_repo, shallow_clone
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


def test_a_deleted_plan_is_said_in_a_shallow_clone_of_the_pull_request(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest plan deleted, checked as CI does (``fetch-depth: 2``): the diff compares
    the plans that are left and finds nothing, so the deletion is said beside it."""
    plan = Path(repo.working_dir, PLAN).read_text(encoding="utf-8")
    later = PLAN.replace("2026", "2027")
    commit(repo, "Plan for 2027", {later: plan.replace("year: 2026\n", "year: 2027\n", 1)})
    commit(repo, "Planen for 2027 var for tidleg", {later: None})
    clone = shallow_clone(repo, tmp_path / "clone", depth=2)
    monkeypatch.chdir(clone.working_dir)
    result = invoke("check", "--base", "HEAD~1")
    deleted = (
        "Handlingsplanen for 2027 (pilots/testdalen/plans/2027.yaml) blir sletta i denne endringa."
    )
    assert f"\n{deleted}\n" in result.output
    assert f"\n{deleted}\n" in _summary()


def test_deleting_the_only_plan_shows_the_pilot_and_the_deletion(repo: git.Repo) -> None:
    commit(repo, "Planen vart lagd i feil pilot", {PLAN: None})
    result = invoke("check", "--base", "HEAD~1")
    assert "ingen gyldig handlingsplan" not in result.output
    assert (
        "Handlingsplanen for 2026 (pilots/testdalen/plans/2026.yaml) blir sletta i denne"
        " endringa." in result.output
    )


def test_a_renamed_pilot_without_a_plan_is_compared_with_its_old_folder(
    repo: git.Repo,
) -> None:
    commit(repo, "Avtala før handlingsplanen", {PLAN: None})
    shutil.move(Path(repo.working_dir, "pilots/testdalen"), Path(repo.working_dir, "pilots/ny"))
    commit(repo, "Ny mappe")
    result = invoke("check", "--base", "HEAD~1")
    assert "ingen gyldig handlingsplan" not in result.output
    assert "testdalen: HEAD~1 → arbeidskopien\nIngen endringar." in result.output
