"""The audit trail on git histories nobody had tried: abbreviated ids that other objects
came to share, commits made in other time zones, and the like.

Every repository is real (built in ``tmp_path`` with git itself), every command the real
command line; objects whose ids must collide are made byte for byte, their ids found with
``hashlib`` before git writes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import git
import pytest

from bygdevekst_cli.norwegian_time import in_norway, start_of_day
from tests.gitrepo import PLAN, init_repo, pilot_repo, raise_21
from tests.helpers import edit, invoke


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> git.Repo:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    return repo


def _object_id(kind: str, data: bytes) -> str:
    return hashlib.sha1(b"%s %d\0%s" % (kind.encode(), len(data), data)).hexdigest()


def write_object(repo: git.Repo, kind: str, data: bytes) -> str:
    """``data`` written as an object of ``kind`` (dangling: no ref names it)."""
    done = subprocess.run(
        ["git", "hash-object", "-t", kind, "-w", "--stdin"],
        input=data,
        cwd=repo.working_dir,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode().strip()


def commit_data(repo: git.Repo, message: str, when: bytes = b"1767400000 +0100") -> bytes:
    """A commit of the staged tree on HEAD, as git writes one, by a fixed author at ``when``
    (written as is: git itself refuses a date before 1970)."""
    head = repo.head.commit
    who = b"Kari Nordmann <kari@testdalen.no> " + when
    return b"tree %s\nparent %s\nauthor %s\ncommitter %s\n\n%s\n" % (
        repo.git.write_tree().encode(),
        head.hexsha.encode(),
        who,
        who,
        message.encode(),
    )


def record_adoption(repo: git.Repo, revision: str) -> None:
    """Fyresdal's council adopted ``revision`` (written in the plan, and committed)."""
    edit(
        Path(repo.working_dir, PLAN),
        "case_number: 26/11\n    outcome: adopted",
        f'case_number: 26/11\n    outcome: adopted\n    adopted_revision: "{revision}"',
    )
    repo.git.commit("-a", "-m", "Vedtaket i Fyresdal")


# --- abbreviated ids ---------------------------------------------------------------------------


def test_an_abbreviated_id_a_file_shares_still_names_its_commit(repo: git.Repo) -> None:
    """git reads an abbreviated id where a commit is meant as that commit, whatever file or
    folder has an id that begins alike; GitPython found none, and BV304 said the adopted
    version did not exist, diff and check that there was no such revision."""
    adopted = raise_21(repo, 650000, "Større behov.").hexsha
    short = adopted[:4]
    blob = next(
        data
        for data in (b"%d\n" % n for n in itertools.count())
        if _object_id("blob", data).startswith(short)
    )
    write_object(repo, "blob", blob)
    record_adoption(repo, short)

    validated = invoke("validate", "testdalen")
    assert validated.exit_code == 0, validated.output
    assert "BV304" not in validated.output
    diff = invoke("diff", "testdalen", "--base", short)
    assert diff.exit_code == 0, diff.output
    assert f"vedteken versjon: ikkje fylt ut → «{short}»" in diff.output
    shown = json.loads(invoke("history", "testdalen", "-f", "json").output)
    placed = {c["commit"]: [a["ref"] for a in c["adoptions"]] for c in shown["commits"]}
    assert placed[adopted] == [short]
    assert shown["unreachable_adoptions"] == []


def test_an_abbreviated_id_two_commits_came_to_share_is_told_with_both(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An id unique when the decision was recorded, shared by a later commit: git takes
    neither, and every command says so with both commits, not that there is none."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    seen: dict[str, bytes] = {}
    for n in itertools.count():
        data = commit_data(repo, f"Notat {n}")
        prefix = _object_id("commit", data)[:4]
        if prefix in seen:
            break
        seen[prefix] = data
    first, second = (write_object(repo, "commit", d) for d in (seen[prefix], data))
    repo.git.update_ref("HEAD", first)
    record_adoption(repo, prefix)
    both = [f"{sha[:7]} «Notat" for sha in (first, second)]

    validated = invoke("validate", "testdalen")
    assert validated.exit_code == 0, validated.output  # BV304 is a warning
    assert "BV304" in validated.output
    assert "er ein forkorta commit-ID som no passar til fleire commits" in validated.output
    assert all(candidate in validated.output for candidate in both)
    for args in (("diff", "testdalen", "--base", prefix), ("check", "--base", prefix)):
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert f"Revisjonen «{prefix}» er ein forkorta commit-ID" in result.output
        assert all(candidate in result.output for candidate in both)
    verified = invoke("history", "testdalen", "--verify")
    assert "passar til fleire commits" in verified.output


# --- dates -------------------------------------------------------------------------------------


def commit_at(repo: git.Repo, amount: int, when: str, message: str) -> str:
    """Measure 2.1's budget set to ``amount`` and committed at ``when`` (ISO 8601)."""
    raise_21(repo, amount, message)  # a commit of its own, then made again at ``when``
    repo.git.commit("--amend", "--no-edit", f"--date={when}", env={"GIT_COMMITTER_DATE": when})
    return repo.head.commit.hexsha


@pytest.mark.parametrize("zone", ["UTC", "Europe/Oslo", "America/Los_Angeles"])
def test_since_counts_the_day_in_norways_time_whatever_the_clocks(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    """``--since`` took the day from the author's own clock: a commit made at 03:40 on
    1 March in Norway from a laptop set to California (18:40 on 28 February) was left out
    of "since 1 March", and one made in Norway at 23:30 on 28 February was let in by a
    clock set to Finland's time (00:30 on 1 March). The day is Norway's, on any machine."""
    monkeypatch.setenv("TZ", zone)
    californian = commit_at(repo, 610000, "2026-02-28T18:40:00-08:00", "Frå California")
    finnish = commit_at(repo, 620000, "2026-03-01T00:30:00+02:00", "Frå Finland")
    summer = commit_at(repo, 630000, "2026-06-30T23:30:00+00:00", "Natt til 1. juli")
    result = invoke("history", "testdalen", "--since", "2026-03-01", "-f", "json")
    assert result.exit_code == 0, result.output
    shown = [c["commit"] for c in json.loads(result.output)["commits"]]
    assert shown == [summer, californian]
    assert finnish not in shown
    july = json.loads(invoke("history", "testdalen", "--since", "2026-07-01", "-f", "json").output)
    assert [c["commit"] for c in july["commits"]] == [summer]  # 01:30 in Norway's summer time


def test_the_text_shows_each_commit_on_norways_clock(repo: git.Repo) -> None:
    """The text showed each author's own clock without its zone: a trail of a laptop in
    Norway, a CI server on UTC and a laptop set to California read 00:30, 00:10, 18:40 the
    day before, newest first, as if made out of order. The JSON keeps each author's offset."""
    dates = [
        "2026-03-01T00:30:00+01:00",  # in Norway: as written
        "2026-03-01T00:10:00+00:00",  # a server on UTC: 01:10 in Norway
        "2026-02-28T18:40:00-08:00",  # California: 03:40 in Norway
        "2026-07-01T12:00:00+00:00",  # UTC in summer: 14:00 in Norway
        "2026-07-02T09:00:00+02:00",  # in Norway in summer: as written
    ]
    made = [commit_at(repo, 610000 + 10000 * n, when, f"Nr. {n}") for n, when in enumerate(dates)]
    text = invoke("history", "testdalen")
    assert text.exit_code == 0, text.output
    clocks = re.findall(r"^([0-9a-f]{7})  (\S+ \S+)  ", text.output, re.MULTILINE)
    assert clocks[:5] == [
        (made[4][:7], "2026-07-02 09:00"),
        (made[3][:7], "2026-07-01 14:00"),
        (made[2][:7], "2026-03-01 03:40"),
        (made[1][:7], "2026-03-01 01:10"),
        (made[0][:7], "2026-03-01 00:30"),
    ]
    shown = json.loads(invoke("history", "testdalen", "-f", "json").output)["commits"]
    assert [c["date"] for c in shown[:5]] == dates[::-1]


def test_norways_clock_switches_at_summer_time() -> None:
    """Norway's clock from the zone database (``tzdata`` where the machine has none):
    summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday
    of October; a day starts at midnight on that day's clock."""
    second = dt.timedelta(seconds=1)
    spring = dt.datetime(2026, 3, 29, 1, tzinfo=dt.UTC)
    autumn = dt.datetime(2026, 10, 25, 1, tzinfo=dt.UTC)
    assert in_norway(spring - second).isoformat() == "2026-03-29T01:59:59+01:00"
    assert in_norway(spring).isoformat() == "2026-03-29T03:00:00+02:00"
    assert in_norway(autumn - second).isoformat() == "2026-10-25T02:59:59+02:00"
    assert in_norway(autumn).isoformat() == "2026-10-25T02:00:00+01:00"
    assert start_of_day(dt.date(2026, 1, 15)).isoformat() == "2026-01-15T00:00:00+01:00"
    assert start_of_day(dt.date(2026, 7, 15)).isoformat() == "2026-07-15T00:00:00+02:00"


def test_a_date_git_cannot_read_is_said_to_be_unknown(repo: git.Repo) -> None:
    """A commit dated before 1970 (an old tool's, or a clock gone wrong): git cannot read
    its date, and the text left a gap where the time goes, as if there were none to know."""
    edit(Path(repo.working_dir, PLAN), "600000\nstatus:", "610000\nstatus:")
    repo.git.add("--all")
    sha = write_object(repo, "commit", commit_data(repo, "Frå 1969", b"-100000 +0100"))
    repo.git.update_ref("HEAD", sha)
    text = invoke("history", "testdalen")
    assert text.exit_code == 0, text.output
    assert (
        f"{sha[:7]}  ukjent tidspunkt (git kan ikkje lese datoen til commiten)  Kari" in text.output
    )
    assert (
        json.loads(invoke("history", "testdalen", "-f", "json").output)["commits"][0]["date"] == ""
    )
    since = json.loads(invoke("history", "testdalen", "--since", "1900-01-01", "-f", "json").output)
    assert sha not in [c["commit"] for c in since["commits"]]  # no day to count it from


def test_a_commit_without_a_message_is_said_to_have_none(repo: git.Repo) -> None:
    """``git commit --allow-empty-message``: the text showed a blank line in place of the
    message, which reads as a gap in the output rather than as a commit without one."""
    edit(Path(repo.working_dir, PLAN), "600000\nstatus:", "610000\nstatus:")
    repo.git.commit("-a", "--allow-empty-message", "-m", "")
    text = invoke("history", "testdalen")
    assert text.exit_code == 0, text.output
    newest = text.output.split("\n\n")[1].splitlines()
    assert newest[1] == "  (inga commit-melding)"
    assert (
        json.loads(invoke("history", "testdalen", "-f", "json").output)["commits"][0]["message"]
        == ""
    )


# --- a HEAD with no commit ---------------------------------------------------------------------


def test_a_branch_without_commits_is_not_a_repository_without_them(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``git checkout --orphan``, or ``git init`` and a fetch: HEAD is on a branch with no
    commit while others have them. history said the repository had no commits yet, and
    diff against a named revision failed though it needs no HEAD at all."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    raise_21(repo, 650000, "Større behov.")
    repo.git.checkout("--orphan", "ny")
    history = invoke("history", "testdalen")
    assert history.exit_code == 1, history.output
    assert "peikar på greina ny, som ikkje har nokon commit enno" in history.output
    assert "«git switch main» (greiner: main)" in history.output
    diff = invoke("diff", "testdalen", "--base", "main")
    assert diff.exit_code == 0, diff.output
    assert "testdalen: main → arbeidskopien" in diff.output

    fetched = init_repo(tmp_path / "fetched")
    fetched.git.fetch(repo.working_dir, "main:refs/remotes/origin/main")
    shutil.copytree(Path(repo.working_dir, "pilots"), tmp_path / "fetched" / "pilots")
    monkeypatch.chdir(tmp_path / "fetched")
    history = invoke("history", "testdalen")
    assert history.exit_code == 1, history.output
    assert "«git switch -c main origin/main» (greiner: origin/main)" in history.output
    assert invoke("diff", "testdalen", "--base", "origin/main").exit_code == 0


# --- tags --------------------------------------------------------------------------------------


def test_an_adoption_tag_made_on_a_tag_is_placed_on_its_commit(repo: git.Repo) -> None:
    """``git tag -a vedtak/… forslag``, where ``forslag`` (the version sent to the council)
    is an annotated tag itself: git peels a tag once in its listing, which left the inner
    tag, and the history and its check said the pilot had no adoption at all."""
    adopted = raise_21(repo, 650000, "Større behov.").hexsha
    repo.git.tag("-a", "forslag-2026", "-m", "Sendt til kommunestyret")
    name = "vedtak/testdalen/2026/fyresdal-kommunestyre"
    repo.git.tag("-a", name, "forslag-2026", "-m", "Kommunestyret i Fyresdal, sak 26/11")
    raise_21(repo, 700000, "Endå større behov.")
    shown = json.loads(invoke("history", "testdalen", "-f", "json").output)["commits"]
    placed = {c["commit"]: [a["tag"] for a in c["adoptions"]] for c in shown}
    assert placed[adopted] == [name]
    verified = invoke("history", "testdalen", "--verify")
    assert "1 vedteken revisjon kontrollert" in verified.output
    assert f"git tag -f -s {name} {adopted[:12]}" in verified.output  # unsigned: a warning


def test_overview_at_a_day_and_the_site_count_the_day_in_norways_time(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit made at 00:30 on 1 March in Norway by an author whose clock said 23:30 on
    28 February (UTC) is one of 1 March's, as ``history --since`` counts it: not in the
    overview ``--at 2026-02-28`` (which counted the machine's day), and dated 1 March on the
    site's measure page (which showed the author's day)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        first = repo.head.commit.hexsha
        edit(Path(repo.working_dir, PLAN), "600000\nstatus:", "610000\nstatus:")
        repo.git.add("--all")
        when = "2026-02-28T23:30:00+00:00"
        repo.git.commit(
            "-m", "Meir til 2.1", env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        )
        root = repo.working_dir
        before = json.loads(invoke("overview", root, "--at", "2026-02-28", "-f", "json").output)
        assert before["pilots"][0]["source"]["commit"] == first
        after = json.loads(invoke("overview", root, "--at", "2026-03-01", "-f", "json").output)
        assert after["pilots"][0]["source"]["commit"] == repo.head.commit.hexsha
        site = tmp_path / "site"
        result = invoke("site", root, "-o", str(site), "--downloads", "none", "--lang", "nn")
        assert result.exit_code == 0, result.output
        page = (site / "testdalen" / "measures" / "2.1.html").read_text(encoding="utf-8")
        assert "2026-03-01" in page and "2026-02-28" not in page
    finally:
        monkeypatch.undo()
        time.tzset()
