"""The audit trail and the pull-request check on histories as secretariats, GitHub and
GitLab make them: merges resolved by hand, ``.mailmap``, plan files renamed to names the
pilot does not read, adopted revisions named by a branch.

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

from bygdevekst_cli.language import words
from tests.gitrepo import KARI, OLA, PLAN, commit, init_repo, move, pilot_repo, raise_21
from tests.helpers import MINIMAL, invoke


def history(*args: str, pilot: str = "testdalen") -> dict[str, Any]:
    result = invoke("history", pilot, "-f", "json", *args)
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


def resolve_with_theirs(repo: git.Repo, branch: str, message: str) -> git.Commit:
    """``git merge branch``, its conflict in the plan resolved by taking the branch's plan
    whole, as a secretariat does in an editor or with ``git checkout --theirs``."""
    with pytest.raises(git.GitCommandError):
        repo.git.merge(branch, "-m", message)
    repo.git.checkout("--theirs", PLAN)
    return commit(repo, message)


# --- merges ----------------------------------------------------------------------------------


def test_a_change_that_a_merge_undid_is_still_in_the_trail(repo: git.Repo) -> None:
    """Kari raised 2.1 on main; the pull request raised it too, and the conflict was resolved
    by taking the pull request's plan. Kari's commit changed the plan main had for a while:
    the trail has it, as ``git log --full-history`` has it (git's default log leaves out the
    side a merge did not keep); the merge, which took one side whole, is not listed."""
    repo.git.checkout("-b", "pr")
    theirs = raise_21(repo, 111111, "Frå greina", author=OLA)
    repo.git.checkout("main")
    ours = raise_21(repo, 222222, "Frå main", author=KARI)
    merge = resolve_with_theirs(repo, "pr", "Merge pull request #1 from pr")

    found = by_commit(history())
    full = repo.git.log("--full-history", "--format=%H", "--", "pilots/testdalen").split()
    assert ours.hexsha in full  # what git itself lists
    assert set(found) == set(full) - {merge.hexsha}
    kari = found[ours.hexsha]
    assert (kari["author"], kari["email"]) == ("Kari Nordmann", "kari@testdalen.no")
    changes = [(c["measure"], c["path"], c["old"], c["new"]) for c in kari["changes"]]
    assert ("2.1", "budget.2026.state_measure_funds", 600000, 222222) in changes
    assert found[theirs.hexsha]["changes"]


def test_an_adoption_of_the_side_a_merge_undid_stays_on_its_commit(repo: git.Repo) -> None:
    """A council adopted main as it stood before the merge: the adoption is shown on that
    commit, not lost with it."""
    repo.git.checkout("-b", "pr")
    raise_21(repo, 111111, "Frå greina", author=OLA)
    repo.git.checkout("main")
    adopted = raise_21(repo, 222222, "Frå main", author=KARI)
    repo.git.tag("-a", "vedtak/testdalen/2026/kommunestyret", "-m", "Vedteke i kommunestyret")
    resolve_with_theirs(repo, "pr", "Merge pull request #1 from pr")

    found = by_commit(history())
    assert [a["ref"] for a in found[adopted.hexsha]["adoptions"]] == [
        "vedtak/testdalen/2026/kommunestyret"
    ]


def test_a_pull_request_merged_without_conflict_lists_no_merge(repo: git.Repo) -> None:
    """The usual merge of a pull request that main did not touch: its commit, not the merge
    (as ``git log`` lists it)."""
    repo.git.checkout("-b", "pr")
    change = raise_21(repo, 650000, "Meir", author=OLA)
    repo.git.checkout("main")
    commit(repo, "README", {"README.md": "Pilotane\n"})
    repo.git.merge("pr", "--no-ff", "-m", "Merge pull request #2 from pr")

    found = [c["commit"] for c in history()["commits"]]
    assert found == repo.git.log("--format=%H", "--", "pilots/testdalen").split()
    assert found[0] == change.hexsha


def test_a_cherry_pick_merged_again_with_its_branch_is_one_change(repo: git.Repo) -> None:
    """The fix was cherry-picked onto main, and its branch merged later: main took nothing
    new from the branch, so the trail has the cherry-pick only, as ``git log`` has it."""
    repo.git.checkout("-b", "pr")
    original = raise_21(repo, 650000, "Retting", author=OLA)
    repo.git.checkout("main")
    commit(repo, "README", {"README.md": "Pilotane\n"})
    repo.git.cherry_pick(original.hexsha)
    picked = repo.head.commit
    repo.git.merge("pr", "--no-ff", "-m", "Merge pull request #6 from pr")

    found = [c["commit"] for c in history()["commits"]]
    assert found == repo.git.log("--format=%H", "--", "pilots/testdalen").split()
    assert picked.hexsha in found
    assert original.hexsha not in found


# --- who ---------------------------------------------------------------------------------------


def test_a_mailmap_names_the_author_as_git_log_does(repo: git.Repo) -> None:
    """Ola committed once from a private address; the repository's ``.mailmap`` says it is
    him. The trail names him as ``git log`` does, not as the commit spells it."""
    commit(repo, "Mailmap", {".mailmap": "Ola Dunk <ola@testdalen.no> <ola.dunk@gmail.com>\n"})
    private = raise_21(repo, 650000, "Meir", author="ola <ola.dunk@gmail.com>")

    entry = by_commit(history())[private.hexsha]
    shown = repo.git.log("-1", "--format=%aN|%aE", private.hexsha)
    assert f"{entry['author']}|{entry['email']}" == shown == "Ola Dunk|ola@testdalen.no"


def test_the_co_authors_of_a_squashed_pull_request_are_in_the_trail(repo: git.Repo) -> None:
    """GitHub's squash merge credits the pull request's other authors in ``Co-authored-by:``
    trailers, with the merger as the author: the trail names them too."""
    plan = Path(repo.working_dir, PLAN)
    set_21(plan, 650000)
    message = (
        "Meir til 2.1 (#12)\n\n* Meir til 2.1\n\n"
        "Co-authored-by: Ola Dunk <ola@testdalen.no>\n"
        "Co-authored-by: Åse Li <ase@testdalen.no>"
    )
    squashed = commit(repo, message, author=KARI)
    set_21(plan, 700000)
    alone = commit(repo, "Endå meir", author=KARI)

    found = by_commit(history())
    assert found[squashed.hexsha]["co_authors"] == [
        "Ola Dunk <ola@testdalen.no>",
        "Åse Li <ase@testdalen.no>",
    ]
    assert found[squashed.hexsha]["message"] == "Meir til 2.1 (#12)"
    assert found[alone.hexsha]["co_authors"] == []
    text = invoke("history", "testdalen").output
    assert "Medforfattarar: Ola Dunk <ola@testdalen.no> og Åse Li <ase@testdalen.no>" in text
    assert text.count("Medforfattar") == 1


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


def set_21(plan: Path, amount: int) -> None:
    """Measure 2.1's state funds for 2026 (the last ``state_measure_funds`` of the plan)."""
    text = plan.read_text(encoding="utf-8")
    at = text.rindex("state_measure_funds: ")
    end = text.index("\n", at)
    plan.write_text(f"{text[:at]}state_measure_funds: {amount}{text[end:]}", encoding="utf-8")


@pytest.mark.parametrize("folder", ["pilots/testdalen", ""], ids=["in pilots", "at the root"])
def test_a_conflict_resolved_by_hand_is_the_merges_own_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path, folder: str
) -> None:
    """Both sides changed 2.1; the secretariat wrote a third amount. The merge is listed with
    that amount, wherever the pilot is in its repository (the root too)."""
    root = tmp_path / "repo"
    repo = init_repo(root)
    shutil.copytree(MINIMAL, root / folder, dirs_exist_ok=True)
    commit(repo, "Første versjon")
    plan = root / folder / "plans/2026.yaml"
    repo.git.checkout("-b", "pr")
    set_21(plan, 700000)
    commit(repo, "Greina", author=OLA)
    repo.git.checkout("main")
    set_21(plan, 800000)
    commit(repo, "Main")
    with pytest.raises(git.GitCommandError):
        repo.git.merge("pr", "-m", "Merge")
    repo.git.checkout("--ours", plan)
    set_21(plan, 750000)
    merge = commit(repo, "Merge pull request #3 from pr")
    monkeypatch.chdir(root / folder)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")

    result = invoke("history", ".", "-f", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)["commits"]
    assert [c["commit"] for c in found] == repo.git.log("--format=%H", "--", folder or ".").split()
    assert found[0]["commit"] == merge.hexsha
    assert [(c["measure"], c["new"]) for c in found[0]["changes"]] == [("2.1", 750000)]


# --- adopted revisions -------------------------------------------------------------------------


def adopt(repo: git.Repo, revision: str) -> None:
    """The kommunestyre's treatment names ``revision`` as the version it adopted."""
    plan = Path(repo.working_dir, PLAN)
    text = plan.read_text(encoding="utf-8")
    old = "case_number: 26/11\n"
    plan.write_text(text.replace(old, f'{old}    adopted_revision: "{revision}"\n'), "utf-8")


def adopted_revision_findings(repo: git.Repo) -> list[str]:
    result = invoke("validate", "pilots/testdalen", "--format", "json")
    findings = json.loads(result.output)["findings"]
    return [f"{f['line']} {f['message']}" for f in findings if f["code"] == "BV304"]


@pytest.mark.parametrize(
    ("revision", "moves"),
    [
        ("vedteke", "branch"),
        ("origin/vedteke", "branch"),
        ("vedteke~1", "branch"),
        ("heads/vedteke", "branch"),
        ("vedtak/testdalen/2026/kommunestyret", None),
        ("lett", None),
        ("namnebror", None),
        ("full", None),
        ("short", None),
        ("HEAD", "moving"),
    ],
)
def test_an_adopted_revision_that_follows_a_branch_is_named(
    repo: git.Repo, revision: str, moves: str | None
) -> None:
    """A branch moves on with the next commit on it, and the adoption with it: BV304 says so
    on the line of ``adopted_revision``, as for ``HEAD``, which moves with every commit; a
    commit id and a tag (annotated or not, also one named as a branch is) stay where they
    are."""
    adopted = raise_21(repo, 650000, "Vedteke", author=KARI)
    repo.git.branch("vedteke")
    repo.git.update_ref("refs/remotes/origin/vedteke", adopted.hexsha)
    repo.git.tag("-a", "vedtak/testdalen/2026/kommunestyret", "-m", "Vedteke")
    repo.git.tag("lett")
    repo.git.tag("namnebror")
    repo.git.branch("namnebror")
    named = {"full": adopted.hexsha, "short": adopted.hexsha[:8]}.get(revision, revision)
    adopt(repo, named)

    found = adopted_revision_findings(repo)
    line = (
        Path(repo.working_dir, PLAN)
        .read_text()
        .split("\n")
        .index(f'    adopted_revision: "{named}"')
    )
    expected = words("nn")(f"rule.BV304.{moves}", revision=named) if moves else ""
    assert found == ([f"{line + 1} {expected}"] if moves else [])


# --- the state at a date -----------------------------------------------------------------------


def commit_on(repo: git.Repo, day: int, message: str, amounts: tuple[str, int]) -> git.Commit:
    """One measure's state funds changed and committed at noon on ``day`` of January 2026."""
    measure, amount = amounts
    plan = Path(repo.working_dir, PLAN)
    text = plan.read_text(encoding="utf-8")
    at = text.index("state_measure_funds: ", text.index(f'id: "{measure}"'))
    end = text.index("\n", at)
    plan.write_text(f"{text[:at]}state_measure_funds: {amount}{text[end:]}", encoding="utf-8")
    repo.git.add("--all")
    when = f"2026-01-{day:02d}T12:00:00+00:00"
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    repo.git.commit("-m", message, env=dates)
    return repo.head.commit


def test_overview_at_a_date_is_the_branch_as_it_was_not_a_pull_request_merged_later(
    repo: git.Repo,
) -> None:
    """On 7 January main had 1.1 at 222; a pull request made on the 6th (2.1 at 999) was
    merged on the 10th. ``--at 2026-01-07`` is main's commit of the 5th, as ``git log
    --first-parent`` has it, not the pull request's."""
    repo.git.checkout("-b", "pr")
    commit_on(repo, 6, "2.1 opp", ("2.1", 999))
    repo.git.checkout("main")
    on_main = commit_on(repo, 5, "1.1 opp", ("1.1", 222))
    when = "2026-01-10T12:00:00+00:00"
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    repo.git.merge("pr", "--no-ff", "-m", "Merge pull request #4 from pr", env=dates)

    result = invoke("overview", "--at", "2026-01-07", "--format", "json")
    assert result.exit_code == 0, result.output
    pilot = json.loads(result.output)["pilots"][0]
    first_parent = repo.git.log("--first-parent", "--before=2026-01-07T23:59:59", "-1")
    assert pilot["source"]["commit"] == on_main.hexsha
    assert on_main.hexsha in first_parent
    assert pilot["budget"]["by_source"]["state_measure_funds"] == 222 + 600000


# --- moves ---------------------------------------------------------------------------------------


def test_a_change_made_on_main_while_a_pull_request_moved_the_pilot_is_kept(
    repo: git.Repo,
) -> None:
    """Ola's pull request moved pilots/testdalen to pilots/nytt-namn; meanwhile Kari raised
    2.1 on main; the merge brought both. Kari's commit is in the history of nytt-namn (the
    merge, which changed nothing itself, says nothing of 2.1)."""
    repo.git.checkout("-b", "pr")
    moved = move(repo, "pilots/testdalen", "pilots/nytt-namn", "Nytt namn", author=OLA)
    repo.git.checkout("main")
    kari = raise_21(repo, 650000, "Meir", author=KARI)
    repo.git.merge("pr", "--no-ff", "-m", "Merge pull request #5 from pr")

    commits = by_commit(history(pilot="nytt-namn"))
    every = repo.git.log("--format=%H", "--", "pilots/testdalen", "pilots/nytt-namn").split()
    assert set(commits) == set(every)
    assert commits[moved.hexsha]["changes"][0]["text"].startswith(words("nn")("history.file_moved"))
    changes = [(c["measure"], c["old"], c["new"]) for c in commits[kari.hexsha]["changes"]]
    assert ("2.1", 600000, 650000) in changes


def test_the_old_name_given_to_another_pilot_later_is_not_in_the_history(
    repo: git.Repo,
) -> None:
    """testdalen moved to nytt-namn; a year later a new pilot took the name testdalen. The
    history of nytt-namn ends at its own first commit, without the new pilot's."""
    move(repo, "pilots/testdalen", "pilots/nytt-namn", "Nytt namn")
    shutil.copytree(MINIMAL, Path(repo.working_dir, "pilots/testdalen"))
    newcomer = commit(repo, "Ny pilot med det gamle namnet")
    raise_21(repo, 640000, "I den nye piloten")

    commits = by_commit(history(pilot="nytt-namn"))
    assert newcomer.hexsha not in commits
    old_life = repo.git.log("--format=%H", "HEAD~2", "--", "pilots/testdalen").split()
    assert set(commits) == set(old_life)


def test_a_pilot_deleted_and_restored_is_compared_with_what_it_was(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pilot folder deleted by mistake and restored, with 2.1 raised on the way back:
    the restore is the files added again and that one change, not every measure new. A
    history from the day of the restore (it has no earlier version) tells them as new; the
    cache gives each run what a run without it gives."""
    raise_21(repo, 650000, "Meir", author=KARI)
    files = {f"pilots/testdalen/{name}": None for name in ("pilot.yaml", "agreement.yaml")}
    deleted = commit(repo, "Sletta ved ein feil", {**files, PLAN: None})
    repo.git.checkout(f"{deleted.hexsha}^", "--", "pilots/testdalen")
    restored = raise_21(repo, 660000, "Attoppretta")
    again = words("nn")("history.file_added_again")

    def run(*args: str) -> tuple[dict[str, Any], dict[str, Any]]:
        cached = history(*args)
        monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")
        fresh = history(*args)
        monkeypatch.delenv("BYGDEVEKST_NO_CACHE")
        return cached, fresh

    whole, fresh = run()
    assert whole == fresh
    changes = by_commit(whole)[restored.hexsha]["changes"]
    assert [c["text"] for c in changes if c["kind"] == "file"] == [again] * 3
    assert [(c["kind"], c["measure"], c["old"], c["new"]) for c in changes if c["measure"]] == [
        ("changed", "2.1", 650000, 660000),
        ("changed", "2.1", "Meir", "Attoppretta"),
    ]
    since = restored.authored_datetime.date().isoformat()
    alone, fresh = run("--since", since)
    assert alone == fresh
    kinds = {c["kind"] for c in alone["commits"][0]["changes"]}
    assert "new" in kinds and again not in str(alone)
    assert run() == (whole, whole)


# --- CI scripts --------------------------------------------------------------------------------


@pytest.mark.parametrize("revision", ["", " ", "origin/"])
@pytest.mark.parametrize("shallow", [False, True], ids=["full clone", "shallow clone"])
def test_a_revision_from_an_unset_ci_variable_says_so(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, revision: str, shallow: bool
) -> None:
    """``--base "$CI_MERGE_REQUEST_DIFF_BASE_SHA"`` in a pipeline that does not set it, or
    ``"origin/$BASE_REF"`` on a push: the revision is empty, and the message says so, not
    «fetch it with git fetch origin »."""
    raise_21(repo, 650000, "Meir")
    if shallow:
        clone = tmp_path / "clone"
        git.Repo.clone_from(Path(repo.working_dir).as_uri(), clone, depth=1, no_local=True)
        monkeypatch.chdir(clone)
    expected = words("nn")("cli.msg.git.empty_revision", revision=revision)
    for args in (("check", "--base", revision), ("diff", "testdalen", "--base", revision)):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert expected in " ".join(result.output.split()), result.output
        assert "git fetch" not in result.output
