"""The overview's workbook as a county officer opens it: in a spreadsheet, and printed.

Only the pilots' sheet kept its header row in sight; the grants, totals, years and skipped
sources sheets scrolled their headers away, and printed pages of amounts named neither the
pilot nor the column. LibreOffice showed a yes/no cell as «1»/«0» (grants) or «FALSE».
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
import zipfile
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook

from bygdevekst_cli.language import words
from tests.helpers import MINIMAL, REPO, copy_pilot, invoke, libreoffice_pdf


@pytest.fixture
def workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The overview of a Nynorsk pilot with a grant for the whole period, and a source that
    is not there (a sheet of sources skipped)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    copy_pilot(MINIMAL, tmp_path, "fjellbygd")
    out = tmp_path / "oversikt.xlsx"
    result = invoke("overview", "-o", str(out), "pilots/fjellbygd", "finst-ikkje")
    assert result.exit_code == 1, result.output  # one source skipped, the workbook written
    return out


def test_every_sheet_keeps_its_headers_on_screen_and_on_paper(workbook: Path) -> None:
    book = load_workbook(workbook)
    assert len(book.worksheets) >= 4
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "B2", sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert sheet.print_title_cols == "$A:$A", sheet.title
        assert sheet.page_setup.orientation == "landscape", sheet.title


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_a_yes_no_cell_says_ja_or_nei(workbook: Path, lang: str) -> None:
    """The cell stays a yes/no value (it sorts and filters as one) shown in the words of
    the report."""
    out = workbook.with_name(f"oversikt-{lang}.xlsx")
    invoke("overview", "-o", str(out), "--lang", lang, "pilots/fjellbygd")
    w = words(lang)
    shown = f'"{w("overview.yes")}";"{w("overview.yes")}";"{w("overview.no")}"'
    yes_no = [
        cell
        for sheet in load_workbook(out).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, bool)
    ]
    assert {cell.value for cell in yes_no} == {True, False}  # a grant, uncommitted changes
    assert {cell.number_format for cell in yes_no} == {shown}


def test_libreoffice_shows_ja_and_nei_and_the_headers_on_every_page(workbook: Path) -> None:
    """As the county officer sees it, printed: «ja» and «nei», never «1», «0», «TRUE» or
    «FALSE»; every page of the wide pilots' sheet names the pilot and its columns."""
    pages = [page.extract_text() for page in pypdf.PdfReader(libreoffice_pdf(workbook)).pages]
    text = "\n".join(pages)
    assert not {"TRUE", "FALSE", "SANN", "USANN"} & set(text.split())
    (grant,) = [line for line in text.splitlines() if "statlege tiltaksmidlar 2025" in line]
    # the grant for the whole period (a Nynorsk pilot); pypdf may read the amount after it
    assert re.search(r"\bja(?![a-zæøå])", grant)
    # the header of uncommitted changes ends its line, the row under it ends in «nei»
    header = re.escape(words("nn")("overview.column.uncommitted"))
    assert re.search(rf"{header}\n[^\n]*\bnei$", text, re.M)
    pilots = [page for page in pages if "fjellbygd" in page and "Årsak" not in page]
    assert len(pilots) > 3 and all(
        page.startswith(("ID", "Pilot", "Budsjettår")) for page in pilots
    )
    assert sum(page.startswith("ID\nfjellbygd") for page in pages) >= 2  # the sheet is wide


def test_the_same_input_gives_the_same_workbook_bytes(
    workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs seconds apart write the same bytes: a workbook kept in git does not change
    when nothing in it did (openpyxl dated the package and each zip entry by the clock)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, second = workbook.with_name("a.xlsx"), workbook.with_name("b.xlsx")
    invoke("overview", "-o", str(first), "pilots/fjellbygd")
    time.sleep(2.1)  # a zip entry's time is to two seconds
    invoke("overview", "-o", str(second), "pilots/fjellbygd")
    assert first.read_bytes() == second.read_bytes()


def test_the_workbook_is_dated_by_source_date_epoch(
    workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    out = workbook.with_name("dated.xlsx")
    invoke("overview", "-o", str(out), "pilots/fjellbygd")
    properties = load_workbook(out).properties
    assert properties.created == properties.modified == dt.datetime(2026, 1, 1)
    with zipfile.ZipFile(out) as package:
        assert {item.date_time for item in package.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_a_row_of_wrapped_text_is_tall_enough_for_every_line(tmp_path: Path) -> None:
    """Vest-Telemark's six municipalities wrap in their cell; the spreadsheet showed the
    first line only (a row does not grow by itself for a file's wrapped text)."""
    out = tmp_path / "oversikt.xlsx"
    result = invoke("overview", "-o", str(out), str(REPO / "pilots" / "vest-telemark"))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index(words("nn")("overview.municipalities")) + 1)
    assert cell.alignment.wrap_text
    width = sheet.column_dimensions[cell.column_letter].width
    lines = math.ceil(len(cell.value) / width)
    assert lines >= 3
    assert sheet.row_dimensions[2].height >= lines * 15
    # the row's other cells at its top: the pilot's id stood at its foot, beside the next
    # row's first line
    assert {cell.alignment.vertical for cell in sheet[2]} == {"top"}


def test_libreoffice_shows_kroner_grouped_as_norwegian(workbook: Path) -> None:
    """«18,000,000 kr» read as a decimal comma to a Norwegian reader."""
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(libreoffice_pdf(workbook)).pages)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    assert "18 000 000 kr" in text and "18,000,000" not in text


def test_a_narrow_sheet_is_printed_one_page_wide(workbook: Path) -> None:
    """The grants sheet's last columns were printed on a page of their own, without the
    amounts they belong to; the wide pilots' sheet still goes on over pages (shrunk to one
    page it could not be read)."""
    book = load_workbook(workbook)
    w = words("nn")
    grants = book[w("overview.grants")]
    assert grants.sheet_properties.pageSetUpPr.fitToPage
    assert (grants.page_setup.fitToWidth, grants.page_setup.fitToHeight) == (1, 0)
    pilots = book[w("overview.pilots")]
    assert not (
        pilots.sheet_properties.pageSetUpPr and pilots.sheet_properties.pageSetUpPr.fitToPage
    )
    pages = [page.extract_text() for page in pypdf.PdfReader(libreoffice_pdf(workbook)).pages]
    (grant_page,) = [page for page in pages if w("overview.funder") in page]
    assert w("overview.grant_status") in grant_page and "statlege tiltaksmidlar" in grant_page


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_the_workbook_properties_name_it_and_its_language(workbook: Path, lang: str) -> None:
    """The file's properties said «openpyxl» made it, and had no title or language (a
    spell checker then took the Norwegian text for English)."""
    out = workbook.with_name(f"eigenskapar-{lang}.xlsx")
    invoke("overview", "-o", str(out), "--lang", lang, "pilots/fjellbygd")
    properties = load_workbook(out).properties
    assert properties.title == words(lang)("overview.title")
    assert properties.creator == "bygdevekst"
    assert properties.language == f"{lang}-NO"
