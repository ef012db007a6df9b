"""A pilot whose files fail validation is still in the overview, and its figures in the
sums; the totals name it, and the dashboard's table of pilots has a column of errors: a
plan with 16 errors was summed with the others, and only its own section said so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bygdevekst_cli.language import words
from tests.gitrepo import commit, pilot_repo
from tests.helpers import edit, invoke
from tests.test_overview_grant_totals import nordbygd_repo


def _failing(tmp_path: Path) -> list[str]:
    """Testdalen with a measure under a sub-goal its agreement lacks, and Nordbygd (valid)."""
    repo = pilot_repo(tmp_path / "testdalen")
    plan = tmp_path / "testdalen/pilots/testdalen/plans/2026.yaml"
    edit(plan, "    sub_goal: 1\n    number: 1\n", "    sub_goal: 9\n    number: 1\n")
    commit(repo, "Delmål 9")
    return [str(tmp_path / "testdalen"), str(nordbygd_repo(tmp_path / "nordbygd"))]


@pytest.mark.parametrize("lang", ["nn", "nb"])
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_the_totals_name_the_pilots_with_errors(tmp_path: Path, fmt: str, lang: str) -> None:
    sources = _failing(tmp_path)
    shown = invoke("overview", "-f", fmt, "--lang", lang, *sources)
    assert shown.exit_code == 0, shown.output
    line = words(lang)("overview.with_errors", pilots="Testdalen")
    assert line in shown.stdout
    assert "Nordbygd" not in line


def test_no_line_when_every_pilot_is_valid(tmp_path: Path) -> None:
    pilot_repo(tmp_path / "testdalen")
    shown = invoke("overview", "--lang", "nn", str(tmp_path / "testdalen"))
    assert shown.exit_code == 0, shown.output
    assert words("nn")("overview.with_errors", pilots="X").split(":")[0] not in shown.stdout


def test_the_dashboards_table_of_pilots_counts_their_errors(tmp_path: Path) -> None:
    shown = invoke("overview", "-f", "html", "--lang", "nn", *_failing(tmp_path))
    assert shown.exit_code == 0, shown.output
    table = re.search(r'<table class="summary">.*?</table>', shown.stdout, re.S)
    assert table is not None
    header = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table.group())
    assert header[-1] == words("nn")("overview.errors")
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", table.group(), re.S)
    errors = {}
    for row in rows:
        name = re.search(r">([^<]+)</a>", row)
        assert name is not None
        errors[name.group(1)] = re.findall(r">(\d+)</td>", row)[-1]
    assert errors["Nordbygd"] == "0"
    assert int(errors["Testdalen"]) >= 1
