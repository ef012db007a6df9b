"""``import plan``: amounts as municipalities write them in Word and Excel cells, read to
whole kroner where the writing says one amount, refused by file, table or sheet, row and
column where it says two (never a guess)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_import_municipal import NEW_MEASURE, imported, plan, write_docx, write_xlsx
from tests.test_import_plan import pilot_without_2026, refused_plan

HEADER = ["Nr", "Delmål", "Tiltak", "Budsjett 2026"]

READ = {
    "1.5 mill": 1_500_000,
    "1,5 mill.": 1_500_000,
    "1,5 millionar": 1_500_000,
    "1,5 millioner": 1_500_000,
    "kr 1,5 mill": 1_500_000,
    "kr 1.25 mill.": 1_250_000,
    "250'": 250_000,
    "250 tusen": 250_000,
    "250 000,-": 250_000,
    "250 000,–": 250_000,  # Word's autocorrect makes «,-» a dash
    "kr 250 000": 250_000,
    "kr 250\u00a0000,-": 250_000,
    "250.000": 250_000,
}


def _source(tmp_path: Path, suffix: str, cell: str) -> Path:
    source = tmp_path / f"handlingsplan{suffix}"
    rows = [HEADER, ["3.4", "3", NEW_MEASURE, cell]]
    if suffix == ".xlsx":
        write_xlsx(source, {"Tiltak": [["Handlingsplan 2026"], [], *rows]})
    else:
        write_docx(source, rows)
    return source


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
@pytest.mark.parametrize("written", sorted(READ))
def test_an_amount_written_in_one_way_is_read(tmp_path: Path, written: str, suffix: str) -> None:
    """«1.5 mill» and «250 000,–» were refused as no whole kroner: a period before one or
    two digits is no group of thousands, and a dash after the comma is «,-»."""
    folder, _ = imported(tmp_path, _source(tmp_path, suffix, written))
    assert plan(folder)["3.4"].budget[2026].state_measure_funds == READ[written]


@pytest.mark.parametrize(
    ("suffix", "where"), [(".docx", "1:2"), (".xlsx", "Tiltak:4")], ids=["docx", "xlsx"]
)
@pytest.mark.parametrize("written", ["1.500 mill", "kr 1.000 mill.", "1,500,000", "2.500'"])
def test_an_amount_that_reads_two_ways_is_refused_by_its_cell(
    tmp_path: Path, written: str, suffix: str, where: str
) -> None:
    """«1.500 mill» is 1,5 or 1 500 millions: refused, naming the file, the table or
    sheet, the row and the column, and how to write it (before: «no whole kroner»)."""
    folder = pilot_without_2026(tmp_path)
    output = refused_plan(folder, _source(tmp_path, suffix, written))
    assert f"handlingsplan{suffix}:{where}: «{written}» i kolonna «Budsjett 2026»" in output
    assert "kan lesast på to måtar" in output
    assert "«1,5 mill.»" in output


def test_a_period_before_three_digits_in_a_column_of_thousands_is_refused(
    tmp_path: Path,
) -> None:
    """In a column counted in thousands «12.500» is 12,5 or 12 500 thousands: before, it
    was read as 12 500 000 kroner without a word."""
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.xlsx"
    rows = [
        ["Nr", "Delmål", "Tiltak", "Budsjett 2026 (i 1000 kr)"],
        ["3.4", "3", NEW_MEASURE, "12.500"],
    ]
    write_xlsx(source, {"Tiltak": rows})
    output = refused_plan(folder, source)
    assert "handlingsplan.xlsx:Tiltak:2: «12.500» i kolonna «Budsjett 2026 (i 1000 kr)»" in output
    assert "kan lesast på to måtar" in output


@pytest.mark.parametrize(
    ("written", "kroner"), [("12,5", 12_500), ("12.5", 12_500), ("1 200", 1_200_000)]
)
def test_a_decimal_in_a_column_of_thousands(tmp_path: Path, written: str, kroner: int) -> None:
    source = tmp_path / "handlingsplan.docx"
    write_docx(
        source,
        [
            ["Nr", "Delmål", "Tiltak", "Budsjett 2026 (i 1000 kr)"],
            ["3.4", "3", NEW_MEASURE, written],
        ],
    )
    folder, _ = imported(tmp_path, source)
    assert plan(folder)["3.4"].budget[2026].state_measure_funds == kroner
