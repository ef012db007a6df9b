"""A pilot whose files fail validation is still in the overview, and its figures in the
sums; the totals name it, and the dashboard's table of pilots has a column of errors: a
plan with 16 errors was summed with the others, and only its own section said so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

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


def _valid_austbygd(tmp_path: Path) -> Path:
    """A repository of one valid pilot, Austbygd, beside ``_failing``'s: its root."""
    repo = pilot_repo(tmp_path / "austbygd", "austbygd")
    edit(
        tmp_path / "austbygd/pilots/austbygd/pilot.yaml",
        "id: testdalen\nname: Testdalen",
        "id: austbygd\nname: Austbygd",
    )
    commit(repo, "Austbygd")
    return Path(repo.working_dir)


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_each_sum_sheet_names_the_pilots_with_errors_in_its_sums(tmp_path: Path, lang: str) -> None:
    """A ministry reader adding up the workbook's totals sees, on every row, which pilots in
    that sum have files with errors; a valid pilot in the same sum is not named."""
    sources = _failing(tmp_path)
    austbygd = _valid_austbygd(tmp_path)
    out = tmp_path / "oversikt.xlsx"
    shown = invoke("overview", "-o", str(out), "--lang", lang, *sources, str(austbygd))
    assert shown.exit_code == 0, shown.output
    w = words(lang)
    book = load_workbook(out)
    sheets = [w("overview.totals")[:31], w("overview.grant_totals_sheet")[:31]]
    sheets.append(w("overview.plan_year_sheet")[:31])
    for title in sheets:
        rows = list(book[title].iter_rows(values_only=True))
        assert rows[0][-1] == w("overview.column.with_errors"), title
        assert len(rows) > 1, title
        assert all(row[-1] == "Testdalen" for row in rows[1:]), (title, rows)
    header, year = book[w("overview.plan_year_sheet")[:31]].iter_rows(values_only=True)
    summed = year[header.index(w("overview.column.adopted"))]
    assert summed == w.join(["Austbygd", "Testdalen"])  # both in the sum, one named beside it
    pilots = book[w("overview.pilots")]
    assert w("overview.column.with_errors") not in [cell.value for cell in pilots[1]]


def test_no_sum_sheet_has_the_column_when_every_pilot_is_valid(tmp_path: Path) -> None:
    pilot_repo(tmp_path / "testdalen")
    out = tmp_path / "oversikt.xlsx"
    shown = invoke("overview", "-o", str(out), "--lang", "nn", str(tmp_path / "testdalen"))
    assert shown.exit_code == 0, shown.output
    header = words("nn")("overview.column.with_errors")
    book = load_workbook(out)
    assert len(book.worksheets) >= 3
    assert all(header not in [cell.value for cell in sheet[1]] for sheet in book.worksheets)
