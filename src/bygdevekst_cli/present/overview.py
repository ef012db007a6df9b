"""The overview's output formats, registered in ``OVERVIEW_FORMATS`` (the ``--format`` choices).

Each format turns an ``Overview`` into bytes in one written standard (``lang``: ``nn`` or
``nb``; the figures are the same in every format):

- ``json``: DESIGN.md's contract (plus ``at``, ``failures`` and the free-form ``totals``);
- ``csv`` and ``xlsx``: one row per pilot; the csv's columns named by the contract's key
  paths (``budget.by_source.own_funds``), so a script reads it as it reads the JSON, the
  workbook's (for people) the same columns in the catalogue's words; an
  unknown figure is an empty cell, never 0, and so is ``grants.one_year`` when the one-year
  grants are of several years (the workbook's second sheet has every grant);
- ``text``, ``md``: for people, in the written standard;
- ``html``: the dashboard, one standalone page (``templates/overview/``), with charts as
  inline SVG (``charts``), each with its text alternative and a data table.

The language of a mixed set of pilots: the dashboard is one page, so it is written in one
standard: the pilots' own when they share one, else the command line's (``default_language``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from bygdevekst_cli import formatting
from bygdevekst_cli.charts import Chart, Series, stacked_bars
from bygdevekst_cli.language import Words, words
from bygdevekst_cli.models.agreement import Agreement
from bygdevekst_cli.models.plan import ActionPlan, FundingSource
from bygdevekst_cli.overview import STATUSES, Failure, Overview, PilotSummary, plan_budget

PLAN_COLUMNS = ("plan_status", "plan_adopted_by", "plan_awaiting", "plan_rejected_by")
"""Where the latest plan stands, beside its year: the JSON's keys (party ids joined by «; »
in the csv, names in the workbook)."""

#: The flat columns of csv and xlsx: the contract's key paths.
COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "language",
    "cohort",
    "county",
    "state",
    "period.start",
    "period.end",
    "municipalities",
    "latest_plan",
    *PLAN_COLUMNS,
    *(f"measures.{status}" for status in STATUSES),
    "budget.year",
    *(f"budget.by_source.{source.value}" for source in FundingSource),
    "budget.total",
    "budget.unknown",
    "grants.one_year",
    "grants.covers_period",
    "findings.errors",
    "findings.warnings",
    "source.location",
    "source.commit",
    "source.uncommitted",
)

GRANT_COLUMNS = ("pilot", "source", "funder", "year", "amount", "covers_period", "status")
"""The workbook's grants sheet: every grant of the latest plan, and whether it is granted,
applied for or refused (only granted money is in the sums, as in the JSON's totals)."""

MONEY_COLUMNS = frozenset(
    {
        *(f"budget.by_source.{source.value}" for source in FundingSource),
        "budget.total",
        "grants.one_year",
        "grants.covers_period",
        "amount",
    }
)
"""The columns in kroner: the workbook shows them in ``KRONER_FORMAT``."""

KRONER_FORMAT = '[$-414]#,##0 "kr"'
"""Whole kroner with thousands grouped and «kr»: a bare 18000000 in a column of budgets is
hard to read right, and is not what the text, md and html formats show. The format is
Norwegian's (``[$-414]``, grouped as in both written standards): without a locale of its
own LibreOffice grouped by its English default, «18,000,000 kr», which a Norwegian reader
takes for a decimal comma."""

#: The catalogue key of each column's name for people (the workbook's header row); the
#: measure and budget-source columns are composed in ``column_label``.
_LABELS = {
    "id": "overview.column.id",
    "name": "overview.column.name",
    "language": "overview.language_label",
    "cohort": "overview.cohort",
    "county": "overview.county",
    "state": "overview.state_label",
    "period.start": "overview.column.period_start",
    "period.end": "overview.column.period_end",
    "municipalities": "overview.municipalities",
    "latest_plan": "overview.latest_plan",
    "budget.year": "overview.column.budget_year",
    "budget.total": "overview.column.budget_total",
    "budget.unknown": "overview.unknown_label",
    "grants.one_year": "overview.grants_one_year_label",
    "grants.covers_period": "overview.grants_period_label",
    "findings.errors": "overview.errors",
    "findings.warnings": "overview.warnings",
    "source.location": "overview.source",
    "source.commit": "overview.column.commit",
    "source.uncommitted": "overview.column.uncommitted",
    **{column: f"overview.column.{column}" for column in PLAN_COLUMNS},
    "pilot": "overview.pilot",
    "source": "overview.source_label",
    "funder": "overview.funder",
    "year": "overview.year",
    "amount": "overview.amount",
    "covers_period": "overview.covers_period",
    "status": "overview.grant_status",
}


def default_language(overview: Overview) -> str:
    """The pilots' written standard when they share one, else the command line's when it is
    Nynorsk or Bokmål (``BYGDEVEKST_LANGUAGE``, the locale), else Bokmål: a mixed set's
    overview then speaks as the lines about sources that could not be read do."""
    from bygdevekst_cli.language import DOCUMENT_LANGUAGES, cli_language

    languages = overview.languages
    if len(languages) == 1:
        return languages.pop()
    chosen = cli_language()
    return chosen if chosen in DOCUMENT_LANGUAGES else "nb"


def flat_row(pilot: PilotSummary) -> dict[str, Any]:
    """One pilot as the csv/xlsx columns; None where a figure is unknown or absent."""
    data = pilot.to_json()
    row: dict[str, Any] = {
        "id": data["id"],
        "name": data["name"],
        "language": data["language"],
        "cohort": data["cohort"],
        "county": data["county"],
        "state": data["state"],
        "period.start": data["period"]["start"],
        "period.end": data["period"]["end"],
        "municipalities": "; ".join(
            f"{m['name']} ({m['number']})" if m["number"] else m["name"]
            for m in data["municipalities"]
        ),
        "latest_plan": data["latest_plan"],
        "plan_status": data["plan_status"],
        **{column: _joined(data.get(column)) for column in PLAN_COLUMNS[1:]},
        "budget.year": data["budget"]["year"],
        "budget.total": data["budget"]["total"],
        "budget.unknown": data["budget"]["unknown"],
        "grants.one_year": pilot.one_year_grants if pilot.latest_plan is not None else None,
        "grants.covers_period": pilot.period_grants if pilot.latest_plan is not None else None,
        "findings.errors": data["findings"]["errors"],
        "findings.warnings": data["findings"]["warnings"],
        "source.location": data["source"]["location"],
        "source.commit": data["source"]["commit"],
        "source.uncommitted": data["source"]["uncommitted"],
    }
    for status in STATUSES:
        row[f"measures.{status}"] = data["measures"][status]
    for source in FundingSource:
        row[f"budget.by_source.{source.value}"] = data["budget"]["by_source"].get(source.value)
    return {column: row[column] for column in COLUMNS}


def _joined(parties: list[str] | None) -> str | None:
    """A list of party ids in one cell; None (an empty cell) when the JSON leaves it out."""
    return "; ".join(parties) if parties is not None else None


# -------------------------------------------------------------------------- machine


def as_json(overview: Overview, lang: str) -> bytes:
    text = json.dumps(overview.to_json(lang), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def as_csv(overview: Overview, lang: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for pilot in overview.pilots:
        writer.writerow(["" if v is None else v for v in flat_row(pilot).values()])
    return out.getvalue().encode("utf-8")


def column_label(w: Words, column: str) -> str:
    """A csv column's name for people, in the catalogue's words (the workbook's header)."""
    group, _, status = column.partition(".")
    if group == "measures":
        return w("overview.column.measures", status=w(f"overview.status.{status}"))
    if column.startswith("budget.by_source."):
        source = column.rpartition(".")[2]
        return w("overview.column.budget_source", source=w(f"overview.column_source.{source}"))
    return w(_LABELS[column])


LONGEST_HEADER = 30
"""The longest a workbook column's header is (in characters; the tests hold the catalogues
to it): a header of 61 characters made its column of a pilot's name 60 wide, and a printed
sheet of sums took a page for it alone. What a short header leaves out is in its note
(``column_note``)."""

#: The catalogue key of the note on a column's header: what the short header leaves out.
_NOTES = {
    "source.uncommitted": "overview.column_note.uncommitted",
    "adopted": "overview.column_note.adopted",
    "not_adopted": "overview.column_note.not_adopted",
    "without_plan": "overview.column_note.without_plan",
    "left_out": "overview.column_note.grants_left_out",
    "with_errors": "overview.column_note.with_errors",
}


def column_note(w: Words, column: str) -> str | None:
    """The note on a workbook column's header (a cell comment), or None: what a column of
    pilots' names holds and whether it is in the sum; a funding source's full name."""
    if column.startswith("budget.by_source."):
        source = column.rpartition(".")[2]
        full = w("overview.column.budget_source", source=w(f"source.{source}"))
        return full if full != column_label(w, column) else None
    return w(_NOTES[column]) if column in _NOTES else None


def add_notes(sheet: Any, columns: Iterable[str], w: Words) -> None:
    """Each header of the sheet's first row that has a note gets it as a comment (shown as
    a corner mark, read by pointing at the header), sized to show it whole."""
    from openpyxl.comments import Comment  # type: ignore[import-untyped,unused-ignore]

    for cell, column in zip(sheet[1], columns, strict=True):
        note = column_note(w, column)
        if note is not None:
            cell.comment = Comment(note, "bygdevekst", width=260, height=110)


def xlsx_row(pilot: PilotSummary, w: Words) -> dict[str, Any]:
    """The csv's row with the agreement period as dates, which a spreadsheet sorts and
    filters as dates (the csv's ISO text would be text there), and the written standard,
    the agreement's state and the latest plan's status and parties in words and names."""
    row = flat_row(pilot)
    row["language"] = w(f"overview.language.{pilot.language}")
    row["state"] = w(f"overview.state.{pilot.state}")
    row["period.start"] = pilot.period_start
    row["period.end"] = pilot.period_end
    row["plan_status"] = plan_status_cell(w, pilot)
    data, names = pilot.to_json(), party_names(pilot)
    for column in PLAN_COLUMNS[1:]:
        parties = data.get(column)
        listed = [names.get(party, party) for party in parties or ()]
        row[column] = join_names(w, listed) or None
    return row


def party_names(pilot: PilotSummary) -> dict[str, str]:
    """Party id → name, from the pilot.yaml a summary is always made of."""
    read = pilot.files.pilot
    return {party.id: party.name for party in read.model.parties} if read is not None else {}


def append_row(sheet: Any, values: list[Any], columns: tuple[str, ...] = ()) -> None:
    """Append a row in which text stays text: openpyxl makes a string that starts with «=»
    (a pilot named «=HYPERLINK(…)», a funder) a formula the spreadsheet would run. The
    amounts of ``MONEY_COLUMNS`` (``columns`` names the row's columns) show as kroner."""
    sheet.append(values)
    for cell, column in zip(sheet[sheet.max_row], columns or [""] * len(values), strict=True):
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"
        elif isinstance(cell.value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        elif isinstance(cell.value, int) and column in MONEY_COLUMNS:
            cell.number_format = KRONER_FORMAT


MAX_WIDTH = 60
"""The widest a workbook column is made (in characters): a failure's long message wraps
in the cell rather than pushing every other column off the screen."""


def fit_columns(sheet: Any) -> None:
    """Each column as wide as its widest cell as shown: at the spreadsheet's default width
    an amount in kroner or a date shows as «###», and a header is cut off. A text wider
    than ``MAX_WIDTH``, or of several lines, wraps in its cell, and its row is made tall
    enough to show every line (a spreadsheet does not grow a row for a file's wrapped
    text: it showed the first line only, and a reason cut off mid-sentence)."""
    from openpyxl.styles import Alignment  # type: ignore[import-untyped,unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped,unused-ignore]

    lines: dict[int, int] = {}
    for number, cells in enumerate(sheet.iter_cols(), start=1):
        shown = [_shown(cell) for cell in cells]
        widths = [max((len(line) for line in text.split("\n")), default=0) for text in shown]
        width = min(max(widths, default=0) + 2, MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(number)].width = width
        for cell, text, wide in zip(cells, shown, widths, strict=True):
            if wide > MAX_WIDTH or "\n" in text:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                count = wrapped_lines(text, width)
                lines[cell.row] = max(lines.get(cell.row, 1), count)
    for row, count in lines.items():
        if count > 1:
            sheet.row_dimensions[row].height = count * LINE_HEIGHT
            # the row's other cells at its top, beside the wrapped text's first line, not
            # at its foot, where the pilot's id read as the next row's
            for cell in sheet[row]:
                wrap = bool(cell.alignment.wrap_text)
                cell.alignment = Alignment(wrap_text=wrap, vertical="top")


LINE_HEIGHT = 15
"""The height of one line of text in a workbook row, in points (the default font, 11 pt,
with its spacing): a row of wrapped text is as many of these as it has lines."""


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide: counted
    a little narrower than the column, as a proportional font's widest words take more room
    than their letters' count, and a line too many shows, where one too few hides one."""
    import textwrap

    room = max(int(width) - 4, 10)
    return sum(
        max(len(textwrap.wrap(part, room, break_long_words=True)), 1) for part in text.split("\n")
    )


def keep_headers(sheet: Any) -> None:
    """The header row and the first column (the pilot, the year, the source) stay in sight
    as the sheet scrolls, and are printed on every page: only the pilots' sheet kept its
    headers, and a printed page of amounts said neither whose nor what they were."""
    sheet.freeze_panes = "B2"
    sheet.print_title_rows = "1:1"
    sheet.print_title_cols = "A:A"
    sheet.page_setup.orientation = "landscape"


FIT_TO_WIDTH = 180
"""The widest a sheet may be (its columns' widths summed, in characters) to be printed
one page wide: a sheet of five columns was cut in two, its last column alone on a page
of its own; the pilots' sheet, ten times as wide, would shrink past reading and goes on
over pages with its headers on each."""


def fit_narrow_to_width(sheet: Any) -> None:
    """A sheet no wider than ``FIT_TO_WIDTH`` printed one page wide (as many pages tall as
    it needs)."""
    width = sum(dimension.width or 0 for dimension in sheet.column_dimensions.values())
    if width <= FIT_TO_WIDTH:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0


def show_yes_no(sheet: Any, w: Words) -> None:
    """A yes/no cell (a grant for the whole period, uncommitted changes) shown in the
    report's words: LibreOffice showed «1» and «0», or «TRUE» and «FALSE». The cell stays
    a yes/no value that sorts and filters as one."""
    shown = f'"{w("overview.yes")}";"{w("overview.yes")}";"{w("overview.no")}"'
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, bool):
                cell.number_format = shown


def _shown(cell: Any) -> str:
    """A cell's value about as wide as the spreadsheet shows it (kroner grouped, «kr»)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return "yyyy-mm-dd"
    if isinstance(value, int) and cell.number_format == KRONER_FORMAT:
        return f"{value:,} kr"
    return str(value)


def as_xlsx(overview: Overview, lang: str) -> bytes:
    """The csv's columns in a workbook for people: sheet and column names in ``lang``'s
    words (in the csv's order), figures as numbers, no formulas."""
    from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]

    from bygdevekst_cli.render.reproducible import fixed_package

    w = words(lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = w("overview.pilots")
    # the file's properties name what it is and in which language, not «openpyxl» as author
    book.properties.title = w("overview.title")
    book.properties.creator = "bygdevekst"
    book.properties.language = f"{lang}-NO"
    append_row(sheet, [column_label(w, column) for column in COLUMNS])
    add_notes(sheet, COLUMNS, w)
    for pilot in overview.pilots:
        append_row(sheet, list(xlsx_row(pilot, w).values()), COLUMNS)
    grants = book.create_sheet(w("overview.grants"))
    append_row(grants, [column_label(w, column) for column in GRANT_COLUMNS])
    for pilot in overview.pilots:
        names = party_names(pilot)
        for grant in pilot.grants:
            append_row(
                grants,
                [
                    pilot.name,  # as the other sheets name it (the pilots' sheet has the id)
                    w(f"source.{grant.source}"),
                    names.get(grant.funder, grant.funder) if grant.funder else None,
                    grant.year,
                    grant.amount,
                    grant.covers_period,
                    w(f"status.{grant.status}"),
                ],
                GRANT_COLUMNS,
            )
    totals_sheet(book.create_sheet(w("overview.totals")[:31]), overview, w)
    grant_rows = grant_total_rows(overview, w)
    if grant_rows:
        summed = book.create_sheet(w("overview.grant_totals_sheet")[:31])
        header = [w(GRANT_TOTAL_LABELS[c]) for c in GRANT_TOTAL_COLUMNS]
        append_row(summed, header + with_errors_header(overview, w))
        columns = with_errors_columns(GRANT_TOTAL_COLUMNS, overview)
        add_notes(summed, columns, w)
        for row in grant_rows:
            append_row(summed, row, columns)
    by_year = overview.totals()["budget_by_plan_year"]
    if shows_plan_years(by_year):
        sheet_of_years = book.create_sheet(w("overview.plan_year_sheet")[:31])
        plan_year_sheet(sheet_of_years, overview, by_year, w)
    if overview.failures:
        failed = book.create_sheet(w("overview.failures")[:31])  # Excel's longest name
        append_row(failed, [w("overview.source"), w("overview.failure_reason")])
        for failure in overview.failures:
            append_row(failed, [failure.source, failure.message_in(lang)])
    for each in book.worksheets:
        fit_columns(each)
        keep_headers(each)
        fit_narrow_to_width(each)
        show_yes_no(each, w)
    out = io.BytesIO()
    book.save(out)
    return fixed_package(out.getvalue())


BUDGET_TOTALS = ("budget", "budget_not_adopted", "budget_rejected")
"""The totals' budgets, each apart: adopted plans', then those not adopted yet, then the
rejected ones' (``Overview.totals``)."""

TOTAL_COLUMNS = (
    "budget.year",
    "plans",
    *(f"budget.by_source.{source.value}" for source in FundingSource),
    "budget.total",
    "budget.unknown",
    "pilots",
)
"""The workbook's totals sheet: one row per budget year and kind of plan."""


GRANT_TOTAL_COLUMNS = ("year", "covers_period", "amount", "summed", "left_out")
"""The workbook's sheet of grants summed across pilots: a row per year of one-year grants
and one for the grants for the whole period, with the pilots in each sum and those it
leaves out (they record no such grant: unknown, never 0), as text, md and html say."""

GRANT_TOTAL_LABELS = {
    "year": "overview.year",
    "covers_period": "overview.covers_period",
    "amount": "overview.amount",
    "summed": "overview.column.grants_summed",
    "left_out": "overview.column.grants_left_out",
}


def grant_total_rows(overview: Overview, w: Words) -> list[list[Any]]:
    """The rows of ``GRANT_TOTAL_COLUMNS``; none when no pilot records a granted grant."""
    totals = overview.totals()
    grants, left_out = totals["grants"], totals["grants_left_out"]
    names = pilot_names(overview, w)

    def listed(ids: list[str]) -> str | None:
        return w.join(names[pid] for pid in ids) or None

    rows: list[list[Any]] = []
    for year, amount in grants["one_year"].items():
        summed = [p.id for p in overview.pilots if int(year) in p.one_year_by_year]
        rows.append([int(year), False, amount, listed(summed), listed(left_out["one_year"][year])])
        rows[-1] += with_errors_cells(overview, w, summed)
    if grants["covers_period"] is not None:
        summed = [p.id for p in overview.pilots if p.period_grants is not None]
        period = grants["covers_period"]
        rows.append([None, True, period, listed(summed), listed(left_out["covers_period"])])
        rows[-1] += with_errors_cells(overview, w, summed)
    return rows


def has_errors(overview: Overview) -> bool:
    """Whether a pilot's files fail validation: the sum sheets then name them."""
    return any(pilot.errors for pilot in overview.pilots)


def with_errors_columns(columns: tuple[str, ...], overview: Overview) -> tuple[str, ...]:
    """A sum sheet's columns, with ``with_errors`` last when a pilot's files have errors."""
    return (*columns, "with_errors") if has_errors(overview) else columns


def with_errors_header(overview: Overview, w: Words) -> list[str]:
    """The sum sheets' last column's name, when a pilot's files have errors (else none)."""
    return [w("overview.column.with_errors")] if has_errors(overview) else []


def with_errors_cells(overview: Overview, w: Words, summed: Iterable[str]) -> list[str | None]:
    """The last cell of a row of a sum sheet: the pilots in its sum whose files have errors,
    by name (None when none is), and no cell when no pilot has errors. A ministry reader
    adding up a sheet must see which figures may be wrong: text, md and html name them
    beside the totals (``with_errors_line``), the pilots' sheet counts their errors."""
    if not has_errors(overview):
        return []
    names = pilot_names(overview, w)
    ids = set(summed)
    failing = [names[p.id] for p in overview.pilots if p.errors and p.id in ids]
    return [w.join(failing) or None]


def totals_sheet(sheet: Any, overview: Overview, w: Words) -> None:
    """The totals' budgets per year in rows of their own for adopted plans, plans not yet
    adopted and rejected ones, so that no one sums a draft's budget with what is decided."""
    labels = {"plans": "overview.column.plans", "pilots": "overview.column.pilots"}
    header = [w(labels[c]) if c in labels else column_label(w, c) for c in TOTAL_COLUMNS]
    append_row(sheet, header + with_errors_header(overview, w))
    columns = with_errors_columns(TOTAL_COLUMNS, overview)
    add_notes(sheet, columns, w)
    totals = overview.totals()
    for kind in BUDGET_TOTALS:
        for year, entry in totals[kind].items():
            summed = [
                p.id
                for p in overview.pilots
                if p.budget_kind == kind and p.budget.year == int(year)
            ]
            row = [
                int(year),
                w(f"overview.plans_kind.{kind}"),
                *(entry["by_source"].get(source.value) for source in FundingSource),
                entry["total"],
                entry["unknown"],
                entry["pilots"],
                *with_errors_cells(overview, w, summed),
            ]
            append_row(sheet, row, columns)


PLAN_YEAR_COLUMNS = (
    "plan_year",
    *(f"budget.by_source.{source.value}" for source in FundingSource),
    "budget.total",
    "budget.unknown",
    "adopted",
    "not_adopted",
    "without_plan",
)
"""The workbook's sheet of budgets per plan year (``budget_by_plan_year``): a row a year,
with the pilots summed and those the sum leaves out, by name."""


def plan_year_sheet(
    sheet: Any, overview: Overview, by_year: dict[str, dict[str, Any]], w: Words
) -> None:
    """Each plan year's adopted budgets across pilots, and who is left out of the sum."""
    words_of = {column: f"overview.column.{column}" for column in PLAN_YEAR_COLUMNS[-3:]}
    words_of[PLAN_YEAR_COLUMNS[0]] = "overview.column.plan_year"
    header = [w(words_of[c]) if c in words_of else column_label(w, c) for c in PLAN_YEAR_COLUMNS]
    append_row(sheet, header + with_errors_header(overview, w))
    columns = with_errors_columns(PLAN_YEAR_COLUMNS, overview)
    add_notes(sheet, columns, w)
    names = pilot_names(overview, w)
    for year, entry in by_year.items():
        row = [
            int(year),
            *(entry["by_source"].get(source.value) for source in FundingSource),
            entry["total"],
            entry["unknown"],
            w.join(names[pid] for pid in entry["adopted"]) or None,
            not_adopted_text(w, names, entry) or None,
            w.join(names[pid] for pid in entry["without_plan"]) or None,
            *with_errors_cells(overview, w, entry["adopted"]),
        ]
        append_row(sheet, row, columns)


# --------------------------------------------------------------------------- people


def _kr(amount: int | None, lang: str) -> str:
    return formatting.kroner(amount, lang) if amount is not None else "–"


def _number(value: int, lang: str) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=lang))


def status_counts(w: Words, pilot: PilotSummary) -> str:
    return ", ".join(f"{w(f'overview.status.{s}')} {pilot.measures[s]}" for s in STATUSES)


def by_source_text(w: Words, pilot: PilotSummary, lang: str) -> str:
    return ", ".join(
        f"{w(f'source.{source}')} {_kr(amount, lang)}"
        for source, amount in pilot.budget.by_source.items()
    )


def budget_sentence(w: Words, pilot: PilotSummary, lang: str) -> str:
    budget = pilot.budget
    if budget.year is None:
        return w("overview.no_plan")
    if budget.total is None:
        known = w("overview.budget_none_known", year=budget.year)
    else:
        known = w("overview.budget_known", year=budget.year, total=_kr(budget.total, lang))
    if budget.unknown:
        return f"{known}; {w.plural('overview.unknown', budget.unknown)}"
    return known


def grants_sentence(w: Words, pilot: PilotSummary, lang: str) -> str:
    if pilot.latest_plan is None:
        return w("overview.no_plan")
    if not any(grant.granted for grant in pilot.grants):
        return w("overview.no_grants")
    by_year = pilot.one_year_by_year
    if not by_year:  # none recorded: not known to be 0
        one_year = w("overview.grants_one_year_none")
    elif pilot.one_year_grants is None:  # of several years: each year's, never one sum
        one_year = "; ".join(
            w("overview.grants_year", year=year, amount=_kr(amount, lang))
            for year, amount in by_year.items()
        )
    else:
        one_year = w("overview.grants_one_year", amount=_kr(pilot.one_year_grants, lang))
    if pilot.period_grants is None:
        period = w("overview.grants_period_none")
    else:
        period = w("overview.grants_period", amount=_kr(pilot.period_grants, lang))
    return f"{one_year}; {period}"


def latest_plan_text(w: Words, pilot: PilotSummary) -> str:
    """The latest plan's year, and where it stands when not every party has adopted it:
    who rejected it, or who adopted it and who is still to decide, or that it is a draft.
    Its figures are then those of a plan not in force, which a bare year would not say."""
    adoption = pilot.adoption
    if pilot.latest_plan is None or adoption is None:
        return "–"
    status = adoption.status
    if status == "adopted":
        return str(pilot.latest_plan)
    names = party_names(pilot)

    def named(parties: tuple[str, ...]) -> str:
        return join_names(w, [names.get(party, party) for party in parties])

    if status == "rejected":
        return w(
            "overview.plan_rejected", year=pilot.latest_plan, parties=named(adoption.rejected_by)
        )
    return w(
        f"overview.plan_{status}",
        year=pilot.latest_plan,
        adopted=named(adoption.adopted_by),
        awaiting=named(adoption.awaiting),
    )


def plan_status_cell(w: Words, pilot: PilotSummary) -> str | None:
    """The latest plan's status in the workbook's words (None without a plan)."""
    status = pilot.plan_status
    return w(f"overview.plan_status.{status}") if status is not None else None


def budget_cell(pilot: PilotSummary, lang: str) -> str:
    """The known budget in a table cell, with its year: the pilots' latest plans may be for
    different years, and a column of bare sums would read as one year's. A plan with no
    amount known says so in words: «–» is what a Norwegian table writes for nothing (0)."""
    if pilot.budget.year is None:
        return _kr(None, lang)  # no plan: nothing to give
    known = pilot.budget.total
    shown = _kr(known, lang) if known is not None else words(lang)("overview.cell_unknown")
    return f"{shown} ({pilot.budget.year})"


def one_year_cell(pilot: PilotSummary, lang: str) -> str:
    """The one-year grants in a table cell: their sum, or each year's when they are of
    several years; «ikkje ført inn» when the plan records none, «–» without a plan."""
    if pilot.latest_plan is None:
        return _kr(None, lang)
    if not pilot.one_year_by_year:
        return words(lang)("overview.cell_not_recorded")
    if pilot.one_year_grants is None:
        return "; ".join(f"{y}: {_kr(a, lang)}" for y, a in pilot.one_year_by_year.items())
    return _kr(pilot.one_year_grants, lang)


def period_cell(pilot: PilotSummary, lang: str) -> str:
    """The grants for the whole period in a table cell, as ``one_year_cell``."""
    if pilot.latest_plan is None:
        return _kr(None, lang)
    if pilot.period_grants is None:
        return words(lang)("overview.cell_not_recorded")
    return _kr(pilot.period_grants, lang)


def as_text(overview: Overview, lang: str) -> bytes:
    w = words(lang)
    lines = [w("overview.title")]
    if overview.at is not None:
        lines.append(w("overview.at", date=formatting.long_date(overview.at, lang)))
    for pilot in overview.pilots:
        lines += [
            "",
            f"{pilot.name} ({pilot.id})",
            f"  {_facts(w, pilot)}",
            f"  {w('overview.period')}: {_period(pilot, lang)}",
            f"  {w('overview.municipalities')}: {_municipalities(pilot)}",
            f"  {w('overview.latest_plan')}: {latest_plan_text(w, pilot)}",
            f"  {w('overview.measures')}: {status_counts(w, pilot)}",
            f"  {w('overview.budget')}: {budget_sentence(w, pilot, lang)}",
        ]
        if pilot.budget.by_source:
            lines.append(f"    {by_source_text(w, pilot, lang)}")
        lines += [
            f"  {w('overview.grants')}: {grants_sentence(w, pilot, lang)}",
            f"  {w('overview.findings')}: {_findings(w, pilot)}",
            f"  {w('overview.source')}: {_source(w, pilot)}",
        ]
    lines += ["", *total_lines(w, overview, lang)]
    if overview.failures:
        failed = failure_lines(overview, lang)
        lines += ["", w("overview.failures"), *(f"  {line}" for line in failed)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def failure_lines(overview: Overview, lang: str) -> list[str]:
    """Each source that could not be read, with why (in ``lang``): a file of the overview
    (``-o``) says its totals leave them out, as the terminal's stderr and the dashboard do."""
    return [f"{failure.source}: {failure.message_in(lang)}" for failure in overview.failures]


def _facts(w: Words, pilot: PilotSummary) -> str:
    return w(
        "overview.facts",
        language=w(f"overview.language.{pilot.language}"),
        cohort=pilot.cohort,
        county=pilot.county,
        state=w(f"overview.state.{pilot.state}"),
    )


def total_lines(w: Words, overview: Overview, lang: str) -> list[str]:
    totals = overview.totals()
    lines = [
        w("overview.totals"),
        f"  {w('overview.pilots')}: {totals['pilots']}",
        f"  {w('overview.municipalities')}: {totals['municipalities']}",
        f"  {w('overview.measures')}: "
        + ", ".join(f"{w(f'overview.status.{s}')} {totals['measures'][s]}" for s in STATUSES),
        *with_errors_line(w, overview),
    ]
    apart = any(totals[kind] for kind in BUDGET_TOTALS[1:])
    for kind in BUDGET_TOTALS:
        # «Budsjett» as before when every plan is adopted; named as such when some are not
        label = w(f"overview.{kind}_label") if apart else w("overview.budget")
        for year, entry in totals[kind].items():
            lines.append(f"  {label}: {budget_total_sentence(w, year, entry, lang)}")
        if apart and kind == "budget" and not totals[kind]:  # nothing decided: say so
            lines.append(f"  {label}: {w('overview.no_adopted_plan')}")
    lines += plan_year_lines(w, overview, totals["budget_by_plan_year"], lang)
    return lines + [f"  {capital(line)}" for line in grant_total_lines(w, overview, totals, lang)]


def with_errors_line(w: Words, overview: Overview) -> list[str]:
    """The pilots whose files have errors, named beside the sums their figures are in: a
    plan that fails validation was summed with the others, and a reader of the totals
    could not tell (its «16 feil» stood only in its own section)."""
    names = pilot_names(overview, w)
    failing = [names[pilot.id] for pilot in overview.pilots if pilot.errors]
    return [f"  {w('overview.with_errors', pilots=w.join(failing))}"] if failing else []


def grant_total_lines(w: Words, overview: Overview, totals: dict[str, Any], lang: str) -> list[str]:
    """The grants summed across pilots, one-year grants per year and those for the whole
    period, each naming the pilots the sum leaves out as they record no such grant: a sum
    that said nothing of them read as every pilot's, with theirs counted as 0."""
    names = pilot_names(overview, w)
    left_out = totals["grants_left_out"]

    def naming(pilots: list[str]) -> str:
        if not pilots:
            return ""
        return "; " + w("overview.grants_left_out", pilots=w.join(names[p] for p in pilots))

    lines = [
        w("overview.grants_year", year=year, amount=_kr(amount, lang))
        + naming(left_out["one_year"][year])
        for year, amount in totals["grants"]["one_year"].items()
    ]
    if not lines and overview.pilots:  # no plan records one: not known to be 0
        lines.append(w("overview.grants_one_year_none"))
    period = totals["grants"]["covers_period"]
    if period is None:
        lines.append(w("overview.grants_period_none"))
    else:
        lines.append(
            w("overview.grants_period", amount=_kr(period, lang))
            + naming(left_out["covers_period"])
        )
    return lines


def plan_year_lines(
    w: Words, overview: Overview, by_year: dict[str, dict[str, Any]], lang: str
) -> list[str]:
    """Each plan year's adopted budgets across pilots (``Overview.totals``'s
    ``budget_by_plan_year``), one line a year naming the pilots it leaves out: those with
    no plan for the year (unknown, not 0) and those whose plan is not adopted. Left out
    when it would only repeat the latest plans' line: every pilot with a plan for the one
    same year."""
    if not shows_plan_years(by_year):
        return []
    names = pilot_names(overview, w)
    label = w("overview.plan_year_label")
    lines = []
    for year, entry in by_year.items():
        if entry["adopted"]:
            # how many pilots the sum is of, beside its year: after the unknown measures'
            # «(ukjent, ikkje rekna som 0)» it read as one more remark on those
            summed = w.plural("overview.plan_year_pilots", len(entry["adopted"]))
            sentence = budget_total_sentence(w, f"{year} ({summed})", entry, lang)
        else:
            sentence = f"{year}: {w('overview.no_adopted_plan')}"
        if entry["not_adopted"]:
            pilots = not_adopted_text(w, names, entry)
            sentence += f"; {w('overview.plan_year_not_adopted', pilots=pilots)}"
        if entry["without_plan"]:
            pilots = w.join(names[pid] for pid in entry["without_plan"])
            sentence += f"; {w('overview.plan_year_without', year=year, pilots=pilots)}"
        lines.append(f"  {label}: {sentence}")
    return lines


def not_adopted_text(w: Words, names: dict[str, str], entry: dict[str, Any]) -> str:
    """The pilots whose plan for a year is not adopted, each with where it stands."""
    return w.join(
        w("overview.plan_year_status", pilot=names[pid], status=w(f"overview.plan_status.{status}"))
        for pid, status in entry["not_adopted"].items()
    )


def pilot_names(overview: Overview, w: Words) -> dict[str, str]:
    """Pilot id → its name as a list of pilots in running text shows it: with the id beside
    a name two pilots share (a fork beside its original, a pilot renamed), and in «» when
    the name reads as a list itself (``Words.reads_as_list``): «Engerdal, Trysil, Våler og Åmot
    og Vestre Varanger» did not say where one pilot ends and the next begins."""
    shared = Counter(pilot.name for pilot in overview.pilots)
    names = {}
    for pilot in overview.pilots:
        name = (
            w("overview.quoted_name", name=pilot.name)
            if w.reads_as_list(pilot.name)
            else pilot.name
        )
        names[pilot.id] = f"{name} ({pilot.id})" if shared[pilot.name] > 1 else name
    return names


def join_names(w: Words, names: list[str]) -> str:
    """Names joined as a list in running text («A, B og C»), each that reads as a list
    itself in «» when there are several: «ventar på Kommunal- og distriktsdepartementet og
    Statsforvaltaren i Vestfold og Telemark» did not say how many parties it named."""
    if len(names) < 2:
        return w.join(names)
    return w.join(w("overview.quoted_name", name=n) if w.reads_as_list(n) else n for n in names)


def shows_plan_years(by_year: dict[str, dict[str, Any]]) -> bool:
    """Whether the totals per plan year say more than the latest plans' totals do: plans
    of more than one year, or a pilot without a plan."""
    return len(by_year) > 1 or any(entry["without_plan"] for entry in by_year.values())


def budget_total_sentence(w: Words, year: str, entry: dict[str, Any], lang: str) -> str:
    """One year's summed budget: its known amounts, and how many measures have none (never
    counted as 0)."""
    if entry["total"] is None:
        sentence = w("overview.budget_none_known", year=year)
    else:
        sentence = w("overview.budget_known", year=year, total=_kr(entry["total"], lang))
    if entry["unknown"]:
        sentence += f"; {w.plural('overview.unknown', entry['unknown'])}"
    return sentence


def capital(text: str) -> str:
    """A sentence standing alone starts with a capital (only the first letter changes)."""
    return text[:1].upper() + text[1:]


def _period(pilot: PilotSummary, lang: str) -> str:
    """The agreement's period, saying which end is not recorded: «…–31. desember 2028» did
    not tell a reader whether the start was open, unknown or left out by mistake."""
    w = words(lang)
    start, end = (
        formatting.long_date(day, lang) if day else None
        for day in (pilot.period_start, pilot.period_end)
    )
    if start and end:
        return f"{start}–{end}"
    if end:
        return w("overview.period_open_start", end=end)
    if start:
        return w("overview.period_open_end", start=start)
    return w("overview.cell_not_recorded")


def _municipalities(pilot: PilotSummary) -> str:
    return ", ".join(f"{m.name} ({m.number})" if m.number else m.name for m in pilot.municipalities)


def _findings(w: Words, pilot: PilotSummary) -> str:
    warnings = w.plural("overview.warnings_count", pilot.warnings)
    return w("overview.findings_count", errors=pilot.errors, warnings=warnings)


def _source(w: Words, pilot: PilotSummary) -> str:
    """Where the pilot was read and at which commit, and whether its folder had changes
    that commit does not have (then the figures are the working tree's, not the commit's):
    ``repo@main (commit 0123abcd4567)``, not a second «@» after the one of a named ref."""
    details = [w("overview.source_commit", commit=pilot.commit[:12])] if pilot.commit else []
    if pilot.uncommitted:
        details.append(w("overview.uncommitted"))
    return f"{pilot.location} ({', '.join(details)})" if details else pilot.location


def escape(text: str) -> str:
    """Text that stays text in Markdown (a message may hold ``*``, ``_`` or ``<``)."""
    from bygdevekst_cli.render.markdown import escape as md_escape

    return str(md_escape(text))


def _md_cell(value: object) -> str:
    from bygdevekst_cli.render.markdown import cell

    return str(cell(str(value)))


def as_md(overview: Overview, lang: str) -> bytes:
    w = words(lang)
    lines = [f"# {w('overview.title')}", ""]
    if overview.at is not None:
        lines += [w("overview.at", date=formatting.long_date(overview.at, lang)), ""]
    header = [
        w("overview.pilot"),
        w("overview.county"),
        w("overview.state_label"),
        w("overview.latest_plan"),
        # «Tiltak føreslått», as the workbook: a bare «føreslått» did not say of what
        *(w("overview.column.measures", status=w(f"overview.status.{s}")) for s in STATUSES),
        w("overview.budget"),
        w("overview.unknown_label"),
        w("overview.grants_one_year_label"),
        w("overview.grants_period_label"),
        w("overview.errors"),
        w("overview.warnings"),
        w("overview.source"),
    ]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * 4 + "--:|" * (len(header) - 5) + "---|")
    for pilot in overview.pilots:
        cells = [
            pilot.name,
            pilot.county,
            w(f"overview.state.{pilot.state}"),
            latest_plan_text(w, pilot),
            *(pilot.measures[s] for s in STATUSES),
            budget_cell(pilot, lang),
            pilot.budget.unknown,
            one_year_cell(pilot, lang),
            period_cell(pilot, lang),
            pilot.errors,
            pilot.warnings,
            _source(w, pilot),  # where each figure comes from, as every other format says
        ]
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    lines += ["", f"## {w('overview.totals')}", ""]
    # a pilot's name in a line (those without a plan for a year) stays text
    lines += [f"- {escape(line)}" for line in total_lines(w, overview, lang)[1:]]
    if overview.failures:
        lines += ["", f"## {w('overview.failures')}", ""]
        lines += [f"- {escape(line)}" for line in failure_lines(overview, lang)]
    return ("\n".join(lines) + "\n").encode("utf-8")


# ------------------------------------------------------------------------- dashboard


@dataclass(frozen=True)
class PilotView:
    """What the dashboard shows of one pilot, in its words."""

    pilot: PilotSummary
    anchor: str
    facts: list[tuple[str, str]]
    budget_rows: list[tuple[str, str]]
    budget_sentence: str
    budget_total: str
    grants: list[dict[str, str]]
    grants_text: str
    charts: list[Chart]
    link: str | None = None
    latest_plan: str = "–"
    """The latest plan's year, with who rejected it (``latest_plan_text``)."""


def budget_chart(pilot: PilotSummary, w: Words, lang: str, chart_id: str) -> Chart | None:
    """The latest plan's budget by year and funding source (known amounts only)."""
    if pilot.latest_plan is None:
        return None
    plan = pilot.files.plans[pilot.latest_plan].model
    return plan_budget_chart(pilot.name, pilot.latest_plan, plan, w, lang, chart_id)


def plan_budget_chart(
    name: str, plan_year: int, plan: ActionPlan, w: Words, lang: str, chart_id: str
) -> Chart | None:
    """One plan's budget by year and funding source (known amounts only)."""
    years = sorted({year for m in plan.measures for year in m.budget})
    if not years:
        return None
    budgets = {year: plan_budget(plan, year) for year in years}
    series = [
        Series(
            w(f"source.{source.value}"),
            tuple(budgets[y].by_source.get(source.value) for y in years),
        )
        for source in FundingSource
        if any(source.value in budgets[y].by_source for y in years)
    ]
    per_year = w.join(f"{y}: {_kr(budgets[y].total, lang)}" for y in years)
    unknown = [y for y in years if budgets[y].unknown]
    description = w("chart.budget_desc", plan=plan_year, years=per_year)
    if unknown:
        description += " " + w(
            "chart.budget_unknown",
            years=w.join(f"{y} ({budgets[y].unknown})" for y in unknown),
        )
    return stacked_bars(
        chart_id,
        w("chart.budget_title", name=name, plan=plan_year),
        description,
        [str(y) for y in years],
        series,
        lambda value: _kr(value, lang),
    )


def status_chart(pilot: PilotSummary, w: Words, lang: str, chart_id: str) -> Chart | None:
    """The latest plan's measures by status, per sub-goal."""
    if pilot.latest_plan is None:
        return None
    from bygdevekst_cli.in_force import agreement_in_force

    plan = pilot.files.plans[pilot.latest_plan].model
    in_force = agreement_in_force(pilot.files, pilot.latest_plan)  # as the plan's document
    agreement = in_force.agreement if in_force else None
    return plan_status_chart(pilot.name, pilot.latest_plan, plan, agreement, w, lang, chart_id)


def sub_goal_label(number: int | None, agreement: Agreement | None, w: Words) -> str:
    """A sub-goal by its number and title («1. Fleire eigna bustader»), by its number where
    the agreement does not have it, and shared work (no sub-goal) as such."""
    if number is None:
        return w("doc.measures2.shared")
    titles = {g.number: g.title for g in agreement.sub_goals} if agreement else {}
    if number in titles:
        return w("chart.sub_goal", number=number, title=titles[number])
    return w("chart.sub_goal_n", number=number)


def plan_status_chart(
    name: str,
    plan_year: int,
    plan: ActionPlan,
    agreement: Agreement | None,
    w: Words,
    lang: str,
    chart_id: str,
) -> Chart | None:
    """One plan's measures by status, per sub-goal."""
    goals = sorted({m.sub_goal for m in plan.measures}, key=lambda n: (n is None, n or 0))
    if not goals:
        return None
    categories = [sub_goal_label(n, agreement, w) for n in goals]
    counts = {
        status: tuple(
            sum(1 for m in plan.measures if m.sub_goal == n and str(m.status.value) == status)
            for n in goals
        )
        for status in STATUSES
    }
    series = [
        Series(w(f"overview.status.{s}"), tuple(counts[s])) for s in STATUSES if any(counts[s])
    ]
    summary = w.join(
        f"{w(f'overview.status.{s}')} {sum(counts[s])}" for s in STATUSES if any(counts[s])
    )
    return stacked_bars(
        chart_id,
        w("chart.status_title", name=name, plan=plan_year),
        w("chart.status_desc", plan=plan_year, goals=len(goals), counts=summary),
        categories,
        series,
        lambda value: _number(value, lang),
    )


def pilot_view(pilot: PilotSummary, lang: str, link: str | None = None) -> PilotView:
    w = words(lang)
    anchor = f"pilot-{pilot.id}"
    facts = [
        (w("overview.language_label"), w(f"overview.language.{pilot.language}")),
        (w("overview.cohort"), str(pilot.cohort)),
        (w("overview.county"), pilot.county),
        (w("overview.state_label"), w(f"overview.state.{pilot.state}")),
        (w("overview.period"), _period(pilot, lang)),
        (w("overview.municipalities"), _municipalities(pilot)),
        (w("overview.latest_plan"), latest_plan_text(w, pilot)),
        (w("overview.measures"), status_counts(w, pilot)),
        (w("overview.findings"), _findings(w, pilot)),
        (w("overview.source"), _source(w, pilot)),
    ]
    rows = [
        (w(f"source.{source}"), _kr(amount, lang))
        for source, amount in pilot.budget.by_source.items()
    ]
    names = party_names(pilot)
    grants = [
        {
            "source": w(f"source.{g.source}"),
            "funder": names.get(g.funder, g.funder) if g.funder else "–",
            "year": str(g.year),
            "amount": _kr(g.amount, lang),
            "covers_period": w("overview.yes") if g.covers_period else w("overview.no"),
        }
        for g in pilot.grants
        if g.granted  # the table of what is granted, as its sums
    ]
    charts = [
        chart
        for chart in (
            budget_chart(pilot, w, lang, f"{anchor}-budget"),
            status_chart(pilot, w, lang, f"{anchor}-status"),
        )
        if chart is not None
    ]
    total = budget_cell(pilot, lang)
    return PilotView(
        pilot=pilot,
        anchor=anchor,
        facts=facts,
        budget_rows=rows,
        budget_sentence=capital(budget_sentence(w, pilot, lang)),
        budget_total=total,
        grants=grants,
        grants_text=capital(grants_sentence(w, pilot, lang)),
        charts=charts,
        link=link,
        latest_plan=latest_plan_text(w, pilot),
    )


def chart_table(chart: Chart, w: Words, lang: str, header: str, money: bool) -> dict[str, Any]:
    """A chart's figures as a data table (the chart's full text alternative)."""

    def shown(value: int | None) -> str:
        if value is None:
            return "–"
        return _kr(value, lang) if money else _number(value, lang)

    return {
        "caption": chart.title,
        "header": header,
        "series": [s.name for s in chart.series],
        "rows": [
            (category, [shown(v) for v in values], shown(total))
            for category, values, total in chart.rows()
        ],
    }


def dashboard_context(
    overview: Overview, lang: str, links: dict[str, str] | None = None
) -> dict[str, Any]:
    """Everything the dashboard template shows; ``links``: pilot id → its page (site)."""
    from bygdevekst_cli.render.formats.html import stylesheet
    from bygdevekst_cli.render.provenance import today

    w = words(lang)
    views = [pilot_view(p, lang, (links or {}).get(p.id)) for p in overview.pilots]
    tables = {
        chart.id: chart_table(
            chart,
            w,
            lang,
            w("chart.year") if chart.id.endswith("-budget") else w("chart.sub_goal_label"),
            chart.id.endswith("-budget"),
        )
        for view in views
        for chart in view.charts
    }
    return {
        "lang": lang,
        "w": w,
        "title": w("overview.title"),
        "at": formatting.long_date(overview.at, lang) if overview.at else None,
        "pilots": views,
        "statuses": STATUSES,
        "totals": [line.strip() for line in total_lines(w, overview, lang)[1:]],
        "failures": [
            Failure(failure.source, failure.message_in(lang)) for failure in overview.failures
        ],
        "tables": tables,
        "svg": {chart.id: Markup(chart.svg) for view in views for chart in view.charts},
        "css": Markup(stylesheet()),
        "generated": formatting.long_date(today(), lang),
    }


def as_html(overview: Overview, lang: str) -> bytes:
    from bygdevekst_cli.render.environment import environment

    page = environment().get_template("overview/dashboard.html.j2")
    return page.render(**dashboard_context(overview, lang)).encode("utf-8")


Presenter = Callable[[Overview, str], bytes]

#: Every output format of ``overview``; its keys are the ``--format`` choices.
OVERVIEW_FORMATS: dict[str, Presenter] = {
    "text": as_text,
    "md": as_md,
    "csv": as_csv,
    "xlsx": as_xlsx,
    "json": as_json,
    "html": as_html,
}
