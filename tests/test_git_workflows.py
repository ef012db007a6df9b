"""The audit trail and the pull-request check on histories as secretariats, GitHub and
GitLab make them: merges resolved by hand, ``.mailmap``, plan files renamed to names the
pilot does not read, adopted revisions named by a branch.

Every repository is real (built in ``tmp_path``), every command the real CLI, and every
answer is checked against what ``git log`` itself says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import git
import pytest
from typer.testing import CliRunner, Result

from bygdevekst_cli.cli import app
from bygdevekst_cli.language import words
from tests.gitrepo import PLAN, commit, move, pilot_repo, raise_21


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def history(*args: str) -> dict[str, Any]:
    result = invoke("history", "testdalen", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.output)
    return found


def by_commit(found: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["commit"]: c for c in found["commits"]}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> git.Repo:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    return repo


# --- who ---------------------------------------------------------------------------------------


def test_a_mailmap_names_the_author_as_git_log_does(repo: git.Repo) -> None:
    """Ola committed once from a private address; the repository's ``.mailmap`` says it is
    him. The trail names him as ``git log`` does, not as the commit spells it."""
    commit(repo, "Mailmap", {".mailmap": "Ola Dunk <ola@testdalen.no> <ola.dunk@gmail.com>\n"})
    private = raise_21(repo, 650000, "Meir", author="ola <ola.dunk@gmail.com>")

    entry = by_commit(history())[private.hexsha]
    shown = repo.git.log("-1", "--format=%aN|%aE", private.hexsha)
    assert f"{entry['author']}|{entry['email']}" == shown == "Ola Dunk|ola@testdalen.no"


# --- files -------------------------------------------------------------------------------------


def test_a_plan_renamed_to_a_name_the_pilot_does_not_read_is_a_move(repo: git.Repo) -> None:
    """``2026.yaml`` → ``2026-vedtatt.yaml`` (not read: BV013) and back: both commits say
    where the file came from; neither says that its text changed."""
    away = move(repo, PLAN, "pilots/testdalen/plans/2026-vedtatt.yaml", "Vedteken versjon")
    back = move(repo, "pilots/testdalen/plans/2026-vedtatt.yaml", PLAN, "Tilbake")

    found = by_commit(history())
    moved = words("nn")("history.file_moved")
    assert [c["text"] for c in found[away.hexsha]["changes"]] == [f"{moved} {PLAN}"]
    assert [c["text"] for c in found[back.hexsha]["changes"]] == [
        f"{moved} pilots/testdalen/plans/2026-vedtatt.yaml"
    ]
