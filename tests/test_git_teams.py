"""The audit trail on the ways teams use git: plans moved in from another pilot or a
submodule, the repository's git folder given as the source, servers that want
credentials, and the like.

Every repository is real (built in ``tmp_path`` with git itself), every command the real
command line (``CliRunner``, or the installed script where a terminal is needed).
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import git
import pytest

from tests.gitrepo import (
    BUDGET_21,
    KARI,
    PLAN,
    commit,
    init_repo,
    move,
    pilot_repo,
    raise_21,
    refusing_ssh,
)
from tests.helpers import MINIMAL, edit, invoke, kr


@pytest.fixture(autouse=True)
def nynorsk(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> None:
    """The messages in Nynorsk, the cache in a folder of the test's own."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    return repo


def history_json(pilot: str) -> dict[str, object]:
    result = invoke("history", pilot, "-f", "json")
    assert result.exit_code == 0, result.output
    shown: dict[str, object] = json.loads(result.output)
    return shown


def texts_of(shown: dict[str, object], index: int = 0) -> list[str]:
    """The changes of the ``index``-th newest commit, as text."""
    commits = shown["commits"]
    assert isinstance(commits, list)
    return [f"{c['file']}: {c['text']}" for c in commits[index]["changes"]]


def add_pilot(repo: git.Repo, name: str, *, plans: bool) -> None:
    """A second pilot ``name`` beside testdalen, with or without its plans, committed."""
    folder = Path(repo.working_dir, "pilots", name)
    folder.mkdir(parents=True)
    for file in ("pilot.yaml", "agreement.yaml"):
        shutil.copy(MINIMAL / file, folder / file)
    edit(folder / "pilot.yaml", "id: testdalen", f"id: {name}")
    if plans:
        shutil.copytree(MINIMAL / "plans", folder / "plans")
    commit(repo, f"Ny pilot: {name}")


# --- 1. plans that come into the pilot from elsewhere -----------------------------------------


def test_a_plan_moved_in_from_another_pilot_says_where_it_came_from(repo: git.Repo) -> None:
    """A plan moved from one pilot to another was «ny fil» in the history of the second,
    with every measure «nytt tiltak»: git's log of the folder sees only a new file. It is
    the move it was, with what the move changed, on a cold run and from the cache alike."""
    add_pilot(repo, "andre", plans=False)
    raise_21(repo, 650000, "Større behov.")
    edit(Path(repo.working_dir, PLAN), "state_measure_funds: 650000", "state_measure_funds: 700000")
    Path(repo.working_dir, "pilots/andre/plans").mkdir()
    move(repo, PLAN, "pilots/andre/plans/2026.yaml", "Planen høyrer til andre")

    expected = [
        "plans/2026.yaml: flytta frå pilots/testdalen/plans/2026.yaml",
        "plans/2026.yaml: tiltak 2.1: budsjett 2026, statlege tiltaksmidlar: "
        f"{kr(650000)} → {kr(700000)}",
    ]
    for _ in range(2):  # the second run from the cache folder
        assert texts_of(history_json("andre")) == expected
    text = invoke("history", "andre").output
    assert "flytta frå pilots/testdalen/plans/2026.yaml" in text
    assert "ny fil" not in text.split("Ny pilot: andre")[0]
    assert "nytt tiltak" not in text


def test_a_plan_moved_in_from_a_folder_outside_the_pilots(repo: git.Repo) -> None:
    """A plan drafted in ``utkast/`` and moved into the pilot when it was ready."""
    draft = Path(repo.working_dir, "utkast", "2027.yaml")
    draft.parent.mkdir()
    text = Path(repo.working_dir, PLAN).read_text(encoding="utf-8")
    draft.write_text(text.replace("year: 2026", "year: 2027"), encoding="utf-8")
    commit(repo, "Utkast til 2027")
    move(repo, "utkast/2027.yaml", "pilots/testdalen/plans/2027.yaml", "Plan for 2027")
    assert texts_of(history_json("testdalen")) == ["plans/2027.yaml: flytta frå utkast/2027.yaml"]


def test_a_plan_moved_with_most_of_it_rewritten_is_new_as_git_sees_it(repo: git.Repo) -> None:
    """Below git's rename threshold nothing tells a move from a new file: the history says
    what git knows (a new file), and compares it with the plan of the year before."""
    add_pilot(repo, "andre", plans=False)
    plan = Path(repo.working_dir, PLAN)
    text = plan.read_text(encoding="utf-8")
    rewritten = text.replace("year: 2026", "year: 2027").replace("Kartlegging", "Ny kartlegging")
    target = Path(repo.working_dir, "pilots/andre/plans/2027.yaml")
    target.parent.mkdir()
    target.write_text(rewritten + "# " + "x" * 4000 + "\n", encoding="utf-8")
    plan.unlink()
    commit(repo, "Ny plan for andre")
    changes = texts_of(history_json("andre"))
    assert changes[0] == "plans/2027.yaml: ny fil"
    assert not any("flytta" in change for change in changes)


def submodule_taken_in(tmp_path: Path) -> git.Repo:
    """A secretariat's repository that had the pilot ``andre`` as a submodule (its own
    repository), then took its files in: the submodule removed, the files added."""
    own = init_repo(tmp_path / "andre")
    for file in ("pilot.yaml", "agreement.yaml"):
        shutil.copy(MINIMAL / file, Path(own.working_dir, file))
    shutil.copytree(MINIMAL / "plans", Path(own.working_dir, "plans"))
    edit(Path(own.working_dir, "pilot.yaml"), "id: testdalen", "id: andre")
    commit(own, "Andre, første versjon")
    repo = pilot_repo(tmp_path / "repo")
    submodule = ["submodule", "add", "-q", str(own.working_dir), "pilots/andre"]
    repo.git.execute(["git", "-c", "protocol.file.allow=always", *submodule])
    commit(repo, "Andre som submodul")
    repo.git.rm("-q", "pilots/andre")
    shutil.rmtree(Path(repo.git_dir, "modules"))
    shutil.copytree(own.working_dir, Path(repo.working_dir, "pilots/andre"), ignore=_dot_git)
    commit(repo, "Andre inn i repoet")
    return repo


def _dot_git(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name == ".git"]


def test_a_pilot_taken_in_from_a_submodule_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The submodule was «ny fil» and «fila er sletta», and the files that took its place
    each «ny fil»: the history names the submodule and its commit, and says that git here
    cannot compare with the versions there."""
    repo = submodule_taken_in(tmp_path)
    monkeypatch.chdir(repo.working_dir)
    linked = repo.git.rev_parse("HEAD~1:pilots/andre")  # the submodule's commit
    short = linked[:7]
    shown = history_json("andre")
    came = (
        f"ny fil, frå submodulen pilots/andre (commit {short}): git kan ikkje samanlikne med "
        "versjonane der, dei er i eit anna repository"
    )
    newest = texts_of(shown)
    assert newest[:5] == [
        f"pilots/andre: submodulen er fjerna (var på commit {short})",
        f"agreement.yaml: {came}",
        f"pilot.yaml: {came}",
        f"plans/2026.yaml: {came}",
        "plans/2026.yaml: nytt tiltak 1.1 «Kartlegging av bustadbehov»",
    ]
    assert not any(change.endswith(": ny fil") for change in newest)
    assert texts_of(shown, 1) == [f"pilots/andre: submodul lagd til, på commit {short}"]
    assert history_json("andre") == shown  # from the cache folder, the same


# --- 2. the repository's git folder, or a bare repository, as the source ----------------------


def test_the_git_folder_as_the_source_of_an_overview_reads_its_pilots(repo: git.Repo) -> None:
    """``overview repo/.git`` said there were no pilots in it: the git folder names its
    repository, read at HEAD (or the revision after ``@``) as a bare repository is."""
    raise_21(repo, 650000, "Større behov.")
    for source in (".git", ".git@HEAD~1", str(Path(repo.git_dir))):
        result = invoke("overview", source, "-f", "json")
        assert result.exit_code == 0, (source, result.output)
        assert [p["id"] for p in json.loads(result.stdout)["pilots"]] == ["testdalen"], source


@pytest.mark.parametrize("command", ["history", "diff"])
def test_the_git_folder_given_as_the_pilot_says_what_to_give(repo: git.Repo, command: str) -> None:
    """``history repo/.git`` said the folder had no pilot.yaml, as if the user should make
    one there: it is the repository's git folder, and the pilot folder is named."""
    extra = ["--base", "HEAD"] if command == "diff" else []
    result = invoke(command, ".git", *extra)
    assert result.exit_code == 2, result.output
    assert (
        "«.git» er git-mappa til eit repository, ikkje ein pilot: gi pilotmappa i "
        "arbeidskopien, til dømes «pilots/testdalen»."
    ) in result.output
    assert "pilot.yaml" not in result.output


def test_a_bare_repository_given_as_the_pilot_says_what_to_give(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = tmp_path / "server.git"
    subprocess.run(["git", "clone", "-q", "--bare", repo.working_dir, bare], check=True)
    monkeypatch.chdir(tmp_path)
    result = invoke("history", "server.git")
    assert result.exit_code == 2, result.output
    assert "«server.git» er eit repository utan arbeidskopi, ikkje ein pilot" in (result.output)
    assert "«git clone server.git»" in result.output
    overview = invoke("overview", "server.git", "-f", "json")  # which reads it as it is
    assert [p["id"] for p in json.loads(overview.stdout)["pilots"]] == ["testdalen"]


# --- 3. servers that want credentials ---------------------------------------------------------


class _WantsCredentials(http.server.BaseHTTPRequestHandler):
    """A git server over HTTP that wants a user name and password for everything."""

    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="kommune"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def locked_server() -> Iterator[str]:
    """The address of a server that answers every request with 401."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _WantsCredentials)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/pilotar.git"
    server.shutdown()
    server.server_close()


def on_a_terminal(arguments: list[str], seconds: float = 30) -> tuple[int | None, str]:
    """The installed command line run with a terminal (a pty) nobody types in: its exit
    status (None: it still waited after ``seconds``, and was stopped) and all it wrote."""
    script = str(Path(sys.executable).with_name("bygdevekst"))
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the command line, with the pty as its terminal
        try:
            os.execv(script, [script, *arguments])
        finally:
            os._exit(127)  # never back into the tests
    written = b""
    deadline = time.monotonic() + seconds
    status: int | None = None
    while status is None and time.monotonic() < deadline:
        if select.select([terminal], [], [], 0.2)[0]:
            with contextlib.suppress(OSError):  # the terminal closed: the command ended
                written += os.read(terminal, 65536)
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(code)
    if status is None:
        os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    os.close(terminal)
    return status, written.decode("utf-8", "replace")


def test_a_url_that_wants_credentials_fails_at_once_and_never_prompts(
    locked_server: str,
) -> None:
    """git asked «Username for 'http://…':» on the terminal and waited (in CI, which has no
    terminal to answer, until the job timed out): it asks nothing, and the source is
    skipped with what it needs."""
    status, written = on_a_terminal(["overview", locked_server], seconds=20)
    assert status == 1, written
    assert "Username for" not in written
    assert f"{locked_server} krev tilgang, og git fekk ikkje logge inn" in written


def test_a_password_in_a_url_is_never_shown(locked_server: str) -> None:
    """A URL with ``user:password@`` the server refuses was named with its password in
    the message, three times, and in a CI log; the user stays, the password is left out."""
    with_password = locked_server.replace("http://", "http://kari:hemmeleg@")
    for arguments in (["overview", with_password], ["overview", with_password, "-f", "json"]):
        result = invoke(*arguments)
        assert result.exit_code == 1
        assert "hemmeleg" not in result.output
    shown = locked_server.replace("http://", "http://kari@")
    assert f"hoppa over {shown}: git clone {shown} feila: {shown} krev tilgang" in result.stderr


def test_an_ssh_url_runs_ssh_in_batch_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ssh asked for a password or a key's passphrase on the terminal: it runs in batch
    mode, added to the user's own ssh command (``core.sshCommand``) rather than in its
    place; a server that refuses the key is one the repository needs access to."""
    asked = tmp_path / "asked.txt"
    ssh = refusing_ssh(tmp_path, asked)
    config = tmp_path / "gitconfig"
    config.write_text(f"[core]\n\tsshCommand = {ssh} -i nøkkel\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.delenv("GIT_SSH_COMMAND", raising=False)
    monkeypatch.delenv("GIT_SSH", raising=False)
    monkeypatch.chdir(tmp_path)
    result = invoke("overview", "ssh://git@git.kommune.no/pilotar.git")
    assert result.exit_code == 1
    assert asked.read_text(encoding="utf-8").startswith("-i nøkkel -o BatchMode=yes ")
    assert "ssh://git@git.kommune.no/pilotar.git krev tilgang" in result.stderr


# --- 4. the ways teams use git ----------------------------------------------------------------


def test_a_plan_renamed_as_it_was_rewritten_keeps_its_changes(repo: git.Repo) -> None:
    """``plans/2026.yaml`` renamed to ``2026.yml`` as comments were added (git's rename
    threshold not reached): the plan was told as deleted and every measure as new, the
    budget change made in the same commit lost."""
    plan = Path(repo.working_dir, PLAN)
    text = plan.read_text(encoding="utf-8")
    notes = "".join(f"# Merknad {n}: frå arbeidsmøtet i formannskapet\n" for n in range(150))
    changed = text.replace("state_measure_funds: 600000", "state_measure_funds: 640000", 1)
    plan.with_suffix(".yml").write_text(notes + changed, encoding="utf-8")
    plan.unlink()
    made = commit(repo, "Plan for 2026 med merknader")
    assert "R" not in repo.git.show("--format=", "--name-status", "-M", made.hexsha)
    assert texts_of(history_json("testdalen")) == [
        "plans/2026.yml: flytta frå pilots/testdalen/plans/2026.yaml",
        f"plans/2026.yml: tiltak 1.1: budsjett 2026, statlege tiltaksmidlar: "
        f"{kr(600000)} → {kr(640000)}",
    ]


MAILMAP = (
    "Kari Nordmann <kari@testdalen.no> Kari Privat <kari@privat.no>\n"
    "Ola Dunk <ola@testdalen.no> <ola@privat.no>\n"
)


def test_a_squashed_pull_request_names_its_authors_through_the_mailmap(repo: git.Repo) -> None:
    """GitHub's «squash and merge»: one commit by the pull request's author, committed by
    GitHub, with a ``Co-authored-by:`` for each other author. The author was named through
    the ``.mailmap`` (as ``git log`` names them) but the co-authors as the trailers wrote
    them, so one person could be in the trail under two names."""
    commit(repo, "Namn i historikken", {".mailmap": MAILMAP})
    raise_21(repo, 650000, "Større behov.")
    repo.git.commit(
        "--amend",
        "-m",
        "Budsjett (#12)\n\nCo-authored-by: Ola D <ola@privat.no>\n"
        "Co-authored-by: Åse Ås <ase@vågå.no>\nCo-authored-by: utan adresse",
        "--author=Kari Privat <kari@privat.no>",
        env={"GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.com"},
    )
    newest = history_json("testdalen")["commits"][0]  # type: ignore[index]
    assert (newest["author"], newest["email"]) == ("Kari Nordmann", "kari@testdalen.no")
    assert newest["co_authors"] == [
        "Ola Dunk <ola@testdalen.no>",
        "Åse Ås <ase@vågå.no>",
        "utan adresse",
    ]
    text = invoke("history", "testdalen").output
    assert "Medforfattarar: Ola Dunk <ola@testdalen.no>, Åse Ås <ase@vågå.no> og utan adresse" in (
        text
    )


def test_rebased_signed_and_annotated_commits_are_told_by_their_authors(
    repo: git.Repo,
) -> None:
    """«Rebase and merge» commits each change again as GitHub, keeping its author; a signed
    commit carries a ``gpgsig`` header; ``git notes`` hang notes on commits. The trail names
    the authors, tells each change once, and shows neither signature nor note."""
    raise_21(repo, 650000, "Større behov.")
    edit(Path(repo.working_dir, PLAN), "state_measure_funds: 650000", "state_measure_funds: 1")
    repo.git.add("--all")
    signed = (
        f"tree {repo.git.write_tree()}\nparent {repo.head.commit.hexsha}\n"
        "author Ola Dunk <ola@testdalen.no> 1767400000 +0100\n"
        "committer GitHub <noreply@github.com> 1767400000 +0100\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n =abcd\n"
        " -----END PGP SIGNATURE-----\n\nSignert av GitHub\n"
    )
    made = (
        subprocess.run(
            ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
            input=signed.encode(),
            cwd=repo.working_dir,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    repo.git.update_ref("HEAD", made)
    repo.git.notes("add", "-m", "Notat: sjå sak 26/11", made)
    shown = history_json("testdalen")
    commits = shown["commits"]
    assert isinstance(commits, list)
    assert [(c["author"], c["message"]) for c in commits[:2]] == [
        ("Ola Dunk", "Signert av GitHub"),
        ("Ola Dunk", "Budsjett for 2.1: 650000"),
    ]
    text = invoke("history", "testdalen").output
    assert "PGP" not in text and "Notat" not in text
    assert invoke("history", "testdalen", "--verify").exit_code == 0


def test_a_pilot_in_a_folder_with_spaces_and_norwegian_letters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``core.quotePath`` (git's default) writes ``Vågå`` as ``"V\\303\\245g\\303\\245"``
    in its plain output; the history reads git's ``-z`` output, where names are as they
    are, also below a folder whose name has spaces, and across a move between two such."""
    repo = init_repo(tmp_path / "repo")
    repo.git.config("core.quotePath", "true")
    folder = Path(repo.working_dir, "kommunar", "Vest Telemark", "pilots", "Ål")
    shutil.copytree(MINIMAL, folder)
    commit(repo, "Første versjon", author=KARI)
    move(
        repo, "kommunar/Vest Telemark/pilots/Ål", "kommunar/Vest Telemark/pilots/Vågå", "Nytt namn"
    )
    plan = folder.with_name("Vågå") / "plans" / "2026.yaml"
    edit(plan, BUDGET_21, BUDGET_21.replace("600000", "610000"))
    commit(repo, "Budsjett")
    monkeypatch.chdir(folder.parent)
    shown = history_json("Vågå")
    commits = shown["commits"]
    assert isinstance(commits, list)
    assert [c["message"] for c in commits] == ["Budsjett", "Nytt namn", "Første versjon"]
    assert texts_of(shown, 1)[0] == (
        "agreement.yaml: flytta frå kommunar/Vest Telemark/pilots/Ål/agreement.yaml"
    )
    assert texts_of(shown, 0)[0].startswith("plans/2026.yaml: tiltak 2.1: budsjett 2026")
