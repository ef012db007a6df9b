"""What an action plan's import tells the user it did not read (``import plan``): the
columns under no header or under one that names no field, the tables and sheets without
a plan's header, another year's sheet, and the rows with hidden text; each entry of the
JSON ``unplaced`` with where it stands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bygdevekst_cli.findings import cut
from bygdevekst_cli.importer.plan_cells import column_letter, shown_cell
from bygdevekst_cli.importer.plan_headers import period_budget
from bygdevekst_cli.importer.tables import Row

if TYPE_CHECKING:
    from bygdevekst_cli.importer.plan_rows import RowMeasure
    from bygdevekst_cli.importer.plan_table import PlanTable


def hidden_text(tables: list[PlanTable], display: str, say: Any) -> list[str]:
    """A notice for each row of a Word plan table with hidden text left out, naming the
    table and the row (``<table>:<row>``): Word hides it, but someone wrote it there."""
    return [
        say("cli.import.plan_hidden_text", file=display, table=table, row=row)
        for table, row in (r.where.split(":", 1) for t in tables for r in t.rows if r.hidden_text)
    ]


def unread_tables(
    tables: list[list[Row]],
    found: list[PlanTable],
    display: str,
    say: Any,
    suffix: str,
    named: frozenset[str] = frozenset(),
) -> list[str]:
    """A notice for each Word table or sheet with something in it that no plan table was
    read from, by its number or name: it has no header row the importer knows (a table of
    contacts, notes, a budget under headers it does not know). Before, such a table was
    left out without a word, and a measure in it lost. The tables ``named`` with the cell
    they stand in (a budget by source in a measure's cell) are not named again."""
    read = {table.continues or table.name for table in found} | named
    notices: list[str] = []
    for rows in tables:
        filled = [row for row in rows if any(cell is not None for cell in row.cells)]
        name = filled[0].where.rpartition(":")[0] if filled else ""
        if not name or name in read:
            continue
        key = (
            "cli.import.plan_unread_table" if suffix == ".docx" else "cli.import.plan_unread_sheet"
        )
        notices.append(say.plural(key, len(filled), file=display, table=name))
    return notices


def unheaded(
    table: PlanTable, read: list[RowMeasure], display: str, say: Any, suffix: str
) -> list[dict[str, Any]]:
    """A note for each column with a value under no header in a row read as a measure,
    at its first such row (with the value): that column is not read, and unknown is never
    dropped without a word. Word tables name a column by its number, sheets by letter."""
    measures = {m.where for m in read}
    first: dict[int, Row] = {}
    for row in table.rows:
        if row.where in measures:
            for position in table.unheaded(row):
                first.setdefault(position, row)
    return [
        unplaced(
            "column",
            say(
                "cli.import.plan_no_header",
                file=display,
                row=row.where,
                column=_column_name(position, suffix),
                value=cut(shown_cell(row, position)),
            ),
            shown_cell(row, position),
            row.where,
        )
        for position, row in sorted(first.items())
    ]


def unread_columns(
    table: PlanTable, read: list[RowMeasure], display: str, say: Any, suffix: str, year: int
) -> list[dict[str, Any]]:
    """A note for each column of ``table`` not read for its header («Merknad») that holds
    something in a row read as a measure, once per table at its header row: what it holds
    is not in the plan, never without a word (an empty one loses nothing). A budget over
    more than one year is said to be one, with how to read it as the plan year's."""
    measures = {m.where for m in read}
    filled = {
        i
        for row in table.rows
        if row.where in measures
        for i, cell in enumerate(row.cells)
        if cell is not None
    }
    return [
        unplaced(
            "column",
            say(
                "cli.import.plan_years_column"
                if period_budget(header)
                else "cli.import.plan_unread_column",
                file=display,
                row=table.header_where,
                column=_column_name(position, suffix),
                header=header,
                year=year,
            ),
            header,
            table.header_where,
        )
        for position, header in table.unread
        if position in filled
    ]


def unplaced(kind: str, message: str, text: str, source: str) -> dict[str, Any]:
    """One entry of the import's JSON ``unplaced``: what was not placed in the plan, where."""
    return {"kind": kind, "message": message, "text": text, "source": source}


def _column_name(position: int, suffix: str) -> str:
    """A column as the file names it: Word tables by number, sheets by letter."""
    return str(position + 1) if suffix == ".docx" else column_letter(position)


def other_year(table: PlanTable, display: str, year: int, say: Any) -> dict[str, Any]:
    """The note on a sheet left out as another year's, or as a summary beside the year's."""
    key = "cli.import.plan_other_year" if table.year() else "cli.import.plan_summary_sheet"
    message = say(key, file=display, sheet=table.name, year=year)
    return unplaced("sheet", message, table.name, table.name)
