"""``import plan`` of measures in one table (or sheet) and their budgets in another, keyed by
the measure's number or title, laid out as municipalities write them: a merged title over
a header on row 2, «Sum» rows, thousands with spaces, «kr 1 000 000», «1,5 mill.». Each file
is built here (python-docx, openpyxl) and imported through the real command line into
Vest-Telemark without plans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli.loader import load_yaml
from tests.helpers import kr, run_cli, vest_telemark_without_plans
from tests.test_import_municipal import write_xlsx

MEASURES = [
    ["Nr", "Delmål", "Tiltak", "Ansvarleg"],
    ["1.1", 1, "Bustadstrategi for regionen", "Tokke"],
    ["1.2", 1, "Kompetansesirkel for næringslivet", None],
    ["2.1", 2, "Etablerartenesta i Vest-Telemark", None],
]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    return vest_telemark_without_plans(tmp_path)


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook of ``sheets`` (name → rows), each with a title merged over its header,
    which stands on row 2."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append([f"Handlingsplan 2026 – {name}"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        for row in rows:
            sheet.append(row)
    book.save(str(path))
    return path


def document(path: Path, tables: list[list[list[Any]]]) -> Path:
    """A Word file of ``tables``, each under a heading, with a title cell merged across the
    table's first row and the header on row 2."""
    import docx

    word = docx.Document()
    for rows in tables:
        word.add_paragraph("Handlingsplan 2026")
        width = len(rows[0])
        table = word.add_table(rows=1, cols=width)
        title = table.cell(0, 0).merge(table.cell(0, width - 1))
        title.text = "Vest-Telemark – tiltak og budsjett"
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = "" if value is None else str(value)
    word.save(str(path))
    return path


def imported(folder: Path, source: Path) -> tuple[int, str]:
    return run_cli("import", "plan", str(source), "--pilot", str(folder), "--year", "2026")


def written(folder: Path, source: Path) -> tuple[dict[str, dict[str, Any]], str]:
    """The measures of the plan written from ``source``, by id, and what the import said
    (validation after writing fails in this copy, which has no 2026 grants: exit 0 or 1)."""
    code, output = imported(folder, source)
    assert code in (0, 1) and "Skreiv " in output and "Traceback" not in output, output
    data = load_yaml(folder / "plans" / "2026.yaml").data
    return {str(m["id"]): m for m in data["measures"]}, output


def refused(folder: Path, source: Path) -> str:
    code, output = imported(folder, source)
    assert code == 1, output
    assert "Traceback" not in output
    assert not (folder / "plans" / "2026.yaml").exists()
    return flat(output)


def flat(text: str) -> str:
    """``text`` on one line, its spaces (no-break spaces too) one space each."""
    return " ".join(text.split())


def test_a_budget_sheet_is_joined_to_the_measures_sheet_by_number(
    tmp_path: Path, folder: Path
) -> None:
    budget = [
        ["Nr", "Tiltaksmidlar 2026", "Eigne midlar 2026"],
        ["1.1", "1 000 000", "kr 250 000"],
        ["1.2", "1,5 mill.", None],
        ["2.1", 300000, "-"],
        ["Sum", "2 800 000", "250 000"],
    ]
    source = workbook(tmp_path / "plan.xlsx", {"Tiltak": MEASURES, "Budsjett": budget})
    measures, output = written(folder, source)
    assert sorted(measures) == ["1.1", "1.2", "2.1"]
    assert measures["1.1"]["budget"][2026] == {
        "state_measure_funds": 1_000_000,
        "own_funds": 250_000,
    }
    assert measures["1.2"]["budget"][2026] == {"state_measure_funds": 1_500_000}
    assert measures["2.1"]["budget"][2026] == {"state_measure_funds": 300_000}  # «-»: unknown
    assert measures["1.1"]["title"] == "Bustadstrategi for regionen"
    assert measures["1.1"]["responsible"] == "tokke"
    assert "arket «Budsjett»" in output and "3 rader" in output


def test_a_budget_table_in_word_is_joined_by_title(tmp_path: Path, folder: Path) -> None:
    budget = [
        ["Tiltak", "Budsjett 2026"],
        ["Kompetansesirkel for næringslivet", "kr 150 000"],
        ["bustadstrategi  for regionen", "1 200 000"],
        ["Sum", "1 350 000"],
    ]
    source = document(tmp_path / "plan.docx", [MEASURES, budget])
    measures, output = written(folder, source)
    assert sorted(measures) == ["1.1", "1.2", "2.1"]
    assert measures["1.1"]["budget"][2026] == {"state_measure_funds": 1_200_000}
    assert measures["1.2"]["budget"][2026] == {"state_measure_funds": 150_000}
    assert "budget" not in measures["2.1"]  # no amount given: none written, never 0
    assert "tabell 2" in output


def test_a_budget_table_before_the_measures_is_joined_too(tmp_path: Path, folder: Path) -> None:
    budget = [["Nr", "Budsjett 2026"], ["2.1", "400 000"]]
    source = workbook(tmp_path / "plan.xlsx", {"Budsjett": budget, "Tiltak": MEASURES})
    measures, _ = written(folder, source)
    assert sorted(measures) == ["1.1", "1.2", "2.1"]
    assert measures["2.1"]["budget"][2026] == {"state_measure_funds": 400_000}


def test_different_amounts_in_two_sheets_are_refused_naming_both_rows(
    tmp_path: Path, folder: Path
) -> None:
    rows = [[*MEASURES[0], "Budsjett 2026"], [*MEASURES[1], "400 000"], [*MEASURES[2], None]]
    budget = [["Nr", "Tiltak", "Budsjett 2026"], ["1.1", "Bustadstrategi", "kr 450 000"]]
    source = workbook(tmp_path / "plan.xlsx", {"Tiltak": rows, "Budsjett": budget})
    output = refused(folder, source)
    assert "plan.xlsx: tiltak 1.1" in output
    assert flat(f"{kr(400_000)} (state_measure_funds, 2026) i arket «Tiltak», rad 3") in output
    assert flat(f"{kr(450_000)} i arket «Budsjett», rad 3") in output


def test_different_amounts_in_two_word_tables_are_refused_naming_both_rows(
    tmp_path: Path, folder: Path
) -> None:
    rows = [[*MEASURES[0], "Budsjett 2026"], [*MEASURES[1], "1 000 000"], [*MEASURES[2], None]]
    budget = [["Nr", "Budsjett 2026"], ["Sum", "1 000 000"], ["1.1", "1,2 mill."]]
    source = document(tmp_path / "plan.docx", [rows, budget])
    output = refused(folder, source)
    assert flat(f"{kr(1_000_000)} (state_measure_funds, 2026) i tabell 1, rad 3") in output
    assert flat(f"{kr(1_200_000)} i tabell 2, rad 4") in output


def test_the_same_amount_in_both_tables_is_no_conflict(tmp_path: Path, folder: Path) -> None:
    rows = [[*MEASURES[0], "Budsjett 2026"], [*MEASURES[1], 400000], [*MEASURES[2], None]]
    budget = [["Nr", "Budsjett 2026", "Eigne midlar 2026"], ["1.1", "400 000", "50 000"]]
    source = workbook(tmp_path / "plan.xlsx", {"Tiltak": rows, "Budsjett": budget})
    measures, _ = written(folder, source)
    assert measures["1.1"]["budget"][2026] == {"state_measure_funds": 400_000, "own_funds": 50_000}


def test_a_budget_row_for_no_measure_is_refused_by_its_row(tmp_path: Path, folder: Path) -> None:
    budget = [["Nr", "Budsjett 2026"], ["1.1", "100 000"], ["3.7", "200 000"]]
    source = workbook(tmp_path / "plan.xlsx", {"Tiltak": MEASURES, "Budsjett": budget})
    output = refused(folder, source)
    assert "plan.xlsx:Budsjett:4: budsjettrada for tiltak «3.7»" in output


def test_a_table_per_sub_goal_is_still_read_as_measures(tmp_path: Path, folder: Path) -> None:
    """Two tables of «Nr», «Tiltak», «Budsjett» with different measures: no budget table
    beside a table of measures, each row its own measure, as before."""
    first = [["Nr", "Tiltak", "Budsjett 2026"], ["1.1", "Bustadstrategi", "100 000"]]
    second = [["Nr", "Tiltak", "Budsjett 2026"], ["2.1", "Etablerartenesta", "200 000"]]
    measures, _ = written(folder, document(tmp_path / "plan.docx", [first, second]))
    assert sorted(measures) == ["1.1", "2.1"]
    assert measures["2.1"]["budget"][2026] == {"state_measure_funds": 200_000}


def test_a_word_table_not_read_is_named_with_why(tmp_path: Path, folder: Path) -> None:
    contacts = [["Kommune", "Kontaktperson"], ["Tokke", "Kari Nordmann"], ["Vinje", "Ola Li"]]
    source = document(tmp_path / "plan.docx", [contacts, MEASURES])
    measures, output = written(folder, source)
    assert sorted(measures) == ["1.1", "1.2", "2.1"]
    assert "plan.docx: tabell 1 (4 rader) er ikkje lesen: ho har inga overskriftsrad" in output
    assert output.count("er ikkje lesen") == 1  # the table of measures is read


def test_a_sheet_not_read_is_named_and_an_empty_one_is_not(tmp_path: Path, folder: Path) -> None:
    notes = [["Merknad"], ["Budsjettet blir vedteke i juni"]]
    source = workbook(tmp_path / "plan.xlsx", {"Notat": notes, "Tiltak": MEASURES})
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.load_workbook(str(source))
    book.create_sheet("Ark3")
    book.save(str(source))
    code, output = run_cli(
        "import", "plan", str(source), "--pilot", str(folder), "--year", "2026",
        "--dry-run", "--format", "json",
    )  # fmt: skip
    assert code == 0, output
    notices = json.loads(output)["notices"]
    assert notices == [
        f"{source.as_posix()}: arket «Notat» (3 rader) er ikkje lese: det har inga "
        "overskriftsrad med tittel på tiltak (t.d. «Tiltak») eller nummer og budsjett; "
        "bruk --map om det skal vere med"
    ]


@pytest.mark.parametrize("header", ["Tiltaksnamn", "Tiltaksnavn"])
@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_tiltaksnamn_heads_the_title_column(
    tmp_path: Path, folder: Path, header: str, kind: str
) -> None:
    rows = [["Nr", "Delmål", header, "Budsjett 2026"], ["1.1", 1, "Bustadstrategi", "kr 100 000"]]
    path = tmp_path / f"plan.{kind}"
    source = workbook(path, {"Tiltak": rows}) if kind == "xlsx" else document(path, [rows])
    measures, _ = written(folder, source)
    assert measures["1.1"]["title"] == "Bustadstrategi"
    assert measures["1.1"]["budget"][2026] == {"state_measure_funds": 100_000}


def test_year_columns_of_a_budget_sheet_are_those_years_budgets(
    tmp_path: Path, folder: Path
) -> None:
    """A sheet «Budsjett» of «Nr», «Tiltak», «2025», «2026» (the years typed as numbers or
    as text): each year column is that year's budget, its source assumed and said so."""
    budget = [
        ["Nr", "Tiltak", 2025, "2026"],
        ["1.1", "Bustadstrategi for regionen", 500000, "1 000 000"],
        ["1.2", "Kompetansesirkel for næringslivet", None, "kr 200 000"],
        ["Sum", None, 500000, 1200000],
    ]
    source = workbook(tmp_path / "plan.xlsx", {"Tiltak": MEASURES, "Budsjett": budget})
    measures, output = written(folder, source)
    assert sorted(measures) == ["1.1", "1.2", "2.1"]
    assert measures["1.1"]["budget"] == {
        2025: {"state_measure_funds": 500_000},
        2026: {"state_measure_funds": 1_000_000},
    }
    assert measures["1.2"]["budget"] == {2026: {"state_measure_funds": 200_000}}
    assert "kolonna «2026» er budsjett 2026" in output


def test_year_columns_beside_measures_are_named_not_read_as_amounts(
    tmp_path: Path, folder: Path
) -> None:
    """«2025», «2026» beside the measures on a sheet that says nothing of budgets may mark
    the years a measure runs: not read as amounts, and named as not read."""
    rows = [[*MEASURES[0], "2025", "2026"], [*MEASURES[1], "x", "x"]]
    measures, output = written(folder, workbook(tmp_path / "plan.xlsx", {"Ark1": rows}))
    assert "budget" not in measures["1.1"]
    assert "kolonne F «2026» er ikkje lesen" in output


def test_columns_in_another_order_under_an_empty_first_row(tmp_path: Path, folder: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tiltak"
    sheet.append([])
    sheet.append(["Tiltaksmidlar 2026", "Tiltak", "Ansvarleg", "Delmål", "Nr"])
    sheet.append(["1 000 000", "Bustadstrategi for regionen", "Tokke", 1, "1.1"])
    sheet.append(["kr 250 000", "Kompetansesirkel for næringslivet", None, 1, "1.2"])
    budget = book.create_sheet("Budsjett")
    budget.append([])
    budget.append(["Eigne midlar 2026", "Nr"])
    budget.append(["1,5 mill.", "1.2"])
    book.save(str(tmp_path / "plan.xlsx"))
    measures, _ = written(folder, tmp_path / "plan.xlsx")
    assert sorted(measures) == ["1.1", "1.2"]
    assert measures["1.1"]["responsible"] == "tokke"
    assert measures["1.2"]["budget"][2026] == {
        "state_measure_funds": 250_000,
        "own_funds": 1_500_000,
    }


def test_a_numbered_row_is_joined_by_its_number_not_by_a_like_title(
    tmp_path: Path, folder: Path
) -> None:
    """Tables per sub-goal: «2.3 Kompetanse» in the budget table is not measure 1.3 of the
    same title; it is a measure of its own, and 1.3 keeps no amount it was not given."""
    measures_table = [["Nr", "Tiltak", "Ansvarleg"], ["1.3", "Kompetanse", "Tokke"]]
    second = [["Nr", "Tiltak", "Budsjett 2026"], ["2.3", "Kompetanse", "100 000"]]
    measures, _ = written(folder, document(tmp_path / "plan.docx", [measures_table, second]))
    assert sorted(measures) == ["1.3", "2.3"]
    assert "budget" not in measures["1.3"]
    assert measures["2.3"]["budget"][2026] == {"state_measure_funds": 100_000}


def test_a_budget_sheet_per_year_is_joined_to_the_measures_sheet(
    tmp_path: Path, folder: Path
) -> None:
    """«Tiltak» beside «Budsjett 2026» and «Budsjett 2027», no titles: the plan year's budget
    sheet is joined to the measures; the other year's is named as not read."""
    sheets = {
        "Tiltak": MEASURES,
        "Budsjett 2026": [["Nr", "Tiltaksmidlar"], ["1.1", "100 000"]],
        "Budsjett 2027": [["Nr", "Tiltaksmidlar"], ["1.1", "900 000"]],
    }
    write_xlsx(tmp_path / "plan.xlsx", sheets)  # no title rows
    measures, output = written(folder, tmp_path / "plan.xlsx")
    assert sorted(measures) == ["1.1", "1.2", "2.1"]
    assert measures["1.1"]["budget"] == {2026: {"state_measure_funds": 100_000}}
    assert "arket «Budsjett 2027» er for eit anna år enn 2026" in output


def test_a_joined_budget_row_the_sheet_hides_is_named(tmp_path: Path, folder: Path) -> None:
    budget = [["Nr", "Budsjett 2026"], ["1.1", "100 000"], ["1.2", "200 000"]]
    source = workbook(tmp_path / "plan.xlsx", {"Tiltak": MEASURES, "Budsjett": budget})
    import openpyxl

    book = openpyxl.load_workbook(str(source))
    book["Budsjett"].row_dimensions[4].hidden = True  # the row of 1.2
    book.save(str(source))
    code, output = run_cli(
        "import", "plan", str(source), "--pilot", str(folder), "--year", "2026",
        "--dry-run", "--format", "json",
    )  # fmt: skip
    assert code == 0, output
    report = json.loads(output)
    assert report["hidden_rows"] == ["Budsjett:4"]
    joined = {placed["id"]: placed["budget_rows"] for placed in report["placed"]}
    assert joined == {"1.1": ["Budsjett:3"], "1.2": ["Budsjett:4"], "2.1": []}


def test_a_titled_budget_row_for_no_measure_is_listed_as_not_placed(
    tmp_path: Path, folder: Path
) -> None:
    """«Ufordelt reserve» in the budget table names no measure and has no sub-goal: not a
    measure, and its amount is named as not taken over, never dropped without a word."""
    budget = [["Tiltak", "Budsjett 2026"], ["Ufordelt reserve", "100 000"]]
    source = workbook(tmp_path / "plan.xlsx", {"Tiltak": MEASURES, "Budsjett": budget})
    measures, output = written(folder, source)
    assert sorted(measures) == ["1.1", "1.2", "2.1"]
    assert (
        "plan.xlsx:Budsjett:3: budsjettrada «Ufordelt reserve» høyrer ikkje til noko tiltak"
        in output
    )


def test_two_rows_of_a_budget_sheet_for_one_measure_are_refused(
    tmp_path: Path, folder: Path
) -> None:
    """A row per funding source, the source in a column the import does not read: the same
    amount twice is no proof of one amount, so neither is taken."""
    budget = [
        ["Nr", "Kjelde", "Beløp 2026"],
        ["1.1", "Tiltaksmidlar", "50 000"],
        ["1.1", "Eigne midlar", "50 000"],
    ]
    source = workbook(tmp_path / "plan.xlsx", {"Tiltak": MEASURES, "Budsjett": budget})
    output = refused(folder, source)
    assert "plan.xlsx:Budsjett:4: tiltak 1.1 står alt på rad Budsjett:3" in output


def test_a_sub_goal_summary_without_titles_is_named_not_read(tmp_path: Path, folder: Path) -> None:
    """«Nr | Delmål | Budsjett 2026» with a sub-goal's name in each row sums up the
    sub-goals: not read as budgets of measures, and named as a table not read."""
    summary = [["Nr", "Delmål", "Budsjett 2026"], ["1", "Bustad", "500 000"]]
    measures, output = written(folder, document(tmp_path / "plan.docx", [MEASURES, summary]))
    assert sorted(measures) == ["1.1", "1.2", "2.1"]
    assert all("budget" not in measure for measure in measures.values())
    assert "tabell 2 (3 rader) er ikkje lesen" in output
