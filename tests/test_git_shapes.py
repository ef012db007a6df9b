"""The commands that read git, on repositories shaped as secretariats and CI really make
them: merges of every kind, moves (also away and back), odd commits (names that are not
UTF-8, dates git cannot read, messages holding control characters), the user's git
configuration, damaged, partial, shallow, bare, foreign-owned and SHA-256 repositories, no
``git`` at all, revisions named by the user, the cache folder across rewritten histories,
and ``overview --at`` past 2099.

Every repository is real (built in ``tmp_path``), every command the real CLI; a read
command must leave the repository exactly as it found it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import git
import pytest
from typer.testing import Result

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.gitrun import run_git
from tests.gitrepo import PLAN, commit, init_repo, move, pilot_repo, raise_21, write
from tests.helpers import MINIMAL, invoke


def git_snapshot(repo: git.Repo) -> tuple[str, str]:
    """What a read command must not change: every file under ``.git`` but the index (whose
    timestamps ``git status`` may refresh), and ``git status``."""
    digest = hashlib.sha256()
    root = Path(repo.git_dir)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name != "index"):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest(), repo.git.status("--porcelain")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> git.Repo:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    return repo


def commit_object(repo: git.Repo, author: bytes, message: bytes) -> str:
    """A commit of the staged tree on HEAD written byte for byte (``author``: the whole
    ``name <email> seconds offset``), as old or foreign tools wrote what git itself refuses."""
    repo.git.add("--all")
    tree, parent = repo.git.write_tree(), repo.head.commit.hexsha
    data = b"tree %s\nparent %s\nauthor %s\ncommitter %s\n\n%s" % (
        tree.encode(),
        parent.encode(),
        author,
        author,
        message,
    )
    done = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin", "--literally"],
        input=data,
        cwd=repo.working_dir,
        capture_output=True,
        check=True,
    )
    sha = done.stdout.decode().strip()
    repo.git.update_ref("HEAD", sha)
    return sha


def budget_text(repo: git.Repo, amount: int) -> None:
    """Measure 2.1's state funds for 2026 set to ``amount`` in the working tree."""
    plan = Path(repo.working_dir, PLAN)
    text = plan.read_text(encoding="utf-8")
    start = text.index('  - id: "2.1"')
    end = text.index("status:\n  sub_goals")
    block = re.sub(r"state_measure_funds: \d+", f"state_measure_funds: {amount}", text[start:end])
    plan.write_text(text[:start] + block + text[end:], encoding="utf-8", newline="")


def adopt(repo: git.Repo, revision: str) -> None:
    """Record in the working tree's plan that Fyresdal's council adopted ``revision``."""
    plan = Path(repo.working_dir, PLAN)
    adopted = f"case_number: 26/11\n    adopted_revision: {revision}\n"
    text = plan.read_text(encoding="utf-8").replace("case_number: 26/11\n", adopted)
    plan.write_text(text, encoding="utf-8", newline="")


# --- a damaged repository, a partial clone without its remote --------------------------------


def remove_object(repo: git.Repo, sha: str) -> tuple[Path, bytes]:
    """Delete the loose object ``sha`` (as a damaged repository lacks it); its file and
    bytes, to put it back."""
    path = Path(repo.git_dir, "objects", sha[:2], sha[2:])
    data = path.read_bytes()
    path.chmod(0o644)
    path.unlink()
    return path, data


def test_a_missing_object_is_named_by_every_command_that_reads_it(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    # in the chosen language: some commands fail before they read the (Nynorsk) pilot, some after
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    first = repo.head.commit
    raise_21(repo, 610000, "Første endring")
    raise_21(repo, 620000, "Andre endring")
    remove_object(repo, repo.git.rev_parse(f"{first.hexsha}:{PLAN}"))
    before = git_snapshot(repo)
    for args in (
        ("history", "testdalen"),
        ("diff", "testdalen", "--base", "HEAD~2"),
        ("check", "--base", "HEAD~2"),
        ("overview", f"{repo.working_dir}@HEAD~2"),
    ):
        result = invoke(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "Traceback" not in result.output
        assert f"Git-objektet for {PLAN} i commit {first.hexsha[:12]} mangler" in result.output
        assert "git fsck" in result.output
    assert git_snapshot(repo) == before


def test_a_missing_object_at_an_adopted_revision_is_named_by_validate_and_render(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BV305 compares the plan with the one the council adopted: that version's object
    missing was a ValueError traceback in validate, render and site."""
    # in the chosen language: some commands fail before they read the (Nynorsk) pilot, some after
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    first = repo.head.commit
    adopt(repo, first.hexsha)
    commit(repo, "Vedteke")
    remove_object(repo, repo.git.rev_parse(f"{first.hexsha}:{PLAN}"))
    for args in (("validate",), ("render", "plan", "testdalen", "-o", "-")):
        result = invoke(*args)
        assert result.exit_code == 1, (args, result.output)
        assert f"Git-objektet for {PLAN} i commit {first.hexsha[:12]} mangler" in result.output


def test_a_history_that_met_a_missing_object_keeps_no_answer_for_it(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the object is back (fetched, restored), the history is the full one: the run
    that lacked it kept nothing that said the file did not read."""
    first = repo.head.commit
    raise_21(repo, 610000, "Første endring")
    path, data = remove_object(repo, repo.git.rev_parse(f"{first.hexsha}:{PLAN}"))
    assert invoke("history", "testdalen").exit_code == 1
    path.write_bytes(data)
    cached = invoke("history", "testdalen", "-f", "json")
    monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")
    fresh = invoke("history", "testdalen", "-f", "json")
    assert cached.exit_code == fresh.exit_code == 0
    assert cached.output == fresh.output
    assert "nytt tiltak 2.1" in cached.output


def test_a_partial_clone_that_cannot_fetch_says_so_in_gits_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    origin = pilot_repo(tmp_path / "origin")
    raise_21(origin, 610000, "Første endring")
    origin.git.config("uploadpack.allowfilter", "true")
    clone = tmp_path / "clone"
    url = Path(origin.working_dir).as_uri()
    git.Repo.clone_from(url, clone, filter="blob:none", no_local=True)
    git.Repo(clone).git.remote("set-url", "origin", str(tmp_path / "gone"))
    monkeypatch.chdir(clone)
    result = invoke("history", "testdalen")
    assert result.exit_code == 1
    # what git's reason means (an object the remote that is gone should have sent), in
    # Nynorsk: the history has read the pilot (works_on) when git fails
    missing = (
        f"eit git-objekt manglar i {clone}: repoet er ein grunn eller delvis klon som ikkje "
        "når origin, eller det er skadd; hent objekta med «git fetch --unshallow» eller "
        "«git fetch», eller sjå «git fsck»"
    )
    assert f"Kunne ikkje lese git-objekta i {clone}: {missing}" in result.output


def test_a_url_that_cannot_be_cloned_says_gits_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What git's first 'fatal:' line means, not the last line of its advice ("and the
    repository exists."); a revision the clone lacks names the URL, not the temporary
    folder."""
    source = pilot_repo(tmp_path / "source")
    monkeypatch.chdir(tmp_path)
    missing = (tmp_path / "finst-ikkje").as_uri()
    result = invoke("overview", missing)
    assert result.exit_code == 1
    reason = (
        f"{missing} er ikke et git-repo, eller finnes ikke; se at stien eller adressen er riktig"
    )
    assert f"git clone {missing} feilet: {reason}" in result.output
    url = Path(source.working_dir).as_uri()
    result = invoke("overview", f"{url}@finst-ikkje")
    assert result.exit_code == 1
    assert f"Fant ikke revisjonen «finst-ikkje» i git-repoet i {url}\n" in result.output


def test_a_failing_git_command_is_worded_in_the_language_of_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    for language, said in (
        ("nn", "feila: git kjenner ikkje revisjonen «finst-ikkje» i"),
        ("en", "failed: git does not know the revision «finst-ikkje» in"),
        ("nb", "feilet: git kjenner ikke revisjonen «finst-ikkje» i"),
    ):
        monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
        with pytest.raises(UserError, match=rf"^git log {said} {re.escape(repo.working_dir)};"):
            run_git(repo, "log", "finst-ikkje", "--")


def test_a_repository_another_user_owns_is_named_as_such(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git refuses it (dubious ownership, as in a container's checkout); GitPython opens it
    all the same, so the commands said the repository had no commits yet."""
    raise_21(repo, 610000, "Endring")
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")  # git's own test switch
    for args in (
        ("history", "testdalen"),
        ("diff", "testdalen", "--base", "HEAD~1"),
        ("check", "--base", "HEAD~1"),
    ):
        result = invoke(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "har ingen commits" not in result.output
        advice = f"«git config --global --add safe.directory {repo.working_dir}»"
        assert f"fordi en annen bruker eier det (dubious ownership); stol på det med {advice}" in (
            result.output
        )


def test_a_repository_of_sha256_objects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``git init --object-format=sha256``: its 'no blob' is 64 zeros, which history took
    for a blob (the first commit's files read as 'readable again'); GitPython reads no such
    repository, which diff and check took for one without commits."""
    root = tmp_path / "repo"
    made = subprocess.run(["git", "init", "-q", "--object-format=sha256", str(root)], check=False)
    if made.returncode != 0:
        pytest.skip("this git makes no SHA-256 repositories (git 2.29 or later does)")
    repo = git.Repo(root)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Sekretariatet")
        config.set_value("user", "email", "post@testdalen.no")
    shutil.copytree(MINIMAL, root / "pilots" / "testdalen")
    repo.git.add("--all")
    repo.git.commit("-m", "Første versjon av testdalen")
    budget_text(repo, 610000)
    repo.git.commit("-a", "-m", "Endring")
    monkeypatch.chdir(root)
    result = invoke("history", "testdalen", "-f", "json")
    assert result.exit_code == 0, result.output
    first = json.loads(result.output)["commits"][-1]
    assert [c["text"] for c in first["changes"][:3]] == ["ny fil", "ny fil", "ny fil"]
    for args in (("diff", "testdalen", "--base", "HEAD~1"), ("check", "--base", "HEAD~1")):
        refused = invoke(*args)
        assert refused.exit_code == 1, refused.output
        assert f"Git-repoet i {root} bruker objekt-ID-er i sha256;" in refused.output


# --- no git ------------------------------------------------------------------------------------


def test_without_git_on_path_every_git_command_says_what_is_missing(
    repo: git.Repo, tmp_path: Path
) -> None:
    """GitPython runs ``git`` as it is imported: without it, each command that reads git
    says so (a process of its own, as the import happens once per process)."""
    adopted = repo.head.commit.hexsha
    raise_21(repo, 610000, "Første endring")
    adopt(repo, adopted)  # a commit id: only git can tell whether it is there
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_PYTHON")}
    env["PATH"] = str(empty)
    env["BYGDEVEKST_LANGUAGE"] = "nb"  # validate fails after it read the (Nynorsk) pilot
    for args in (
        ("history", "testdalen"),
        ("diff", "testdalen", "--base", "HEAD~1"),
        ("validate",),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "bygdevekst_cli", *args],
            cwd=repo.working_dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert "Fant ikke programmet «git»; historikk og revisjoner krever git" in done.stderr


# --- odd commits -------------------------------------------------------------------------------


def test_an_author_name_in_latin1_is_shown_as_written(repo: git.Repo) -> None:
    """A commit made by an old tool without an ``encoding`` header: git passes its bytes
    on, and the history shows ``Bjørn Å``, not bytes no reader can decode."""
    budget_text(repo, 610000)
    sha = commit_object(
        repo,
        "Bjørn Å <bjorn@testdalen.no> 1767400000 +0100".encode("latin-1"),
        "Budsjett for næringsnettverket\n".encode("latin-1"),
    )
    text = invoke("history", "testdalen")
    assert text.exit_code == 0, text.output
    assert f"{sha[:7]}  2026-01-03 01:26  Bjørn Å <bjorn@testdalen.no>" in text.output
    assert "Budsjett for næringsnettverket" in text.output
    shown = json.loads(invoke("history", "testdalen", "-f", "json").output)
    newest = shown["commits"][0]
    assert (newest["author"], newest["message"]) == ("Bjørn Å", "Budsjett for næringsnettverket")


def test_a_date_git_cannot_read_is_left_empty(repo: git.Repo) -> None:
    budget_text(repo, 610000)
    commit_object(repo, b"Kari <kari@testdalen.no> -100000 +0100", b"Fra 1969\n")
    text = invoke("history", "testdalen")
    assert text.exit_code == 0, text.output
    assert "%aI" not in text.output
    commits = json.loads(invoke("history", "testdalen", "-f", "json").output)["commits"]
    assert [c["date"] for c in commits] == ["", "2026-01-01T01:00:00+01:00"]


def test_a_message_holding_the_separators_of_git_log_is_read_whole(repo: git.Repo) -> None:
    """The log and the tag listing separate fields with \\x1f and records with \\x1e, which
    a message may hold (pasted from elsewhere): that was a ValueError traceback."""
    subject = "Budsjett \x1f frå rekneark \x1e limt inn"
    budget_text(repo, 610000)
    repo.git.commit("-a", "-m", subject)
    repo.git.tag("-a", "vedtak/testdalen/2026/formannskapet", "-m", f"Vedteke {subject}")
    result = invoke("history", "testdalen", "-f", "json")
    assert result.exit_code == 0, result.output
    newest = json.loads(result.output)["commits"][0]
    assert newest["message"] == subject
    assert [a["text"] for a in newest["adoptions"]] == [f"Vedteke {subject}"]
    verified = invoke("history", "testdalen", "--verify")
    assert verified.exit_code == 0, verified.output  # an unsigned tag is a warning
    assert "BV310" in verified.output


def test_odd_commits_hold(repo: git.Repo) -> None:
    """Empty commits, one with no message, a multi-line message in Nynorsk, an author
    without e-mail, the same second many times, a commit outside the pilot: each commit
    that changed the pilot, as ``git log`` lists them, and nothing else."""
    folder = "pilots/testdalen"
    repo.git.commit("--allow-empty", "-m", "Tom commit")
    for amount in (601000, 602000, 603000):
        budget_text(repo, amount)
        repo.git.add("--all")
        repo.git.commit(
            "--allow-empty-message",
            "-m",
            "" if amount == 601000 else "Endra budsjettet\n\nGrunngjeving: fleire bedrifter.",
            "--author=Ola <>",
            env={"GIT_AUTHOR_DATE": "1767400000 +0100", "GIT_COMMITTER_DATE": "1767400000 +0100"},
        )
    commit(repo, "Berre README", {"README.md": "Hei\n"})
    before = git_snapshot(repo)
    result = invoke("history", "testdalen", "-f", "json")
    assert result.exit_code == 0, result.output
    commits = json.loads(result.output)["commits"]
    assert [c["commit"] for c in commits] == repo.git.log("--format=%H", "--", folder).split()
    assert [c["message"] for c in commits[:3]] == ["Endra budsjettet", "Endra budsjettet", ""]
    assert {c["email"] for c in commits[:3]} == {""}
    text = invoke("history", "testdalen").output
    assert "  Ola\n" in text  # no empty «<>» after a name without an e-mail address
    assert "<>" not in text
    assert "Kari Nordmann <kari@testdalen.no>" in text
    assert git_snapshot(repo) == before


# --- merges and moves, read as git reads them --------------------------------------------------


def test_merges_cherry_picks_reverts_and_moves_follow_git_log(repo: git.Repo) -> None:
    raise_21(repo, 610000, "Første endring")
    repo.git.checkout("-b", "feature/budsjett")
    raise_21(repo, 620000, "Frå greina")
    repo.git.checkout("main")
    plan = Path(repo.working_dir, PLAN)
    write(
        repo,
        {PLAN: plan.read_text(encoding="utf-8").replace("bustadbehov", "bustadbehov i regionen")},
    )
    commit(repo, "Ny tittel på 1.1")
    repo.git.merge("--no-ff", "feature/budsjett", "-m", "Merge pull request #1")
    for branch in ("a", "b"):  # an octopus merge of two branches outside the pilot
        repo.git.checkout("-b", branch, "main")
        commit(repo, f"Notat {branch}", {f"docs/{branch}.md": branch})
    repo.git.checkout("main")
    repo.git.merge("a", "b", "-m", "Octopus")
    picked = raise_21(repo, 630000, "Plukka")
    repo.git.revert("--no-edit", picked.hexsha)
    renamed = "pilots/testdalen/plans/2027.yaml"  # 2026.yaml -> 2027.yaml, with edits
    repo.git.mv(PLAN, renamed)
    text = Path(repo.working_dir, renamed).read_text(encoding="utf-8")
    write(repo, {renamed: text.replace("year: 2026\n", "year: 2027\n", 1)})
    commit(repo, "Plan 2027")
    move(repo, "pilots/testdalen", "pilots/testdal", "Ny mappe")
    before = git_snapshot(repo)

    result = invoke("history", "testdal", "-f", "json")
    assert result.exit_code == 0, result.output
    commits = json.loads(result.output)["commits"]
    expected = repo.git.log("--format=%H", "--", "pilots/testdal", "pilots/testdalen").split()
    assert [c["commit"] for c in commits] == expected
    texts = {c["message"]: [ch["text"] for ch in c["changes"]] for c in commits}
    assert texts["Merge pull request #1"] == []  # a clean merge changed nothing of its own
    reverted = "tiltak 2.1: budsjett 2026, statlege tiltaksmidlar: 630 000 kr → 620 000 kr"
    nbsp = reverted.replace("0 0", "0\u00a00").replace("0 kr", "0\u00a0kr")  # as amounts are
    assert texts[f'Revert "{picked.message.strip()}"'][0] == nbsp
    assert texts["Plan 2027"][0] == "flytta frå pilots/testdalen/plans/2026.yaml"
    assert texts["Ny mappe"][0].startswith("flytta frå pilots/testdalen/")

    for args in (
        ("diff", "testdal", "--base", "HEAD~4", "--head", "HEAD"),
        ("check", "--base", "feature/budsjett"),
        ("overview", f"{repo.working_dir}@HEAD~2"),
    ):
        shown = invoke(*args)
        assert shown.exit_code == 0, (args, shown.output)
    assert git_snapshot(repo) == before


def test_a_folder_moved_away_and_back_keeps_every_commit_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    """testdalen -> testdal -> testdalen, the pilot added after the repository's first
    commit: the commits made under testdal were missing, and the move back was 'ny fil'."""
    repo = init_repo(tmp_path / "repo")
    commit(repo, "README", {"README.md": "Hei\n"})
    shutil.copytree(MINIMAL, tmp_path / "repo" / "pilots" / "testdalen")
    commit(repo, "Første versjon av testdalen")
    raise_21(repo, 610000, "Før flyttinga")
    move(repo, "pilots/testdalen", "pilots/testdal", "Skrivefeil i mappenamnet")
    plan = tmp_path / "repo" / "pilots" / "testdal" / "plans" / "2026.yaml"
    renamed = plan.read_text(encoding="utf-8").replace("bustadbehov", "bustadbehov i B")
    commit(repo, "Endring under testdal", {"pilots/testdal/plans/2026.yaml": renamed})
    move(repo, "pilots/testdal", "pilots/testdalen", "Tilbake til testdalen")
    raise_21(repo, 620000, "Etter flyttinga")
    monkeypatch.chdir(repo.working_dir)

    result = invoke("history", "testdalen", "-f", "json")
    assert result.exit_code == 0, result.output
    commits = json.loads(result.output)["commits"]
    expected = repo.git.log("--format=%H", "--", "pilots/testdalen", "pilots/testdal").split()
    assert [c["commit"] for c in commits] == expected
    texts = {c["message"]: [ch["text"] for ch in c["changes"]] for c in commits}
    assert texts["Tilbake til testdalen"][0] == "flytta frå pilots/testdal/agreement.yaml"
    assert texts["Skrivefeil i mappenamnet"][0] == "flytta frå pilots/testdalen/agreement.yaml"
    assert texts["Endring under testdal"] == [
        "tiltak 1.1: tittel: «Kartlegging av bustadbehov» → «Kartlegging av bustadbehov i B»"
    ]


def test_the_users_git_configuration_does_not_change_the_history(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``log.showRoot=false`` hid what the first commit added, and with ``log.follow=true``
    (git log on one path follows it as a file) a commit went missing: the log now says
    which it wants. The other settings that shape ``git log`` and ``git diff`` held."""
    for amount in (610000, 620000):
        raise_21(repo, amount, "Endring")
    move(repo, "pilots/testdalen", "pilots/testdal", "Ny mappe")
    monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")
    commands = (
        ("history", "testdal", "-f", "json"),
        ("diff", "testdal", "--base", "HEAD~2", "-f", "json"),
        ("check", "--base", "HEAD~3", "-f", "json"),
    )
    plain = [invoke(*args).output for args in commands]
    settings = {
        "log.showRoot": "false",
        "log.follow": "true",
        "log.showSignature": "true",
        "color.ui": "always",
        "format.pretty": "oneline",
        "diff.noprefix": "true",
        "diff.renames": "false",
        "diff.relative": "true",
        "core.abbrev": "4",
        "i18n.logOutputEncoding": "ISO-8859-1",
    }
    with repo.config_writer() as config:
        for name, value in settings.items():
            section, option = name.split(".")
            config.set_value(section, option, value)
    assert [invoke(*args).output for args in commands] == plain
    assert json.loads(plain[0])["commits"][-1]["changes"][0]["text"] == "ny fil"


# --- repository shapes ------------------------------------------------------------------------


def history_commits(
    monkeypatch: pytest.MonkeyPatch, cwd: Path, pilot: str = "testdalen"
) -> list[str]:
    """The commits ``history`` lists, run in ``cwd`` (the cache on: every run in this file
    has a cache folder of its own)."""
    monkeypatch.chdir(cwd)
    result = invoke("history", pilot, "-f", "json")
    assert result.exit_code == 0, result.output
    return [c["commit"] for c in json.loads(result.output)["commits"]]


def four_commits(path: Path) -> git.Repo:
    repo = pilot_repo(path)
    for amount in (610000, 620000, 630000):
        raise_21(repo, amount, "Endring")
    return repo


def test_shapes_of_checkout_read_like_git_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    """A detached HEAD, a second worktree on a branch with a commit of its own, a clone
    with --filter=blob:none, and a folder with spaces and æøå under core.quotepath: each
    history is the folder's ``git log``, and no read command writes to the repository."""
    monkeypatch.chdir(tmp_path)
    repo = four_commits(tmp_path / "mappe med æøå")
    repo.git.config("core.quotepath", "true")
    main = Path(repo.working_dir)
    log = repo.git.log("--format=%H", "--", "pilots/testdalen").split()

    repo.git.worktree("add", "-b", "feature/ny-plan", str(tmp_path / "andre tre"), "HEAD~1")
    other = git.Repo(tmp_path / "andre tre")
    side = raise_21(other, 640000, "Frå greina")
    assert history_commits(monkeypatch, tmp_path / "andre tre") == [side.hexsha, *log[1:]]

    repo.git.checkout("--detach", "HEAD~1")
    assert history_commits(monkeypatch, main) == log[1:]
    repo.git.checkout("main")
    before = git_snapshot(repo)
    assert history_commits(monkeypatch, main) == log
    for args in (
        ("diff", "testdalen", "--base", "feature/ny-plan"),
        ("check", "--base", "feature/ny-plan"),
        ("render", "plan", "testdalen", "-o", "-"),
    ):
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
    assert git_snapshot(repo) == before

    repo.git.config("uploadpack.allowfilter", "true")
    clone = tmp_path / "delvis klon"
    git.Repo.clone_from(main.as_uri(), clone, filter="blob:none", no_local=True)
    assert history_commits(monkeypatch, clone) == log


def test_a_pilot_in_a_subfolder_of_its_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    repo = init_repo(tmp_path / "repo")
    shutil.copytree(MINIMAL, tmp_path / "repo" / "data" / "pilots" / "testdalen")
    commit(repo, "Første versjon")
    plan = tmp_path / "repo" / "data" / PLAN
    commit(repo, "Endring", {f"data/{PLAN}": plan.read_text().replace("600000\n", "650000\n")})
    log = repo.git.log("--format=%H", "--", "data/pilots/testdalen").split()
    assert history_commits(monkeypatch, tmp_path / "repo" / "data") == log
    assert history_commits(monkeypatch, tmp_path / "repo", "data/pilots/testdalen") == log


def test_line_endings_converted_by_git_read_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    """core.autocrlf=true and eol=crlf: the working tree has CRLF, the objects LF; the
    history, the diff and check see the change, not the line endings."""
    repo = pilot_repo(tmp_path / "repo")
    repo.git.config("core.autocrlf", "true")
    write(repo, {".gitattributes": "*.yaml text eol=crlf\n"})
    commit(repo, "CRLF")
    repo.git.rm("-q", "--cached", "-r", ".")
    repo.git.reset("--hard")
    assert b"\r\n" in Path(repo.working_dir, PLAN).read_bytes()
    raise_21(repo, 610000, "Endring")
    monkeypatch.chdir(repo.working_dir)
    shown = json.loads(invoke("history", "testdalen", "-f", "json").output)["commits"][0]
    assert [c["path"] for c in shown["changes"]] == [
        "budget.2026.state_measure_funds",
        "change_reason",
    ]
    diff = invoke("diff", "testdalen", "--base", "HEAD~1")
    assert diff.exit_code == 0
    assert (
        "600 000 kr → 610 000 kr".replace(" ", "\u00a0").replace("\u00a0→\u00a0", " → ")
        in diff.output
    )
    assert invoke("check", "--base", "HEAD~1").exit_code == 0


@pytest.mark.parametrize(
    ("where", "args", "words"),
    [
        ("bare", ("history", "."), "«.» er et repository uten arbeidskopi (bare), ikke en pilot"),
        ("bare", ("check", "--base", "HEAD"), "Fant ingen pilots/-mappe i"),
        (
            "outside",
            ("history", "testdalen"),
            "er ikkje i eit git-repo; historikk og revisjonar krev git",  # testdalen: nn
        ),
        ("outside", ("diff", "testdalen", "--base", "HEAD"), "er ikkje i eit git-repo"),
        ("shallow", ("diff", "testdalen", "--base", "HEAD~3"), "git fetch --deepen=50 origin"),
    ],
)
def test_repositories_that_cannot_answer_say_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, args: tuple[str, ...], words: str
) -> None:
    """A bare repository given by mistake, a pilot outside any repository, a clone with
    --depth 2 (as CI makes) asked for a revision it cuts off: exit 2 and what to do, never
    a traceback. (Its history shows what it holds: ``test_git_clones``.)"""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    source = four_commits(tmp_path / "source")
    if where == "bare":
        cwd = tmp_path / "bare.git"
        git.Repo.clone_from(Path(source.working_dir).as_uri(), cwd, bare=True)
    elif where == "outside":
        cwd = tmp_path / "loose"
        shutil.copytree(MINIMAL, cwd / "pilots" / "testdalen")
    else:
        cwd = tmp_path / "ci"
        git.Repo.clone_from(Path(source.working_dir).as_uri(), cwd, depth=2, no_local=True)
    monkeypatch.chdir(cwd)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert words in result.output


# --- revisions named by the user ---------------------------------------------------------------


def test_diff_with_a_revision_before_the_pilot_says_it_was_not_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not "the data has 2 errors: BV014 ..." with advice to validate a path that does not
    exist: the pilot is not in that revision (usage, exit 2)."""
    repo = init_repo(tmp_path / "repo")
    commit(repo, "README", {"README.md": "Hei\n"})
    before_pilot = repo.head.commit.hexsha
    shutil.copytree(MINIMAL, tmp_path / "repo" / "pilots" / "testdalen")
    commit(repo, "Første versjon av testdalen")
    raise_21(repo, 610000, "Første endring")
    monkeypatch.chdir(repo.working_dir)
    for args in (("--base", "HEAD~2"), ("--base", before_pilot[:7], "--head", "HEAD")):
        result = invoke("diff", "testdalen", *args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        # in the pilot's written standard (Nynorsk), not the command line's default
        assert f"Piloten pilots/testdalen finst ikkje i revisjonen {args[1]};" in result.output
    assert invoke("diff", "testdalen", "--base", "HEAD~1").exit_code == 0


def test_diff_with_a_broken_revision_points_to_a_command_that_shows_it(repo: git.Repo) -> None:
    """The gate's advice for a revision is a ``check`` of that revision, which shows the
    error, not ``validate pilots/x@REV``, a path that does not exist."""
    plan = Path(repo.working_dir, PLAN)
    good = plan.read_text(encoding="utf-8")
    commit(repo, "Feil delmål", {PLAN: good.replace("sub_goal: 2\n", "sub_goal: 9\n")})
    commit(repo, "Retta", {PLAN: good})
    result = invoke("diff", "testdalen", "--base", "HEAD~1")
    assert result.exit_code == 1
    advice = "(sjå «bygdevekst check --base HEAD~1 --head HEAD~1»):"
    assert (
        f"pilots/testdalen@HEAD~1: dataa har 1 feil, så ingenting blir vist frå dei {advice}"
        in (result.output)
    )
    shown = invoke("check", "--base", "HEAD~1", "--head", "HEAD~1")
    assert shown.exit_code == 1
    assert "BV202" in shown.output


@pytest.mark.parametrize(
    "name", ["vedtak-lett", "vedtak/annotert", "HEAD~3", "short", "feature/ny-plan"]
)
def test_revisions_named_by_the_user(repo: git.Repo, name: str) -> None:
    """A tag, an annotated tag with a slash, ``HEAD~3``, a short hash, a branch with a slash:
    the diff compares with that commit's plan, as ``git show`` has it."""
    for amount in (610000, 620000, 630000):
        raise_21(repo, amount, "Endring")
    repo.git.tag("vedtak-lett", "HEAD~1")
    repo.git.tag("-a", "vedtak/annotert", "HEAD~2", "-m", "Vedteke")
    repo.git.branch("feature/ny-plan", "HEAD~1")
    revision = repo.head.commit.hexsha[:7] if name == "short" else name
    old = re.findall(r"state_measure_funds: (\d+)\nstatus:", repo.git.show(f"{revision}:{PLAN}"))
    result = invoke("diff", "testdalen", "--base", revision)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"testdalen: {revision} → arbeidskopien\n")
    if old == ["630000"]:  # the working tree's own commit
        assert "Ingen endringar." in result.output
    else:
        amount = f"{old[0][:3]}\u00a0{old[0][3:]}\u00a0kr → 630\u00a0000\u00a0kr"
        assert amount in result.output


@pytest.mark.parametrize("revision", ["deadbee", "0" * 40, "HEAD~40", "no/such-branch"])
def test_a_revision_that_does_not_exist_is_named(repo: git.Repo, revision: str) -> None:
    # diff names a pilot and speaks its written standard (Nynorsk); check names none
    said = {
        "diff": f"Fann ikkje revisjonen «{revision}»",
        "check": f"Fant ikke revisjonen «{revision}»",
    }
    for args in (("diff", "testdalen", "--base", revision), ("check", "--base", revision)):
        result = invoke(*args)
        assert result.exit_code == 2, result.output
        assert f"{said[args[0]]} i git-repoet i" in result.output


# --- the cache folder ----------------------------------------------------------------------------


def history_json(monkeypatch: pytest.MonkeyPatch, cwd: Path) -> tuple[str, str]:
    """``history -f json`` in ``cwd`` with the cache, then without it."""
    monkeypatch.chdir(cwd)
    cached = invoke("history", "testdalen", "-f", "json").output
    monkeypatch.setenv("BYGDEVEKST_NO_CACHE", "1")
    fresh = invoke("history", "testdalen", "-f", "json").output
    monkeypatch.delenv("BYGDEVEKST_NO_CACHE")
    return cached, fresh


def test_a_history_rewritten_between_two_runs_is_never_the_old_answer(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for amount in (610000, 620000, 630000):
        raise_21(repo, amount, "Endring")
    first, _ = history_json(monkeypatch, Path(repo.working_dir))
    budget_text(repo, 699000)  # commit --amend with other content
    repo.git.commit("--amend", "-a", "--no-edit")
    cached, fresh = history_json(monkeypatch, Path(repo.working_dir))
    assert cached == fresh != first
    assert "699\u00a0000" in cached
    repo.git.reset("--hard", "HEAD~2")  # a rebase that drops two commits and adds others
    raise_21(repo, 650000, "Ny historie")
    cached, fresh = history_json(monkeypatch, Path(repo.working_dir))
    assert cached == fresh
    assert "699\u00a0000" not in cached


def test_two_repositories_share_one_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    """The same pilot folder name, the same first commit, different later commits."""
    one, two = pilot_repo(tmp_path / "one"), pilot_repo(tmp_path / "two")
    raise_21(one, 610000, "Ein")
    raise_21(two, 620000, "To")
    for _ in range(2):
        for repo in (one, two):
            cached, fresh = history_json(monkeypatch, Path(repo.working_dir))
            assert cached == fresh
    assert "610\u00a0000" in history_json(monkeypatch, tmp_path / "one")[0]
    assert "620\u00a0000" in history_json(monkeypatch, tmp_path / "two")[0]


# --- provenance ------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", ["no commits yet", "an unborn branch"])
def test_a_document_before_the_first_commit_says_the_branch_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: str
) -> None:
    """Not "the pilot folder is not in a git repository": it is, its branch has no commit."""
    if shape == "no commits yet":
        repo = init_repo(tmp_path / "repo")
        shutil.copytree(MINIMAL, tmp_path / "repo" / "pilots" / "testdalen")
    else:
        repo = pilot_repo(tmp_path / "repo")
        repo.git.checkout("--orphan", "ny-grein")
    monkeypatch.chdir(repo.working_dir)
    before = git_snapshot(repo)
    result = invoke("render", "plan", "testdalen", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "Pilotmappa ligg i eit git-repo der greina enno ikkje har nokon commit" in result.output
    assert "ligg ikkje i eit git-repo" not in result.output
    assert git_snapshot(repo) == before


# --- overview --at -------------------------------------------------------------------------------


def overview_commit(*args: str) -> Result:
    return invoke("overview", *args, "-f", "json")


def test_overview_at_a_day_after_2099_is_the_newest_commit(repo: git.Repo) -> None:
    """git reads a date given as text only from 1970 to 2099; the day is given to it as
    seconds, so 2100 is after every commit, not some day of its own choosing."""
    first = repo.head.commit
    raise_21(repo, 610000, "Første endring")  # 2026-01-02
    for day, commit_id in (("2026-01-01", first.hexsha), ("2100-01-01", repo.head.commit.hexsha)):
        result = overview_commit("--at", day)
        assert result.exit_code == 0, result.output
        assert [p["source"]["commit"] for p in json.loads(result.output)["pilots"]] == [commit_id]


@pytest.mark.parametrize("day", ["1969-12-31", "0001-01-01"])
def test_overview_at_a_day_before_1970_has_no_commit(repo: git.Repo, day: str) -> None:
    result = overview_commit("--at", day)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"har ingen commit {day} eller før" in result.output
