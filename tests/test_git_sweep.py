"""Histories a secretariat really makes, beyond those of ``test_git_workflows``: an octopus
merge of branches that each changed the plan, authors and committers with Norwegian and
Sámi letters on both sides of summer time, files kept in Git LFS, and adoption tags moved
or named like branches.

Every repository is real (built in ``tmp_path``), every command the real CLI, and every
answer is checked against what ``git log`` itself says.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import git
import pytest

from bygdevekst_cli.pilotfolder import PILOTS_DIR
from tests.gitrepo import BUDGET_21, KARI, OLA, PLAN, commit, init_repo, pilot_repo
from tests.helpers import MINIMAL, edit, invoke, kr

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


# --- pilots/ as a git submodule --------------------------------------------------------------


def pilots_submodule(tmp_path: Path) -> git.Repo:
    """A secretariat's repository whose ``pilots/`` is a submodule: the pilots' own
    repository (testdalen at its root), whose plan changed after it was first taken in,
    and the submodule moved on to that change."""
    own = init_repo(tmp_path / "pilotane")
    shutil.copytree(MINIMAL, Path(own.working_dir, "testdalen"))
    commit(own, "Testdalen, første versjon")
    repo = init_repo(tmp_path / "repo")
    commit(repo, "README", {"README.md": "Sekretariatet\n"})
    submodule = ["submodule", "add", "-q", str(own.working_dir), PILOTS_DIR]
    repo.git.execute(["git", "-c", "protocol.file.allow=always", *submodule])
    commit(repo, "Pilotane som submodul")
    plan = Path(repo.working_dir, PILOTS_DIR, "testdalen", "plans", "2026.yaml")
    edit(plan, BUDGET_21, BUDGET_21.replace("600000", "650000"))
    checkout = git.Repo(plan.parents[2])
    with checkout.config_writer() as config:  # a clone has no identity of its own
        config.set_value("user", "name", "Sekretariatet")
        config.set_value("user", "email", "post@testdalen.no")
    commit(checkout, "Budsjett for 2.1")
    commit(repo, "Pilotane: ny versjon")
    return repo


@pytest.mark.parametrize("head", [("--head", "HEAD"), ()], ids=["commit", "working-tree"])
def test_check_with_pilots_in_a_submodule_says_it_cannot_read_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, head: tuple[str, ...]
) -> None:
    """git's diff and trees of the repository have the submodule's commit only: check said
    «no pilot changed» of a pull request that moved the submodule on (and at a commit failed
    with a traceback). It says what pilots/ is and what to run instead."""
    repo = pilots_submodule(tmp_path)
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    result = invoke("check", "--base", "HEAD~1", *head)
    assert result.exit_code == 1, result.output
    assert result.output.strip() == (
        "bygdevekst: pilots/ er ein git-submodul, og check les ikkje pilotar gjennom ein "
        "submodul: køyr «bygdevekst validate», og «bygdevekst diff PILOT --base REV» med REV "
        "ein commit i submodulen"
    )
    assert "Traceback" not in result.output
    # what the message points to reads the pilot through its own repository
    assert invoke("validate").exit_code == 0
    diff = invoke("diff", "testdalen", "--base", "HEAD~1")
    assert diff.exit_code == 0, diff.output
    assert f"{kr(600000)} → {kr(650000)}" in diff.output


def test_an_overview_of_a_repository_with_pilots_in_a_submodule_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    repo = pilots_submodule(tmp_path)
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    result = invoke("overview", ".@HEAD")
    assert result.exit_code == 1, result.output
    assert (
        ".@HEAD: pilots/ er ein git-submodul, eit repo for seg: gje mappa hans som kjelde "
        "(til dømes «bygdevekst overview pilots@HEAD»)"
    ) in result.output
    assert "Traceback" not in result.output
    assert "Testdalen (testdalen)" in invoke("overview", "pilots@HEAD").output
