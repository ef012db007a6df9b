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
the plan year's sheet is read. A table (or sheet) of the measures' numbers or titles and
their budgets alone, beside the table of measures, is joined to the measures it names
(``plan_join``); a table or sheet with no header the importer knows is named as not read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from bygdevekst_cli.diff import PilotDiff
from bygdevekst_cli.editing import layout, roundtrip
from bygdevekst_cli.editing.plannew import refuse_misnamed_plan, retitle_head
from bygdevekst_cli.editing.version import with_version
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.findings import Report
from bygdevekst_cli.fsutil import atomic_write
from bygdevekst_cli.importer.blocks import Changes
from bygdevekst_cli.importer.plan_cells import column_letter, norm
from bygdevekst_cli.importer.plan_join import join_budgets, joined_notices
from bygdevekst_cli.importer.plan_merge import (
    apply_row,
    base_plan,
    match_rows,
    measure_diff,
    needs_reason,
    plan_measures,
    plan_schema,
    refuse_bad_ids,
)
from bygdevekst_cli.importer.plan_report import (
    hidden_text,
    other_year,
    unheaded,
    unread_columns,
    unread_tables,
)
from bygdevekst_cli.importer.plan_rows import FIELDS, RowMeasure, RowReader, refuse_repeated
from bygdevekst_cli.importer.plan_table import PlanTable, find_tables, repair_ocr, this_years
from bygdevekst_cli.importer.tables import Row, TablesRead, read_tables
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.models import ActionPlan
from bygdevekst_cli.models.plan import FundingSource
from bygdevekst_cli.pilotset import PLANS_DIR, read_pilot
from bygdevekst_cli.rules.period import agreement_years, outside


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
                {
                    "id": r.id,
                    "title": r.title,
                    "match": r.match,
                    "source": r.where,
                    "budget_rows": r.joined,
                }
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
    tables, repairs = repair_ocr(source.tables, pilot.language)
    found = find_tables(tables, overrides, year, source_display, say, source.suffix)
    if not found:
        raise UserError(say("cli.import.plan_no_table", file=source_display, year=year))
    found, other_years = this_years(found, year)
    reader = RowReader(pilot, source_display, say, {})
    if files.agreement is not None:
        reader.agreement_goals = [goal.number for goal in files.agreement.model.sub_goals]
    reader.unplaced += [other_year(table, source_display, year, say) for table in other_years]
    rows, joined, guesses = _read_rows(found, reader, source, source_display, say, year)
    refuse_repeated(rows, source_display, say)
    tree, base = base_plan(folder, display, target, shown, year, pilot)
    existing = plan_measures(tree)
    match_rows(rows, existing, year)
    refuse_bad_ids(rows, found, source_display, say)
    for row in rows:
        apply_row(existing, row)
    text = _plan_text(tree, base, target, shown, pilot.language.value, year)
    result = PlanImport(
        shown, display, pilot.language.value, year, text, rows, target.exists(), base
    )
    result.repairs = repairs
    result.guesses = [say("cli.import.guess_budget_source", column=c, year=y) for c, y in guesses]
    result.guesses += reader.assumed
    result.unplaced = reader.unplaced
    named = frozenset(reader.named_tables)
    result.notices = _notices(source, tables, [*found, *other_years], named, source_display, say)
    _hidden(result, found, joined)
    matched = {row.id for row in rows}
    result.not_in_table = [str(m.get("id")) for m in existing if str(m.get("id")) not in matched]
    result.needs_reason = needs_reason(files, text, shown, year)
    if result.existed:
        result.measures = measure_diff(files, year, text, shown, source_display)
        result.diff = _unified(target.read_text(encoding="utf-8"), text, shown)
    if dry_run or (result.existed and not update):
        return result
    _write(result, target, folder, say)
    return result


def _read_rows(
    found: list[PlanTable],
    reader: RowReader,
    source: TablesRead,
    display: str,
    say: Any,
    year: int,
) -> tuple[list[RowMeasure], list[RowMeasure], list[tuple[str, int]]]:
    """The measures of every table found (a table per sub-goal, or a sheet per sub-goal:
    every one is read; a table of budgets alone joined to the measures it names), the
    budget rows joined to them, and the budget columns whose funding source is assumed;
    what a table holds that is not read is listed with the reader's ``unplaced``."""
    read_by_table: list[tuple[PlanTable, list[RowMeasure]]] = []
    guesses: list[tuple[str, int]] = []
    for table in found:
        if table.continues:  # the rows of the table before go on: its sub-goal, its numbers
            told = say("cli.import.plan_goes_on", table=table.continues, header=table.name)
            reader.assumed.append(told)
        else:
            reader.start(table)
        read = [m for m in (reader.read(row) for row in table.measures()) if m is not None]
        unread = unread_columns(table, read, display, say, source.suffix, year)
        reader.unplaced += [u for u in unread if u not in reader.unplaced]  # once if split
        reader.unplaced += unheaded(table, read, display, say, source.suffix)
        read_by_table.append((table, read))
        if "source" not in table.columns.values():  # else each row names its amounts' source
            guesses += [guess for guess in table.guesses if guess not in guesses]
    rows = join_budgets(read_by_table, display, source.suffix, say, reader.unplaced)
    reader.assumed += joined_notices(read_by_table, source.suffix, say)
    if not rows:  # nothing to import: the plan would be written from the table unchanged
        where = found[0].header_where
        raise UserError(say("cli.import.plan_empty_table", file=display, row=where))
    joined = [row for _, read in read_by_table for row in read if row.match == "joined"]
    return rows, joined, guesses


def _plan_text(
    tree: CommentedMap, base: str, target: Path, shown: str, language: str, year: int
) -> str:
    """The plan file's text, laid out as ``bygdevekst`` writes plans; a new year's plan
    begun from last year's is retitled as ``plan new`` retitles it."""
    text = with_version(
        layout.format_text(roundtrip.dumps(tree), shown, ActionPlan, plan_schema(target))
    )
    if base.startswith("previous:"):
        text = retitle_head(text, language, year)
    return text


def _notices(
    source: TablesRead,
    tables: list[list[Row]],
    found: list[PlanTable],
    named: frozenset[str],
    display: str,
    say: Any,
) -> list[str]:
    """How the file was read, where the user should know: the reader's notices, the rows
    with hidden text left out, and the tables or sheets not read (another year's sheet is
    named as such, by ``other_year``; a table in a measure's cell, ``named``, with its cell)."""
    notices = [*source.notices, *hidden_text(found, display, say)]
    return notices + unread_tables(tables, found, display, say, source.suffix, named)


def _hidden(result: PlanImport, found: list[PlanTable], joined: list[RowMeasure]) -> None:
    """The hidden columns left out, and where the measures (and the budget rows joined to
    them) read from hidden rows stand."""
    result.hidden_columns = [
        {"sheet": table.name, "column": column_letter(i), "header": header}
        for table in found
        for i, header in table.left_out
    ]
    hidden = {row.where for table in found for row in table.rows if row.hidden}
    result.hidden = [row.where for row in [*result.rows, *joined] if row.where in hidden]


def _unified(old: str, new: str, shown: str) -> str:
    """The plan file's lines before and after, as a unified diff."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), shown, shown
    )
    return "".join(lines)


def _write(result: PlanImport, target: Path, folder: Path, say: Any) -> None:
    """Write the plan and validate the pilot with it."""
    try:
        atomic_write(target, result.text, within=folder)
    except OSError as exc:
        raise UserError(say("cli.import.cannot_write", file=result.display, reason=exc)) from None
    result.written = True
    from bygdevekst_cli.validate import validate_pilot

    result.report = validate_pilot(read_pilot(folder, result.pilot_display))


def _overrides(mapping: list[str], say: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in mapping:
        if map_item_wrong(item):
            raise UserError(bad_map(item, say))
        header, _, target = item.partition("=")
        found[norm(header)] = target.strip()
    return found


def bad_map(item: str, say: Callable[..., str]) -> str:
    """The message for a wrong ``--map`` item: the fields it may name, and the funding
    sources a budget's field ends in (the codes, as they are written in the plan)."""
    sources = ", ".join(source.value for source in FundingSource)
    return say("cli.import.plan_bad_map", item=item, sources=sources)


def map_item_wrong(item: str) -> bool:
    """Whether ``item`` of ``--map`` is not «Column=field» with a field a measure has
    (``FIELDS``, or ``budget.YEAR.source``)."""
    header, sep, target = item.partition("=")
    target = target.strip()
    budget = re.fullmatch(r"budget\.(20\d\d)\.(\w+)", target)
    valid = target in FIELDS or (
        budget is not None and budget[2] in {s.value for s in FundingSource}
    )
    return not sep or not header.strip() or not valid
