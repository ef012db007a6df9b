"""Reading git in bulk: the raw log, blobs, tags, and what a shallow clone lacks."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from bygdevekst_cli.errors import UsageError, UserError
from bygdevekst_cli.gitblobs import read_blobs
from bygdevekst_cli.gitlog import parse_raw
from bygdevekst_cli.gitrun import run_git
from bygdevekst_cli.gitsource import (
    commits_named,
    fetch_advice,
    find_commit,
    open_checkout,
    resolve_commit,
)
from bygdevekst_cli.gittags import tags_under
from tests.gitrepo import pilot_repo, raise_21, shallow_clone, tag

A = "a" * 40
B = "b" * 40
C = "c" * 40
NULL = "0" * 40


def test_raw_entries_for_change_add_rename_and_merge() -> None:
    raw = (
        f"\n:100644 100644 {A} {B} M\0p/plans/2026.yaml\0"
        f":000000 100644 {NULL} {C} A\0p/pilot.yaml\0"
        f":100644 100644 {A} {B} R087\0p/plans/a.yaml\0p/plans/2026.yml\0"
        f"::100644 100644 100644 {A} {B} {C} MM\0p/agreement.yaml\0"
    )
    found = [(c.status, c.old_path, c.path, c.old_blobs, c.new_blob) for c in parse_raw(raw)]
    assert found == [
        ("M", "p/plans/2026.yaml", "p/plans/2026.yaml", (A,), B),
        ("A", "p/pilot.yaml", "p/pilot.yaml", (None,), C),
        ("R087", "p/plans/a.yaml", "p/plans/2026.yml", (A,), B),
        ("MM", "p/agreement.yaml", "p/agreement.yaml", (A, B), C),
    ]


@pytest.mark.parametrize(
    ("revision", "advice"),
    [
        ("HEAD~1", "git fetch --deepen=50 origin"),
        ("origin/main", "git fetch origin main:refs/remotes/origin/main"),
        (A, f"git fetch origin {A}"),
        ("v1.0", "git fetch origin v1.0"),
    ],
)
def test_fetch_advice_fits_the_revision(revision: str, advice: str) -> None:
    assert fetch_advice(revision) == advice


def test_a_parent_cut_off_by_a_shallow_clone_is_not_found(tmp_path: Path) -> None:
    repo = pilot_repo(tmp_path / "repo")
    raise_21(repo, 700000, "Meir.")
    clone = shallow_clone(repo, tmp_path / "clone")
    assert find_commit(clone, "HEAD") is not None
    assert find_commit(clone, "HEAD~1") is None  # GitPython alone would say it is there
    with pytest.raises(UsageError, match="grunne klonen"):
        resolve_commit(clone, "HEAD~1")
    with pytest.raises(UsageError, match="Fant ikke revisjonen «HEAD~1»"):
        resolve_commit(pilot_repo(tmp_path / "single"), "HEAD~1")


def test_blobs_come_in_one_batch_and_missing_ones_are_left_out(tmp_path: Path) -> None:
    repo = pilot_repo(tmp_path / "repo")
    blob = repo.head.commit.tree / "pilots/testdalen/pilot.yaml"
    data = read_blobs(repo, [blob.hexsha, A, blob.hexsha])
    assert data == {blob.hexsha: blob.data_stream.read()}
    assert read_blobs(repo, []) == {}


def test_tags_under_a_prefix_peel_to_commits(tmp_path: Path) -> None:
    repo = pilot_repo(tmp_path / "repo")
    first = repo.head.commit
    tag(repo, "vedtak/testdalen/2026/fyresdal-kommunestyre", "Fyresdal, sak 26/11")
    tag(repo, "vedtak/testdalen/2026/kviteseid-kommunestyre")  # lightweight
    tag(repo, "vedtak/testdalen/tre", "Ein tagg på eit tre", ref="HEAD^{tree}")
    tag(repo, "vedtak/andre/2026/x", "Ein annan pilot")
    found = [(t.name, t.commit, t.message) for t in tags_under(repo, "vedtak/testdalen")]
    assert found == [
        ("vedtak/testdalen/2026/fyresdal-kommunestyre", first.hexsha, "Fyresdal, sak 26/11"),
        ("vedtak/testdalen/2026/kviteseid-kommunestyre", first.hexsha, ""),
    ]


def test_find_commit_peels_an_annotated_tag(tmp_path: Path) -> None:
    repo = pilot_repo(tmp_path / "repo")
    tag(repo, "vedtak/testdalen/x", "melding")
    found = find_commit(repo, "vedtak/testdalen/x")
    assert isinstance(found, git.Commit)
    assert found.hexsha == repo.head.commit.hexsha


def test_a_failing_git_command_is_a_user_error_in_the_command_lines_words(tmp_path: Path) -> None:
    repo = pilot_repo(tmp_path / "repo")
    with pytest.raises(
        UserError, match=r"^git log feilet: git kjenner ikke revisjonen «finst-ikkje»"
    ):
        run_git(repo, "log", "finst-ikkje", "--")


def test_a_checkout_finds_the_commits_gitpython_finds(tmp_path: Path) -> None:
    """``commits_named`` asks git itself for plain names and ids: every answer is the one
    ``find_commit`` (GitPython) gives, also for names that look like ids, tags of tags,
    trees, objects that are not there, and what only GitPython is asked about."""
    repo = pilot_repo(tmp_path / "repo")
    first = repo.head.commit
    second = raise_21(repo, 700000, "Meir.")
    tag(repo, "vedtak/testdalen/2026/fyresdal", "Fyresdal")
    tag(repo, "lett", ref=first.hexsha)
    repo.git.tag("-a", "tagg-av-tagg", "vedtak/testdalen/2026/fyresdal", "-m", "Tagg av tagg")
    tag(repo, second.hexsha[:8], ref=first.hexsha)  # a tag named like the other commit's id
    repo.git.branch("sida", first.hexsha)
    revisions = [
        first.hexsha,
        first.hexsha[:10],
        first.hexsha[:10].upper(),
        second.hexsha[:8],
        second.hexsha[:3],
        "vedtak/testdalen/2026/fyresdal",
        "tags/lett",
        "tagg-av-tagg",
        "sida",
        "heads/sida",
        "HEAD",
        "main",
        "HEAD~1",
        "main@{0}",
        first.tree.hexsha,
        A,
        "finst-ikkje",
        "vedtak//testdalen/2026/fyresdal",
        "vedtak/testdalen/2026/fyresdal.",
        "a..b",
    ]
    expected = [
        None if (commit := find_commit(repo, r)) is None else commit.hexsha for r in revisions
    ]
    checkout = open_checkout(Path(repo.working_dir) / "pilots")
    assert commits_named(checkout, revisions) == expected
    assert commits_named(repo, revisions) == expected
    assert expected[0] == expected[1] and expected[-4:] == [None] * 4
