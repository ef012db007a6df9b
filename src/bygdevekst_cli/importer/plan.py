"""``bygdevekst import plan``: an action plan's measures from a table into ``plans/<year>.yaml``.

The table is found by its header row: columns are mapped by their words in Nynorsk and
Bokmål («Tiltak», «Ansvarleg»/«Ansvarlig», «Delmål», «Periode», «Budsjett 2026», funding
sources such as «Tiltaksmidlar 2026»), or by ``--map "Kolonne=felt"``; every table (or
sheet) with such a header is read, each by its own columns. Each row is matched
to a measure of the plan it goes into: by an id column, else by its number with a title
like the old one, else by its title alone; the others are new measures.

The plan it goes into is the existing ``plans/<year>.yaml`` (kept with its comments: the
difference is shown, and written only with ``update``), or else what ``plan new`` makes
from the latest earlier plan (``plannew.roll_forward``), or a pilot's first plan. Only
what the table says is set: an empty cell leaves the field as it was (unknown is never 0).
Setting the new year's budget is the normal work of a plan; any other change of a measure
from last year's plan needs a reason, read from a reason column or listed as missing.

Tables are read as case officers lay them out: a sub-goal's heading row («Delmål 2: …»)
gives the rows under it their sub-goal, the header typed again down the table and sum rows
are no measures, a dash is an unknown amount, and of a workbook with a sheet per year only
the plan year's sheet is read.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from bygdevekst_cli.diff import PilotDiff, diff_funding, diff_plans, diff_schedule
from bygdevekst_cli.editing import layout, roundtrip, scaffold
from bygdevekst_cli.editing.newpilot import ID_MAX_LENGTH, ID_PATTERN
from bygdevekst_cli.editing.plannew import (
    NewPlan,
    refuse_misnamed_plan,
    retitle_head,
    roll_forward,
)
from bygdevekst_cli.editing.version import with_version
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.findings import Report, cut
from bygdevekst_cli.fsutil import atomic_write
from bygdevekst_cli.importer import matching, ocr
from bygdevekst_cli.importer.amounts import (
    CURRENCY,
    GROUPS,
    MILLION,
    MILLION_KRONER,
    THOUSAND_KRONER,
    THOUSANDS,
    kroner_from_text,
)
from bygdevekst_cli.importer.blocks import Changes
from bygdevekst_cli.importer.headings import named_goal
from bygdevekst_cli.importer.sentences import cell_names
from bygdevekst_cli.importer.tables import Cell, Row, is_formula, is_percent, read_tables
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.models import FILE_KINDS, ActionPlan, Language, Pilot
from bygdevekst_cli.models.plan import FundingSource
from bygdevekst_cli.pilotset import PLANS_DIR, read_pilot
from bygdevekst_cli.rules.period import agreement_years, outside
from bygdevekst_cli.types import FIRST_YEAR, LAST_YEAR, MAX_KRONER

_FIELDS = (
    "id", "number", "title", "description", "sub_goal", "responsible", "partners",
    "period", "start_year", "end_year", "status", "change_reason", "assessment",
)  # fmt: skip
_HEADERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(matching.patterns("plan.headers").items())
_SOURCES: tuple[tuple[FundingSource, re.Pattern[str]], ...] = tuple(
    (FundingSource(source), pattern)
    for source, pattern in matching.patterns("plan.sources").items()
)
_BUDGET = matching.pattern("plan.budget")
_BUDGET_ALONE = matching.pattern("plan.budget_alone")
_INTERNAL = matching.pattern("plan.internal")
_NOTHING = matching.pattern("plan.nothing")
_SUM_ROW = matching.pattern("plan.sum_row")
_SUM_TITLE = matching.pattern("plan.sum_title")
_TOTAL = matching.pattern("plan.total")
_YEAR = re.compile(r"\b(20\d\d)\b")
_YEARS = matching.pattern("plan.years")
_CENTURY = 100
_NEGATIVE = re.compile(r"^\(\s*(.+?)\s*\)$")
"""«(50 000)»: a negative amount as accounts write it."""
_HEADER_THOUSANDS = matching.pattern("plan.header_thousands")
_HEADER_MILLIONS = matching.pattern("plan.header_millions")
_SCALED = matching.pattern("plan.scaled")
_UNIT_NOTE = matching.pattern("plan.unit_note")
_DIGITS = 15
"""The significant digits a spreadsheet's number has (IEEE doubles, as Excel shows them)."""
_NUMBER = re.compile(r"^(\d{1,2})[.,](\d{1,3})\.?$")
"""A measure's number «1.2», or «1,2» as Norwegian Excel writes the number 1.2 in a CSV file."""
_FIRST_INT = re.compile(r"(?<!\d)\d{1,3}(?!\d)")
_SUB_GOALS = matching.pattern("plan.sub_goals")
_GOAL_PART = matching.pattern("plan.sub_goal_part")
_LABELLED_NUMBER = matching.pattern("plan.labelled_number")
_ISO_DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
"""A date cell as read (``tables`` gives a date cell its day, as a CSV export writes it)."""
_DATE = re.compile(r"^(?:(20\d\d)-\d\d-\d\d|\d{1,2}\.\d{1,2}\.(20\d\d))$")
_PERIOD = matching.pattern("plan.period", when=matching.text("plan.period_when"))
_STATUS = {
    str(status): matching.words(f"plan.status.{status}") for status in matching.value("plan.status")
}
_MUNICIPALITY_SUFFIX = matching.text("parties.municipality_suffix")
_SAME_NUMBER = 0.5
_SAME_TITLE = 0.85
_SURE_HEADER = 3
"""A row naming this many fields is a header; one naming fewer must look like one."""
_HEADER_LENGTH = 60
_HEADER_WORDS = 8
"""The longest header cell («Samla budsjett 2026 (i 1000 kr)»): a longer text is a note."""
_IDS = ("id", "number")
"""The fields that name a measure, read as the sheet shows them."""
_CELL_ERROR = matching.pattern("plan.cell_error")
"""The value of a formula that failed, as Excel and LibreOffice show and store it."""
_LATER = ("title", "sub_goal")
"""Fields read after the others: the title first of all, the sub-goal once the number is."""
_PLAN_KIND = next(kind for kind in FILE_KINDS if kind.model is ActionPlan)


@dataclass
class RowMeasure:
    where: str
    values: dict[str, Any]
    budget: dict[int, dict[str, int]]
    id: str = ""
    title: str = ""
    match: str = "new"
    """How the row found its measure: ``id``, ``number``, ``title`` or ``new``."""
    number_cell: str = ""
    """The id or number as a spreadsheet's number cell holds it («1.1»), which cannot say
    whether «1.10» was typed (Excel drops the zero): named when the number is in doubt."""


@dataclass
class PlanImport:
    display: str
    pilot_display: str
    language: str
    year: int
    text: str
    rows: list[RowMeasure]
    existed: bool
    base: str
    """What the plan started from: ``existing``, ``previous:<year>`` or ``first``."""
    diff: str = ""
    """The plan file's lines before and after (unified diff), when it existed."""
    measures: PilotDiff | None = None
    """The measures before and after (new, changed, closed), when the plan existed."""
    repairs: dict[tuple[str, str], int] = field(default_factory=dict)
    """OCR repairs in the table's cells: ``(as scanned, repaired)`` → how often."""
    written: bool = False
    not_in_table: list[str] = field(default_factory=list)
    needs_reason: list[tuple[str, str]] = field(default_factory=list)
    guesses: list[str] = field(default_factory=list)
    unplaced: list[dict[str, Any]] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    """Where the measures read from rows the spreadsheet hides stand (``Ark1:7``)."""
    hidden_columns: list[dict[str, str]] = field(default_factory=list)
    """The columns the spreadsheet hides that were left out though their header names a
    field: ``sheet``, ``column`` (its letter) and ``header``."""
    notices: list[str] = field(default_factory=list)
    """How the file was read, where the user should know (``TablesRead.notices``)."""
    report: Report | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.display,
            "year": self.year,
            "base": self.base,
            "written": self.written,
            "placed": [
                {"id": r.id, "title": r.title, "match": r.match, "source": r.where}
                for r in self.rows
            ],
            "not_in_table": self.not_in_table,
            "needs_reason": [{"id": i, "fields": f} for i, f in self.needs_reason],
            "unplaced": self.unplaced,
            "guesses": self.guesses,
            "hidden_rows": self.hidden,
            "hidden_columns": self.hidden_columns,
            "notices": self.notices,
            "diff": self.diff or None,
            "measures": self.measures.to_json() if self.measures is not None else None,
            "repaired": [
                {"from": old, "to": new, "count": n}
                for (old, new), n in sorted(self.repairs.items())
            ],
            "findings": (
                {"errors": self.report.errors, "warnings": self.report.warnings}
                if self.report is not None
                else None
            ),
        }


def import_plan(
    path: Path,
    source_display: str,
    *,
    folder: Path,
    display: str,
    year: int,
    mapping: list[str],
    dry_run: bool = False,
    update: bool = False,
    changes: Changes = Changes.FAIL,
) -> PlanImport:
    files = read_pilot(folder, display)
    if files.pilot is None:
        raise UserError(cli_words()("cli.import.missing", file=f"{display}/pilot.yaml"))
    pilot = files.pilot.model
    say = cli_words(pilot.language.value)
    target = folder / PLANS_DIR / f"{year}.yaml"
    shown = f"{display.rstrip('/')}/{PLANS_DIR}/{year}.yaml"
    first, last = agreement_years(pilot)
    if outside(year, first, last):
        raise UserError(say("cli.import.plan_outside", file=shown, year=year))
    # plans/2026.YAML: a second file beside it that Windows and macOS take for the same one
    refuse_misnamed_plan(folder, display, year, year)
    overrides = _overrides(mapping, say)
    source = read_tables(path, source_display, pilot.language.value, changes)
    tables, repairs = _repair(source.tables, pilot.language)
    found = _find_tables(tables, overrides, year, source_display, say, source.suffix)
    if not found:
        raise UserError(say("cli.import.plan_no_table", file=source_display, year=year))
    found, other_years = _this_years(found, year)
    reader = _RowReader(pilot, source_display, say, {})
    if files.agreement is not None:
        reader.agreement_goals = [goal.number for goal in files.agreement.model.sub_goals]
    reader.unplaced += [_other_year(table, source_display, year, say) for table in other_years]
    rows: list[RowMeasure] = []
    guesses: list[tuple[str, int]] = []
    for table in found:  # a table per sub-goal, or a sheet per sub-goal: every one is read
        if table.continues:  # the rows of the table before go on: its sub-goal, its numbers
            told = say("cli.import.plan_goes_on", table=table.continues, header=table.name)
            reader.assumed.append(told)
        else:
            reader.start(table)
        read = [m for m in (reader.read(row) for row in table.measures()) if m is not None]
        unread = _unread_columns(table, read, source_display, say, source.suffix, year)
        reader.unplaced += [u for u in unread if u not in reader.unplaced]  # once if split
        reader.unplaced += _unheaded(table, read, source_display, say, source.suffix)
        rows += read
        guesses += [guess for guess in table.guesses if guess not in guesses]
    if not rows:  # nothing to import: the plan would be written from the table unchanged
        where = found[0].header_where
        raise UserError(say("cli.import.plan_empty_table", file=source_display, row=where))
    _refuse_repeated(rows, source_display, say)
    tree, base = _base(folder, display, target, shown, year, pilot)
    existing = _measures(tree)
    _match(rows, existing, year)
    _refuse_bad_ids(rows, found, source_display, say)
    for row in rows:
        _apply(existing, row)
    text = with_version(
        layout.format_text(roundtrip.dumps(tree), shown, ActionPlan, _schema(target))
    )
    if base.startswith("previous:"):  # a new year's plan, begun as plan new begins it
        text = retitle_head(text, pilot.language.value, year)
    result = PlanImport(
        shown, display, pilot.language.value, year, text, rows, target.exists(), base
    )
    result.repairs = repairs
    result.guesses = [say("cli.import.guess_budget_source", column=c, year=y) for c, y in guesses]
    result.guesses += reader.assumed
    result.unplaced = reader.unplaced
    result.hidden_columns = [
        {"sheet": table.name, "column": column_letter(i), "header": header}
        for table in found
        for i, header in table.left_out
    ]
    result.notices = [*source.notices, *_hidden_text(found, source_display, say)]
    hidden = {row.where for table in found for row in table.rows if row.hidden}
    result.hidden = [row.where for row in rows if row.where in hidden]
    matched = {row.id for row in rows}
    result.not_in_table = [str(m.get("id")) for m in existing if str(m.get("id")) not in matched]
    result.needs_reason = _needs_reason(files, text, shown, year)
    if result.existed:
        result.measures = _measure_diff(files, year, text, shown, source_display)
        old = target.read_text(encoding="utf-8")
        result.diff = "".join(
            difflib.unified_diff(
                old.splitlines(keepends=True), text.splitlines(keepends=True), shown, shown
            )
        )
    if dry_run or (result.existed and not update):
        return result
    try:
        atomic_write(target, text, within=folder)
    except OSError as exc:
        raise UserError(say("cli.import.cannot_write", file=shown, reason=exc)) from None
    result.written = True
    from bygdevekst_cli.validate import validate_pilot

    result.report = validate_pilot(read_pilot(folder, display))
    return result


def _hidden_text(tables: list[_Table], display: str, say: Any) -> list[str]:
    """A notice for each row of a Word plan table with hidden text left out, naming the
    table and the row (``<table>:<row>``): Word hides it, but someone wrote it there."""
    return [
        say("cli.import.plan_hidden_text", file=display, table=table, row=row)
        for table, row in (r.where.split(":", 1) for t in tables for r in t.rows if r.hidden_text)
    ]


def _schema(target: Path) -> str:
    return layout.schema_reference(target, PurePosixPath(PLANS_DIR, target.name), _PLAN_KIND)


# --- the table and its columns ---------------------------------------------------------


def _repair(
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


def sub_goals(text: str) -> list[int]:
    """The sub-goals a «Delmål» cell names, in order: «2», «Delmål 2: …» → [2]; «1 og 2»,
    «1, 2», «1 + 2», «delmål 1 og delmål 2», «1/2» → [1, 2]; «1–3» → [1, 2, 3]. A cell whose
    first number is not a list of them gives that number alone, as before. A number with
    a part after it («2a», «2 a)», «2.1») names no sub-goal exactly: none is given (never
    the neighbour 2)."""
    listed = _SUB_GOALS.match(text)
    if listed is None or not listed[1]:
        first = _FIRST_INT.search(text)
        if first is None or _GOAL_PART.match(text, first.end()):
            return []
        return [int(first.group())]
    if _GOAL_PART.match(text, listed.end(1)):
        return []
    goals: list[int] = []
    tokens = re.findall(r"\d+|[-–]", listed[1])
    for index, token in enumerate(tokens):
        if not token.isdigit():
            continue
        number = int(token)
        if index and tokens[index - 1] in "-–" and goals and goals[-1] < number:
            goals += range(goals[-1] + 1, number)  # «1–3»: 1, 2 and 3
        goals.append(number)
    return list(dict.fromkeys(goals))


def column_letter(position: int) -> str:
    """A spreadsheet's name for the column at ``position`` (0-based): A, …, Z, AA, …"""
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _known(value: Cell) -> Cell:
    """A cell as read: a dash alone («-», «–») says there is nothing (or nothing known)
    there, as an empty cell does; never an amount of 0."""
    return None if isinstance(value, str) and _NOTHING.match(value) else value


def _as_shown(number: float) -> float:
    """A spreadsheet's number to the 15 significant digits Excel and LibreOffice compute
    and show: a formula's share of an amount (``=B3*35%``) is stored with binary residue,
    435049.99999999994 for the 435 050 the sheet shows."""
    return float(f"{number:.{_DIGITS}g}")


def _as_written(row: Row, position: int, name: str) -> Cell:
    """A cell as the sheet shows it where that is the measure's id or number («1.10» for
    1.1 formatted with two decimals); any other field's cell as it holds it."""
    return row.shown.get(position, row.cells[position]) if name in _IDS else row.cells[position]


def _shown_cell(row: Row, position: int) -> str:
    """The cell at ``position`` as the sheet shows it («35 %»), for messages."""
    return row.shown.get(position, str(row.cells[position]))


def _unread_formula(value: Cell) -> bool:
    """Whether a cell is a formula without a value, or one whose value is an error."""
    return is_formula(value) or (isinstance(value, str) and bool(_CELL_ERROR.match(value)))


def _fraction(value: Cell) -> bool:
    """Whether a cell is a number cell with a fraction («1.1»), not text."""
    return isinstance(value, float) and not value.is_integer()


def _goal_heading(row: Row) -> int | None:
    """The sub-goal a row names when it is a group's heading: its one cell «Delmål 2: …»."""
    filled = [cell for cell in row.cells if cell is not None]
    if len(filled) != 1 or not isinstance(filled[0], str):
        return None
    return named_goal(filled[0])


def _numeral(value: Cell) -> bool:
    """Whether a cell reads as a measure's or sub-goal's number («3», «1.2»), not as text."""
    text = str(value).strip()
    return isinstance(value, (int, float)) or text.isdigit() or bool(_NUMBER.match(text))


def _refuse_repeated(rows: list[RowMeasure], display: str, say: Any) -> None:
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


def _refuse_bad_ids(rows: list[RowMeasure], tables: list[_Table], display: str, say: Any) -> None:
    """Refuse an id column's value that a new measure would get as its id but that is no
    id (lower case, no spaces: «T 3/5»), before a plan is written that would not validate.
    A value that found its measure otherwise (by number or title) was never used."""
    column = next((t.headers["id"] for t in tables if "id" in t.headers), "id")
    for row in rows:
        wanted = row.values.get("id")
        if row.id != wanted or row.match != "new":
            continue
        if not ID_PATTERN.match(row.id) or len(row.id) > ID_MAX_LENGTH:
            raise UserError(
                say(
                    "cli.import.plan_bad_id",
                    file=display,
                    row=row.where,
                    value=row.id,
                    column=column,
                )
            )


def _overrides(mapping: list[str], say: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in mapping:
        if map_item_wrong(item):
            raise UserError(bad_map(item, say))
        header, _, target = item.partition("=")
        found[_norm(header)] = target.strip()
    return found


def bad_map(item: str, say: Callable[..., str]) -> str:
    """The message for a wrong ``--map`` item: the fields it may name, and the funding
    sources a budget's field ends in (the codes, as they are written in the plan)."""
    sources = ", ".join(source.value for source in FundingSource)
    return say("cli.import.plan_bad_map", item=item, sources=sources)


def map_item_wrong(item: str) -> bool:
    """Whether ``item`` of ``--map`` is not «Column=field» with a field a measure has
    (``_FIELDS``, or ``budget.YEAR.source``)."""
    header, sep, target = item.partition("=")
    target = target.strip()
    budget = re.fullmatch(r"budget\.(20\d\d)\.(\w+)", target)
    valid = target in _FIELDS or (
        budget is not None and budget[2] in {s.value for s in FundingSource}
    )
    return not sep or not header.strip() or not valid


def _norm(text: object) -> str:
    return " ".join(str(text).lower().replace("\n", " ").split()).strip(" :")


def _scale(header: str) -> int:
    """What a budget column's numbers are counted in, by its header: 1000 for «Budsjett
    2026 (i 1000 kr)» or «tkr», a million for «(mill. kr)», else 1 (kroner)."""
    text = _norm(header)
    if _HEADER_THOUSANDS.search(text):
        return THOUSAND_KRONER
    return MILLION_KRONER if _HEADER_MILLIONS.search(text) else 1


def _whole_kroner(value: Cell, scale: int) -> int | None:
    """Whole kroner of an amount cell (``scale``: what its column counts in), or None."""
    negative = _NEGATIVE.match(value.strip()) if isinstance(value, str) else None
    if negative is not None:  # refused as a negative amount, not as no amount at all
        amount = _whole_kroner(negative[1], scale)
        return None if amount is None else -amount
    if scale != 1:
        return _scaled(value, scale)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and _as_shown(value).is_integer():
        return int(_as_shown(value))
    return kroner_from_text(str(value))


def _in_kroner(value: Cell) -> bool:
    """Whether a cell names kroner as its unit («kr 1 500 000», «1 500 000,-»): in a column
    counted in thousands or millions it says two units, and neither is guessed."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    own_unit = MILLION.match(CURRENCY.sub("", text).strip()) or THOUSANDS.match(text)
    return own_unit is None and CURRENCY.search(text) is not None


def _scaled(value: Cell, scale: int) -> int | None:
    """Whole kroner of a cell in a column counted in thousands or millions («12,5» →
    12 500); a cell with its own unit («1,2 mill.», «300'») is read by that; None for
    anything else and for an amount that is no whole kroner (never a rounded guess)."""
    if isinstance(value, (int, float)):
        number = Decimal(repr(_as_shown(float(value)))) if isinstance(value, float) else value
    else:
        text = CURRENCY.sub("", str(value)).strip()
        if MILLION.match(text) or THOUSANDS.match(text):
            return kroner_from_text(text)
        found = _SCALED.match(text)
        if found is None:
            return None
        whole = GROUPS.sub("", found[1])
        number = Decimal(f"{whole}.{found[2] or 0}")
    amount = Decimal(number) * scale
    return int(amount) if amount == amount.to_integral_value() else None


def _column(header: Cell, overrides: dict[str, str], year: int) -> tuple[str | None, bool]:
    """The field a header stands for, and whether its funding source is assumed."""
    if header is None:
        return None, False
    text = _norm(header)
    if text in overrides:
        return overrides[text], False
    if _INTERNAL.search(text):  # «Status (intern)»: the office's own notes, no field
        return None, False
    found_year = _YEAR.search(text)
    source = next((s for s, pattern in _SOURCES if pattern.search(text)), None)
    if source is not None or (_BUDGET.search(text) and found_year) or _BUDGET_ALONE.match(text):
        if _period_budget(text):  # named to the user as such (``_unread_columns``)
            return None, False
        budget_year = int(found_year[1]) if found_year else year
        chosen = source or FundingSource.STATE_MEASURE_FUNDS
        return f"budget.{budget_year}.{chosen.value}", source is None
    return next((name for name, pattern in _HEADERS if pattern.search(text)), None), False


def _period_budget(header: Cell) -> bool:
    """Whether a header is a budget's over more than one year («Budsjett 2026–2028»,
    «Tiltaksmidlar 2026/27», «… 2025 og 2026»): its amounts are a period's, and a budget
    line is one year's."""
    text = _norm(header)
    budget = _BUDGET.search(text) or any(pattern.search(text) for _, pattern in _SOURCES)
    return bool(budget and _YEARS.search(text))


@dataclass
class _Table:
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
        """Budget field → what its column counts in (1000: «(i 1000 kr)», see ``_scale``;
        else the unit of the note beside the table) and its header, the lower header row's
        words with the upper's («Budsjett 2026» over «Tiltaksmidlar (tkr)»), for the
        columns not in kroner."""
        found = {
            name: (_scale(str(self.header[i])), str(self.header[i]))
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
            any(
                i < len(h) and h[i] is not None and _norm(h[i]) == _norm(c)
                for h in self.header_rows
            )
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
            if isinstance(cell, str) and _UNIT_NOTE.match(cell) and _scale(cell) != 1:
                return _UnitNote(_scale(cell), cell, row.where)
    return None


def _unit_above(found: list[_Table], suffix: str) -> _UnitNote | None:
    """The unit a note gave a Word table above, which holds for the tables after it (a
    table per sub-goal under one «Alle tal i tusen kroner»); a sheet has its own."""
    return found[-1].unit if found and suffix == ".docx" else None


def _find_tables(
    tables: list[list[Row]],
    overrides: dict[str, str],
    year: int,
    display: str,
    say: Any,
    suffix: str,
) -> list[_Table]:
    """Every table with a header row that names a measure's title, wherever it stands
    (under a title block, a logo, notes): its rows after it (refused when it names one
    budget twice, see ``_twice``). A note that begins with a header's words is no header
    (``_header_like``).

    A header of two rows (a merged «Budsjett 2026» over «Tiltaksmidlar» and «Eigne midlar»)
    is read as one: each lower cell joined to the upper cell it stands under. A Word table
    without a header row right after a plan's table of its width goes on from it (``_goes_on``).
    """
    found: list[_Table] = []
    for rows in tables:
        headed = len(found)
        for index, row in enumerate(rows):
            hidden = _hidden(row, overrides)
            not_read = hidden | _totals(row.cells, overrides, year)
            columns, guesses = _columns(row.cells, overrides, year, not_read)
            if "title" not in columns.values() or len(columns) < 2:
                continue
            if len(columns) < _SURE_HEADER and not _header_like(row, columns):
                continue
            cells, start = row.cells, index + 1
            header_rows: tuple[tuple[Cell, ...], ...] = (row.cells,)
            below = rows[start] if start < len(rows) else None
            if below is not None and _sub_header(row.cells, below.cells, columns):
                cells, start = _joined(row.cells, below.cells), start + 1
                not_read = hidden | _totals(cells, overrides, year)
                columns, guesses = _columns(cells, overrides, year, not_read)
                header_rows = (row.cells, below.cells)
            twice = _twice(cells, columns, overrides, year, not_read)
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
            goals = [g for g in map(_goal_heading, rows[:index]) if g is not None]
            found.append(
                _Table(
                    rows[start:],
                    columns,
                    guesses,
                    headers,
                    header_rows,
                    row.where,
                    goals[-1] if goals else None,
                    _left_out(cells, hidden, overrides, year),
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


def _title(rows: list[Row]) -> str:
    """The title over a sheet's header: the first row above it of one text cell."""
    alone = ([c for c in row.cells if c is not None] for row in rows)
    return next((cells[0] for cells in alone if len(cells) == 1 and isinstance(cells[0], str)), "")


def _goes_on(found: list[_Table], rows: list[Row]) -> _Table | None:
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


def _unheaded(
    table: _Table, read: list[RowMeasure], display: str, say: Any, suffix: str
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
        _unplaced(
            "column",
            say(
                "cli.import.plan_no_header",
                file=display,
                row=row.where,
                column=_column_name(position, suffix),
                value=cut(_shown_cell(row, position)),
            ),
            _shown_cell(row, position),
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


def _unread_columns(
    table: _Table, read: list[RowMeasure], display: str, say: Any, suffix: str, year: int
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
        _unplaced(
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


def _unplaced(kind: str, message: str, text: str, source: str) -> dict[str, Any]:
    """One entry of the import's JSON ``unplaced``: what was not placed in the plan, where."""
    return {"kind": kind, "message": message, "text": text, "source": source}


def _column_name(position: int, suffix: str) -> str:
    """A column as the file names it: Word tables by number, sheets by letter."""
    return str(position + 1) if suffix == ".docx" else column_letter(position)


def _this_years(found: list[_Table], year: int) -> tuple[list[_Table], list[_Table]]:
    """The tables to read, and those left out: in a workbook with a sheet per year (one of
    them named or titled for the plan's year, another for another year), only the plan
    year's sheet is read. The sheets for other years are those years' plans; read too, their
    measures would be taken into this year's plan. A sheet for no year beside them sums up
    the years («Oppsummering», a column per year): read too, each measure was refused as on
    two rows. Where no other year is named, every sheet is read (a sheet per sub-goal)."""
    years = {table.year() for table in found} - {None}
    if year not in years or len(years) == 1:
        return found, []
    read = [table for table in found if table.year() == year]
    return read, [table for table in found if table not in read]


def _other_year(table: _Table, display: str, year: int, say: Any) -> dict[str, Any]:
    """The note on a sheet left out as another year's, or as a summary beside the year's."""
    key = "cli.import.plan_other_year" if table.year() else "cli.import.plan_summary_sheet"
    message = say(key, file=display, sheet=table.name, year=year)
    return _unplaced("sheet", message, table.name, table.name)


def _hidden(header: Row, overrides: dict[str, str]) -> frozenset[int]:
    """The hidden columns to leave out: all the sheet hides but those ``--map`` names."""
    cells = header.cells
    return frozenset(
        i
        for i in header.hidden_columns
        if i >= len(cells) or cells[i] is None or _norm(cells[i]) not in overrides
    )


def _left_out(
    cells: tuple[Cell, ...], hidden: frozenset[int], overrides: dict[str, str], year: int
) -> list[tuple[int, str]]:
    """The hidden columns that would have been read (their header names a field), by
    position and header: named to the user, never read without a word."""
    return [
        (i, str(cells[i]))
        for i in sorted(hidden)
        if i < len(cells) and _column(cells[i], overrides, year)[0] is not None
    ]


def _totals(cells: tuple[Cell, ...], overrides: dict[str, str], year: int) -> frozenset[int]:
    """The budget columns that are the sum of the funding sources' columns beside them
    («Samla budsjett 2026», «Budsjett 2026» over «Sum»): not read, as the plan adds up its
    sources itself, and named as such. Before, the import was refused as naming one budget
    twice. A total with no source beside it is the plan year's budget, as before."""
    read = {i: _column(cell, overrides, year) for i, cell in enumerate(cells)}
    if not any(
        name and name.startswith("budget.") and not assumed for name, assumed in read.values()
    ):
        return frozenset()
    return frozenset(
        i for i, (_, assumed) in read.items() if assumed and _TOTAL.search(_norm(cells[i]))
    )


def _columns(
    cells: tuple[Cell, ...], overrides: dict[str, str], year: int, hidden: frozenset[int]
) -> tuple[dict[int, str], list[tuple[str, int]]]:
    columns: dict[int, str] = {}
    guesses: list[tuple[str, int]] = []
    for position, header in enumerate(cells):
        if position in hidden:
            continue
        name, assumed = _column(header, overrides, year)
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
    title = next(i for i, name in columns.items() if name == "title")
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
    if not pairs or not all(_numeral(n) or _LABELLED_NUMBER.match(str(n)) for n, _ in pairs):
        return columns
    if not all(isinstance(t, str) and not _numeral(t) for _, t in pairs):
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
    title = next(i for i, name in columns.items() if name == "title")
    title_below = lower[title] if title < len(lower) else None
    texts = [(i, c) for i, c in enumerate(lower) if c is not None]
    new = [i for i, c in texts if i >= len(spans) or c != spans[i]]
    return (
        bool(texts)
        and all(isinstance(c, str) for _, c in texts)
        and title_below in (None, upper[title])
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
) -> tuple[str, str, str] | None:
    """A budget a header row names twice («Budsjett 2026» in two columns): the field, the
    first and the second header. Only the first column would be read, the other's amounts
    lost without a word."""
    for position, header in enumerate(cells):
        if position in hidden:
            continue
        name, _ = _column(header, overrides, year)
        if name and name.startswith("budget.") and columns.get(position) != name:
            first = next(cells[i] for i, n in columns.items() if n == name)
            return name, str(first), str(header)
    return None


class _RowReader:
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

    def start(self, table: _Table) -> None:
        """Read the rows of ``table`` next, by its columns and its headers; a budget column
        in thousands or millions of kroner is said to be read so."""
        self.columns, self.headers, self.goal = table.columns, table.headers, table.goal
        self.numbers, self.last = {}, None
        self.scales = {name: scale for name, (scale, _) in table.scales().items()}
        note = table.unit
        for scale, header in table.scales().values():
            if note is None or _scale(header) != 1:  # the header gives the unit
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
        goal = _goal_heading(row)
        if goal is not None:  # a group's heading: its sub-goal holds for the rows under it
            self.goal = goal
            self._untitled(row, cells)
            return None
        title = cells.get("title")
        if title is None:
            self._untitled(row, cells)
            return None
        self._refuse_formulas(cells, row)
        values: dict[str, Any] = {"title": str(title)}
        for name, value in cells.items():
            if value is not None and name not in _LATER and not name.startswith("budget."):
                self._field(name, value, row, values)
        if cells.get("sub_goal") is not None:
            self._sub_goal(cells["sub_goal"], row, values)
        if cells.get("sub_goal") is None and "sub_goal" in values:  # by a number, «7.1»
            self._goal_numbered(values["sub_goal"], row, cells)
        if "sub_goal" not in values and self.goal is not None:
            values["sub_goal"] = self.goal
            self._in_agreement(self.goal, row, self.goal, "")
        if "sub_goal" not in values:
            if any(cells.get(k) is not None for k in ("number", "sub_goal", "id")):
                raise UserError(
                    self.say("cli.import.plan_no_goal", file=self.display, row=row.where)
                )
            key = "cli.import.plan_row_unplaced"
            message = self.say(key, file=self.display, row=row.where, title=values["title"])
            self._not_placed("row", message, values["title"], row)
            return None
        if not {"number", "id"} & set(values) and _SUM_TITLE.match(values["title"]):
            self._untitled(row, cells)  # «Sum delmål 1» under its group: a sum, no measure
            return None
        number_cell = next((str(v) for k in _IDS if _fraction(v := cells.get(k))), "")
        if "number" in values:
            self._in_order(values, row, number_cell)
        budget = self._budget(cells, row)
        self._notes(row)
        return RowMeasure(row.where, values, budget, title=str(title), number_cell=number_cell)

    def _notes(self, row: Row) -> None:
        """Name each read cell of a measure's row with a footnote or endnote, which is not
        read: it may say the cell is not what it seems («ikkje vedteke»); and each with a
        table in it, whose words are not the cell's (a budget by source: before, the
        measure was written without it, saying nothing)."""
        for position, name in sorted(self.columns.items()):
            if position in row.notes and position < len(row.cells) and row.cells[position]:
                value = _shown_cell(row, position)
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

    def _continues(self, row: Row) -> bool:
        """Whether a row goes on with the measure above: its title cell is merged down
        into it, and its id and number cells too (or are empty). One measure over several
        budget rows, a row for each source or year."""
        title = next(i for i, name in self.columns.items() if name == "title")
        keys = [i for i, name in self.columns.items() if name in _IDS]
        return title in row.merged_down and all(
            i in row.merged_down or i >= len(row.cells) or row.cells[i] is None for i in keys
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
            if value is None or position in row.merged_down or same:
                continue
            column = self._header(name)
            _, year, source = name.split(".") if budget else ("", "0", "")
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
            _, budget_year, source = name.split(".")
            column = self._header(name)
            amount = self._amount(value, row, column, self.scales.get(name, 1))
            budget.setdefault(int(budget_year), {})[source] = amount
        return budget

    def _untitled(self, row: Row, cells: dict[str, Cell]) -> None:
        """A row without a title: a sum row, or a note (a group's heading, «Delmål 1: …»,
        one cell merged across the row), is listed as not placed (never dropped without a
        word); a row with a measure's number, id or sub-goal is an error, unless that cell is
        the row's only one and holds text, not a number (the heading of a group)."""
        texts = [c for c in row.cells if isinstance(c, str)]
        keys = [cells.get(k) for k in ("number", "id", "sub_goal") if cells.get(k) is not None]
        alone = sum(c is not None for c in row.cells) == 1
        heading = alone and not any(_numeral(k) for k in keys)
        if any(_SUM_ROW.match(text) for text in texts):
            key = "import2.sum_row"
        elif keys and not heading:
            raise UserError(self.say("cli.import.plan_no_title", file=self.display, row=row.where))
        else:
            key = "import2.note_row"
        shown = " ".join(_shown_cell(row, i) for i, c in enumerate(row.cells) if c is not None)
        message = self.say(key, file=self.display, row=row.where, text=shown)
        self._not_placed("row", message, texts[0] if texts else shown, row)

    def _header(self, name: str) -> str:
        return self.headers.get(name, name)

    def _field(self, name: str, value: Cell, row: Row, values: dict[str, Any]) -> None:
        text = " ".join(str(value).split())
        if name == "number":
            found = _NUMBER.match(text)
            labelled = _LABELLED_NUMBER.match(text)
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
        if scale != 1 and _in_kroner(value):  # «kr 1 500 000» where the column counts 1000s
            raise self._refused(f"cli.import.plan_unit_conflict_{scale}", value, row, column)
        amount = None if is_percent(shown) else _whole_kroner(value, scale)
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
        wanted = _norm(text)
        for party in self.pilot.parties:
            names = {party.id, _norm(party.name), _norm(party.short_name or "")}
            names.add(_norm(party.name).removesuffix(_MUNICIPALITY_SUFFIX))
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
        self.unplaced.append(_unplaced(kind, message, text, row.where))


# --- the plan the rows go into -----------------------------------------------------------


def _base(
    folder: Path, display: str, target: Path, shown: str, year: int, pilot: Pilot
) -> tuple[CommentedMap, str]:
    if target.exists():
        return roundtrip.load(target, shown), "existing"
    earlier = sorted(
        int(p.stem)
        for p in (folder / PLANS_DIR).glob("*.yaml")
        if p.stem.isdigit() and int(p.stem) < year
    )
    if not earlier:
        text = scaffold.first_plan(pilot, year, _schema(target))
        return roundtrip.loads(text, shown), "first"
    source = folder / PLANS_DIR / f"{earlier[-1]}.yaml"
    tree = roundtrip.load(source, f"{display.rstrip('/')}/{PLANS_DIR}/{source.name}")
    layout.normalise_comments(tree)
    roll_forward(tree, year, NewPlan(target, shown, year, earlier[-1]))
    return tree, f"previous:{earlier[-1]}"


def _measures(tree: CommentedMap) -> CommentedSeq:
    measures = tree.get("measures")
    if not isinstance(measures, CommentedSeq):
        measures = CommentedSeq()
        tree["measures"] = measures
    return measures


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _norm(a), _norm(b)).ratio()


def _match(rows: list[RowMeasure], existing: CommentedSeq, year: int) -> None:
    by_id = {str(m.get("id")): m for m in existing}
    taken: set[str] = set()
    for row in rows:
        values = row.values
        number = f"{values['sub_goal']}.{values['number']}" if "number" in values else None
        if "id" in values and values["id"] in by_id:
            row.id, row.match = values["id"], "id"
        elif (
            number in by_id
            and number not in taken
            and _similar(str(by_id[number].get("title", "")), row.title) >= _SAME_NUMBER
        ):
            row.id, row.match = number, "number"
        else:
            best = max(
                (m for m in existing if str(m.get("id")) not in taken),
                key=lambda m: _similar(str(m.get("title", "")), row.title),
                default=None,
            )
            if best is not None and _similar(str(best.get("title", "")), row.title) >= _SAME_TITLE:
                row.id, row.match = str(best.get("id")), "title"
            else:
                row.id = values.get("id") or _new_id(number, values, by_id, taken, rows, year)
        taken.add(row.id)


def _new_id(
    number: str | None,
    values: dict[str, Any],
    by_id: dict[str, Any],
    taken: set[str],
    rows: list[RowMeasure],
    year: int,
) -> str:
    used = set(by_id) | taken
    if number is None:
        goal = values["sub_goal"]
        numbers = [int(i.split(".")[1]) for i in used if re.fullmatch(rf"{goal}\.\d+", i)]
        values["number"] = max(numbers, default=0) + 1
        number = f"{goal}.{values['number']}"
    return number if number not in used else f"{number}-{year}"


def _apply(existing: CommentedSeq, row: RowMeasure) -> None:
    measure = next((m for m in existing if str(m.get("id")) == row.id), None)
    if measure is None:
        measure = CommentedMap()
        measure["id"] = DoubleQuotedScalarString(row.id)
        measure["sub_goal"] = row.values["sub_goal"]
        measure["number"] = row.values.get("number", 1)
        measure["title"] = row.title
        measure["status"] = row.values.get("status", "planned")
        existing.append(measure)
    for name in _FIELDS:
        if name in row.values and name not in ("id", "period"):
            measure[name] = row.values[name]
    if row.budget:
        budget = measure.get("budget")
        if not isinstance(budget, CommentedMap):
            budget = CommentedMap()
            measure["budget"] = budget
        for budget_year, amounts in sorted(row.budget.items()):
            line = budget.get(budget_year)
            if not isinstance(line, CommentedMap):
                line = CommentedMap()
                budget[budget_year] = line
            for source, amount in amounts.items():
                line[source] = amount


# --- what needs a reason -----------------------------------------------------------------


def _parsed(text: str, shown: str) -> ActionPlan | None:
    from pydantic import ValidationError

    from bygdevekst_cli.loader import load_yaml_bytes

    try:
        return ActionPlan.model_validate(
            load_yaml_bytes(text.encode("utf-8"), Path(shown), shown).data
        )
    except ValidationError:
        return None  # validation after writing reports it with positions


def _measure_diff(
    files: Any, year: int, text: str, shown: str, source_display: str
) -> PilotDiff | None:
    """The existing plan against what the import would write, as ``bygdevekst diff`` shows
    two versions of one plan year (None when either does not validate)."""
    before = files.plans.get(year)
    after = _parsed(text, shown)
    if before is None or after is None or files.pilot is None:
        return None
    agreement = files.agreement.model if files.agreement else None
    return PilotDiff(
        pilot=files.pilot.model.id,
        from_label=shown,
        to_label=source_display,
        measures=diff_plans(before.model, after),
        funding=diff_funding(before.model, after, same_year=True),
        schedule=diff_schedule(before.model, after),
        sub_goal_titles={g.number: g.title for g in agreement.sub_goals} if agreement else {},
    )


def _needs_reason(files: Any, text: str, shown: str, year: int) -> list[tuple[str, str]]:
    """Measures changed since last year's plan, beyond this year's budget, without a reason."""
    from bygdevekst_cli.diff import measure_changes

    earlier = [y for y in files.plans if y < year]
    new = _parsed(text, shown) if earlier else None
    if new is None:
        return []
    old = {m.id: m for m in files.plans[max(earlier)].model.measures}
    needs: list[tuple[str, str]] = []
    for measure in new.measures:
        before = old.get(measure.id)
        if before is None or measure.change_reason:
            continue
        changed = [
            change.path
            for change in measure_changes(before, measure, since=year)
            if not (change.path.startswith(f"budget.{year}.") and change.old is None)
            and not (change.path == "status" and (change.old, change.new) == ("planned", "ongoing"))
        ]
        if changed:
            needs.append((measure.id, ", ".join(changed)))
    return needs
