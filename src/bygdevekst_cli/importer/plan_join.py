"""Joining a plan's budget table to its table of measures (``import plan``).

Case officers often write the measures in one table (or sheet) and their budgets in
another, by the measure's number or title («Nr», «Tiltak», «Budsjett 2026»). A table that
holds nothing but the measures' keys and budgets (``PlanTable.budget_only``) is joined to
the measures of the other tables: each of its rows gives its amounts to the measure it
names, by id, else by number, else by the same title. Two rows that give one measure
different amounts are refused, naming both rows and both amounts: which one holds cannot be
told, as are two rows of one budget table that name one measure (a row per funding
source named in a column of its own: summed, or one taken, an amount would be lost or
made up). A row that names no measure is read as any plan table's row: a measure of its own
when it has a title and a sub-goal, listed as not placed when it has no sub-goal, and
refused when it has no title (its amounts would otherwise be lost without a word).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.formatting import kroner
from bygdevekst_cli.importer.plan_cells import norm
from bygdevekst_cli.importer.plan_report import unplaced as note
from bygdevekst_cli.importer.plan_rows import RowMeasure
from bygdevekst_cli.importer.plan_table import PlanTable


def join_budgets(
    read: list[tuple[PlanTable, list[RowMeasure]]],
    display: str,
    suffix: str,
    say: Any,
    unplaced: list[dict[str, Any]],
) -> list[RowMeasure]:
    """The measures of every table read (``read``: each table with its rows), the rows of
    its budget tables joined to the measures they name; the rows of a budget table that
    name no measure and have no sub-goal are listed in ``unplaced``."""
    measures = [row for table, rows in read if not table.budget_only for row in rows]
    budget_rows = [(table, row) for table, rows in read if table.budget_only for row in rows]
    if not measures or not budget_rows:
        _refuse_untitled([row for _, rows in read for row in rows], display, say)
        return _placed([row for _, rows in read for row in rows], display, say, unplaced)
    origins: dict[tuple[int, int, str], str] = {}
    """(measure, year, source) → where the amount the measure has came from."""
    kept: list[RowMeasure] = []
    named: dict[tuple[str, int], str] = {}
    """(budget table, measure) → the table's row that named the measure first."""
    for table, row in budget_rows:
        measure = _named(row, measures)
        if measure is None:
            if not row.title:
                name = _key(row)
                raise UserError(
                    say("cli.import.plan_budget_unmatched", file=display, row=row.where, key=name)
                )
            kept.append(row)
            continue
        first = named.setdefault((table.name, id(measure)), row.where)
        if first != row.where:  # a row per source in a «Kjelde» column: one would be lost
            raise UserError(
                say(
                    "cli.import.plan_same_number",
                    file=display,
                    row=row.where,
                    number=_key(row),
                    first=first,
                )
            )
        _join(row, measure, origins, lambda w: place(w, suffix, say), display, say)
        row.match = "joined"
        measure.joined.append(row.where)
    key = "cli.import.plan_budget_row_unplaced"
    return [*measures, *_placed(kept, display, say, unplaced, key)]


def _placed(
    rows: list[RowMeasure],
    display: str,
    say: Any,
    unplaced: list[dict[str, Any]],
    key: str = "cli.import.plan_row_unplaced",
) -> list[RowMeasure]:
    """The rows that are measures of their own: a budget table's row without a sub-goal,
    which named no measure, is listed as not placed (``key``: as any plan table's row
    would be, or as a budget row that names no measure beside a table of measures)."""
    for row in rows:
        if "sub_goal" not in row.values:
            message = say(key, file=display, row=row.where, title=row.title)
            unplaced.append(note("row", message, row.title, row.where))
    return [row for row in rows if "sub_goal" in row.values]


def joined_notices(
    read: list[tuple[PlanTable, list[RowMeasure]]], suffix: str, say: Any
) -> list[str]:
    """A notice for each budget table whose rows were joined to the measures: which table,
    and how many of its rows."""
    notices: list[str] = []
    for table, table_rows in read:
        count = sum(1 for row in table_rows if row.match == "joined")
        if table.budget_only and count:
            key = (
                "cli.import.plan_table_name" if suffix == ".docx" else "cli.import.plan_sheet_name"
            )
            name = say(key, table=table.name)
            notices.append(say.plural("cli.import.plan_budget_joined", count, table=name))
    return notices


def _refuse_untitled(rows: list[RowMeasure], display: str, say: Any) -> None:
    """Refuse a row without a title where there is no table of measures to join it to."""
    for row in rows:
        if not row.title:
            raise UserError(say("cli.import.plan_no_title", file=display, row=row.where))


def _key(row: RowMeasure) -> str:
    """How a budget row names its measure, for messages: its id, number or title."""
    values = row.values
    if "id" in values:
        return str(values["id"])
    if "number" in values:
        return f"{values['sub_goal']}.{values['number']}"
    return row.title


def _named(row: RowMeasure, measures: list[RowMeasure]) -> RowMeasure | None:
    """The measure a budget row names: by id, else by number (with its sub-goal), else by
    the same title (compared without case and spacing, never by likeness). A row with a
    number or id is joined by it alone: the same title under another number (a measure of
    another sub-goal) is another measure."""
    values = row.values
    if "id" in values:
        found = next((m for m in measures if m.values.get("id") == values["id"]), None)
        if found is not None:
            return found
    if "number" in values:
        key = (values.get("sub_goal"), values["number"])
        return next(
            (m for m in measures if (m.values.get("sub_goal"), m.values.get("number")) == key),
            None,
        )
    if row.title and "id" not in values:
        return next((m for m in measures if norm(m.title) == norm(row.title)), None)
    return None


def _join(
    row: RowMeasure,
    measure: RowMeasure,
    origins: dict[tuple[int, int, str], str],
    where: Callable[[str], str],
    display: str,
    say: Any,
) -> None:
    """Give ``measure`` the amounts of the budget ``row``; refuse an amount it already has
    from another row that differs, naming both rows and both amounts."""
    for year, amounts in sorted(row.budget.items()):
        line = measure.budget.setdefault(year, {})
        for source, amount in amounts.items():
            origin = origins.get((id(measure), year, source), measure.where)
            had = line.get(source)
            if had is not None and had != amount:
                raise UserError(
                    say(
                        "cli.import.plan_budget_conflict",
                        file=display,
                        measure=_key(measure),
                        year=year,
                        source=source,
                        first=where(origin),
                        first_amount=kroner(had, say.language),
                        second=where(row.where),
                        second_amount=kroner(amount, say.language),
                    )
                )
            if had is None:
                origins[(id(measure), year, source)] = row.where
            line[source] = amount


def place(where: str, suffix: str, say: Any) -> str:
    """A row as the user finds it: «tabell 2, rad 5» in a Word file, «arket «Budsjett», rad
    4» in a workbook, «rad 7» in a CSV file."""
    table, sep, row = where.rpartition(":")
    if not sep:
        return str(say("cli.import.plan_place_row", row=row))
    key = "cli.import.plan_place_table" if suffix == ".docx" else "cli.import.plan_place_sheet"
    return str(say(key, table=table, row=row))
