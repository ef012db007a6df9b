"""``import plan`` on spreadsheets as municipalities and their tools save them (round 2):
LibreOffice's stored formula errors, formulas a web tool wrote without computing them,
dates and shares as cells hold them. Each file is built here (odfpy, openpyxl, bytes) and
imported through the real command line into Vest-Telemark without plans; a value that
cannot be read is named with its file, sheet and row, never read as 0 or left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli.loader import load_yaml
from tests.helpers import vest_telemark_without_plans
from tests.test_import_cells import HEADER, imported, plan_measures, refused, report


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Vest-Telemark without plans: the import makes the pilot's first plan."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    return vest_telemark_without_plans(tmp_path)


CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"


def ods(path: Path, rows: list[list[Any]]) -> Path:
    """A LibreOffice sheet «Ark1» of ``rows``: text and numbers as LibreOffice stores them,
    ``None`` an empty cell, odfpy cells (``TableCell``) as given."""
    from odf.opendocument import OpenDocumentSpreadsheet  # type: ignore[import-untyped]
    from odf.table import Table, TableCell, TableRow  # type: ignore[import-untyped]
    from odf.text import P  # type: ignore[import-untyped]

    document = OpenDocumentSpreadsheet()
    table = Table(name="Ark1")
    for values in rows:
        row = TableRow()
        for value in values:
            if value is None or not isinstance(value, (str, int, float)):
                row.addElement(TableCell() if value is None else value)
                continue
            number = not isinstance(value, str)
            cell = TableCell(valuetype="float", value=str(value)) if number else TableCell()
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def ods_formula(
    formula: str, value: str | None = None, shown: str = "", error: bool = False
) -> Any:
    """A formula cell: with the number LibreOffice computed (``value``), as LibreOffice
    stores an error (the number 0, marked, showing «#DIV/0!»), or without a value at all,
    as a program that does not compute writes it."""
    from odf.table import TableCell
    from odf.text import P

    cell = TableCell(formula=formula)
    if value is not None:
        cell.setAttribute("valuetype", "float")
        cell.setAttribute("value", value)
    if error:
        cell.setAttrNS(CALCEXT, "value-type", "error")
    if shown:
        cell.addElement(P(text=shown))
    return cell


# --- formulas: an error LibreOffice stored, a value never computed -------------------------


@pytest.mark.parametrize(("column", "error"), [(3, "#DIV/0!"), (2, "Err:502")])
def test_an_ods_formulas_error_is_refused_not_read_as_0(
    tmp_path: Path, folder: Path, column: int, error: str
) -> None:
    """LibreOffice stores a failed formula as the number 0 with a mark of its own beside
    what it shows: before, the measure got a budget of 0 kr (or «0» as its title)."""
    row: list[Any] = ["1.1", 1, "Bustader for unge", 1000]
    row[column] = ods_formula("of:=1/0", "0", error, error=True)
    output = refused(folder, ods(tmp_path / "plan.ods", [HEADER, row]))
    name = HEADER[column]
    assert f"plan.ods:Ark1:2: kolonna «{name}» viser feilen «{error}» frå ein formel" in output


def test_an_ods_formula_never_computed_is_refused_not_left_out(
    tmp_path: Path, folder: Path
) -> None:
    """A sheet a web tool wrote holds the formula and no value: before, the cell was read as
    empty and the measure written without its budget, saying nothing."""
    rows = [HEADER, ["1.1", 1, "Bustader for unge", ods_formula("of:=[.B2]*1000")]]
    output = refused(folder, ods(tmp_path / "plan.ods", rows))
    assert "plan.ods:Ark1:2: kolonna «Budsjett 2026» har formelen «=[.B2]*1000»" in output


def test_an_ods_formula_with_its_value_is_the_value(tmp_path: Path, folder: Path) -> None:
    rows = [HEADER, ["1.1", 1, "Bustader for unge", ods_formula("of:=[.B2]*1000", "1000", "1000")]]
    measures = plan_measures(folder, ods(tmp_path / "plan.ods", rows))
    assert measures["1.1"]["budget"][2026]["state_measure_funds"] == 1000


def test_an_array_formula_never_computed_is_refused_not_left_out(
    tmp_path: Path, folder: Path
) -> None:
    """An array formula (Ctrl+Shift+Enter) a program wrote without its value: before, the
    cell was read as empty and the measure written without its budget, saying nothing."""
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.worksheet.formula import ArrayFormula  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Ark1"
    for row in (HEADER, ["1.1", 1, "Bustader for unge", None]):
        sheet.append(row)
    sheet["D2"] = ArrayFormula("D2", "=SUM(B2:B2*1000)")
    book.save(str(tmp_path / "plan.xlsx"))
    output = refused(folder, tmp_path / "plan.xlsx")
    assert "plan.xlsx:Ark1:2: kolonna «Budsjett 2026» har formelen «=SUM(B2:B2*1000)»" in output


@pytest.mark.parametrize("size", ["A1", "A1:C2"])
def test_a_workbook_stating_a_size_too_small_is_read_whole(
    tmp_path: Path, folder: Path, size: str
) -> None:
    """Programs that write workbooks may state their sheet's size as «A1»: before, what lay
    beyond it was read as empty, measure 1.2 and every budget lost without a word (or, for
    «A1», no table found)."""
    import re
    import zipfile

    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Ark1"
    for row in (HEADER, ["1.1", 1, "Bustader for unge", 1000], ["1.2", 1, "Tomter", 2000]):
        sheet.append(row)
    book.save(str(tmp_path / "written.xlsx"))
    with (
        zipfile.ZipFile(tmp_path / "written.xlsx") as written,
        zipfile.ZipFile(tmp_path / "plan.xlsx", "w") as stated,
    ):
        for item in written.infolist():
            data = written.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"/>', f'<dimension ref="{size}"/>'.encode(), data
                )
            stated.writestr(item, data)
    measures = plan_measures(folder, tmp_path / "plan.xlsx")
    assert {i: m["budget"][2026]["state_measure_funds"] for i, m in measures.items()} == {
        "1.1": 1000,
        "1.2": 2000,
    }


# --- dates as the cells hold them -------------------------------------------------------------


def ods_date(day: str, shown: str) -> Any:
    """An OpenDocument date cell: its day, and what its format shows."""
    from odf.table import TableCell
    from odf.text import P

    cell = TableCell(valuetype="date", datevalue=day)
    cell.addElement(P(text=shown))
    return cell


@pytest.mark.parametrize("shown", ["15.03.26", "15. mars 2026", "mars 2026"])
def test_an_ods_date_cell_gives_its_year_whatever_it_shows(
    tmp_path: Path, folder: Path, shown: str
) -> None:
    """LibreOffice's Norwegian date format shows «15.03.26»: before, the start was refused
    as no number though the cell holds its day (2026-03-15)."""
    header = ["Nr", "Delmål", "Tiltak", "Start", "Slutt", "Budsjett 2026"]
    start, end = ods_date("2026-03-15", shown), ods_date("2027-12-31T00:00:00", "31.12.27")
    rows = [header, ["1.1", 1, "Bustader for unge", start, end, 1000]]
    measure = plan_measures(folder, ods(tmp_path / "plan.ods", rows))["1.1"]
    assert (measure["start_year"], measure["end_year"]) == (2026, 2027)


@pytest.mark.parametrize(
    "period", ["01.03.2026–31.12.2027", "1.3.2026 - 31.12.2027", "mars 2026 – desember 2027"]
)
def test_a_period_written_in_days_or_months_gives_its_years(
    tmp_path: Path, folder: Path, period: str
) -> None:
    """Before, a period of two days or months was refused as no period, though «Start» and
    «Slutt» read the year of a day."""
    header = ["Nr", "Delmål", "Tiltak", "Periode", "Budsjett 2026"]
    rows = [header, ["1.1", 1, "Bustader for unge", period, 1000]]
    measure = plan_measures(folder, ods(tmp_path / "plan.ods", rows))["1.1"]
    assert (measure["start_year"], measure["end_year"]) == (2026, 2027)


def test_one_day_as_a_period_is_refused(tmp_path: Path, folder: Path) -> None:
    """A day alone says neither when the measure starts nor when it ends."""
    header = ["Nr", "Delmål", "Tiltak", "Periode", "Budsjett 2026"]
    rows = [header, ["1.1", 1, "Bustader for unge", "15.03.2026", 1000]]
    output = refused(folder, ods(tmp_path / "plan.ods", rows))
    assert "plan.ods:Ark1:2: «15.03.2026» er ikkje ein periode" in output


def test_a_total_row_labelled_summer_in_the_number_column_is_a_sum_row(
    tmp_path: Path, folder: Path
) -> None:
    """Before, «Summer» under the numbers stopped the import: «the row has no title»."""
    rows = [HEADER, ["1.1", 1, "Bustader for unge", 1000], ["Summer", None, None, 1000]]
    result = report(folder, ods(tmp_path / "plan.ods", rows))
    assert [p["id"] for p in result["placed"]] == ["1.1"]
    assert [(u["kind"], u["source"], u["text"]) for u in result["unplaced"]] == [
        ("row", "Ark1:3", "Summer")
    ]


# --- CSV as Norwegian Excel saves it -----------------------------------------------------------


def test_a_measure_number_with_a_decimal_comma_from_a_csv_is_the_number(
    tmp_path: Path, folder: Path
) -> None:
    """Norwegian Excel writes the number cell 1.1 as «1,1» in a CSV file (cp1252, «;»):
    before, each was refused as no number."""
    lines = ["Nr;Delmål;Tiltak;Budsjett 2026", "1,1;1;Bustader på Øyfjell;1 000", "1,2;1;Tomter;"]
    source = tmp_path / "plan.csv"
    source.write_bytes("\r\n".join(lines).encode("cp1252"))
    measures = plan_measures(folder, source)
    assert [(i, m["number"], m["title"]) for i, m in measures.items()] == [
        ("1.1", 1, "Bustader på Øyfjell"),
        ("1.2", 2, "Tomter"),
    ]


@pytest.mark.parametrize(("column", "error"), [(2, "#VERDI!"), (3, "#I/T"), (2, "#NAVN?")])
def test_a_formulas_error_as_norwegian_excel_shows_it_is_refused(
    tmp_path: Path, folder: Path, column: int, error: str
) -> None:
    """A CSV file holds what the cell showed, and Norwegian Excel names its errors in
    Norwegian: before, «#VERDI!» became a measure's title."""
    cells = ["1,1", "1", "Bustader", "1 000"]
    cells[column] = error
    source = tmp_path / "plan.csv"
    source.write_bytes(
        "\r\n".join(["Nr;Delmål;Tiltak;Budsjett 2026", ";".join(cells)]).encode("cp1252")
    )
    output = refused(folder, source)
    name = HEADER[column]
    assert f"plan.csv:2: kolonna «{name}» viser feilen «{error}» frå ein formel" in output


# --- Word plans -------------------------------------------------------------------------------


def test_a_table_in_a_measures_cell_is_named_not_lost(tmp_path: Path, folder: Path) -> None:
    """The budget split by source in a table of its own inside the «Budsjett 2026» cell:
    before, the measure was written without a budget and nothing was said."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=4)
    for values in (HEADER, ["1.1", "1", "Bustader for unge", ""], ["1.2", "1", "Tomter", "500"]):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    inner = table.rows[1].cells[3].add_table(rows=2, cols=2)
    for index, (source, amount) in enumerate([("Tiltaksmidlar", "100 000"), ("Eigne", "5 000")]):
        inner.cell(index, 0).text, inner.cell(index, 1).text = source, amount
    document.save(str(tmp_path / "plan.docx"))
    result = report(folder, tmp_path / "plan.docx")
    assert [(p["id"], p["source"]) for p in result["placed"]] == [("1.1", "1:2"), ("1.2", "1:3")]
    text = "Tiltaksmidlar 100 000; Eigne 5 000"
    assert [(u["kind"], u["source"], u["text"]) for u in result["unplaced"]] == [
        ("table", "1:2", text)
    ]
    assert result["unplaced"][0]["message"].endswith(
        f"plan.docx:1:2: cella i kolonna «Budsjett 2026» har ein tabell i seg som ikkje er lesen"
        f" («{text}»); skriv det han seier i cella, eller i kolonnar for seg"
    )


def _heading_changed(path: Path) -> Path:
    """A Word table of measures without a «Delmål» column under the heading «Delmål 2: …»,
    changed from «Delmål 1» with tracked changes on."""
    import docx
    from docx.oxml import parse_xml

    names = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    stamp = 'w:author="Kari" w:date="2026-03-01T10:00:00Z"'
    document = docx.Document()
    heading = document.add_paragraph("Delmål ")
    heading._p.append(
        parse_xml(f'<w:del {names} w:id="1" {stamp}><w:r><w:delText>1</w:delText></w:r></w:del>')
    )
    heading._p.append(parse_xml(f'<w:ins {names} w:id="2" {stamp}><w:r><w:t>2</w:t></w:r></w:ins>'))
    heading.add_run(": Næring")
    table = document.add_table(rows=0, cols=3)
    for values in (["Nr", "Tiltak", "Budsjett 2026"], ["1", "Næringshage", "3 000"]):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    document.save(str(path))
    return path


def test_a_tracked_change_in_the_heading_a_word_table_takes_its_sub_goal_from(
    tmp_path: Path, folder: Path
) -> None:
    """Before, the import read the heading as changed («Delmål 2») and said nothing, as if
    the change were accepted; the table's own changes stop it."""
    output = refused(folder, _heading_changed(tmp_path / "plan.docx"))
    assert (
        "plan.docx: fila har spora endringar som ikkje er godtekne (1 innsetting, 1 sletting)"
        in output
    )


@pytest.mark.parametrize(("changes", "goal"), [("accept", 2), ("reject", 1)])
def test_a_heading_with_tracked_changes_accepted_or_rejected(
    tmp_path: Path, folder: Path, changes: str, goal: int
) -> None:
    source = _heading_changed(tmp_path / "plan.docx")
    code, output = imported(folder, source, "--changes", changes)
    assert code in (0, 1)  # 1: this copy of the pilot does not validate (no 2026 grants)
    assert "Skreiv " in output, output
    measures = load_yaml(folder / "plans" / "2026.yaml").data["measures"]
    assert [(m["id"], m["sub_goal"]) for m in measures] == [(f"{goal}.1", goal)]
