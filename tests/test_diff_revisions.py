"""``diff --base``, ``check`` and ``history`` on what a pull request really does: a pilot
given another id, a branch that main has moved on from since it was made.

Every repository is real (built in ``tmp_path``), every command the real CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from tests.gitrepo import commit, move, pilot_repo
from tests.helpers import edit, invoke
from tests.test_git_workflows import history


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> git.Repo:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    return repo


def test_a_pilot_given_another_id_is_a_change(repo: git.Repo) -> None:
    """The pilot renamed (its folder and its id, as BV214 asks) and its written standard
    kept: diff said «Ingen endringar», check's summary likewise, and history «andre
    endringar». Each now names the id, old and new."""
    move(repo, "pilots/testdalen", "pilots/vestdalen", "Nytt namn på piloten")
    edit(Path(repo.working_dir, "pilots/vestdalen/pilot.yaml"), "id: testdalen", "id: vestdalen")
    commit(repo, "Ny id")

    text = invoke("diff", "vestdalen", "--base", "HEAD~2", "--head", "HEAD")
    assert text.exit_code == 0, text.output
    assert "id: «testdalen» → «vestdalen»" in text.output
    assert "Ingen endringar" not in text.output
    shown = invoke("diff", "vestdalen", "--base", "HEAD~2", "--head", "HEAD", "-f", "json")
    data = json.loads(shown.stdout)
    assert data["pilot"] == "vestdalen"
    assert data["agreement"] == [{"path": "id", "old": "testdalen", "new": "vestdalen"}]

    checked = invoke("check", "--base", "HEAD~2", "--head", "HEAD", "-f", "text")
    assert checked.exit_code == 0, checked.output
    assert "id: «testdalen» → «vestdalen»" in checked.output

    [change] = history(pilot="vestdalen")["commits"][0]["changes"]
    assert (change["path"], change["old"], change["new"]) == ("id", "testdalen", "vestdalen")


def test_a_pilot_moved_to_the_other_written_standard_is_a_change(repo: git.Repo) -> None:
    """Its written standard, name and county too: every document changes with them."""
    pilot = Path(repo.working_dir, "pilots/testdalen/pilot.yaml")
    edit(pilot, "language: nn", "language: nb")
    edit(pilot, "county: Telemark", "county: Vestfold og Telemark")
    result = invoke("diff", "testdalen", "--base", "HEAD")
    assert result.exit_code == 0, result.output
    assert "målform: nynorsk → bokmål" in result.output
    assert "fylke: «Telemark» → «Vestfold og Telemark»" in result.output
    assert "tiltak" not in result.output.lower()
