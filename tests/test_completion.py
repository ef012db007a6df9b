"""Shell completion for bash, zsh, fish and PowerShell: the scripts, and the answers."""

from __future__ import annotations

import shutil
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


def bash_words(monkeypatch: pytest.MonkeyPatch, folder: Path, line: str) -> list[str]:
    """What bash offers for the last word of ``line`` (empty after a trailing space), run
    in ``folder``."""
    monkeypatch.chdir(folder)
    words = line.split(" ")
    env = {"_BYGDEVEKST_COMPLETE": "complete_bash", "COMP_WORDS": line,
           "COMP_CWORD": str(len(words) - 1)}  # fmt: skip
    return complete(env).split()


def test_a_municipality_completes_from_the_named_pilot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_minimal(tmp_path, "testdalen")
    line = "bygdevekst render case testdalen -m "
    assert bash_words(monkeypatch, tmp_path, line) == ["fyresdal", "kviteseid", "all"]
    assert bash_words(monkeypatch, tmp_path, line + "k") == ["kviteseid"]
    by_path = "bygdevekst render case pilots/testdalen -y 2026 --municipality f"
    assert bash_words(monkeypatch, tmp_path, by_path) == ["fyresdal"]


def test_a_plan_year_completes_from_the_named_pilot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pilot = copy_minimal(tmp_path, "testdalen")
    shutil.copy(pilot / "plans" / "2026.yaml", pilot / "plans" / "2027.yml")
    (pilot / "plans" / "notat-2028.yaml").write_text("", encoding="utf-8")
    assert bash_words(monkeypatch, tmp_path, "bygdevekst render plan testdalen -y ") == [
        "2026",
        "2027",
    ]
    assert bash_words(monkeypatch, tmp_path, "bygdevekst diff testdalen --from 2026 --to 2027") == [
        "2027"
    ]


def test_completion_for_a_pilot_not_found_or_not_read_offers_only_what_is_certain(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pilot = copy_minimal(tmp_path, "testdalen")
    assert bash_words(monkeypatch, tmp_path, "bygdevekst render case ukjend -m ") == ["all"]
    assert bash_words(monkeypatch, tmp_path, "bygdevekst render plan ukjend -y ") == []
    (pilot / "pilot.yaml").write_text("parties: [\n  - id: fyresdal\n", encoding="utf-8")
    assert bash_words(monkeypatch, tmp_path, "bygdevekst render case testdalen -m ") == ["all"]
