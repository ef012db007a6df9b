"""An agreement period with an end not recorded is said so in the overview, not drawn as
«…»: «…–31. desember 2028» did not tell the ministry whether the start was open, unknown
or left out by mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from bygdevekst_cli.language import words
from tests.helpers import copy_minimal, edit, invoke

START, END = "    start: 2025-06-02\n", "    end: 2028-12-31\n"


@pytest.mark.parametrize(
    ("old", "new", "key", "date"),
    [
        (START, "    start: null\n", "overview.period_open_start", {"end": "31. desember 2028"}),
        (END, "    end: null\n", "overview.period_open_end", {"start": "2. juni 2025"}),
        (START + END, "    start: null\n    end: null\n", "overview.cell_not_recorded", {}),
    ],
)
@pytest.mark.parametrize("fmt", ["text", "html"])
def test_a_missing_end_of_the_period_is_named(
    tmp_path: Path, old: str, new: str, key: str, date: dict[str, str], fmt: str
) -> None:
    folder = copy_minimal(tmp_path)
    edit(folder / "pilot.yaml", old, new)
    shown = invoke("overview", "--lang", "nn", "-f", fmt, str(folder))
    assert shown.exit_code == 0, shown.output
    said = words("nn")(key, **date)
    assert said in shown.stdout
    assert "…" not in shown.stdout


def test_a_whole_period_reads_as_before(tmp_path: Path) -> None:
    shown = invoke("overview", "--lang", "nb", str(copy_minimal(tmp_path)))
    assert shown.exit_code == 0, shown.output
    assert "Avtaleperiode: 2. juni 2025–31. desember 2028" in shown.stdout
