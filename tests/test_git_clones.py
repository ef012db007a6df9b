"""The audit trail in the clones CI makes and the places teams keep their pilots: shallow
clones (and deepened ones), partial and single-branch clones, worktrees, ``$GIT_DIR``,
pilots in a subfolder of the repository, plans moved out of a pilot, prompts that must
never come.

Every repository is real (built in ``tmp_path`` with git itself, cloned with git's own
``clone``), every command the real command line (``CliRunner``).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import git
import pytest

from tests.gitrepo import KARI, PLAN, commit, move, pilot_repo, raise_21, refusing_ssh, tag
from tests.helpers import edit, invoke
from tests.test_git_teams import add_pilot, texts_of

FETCH_ADVICE = "«git fetch --unshallow», eller set «fetch-depth: 0»"


@pytest.fixture(autouse=True)
def nynorsk(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    """The messages in Nynorsk, the cache in a folder of the test's own."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


@pytest.fixture
def source(tmp_path: Path) -> git.Repo:
    """Three commits of testdalen: the pilot, 2.1 raised to 650 000, then to 700 000."""
    repo = pilot_repo(tmp_path / "source")
    raise_21(repo, 650000, "Større behov.")
    raise_21(repo, 700000, "Endå større behov.")
    return repo


def clone(source: git.Repo, target: Path, *options: str) -> git.Repo:
    """``git clone <options> file://…`` of ``source``'s main (as CI's checkout clones)."""
    url = Path(source.working_dir).as_uri()
    subprocess.run(["git", "clone", "-q", *options, url, str(target)], check=True)
    return git.Repo(target)


def history_json(pilot: str = "testdalen") -> dict[str, object]:
    result = invoke("history", pilot, "-f", "json")
    assert result.exit_code == 0, result.output
    shown: dict[str, object] = json.loads(result.stdout)
    return shown


def commit_ids(shown: dict[str, object]) -> list[str]:
    commits = shown["commits"]
    assert isinstance(commits, list)
    return [c["commit"] for c in commits]


# --- 1. shallow clones ---------------------------------------------------------------------------


def test_a_shallow_clone_shows_what_it_holds_and_where_it_is_cut(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clone with --depth 2 (as CI makes) was refused (exit 2): it shows its two commits,
    the boundary commit without changes (git shows it as the commit that added every file:
    «ny fil», every measure new), and one note that says where the trail is cut and how to
    fetch the rest; the json has the boundary in a field of its own."""
    ci = clone(source, tmp_path / "ci", "--depth", "2")
    monkeypatch.chdir(ci.working_dir)
    tip, boundary = ci.head.commit.hexsha, ci.head.commit.parents[0].hexsha
    for _ in range(2):  # the second run from the cache folder
        result = invoke("history", "testdalen")
        assert result.exit_code == 0, result.output
        text = result.stdout
        assert f"sluttar ved commit {boundary[:7]}" in text
        assert text.count(FETCH_ADVICE) == 1
        assert "ny fil" not in text and "nytt tiltak" not in text
        assert text.rstrip().endswith("Budsjett for 2.1: 650000")  # the boundary: no changes
        shown = history_json()
        assert commit_ids(shown) == [tip, boundary]
        assert shown["shallow_boundary"] == [boundary]
        assert texts_of(shown, 1) == []
        assert texts_of(shown, 0) == [
            "plans/2026.yaml: tiltak 2.1: budsjett 2026, statlege tiltaksmidlar: "
            "650\u00a0000\u00a0kr → 700\u00a0000\u00a0kr",
            "plans/2026.yaml: tiltak 2.1: grunngjeving: «Endå større behov.»",
        ]


def test_a_pilot_made_after_the_boundary_has_its_whole_history(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pilot added after the commit the clone is cut at has all its history in the clone:
    no note, no field, its first commit's files new as they were."""
    add_pilot(source, "andre", plans=True)
    ci = clone(source, tmp_path / "ci", "--depth", "2")
    monkeypatch.chdir(ci.working_dir)
    shown = history_json("andre")
    assert "shallow_boundary" not in shown
    assert commit_ids(shown) == [ci.head.commit.hexsha]
    assert "plans/2026.yaml: ny fil" in texts_of(shown)
    assert "shallow clone" not in invoke("history", "andre").stdout


def test_a_history_since_a_day_after_the_boundary_is_whole(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--since`` a day after the commit the clone is cut at asks for commits the clone
    all has: no note; from the day of that commit, the note."""
    ci = clone(source, tmp_path / "ci", "--depth", "2")
    monkeypatch.chdir(ci.working_dir)
    after = invoke("history", "testdalen", "--since", "2026-01-03", "-f", "json")
    assert "shallow_boundary" not in json.loads(after.stdout)
    assert len(commit_ids(json.loads(after.stdout))) == 1
    cut = invoke("history", "testdalen", "--since", "2026-01-02")
    assert cut.stdout.count(FETCH_ADVICE) == 1


def test_a_clone_of_depth_one_shows_its_one_commit(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ci = clone(source, tmp_path / "ci", "--depth", "1")
    monkeypatch.chdir(ci.working_dir)
    shown = history_json()
    assert commit_ids(shown) == shown["shallow_boundary"] == [ci.head.commit.hexsha]
    assert texts_of(shown) == []
    assert invoke("history", "testdalen", "--verify").exit_code == 0


def test_a_deepened_clone_shows_the_commits_it_fetched_and_then_the_whole_history(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After ``git fetch --deepen``, the commit that was the boundary shows what it really
    changed (nothing stale from the cache folder); after ``--unshallow``, the history is
    the full clone's, without the note or the field."""
    ci = clone(source, tmp_path / "ci", "--depth", "1")
    monkeypatch.chdir(ci.working_dir)
    assert texts_of(history_json()) == []  # kept in the cache folder
    ci.git.fetch("--deepen=1")
    deepened = history_json()
    assert deepened["shallow_boundary"] == [ci.head.commit.parents[0].hexsha]
    assert len(texts_of(deepened)) == 2 and texts_of(deepened, 1) == []
    ci.git.fetch("--unshallow")
    monkeypatch.chdir(source.working_dir)
    full = history_json()
    monkeypatch.chdir(ci.working_dir)
    assert history_json() == full
    assert "shallow_boundary" not in full
    assert "shallow clone" not in invoke("history", "testdalen").stdout


def test_an_adoption_tag_fetched_beyond_the_boundary_is_outside_the_clone(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """actions/checkout with ``fetch-tags: true`` fetches each tag at depth 1: the adopted
    commit is there, cut off from HEAD's line. It was told as not in the history at all
    (squashed or rewritten away); it is outside what the clone holds of the history."""
    tag(source, "vedtak/testdalen/2026", "Vedteke i kommunestyret", ref="HEAD~2")
    ci = git.Repo.init(tmp_path / "ci")
    ci.git.remote("add", "origin", Path(source.working_dir).as_uri())
    refs = ("+refs/heads/main:refs/remotes/origin/main", "+refs/tags/*:refs/tags/*")
    ci.git.fetch("--depth=1", "origin", *refs)
    ci.git.checkout("origin/main")
    monkeypatch.chdir(ci.working_dir)
    text = invoke("history", "testdalen").stdout
    assert "1 vedtak er ikkje i den delen av historikken som er i denne klonen" in text
    assert "sjå kontrollen med --verify" not in text
    assert [a["ref"] for a in history_json()["unreachable_adoptions"]] == ["vedtak/testdalen/2026"]


def test_an_adopted_revision_beyond_the_boundary_is_not_in_this_clone(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = next(source.iter_commits("main", reverse=True)).hexsha
    edit(
        Path(source.working_dir, PLAN),
        "    case_number: 26/11\n    outcome: adopted\n",
        f"    case_number: 26/11\n    outcome: adopted\n    adopted_revision: {first}\n",
    )
    commit(source, "Vedtaket er ført inn")
    ci = clone(source, tmp_path / "ci", "--depth", "1")
    monkeypatch.chdir(ci.working_dir)
    result = invoke("validate")
    assert "Traceback" not in result.output
    assert f"adopted_revision «{first}» er ikkje i denne klonen" in result.output
    assert "finst ikkje" not in result.output
    assert "pilots/testdalen/plans/2026.yaml:" in result.output
    assert invoke("history", "testdalen").exit_code == 0


def test_diff_and_check_in_a_shallow_clone_read_what_it_holds(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ci = clone(source, tmp_path / "ci", "--depth", "2")
    monkeypatch.chdir(ci.working_dir)
    diff = invoke("diff", "testdalen", "--base", "HEAD~1", "-f", "json")
    assert diff.exit_code == 0, diff.output
    assert [m["id"] for m in json.loads(diff.stdout)["changed"]] == ["2.1"]
    result = invoke("check", "--base", "HEAD~1")
    assert result.exit_code == 0, result.output
    assert "Endå større behov." in result.stdout
    tag(ci, "vedtak/testdalen/2026", "Vedteke", ref="HEAD~1")
    assert "✓ Vedteke" in invoke("history", "testdalen").stdout


# --- 2. a plan moved out of the pilot -----------------------------------------------------------


def test_a_plan_moved_to_another_pilot_says_where_it_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pilot a plan left said «fila er sletta»: it says where the plan went, on a cold
    run and from the cache folder alike; a plan really deleted is still deleted."""
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    add_pilot(repo, "andre", plans=False)
    Path(repo.working_dir, "pilots/andre/plans").mkdir()
    move(repo, PLAN, "pilots/andre/plans/2026.yaml", "Planen høyrer til andre")
    for _ in range(2):
        assert texts_of(history_json()) == [
            "plans/2026.yaml: flytta til pilots/andre/plans/2026.yaml"
        ]
    assert "flytta til pilots/andre/plans/2026.yaml" in invoke("history", "testdalen").stdout
    move(repo, "pilots/andre/plans/2026.yaml", "arkiv/2026.yaml", "Arkivert", author=KARI)
    assert texts_of(history_json("andre")) == ["plans/2026.yaml: flytta til arkiv/2026.yaml"]
    commit(repo, "Arkivet er sletta", {"arkiv/2026.yaml": None})
    add_pilot(repo, "tredje", plans=True)
    commit(repo, "Planen er sletta", {"pilots/tredje/plans/2026.yaml": None})
    assert texts_of(history_json("tredje")) == ["plans/2026.yaml: fila er sletta"]


def test_a_plan_moved_away_as_another_takes_its_name_in_yml_is_no_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan moved to another pilot in the commit that writes a new ``2026.yml`` in its
    place: the history pairs a deleted ``.yaml`` with an added ``.yml`` as a rename, but git
    saw where this one went."""
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    add_pilot(repo, "andre", plans=False)
    text = Path(repo.working_dir, PLAN).read_text(encoding="utf-8")
    Path(repo.working_dir, "pilots/andre/plans").mkdir()
    repo.git.mv(PLAN, "pilots/andre/plans/2026.yaml")
    rewritten = text.replace("Kartlegging", "Ny kartlegging") + "# " + "x" * 4000 + "\n"
    commit(repo, "Ny plan", {"pilots/testdalen/plans/2026.yml": rewritten})
    changes = texts_of(history_json())
    assert "plans/2026.yaml: flytta til pilots/andre/plans/2026.yaml" in changes
    assert not any("flytta frå" in change for change in changes)


# --- 3. pilots kept in a subfolder of the repository ----------------------------------------------


@pytest.fixture
def in_subfolder(tmp_path: Path) -> git.Repo:
    """A repository that keeps its pilots in ``bygdevekst/pilots``, beside other work; the
    second commit raises 2.1 and leaves a measure without a title (an error)."""
    repo = pilot_repo(tmp_path / "repo")
    move(repo, "pilots", "bygdevekst/pilots", "Pilotane i ei eiga mappe")
    plan = Path(repo.working_dir, "bygdevekst", PLAN)
    edit(plan, "state_measure_funds: 600000\nstatus:", "state_measure_funds: 650000\nstatus:")
    edit(plan, "title: Nettverk for næringane", 'title: ""')
    commit(repo, "Meir til 2.1", {"docs/README.md": "Om repoet\n"})
    return repo


@pytest.mark.parametrize("where", ["bygdevekst", "bygdevekst/pilots/testdalen"])
def test_check_finds_the_pilots_validate_finds_from_the_same_folder(
    in_subfolder: git.Repo, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """check read only ``pilots/`` at the repository's root (exit 2 here); it reads the
    ``pilots/`` validate reads from the same folder, in the working tree and at a head."""
    monkeypatch.chdir(Path(in_subfolder.working_dir, where))
    validated = json.loads(invoke("validate", "-f", "json").stdout)["findings"]
    assert validated
    for head in ([], ["--head", "HEAD"]):
        checked = invoke("check", "--base", "HEAD~1", *head, "-f", "json")
        assert checked.exit_code == 1, checked.output
        assert json.loads(checked.stdout)["findings"] == validated
        text = invoke("check", "--base", "HEAD~1", *head, "-f", "text").stdout
        assert "bygdevekst/pilots/testdalen: " in text  # the pilot the change touched
    # GitHub finds an annotation's file from the repository's root, wherever check ran
    github = invoke("check", "--base", "HEAD~1", "-f", "github").stdout
    assert "::error file=bygdevekst/pilots/testdalen/plans/2026.yaml,line=23," in github


def test_check_from_outside_the_pilots_folder_says_where_to_run_it(
    in_subfolder: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for where, example in [(".", "bygdevekst"), ("docs", "../bygdevekst")]:
        monkeypatch.chdir(Path(in_subfolder.working_dir, where))
        for head in ([], ["--head", "HEAD"]):
            result = invoke("check", "--base", "HEAD~1", *head)
            assert result.exit_code == 2, result.output
            assert "Traceback" not in result.output
            assert "men repoet har pilotane i bygdevekst/pilots" in result.stderr
            assert f"(cd {example})" in result.stderr


def test_check_from_a_subfolder_reads_the_pilots_at_the_root(
    source: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit(source, "Dokumentasjon", {"docs/README.md": "Om repoet\n"})
    monkeypatch.chdir(Path(source.working_dir, "docs"))
    result = invoke("check", "--base", "HEAD~2", "-f", "text")
    assert result.exit_code == 0, result.output
    assert "Endå større behov." in result.stdout


# --- 4. partial clones: git fetches what it lacks, and ssh never asks ----------------------------


def partial_clone(source: git.Repo, target: Path) -> git.Repo:
    """``git clone --filter=blob:none``: the blobs of older commits are fetched when read."""
    source.git.config("uploadpack.allowFilter", "true")
    return clone(source, target, "--filter=blob:none")


def test_a_partial_clone_reads_the_history_it_fetches(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(source.working_dir)
    full = history_json()
    ci = partial_clone(source, tmp_path / "ci")
    monkeypatch.chdir(ci.working_dir)
    assert history_json() == full
    assert invoke("check", "--base", "HEAD~2").exit_code == 0


def test_every_git_of_a_partial_clone_runs_ssh_in_batch_mode(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A partial clone whose remote is reached through ssh fetches the blobs the history
    reads: ssh ran without batch mode (only overview's clone had it), so a key with a
    passphrase, or a host not yet known, asked on the terminal and hung CI. It runs in batch
    mode, added to the user's own ``core.sshCommand``, and the history says it needs
    access, without a traceback."""
    ci = partial_clone(source, tmp_path / "ci")
    asked = tmp_path / "asked.txt"
    ssh = refusing_ssh(tmp_path, asked)
    ci.git.config("remote.origin.url", "ssh://git@git.kommune.no/pilotar.git")
    ci.git.config("core.sshCommand", f"{ssh} -i nøkkel")
    monkeypatch.delenv("GIT_SSH_COMMAND", raising=False)
    monkeypatch.delenv("GIT_SSH", raising=False)
    monkeypatch.chdir(ci.working_dir)
    commands = {
        ("history", "testdalen"): "krev tilgang",
        ("diff", "testdalen", "--base", "HEAD~2"): "delvis klon (--filter) som ikkje når origin",
    }
    for command, said in commands.items():
        asked.unlink(missing_ok=True)
        result = invoke(*command)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert said in result.stderr
        calls = asked.read_text(encoding="utf-8").splitlines()
        assert calls and all(c.startswith("-i nøkkel -o BatchMode=yes ") for c in calls)


# --- the sweep: single-branch clones, worktrees, $GIT_DIR ----------------------------------------


def test_a_single_branch_clone_without_the_base_says_what_to_fetch(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--base origin/main`` in a clone of the pull request's branch alone was «fann ikkje
    revisjonen»: it says the branch was not fetched, and the fetch that brings it."""
    source.git.branch("pr", "HEAD~1")
    ci = clone(source, tmp_path / "ci", "--single-branch", "--branch", "pr")
    monkeypatch.chdir(ci.working_dir)
    fetch = "git fetch origin main:refs/remotes/origin/main"
    for command in (
        ("check", "--base", "origin/main"),
        ("diff", "testdalen", "--base", "origin/main~1"),
    ):
        result = invoke(*command)
        assert result.exit_code == 2, result.output
        assert "klonen har ikkje henta greina main frå origin" in result.stderr
        assert f"«{fetch}»" in result.stderr
    assert "ikkje henta" not in invoke("check", "--base", "nowhere/main").stderr  # no remote
    ci.git.execute(fetch.split())
    assert invoke("check", "--base", "origin/main").exit_code == 0


def test_a_worktree_reads_its_own_branch(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``git worktree add``: the worktree's branch, not the main checkout's (they share the
    git folder and the cache folder's entries)."""
    source.git.worktree("add", str(tmp_path / "wt"), "-b", "pr", "HEAD~1")
    monkeypatch.chdir(source.working_dir)
    assert len(commit_ids(history_json())) == 3
    monkeypatch.chdir(tmp_path / "wt")
    assert commit_ids(history_json()) == [c.hexsha for c in source.iter_commits("pr")]
    result = invoke("check", "--base", "main", "-f", "text")
    assert result.exit_code == 0, result.output
    diff = invoke("diff", "testdalen", "--base", "main", "-f", "json")
    assert [m["id"] for m in json.loads(diff.stdout)["changed"]] == ["2.1"]


@pytest.mark.parametrize("work_tree", [True, False], ids=["GIT_WORK_TREE", "GIT_DIR alone"])
def test_git_dir_in_the_environment_reads_that_repository(
    source: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, work_tree: bool
) -> None:
    """``$GIT_DIR`` (a git hook sets it, relative: ``.git``), with ``$GIT_WORK_TREE`` or
    without: the same history, diff and check as without them."""
    monkeypatch.chdir(source.working_dir)
    expected = history_json()
    monkeypatch.setenv("GIT_DIR", ".git")
    if work_tree:
        monkeypatch.setenv("GIT_WORK_TREE", source.working_dir)
    assert history_json() == expected
    assert invoke("check", "--base", "HEAD~1").exit_code == 0
    diff = invoke("diff", "testdalen", "--base", "HEAD~2", "-f", "json")
    assert [m["id"] for m in json.loads(diff.stdout)["changed"]] == ["2.1"]
