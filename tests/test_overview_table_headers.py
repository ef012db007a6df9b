"""The summary tables of md and html name their measure columns as counts of measures
(«Tiltak føreslått»), as the workbook does: a bare «føreslått» beside «Budsjett» did not
say what was proposed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bygdevekst_cli.language import words
from bygdevekst_cli.overview import STATUSES
from tests.gitrepo import pilot_repo
from tests.helpers import invoke


@pytest.mark.parametrize("lang", ["nn", "nb"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_each_measure_column_says_it_counts_measures(tmp_path: Path, lang: str, fmt: str) -> None:
    pilot_repo(tmp_path / "testdalen")
    result = invoke("overview", "-f", fmt, "--lang", lang, str(tmp_path / "testdalen"))
    assert result.exit_code == 0, result.output
    w = words(lang)
    for status in STATUSES:
        label = w("overview.column.measures", status=w(f"overview.status.{status}"))
        cell = f"| {label} |" if fmt == "md" else f'<th scope="col" class="num">{label}</th>'
        assert cell in result.stdout, label
