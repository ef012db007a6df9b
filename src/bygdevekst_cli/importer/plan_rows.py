"""Reading an action plan's rows into measures (``import plan``).

Each row under a table's header is read by the table's columns: a group's heading gives the
rows under it their sub-goal, sum rows and notes are listed as not placed, a row whose title
cell is merged down goes on with the measure above, and every amount is read to whole
kroner or refused, naming the file, the row and the cell (unknown is never 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.findings import cut
from bygdevekst_cli.importer import matching
from bygdevekst_cli.importer.amounts import Ambiguous
from bygdevekst_cli.importer.plan_amounts import in_kroner, whole_kroner
from bygdevekst_cli.importer.plan_cells import (
    LABELLED_NUMBER,
    NUMBER,
    goal_heading,
    norm,
    numeral,
    shown_cell,
    sub_goals,
)
from bygdevekst_cli.importer.plan_headers import header_scale, source_named
from bygdevekst_cli.importer.plan_report import unplaced
from bygdevekst_cli.importer.plan_table import PlanTable
from bygdevekst_cli.importer.sentences import cell_names
from bygdevekst_cli.importer.tables import Cell, Row, is_formula, is_percent
from bygdevekst_cli.models import Pilot
from bygdevekst_cli.types import FIRST_YEAR, LAST_YEAR, MAX_KRONER

FIELDS = (
    "id", "number", "title", "description", "sub_goal", "responsible", "partners",
    "period", "start_year", "end_year", "status", "change_reason", "assessment",
)  # fmt: skip
_NOTHING = matching.pattern("plan.nothing")
_SUM_ROW = matching.pattern("plan.sum_row")
_SUM_TITLE = matching.pattern("plan.sum_title")
_CENTURY = 100
_ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
"""A date cell as read (``tables`` gives a date cell its day, as a CSV export writes it)."""
_DATE = re.compile(r"^(?:(20\d\d)-\d\d-\d\d|\d{1,2}\.\d{1,2}\.(20\d\d))$")
_PERIOD = matching.pattern("plan.period", when=matching.text("plan.period_when"))
_STATUS = {
    str(status): matching.words(f"plan.status.{status}") for status in matching.value("plan.status")
}
_MUNICIPALITY_SUFFIX = matching.text("parties.municipality_suffix")
_IDS = ("id", "number")
"""The fields that name a measure, read as the sheet shows them."""
_CELL_ERROR = matching.pattern("plan.cell_error")
"""The value of a formula that failed, as Excel and LibreOffice show and store it."""
_LATER = ("title", "sub_goal")
"""Fields read after the others: the title first of all, the sub-goal once the number is."""


@dataclass
class RowMeasure:
    where: str
    values: dict[str, Any]
    budget: dict[int, dict[str, int]]
    id: str = ""
    title: str = ""
    match: str = "new"
    """How the row found its measure: ``id``, ``number``, ``title`` or ``new``; ``joined``:
    a budget table's row whose amounts went to the measure it names (``plan_join``)."""
    joined: list[str] = field(default_factory=list)
    """Where the budget rows joined to this measure stand (``plan_join``)."""
    number_cell: str = ""
    """The id or number as a spreadsheet's number cell holds it («1.1»), which cannot say
    whether «1.10» was typed (Excel drops the zero): named when the number is in doubt."""


def _known(value: Cell) -> Cell:
    """A cell as read: a dash alone («-», «–») says there is nothing (or nothing known)
    there, as an empty cell does; never an amount of 0."""
    return None if isinstance(value, str) and _NOTHING.match(value) else value


def _as_written(row: Row, position: int, name: str) -> Cell:
    """A cell as the sheet shows it where that is the measure's id or number («1.10» for
    1.1 formatted with two decimals); any other field's cell as it holds it."""
    return row.shown.get(position, row.cells[position]) if name in _IDS else row.cells[position]


def _unread_formula(value: Cell) -> bool:
    """Whether a cell is a formula without a value, or one whose value is an error."""
    return is_formula(value) or (isinstance(value, str) and bool(_CELL_ERROR.match(value)))


def _fraction(value: Cell) -> bool:
    """Whether a cell is a number cell with a fraction («1.1»), not text."""
    return isinstance(value, float) and not value.is_integer()


def refuse_repeated(rows: list[RowMeasure], display: str, say: Any) -> None:
    """Refuse a measure's number or id on two rows (in one table or two): which row is the
    measure cannot be told, and the other would become a new measure (or, by its id, be
    written over the first). Where a number cell holds it, Excel may have made «1.10» and
    «1.1» one number: said so."""
    seen: dict[str, RowMeasure] = {}
    for row in rows:
        values = row.values
        keys = [f"{values['sub_goal']}.{values['number']}"] if "number" in values else []
        if "id" in values:
            keys.append(f"id {values['id']}")
        for key in keys:
            first = seen.setdefault(key, row)
            if first is row:
                continue
            number = key.removeprefix("id ")
            cell = row.number_cell or first.number_cell
            kind = "cell" if cell else ("id" if key.startswith("id ") else "number")
            raise UserError(
                say(
                    f"cli.import.plan_same_{kind}",
                    file=display,
                    row=row.where,
                    number=number,
                    first=first.where,
                    zero=f"{cell}0",
                )
            )


class RowReader:
    def __init__(self, pilot: Pilot, display: str, say: Any, columns: dict[int, str]) -> None:
        self.pilot = pilot
        self.display = display
        self.say = say
        self.columns = columns
        self.headers: dict[str, str] = {}
        """Field → the header it was read from, for messages."""
        self.unplaced: list[dict[str, Any]] = []
        self.goal: int | None = None
        """The sub-goal of the heading row above («Delmål 2: …»), for rows without one."""
        self.assumed: list[str] = []
        """What the reader chose where a cell says more than a measure holds (told)."""
        self.numbers: dict[int, int] = {}
        """Sub-goal → the measure number of the table's last row under it."""
        self.last: tuple[RowMeasure, dict[str, Cell]] | None = None
        """The measure the row before was, with its cells (None after any other row)."""
        self.scales: dict[str, int] = {}
        """Budget field → what its column counts in, for those not in kroner."""
        self.agreement_goals: list[int] = []
        """The numbers of the agreement's sub-goals (none known: any number is taken)."""
        self.budget_only = False
        """Whether the table holds budgets alone (a row may name its measure by number)."""
        self.sourced: set[str] = set()
        """The budget columns whose source each row names in its «Kjelde» cell (a row per
        source of a measure): those whose header names none."""
        self.named_tables: set[str] = set()
        """The Word tables nested in a measure's cell, named with it (``_notes``)."""

    def start(self, table: PlanTable) -> None:
        """Read the rows of ``table`` next, by its columns and its headers; a budget column
        in thousands or millions of kroner is said to be read so."""
        self.columns, self.headers, self.goal = table.columns, table.headers, table.goal
        self.numbers, self.last = {}, None
        self.budget_only = table.budget_only
        guessed = {header for header, _ in table.guesses}
        self.sourced = set()
        if "source" in table.columns.values():
            self.sourced = {
                name
                for position, name in table.columns.items()
                if name.startswith("budget.") and str(table.header[position]) in guessed
            }
        self.scales = {name: scale for name, (scale, _) in table.scales().items()}
        note = table.unit
        for scale, header in table.scales().values():
            if note is None or header_scale(header) != 1:  # the header gives the unit
                told = self.say(f"cli.import.plan_scale_{scale}", column=header)
            else:
                key, where = f"cli.import.plan_scale_note_{scale}", note.where
                told = self.say(key, column=header, note=note.text, row=where)
            if told not in self.assumed:
                self.assumed.append(told)

    def read(self, row: Row) -> RowMeasure | None:
        cells = {
            name: _known(_as_written(row, i, name)) if i < len(row.cells) else None
            for i, name in self.columns.items()
        }
        last, self.last = self.last, None
        if last is not None and self._continues(row):
            self._carry_on(row, cells, *last)
            self.last = last
            return None
        measure = self._measure(row, cells)
        if measure is not None:
            self.last = measure, cells
        return measure

    def _measure(self, row: Row, cells: dict[str, Cell]) -> RowMeasure | None:
        """The measure a row is, or None for a heading, a sum or a note (listed)."""
        if all(value is None for value in cells.values()):
            return None
        goal = goal_heading(row)
        if goal is not None:  # a group's heading: its sub-goal holds for the rows under it
            self.goal = goal
            self._heading(row, goal)
            return None
        title = cells.get("title")
        if title is None and not self._keyed(row, cells):
            self._untitled(row, cells)
            return None
        self._refuse_formulas(cells, row)
        values: dict[str, Any] = {} if title is None else {"title": str(title)}
        for name, value in cells.items():
            if value is not None and name not in (*_LATER, "source") and "." not in name:
                self._field(name, value, row, values)
        if cells.get("sub_goal") is not None:
            self._sub_goal(cells["sub_goal"], row, values)
        if cells.get("sub_goal") is None and "sub_goal" in values:  # by a number, «7.1»
            self._goal_numbered(values["sub_goal"], row, cells)
        if "sub_goal" not in values and self.goal is not None:
            values["sub_goal"] = self.goal
            self._in_agreement(self.goal, row, self.goal, "")
        if "sub_goal" not in values and not (self.budget_only and "number" not in values):
            if any(cells.get(k) is not None for k in ("number", "sub_goal", "id")):
                raise UserError(
                    self.say("cli.import.plan_no_goal", file=self.display, row=row.where)
                )
            key = "cli.import.plan_row_unplaced"
            message = self.say(key, file=self.display, row=row.where, title=values["title"])
            self._not_placed("row", message, values["title"], row)
            return None
        if not {"number", "id"} & set(values) and _SUM_TITLE.match(values.get("title", "")):
            self._untitled(row, cells)  # «Sum delmål 1» under its group: a sum, no measure
            return None
        number_cell = next((str(v) for k in _IDS if _fraction(v := cells.get(k))), "")
        if "number" in values:
            self._in_order(values, row, number_cell)
        budget = self._budget(cells, row)
        self._notes(row)
        shown = "" if title is None else str(title)
        return RowMeasure(row.where, values, budget, title=shown, number_cell=number_cell)

    def _keyed(self, row: Row, cells: dict[str, Cell]) -> bool:
        """Whether a row without a title names its measure by its number or id, in a table
        of budgets alone (joined to the measure in ``plan_join``); a sum row does not."""
        if not self.budget_only or any(isinstance(c, str) and _SUM_ROW.match(c) for c in row.cells):
            return False
        number = cells.get("number")
        named = number is not None and (numeral(number) or LABELLED_NUMBER.match(str(number)))
        return cells.get("id") is not None or bool(named)

    def _notes(self, row: Row) -> None:
        """Name each read cell of a measure's row with a footnote or endnote, which is not
        read: it may say the cell is not what it seems («ikkje vedteke»); and each with a
        table in it, whose words are not the cell's (a budget by source: before, the
        measure was written without it, saying nothing)."""
        for position, name in sorted(self.columns.items()):
            if position in row.notes and position < len(row.cells) and row.cells[position]:
                value = shown_cell(row, position)
                key = "cli.import.plan_cell_note"
                column = self._header(name)
                message = self.say(
                    key, file=self.display, row=row.where, column=column, value=value
                )
                self._not_placed("note", message, value, row)
            if position in row.nested:
                text = row.nested[position]
                message = self.say(
                    "cli.import.plan_cell_table",
                    file=self.display,
                    row=row.where,
                    column=self._header(name),
                    value=cut(text),
                )
                self._not_placed("table", message, text, row)
                self.named_tables.update(row.nested_tables.get(position, ()))

    def _continues(self, row: Row) -> bool:
        """Whether a row goes on with the measure above: its title cell is merged down
        into it, and its id and number cells too (or are empty). One measure over several
        budget rows, a row for each source or year."""
        title = next((i for i, name in self.columns.items() if name == "title"), None)
        keys = [i for i, name in self.columns.items() if name in _IDS]
        return (
            title is not None
            and title in row.merged_down
            and all(
                i in row.merged_down or i >= len(row.cells) or row.cells[i] is None for i in keys
            )
        )

    def _carry_on(
        self, row: Row, cells: dict[str, Cell], measure: RowMeasure, first: dict[str, Cell]
    ) -> None:
        """Add a row's amounts to the measure it goes on with (``first``: the measure's
        first row's cells). An amount for a budget it already has, or a field that says
        something else than the first row, is refused: which one holds cannot be told."""
        for position, name in self.columns.items():
            value = cells[name]
            budget = name.startswith("budget.")
            same = not budget and value == first[name]  # «1» under «Delmål» again
            if value is None or position in row.merged_down or same or name == "source":
                continue
            column = self._header(name)
            year, source = self._source(name, cells, row) if budget else ("0", "")
            if not budget or source in measure.budget.get(int(year), {}):
                key = "cli.import.plan_merged_twice" if budget else "cli.import.plan_merged_field"
                raise UserError(
                    self.say(
                        key,
                        file=self.display,
                        row=row.where,
                        first=measure.where,
                        value=cut(str(self._quoted(value, row, name))),
                        column=column,
                    )
                )
            amount = self._amount(value, row, column, self.scales.get(name, 1))
            measure.budget.setdefault(int(year), {})[source] = amount

    def _refuse_formulas(self, cells: dict[str, Cell], row: Row) -> None:
        """Refuse a measure's cell that is a formula the file holds no value for (a
        program that does not compute wrote it), or whose value is an error («#REF!»):
        «=A1» is no title, and read as a sub-goal or number it would give a reference's
        digits. Amounts say so in turn (a sum row's need not be read)."""
        for name, value in cells.items():
            if _unread_formula(value) and not name.startswith("budget."):
                raise self._not_a_number("cli.import.plan_formula", value, row, self._header(name))

    def _in_order(self, values: dict[str, Any], row: Row, number_cell: str) -> None:
        """Say so when a number cell's measure number comes after a higher one of its
        sub-goal where the same number with a zero added would not («1.1» after «1.9»:
        typed «1.10», Excel keeps 1.1). It is read as the cell holds it, never guessed."""
        goal, number = values["sub_goal"], values["number"]
        previous = self.numbers.get(goal)
        self.numbers[goal] = number
        if not number_cell or previous is None or not number < previous < number * 10:
            return
        self.assumed.append(
            self.say(
                "cli.import.plan_number_cell",
                file=self.display,
                row=row.where,
                value=number_cell,
                column=self._header("number" if "number" in self.headers else "id"),
                previous=f"{goal}.{previous}",
                zero=f"{number_cell}0",
            )
        )

    def _budget(self, cells: dict[str, Cell], row: Row) -> dict[int, dict[str, int]]:
        """The amounts of a row that is a measure (read only then: a sum row's formula
        without a stored value is no error)."""
        budget: dict[int, dict[str, int]] = {}
        for position, name in self.columns.items():
            value = cells[name]
            if value is None or not name.startswith("budget."):
                continue
            if position in row.merged_down:
                raise UserError(
                    self.say(
                        "cli.import.plan_merged_amount",
                        file=self.display,
                        row=row.where,
                        value=self._quoted(value, row, name),
                        column=self._header(name),
                    )
                )
            budget_year, source = self._source(name, cells, row)
            column = self._header(name)
            if source in budget.get(int(budget_year), {}):  # «Eigne midlar» twice on the row
                raise self._refused("cli.import.plan_source_twice", value, row, column)
            amount = self._amount(value, row, column, self.scales.get(name, 1))
            budget.setdefault(int(budget_year), {})[source] = amount
        return budget

    def _source(self, name: str, cells: dict[str, Cell], row: Row) -> tuple[str, str]:
        """The year and funding source of the budget column ``name`` on ``row``: its own,
        or the source the row's «Kjelde» cell names (refused when it names none)."""
        _, year, source = name.split(".")
        if name not in self.sourced:
            return year, source
        named = cells.get("source")
        found = None if named is None else source_named(str(named))
        if found is None:
            key = "cli.import.plan_no_source" if named is None else "cli.import.plan_bad_source"
            raise self._refused(key, named or "", row, self._header("source"))
        return year, found.value

    def _untitled(self, row: Row, cells: dict[str, Cell]) -> None:
        """A row without a title: a sum row, or a note (a group's heading, «Delmål 1: …»,
        one cell merged across the row), is listed as not placed (never dropped without a
        word); a row with a measure's number, id or sub-goal is an error, unless that cell is
        the row's only one and holds text, not a number (the heading of a group)."""
        texts = [c for c in row.cells if isinstance(c, str)]
        keys = [cells.get(k) for k in ("number", "id", "sub_goal") if cells.get(k) is not None]
        alone = sum(c is not None for c in row.cells) == 1
        heading = alone and not any(numeral(k) for k in keys)
        if any(_SUM_ROW.match(text) for text in texts):
            key = "import2.sum_row"
        elif keys and not heading:
            raise UserError(self.say("cli.import.plan_no_title", file=self.display, row=row.where))
        else:
            key = "import2.note_row"
        shown = " ".join(shown_cell(row, i) for i, c in enumerate(row.cells) if c is not None)
        message = self.say(key, file=self.display, row=row.where, text=shown)
        self._not_placed("row", message, texts[0] if texts else shown, row)

    def _heading(self, row: Row, goal: int) -> None:
        """List a group's heading row («Delmål 1: …») as read for the sub-goal of the rows
        under it (before: as a row «with no title», not taken over, which it was)."""
        text = next(str(cell) for cell in row.cells if cell is not None)
        message = self.say(
            "import2.goal_row", file=self.display, row=row.where, text=text, goal=goal
        )
        self._not_placed("row", message, text, row)

    def _header(self, name: str) -> str:
        return self.headers.get(name, name)

    def _field(self, name: str, value: Cell, row: Row, values: dict[str, Any]) -> None:
        text = " ".join(str(value).split())
        if name == "number":
            found = NUMBER.match(text)
            labelled = LABELLED_NUMBER.match(text)
            if found:
                values.setdefault("sub_goal", int(found[1]))
                values["number"] = int(found[2])
            elif labelled:
                if labelled[1]:
                    values.setdefault("sub_goal", int(labelled[1]))
                values["number"] = int(labelled[2])
            else:
                values["number"] = self._int(value, row, self._header(name))
        elif name in ("start_year", "end_year"):
            values[name] = self._year(value, row, self._header(name))
        elif name == "period":
            self._period(text, row, values)
        elif name == "status":
            values["status"] = self._status(text, row)
        elif name == "responsible":
            self._responsible(text, row, values)
        elif name == "partners":
            self._partners(text, row, values)
        elif name == "id":
            values["id"] = text.lower()
        else:
            values[name] = text

    def _sub_goal(self, cell: Cell, row: Row, values: dict[str, Any]) -> None:
        """The sub-goal of the «Delmål» cell. A measure has one: a cell naming several
        («1 og 2») gives the one the measure's number names («2.3»), else the first, and
        says so; a number under another sub-goal than the cell names is refused (which of
        them is meant cannot be told). A cell is quoted as the sheet shows it."""
        text = " ".join(str(cell).split())
        shown = " ".join(str(self._quoted(cell, row, "sub_goal")).split())
        if _ISO_DAY.match(text):  # «1.4» typed where Excel reads a date
            raise self._not_a_number(
                "cli.import.plan_bad_number", text, row, self._header("sub_goal")
            )
        goals = sub_goals(text)
        if not goals:  # «Bustad», «?»: quoted, so that the cell can be found and mended
            raise UserError(
                self.say(
                    "cli.import.plan_bad_goal",
                    file=self.display,
                    row=row.where,
                    value=cut(shown),
                    column=self._header("sub_goal"),
                )
            )
        numbered = values.get("sub_goal")  # from a number such as «2.3»
        if numbered is not None and numbered not in goals:
            raise UserError(
                self.say(
                    "cli.import.plan_goal_conflict",
                    file=self.display,
                    row=row.where,
                    value=shown,
                    column=self._header("sub_goal"),
                    number=f"{numbered}.{values['number']}",
                )
            )
        for goal in goals:
            self._in_agreement(goal, row, shown, self._header("sub_goal"))
        values["sub_goal"] = numbered if numbered is not None else goals[0]
        if len(goals) > 1:
            self.assumed.append(
                self.say(
                    "cli.import.plan_several_goals",
                    file=self.display,
                    row=row.where,
                    value=shown,
                    goals=self.say.join(goals),
                    goal=values["sub_goal"],
                )
            )

    def _in_agreement(self, goal: int, row: Row, value: Cell, column: str) -> None:
        """Refuse a sub-goal the agreement does not have, quoting the cell (``value`` in
        ``column``) that names it: a measure under it would be written only to be found
        wrong, or a neighbour's taken for it. ``column`` empty: a group's heading gave it."""
        if not self.agreement_goals or goal in self.agreement_goals:
            return
        key = "cli.import.plan_unknown_goal" + ("" if column else "_heading")
        goals = self.say.join(self.agreement_goals)
        where = {"file": self.display, "row": row.where, "value": value, "column": column}
        raise UserError(self.say(key, goal=goal, goals=goals, **where))

    def _goal_numbered(self, goal: int, row: Row, cells: dict[str, Cell]) -> None:
        """Refuse a sub-goal the agreement lacks that a measure's number gives («7.1»),
        quoting the number's cell."""
        shown = self._quoted(cells["number"], row, "number")
        self._in_agreement(goal, row, shown, self._header("number"))

    def _int(self, value: Cell, row: Row, column: str) -> int:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not text.isdigit():
            raise self._not_a_number("cli.import.plan_bad_number", text, row, column)
        return int(text)

    def _year(self, value: Cell, row: Row, column: str) -> int:
        """A year, or the year of a date (a spreadsheet's date cell, «1.3.2026»). A number
        that is no year a plan can hold («26», or 46023: a date Excel does not show as
        one) is refused, never written to be found wrong later."""
        date = _DATE.match(str(value).strip())
        if date is not None:
            return int(date[1] or date[2])
        year = self._int(value, row, column)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise self._refused("cli.import.plan_bad_year", value, row, column)
        return year

    def _amount(self, value: Cell, row: Row, column: str, scale: int = 1) -> int:
        """Whole kroner of an amount cell; in a column in thousands or millions (``scale``)
        the cell's number times that, refused unless whole kroner (never rounded), and
        unless a budget can hold it (a negative amount, a correction, cannot)."""
        name = next((n for n, header in self.headers.items() if header == column), "")
        shown = self._quoted(value, row, name)
        if scale != 1 and in_kroner(value):  # «kr 1 500 000» where the column counts 1000s
            raise self._refused(f"cli.import.plan_unit_conflict_{scale}", value, row, column)
        try:
            amount = None if is_percent(shown) else whole_kroner(value, scale)
        except Ambiguous:  # «1.500 mill.»: 1,5 or 1 500 millions, never guessed
            raise self._refused("cli.import.plan_ambiguous_amount", value, row, column) from None
        if amount is None:
            raise self._not_a_number("cli.import.plan_bad_amount", value, row, column)
        if not 0 <= amount < MAX_KRONER:
            raise self._refused("cli.import.plan_amount_range", value, row, column)
        return amount

    def _not_a_number(self, key: str, value: Cell, row: Row, column: str) -> UserError:
        """The error for a cell that should hold a number (``key``); a formula the file
        holds no computed value for is said to be one."""
        if is_formula(value):
            key = "cli.import.plan_formula"
        elif _unread_formula(value):
            key = "cli.import.plan_cell_error"
        elif key == "cli.import.plan_bad_number" and _ISO_DAY.match(str(value)):
            key = "cli.import.plan_number_date"  # «1.4» typed where Excel reads a date
        return self._refused(key, value, row, column)

    def _refused(self, key: str, value: Cell, row: Row, column: str) -> UserError:
        """The error ``key`` for the cell ``value`` in ``column`` of ``row``, quoted as the
        sheet shows it."""
        name = next((n for n, header in self.headers.items() if header == column), "")
        value = self._quoted(value, row, name)
        return UserError(
            self.say(key, file=self.display, row=row.where, value=value, column=column)
        )

    def _quoted(self, value: Cell, row: Row, name: str) -> Cell:
        """The cell ``value`` of the field ``name`` as the sheet shows it («35 %» for 0.35
        formatted as a percentage), for messages; ``value`` itself where nothing else is
        shown (or it is not that column's cell)."""
        position = next((i for i, n in self.columns.items() if n == name), None)
        if position is None or position >= len(row.cells) or row.cells[position] != value:
            return value
        return row.shown.get(position, value)

    def _period(self, text: str, row: Row, values: dict[str, Any]) -> None:
        found = _PERIOD.match(text)
        if found is None:
            raise UserError(
                self.say("cli.import.plan_bad_period", file=self.display, row=row.where, value=text)
            )
        start = int(found[1] or found[3] or found[4])
        end = int(found[2] or found[3] or found[5])
        if end < _CENTURY:  # «2026–27»: the end year's last two digits
            end += start - start % _CENTURY
        values["start_year"], values["end_year"] = start, end

    def _status(self, text: str, row: Row) -> str:
        lowered = text.lower()
        for status, words in _STATUS.items():
            if any(lowered.startswith(word) for word in words):
                return status
        raise UserError(
            self.say("cli.import.plan_bad_status", file=self.display, row=row.where, value=text)
        )

    def _partners(self, text: str, row: Row, values: dict[str, Any]) -> None:
        """The partners a cell names: the cell as one known name, else each name it lists
        (one per line, or «;», «/», «,», «og» between them), each matched as a single name
        is. Those not found are listed; when none is found the measure's partners are left
        as they were (an unknown name is no «no partners»)."""
        position = next(i for i, name in self.columns.items() if name == "partners")
        known = self._is_party
        names = [text] if known(text) else cell_names(row.lines.get(position, (text,)), known)
        ids = [self._party(name, row) for name in names]
        found = list(dict.fromkeys(i for i in ids if i is not None))
        if found:
            values["partners"] = found

    def _known_party(self, text: str) -> str | None:
        """The id of the pilot's party named ``text`` (its id, name, short name, or a
        municipality's name without «kommune»), if one is."""
        wanted = norm(text)
        for party in self.pilot.parties:
            names = {party.id, norm(party.name), norm(party.short_name or "")}
            names.add(norm(party.name).removesuffix(_MUNICIPALITY_SUFFIX))
            if wanted in names - {""}:
                return party.id
        return None

    def _responsible(self, text: str, row: Row, values: dict[str, Any]) -> None:
        """The one party responsible. A cell naming several known parties («Seljord og
        Tokke», one a line) is said to, and none is taken: a measure has one responsible,
        and which cannot be told (before: «no party "Seljord og Tokke"»)."""
        position = next(i for i, name in self.columns.items() if name == "responsible")
        if self._known_party(text) is None:
            names = cell_names(row.lines.get(position, (text,)), self._is_party)
            known = [n for n in names if self._is_party(n)]
            if len(names) > 1 and len(known) == len(names):
                key = "cli.import.plan_several_responsible"
                self._not_placed(
                    "party", self.say(key, file=self.display, row=row.where, value=text), text, row
                )
                return
        party = self._party(text, row)
        if party is not None:
            values["responsible"] = party

    def _is_party(self, text: str) -> bool:
        return self._known_party(text) is not None

    def _party(self, text: str, row: Row) -> str | None:
        found = self._known_party(text)
        if found is not None:
            return found
        message = self.say(
            "cli.import.plan_unknown_party", file=self.display, row=row.where, value=text
        )
        self._not_placed("party", message, text, row)
        return None

    def _not_placed(self, kind: str, message: str, text: str, row: Row) -> None:
        """List what a row holds that is not placed (JSON ``unplaced``), with its row."""
        self.unplaced.append(unplaced(kind, message, text, row.where))
