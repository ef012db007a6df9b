"""The grants summed across pilots name the pilots the sum leaves out.

Two pilots, each in its own git repository: Testdalen records a one-year grant for 2026
and a grant for the whole period; Nordbygd has no plan, so no grant at all. The sums were
Testdalen's alone and said nothing of Nordbygd: a reader took them for both pilots' with
Nordbygd's as 0. Unknown is never 0.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bygdevekst_cli.formatting import kroner
from bygdevekst_cli.language import words
from tests.gitrepo import commit, init_repo, pilot_repo
from tests.helpers import MINIMAL, edit, invoke

ONE_YEAR_GRANT = """    - source: project_management_grant
      year: 2026
      amount: 1000000
  carry_over:"""


def nordbygd_repo(path: Path, name: str = "Nordbygd") -> Path:
    """A pilot without a plan (so without grants) in a repository of its own."""
    repo = init_repo(path)
    folder = path / "pilots" / "nordbygd"
    shutil.copytree(MINIMAL, folder)
    shutil.rmtree(folder / "plans")
    edit(folder / "pilot.yaml", "id: testdalen\nname: Testdalen", f"id: nordbygd\nname: {name}")
    commit(repo, "Nordbygd")
    return path


@pytest.fixture
def sources(tmp_path: Path) -> list[str]:
    first = tmp_path / "testdalen"
    repo = pilot_repo(first)
    edit(first / "pilots/testdalen/plans/2026.yaml", "  carry_over:", ONE_YEAR_GRANT)
    commit(repo, "Eit eittårig tilskot")
    return [str(first), str(nordbygd_repo(tmp_path / "nordbygd"))]


def test_the_json_names_the_pilots_each_grant_sum_leaves_out(sources: list[str]) -> None:
    result = invoke("overview", "-f", "json", *sources)
    assert result.exit_code == 0, result.output
    totals = json.loads(result.stdout)["totals"]
    assert totals["grants"] == {"one_year": {"2026": 1_000_000}, "covers_period": 18_000_000}
    assert totals["grants_left_out"] == {
        "one_year": {"2026": ["nordbygd"]},
        "covers_period": ["nordbygd"],
    }


@pytest.mark.parametrize("lang", ["nn", "nb"])
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_every_format_says_whom_the_grant_sums_leave_out(
    sources: list[str], lang: str, fmt: str
) -> None:
    result = invoke("overview", "-f", fmt, "--lang", lang, *sources)
    assert result.exit_code == 0, result.output
    w = words(lang)
    note = w("overview.grants_left_out", pilots="Nordbygd")
    one_year = w("overview.grants_year", year="2026", amount=kroner(1_000_000, lang))
    assert f"{one_year[1:]}; {note}" in result.stdout
    assert result.stdout.count(note) == 2  # the one-year sum and the whole period's
    other = words("nb" if lang == "nn" else "nn")
    assert other("overview.grants_left_out", pilots="Nordbygd") not in result.stdout


def test_no_note_when_every_pilot_records_the_grant(tmp_path: Path) -> None:
    """The note is there only when a pilot is left out: not a line of noise each week."""
    repo = pilot_repo(tmp_path / "a")
    edit(tmp_path / "a/pilots/testdalen/plans/2026.yaml", "  carry_over:", ONE_YEAR_GRANT)
    commit(repo, "Eit eittårig tilskot")
    result = invoke("overview", "-f", "text", "--lang", "nn", str(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    prefix = words("nn")("overview.grants_left_out", pilots="\0").split("\0")[0]
    assert prefix not in result.stdout


def test_a_sum_no_pilot_has_is_said_not_written_as_0(tmp_path: Path) -> None:
    """No pilot records a one-year grant: the totals say it is not recorded."""
    result = invoke(
        "overview", "-f", "text", "--lang", "nb", str(nordbygd_repo(tmp_path / "nordbygd"))
    )
    assert result.exit_code == 0, result.output
    w = words("nb")
    lines = result.stdout.splitlines()
    for key in ("overview.grants_one_year_none", "overview.grants_period_none"):
        text = w(key)
        assert f"  {text[:1].upper()}{text[1:]}" in lines


def test_the_workbook_keeps_the_unknown_grants_empty(sources: list[str], tmp_path: Path) -> None:
    out = tmp_path / "oversikt.xlsx"
    assert invoke("overview", "-o", str(out), *sources).exit_code == 0
    sheet = load_workbook(out).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    column = header.index(words("nn")("overview.grants_one_year_label"))
    assert rows["testdalen"][column] == 1_000_000
    assert rows["nordbygd"][column] is None


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_the_workbook_sums_the_grants_and_names_whom_each_sum_leaves_out(
    sources: list[str], tmp_path: Path, lang: str
) -> None:
    """The workbook had no grant totals at all: a ministry reader summing the grants sheet
    by hand was not told that Nordbygd records none."""
    out = tmp_path / f"oversikt-{lang}.xlsx"
    assert invoke("overview", "--lang", lang, "-o", str(out), *sources).exit_code == 0
    w = words(lang)
    sheet = load_workbook(out)[w("overview.grant_totals_sheet")]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows == [
        (
            w("overview.year"),
            w("overview.covers_period"),
            w("overview.amount"),
            w("overview.column.grants_summed"),
            w("overview.column.grants_left_out"),
        ),
        (2026, False, 1_000_000, "Testdalen", "Nordbygd"),
        (None, True, 18_000_000, "Testdalen", "Nordbygd"),
    ]
    assert sheet.freeze_panes == "B2"


def test_no_sheet_of_grant_totals_when_no_pilot_records_a_grant(tmp_path: Path) -> None:
    out = tmp_path / "oversikt.xlsx"
    assert invoke("overview", "-o", str(out), str(nordbygd_repo(tmp_path / "n"))).exit_code == 0
    assert words("nn")("overview.grant_totals_sheet") not in load_workbook(out).sheetnames
