"""``import plan`` of Word tables as municipalities lay them out: a table nested in a
measure's cell, budget columns headed by the year alone. Built with python-docx, imported
through the real CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_import_municipal import NEW_MEASURE, imported, plan, write_docx
from tests.test_import_plan import pilot_without_2026, refused_plan

SPLIT = [["Tiltaksmidlar", "100 000"], ["Eigne midlar", "50 000"]]


def _nested_budget(path: Path, deeper: bool) -> None:
    """A measures' table whose first budget cell holds a table of the amount by source
    (``deeper``: with a table nested in that one's first cell too)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Handlingsplan 2026")
    rows = [
        ["Nr", "Delmål", "Tiltak", "Budsjett 2026"],
        ["3.4", "3", NEW_MEASURE, "150 000"],
        ["3.5", "3", "Praksisplassar for ungdom", "200 000"],
    ]
    table = document.add_table(rows=len(rows), cols=4)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    inner = table.rows[1].cells[3].add_table(rows=2, cols=2)
    for row, values in zip(inner.rows, SPLIT, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    if deeper:
        inner.rows[0].cells[0].add_table(rows=1, cols=1).rows[0].cells[0].text = "merknad"
    document.save(str(path))


def _mentions(report: dict[str, Any], text: str) -> list[str]:
    told = [entry["message"] for entry in report["unplaced"]] + report["notices"]
    return [message for message in told if text in message]


def test_a_table_in_a_measures_cell_is_named_once(tmp_path: Path) -> None:
    """Named with its cell, and before that again as a table not read («tabell 2 … er
    ikkje lesen»), which says less: where it stands."""
    source = tmp_path / "handlingsplan.docx"
    _nested_budget(source, deeper=False)
    folder, report = imported(tmp_path, source)
    told = _mentions(report, "tabell")
    assert len(told) == 1, told
    assert "handlingsplan.docx:1:2: cella i kolonna «Budsjett 2026» har ein tabell" in told[0]
    assert plan(folder)["3.4"].budget[2026].state_measure_funds == 150000


def test_tables_nested_two_deep_in_a_measures_cell_are_named_once(tmp_path: Path) -> None:
    source = tmp_path / "handlingsplan.docx"
    _nested_budget(source, deeper=True)
    _, report = imported(tmp_path, source)
    told = _mentions(report, "tabell")
    assert len(told) == 1, told
    assert "merknad" in told[0]


YEARS = ["Nr", "Delmål", "Tiltak", "2025", "2026", "2027"]


def test_budget_columns_headed_by_the_year_alone_are_read_by_their_amounts(
    tmp_path: Path,
) -> None:
    """No title over the table says its year columns are budgets: their cells, amounts
    all, say so (before, each column was named as not read and the budgets lost). The
    funding source is assumed and said, as for «Budsjett 2026»."""
    source = tmp_path / "handlingsplan.docx"
    write_docx(
        source,
        [
            YEARS,
            ["3.4", "3", NEW_MEASURE, "100 000", "150 000", "-"],
            ["3.5", "3", "Praksisplassar for ungdom", None, "kr 200 000", "0,25 mill."],
            ["Sum", None, None, "100 000", "350 000", "250 000"],
        ],
    )
    folder, report = imported(tmp_path, source)
    measures = plan(folder)
    assert measures["3.4"].budget[2025].state_measure_funds == 100000
    assert measures["3.4"].budget[2026].state_measure_funds == 150000
    assert 2027 not in measures["3.4"].budget
    assert measures["3.5"].budget[2027].state_measure_funds == 250000
    assert [g for g in report["guesses"] if "«2026» er budsjett 2026" in g]
    assert not [u for u in report["unplaced"] if u["kind"] == "column"]


def test_year_columns_that_mark_the_years_a_measure_runs_are_no_budget(tmp_path: Path) -> None:
    source = tmp_path / "handlingsplan.docx"
    write_docx(source, [YEARS, ["3.4", "3", NEW_MEASURE, "x", "x", None]])
    folder, report = imported(tmp_path, source)
    assert plan(folder)["3.4"].budget == {}
    assert [u["text"] for u in report["unplaced"] if u["kind"] == "column"] == ["2025", "2026"]


def test_a_year_column_of_amounts_and_marks_is_refused_by_its_cell(tmp_path: Path) -> None:
    """Whether «x» beside amounts is a mark or a budget not yet written cannot be told."""
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.docx"
    write_docx(
        source,
        [
            YEARS,
            ["3.4", "3", NEW_MEASURE, None, "150 000", None],
            ["3.5", "3", "Praksisplassar for ungdom", None, "x", None],
        ],
    )
    output = refused_plan(folder, source)
    assert "handlingsplan.docx:1:3: «x» i kolonna «2026» er ikkje eit beløp" in output
    assert "«Budsjett 2026» i overskrifta" in output


@pytest.mark.parametrize(
    "label",
    ["Samla for delmålet", "Samlet for delmål 1", "Samla delmål 1", "SUM", "Totalt delmål 1"],
)
def test_a_sum_row_under_a_sub_goals_table_is_no_measure(tmp_path: Path, label: str) -> None:
    """«Samla for delmålet» under the measures was taken for a new measure 1.6 with the
    sum as its budget."""
    source = tmp_path / "handlingsplan.docx"
    write_docx(
        source,
        [
            ["Nr", "Tiltak", "Budsjett 2026"],
            ["Delmål 1: Fleire bustader"],
            ["1.5", "Tomter for utleigebustader i sentrum", "100 000"],
            [None, label, "100 000"],
        ],
    )
    folder, report = imported(tmp_path, source)
    assert [p["id"] for p in report["placed"]] == ["1.5"]
    assert "1.6" not in plan(folder)
    assert [u["text"] for u in report["unplaced"]][-1] == label


def test_a_table_under_a_heading_that_names_no_sub_goal_is_told_what_gives_one(
    tmp_path: Path,
) -> None:
    """«1. Fleire bustader» may be a chapter as well as delmål 1: not guessed, and the
    message names the heading that would give the rows their sub-goal."""
    import docx

    document = docx.Document()
    document.add_heading("1. Fleire bustader", level=2)
    table = document.add_table(rows=2, cols=3)
    for row, values in zip(
        table.rows, [["Nr", "Tiltak", "Budsjett 2026"], ["5", "Tomter", "100 000"]], strict=True
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    source = tmp_path / "handlingsplan.docx"
    document.save(str(source))
    output = refused_plan(pilot_without_2026(tmp_path), source)
    assert "handlingsplan.docx:1:2: fann ikkje delmålet til tiltaket" in output
    assert "ei overskrift «Delmål 1: …» over tabellen" in output


def _row_per_source(path: Path, sources: tuple[str, str]) -> None:
    """A measure over two rows, its number and title merged down, a row per funding
    source named in a «Finansieringskjelde» column beside one budget column."""
    import docx

    document = docx.Document()
    document.add_heading("Delmål 1: Fleire bustader", level=2)
    rows = [
        ["Nr", "Tiltak", "Finansieringskjelde", "Budsjett 2026"],
        ["1.5", "Tomter for utleigebustader i sentrum", sources[0], "100 000"],
        ["", "", sources[1], "50 000"],
        ["1.6", "Bustadrettleiing for tilflyttarar", sources[0], "20 000"],
    ]
    table = document.add_table(rows=len(rows), cols=4)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for position in (0, 1):
        table.rows[1].cells[position].merge(table.rows[2].cells[position]).text = rows[1][position]
    document.save(str(path))


def test_a_row_per_funding_source_named_in_a_source_column(tmp_path: Path) -> None:
    """Before, the second row was refused as a second amount for the same budget."""
    source = tmp_path / "handlingsplan.docx"
    _row_per_source(source, ("Tiltaksmidlar", "Eigne midlar"))
    folder, report = imported(tmp_path, source)
    measures = plan(folder)
    assert measures["1.5"].budget[2026].state_measure_funds == 100000
    assert measures["1.5"].budget[2026].own_funds == 50000
    assert measures["1.6"].budget[2026].state_measure_funds == 20000
    assert report["guesses"] == []
    assert report["unplaced"] == []


@pytest.mark.parametrize(
    ("written", "told"),
    [
        ("Kommunen", "«Kommunen» i kolonna «Finansieringskjelde» er inga kjend"),
        ("", "rada har eit beløp, men kolonna «Finansieringskjelde» seier ikkje kva kjelde"),
    ],
)
def test_a_source_cell_that_names_no_funding_source_is_refused(
    tmp_path: Path, written: str, told: str
) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.docx"
    _row_per_source(source, ("Tiltaksmidlar", written))
    assert f"handlingsplan.docx:1:3: {told}" in refused_plan(folder, source)


def test_a_row_whose_source_has_a_column_of_its_own_beside_is_refused(tmp_path: Path) -> None:
    """«Eigne midlar» in the source column and an amount under «Eigne midlar 2026» too:
    which is the measure's own funds cannot be told (one would be written over)."""
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.docx"
    write_docx(
        source,
        [
            ["Nr", "Delmål", "Tiltak", "Kjelde", "Budsjett 2026", "Eigne midlar 2026"],
            [
                "1.5",
                "1",
                "Tomter for utleigebustader i sentrum",
                "Eigne midlar",
                "100 000",
                "5 000",
            ],
        ],
    )
    output = refused_plan(folder, source)
    assert (
        "handlingsplan.docx:1:2: «5 000» i kolonna «Eigne midlar 2026» er for ei kjelde" in output
    )
