"""Histories a secretariat really makes, beyond those of ``test_git_workflows``: an octopus
merge of branches that each changed the plan, authors and committers with Norwegian and
Sámi letters on both sides of summer time, files kept in Git LFS, and adoption tags moved
or named like branches.

Every repository is real (built in ``tmp_path``), every command the real CLI, and every
answer is checked against what ``git log`` itself says.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import git
import pytest

from tests.gitrepo import KARI, OLA, PLAN, commit, pilot_repo
from tests.helpers import edit, invoke, kr

LFS_POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
    "size 1234\n"
)
"""What git keeps of a file tracked by Git LFS, and what a clone without LFS checks out."""


def history(*args: str, pilot: str = "testdalen") -> dict[str, Any]:
    result = invoke("history", pilot, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.output)
    return found


def by_message(found: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["message"]: c for c in found["commits"]}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> git.Repo:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    return repo


# --- merges ----------------------------------------------------------------------------------


def test_an_octopus_merge_of_branches_that_each_changed_the_plan(repo: git.Repo) -> None:
    """Three branches from one commit, each changing another part of the plan (or adding a
    file to the pilot), merged in one octopus merge: each change on its own commit and
    author, once; the merge, which changed nothing itself, with none."""
    plan = Path(repo.working_dir, PLAN)
    base = repo.head.commit.hexsha
    edits = {
        "a": ("title: Nettverk for næringane", "title: Nettverk for næringslivet"),
        "b": ("case_number: 26/7", "case_number: 26/8"),
        "c": ("own_funds: 100000", "own_funds: 120000"),
    }
    made = {}
    for branch, (old, new) in edits.items():
        repo.git.checkout("-b", branch, base)
        edit(plan, old, new)
        made[branch] = commit(repo, f"Grein {branch}", author=OLA if branch == "b" else KARI)
    repo.git.checkout("main")
    repo.git.merge("--no-ff", "a", "b", "c", "-m", "Slå saman a, b og c")

    found = history()
    assert [c["commit"] for c in found["commits"]] == repo.git.log(
        "--format=%H", "--", "pilots/testdalen"
    ).split()
    commits = by_message(found)
    merge = commits["Slå saman a, b og c"]
    assert len(merge["parents"]) == 4
    assert merge["changes"] == []
    shown = {m: [ch["text"] for ch in c["changes"]] for m, c in commits.items()}
    assert shown["Grein a"] == [
        "tiltak 2.1: tittel: «Nettverk for næringane» → «Nettverk for næringslivet»"
    ]
    assert shown["Grein b"] == ["handsaming kviteseid, kommunestyret, saksnummer: «26/7» → «26/8»"]
    assert shown["Grein c"] == [
        f"tiltak 1.1: budsjett 2026, eigne midlar: {kr(100000)} → {kr(120000)}"
    ]
    assert commits["Grein b"]["author"] == "Ola Dunk"
    since_base = [
        t for m, texts in shown.items() if m != "Første versjon av testdalen" for t in texts
    ]
    assert len(since_base) == 3  # each change told once, on its own commit


# --- files kept in Git LFS -------------------------------------------------------------------


def test_a_plan_checked_out_as_an_lfs_pointer_says_so(repo: git.Repo) -> None:
    """A Windows clone made without Git LFS has the pointer in place of the plan: validate
    says what the file is and what to do, not that YAML found a single value."""
    Path(repo.working_dir, PLAN).write_text(LFS_POINTER, encoding="utf-8")
    result = invoke("validate", "-f", "json")
    assert result.exit_code == 1, result.output
    [finding] = json.loads(result.output)["findings"]
    assert (finding["file"], finding["line"], finding["code"]) == (PLAN, 1, "BV011")
    assert "Git LFS-peikar" in finding["message"]
    assert "git lfs pull" in finding["message"]


def test_a_commit_of_a_plan_in_lfs_is_told_as_such_by_history_and_diff(repo: git.Repo) -> None:
    """git keeps the pointer of a file tracked by LFS in every commit: history says that
    commit's plan could not be read and why, and diff names the file and the pointer."""
    good = Path(repo.working_dir, PLAN).read_text(encoding="utf-8")
    commit(repo, "Planen i LFS", {PLAN: LFS_POINTER})
    commit(repo, "Planen ut av LFS", {PLAN: good})

    [change] = by_message(history())["Planen i LFS"]["changes"]
    assert change["new"]["code"] == "BV011"
    assert "Git LFS-peikar" in change["new"]["message"]

    result = invoke("diff", "testdalen", "--base", "HEAD~1", "--head", "HEAD")
    assert result.exit_code == 1
    assert "plans/2026.yaml:1: BV011 Fila er ein Git LFS-peikar" in result.output
    assert "Toppnivået" not in result.output
