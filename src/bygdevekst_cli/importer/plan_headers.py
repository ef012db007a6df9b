"""Reading an action plan's header row (or two) into fields (``import plan``): each
column's field by the header's words in Nynorsk and Bokmål or by ``--map``, the budget's
year, source and unit, the columns left out (hidden, totals, a budget named twice), and
the note beside a table that gives its amounts' unit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.findings import cut
from bygdevekst_cli.importer import matching
from bygdevekst_cli.importer.amounts import (
    MILLION_KRONER,
    THOUSAND_KRONER,
    Ambiguous,
    read_kroner,
)
from bygdevekst_cli.importer.plan_cells import LABELLED_NUMBER, norm, numeral, shown_cell
from bygdevekst_cli.importer.tables import Cell, Row
from bygdevekst_cli.models.plan import FundingSource

_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(matching.patterns("plan.headers").items())
_SOURCES: tuple[tuple[FundingSource, re.Pattern[str]], ...] = tuple(
    (FundingSource(source), pattern)
    for source, pattern in matching.patterns("plan.sources").items()
)
_BUDGET = matching.pattern("plan.budget")
_BUDGET_ALONE = matching.pattern("plan.budget_alone")
_INTERNAL = matching.pattern("plan.internal")
_TOTAL = matching.pattern("plan.total")
YEAR = re.compile(r"\b(20\d\d)\b")
_YEARS = matching.pattern("plan.years")
_BARE_YEAR = re.compile(r"^20\d\d$")
"""A header that is a year alone: a budget's, in a table of budgets (``budget_years``)."""
_HEADER_THOUSANDS = matching.pattern("plan.header_thousands")
_HEADER_MILLIONS = matching.pattern("plan.header_millions")
_UNIT_NOTE = matching.pattern("plan.unit_note")
_NOTHING = matching.pattern("plan.nothing")
KEYS = frozenset({"id", "number", "title", "sub_goal"})
"""The fields by which a budget table's row names its measure."""
SURE_HEADER = 3
"""A row naming this many fields is a header; one naming fewer must look like one."""
_HEADER_LENGTH = 60
_HEADER_WORDS = 8
"""The longest header cell («Samla budsjett 2026 (i 1000 kr)»): a longer text is a note."""


def source_named(text: str) -> FundingSource | None:
    """The funding source a cell names («Tiltaksmidlar», «Eigne midlar»), if one does."""
    return next((s for s, pattern in _SOURCES if pattern.search(norm(text))), None)


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
    found_year = YEAR.search(text)
    source = next((s for s, pattern in _SOURCES if pattern.search(text)), None)
    if source is not None or (_BUDGET.search(text) and found_year) or _BUDGET_ALONE.match(text):
        if period_budget(text):  # named to the user as such (``unread_columns``)
            return None, False
        budget_year = int(found_year[1]) if found_year else year
        chosen = source or FundingSource.STATE_MEASURE_FUNDS
        return f"budget.{budget_year}.{chosen.value}", source is None
    return next((name for name, pattern in _HEADERS if pattern.search(text)), None), False


def period_budget(header: Cell) -> bool:
    """Whether a header is a budget's over more than one year («Budsjett 2026–2028»,
    «Tiltaksmidlar 2026/27», «… 2025 og 2026»): its amounts are a period's, and a budget
    line is one year's."""
    text = norm(header)
    budget = _BUDGET.search(text) or any(pattern.search(text) for _, pattern in _SOURCES)
    return bool(budget and _YEARS.search(text))


@dataclass(frozen=True)
class UnitNote:
    scale: int
    text: str
    where: str


def unit_note(rows: list[Row]) -> UnitNote | None:
    """The first cell of ``rows`` that gives the unit of a table's amounts in thousands or
    millions of kroner, as a title block or a note under the table does («Alle tal i tusen
    kroner»). Before, the amounts under it were read as kroner without a word."""
    for row in rows:
        for cell in row.cells:
            if isinstance(cell, str) and _UNIT_NOTE.match(cell) and header_scale(cell) != 1:
                return UnitNote(header_scale(cell), cell, row.where)
    return None


def budget_years(above: list[Row], header: Row, suffix: str) -> bool:
    """Whether a table's header stands in a table of budgets by its sheet's name («Budsjett»)
    or a title above it in the table or sheet («Budsjett 2026», «Kroner»): there, a header
    cell that is a year alone («2025», «2026») is that year's budget. Elsewhere such a
    column may mark the years a measure runs («x»), and is not read as amounts."""
    sheet = header.where.rpartition(":")[0] if suffix != ".docx" else ""
    titles = [c for row in above for c in row.cells if isinstance(c, str)]
    return any(_BUDGET.search(norm(text)) for text in [sheet, *titles] if text)


def years_of_amounts(
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
    scaled = unit_note(rows) is not None
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


def heads_table(columns: dict[int, str]) -> bool:
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


def header_like(row: Row, columns: dict[int, str]) -> bool:
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


def unread_headers(
    cells: tuple[Cell, ...], columns: dict[int, str], hidden: frozenset[int]
) -> list[tuple[int, str]]:
    """The visible columns whose header is not read as a field, by position and header."""
    return [
        (i, str(cell))
        for i, cell in enumerate(cells)
        if cell is not None and i not in columns and i not in hidden
    ]


def hidden_to_leave(header: Row, overrides: dict[str, str]) -> frozenset[int]:
    """The hidden columns to leave out: all the sheet hides but those ``--map`` names."""
    cells = header.cells
    return frozenset(
        i
        for i in header.hidden_columns
        if i >= len(cells) or cells[i] is None or norm(cells[i]) not in overrides
    )


def hidden_fields(
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


def total_columns(
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


def header_columns(
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
    if "title" not in columns.values():  # a budget table's «Kjelde»: its rows are joined to
        columns = {p: n for p, n in columns.items() if n != "source"}  # one row a measure
    return columns, guesses


def number_beside_title(
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


def spanning(upper: tuple[Cell, ...]) -> list[Cell]:
    """Each upper header cell, carried right over the empty cells of a merge."""
    spans: list[Cell] = []
    for cell in upper:
        spans.append(cell if cell is not None else (spans[-1] if spans else None))
    return spans


def sub_header(upper: tuple[Cell, ...], lower: tuple[Cell, ...], columns: dict[int, str]) -> bool:
    """Whether the row under a header row is the header's second row: text only, nothing
    under the title, and some cell that is not the upper cell repeated (a Word merge), each
    such cell under a header cell merged across columns («Budsjett 2026» over its sources).
    A row with its text under a plain header cell is the table's first row (a group's
    heading, «Delmål 1: …», merged across the row)."""
    spans = spanning(upper)
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


def joined_header(upper: tuple[Cell, ...], lower: tuple[Cell, ...]) -> tuple[Cell, ...]:
    """A header of two rows as one: each lower cell joined to the upper cell it stands
    under. An upper cell is carried right only over the columns with words of their own
    below: an empty column after a merged «Budsjett 2026» is no budget column (before, it
    was, and the import refused as naming that budget twice)."""
    spans = spanning(upper)
    width = max(len(upper), len(lower))
    joined: list[Cell] = []
    for i in range(width):
        top = spans[i] if i < len(spans) else None
        bottom = lower[i] if i < len(lower) else None
        if bottom is None:
            joined.append(upper[i] if i < len(upper) else None)
        elif bottom == top:
            joined.append(top)
        else:
            joined.append(f"{top} {bottom}" if top is not None else bottom)
    return tuple(joined)


def named_twice(
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
