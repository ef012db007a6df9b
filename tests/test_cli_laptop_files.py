"""Files as a Windows laptop saves them, met by the command line: Notepad's «UTF-8 with
BOM» and CRLF in the configuration, a configuration with a syntax error. Real files in a
real git repository and the real command line; each problem a Norwegian message naming
the file (and line), with exit 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bygdevekst_cli.language import LANGUAGE_VARIABLE
from tests.gitrepo import init_repo
from tests.helpers import copy_minimal, run_cli

BOM = "\ufeff"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with a pilot that has no findings, in a folder OneDrive names."""
    root = tmp_path / "OneDrive - Vest-Telemark" / "Delte dokumenter" / "bygdevekst æøå"
    init_repo(root)
    copy_minimal(root)
    monkeypatch.chdir(root)
    monkeypatch.setenv(LANGUAGE_VARIABLE, "nn")
    return root


def test_a_configuration_notepad_saved_with_a_bom_and_crlf_is_read(repo: Path) -> None:
    """Notepad's «UTF-8 with BOM»: ``tomllib`` refuses the mark, and every command exited 2
    with «bygdevekst.toml:1:1: ikkje gyldig TOML: Invalid statement»."""
    config = repo / "bygdevekst.toml"
    config.write_bytes(f'{BOM}# Vår konfigurasjon\r\nformat = "json"\r\n'.encode())
    code, output = run_cli("validate")
    assert code == 0, output
    assert json.loads(output)["ok"] is True


def test_an_unknown_key_after_a_bom_is_named_with_its_line(repo: Path) -> None:
    config = repo / "bygdevekst.toml"
    config.write_bytes(f'{BOM}selct = ["BV2"]\r\n'.encode())
    code, output = run_cli("validate")
    assert (code, output) == (
        2,
        f"bygdevekst: {config}:1: ukjend nøkkel «selct» (kjende: select, ignore, "
        "per-path-ignores, severity, language, format)\n",
    )


@pytest.mark.parametrize(
    ("text", "place", "detail"),
    [
        ("language = nn\n", "1:12", "verdien er ikkje gyldig: ein tekst står i hermeteikn"),
        ('select ["BV2"]\n', "1:8", "det manglar «=» etter nøkkelen"),
        ('ignore = ["BV224"]\nignore = []\n', "2:12", "nøkkelen eller tabellen står der to"),
        ("[severity\n", "1:10", "tabellnamnet manglar «]» til slutt"),
        ('language = "nn\n', "1:15", "teksten manglar hermeteiknet til slutt"),
        ('format = "json" "text"\n', "1:17", "det står noko etter verdien på same linja"),
    ],
)
def test_a_configuration_with_a_syntax_error_is_told_in_norwegian(
    repo: Path, text: str, place: str, detail: str
) -> None:
    """The file, line and column, and what is wrong in the user's language: the detail was
    ``tomllib``'s English («Invalid value», «Expected '=' after a key in a key/value pair»)."""
    config = repo / "bygdevekst.toml"
    config.write_text(text, encoding="utf-8")
    code, output = run_cli("validate")
    assert code == 2
    assert output.startswith(f"bygdevekst: {config}:{place}: ikkje gyldig TOML: {detail}")
    assert output.count("\n") == 1
