"""Defects noticed in review and fixed later (the third batch: git and the command line's
edges), each through the real command line on real files and real git repositories in
``tmp_path``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
        done = subprocess.run(
            [sys.executable, "-m", "bygdevekst_cli", *args],
            cwd=repo.working_dir,
            stdout=writer,
            stderr=subprocess.PIPE,
            env={**os.environ, "BYGDEVEKST_LANGUAGE": "nn"},
            check=False,
        )
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr.decode()) == (141, "")


def test_output_read_to_the_end_keeps_its_exit_code(tmp_path: Path) -> None:
    """The same commands with a reader that reads everything exit as before (0 here)."""
    repo = pilot_repo(tmp_path / "repo")
    done = subprocess.run(
        [sys.executable, "-m", "bygdevekst_cli", "validate", "--list-rules"],
        cwd=repo.working_dir,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("BV001")


# --- 3. the pilots folder's name, written once ----------------------------------------------


def _folder_name_uses(source: Path) -> list[str]:
    """Where a module of ``source`` writes ``"pilots"`` (or ``"pilots/…"``) as a value of
    its own: not a key of a JSON object (``{"pilots": …}``, ``entry["pilots"]``)."""
    import ast

    found = []
    for module in sorted(source.rglob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        keys = {id(k) for node in ast.walk(tree) if isinstance(node, ast.Dict) for k in node.keys}
        keys |= {id(n.slice) for n in ast.walk(tree) if isinstance(n, ast.Subscript)}
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
