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


def test_a_pilot_by_path_or_id_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_minimal(tmp_path)
    monkeypatch.chdir(tmp_path)
    for pilot in ("testdalen", "pilots/testdalen", str(tmp_path / "pilots" / "testdalen")):
        code, output = run_cli("render", "agreement", pilot, "-o", "-")
        assert code == 0, output
