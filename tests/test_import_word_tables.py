"""``import plan`` of Word tables as municipalities lay them out: a table nested in a
measure's cell, budget columns headed by the year alone. Built with python-docx, imported
through the real CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.test_import_municipal import NEW_MEASURE, imported, plan

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
