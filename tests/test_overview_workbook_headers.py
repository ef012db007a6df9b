"""The workbook's column headers are short enough for a column, and what a short header
leaves out is in a note on it: «Pilotar i summen med feil i filene (tala deira kan vere
feil)», 61 characters, made its column of a pilot's name 60 wide, and the sheets of sums
spread over twice the pages on paper."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bygdevekst_cli.language import words
from bygdevekst_cli.models.plan import FundingSource
from bygdevekst_cli.present.overview import LONGEST_HEADER
from tests.helpers import invoke
from tests.test_overview_with_errors import _failing, _valid_austbygd


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The overview, in nn and nb, of a pilot whose files have errors, a valid one without
    a plan for the year and another with one: every sheet, with every column."""
    tmp_path = tmp_path_factory.mktemp("overview")
    sources = [*_failing(tmp_path), str(_valid_austbygd(tmp_path))]
    books = {}
    for lang in ("nn", "nb"):
        out = tmp_path / f"oversikt-{lang}.xlsx"
        shown = invoke("overview", "-o", str(out), "--lang", lang, *sources)
        assert shown.exit_code == 0, shown.output
        books[lang] = out
    return books


def _headers(sheet: Worksheet) -> dict[str, Worksheet]:
    return {str(cell.value): cell for cell in sheet[1]}


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_every_header_fits_a_column(workbooks: dict[str, Path], lang: str) -> None:
    book = load_workbook(workbooks[lang])
    assert len(book.worksheets) == 5  # pilots, grants, totals, grants summed, plan years
    for sheet in book.worksheets:
        for cell in sheet[1]:
            assert len(str(cell.value)) <= LONGEST_HEADER, (sheet.title, cell.value)


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_a_column_of_names_is_as_wide_as_its_header_not_an_explanation(
    workbooks: dict[str, Path], lang: str
) -> None:
    """The columns of the sheets of sums that name pilots are about as wide as the names
    and their short header; before, 48 to 60 characters wide."""
    w = words(lang)
    book = load_workbook(workbooks[lang])
    named = {
        w("overview.totals")[:31]: ["with_errors"],
        w("overview.grant_totals_sheet")[:31]: ["grants_left_out", "with_errors"],
        w("overview.plan_year_sheet")[:31]: [
            "adopted",
            "not_adopted",
            "without_plan",
            "with_errors",
        ],
    }
    for title, columns in named.items():
        sheet = book[title]
        headers = _headers(sheet)
        for column in columns:
            cell = headers[w(f"overview.column.{column}")]
            width = sheet.column_dimensions[cell.column_letter].width
            assert width <= LONGEST_HEADER + 2, (title, column, width)  # names are short
        # the sheet of plan years: a twelfth of its width was the column of errors alone
        total = sum(d.width or 0 for d in sheet.column_dimensions.values())
        assert total < 300, (title, total)


@pytest.mark.parametrize(
    ("lang", "unknown"), [("nn", "ukjent, ikkje rekna som 0"), ("nb", "ukjent, ikke regnet som 0")]
)
def test_what_a_short_header_leaves_out_is_in_its_note(
    workbooks: dict[str, Path], lang: str, unknown: str
) -> None:
    w = words(lang)
    book = load_workbook(workbooks[lang])
    plan_years = _headers(book[w("overview.plan_year_sheet")[:31]])
    grants = _headers(book[w("overview.grant_totals_sheet")[:31]])
    notes = {
        "adopted": plan_years[w("overview.column.adopted")].comment,
        "not_adopted": plan_years[w("overview.column.not_adopted")].comment,
        "without_plan": plan_years[w("overview.column.without_plan")].comment,
        "with_errors": plan_years[w("overview.column.with_errors")].comment,
        "grants_left_out": grants[w("overview.column.grants_left_out")].comment,
    }
    for key, comment in notes.items():
        assert comment is not None, key
        assert comment.text == w(f"overview.column_note.{key}"), key
    assert unknown in notes["without_plan"].text
    assert unknown in notes["grants_left_out"].text
    # a header that says it all has no note
    assert plan_years[w("overview.column.plan_year")].comment is None


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_a_funding_sources_column_has_its_full_name_in_its_note(
    workbooks: dict[str, Path], lang: str
) -> None:
    w = words(lang)
    sheet = load_workbook(workbooks[lang])[w("overview.pilots")]
    named = {cell.value: cell.comment for cell in sheet[1]}
    for source in FundingSource:
        full = w("overview.column.budget_source", source=w(f"source.{source.value}"))
        short = w(
            "overview.column.budget_source", source=w(f"overview.column_source.{source.value}")
        )
        assert short in named, short
        if short == full:
            assert named[short] is None
        else:
            assert named[short] is not None and named[short].text == full
    longer = w("overview.column.budget_source", source=w("source.project_management_grant"))
    assert len(longer) > LONGEST_HEADER  # the reason for the short names
