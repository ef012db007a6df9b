"""Defects noticed in review and fixed later (the third batch: git and the command line's
edges), each through the real command line on real files and real git repositories in
``tmp_path``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import git
import pytest
from typer.testing import CliRunner, Result

from bygdevekst_cli.cli import app
from tests.gitrepo import PLAN, commit, pilot_repo, raise_21, tag
from tests.helpers import copy_minimal, edit


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


@pytest.fixture(autouse=True)
def nynorsk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


# --- 1. an adopted_revision that moves by itself (HEAD, a reflog entry) ---------------------


def _adopt(plan: Path, revision: str) -> None:
    edit(
        plan,
        "case_number: 26/11\n    outcome: adopted",
        f'case_number: 26/11\n    outcome: adopted\n    adopted_revision: "{revision}"',
    )


def _bv304(folder: Path) -> list[tuple[int, str]]:
    result = invoke("validate", str(folder), "--format", "json", "--no-cache")
    assert result.exit_code in (0, 1), result.output
    found = json.loads(result.stdout)["findings"]
    return [(f["line"], f["message"]) for f in found if f["code"] == "BV304"]


MOVING = ["HEAD", "HEAD~2", "HEAD^", "@", "@~1", "main@{1}", "@{u}", "@{-1}", "FETCH_HEAD"]
MOVING += ["ORIG_HEAD", "MERGE_HEAD", "stash@{0}", ":/Første"]


@pytest.mark.parametrize("revision", MOVING)
def test_a_revision_that_moves_by_itself_is_not_an_adoption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, revision: str
) -> None:
    """``HEAD`` and its kin name another commit after the next one, as a branch does: the
    council's adoption must name a commit id or a tag. Said whether git can resolve the
    name today (``HEAD``, ``:/Første``) or not (``ORIG_HEAD`` in a fresh repository)."""
    repo = pilot_repo(tmp_path / "repo")
    commit(repo, "Ein commit til, så HEAD~2 finst")
    commit(repo, "Og ein til")
    monkeypatch.chdir(repo.working_dir)
    plan = Path(repo.working_dir, PLAN)
    _adopt(plan, revision)
    line = (
        plan.read_text(encoding="utf-8").splitlines().index(f'    adopted_revision: "{revision}"')
    )
    assert _bv304(plan.parent.parent) == [
        (
            line + 1,
            f"adopted_revision «{revision}» viser til den versjonen git står på no eller har "
            "stått på, og flyttar seg med neste commit; skriv commit-ID eller tagg (vedtak/…) "
            "for den vedtekne versjonen",
        )
    ]


def test_head_is_a_moving_adoption_outside_a_repository_too(tmp_path: Path) -> None:
    """``HEAD`` is never a fixed revision: said without any git repository to ask."""
    pilot = copy_minimal(tmp_path)
    plan = pilot / "plans/2026.yaml"
    _adopt(plan, "HEAD")
    line = plan.read_text(encoding="utf-8").splitlines().index('    adopted_revision: "HEAD"')
    assert [found for found, _ in _bv304(pilot)] == [line + 1]


@pytest.mark.parametrize("fixed", ["tag", "id", "id~1", "tag^{commit}", "tag~1"])
def test_a_fixed_revision_stays_an_adoption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed: str
) -> None:
    """A tag, a commit id, and a revision counted from one of them name the same commit
    for ever: no finding."""
    repo = pilot_repo(tmp_path / "repo")
    first = commit(repo, "Ein commit til")
    tag(repo, "vedtak/testdalen/2026", "Kommunestyret")
    monkeypatch.chdir(repo.working_dir)
    revision = fixed.replace("tag", "vedtak/testdalen/2026").replace("id", first.hexsha)
    _adopt(Path(repo.working_dir, PLAN), revision)
    assert _bv304(Path(repo.working_dir, "pilots/testdalen")) == []


# --- 2. a reader that closes the pipe early (``| head``) -----------------------------------


def _in_a_process(
    repo: git.Repo, *args: str, language: str = "nn", **streams: Any
) -> subprocess.CompletedProcess[bytes]:
    """The command line in a process of its own in ``repo``'s working tree, its standard
    streams as ``streams`` set them (a closed pipe, a full disk, a closed descriptor)."""
    return subprocess.run(
        [sys.executable, "-m", "bygdevekst_cli", *args],
        cwd=repo.working_dir,
        env={**os.environ, "BYGDEVEKST_LANGUAGE": language},
        check=False,
        **streams,
    )


PIPED = [
    ("validate", "--list-rules"),
    ("validate", "pilots/testdalen"),
    ("validate", "pilots/testdalen", "--format", "json", "--no-cache"),
    ("history", "testdalen"),
    ("history", "testdalen", "--format", "json"),
    ("diff", "testdalen", "--base", "HEAD~1"),
    ("overview", "pilots", "--format", "json"),
    ("--version",),
    ("--help",),
    ("plan", "--help"),
]


@pytest.mark.parametrize("args", PIPED, ids=" ".join)
def test_a_closed_pipe_ends_the_command_quietly_with_status_141(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """``bygdevekst … | head`` where ``head`` has gone before the command writes (its end of
    the pipe is closed first, so the write fails every time): the command stops with 141,
    the status a shell gives git or ``cat`` killed by SIGPIPE there, and writes nothing to
    standard error (no traceback, no "Exception ignored"). It was exit 1: "errors found"."""
    repo = pilot_repo(tmp_path / "repo")
    raise_21(repo, 650000, "Større behov.")
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = _in_a_process(repo, *args, stdout=writer, stderr=subprocess.PIPE)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr.decode()) == (141, "")


def test_output_read_to_the_end_keeps_its_exit_code(tmp_path: Path) -> None:
    """The same commands with a reader that reads everything exit as before (0 here)."""
    repo = pilot_repo(tmp_path / "repo")
    done = _in_a_process(repo, "validate", "--list-rules", capture_output=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("BV001")


FULL = Path("/dev/full")


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args",
    [("validate", "pilots/testdalen"), ("validate", "-f", "json"), ("history", "testdalen")],
    ids=" ".join,
)
def test_output_to_a_full_disk_is_one_line_not_a_traceback(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """Standard output sent to a full disk (``> /dev/full``): one line in the catalogue's
    words on standard error and exit 1 (it was a traceback of ``OSError: [Errno 28]``)."""
    repo = pilot_repo(tmp_path / "repo")
    with FULL.open("w") as full:
        done = _in_a_process(repo, *args, stdout=full, stderr=subprocess.PIPE)
    said = done.stderr.decode()
    assert done.returncode == 1
    assert (
        said
        == "bygdevekst: kan ikkje skrive til standard utdata: det er ikkje meir plass på disken\n"
    )


def test_a_command_started_with_its_output_closed_says_so(tmp_path: Path) -> None:
    """``bygdevekst validate >&-``: Python sets ``sys.stdout`` to None; the command said
    «'NoneType' object has no attribute 'write'» in a traceback. Now: one line, exit 1; a
    command whose work is files (``render -o``) still writes them."""
    repo = pilot_repo(tmp_path / "repo")

    def closed(*args: str) -> subprocess.CompletedProcess[bytes]:
        return _in_a_process(
            repo,
            *args,
            language="en",
            stderr=subprocess.PIPE,
            preexec_fn=lambda: os.close(1),  # as the shell's >&- does
        )

    done = closed("validate")
    assert (done.returncode, done.stderr.decode()) == (
        1,
        "bygdevekst: cannot write to standard output: the file is closed\n",
    )
    out = tmp_path / "out"
    done = closed("render", "plan", "testdalen", "-f", "md", "-o", str(out))
    assert done.returncode == 1 and "Traceback" not in done.stderr.decode()
    assert list(out.rglob("*.md"))  # the document is written; only the «Wrote …» line is not


# --- 3. the pilots folder's name, written once ----------------------------------------------


def _folder_name_uses(source: Path) -> list[str]:
    """Where a module of ``source`` writes ``"pilots"`` (or ``"pilots/…"``) as a value of
    its own: not a key of a JSON object (``{"pilots": …}``, ``entry["pilots"]``), nor one
    of the keys a table's columns name (``TOTAL_COLUMNS = (…, "pilots")``)."""
    import ast

    found = []
    for module in sorted(source.rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        keys = {id(k) for node in ast.walk(tree) if isinstance(node, ast.Dict) for k in node.keys}
        keys |= {id(n.slice) for n in ast.walk(tree) if isinstance(n, ast.Subscript)}
        keys |= {
            id(constant)
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id.endswith("COLUMNS") for t in node.targets)
            for constant in ast.walk(node.value)
        }
        found += [
            f"{module.relative_to(source)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and (node.value == "pilots" or node.value.startswith("pilots/"))
            and id(node) not in keys
        ]
    return found


def test_the_pilots_folder_is_named_in_one_place() -> None:
    """``PILOTS_DIR`` was defined in repository.py, validate.py and overview.py, and site.py
    spelt it by hand: a rename would have missed some. One definition, in pilotfolder."""
    import bygdevekst_cli

    found = _folder_name_uses(Path(bygdevekst_cli.__file__).parent)
    assert [place.split(":")[0] for place in found] == ["pilotfolder.py"], found


# --- 4. git's own English inside the command line's messages --------------------------------


def _git_said(cwd: Path, *args: str, **env: str) -> str:
    """What real git writes to standard error for ``git <args>`` (``LC_ALL=C``, as the
    command line runs it)."""
    done = subprocess.run(
        ["git", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C", "LANGUAGE": "C", **env},
        check=False,
    )
    assert done.returncode != 0, done
    return done.stderr


def _lose_object(repo: git.Repo, revision: str) -> None:
    """Delete the loose object of ``revision`` (a damaged repository)."""
    sha = repo.git.rev_parse(revision)
    Path(repo.git_dir, "objects", sha[:2], sha[2:]).unlink()


def test_git_problems_are_worded_by_their_code(tmp_path: Path) -> None:
    """Each common problem, from what real git says (or, for what root cannot be refused,
    git's own words), is found by its code, in the command line's words with what to do."""
    from bygdevekst_cli.gitrun import explain_git, git_problem

    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    (root / ".git" / "index.lock").touch()
    (root / "ny.txt").write_text("ny\n", encoding="utf-8")
    outside = tmp_path / "ikkje-repo"
    outside.mkdir()
    said = {
        "not_a_repository": _git_said(outside, "log"),
        "unknown_revision": _git_said(root, "log", "finst-ikkje", "--"),
        "dubious_ownership": _git_said(root, "log", GIT_TEST_ASSUME_DIFFERENT_OWNER="1"),
        "locked": _git_said(root, "add", "ny.txt"),
        "permission_denied": "fatal: could not open '.git/HEAD' for reading: Permission denied",
        "shallow": "fatal: shallow update not allowed",
    }
    (root / ".git" / "index.lock").unlink()
    sha = repo.head.commit.hexsha
    damaged = Path(repo.git_dir, "objects", sha[:2], sha[2:])
    damaged.chmod(0o644)
    damaged.write_bytes(b"ikkje zlib")
    said["bad_object"] = _git_said(root, "cat-file", "-p", "HEAD")
    found = {code: git_problem(text) for code, text in said.items()}
    assert {code: problem and problem[0] for code, problem in found.items()} == {
        code: code for code in said
    }
    folder = str(root)
    assert explain_git(said["dubious_ownership"], "annan") == (
        f"git nektar å bruke {folder} fordi ein annan brukar eig repoet (dubious ownership); "
        f"stol på det med «git config --global --add safe.directory {folder}»"
    )
    assert explain_git(said["locked"], folder) == (
        f"ein annan git-prosess arbeider i repoet ({folder}/.git/index.lock finst); vent til "
        "han er ferdig, eller slett fila om ingen git-prosess køyrer"
    )
    assert explain_git(said["unknown_revision"], folder).startswith(
        f"git kjenner ikkje revisjonen «finst-ikkje» i {folder}; skriv ein commit-ID"
    )
    # a server that refuses the key is a matter of access to it, not of files here
    refused = "git@git.example.org: Permission denied (publickey).\nfatal: Could not read from"
    assert git_problem(refused) == ("needs_access", {})
    # what the command line has no words for is quoted; a git that said nothing, its status
    assert explain_git("hint: noko\nfatal: noko nytt\n", folder) == "git sa: «fatal: noko nytt»"
    assert explain_git("", folder, -11) == "git stoppa med kode -11 utan å seie kvifor"


def test_a_revision_whose_commit_is_gone_is_a_damaged_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``HEAD~1`` names a commit whose object is gone: git knows the name, so the repository
    is damaged (exit 1, with what to do), not "no such revision" (exit 2) as it was."""
    repo = pilot_repo(tmp_path / "repo")
    raise_21(repo, 650000, "Større behov.")
    _lose_object(repo, "HEAD~1")
    monkeypatch.chdir(repo.working_dir)
    damaged = (
        f"Revisjonen «HEAD~1» kan ikkje lesast: eit git-objekt i {repo.working_dir} er skadd; "
        "sjå kva som er gale med «git fsck», og klon repoet på nytt om det ikkje let seg rette"
    )
    for args in (("diff", "testdalen", "--base", "HEAD~1"), ("check", "--base", "HEAD~1")):
        result = invoke(*args)
        assert (result.exit_code, result.output) == (1, f"bygdevekst: {damaged}\n"), args
    result = invoke("history", "testdalen")
    assert result.exit_code == 1
    assert result.output == (
        f"bygdevekst: git log feila: eit git-objekt manglar i {repo.working_dir}: repoet er "
        "ein grunn eller delvis klon som ikkje når origin, eller det er skadd; hent objekta med "
        "«git fetch --unshallow» eller «git fetch», eller sjå «git fsck»\n"
    )


def test_a_damaged_head_commit_is_not_a_repository_without_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = pilot_repo(tmp_path / "repo")
    _lose_object(repo, "HEAD")
    monkeypatch.chdir(repo.working_dir)
    result = invoke("diff", "testdalen", "--base", "HEAD")
    assert result.exit_code == 1
    assert "ingen commits" not in result.output
    assert result.output.startswith("bygdevekst: Revisjonen «HEAD» kan ikkje lesast: eit git-")


def test_a_clone_that_does_not_finish_is_skipped_with_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that never answers: the overview skips the source and says so (it was a
    traceback of ``TimeoutExpired``). A ``git`` that sleeps stands in for the server."""
    from bygdevekst_cli import overview

    slow = tmp_path / "bin"
    slow.mkdir()
    (slow / "git").write_text("#!/bin/sh\nsleep 5\n", encoding="utf-8")
    (slow / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{slow}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(overview, "CLONE_SECONDS", 0.2)
    monkeypatch.chdir(tmp_path)
    url = "https://git.example.org/pilotar.git"
    result = invoke("overview", url)
    assert result.exit_code == 1
    assert f"git clone {url} feila: git var ikkje ferdig etter 0.2 sekund" in result.output
    assert "Traceback" not in result.output


# --- 5. the tool's repository in the files init writes --------------------------------------


def _wheel_in_fresh_venv(tmp_path: Path) -> Path:
    """This checkout built as a wheel and installed, as a secretariat installs a wheel, into
    a fresh virtual environment; its dependencies are this environment's (no index)."""
    from tests.helpers import REPO

    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp_path / "dist", REPO],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("bygdevekst_cli-*.whl")
    environment = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", environment], check=True)
    python = environment / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps"]
    subprocess.run([*install, wheel], check=True)
    (site,) = environment.glob("lib/python*/site-packages")
    ours = sysconfig.get_paths()["purelib"]
    (site / "dependencies.pth").write_text(ours + "\n", encoding="utf-8")
    return environment


def _init_with(environment: Path, root: Path) -> tuple[str, str, str]:
    """``init --ci github`` by the installed script in a new repository ``root``: its output,
    the workflow and the pre-commit configuration it wrote."""
    subprocess.run(["git", "init", "-q", root], check=True)
    arguments = ["init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn", "--ci", "github"]
    done = subprocess.run(
        [environment / "bin" / "bygdevekst", *arguments],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "BYGDEVEKST_LANGUAGE": "nn"},
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    workflow = (root / ".github/workflows/bygdevekst.yml").read_text(encoding="utf-8")
    return done.stdout, workflow, (root / ".pre-commit-config.yaml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_init_names_the_repository_the_tool_was_installed_from(tmp_path: Path) -> None:
    """A tool installed from its git repository (pip's record, PEP 610 ``direct_url.json``,
    names it) writes that repository into the CI and pre-commit files; one installed from a
    wheel or a package index, which name none, keeps the placeholder and says what to fill
    in, naming the files and where it came from."""
    environment = _wheel_in_fresh_venv(tmp_path)
    (record,) = environment.glob("lib/python*/site-packages/bygdevekst_cli-*/direct_url.json")
    wheel = json.loads(record.read_text(encoding="utf-8"))["url"].removeprefix("file://")
    files = ".pre-commit-config.yaml, .github/workflows/bygdevekst.yml"
    fill_in = (
        "  - adressa til git-repoet som CI og pre-commit skal installere bygdevekst frå, i "
        f"staden for github.com/ORG/bygdevekst i {files} (BYGDEVEKST_SOURCE og repo:); "
        "denne bygdevekst er installert frå "
    )

    output, workflow, pre_commit = _init_with(environment, tmp_path / "frå-hjul")
    assert f"{fill_in}{wheel}, som andre maskiner ikkje når\n" in output
    assert "BYGDEVEKST_SOURCE: git+https://github.com/ORG/bygdevekst.git\n" in workflow
    assert "  - repo: https://github.com/ORG/bygdevekst\n" in pre_commit

    # as pip records `pip install "bygdevekst-cli @ git+https://…@v0.3.0"`
    url = "https://git.example.org/vest-telemark/bygdevekst.git"
    vcs = {"url": url, "vcs_info": {"vcs": "git", "requested_revision": "v0.3.0"}}
    record.write_text(json.dumps(vcs), encoding="utf-8")
    output, workflow, pre_commit = _init_with(environment, tmp_path / "frå-git")
    assert "ORG" not in output + workflow + pre_commit
    assert f"BYGDEVEKST_SOURCE: git+{url}\n" in workflow
    assert f"  - repo: {url}\n" in pre_commit

    record.write_text('{"url": "https://git.example', encoding="utf-8")  # damaged
    output, workflow, _ = _init_with(environment, tmp_path / "skadd")
    assert "BYGDEVEKST_SOURCE: git+https://github.com/ORG/bygdevekst.git\n" in workflow

    record.unlink()  # a package index leaves no record
    output, _, _ = _init_with(environment, tmp_path / "frå-indeks")
    assert f"{fill_in}ein pakkeindeks, som ikkje seier kvar repoet er\n" in output
