"""``import plan`` of three action plans laid out as municipalities write them, built here
in Word and Excel and imported through the real CLI: every measure, amount and source
read as the table says, and every row not taken over named with what it was read as."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.test_import_municipal import imported, plan

BUSTAD = "Tomter for utleigebustader i sentrum"
ETABLERAR = "Gründerverkstad for ungdom"
LAERLING = "Lærlingplassar i helse og omsorg"


def _word_table_per_goal(path: Path) -> None:
    """A table per delmål under its heading; a header of two rows («Budsjett 2026»
    merged over its sources, «Nr», «Tiltak», «Ansvarleg» and «Merknad» merged down); a
    sum row at the bottom; an empty column at the right; amounts as text («kr 400 000,-»)."""
    import docx

    document = docx.Document()
    document.add_heading("Handlingsplan 2026 – Vest-Telemark", level=1)
    goals = {
        "Delmål 1: Fleire bustader": [
            ("1.5", BUSTAD, "Vinje", "kr 400 000,-", "100 000"),
            ("1.6", "Bustadrettleiing for tilflyttarar", "Seljord", "150 000", "-"),
        ],
        "Delmål 2: Fleire arbeidsplassar": [("2.5", ETABLERAR, "Tokke", "300 000", "50 000")],
    }
    for heading, rows in goals.items():
        document.add_heading(heading, level=2)
        table = document.add_table(rows=len(rows) + 3, cols=7)
        top, below = table.rows[0].cells, table.rows[1].cells
        for position, text in [(0, "Nr"), (1, "Tiltak"), (2, "Ansvarleg"), (5, "Merknad")]:
            top[position].merge(below[position]).text = text
        top[3].merge(top[4]).text = "Budsjett 2026"
        below[3].text, below[4].text = "Tiltaksmidlar", "Eigne midlar"
        for row, values in zip(table.rows[2:], rows, strict=False):
            for cell, value in zip(row.cells, values, strict=False):
                cell.text = value
        sums = table.rows[-1].cells
        sums[1].text, sums[3].text = f"Sum {heading.split(':')[0].lower()}", "450 000"
    document.save(str(path))


def test_a_word_table_per_sub_goal_under_its_heading_with_a_two_row_header(
    tmp_path: Path,
) -> None:
    source = tmp_path / "handlingsplan.docx"
    _word_table_per_goal(source)
    folder, report = imported(tmp_path, source)
    assert [(p["id"], p["source"]) for p in report["placed"]] == [
        ("1.5", "1:3"),
        ("1.6", "1:4"),
        ("2.5", "2:3"),
    ]
    measures = plan(folder)
    assert measures["1.5"].responsible == "vinje"
    assert (
        measures["1.5"].budget[2026].state_measure_funds,
        measures["1.5"].budget[2026].own_funds,
    ) == (400000, 100000)
    assert measures["1.6"].budget[2026].own_funds is None
    assert measures["2.5"].budget[2026].own_funds == 50000
    assert [u["text"] for u in report["unplaced"]] == ["Sum delmål 1", "Sum delmål 2"]
    assert report["guesses"] == []
    assert report["notices"] == []


def _workbook_by_source(path: Path) -> None:
    """Title lines over a header of two rows in merged cells, a column per source under
    «Budsjett 2026» and beside it, amounts as text cells (a no-break space between the
    thousands, as Excel's own format writes them), a «Totalt» row, and a column with no
    header at the right that one row writes in."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Handlingsplan 2026"
    rows: list[list[Any]] = [
        ["Handlingsplan 2026 for Vest-Telemark"],
        ["Vedteke i regionrådet 12.12.2025"],
        [],
        ["Nr", "Delmål", "Tiltak", "Budsjett 2026", None, None, None],
        [None, None, None, "Tiltaksmidlar", "Kommunal eigenandel", "Tilskot frå fylkeskommunen"],
        ["1.5", "1", BUSTAD, "400\u00a0000", "100 000", None, None],
        ["2.5", "2", ETABLERAR, "300 000", None, "25 000", None],
        ["3.4", "3", LAERLING, "90 000", "10 000", "0", "sjå vedlegg"],
        [None, None, "Totalt", "790 000", "110 000", "25 000", None],
    ]
    for row in rows:
        sheet.append(row)
    for column in "ABC":
        sheet.merge_cells(f"{column}4:{column}5")
    sheet.merge_cells("D4:F4")
    book.save(str(path))


def test_a_workbook_with_a_column_per_funding_source_and_amounts_as_text(tmp_path: Path) -> None:
    """«Kommunal eigenandel» and «Tilskot frå fylkeskommunen» were named as columns not
    read, and their amounts left out of the plan."""
    source = tmp_path / "handlingsplan.xlsx"
    _workbook_by_source(source)
    folder, report = imported(tmp_path, source)
    measures = plan(folder)
    assert measures["1.5"].budget[2026].state_measure_funds == 400000
    assert measures["1.5"].budget[2026].own_funds == 100000
    assert measures["2.5"].budget[2026].other_grants == 25000
    assert (measures["3.4"].budget[2026].own_funds, measures["3.4"].budget[2026].other_grants) == (
        10000,
        0,
    )
    told = [(u["kind"], u["source"]) for u in report["unplaced"]]
    assert told == [("row", "Handlingsplan 2026:9"), ("column", "Handlingsplan 2026:8")]
    assert "kolonne G har ingen overskrift" in report["unplaced"][1]["message"]


def _word_years_in_thousands(path: Path) -> None:
    """One table: the delmål as rows merged across it, a column per year headed by the
    year alone, the unit in a note above («Alle tal i tusen kroner»), a sum row, and an
    empty column at the right."""
    import docx

    document = docx.Document()
    document.add_paragraph("Handlingsplan 2026–2027")
    document.add_paragraph("Alle tal i tusen kroner")
    rows = [
        ["Nr", "Tiltak", "Ansvarleg", "2026", "2027", ""],
        ["Delmål 1: Fleire bustader"],
        ["1.5", BUSTAD, "Vinje", "400", "200", ""],
        ["Delmål 3: Kompetanse"],
        ["4", LAERLING, "Nissedal", "90", "", ""],
        ["", "Sum", "", "490", "200", ""],
    ]
    table = document.add_table(rows=0, cols=6)
    for values in rows:
        cells = table.add_row().cells
        if len(values) == 1:
            cells[0].merge(cells[-1]).text = values[0]
            continue
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    document.save(str(path))


def test_a_word_table_with_sub_goal_rows_and_a_column_per_year_in_thousands(
    tmp_path: Path,
) -> None:
    """The heading rows were listed as rows «with no title», not taken over: they are
    said to be read as the sub-goal of the rows under them."""
    source = tmp_path / "handlingsplan.docx"
    _word_years_in_thousands(source)
    folder, report = imported(tmp_path, source)
    measures = plan(folder)
    assert measures["1.5"].budget[2026].state_measure_funds == 400000
    assert measures["1.5"].budget[2027].state_measure_funds == 200000
    assert (measures["3.4"].sub_goal, measures["3.4"].title) == (3, LAERLING)
    assert measures["3.4"].budget[2026].state_measure_funds == 90000
    messages = [u["message"] for u in report["unplaced"]]
    heading = "rada «Delmål 1: Fleire bustader» er lesen som overskrift for delmål 1"
    assert f"handlingsplan.docx:1:2: {heading}" in messages[0]
    assert "1:4: rada «Delmål 3: Kompetanse» er lesen som overskrift for delmål 3" in messages[1]
    assert "1:6: «Sum 490 200» er ei sumrad" in messages[2]
    assert len(messages) == 3
    assert sum("tusen kroner" in guess for guess in report["guesses"]) == 2


def _three_row_header_xlsx(path: Path) -> None:
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tiltak"
    for row in THREE_ROWS:
        sheet.append(row)
    sheet.merge_cells("D1:G1")
    sheet.merge_cells("D2:E2")
    sheet.merge_cells("F2:G2")
    for column in "ABC":
        sheet.merge_cells(f"{column}1:{column}3")
    book.save(str(path))


def _three_row_header_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=len(THREE_ROWS), cols=7)
    for row, values in zip(table.rows, THREE_ROWS, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            if value is not None:
                cell.text = str(value)
    cells = [row.cells for row in table.rows]
    cells[0][3].merge(cells[0][6])
    cells[1][3].merge(cells[1][4])
    cells[1][5].merge(cells[1][6])
    for position in range(3):
        cells[0][position].merge(cells[2][position]).text = str(THREE_ROWS[0][position])
    document.save(str(path))


THREE_ROWS: list[list[Any]] = [
    ["Nr", "Delmål", "Tiltak", "Budsjett", None, None, None],
    [None, None, None, "2026", None, "2027", None],
    [None, None, None, "Tiltaksmidlar", "Eigne midlar", "Tiltaksmidlar", "Eigne midlar"],
    ["3.4", "3", LAERLING, "90 000", "10 000", "50 000", "5 000"],
]


@pytest.mark.parametrize("build", [_three_row_header_xlsx, _three_row_header_docx])
def test_a_header_of_three_rows_budget_over_years_over_sources(
    tmp_path: Path, build: Callable[[Path], None]
) -> None:
    """«Budsjett» over «2026» and «2027», each over its sources: before, the third header
    row was read as a measure and refused («Nr» is no number)."""
    source = tmp_path / ("handlingsplan.xlsx" if build is _three_row_header_xlsx else "plan.docx")
    build(source)
    folder, report = imported(tmp_path, source)
    budget = plan(folder)["3.4"].budget
    assert (budget[2026].state_measure_funds, budget[2026].own_funds) == (90000, 10000)
    assert (budget[2027].state_measure_funds, budget[2027].own_funds) == (50000, 5000)
    assert report["unplaced"] == []
