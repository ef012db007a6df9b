"""A pilot named after its municipalities («Engerdal, Trysil, Våler og Åmot») in a list of
pilots: the reader could not tell where one pilot ended and the next began («… og Åmot og
Vestre Varanger»). Such a name is given in «» in running text; other names are not."""

from __future__ import annotations

from pathlib import Path

import git
import pytest
from openpyxl import load_workbook

from bygdevekst_cli.language import words
from tests.gitrepo import commit, pilot_repo
from tests.helpers import REPO, edit, invoke
from tests.test_overview_grant_totals import ONE_YEAR_GRANT, nordbygd_repo

LIST_LIKE = "Engerdal, Trysil og Åmot"


@pytest.fixture
def sources(tmp_path: Path) -> list[str]:
    """Testdalen with grants and a plan; two pilots without a plan in repositories of
    their own, one of them named as a list."""
    repo = pilot_repo(tmp_path / "testdalen")
    edit(tmp_path / "testdalen/pilots/testdalen/plans/2026.yaml", "  carry_over:", ONE_YEAR_GRANT)
    commit(repo, "Eit eittårig tilskot")
    listed = nordbygd_repo(tmp_path / "listed", name=LIST_LIKE)
    edit(listed / "pilots/nordbygd/pilot.yaml", "id: nordbygd", "id: fjellkommunane")
    commit(git.Repo(listed), "Nytt id")
    plain = nordbygd_repo(tmp_path / "plain")
    return [str(tmp_path / "testdalen"), str(listed), str(plain)]


@pytest.mark.parametrize("lang", ["nn", "nb"])
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_name_that_reads_as_a_list_is_quoted_in_a_list(
    sources: list[str], lang: str, fmt: str
) -> None:
    result = invoke("overview", "-f", fmt, "--lang", lang, *sources)
    assert result.exit_code == 0, result.output
    w = words(lang)
    both = w.join([w("overview.quoted_name", name=LIST_LIKE), "Nordbygd"])
    assert w("overview.grants_left_out", pilots=both) in result.stdout
    assert w("overview.quoted_name", name="Nordbygd") not in result.stdout


def test_the_workbook_quotes_it_in_a_list_of_pilots(sources: list[str], tmp_path: Path) -> None:
    out = tmp_path / "oversikt.xlsx"
    assert invoke("overview", "--lang", "nb", "-o", str(out), *sources).exit_code == 0
    w = words("nb")
    sheet = load_workbook(out)[w("overview.plan_year_sheet")]
    without = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert without == [w.join([w("overview.quoted_name", name=LIST_LIKE), "Nordbygd"])]
    # its own cell in the pilots' sheet is the name as it is
    names = [row[1] for row in load_workbook(out).worksheets[0].iter_rows(values_only=True)]
    assert LIST_LIKE in names


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_a_party_name_that_reads_as_a_list_is_quoted_among_others(
    tmp_path: Path, lang: str
) -> None:
    """Vest-Telemark's 2026 plan awaits eight parties, the ministry among them: «… Telemark
    fylkeskommune og Kommunal- og distriktsdepartementet» did not say how many there were."""
    out = tmp_path / "oversikt.xlsx"
    result = invoke("overview", "--lang", lang, "-o", str(out), str(REPO / "pilots/vest-telemark"))
    assert result.exit_code == 0, result.output
    w = words(lang)
    sheet = load_workbook(out).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    awaiting = sheet.cell(2, header.index(w("overview.column.plan_awaiting")) + 1).value
    ministry = w("overview.quoted_name", name="Kommunal- og distriktsdepartementet")
    assert awaiting.startswith("Fyresdal kommune, Kviteseid kommune, ")
    assert awaiting.endswith(ministry)  # the last of the list, in «»
    assert awaiting.count("«") == 1  # the municipalities and the county as they are
