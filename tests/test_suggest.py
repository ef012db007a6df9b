"""Did-you-mean for pilot ids (every command's PILOT), and the matching itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from bygdevekst_cli.language import words
from bygdevekst_cli.suggest import close_matches, did_you_mean
from tests.helpers import copy_minimal, run_cli


def test_close_matches_ignore_case_and_keep_the_known_spelling() -> None:
    assert close_matches("vest-telemak", ["innlandet", "Vest-Telemark"]) == ["Vest-Telemark"]
    assert close_matches("qqq", ["innlandet"]) == []


def test_did_you_mean_joins_with_or() -> None:
    nn = words("nn")
    assert did_you_mean("tesdalen", ["testdalen", "testdalar"], nn) == (
        " Meinte du «testdalen» eller «testdalar»?"
    )
    assert did_you_mean("zzz", ["testdalen"], nn) == ""


@pytest.mark.parametrize(
    "args",
    [["history", "testdaln"], ["diff", "testdaln", "--from", "2025", "--to", "2026"],
     ["render", "plan", "testdaln"], ["plan", "new", "testdaln", "2027"]],
)  # fmt: skip
def test_a_mistyped_pilot_is_wrong_use_with_a_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    copy_minimal(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, output = run_cli(*args)
    assert code == 2
    assert output.splitlines()[-1] == (
        "Feil: Ugyldig verdi for «PILOT»: Fant ingen pilot «testdaln» (verken som mappe eller"
        " under pilots/). Mente du «testdalen»?"
    )


@pytest.mark.parametrize(
    ("given", "shown"),
    [("tom", "tom"), ("pilots/tom", "pilots/tom"), ("tom-under-pilots", "pilots/tom-under-pilots")],
)
@pytest.mark.parametrize("command", [["history"], ["render", "plan"], ["diff"]])
def test_a_folder_without_pilot_yaml_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: str, shown: str, command: list[str]
) -> None:
    """A folder that exists but has no pilot.yaml (not yet made, or the file deleted) is
    wrong use that says so, not «no pilot … neither as a folder nor under pilots/»."""
    copy_minimal(tmp_path)
    for folder in ("tom", "pilots/tom", "pilots/tom-under-pilots"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "notat.txt").write_text("x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, output = run_cli(*command, given)
    assert code == 2
    assert output.splitlines()[-1] == (
        f"Feil: Ugyldig verdi for «PILOT»: Mappen «{shown}» har ingen pilot.yaml, så den er"
        " ingen pilot (en ny pilot lages med «bygdevekst init»)."
    )


def test_a_pilot_by_path_or_id_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_minimal(tmp_path)
    monkeypatch.chdir(tmp_path)
    for pilot in ("testdalen", "pilots/testdalen", str(tmp_path / "pilots" / "testdalen")):
        code, output = run_cli("render", "agreement", pilot, "-o", "-")
        assert code == 0, output


def test_resolving_a_folder_without_pilot_yaml_says_what_it_lacks(tmp_path: Path) -> None:
    """The library's own look-up (``resolve_pilot``) says the same as the command line."""
    from bygdevekst_cli.errors import UsageError
    from bygdevekst_cli.validate import resolve_pilot

    copy_minimal(tmp_path)
    (tmp_path / "tom").mkdir()
    with pytest.raises(UsageError, match=r"Mappen «tom» har ingen pilot\.yaml"):
        resolve_pilot("tom", tmp_path)
    with pytest.raises(UsageError, match=r"Fant ingen pilot «borte»"):
        resolve_pilot("borte", tmp_path)
    assert resolve_pilot("testdalen", tmp_path) == (tmp_path / "pilots" / "testdalen").resolve()
    outside = tmp_path / "utan-repo"
    outside.mkdir()
    with pytest.raises(UsageError, match=r"Mappen «\.» har ingen pilot\.yaml"):
        resolve_pilot(".", outside)
