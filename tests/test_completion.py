"""Shell completion for bash, zsh, fish and PowerShell: the scripts, and the answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from tests.helpers import copy_minimal, run_cli


@pytest.mark.parametrize(
    ("shell", "marker"),
    [
        ("bash", "complete -o default -F _bygdevekst_completion bygdevekst"),
        ("zsh", "compdef _bygdevekst_completion bygdevekst"),
        ("fish", "complete --command bygdevekst"),
        ("powershell", "Register-ArgumentCompleter -Native -CommandName bygdevekst"),
    ],
)
def test_the_script_for_each_shell(shell: str, marker: str) -> None:
    code, output = run_cli("completion", shell)
    assert code == 0, output
    assert marker in output
    assert "_BYGDEVEKST_COMPLETE" in output


def test_an_unknown_shell_is_wrong_use() -> None:
    code, output = run_cli("completion", "tcsh")
    assert code == 2
    assert "«tcsh» er ikke bash, zsh, fish eller powershell" in output


def complete(env: dict[str, str]) -> str:
    result = CliRunner().invoke(app, [], env=env, prog_name="bygdevekst")
    assert result.exit_code == 0, result.output
    return result.output


def test_bash_completes_a_command() -> None:
    env = {
        "_BYGDEVEKST_COMPLETE": "complete_bash",
        "COMP_WORDS": "bygdevekst val",
        "COMP_CWORD": "1",
    }
    assert complete(env).split() == ["validate"]


def test_zsh_completes_a_choice() -> None:
    env = {"_BYGDEVEKST_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "bygdevekst render ag"}
    assert '"agreement"' in complete(env)


def test_fish_completes_options_with_their_help() -> None:
    env = {
        "_BYGDEVEKST_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": "bygdevekst init x --co",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }
    lines = complete(env).splitlines()
    assert [line.split("\t")[0] for line in lines] == ["--cohort", "--county"]


def test_powershell_completes_a_command() -> None:
    env = {
        "_BYGDEVEKST_COMPLETE": "complete_powershell",
        "_TYPER_COMPLETE_ARGS": "bygdevekst hist",
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": "hist",
    }
    assert complete(env).startswith("history:::")


def test_a_pilot_id_completes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_minimal(tmp_path, "testdalen")
    copy_minimal(tmp_path, "andre")
    monkeypatch.chdir(tmp_path)
    env = {"_BYGDEVEKST_COMPLETE": "complete_bash", "COMP_WORDS": "bygdevekst history te",
           "COMP_CWORD": "2"}  # fmt: skip
    assert complete(env).split() == ["testdalen"]
