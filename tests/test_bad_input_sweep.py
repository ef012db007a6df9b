"""Hostile input, command by command: never a traceback, a silent acceptance or a lost file.

Each failure is one Norwegian line naming the file (and its line where there is one) with a
non-zero exit. The repositories are real: ``git init`` and ``bygdevekst init`` in ``tmp_path``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.gitrepo import init_repo
from tests.helpers import run_cli

SCHEMA = Path("schemas/pilot.schema.json")


@pytest.fixture
def new_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A pilots repository as ``bygdevekst init`` sets one up (Bokmål), the current folder."""
    root = tmp_path / "pilotar"
    init_repo(root)
    monkeypatch.chdir(root)
    code, output = run_cli("init", "nye-dalen", "--name", "Nye dalen", "--lang", "nb")
    assert code == 0, output
    assert run_cli("schema", "--check") == (0, "")
    return root


def _no_python_leak(output: str) -> None:
    assert "Traceback" not in output
    assert "Error" not in output and "codec" not in output, output


# --- schema --check on a schema file that cannot be compared -----------------------------


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("{\"a\": \"æø\"}".encode("latin-1"), id="latin-1"),
        pytest.param(bytes(range(256)) * 4, id="binary"),
        pytest.param("{}".encode("utf-16"), id="utf-16"),
    ],
)
def test_a_schema_that_is_not_utf8_is_out_of_date_and_written_anew(
    new_repo: Path, content: bytes
) -> None:
    (new_repo / SCHEMA).write_bytes(content)
    code, output = run_cli("schema", "--check")
    _no_python_leak(output)
    assert (code, output) == (1, "schemas/pilot.schema.json: utdatert; kjør «bygdevekst schema»\n")
    assert run_cli("schema")[0] == 0
    assert run_cli("schema", "--check") == (0, "")


def test_a_schema_with_windows_line_endings_is_up_to_date(new_repo: Path) -> None:
    path = new_repo / SCHEMA
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert run_cli("schema", "--check") == (0, "")


def test_a_folder_by_a_schema_files_name_is_named_with_the_reason(new_repo: Path) -> None:
    (new_repo / SCHEMA).unlink()
    (new_repo / SCHEMA).mkdir()
    code, output = run_cli("schema", "--check")
    assert (code, output) == (
        1,
        "schemas/pilot.schema.json: kan ikke lese filen (det er en mappe, ikke en fil)\n",
    )
    code, output = run_cli("schema")
    assert code == 1
    assert output == (
        "bygdevekst: schemas/pilot.schema.json: kan ikke skrive filen (det er en mappe, ikke en"
        " fil)\n"
    )


def test_a_schema_link_to_itself_is_named_not_a_traceback(new_repo: Path) -> None:
    (new_repo / SCHEMA).unlink()
    os.symlink(SCHEMA.name, new_repo / SCHEMA)
    code, output = run_cli("schema", "--check")
    _no_python_leak(output)
    assert code == 1
    assert output.startswith("schemas/pilot.schema.json: kan ikke lese filen (for mange symbolske")


def test_a_dangling_schema_link_is_named_by_its_own_name(new_repo: Path) -> None:
    (new_repo / SCHEMA).unlink()
    os.symlink("borte.json", new_repo / SCHEMA)
    code, output = run_cli("schema", "--check")
    assert (code, output) == (1, "schemas/pilot.schema.json: utdatert; kjør «bygdevekst schema»\n")


def test_schema_names_the_files_relative_to_where_it_runs(new_repo: Path) -> None:
    (new_repo / SCHEMA).write_bytes(b"\xff\xfe")
    os.chdir(new_repo / "pilots" / "nye-dalen")
    code, output = run_cli("schema", "--check")
    assert (code, output) == (
        1,
        "../../schemas/pilot.schema.json: utdatert; kjør «bygdevekst schema»\n",
    )
    code, output = run_cli("schema")
    assert code == 0
    assert output.splitlines()[0] == "Skrev ../../schemas/pilot.schema.json"


# --- no pilots/ folder: the folder as the user can type it ---------------------------------


@pytest.mark.parametrize("command", [["validate"], ["fmt"], ["migrate"]])
def test_no_pilots_folder_names_the_current_folder_not_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    init_repo(tmp_path / "tom")
    monkeypatch.chdir(tmp_path / "tom")
    code, output = run_cli(*command)
    assert code == 2
    assert output.startswith("bygdevekst: Fant ingen pilots/-mappe i mappen du står i (.): lag ")
    assert tmp_path.as_posix() not in output


def test_no_pilots_folder_below_the_root_names_the_root_relatively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init_repo(tmp_path / "tom")
    (tmp_path / "tom" / "notat").mkdir()
    monkeypatch.chdir(tmp_path / "tom" / "notat")
    code, output = run_cli("validate")
    assert code == 2
    assert output.startswith("bygdevekst: Fant ingen pilots/-mappe i ..: lag ")
    assert tmp_path.as_posix() not in output


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["overview"], "i mappen du står i (.) eller mappene over; angi en sti til en pilot"),
        (["render", "plan", "x"], "i mappen du står i (.) eller mappene over; angi en sti"),
        (["check", "--base", "HEAD"], "i mappen du står i (.)"),
    ],
)
def test_other_commands_without_pilots_name_the_current_folder_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], expected: str
) -> None:
    repo = init_repo(tmp_path / "tom")
    repo.index.commit("Tomt")
    monkeypatch.chdir(tmp_path / "tom")
    code, output = run_cli(*command)
    assert code == 2
    assert output.startswith("bygdevekst: Fant ingen pilots/-mappe ")
    assert expected in output
    assert tmp_path.as_posix() not in output
