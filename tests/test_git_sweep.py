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
from tests.gitrepo import BUDGET_21, KARI, OLA, PLAN, commit, init_repo, pilot_repo, raise_21, tag
from tests.helpers import MINIMAL, edit, invoke, kr
from tests.test_git_workflows import history

LFS_POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
    "size 1234\n"
)
"""What git keeps of a file tracked by Git LFS, and what a clone without LFS checks out."""


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
    assert shown["Grein b"] == [
        "handsaming Kviteseid kommune, kommunestyret, saksnummer: «26/7» → «26/8»"
    ]
    assert shown["Grein c"] == [
        f"tiltak 1.1: budsjett 2026, eigne midlar: {kr(100000)} → {kr(120000)}"
    ]
    assert commits["Grein b"]["author"] == "Ola Dunk"
    since_base = [
        t for m, texts in shown.items() if m != "Første versjon av testdalen" for t in texts
    ]
    assert len(since_base) == 3  # each change told once, on its own commit


# --- who and when ----------------------------------------------------------------------------


def commit_as(
    repo: git.Repo, message: str, author: str, committer: str, dates: tuple[str, str]
) -> git.Commit:
    """Commit the working tree with an author and a committer of its own, each at a date."""
    repo.git.add("--all")
    name, email = committer.removesuffix(">").split(" <")
    environment = {
        "GIT_AUTHOR_DATE": dates[0],
        "GIT_COMMITTER_DATE": dates[1],
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }
    repo.git.commit("-m", message, f"--author={author}", env=environment)
    return repo.head.commit


def test_authors_with_norwegian_and_sami_letters_and_another_committer(repo: git.Repo) -> None:
    """Åse wrote the change and Máret committed it (a patch applied, a rebase), and the
    other way round, on either side of the new year and of summer time: each commit is its
    author's, with the letters as written (a co-author too, through the ``.mailmap``), the
    subject of a message with a body, and the author's date (with its offset in the JSON,
    on Norway's clock in the text)."""
    ase, maret = "Åse Øyvik <ase@testdalen.no>", "Máret Sárá Ŋuolja <maret@sametinget.no>"
    commit(repo, "Mailmap", {".mailmap": f"{maret} <maret@gmail.com>\n"})
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "own_funds: 100000", "own_funds: 110000")
    first = commit_as(
        repo,
        "Auka eigne midlar for 1.1\n\nFormannskapet bad om meir.\n\n"
        "Co-authored-by: maret <maret@gmail.com>",
        ase,
        maret,
        ("2025-12-31T23:30:00+01:00", "2026-01-02T10:00:00+01:00"),
    )
    edit(plan, "own_funds: 110000", "own_funds: 120000")
    second = commit_as(
        repo,
        "Endra att: ŋ đ č š ž ŧ",
        maret,
        ase,
        ("2026-10-25T02:10:00+02:00", "2026-10-25T02:50:00+01:00"),
    )

    found = history()
    assert [c["commit"] for c in found["commits"][:2]] == [second.hexsha, first.hexsha]
    newest, older = found["commits"][:2]
    assert (newest["author"], newest["email"]) == ("Máret Sárá Ŋuolja", "maret@sametinget.no")
    assert (older["author"], older["email"]) == ("Åse Øyvik", "ase@testdalen.no")
    assert older["co_authors"] == [maret]  # through the .mailmap, as git log names authors
    assert (newest["message"], older["message"]) == (
        "Endra att: ŋ đ č š ž ŧ",
        "Auka eigne midlar for 1.1",
    )
    assert (newest["date"], older["date"]) == (
        "2026-10-25T02:10:00+02:00",
        "2025-12-31T23:30:00+01:00",
    )
    text = invoke("history", "testdalen").output
    assert (
        f"{second.hexsha[:7]}  2026-10-25 02:10  Máret Sárá Ŋuolja <maret@sametinget.no>\n"
        "  Endra att: ŋ đ č š ž ŧ\n"
    ) in text
    assert f"{first.hexsha[:7]}  2025-12-31 23:30  Åse Øyvik <ase@testdalen.no>\n" in text
    # the day is the author's, in Norway: New Year's Eve is not in 2026
    since = [c["commit"] for c in history("--since", "2026-01-01")["commits"]]
    assert first.hexsha not in since
    assert second.hexsha in since


# --- files kept in Git LFS -------------------------------------------------------------------


def test_a_plan_checked_out_as_an_lfs_pointer_says_so(repo: git.Repo) -> None:
    """A Windows clone made without Git LFS has the pointer in place of the plan: validate,
    fmt and migrate say what the file is and what to do, not that YAML found a single
    value."""
    Path(repo.working_dir, PLAN).write_text(LFS_POINTER, encoding="utf-8")
    result = invoke("validate", "-f", "json")
    assert result.exit_code == 1, result.output
    [finding] = json.loads(result.output)["findings"]
    assert (finding["file"], finding["line"], finding["code"]) == (PLAN, 1, "BV011")
    assert "Git LFS-peikar" in finding["message"]
    assert "git lfs pull" in finding["message"]
    for command in ("fmt", "migrate"):  # which would write it: refused alike, left as it is
        result = invoke(command)
        assert result.exit_code == 1, result.output
        assert f"{PLAN}:1: Fila er ein Git LFS-peikar" in result.output
    assert Path(repo.working_dir, PLAN).read_text(encoding="utf-8") == LFS_POINTER


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


def pilots_submodule(tmp_path: Path, where: str = PILOTS_DIR) -> git.Repo:
    """A secretariat's repository where ``pilots/`` (or the pilot ``pilots/testdalen``) is
    a submodule, a repository of its own, whose plan changed after it was first taken in,
    and the submodule moved on to that change."""
    own = init_repo(tmp_path / "eige")
    inside = "testdalen" if where == PILOTS_DIR else "."
    shutil.copytree(MINIMAL, Path(own.working_dir, inside), dirs_exist_ok=True)
    commit(own, "Testdalen, første versjon")
    repo = init_repo(tmp_path / "repo")
    commit(repo, "README", {"README.md": "Sekretariatet\n"})
    submodule = ["submodule", "add", "-q", str(own.working_dir), where]
    repo.git.execute(["git", "-c", "protocol.file.allow=always", *submodule])
    commit(repo, "Submodulen")
    checkout = git.Repo(Path(repo.working_dir, where))
    with checkout.config_writer() as config:  # a clone has no identity of its own
        config.set_value("user", "name", "Sekretariatet")
        config.set_value("user", "email", "post@testdalen.no")
    edit(Path(repo.working_dir, PLAN), BUDGET_21, BUDGET_21.replace("600000", "650000"))
    commit(checkout, "Budsjett for 2.1")
    commit(repo, "Submodulen: ny versjon")
    return repo


@pytest.mark.parametrize("where", [PILOTS_DIR, "pilots/testdalen"])
@pytest.mark.parametrize("head", [("--head", "HEAD"), ()], ids=["commit", "working-tree"])
def test_check_with_pilots_in_a_submodule_says_what_to_run_instead(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cache_dir: Path,
    head: tuple[str, ...],
    where: str,
) -> None:
    """git's diff and trees of the repository have the submodule's commit only: check said
    «no pilot changed» of a pull request that moved the submodule on (and at a commit left
    a pilot that is one unchecked, or failed with a traceback where pilots/ is one). It
    refuses, says which folder is a submodule, and gives the diff to run with the
    submodule's commits at the base and the head (it said «REV a commit of the submodule»,
    and a secretariat could not tell which); that command shows the pull request's change."""
    repo = pilots_submodule(tmp_path, where)
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    at_base, at_head = (repo.git.rev_parse(f"{rev}:{where}")[:7] for rev in ("HEAD~1", "HEAD"))
    pilot = "PILOT" if where == PILOTS_DIR else where
    command = f"bygdevekst diff {pilot} --base {at_base}" + (f" --head {at_head}" if head else "")
    result = invoke("check", "--base", "HEAD~1", *head)
    assert result.exit_code == 1, result.output
    assert result.output.strip() == (
        f"bygdevekst: {where}/ er ein git-submodul, og check les ikkje pilotar gjennom ein "
        f"submodul: køyr «bygdevekst validate» og «{command}» ({at_base} er commiten "
        "submodulen har i HEAD~1; hent han først med «git submodule update --init» om mappa "
        "er tom)"
    )
    # what the message says to run reads the pilot through its own repository
    assert invoke("validate").exit_code == 0
    diff = invoke(*command.replace("PILOT", "testdalen").split()[1:])
    assert diff.exit_code == 0, diff.output
    assert f"{kr(600000)} → {kr(650000)}" in diff.output


@pytest.mark.parametrize("where", [PILOTS_DIR, "pilots/testdalen"])
def test_an_overview_of_a_repository_with_pilots_in_a_submodule_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, where: str
) -> None:
    """The repository at a revision has the submodule's commit only: the overview failed
    with a traceback where pilots/ is one, and left out a pilot that is one."""
    repo = pilots_submodule(tmp_path, where)
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    result = invoke("overview", ".@HEAD")
    assert result.exit_code == 1, result.output
    assert (
        f".@HEAD: {where}/ er ein git-submodul, eit repo for seg: gje mappa hans som kjelde "
        f"(til dømes «bygdevekst overview {where}@HEAD»)"
    ) in result.output
    assert "Traceback" not in result.output
    assert "Testdalen (testdalen)" in invoke("overview", f"{where}@HEAD").output


# --- adoption tags -----------------------------------------------------------------------------


def adoptions_by_commit(found: dict[str, Any]) -> dict[str, list[tuple[str, str | None]]]:
    return {
        c["commit"]: [(a["ref"], a["tag"]) for a in c["adoptions"]]
        for c in found["commits"]
        if c["adoptions"]
    }


def test_adoption_tags_annotated_lightweight_moved_and_a_branch(repo: git.Repo) -> None:
    """Fyresdal's adoption as an annotated tag the data names, Kviteseid's as a lightweight
    tag and a branch the data names: each shown on the commit it names, the branch with
    BV304's warning. Moved on (``git tag -f``), the tags are shown where they are now, also
    when the history is read again from the cache folder."""
    fyresdal = "vedtak/testdalen/2026/fyresdal-kommunestyre"
    kviteseid = "vedtak/testdalen/2026/kviteseid-kommunestyre"
    adopted = raise_21(repo, 650000, "Vedteke")
    tag(repo, fyresdal, "Fyresdal, sak 26/11")
    tag(repo, kviteseid)  # lightweight
    repo.git.branch("vedteken-versjon")
    later = raise_21(repo, 700000, "Etter vedtaka")
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "case_number: 26/11\n", f"case_number: 26/11\n    adopted_revision: {fyresdal}\n")
    edit(plan, "case_number: 26/7\n", "case_number: 26/7\n    adopted_revision: vedteken-versjon\n")
    commit(repo, "Vedtaka")

    assert adoptions_by_commit(history()) == {
        adopted.hexsha: [(fyresdal, fyresdal), ("vedteken-versjon", None), (kviteseid, kviteseid)]
    }
    checked = invoke("validate", "-f", "json")
    codes = [(f["code"], f["severity"]) for f in json.loads(checked.output)["findings"]]
    assert ("BV304", "warning") in codes  # the branch moves on

    repo.git.tag("-f", "-a", fyresdal, later.hexsha, "-m", "Fyresdal, sak 26/11")
    repo.git.tag("-f", kviteseid, later.hexsha)
    for _ in range(2):  # cold, then from the cache folder
        assert adoptions_by_commit(history()) == {
            later.hexsha: [(fyresdal, fyresdal), (kviteseid, kviteseid)],
            adopted.hexsha: [("vedteken-versjon", None)],
        }


def test_adoption_tags_under_the_folders_earlier_name_stay_in_the_trail(
    repo: git.Repo,
) -> None:
    """Kviteseid adopted the plan while the pilot was ``testdalen`` (tag
    ``vedtak/testdalen/…``); then the folder and id became ``nydalen`` (``git mv``). The
    trail of nydalen follows the folder back, and its adoptions with it (they were left
    out); a new pilot given the old name later, on a branch, keeps its own tags: they are
    not nydalen's adoptions outside the history of HEAD."""
    kviteseid = "vedtak/testdalen/2026/kviteseid-kommunestyre"
    adopted = raise_21(repo, 650000, "Vedteke")
    tag(repo, kviteseid, "Kviteseid, sak 26/7")
    repo.git.mv("pilots/testdalen", "pilots/nydalen")
    edit(Path(repo.working_dir, "pilots/nydalen/pilot.yaml"), "id: testdalen", "id: nydalen")
    commit(repo, "Nytt namn: nydalen")
    repo.git.checkout("-b", "ny-pilot")
    shutil.copytree(MINIMAL, Path(repo.working_dir, "pilots/testdalen"))
    commit(repo, "Ein ny pilot får det gamle namnet")
    tag(repo, "vedtak/testdalen/2027/kviteseid-kommunestyre", "Den nye piloten")
    repo.git.checkout("main")

    found = history(pilot="nydalen")
    assert adoptions_by_commit(found) == {adopted.hexsha: [(kviteseid, kviteseid)]}
    assert found["unreachable_adoptions"] == []
    assert f"  ✓ Kviteseid, sak 26/7 [{kviteseid}]" in invoke("history", "nydalen").output
