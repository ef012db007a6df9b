"""Finding an action plan's tables (``import plan``).

A table is found by its header row (read by ``plan_headers``), wherever it stands; a Word
table without one goes on from the table before, and a workbook's sheets for other years
are left out. What is not read is listed by ``plan_report``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.importer import ocr
from bygdevekst_cli.importer.plan_cells import goal_heading, norm
from bygdevekst_cli.importer.plan_headers import (
    KEYS,
    SURE_HEADER,
    YEAR,
    UnitNote,
    budget_years,
    header_columns,
    header_like,
    header_scale,
    heads_table,
    hidden_fields,
    hidden_to_leave,
    joined_header,
    named_twice,
    number_beside_title,
    spanning,
    sub_header,
    total_columns,
    unit_note,
    unread_headers,
    years_of_amounts,
)
from bygdevekst_cli.importer.tables import Cell, Row
from bygdevekst_cli.models import Language


def repair_ocr(
    tables: list[list[Row]], language: Language
) -> tuple[list[list[Row]], dict[tuple[str, str], int]]:
    """OCR repair of the text cells, as for an agreement: only when the table as a whole
    shows scanning damage; every change counted."""
    texts = [cell for rows in tables for row in rows for cell in row.cells if isinstance(cell, str)]
    if not ocr.damaged("\n".join(texts), language):
        return tables, {}
    changes: Counter[tuple[str, str]] = Counter()

    def fixed(cell: Cell) -> Cell:
        if not isinstance(cell, str):
            return cell
        repaired = ocr.repair(cell, language)
        changes.update(repaired.changes)
        return repaired.text

    def lines(row: Row) -> dict[int, tuple[str, ...]]:
        """A cell's lines repaired as the cell is (counted once, with the cell)."""
        return {
            i: tuple(ocr.repair(line, language).text for line in cell)
            for i, cell in row.lines.items()
        }

    repaired = [
        [replace(row, cells=tuple(fixed(c) for c in row.cells), lines=lines(row)) for row in rows]
        for rows in tables
    ]
    return repaired, dict(changes)


@dataclass
class PlanTable:
    """A table of measures: its rows under the header, and what the header says."""

    rows: list[Row]
    columns: dict[int, str]
    """Position → the field (or ``budget.<year>.<source>``) its column holds."""
    guesses: list[tuple[str, int]]
    headers: dict[str, str]
    """Field → the header it is read from, for messages."""
    header_rows: tuple[tuple[Cell, ...], ...] = ()
    """The header's row (or two or three rows) as the file holds them."""
    header_where: str = ""
    """Where the header row stands, for messages."""
    goal: int | None = None
    """The sub-goal a heading row above the header names («Delmål 2: …»), if one does."""
    left_out: list[tuple[int, str]] = field(default_factory=list)
    """The hidden columns not read although their header names a field: position, header."""
    header: tuple[Cell, ...] = ()
    """The header's cells as the columns are read from them (two rows joined into one)."""
    hidden: frozenset[int] = frozenset()
    """The positions of the hidden columns left out (named by ``left_out``)."""
    unread: list[tuple[int, str]] = field(default_factory=list)
    """The columns with a header that names no field («Merknad»), or one an earlier column
    is read for: position, header. Not read, so to be named once."""
    unit: UnitNote | None = None
    """A note beside the table that gives its amounts' unit («Alle tal i tusen kroner»)."""
    continues: str = ""
    """A Word table without a header row of its own that goes on from the one before (read
    by its header, ``name``): its number."""
    title: str = ""
    """A sheet's title over its header («Handlingsplan 2025» on a sheet named «Ark2»)."""

    def scales(self) -> dict[str, tuple[int, str]]:
        """Budget field → what its column counts in (1000: «(i 1000 kr)», see ``header_scale``;
        else the unit of the note beside the table) and its header, the lower header row's
        words with the upper's («Budsjett 2026» over «Tiltaksmidlar (tkr)»), for the
        columns not in kroner."""
        found = {
            name: (header_scale(str(self.header[i])), str(self.header[i]))
            for i, name in self.columns.items()
            if name.startswith("budget.") and i < len(self.header)
        }
        if self.unit is not None:
            found = {n: (s if s != 1 else self.unit.scale, h) for n, (s, h) in found.items()}
        return {name: scale for name, scale in found.items() if scale[0] != 1}

    def unheaded(self, row: Row) -> list[int]:
        """The positions of the row's filled cells that stand under no header (an empty
        header cell, or right of the header's last): not read, so to be named."""
        return [
            i
            for i, cell in enumerate(row.cells)
            if cell is not None
            and i not in self.columns
            and i not in self.hidden
            and (i >= len(self.header) or self.header[i] is None)
        ]

    @property
    def budget_only(self) -> bool:
        """Whether the table holds only the measures' budgets, by their number, id or title
        (a budget table beside the table of measures): its rows are joined to the measures
        they name (``plan_join``)."""
        fields = set(self.columns.values())
        budgets = {name for name in fields if name.startswith("budget.")}
        return bool(budgets) and fields - budgets <= KEYS

    @property
    def name(self) -> str:
        """The sheet the table is on (``Ark1`` of ``Ark1:12``); a Word table's number."""
        return self.header_where.rpartition(":")[0]

    def year(self) -> int | None:
        """The one year the sheet's name names («2026», «Handlingsplan 2026»), else the one
        its title names (a sheet named «Ark2»), if any."""
        years = set(YEAR.findall(self.name)) or set(YEAR.findall(self.title))
        return int(years.pop()) if len(years) == 1 else None

    def measures(self) -> list[Row]:
        """The rows under the header, without the header repeated further down (typed
        again at each page break, or left in when tables were pasted together)."""
        return [row for row in self.rows if not self._repeats_header(row)]

    def _repeats_header(self, row: Row) -> bool:
        """Whether each of the row's (at least two) cells is the header's cell above it."""
        filled = [(i, c) for i, c in enumerate(row.cells) if c is not None]
        return len(filled) >= 2 and all(
            any(i < len(h) and h[i] is not None and norm(h[i]) == norm(c) for h in self.header_rows)
            for i, c in filled
        )


def _unit_above(found: list[PlanTable], suffix: str) -> UnitNote | None:
    """The unit a note gave a Word table above, which holds for the tables after it (a
    table per sub-goal under one «Alle tal i tusen kroner»); a sheet has its own."""
    return found[-1].unit if found and suffix == ".docx" else None


def find_tables(
    tables: list[list[Row]],
    overrides: dict[str, str],
    year: int,
    display: str,
    say: Any,
    suffix: str,
) -> list[PlanTable]:
    """Every table with a header row that names a measure's title, wherever it stands
    (under a title block, a logo, notes): its rows after it (refused when it names one
    budget twice, see ``named_twice``). A note that begins with a header's words is no header
    (``header_like``).

    A header of two rows (a merged «Budsjett 2026» over «Tiltaksmidlar» and «Eigne midlar»)
    is read as one: each lower cell joined to the upper cell it stands under; a third row
    under it likewise («Budsjett» over «2026» and «2027», each over its sources). A Word table
    without a header row right after a plan's table of its width goes on from it (``_goes_on``).
    """
    found: list[PlanTable] = []
    for rows in tables:
        headed = len(found)
        for index, row in enumerate(rows):
            years = budget_years(rows[:index], row, suffix) or years_of_amounts(
                row, rows, index, overrides, year, f"{display}:", say
            )
            hidden = hidden_to_leave(row, overrides)
            not_read = hidden | total_columns(row.cells, overrides, year, years)
            columns, guesses = header_columns(row.cells, overrides, year, not_read, years)
            if not heads_table(columns):
                continue
            if len(columns) < SURE_HEADER and not header_like(row, columns):
                continue
            cells, start = row.cells, index + 1
            header_rows: tuple[tuple[Cell, ...], ...] = (row.cells,)
            below = rows[start] if start < len(rows) else None
            while below is not None and sub_header(cells, below.cells, columns):
                cells, start = joined_header(cells, below.cells), start + 1
                not_read = hidden | total_columns(cells, overrides, year, years)
                columns, guesses = header_columns(cells, overrides, year, not_read, years)
                header_rows = (*header_rows, below.cells)
                below = rows[start] if start < len(rows) else None
            twice = named_twice(cells, columns, overrides, year, not_read, years)
            if twice is not None:
                field, first, second = twice
                raise UserError(
                    say(
                        "cli.import.plan_amounts_twice",
                        file=f"{display}:{row.where}",
                        field=field,
                        first=first,
                        second=second,
                    )
                )
            columns = number_beside_title(columns, cells, rows[start:])
            spans = spanning(cells)
            headers = {name: str(spans[i]) for i, name in columns.items()}
            goals = [g for g in map(goal_heading, rows[:index]) if g is not None]
            found.append(
                PlanTable(
                    rows[start:],
                    columns,
                    guesses,
                    headers,
                    header_rows,
                    row.where,
                    goals[-1] if goals else None,
                    hidden_fields(cells, hidden, overrides, year, years),
                    cells,
                    hidden,
                    unread_headers(cells, columns, hidden),
                    unit_note([*rows[:index], *rows[start:]]) or _unit_above(found, suffix),
                    title=_title(rows[:index]) if suffix != ".docx" else "",
                )
            )
            break
        if len(found) == headed and suffix == ".docx" and (rest := _goes_on(found, rows)):
            found.append(rest)
    return found


def _title(rows: list[Row]) -> str:
    """The title over a sheet's header: the first row above it of one text cell."""
    alone = ([c for c in row.cells if c is not None] for row in rows)
    return next((cells[0] for cells in alone if len(cells) == 1 and isinstance(cells[0], str)), "")


def _goes_on(found: list[PlanTable], rows: list[Row]) -> PlanTable | None:
    """A Word table without a header row read as the rest of the plan's table before it:
    the document's next table, as wide (a table broken in two at a page break, its header
    not typed again). Before, its measures were left out without a word."""
    if not found or not rows:
        return None
    last = found[-1]
    number, before = rows[-1].where.partition(":")[0], last.continues or last.name
    if not (number.isdigit() and before.isdigit()) or int(number) != int(before) + 1:
        return None
    if max(len(row.cells) for row in rows) != len(last.header):
        return None
    return replace(last, rows=rows, left_out=[], continues=number)


def this_years(found: list[PlanTable], year: int) -> tuple[list[PlanTable], list[PlanTable]]:
    """The tables to read, and those left out: in a workbook with a sheet per year (one of
    them named or titled for the plan's year, another for another year), only the plan
    year's sheet is read. The sheets for other years are those years' plans; read too, their
    measures would be taken into this year's plan. A sheet for no year beside them sums up
    the years («Oppsummering», a column per year): read too, each measure was refused as on
    two rows. Where no other year is named, every sheet is read (a sheet per sub-goal).
    Where the plan year's sheets hold budgets alone («Budsjett 2026» beside «Budsjett
    2027»), the sheets of measures for no year are read with them: they are the measures
    those budgets are joined to (``plan_join``), no summary."""
    years = {table.year() for table in found} - {None}
    if year not in years or len(years) == 1:
        return found, []
    read = [table for table in found if table.year() == year]
    if all(table.budget_only for table in read):
        read = [t for t in found if t in read or (t.year() is None and not t.budget_only)]
    return read, [table for table in found if table not in read]
