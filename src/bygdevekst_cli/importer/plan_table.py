"""Finding an action plan's tables and reading their headers (``import plan``).

A table is found by its header row, its columns mapped to a measure's fields by the
header's words in Nynorsk and Bokmål or by ``--map``; a header of two rows is read as one,
sums and hidden columns are left out and named, and what is not read is listed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.findings import cut
from bygdevekst_cli.importer import matching, ocr
from bygdevekst_cli.importer.amounts import MILLION_KRONER, THOUSAND_KRONER, Ambiguous, read_kroner
from bygdevekst_cli.importer.headings import named_goal
from bygdevekst_cli.importer.tables import Cell, Row
from bygdevekst_cli.models import Language
from bygdevekst_cli.models.plan import FundingSource

if TYPE_CHECKING:
    from bygdevekst_cli.importer.plan_rows import RowMeasure

_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(matching.patterns("plan.headers").items())
_SOURCES: tuple[tuple[FundingSource, re.Pattern[str]], ...] = tuple(
    (FundingSource(source), pattern)
    for source, pattern in matching.patterns("plan.sources").items()
)
_BUDGET = matching.pattern("plan.budget")
_BUDGET_ALONE = matching.pattern("plan.budget_alone")
_INTERNAL = matching.pattern("plan.internal")
_TOTAL = matching.pattern("plan.total")
_YEAR = re.compile(r"\b(20\d\d)\b")
_YEARS = matching.pattern("plan.years")
_BARE_YEAR = re.compile(r"^20\d\d$")
"""A header that is a year alone: a budget's, in a table of budgets (``_budget_years``)."""
_HEADER_THOUSANDS = matching.pattern("plan.header_thousands")
_HEADER_MILLIONS = matching.pattern("plan.header_millions")
_UNIT_NOTE = matching.pattern("plan.unit_note")
_NOTHING = matching.pattern("plan.nothing")
NUMBER = re.compile(r"^(\d{1,2})[.,](\d{1,3})\.?$")
"""A measure's number «1.2», or «1,2» as Norwegian Excel writes the number 1.2 in a CSV file."""
LABELLED_NUMBER = matching.pattern("plan.labelled_number")
KEYS = frozenset({"id", "number", "title", "sub_goal"})
"""The fields by which a budget table's row names its measure."""
_SURE_HEADER = 3
"""A row naming this many fields is a header; one naming fewer must look like one."""
_HEADER_LENGTH = 60
_HEADER_WORDS = 8
"""The longest header cell («Samla budsjett 2026 (i 1000 kr)»): a longer text is a note."""


def hidden_text(tables: list[PlanTable], display: str, say: Any) -> list[str]:
    """A notice for each row of a Word plan table with hidden text left out, naming the
    table and the row (``<table>:<row>``): Word hides it, but someone wrote it there."""
    return [
        say("cli.import.plan_hidden_text", file=display, table=table, row=row)
        for table, row in (r.where.split(":", 1) for t in tables for r in t.rows if r.hidden_text)
    ]


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


def column_letter(position: int) -> str:
    """A spreadsheet's name for the column at ``position`` (0-based): A, …, Z, AA, …"""
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def shown_cell(row: Row, position: int) -> str:
    """The cell at ``position`` as the sheet shows it («35 %»), for messages."""
    return row.shown.get(position, str(row.cells[position]))


def goal_heading(row: Row) -> int | None:
    """The sub-goal a row names when it is a group's heading: its one cell «Delmål 2: …»."""
    filled = [cell for cell in row.cells if cell is not None]
    if len(filled) != 1 or not isinstance(filled[0], str):
        return None
    return named_goal(filled[0])


def numeral(value: Cell) -> bool:
    """Whether a cell reads as a measure's or sub-goal's number («3», «1.2»), not as text."""
    text = str(value).strip()
    return isinstance(value, (int, float)) or text.isdigit() or bool(NUMBER.match(text))


def norm(text: object) -> str:
    return " ".join(str(text).lower().replace("\n", " ").split()).strip(" :")


def header_scale(header: str) -> int:
    """What a budget column's numbers are counted in, by its header: 1000 for «Budsjett
    2026 (i 1000 kr)» or «tkr», a million for «(mill. kr)», else 1 (kroner)."""
    text = norm(header)
    if _HEADER_THOUSANDS.search(text):
        return THOUSAND_KRONER
    return MILLION_KRONER if _HEADER_MILLIONS.search(text) else 1


def _column(
    header: Cell, overrides: dict[str, str], year: int, years: bool = False
) -> tuple[str | None, bool]:
    """The field a header stands for, and whether its funding source is assumed. With
    ``years`` (a table of budgets by its sheet's name or title) a header that is a year
    alone («2026») is that year's budget."""
    if header is None:
        return None, False
    text = norm(header)
    if text in overrides:
        return overrides[text], False
    if _INTERNAL.search(text):  # «Status (intern)»: the office's own notes, no field
        return None, False
    if years and _BARE_YEAR.match(text):
        return f"budget.{text}.{FundingSource.STATE_MEASURE_FUNDS.value}", True
    found_year = _YEAR.search(text)
    source = next((s for s, pattern in _SOURCES if pattern.search(text)), None)
    if source is not None or (_BUDGET.search(text) and found_year) or _BUDGET_ALONE.match(text):
        if _period_budget(text):  # named to the user as such (``unread_columns``)
            return None, False
        budget_year = int(found_year[1]) if found_year else year
        chosen = source or FundingSource.STATE_MEASURE_FUNDS
        return f"budget.{budget_year}.{chosen.value}", source is None
    return next((name for name, pattern in _HEADERS if pattern.search(text)), None), False


def _period_budget(header: Cell) -> bool:
    """Whether a header is a budget's over more than one year («Budsjett 2026–2028»,
    «Tiltaksmidlar 2026/27», «… 2025 og 2026»): its amounts are a period's, and a budget
    line is one year's."""
    text = norm(header)
    budget = _BUDGET.search(text) or any(pattern.search(text) for _, pattern in _SOURCES)
    return bool(budget and _YEARS.search(text))


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
    """The header's row (or two rows) as the file holds them."""
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
    unit: _UnitNote | None = None
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
        years = set(_YEAR.findall(self.name)) or set(_YEAR.findall(self.title))
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


@dataclass(frozen=True)
class _UnitNote:
    scale: int
    text: str
    where: str


def _unit_note(rows: list[Row]) -> _UnitNote | None:
    """The first cell of ``rows`` that gives the unit of a table's amounts in thousands or
    millions of kroner, as a title block or a note under the table does («Alle tal i tusen
    kroner»). Before, the amounts under it were read as kroner without a word."""
    for row in rows:
        for cell in row.cells:
            if isinstance(cell, str) and _UNIT_NOTE.match(cell) and header_scale(cell) != 1:
                return _UnitNote(header_scale(cell), cell, row.where)
    return None


def _unit_above(found: list[PlanTable], suffix: str) -> _UnitNote | None:
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
    budget twice, see ``_twice``). A note that begins with a header's words is no header
    (``_header_like``).

    A header of two rows (a merged «Budsjett 2026» over «Tiltaksmidlar» and «Eigne midlar»)
    is read as one: each lower cell joined to the upper cell it stands under. A Word table
    without a header row right after a plan's table of its width goes on from it (``_goes_on``).
    """
    found: list[PlanTable] = []
    for rows in tables:
        headed = len(found)
        for index, row in enumerate(rows):
            years = _budget_years(rows[:index], row, suffix) or _years_of_amounts(
                row, rows, index, overrides, year, f"{display}:", say
            )
            hidden = _hidden(row, overrides)
            not_read = hidden | _totals(row.cells, overrides, year, years)
            columns, guesses = _columns(row.cells, overrides, year, not_read, years)
            if not _heads_table(columns):
                continue
            if len(columns) < _SURE_HEADER and not _header_like(row, columns):
                continue
            cells, start = row.cells, index + 1
            header_rows: tuple[tuple[Cell, ...], ...] = (row.cells,)
            below = rows[start] if start < len(rows) else None
            if below is not None and _sub_header(row.cells, below.cells, columns):
                cells, start = _joined(row.cells, below.cells), start + 1
                not_read = hidden | _totals(cells, overrides, year, years)
                columns, guesses = _columns(cells, overrides, year, not_read, years)
                header_rows = (row.cells, below.cells)
            twice = _twice(cells, columns, overrides, year, not_read, years)
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
            columns = _number_beside_title(columns, cells, rows[start:])
            spans = _spanning(cells)
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
                    _left_out(cells, hidden, overrides, year, years),
                    cells,
                    hidden,
                    _unread(cells, columns, hidden),
                    _unit_note([*rows[:index], *rows[start:]]) or _unit_above(found, suffix),
                    title=_title(rows[:index]) if suffix != ".docx" else "",
                )
            )
            break
        if len(found) == headed and suffix == ".docx" and (rest := _goes_on(found, rows)):
            found.append(rest)
    return found


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


def _budget_years(above: list[Row], header: Row, suffix: str) -> bool:
    """Whether a table's header stands in a table of budgets by its sheet's name («Budsjett»)
    or a title above it in the table or sheet («Budsjett 2026», «Kroner»): there, a header
    cell that is a year alone («2025», «2026») is that year's budget. Elsewhere such a
    column may mark the years a measure runs («x»), and is not read as amounts."""
    sheet = header.where.rpartition(":")[0] if suffix != ".docx" else ""
    titles = [c for row in above for c in row.cells if isinstance(c, str)]
    return any(_BUDGET.search(norm(text)) for text in [sheet, *titles] if text)


def _years_of_amounts(
    header: Row,
    rows: list[Row],
    index: int,
    overrides: dict[str, str],
    year: int,
    file: str,
    say: Any,
) -> bool:
    """Whether the header's cells that are a year alone («2025», «2026») head that year's
    budget by what stands under them, in a table with no title saying so: the measures'
    cells in each such column are all amounts (or «-»), and some are. A column of marks
    («x» for the years a measure runs) is no budget. Amounts beside other things in one
    such column are refused, naming the first other cell: that would be a guess."""
    years = [i for i, c in enumerate(header.cells) if c is not None and _BARE_YEAR.match(norm(c))]
    fields = {_column(cell, overrides, year)[0] for cell in header.cells}
    if not years or not fields & {"title", "number", "id"}:
        return False
    scaled = _unit_note(rows) is not None
    title = next(
        (i for i, c in enumerate(header.cells) if _column(c, overrides, year)[0] == "title"), None
    )
    found: dict[int, dict[bool, Row]] = {position: {} for position in years}
    for row in rows[index + 1 :]:
        named = row.cells[title] if title is not None and title < len(row.cells) else None
        if title is not None and (named is None or norm(named) == norm(header.cells[title])):
            continue  # no measure: a heading, a sum, the header's second row or again
        for position in years:
            cell = row.cells[position] if position < len(row.cells) else None
            if cell is not None and not _NOTHING.match(str(cell).strip()):
                found[position].setdefault(_an_amount(cell, scaled), row)
    for position, kinds in found.items():
        if True in kinds and False in kinds:
            row = kinds[False]
            value = cut(shown_cell(row, position))
            column = str(header.cells[position])
            raise UserError(
                say(
                    "cli.import.plan_year_column_mixed",
                    file=f"{file}{row.where}",
                    value=value,
                    column=column,
                )
            )
    return any(True in kinds for kinds in found.values())


def _an_amount(cell: Cell, scaled: bool) -> bool:
    """Whether a cell reads as an amount of kroner a budget may hold: 0 or 1 000 and more,
    or any number in a table whose amounts a note gives in thousands or millions («1» may
    mark a year, as «x» does)."""
    if isinstance(cell, (int, float)):
        amount: float | None = cell
    else:
        try:
            amount = read_kroner(str(cell))
        except Ambiguous:  # an amount, refused as such when its row is read
            return True
    return amount is not None and (scaled or amount == 0 or amount >= THOUSAND_KRONER)


def _heads_table(columns: dict[int, str]) -> bool:
    """Whether a row's columns make it a plan table's header: a measure's title and some
    other field, or a measure's number or id and its budget alone (a budget table keyed by
    number, beside the table of measures). A table of a number, a «Delmål» and amounts
    without titles sums up the sub-goals («1 | Bustad | 500 000»): no measures, named as a
    table not read (``unread_tables``)."""
    fields = set(columns.values())
    if "title" in fields:
        return len(fields) >= 2
    budgets = {name for name in fields if name.startswith("budget.")}
    return (
        bool(budgets) and bool(fields & {"id", "number"}) and fields - budgets <= {"id", "number"}
    )


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


def _header_like(row: Row, columns: dict[int, str]) -> bool:
    """Whether a row naming two fields is a header, not a note that happens to begin with
    a header's words («Tiltak som er fullførte, er merka grøne. …», «Ansvarleg: Ola»): each
    cell read as a column's header is short, neither sentences nor a label with its value
    (the header's other cells, «Merknad», are not read and may say anything)."""
    return all(
        len(cell) <= _HEADER_LENGTH
        and len(cell.split()) <= _HEADER_WORDS
        and not any(mark in cell for mark in (". ", ": "))
        for cell in (str(row.cells[i]) for i in columns)
    )


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


def _unread(
    cells: tuple[Cell, ...], columns: dict[int, str], hidden: frozenset[int]
) -> list[tuple[int, str]]:
    """The visible columns whose header is not read as a field, by position and header."""
    return [
        (i, str(cell))
        for i, cell in enumerate(cells)
        if cell is not None and i not in columns and i not in hidden
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
                if _period_budget(header)
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


def other_year(table: PlanTable, display: str, year: int, say: Any) -> dict[str, Any]:
    """The note on a sheet left out as another year's, or as a summary beside the year's."""
    key = "cli.import.plan_other_year" if table.year() else "cli.import.plan_summary_sheet"
    message = say(key, file=display, sheet=table.name, year=year)
    return unplaced("sheet", message, table.name, table.name)


def _hidden(header: Row, overrides: dict[str, str]) -> frozenset[int]:
    """The hidden columns to leave out: all the sheet hides but those ``--map`` names."""
    cells = header.cells
    return frozenset(
        i
        for i in header.hidden_columns
        if i >= len(cells) or cells[i] is None or norm(cells[i]) not in overrides
    )


def _left_out(
    cells: tuple[Cell, ...],
    hidden: frozenset[int],
    overrides: dict[str, str],
    year: int,
    years: bool = False,
) -> list[tuple[int, str]]:
    """The hidden columns that would have been read (their header names a field), by
    position and header: named to the user, never read without a word."""
    return [
        (i, str(cells[i]))
        for i in sorted(hidden)
        if i < len(cells) and _column(cells[i], overrides, year, years)[0] is not None
    ]


def _totals(
    cells: tuple[Cell, ...], overrides: dict[str, str], year: int, years: bool = False
) -> frozenset[int]:
    """The budget columns that are the sum of the funding sources' columns beside them
    («Samla budsjett 2026», «Budsjett 2026» over «Sum»): not read, as the plan adds up its
    sources itself, and named as such. Before, the import was refused as naming one budget
    twice. A total with no source beside it is the plan year's budget, as before."""
    read = {i: _column(cell, overrides, year, years) for i, cell in enumerate(cells)}
    if not any(
        name and name.startswith("budget.") and not assumed for name, assumed in read.values()
    ):
        return frozenset()
    return frozenset(
        i for i, (_, assumed) in read.items() if assumed and _TOTAL.search(norm(cells[i]))
    )


def _columns(
    cells: tuple[Cell, ...],
    overrides: dict[str, str],
    year: int,
    hidden: frozenset[int],
    years: bool = False,
) -> tuple[dict[int, str], list[tuple[str, int]]]:
    columns: dict[int, str] = {}
    guesses: list[tuple[str, int]] = []
    for position, header in enumerate(cells):
        if position in hidden:
            continue
        name, assumed = _column(header, overrides, year, years)
        if name is not None and name not in columns.values():
            columns[position] = name
            if assumed:
                guesses.append((str(header), int(name.split(".")[1])))
    return columns, guesses


def _number_beside_title(
    columns: dict[int, str], cells: tuple[Cell, ...], rows: list[Row]
) -> dict[int, str]:
    """«Tiltak» merged over two columns, the measure's number («1.4») in the first and its
    title in the second, under no header of its own: the first is the number (when no
    column is), the second the title. Before, the number was read as the title and the
    title left out without a word."""
    title = next((i for i, name in columns.items() if name == "title"), None)
    if title is None:
        return columns
    beside = title + 1
    if "number" in columns.values() or beside in columns:
        return columns
    if beside < len(cells) and cells[beside] is not None:
        return columns
    pairs = [
        (row.cells[title], row.cells[beside])
        for row in rows
        if beside < len(row.cells)
        and row.cells[title] is not None
        and row.cells[beside] is not None
    ]
    if not pairs or not all(numeral(n) or LABELLED_NUMBER.match(str(n)) for n, _ in pairs):
        return columns
    if not all(isinstance(t, str) and not numeral(t) for _, t in pairs):
        return columns
    return {**columns, title: "number", beside: "title"}


def _spanning(upper: tuple[Cell, ...]) -> list[Cell]:
    """Each upper header cell, carried right over the empty cells of a merge."""
    spans: list[Cell] = []
    for cell in upper:
        spans.append(cell if cell is not None else (spans[-1] if spans else None))
    return spans


def _sub_header(upper: tuple[Cell, ...], lower: tuple[Cell, ...], columns: dict[int, str]) -> bool:
    """Whether the row under a header row is the header's second row: text only, nothing
    under the title, and some cell that is not the upper cell repeated (a Word merge), each
    such cell under a header cell merged across columns («Budsjett 2026» over its sources).
    A row with its text under a plain header cell is the table's first row (a group's
    heading, «Delmål 1: …», merged across the row)."""
    spans = _spanning(upper)
    title = next((i for i, name in columns.items() if name == "title"), None)
    title_below = lower[title] if title is not None and title < len(lower) else None
    texts = [(i, c) for i, c in enumerate(lower) if c is not None]
    new = [i for i, c in texts if i >= len(spans) or c != spans[i]]
    return (
        bool(texts)
        and all(isinstance(c, str) for _, c in texts)
        and (title is None or title_below in (None, upper[title]))
        and bool(new)
        and all(_merged_across(upper, i) for i in new)
    )


def _merged_across(upper: tuple[Cell, ...], position: int) -> bool:
    """Whether the header cell over ``position`` spans columns: it is empty (carried from
    the left), or the cell right of it is, or the header row ends before it."""
    if position >= len(upper) or upper[position] is None:
        return True
    return position + 1 >= len(upper) or upper[position + 1] is None


def _joined(upper: tuple[Cell, ...], lower: tuple[Cell, ...]) -> tuple[Cell, ...]:
    spans = _spanning(upper)
    width = max(len(upper), len(lower))
    joined: list[Cell] = []
    for i in range(width):
        top = spans[i] if i < len(spans) else None
        bottom = lower[i] if i < len(lower) else None
        if bottom is None or bottom == top:
            joined.append(top)
        else:
            joined.append(f"{top} {bottom}" if top is not None else bottom)
    return tuple(joined)


def _twice(
    cells: tuple[Cell, ...],
    columns: dict[int, str],
    overrides: dict[str, str],
    year: int,
    hidden: frozenset[int],
    years: bool = False,
) -> tuple[str, str, str] | None:
    """A budget a header row names twice («Budsjett 2026» in two columns): the field, the
    first and the second header. Only the first column would be read, the other's amounts
    lost without a word."""
    for position, header in enumerate(cells):
        if position in hidden:
            continue
        name, _ = _column(header, overrides, year, years)
        if name and name.startswith("budget.") and columns.get(position) != name:
            first = next(cells[i] for i, n in columns.items() if n == name)
            return name, str(first), str(header)
    return None
