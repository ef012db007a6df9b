"""``import plan``: every id, amount, sub-goal and header read as the municipality wrote it.

Each table is a real file written here (openpyxl, python-docx, raw bytes in the encodings
Windows and Excel save), imported through the real command line into a copy of the
bundled Vest-Telemark pilot without plans, so that every row is a new measure and its id
is the one the table gives. A cell that cannot be known is said to be, with its file, sheet
and row; it is never a guess and never 0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli.loader import load_yaml
from tests.helpers import run_cli, vest_telemark_without_plans
from tests.test_yaml_versions_and_sizes import SPARSE, peak_bytes, sparse

HEADER = ["Nr", "Delmål", "Tiltak", "Budsjett 2026"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Vest-Telemark without plans: the import makes the pilot's first plan."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    return vest_telemark_without_plans(tmp_path)


def workbook(
    path: Path,
    rows: list[list[Any]],
    formats: dict[str, str] | None = None,
    merged: tuple[str, ...] = (),
) -> Path:
    """A workbook of ``rows`` on its one sheet «Ark1», cells given number ``formats`` and
    the ``merged`` ranges («A2:A3») merged."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Ark1"
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(str(path))
    return path


def imported(folder: Path, source: Path, *extra: str) -> tuple[int, str]:
    return run_cli("import", "plan", str(source), "--pilot", str(folder), "--year", "2026", *extra)


def plan_measures(folder: Path, source: Path) -> dict[str, dict[str, Any]]:
    """The measures of the plan written from ``source`` (the import must succeed), by id.
    The pilot's validation after writing fails (no grants for 2026 in this copy): exit 1."""
    code, output = imported(folder, source)
    assert code in (0, 1) and "Skreiv " in output and "Traceback" not in output, output
    data = load_yaml(folder / "plans" / "2026.yaml").data
    return {str(m["id"]): m for m in data["measures"]}


def refused(folder: Path, source: Path) -> str:
    """What the import said refusing ``source`` (exit 1, no traceback, nothing written)."""
    code, output = imported(folder, source)
    assert code == 1, output
    assert "Traceback" not in output
    assert not (folder / "plans" / "2026.yaml").exists()
    return output


def report(folder: Path, source: Path) -> dict[str, Any]:
    """The JSON report of a dry run of ``source``."""
    code, output = imported(folder, source, "--dry-run", "--format", "json")
    assert code == 0, output
    result: dict[str, Any] = json.loads(output)
    return result


def ten_measures(first: Any = 1.1, tenth: Any = 1.1) -> list[list[Any]]:
    """Measures 1.1 to 1.10 of sub-goal 1 as number cells (Excel's «1.1» … «1.9»)."""
    numbers = [first, *(float(f"1.{n}") for n in range(2, 10)), tenth]
    return [HEADER] + [
        [number, 1, f"Tiltak nummer {n} for bustadene", 1000 * n]
        for n, number in enumerate(numbers, start=1)
    ]


# --- ids and numbers as the sheet shows them ----------------------------------------------


def test_a_number_cell_formatted_with_two_decimals_is_the_id_it_shows(
    tmp_path: Path, folder: Path
) -> None:
    """1.1 formatted «0.00» shows «1.10»: measure 1.10, not a second 1.1."""
    source = workbook(tmp_path / "plan.xlsx", ten_measures(), {"A11": "0.00"})
    measures = plan_measures(folder, source)
    assert sorted(measures) == sorted(f"1.{n}" for n in range(1, 11))
    assert measures["1.10"]["number"] == 10
    assert measures["1.10"]["title"] == "Tiltak nummer 10 for bustadene"
    assert measures["1.10"]["budget"][2026] == {"state_measure_funds": 10000}
    assert measures["1.1"]["title"] == "Tiltak nummer 1 for bustadene"


def test_a_text_cell_keeps_its_trailing_zero(tmp_path: Path, folder: Path) -> None:
    source = workbook(tmp_path / "plan.xlsx", ten_measures(first="1.1", tenth="1.10"))
    measures = plan_measures(folder, source)
    assert measures["1.10"]["number"] == 10
    assert measures["1.1"]["number"] == 1


def test_two_rows_one_number_by_excels_dropped_zero_are_refused_saying_so(
    tmp_path: Path, folder: Path
) -> None:
    """«1.10» typed into a General cell is 1.1 to Excel: the clash is named as that."""
    output = refused(folder, workbook(tmp_path / "plan.xlsx", ten_measures()))
    assert "plan.xlsx:Ark1:11: tiltak 1.1 står alt på rad Ark1:2" in output
    assert "talcelle" in output and "«1.10»" in output


def test_a_number_cell_after_a_higher_number_is_read_but_named(
    tmp_path: Path, folder: Path
) -> None:
    """1.2 … 1.9 and then 1.1: read as 1.1, as the file holds it, and the row is named
    as possibly «1.10» (never silently guessed either way)."""
    rows = ten_measures()
    del rows[1]  # no measure 1.1 above: the last row's 1.1 is the only one
    result = report(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert [p["id"] for p in result["placed"]][-1] == "1.1"
    [said] = [g for g in result["guesses"] if "Ark1:10" in g]
    assert "«1.1»" in said and "etter tiltak 1.9" in said and "«1.10»" in said


def test_numbers_in_order_say_nothing(tmp_path: Path, folder: Path) -> None:
    rows = ten_measures()[:-1]  # 1.1 … 1.9, number cells, each after a lower one
    result = report(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert not [g for g in result["guesses"] if "talcelle" in g]


def test_one_id_on_two_rows_is_refused_not_written_over(tmp_path: Path, folder: Path) -> None:
    """Before, the second row's fields were written over the first row's measure."""
    rows = [
        ["ID", "Delmål", "Tiltak", "Budsjett 2026"],
        ["bustad-a", 1, "Bustader for unge", 1000],
        ["bustad-a", 1, "Bustader for eldre", 2000],
    ]
    output = refused(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert "plan.xlsx:Ark1:3: id «bustad-a» står alt på rad Ark1:2" in output


# --- a column without a header ------------------------------------------------------------


def test_values_under_an_empty_header_cell_are_named(tmp_path: Path, folder: Path) -> None:
    rows = [
        ["Nr", "Delmål", "Tiltak", None, "Budsjett 2026"],
        ["1.1", 1, "Bustader for unge", None, 1000],
        ["1.2", 1, "Bustader for eldre", "Eigne midlar 5000", 2000],
        ["1.3", 1, "Tomter", 7000, None, 3000],
    ]
    result = report(folder, workbook(tmp_path / "plan.xlsx", rows))
    said = [u["message"] for u in result["unplaced"] if u["kind"] == "column"]
    assert len(said) == 2, said
    assert said[0].endswith(
        "plan.xlsx:Ark1:3: kolonne D har ingen overskrift og er ikkje lesen (her står «Eigne"
        " midlar 5000»); gje kolonna ei overskrift, t.d. «Eigne midlar 2026», og prøv igjen"
    )
    assert "plan.xlsx:Ark1:4: kolonne F" in said[1] and "«3000»" in said[1]


def test_a_word_tables_column_without_header_is_named_by_its_number(
    tmp_path: Path, folder: Path
) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=4)
    for values in (["Nr", "Tiltak", "", "Budsjett 2026"], ["1.1", "Bustader", "NAV", "1000"]):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    document.save(str(tmp_path / "plan.docx"))
    code, output = imported(folder, tmp_path / "plan.docx", "--dry-run")
    assert code == 0, output
    assert "plan.docx:1:2: kolonne 3 har ingen overskrift og er ikkje lesen (her står «NAV»)" in (
        output
    )


def test_a_header_row_with_every_column_named_says_nothing(tmp_path: Path, folder: Path) -> None:
    rows = [HEADER, ["1.1", 1, "Bustader for unge", 1000], [None, None, "Sum", 1000]]
    result = report(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert not [u for u in result["unplaced"] if u["kind"] == "column"]


# --- a sub-goal cell that names none ---------------------------------------------------------


def test_a_sub_goal_cell_that_is_no_sub_goal_is_quoted(tmp_path: Path, folder: Path) -> None:
    long = "Bustadbygging og tilflytting til alle kommunane i regionen " * 3
    rows = [["Delmål", "Tiltak", "Budsjett 2026"], [long, "Bustader for unge", 1000]]
    output = refused(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert "plan.xlsx:Ark1:2: «Bustadbygging og tilflytting til alle kommunane i regionen" in (
        output
    )
    assert "…» i kolonna «Delmål» er ikkje eit delmål" in output
    assert long.strip() not in output  # cut, not the whole cell


# --- a header row far down the sheet ---------------------------------------------------------


def _title_block(rows: list[list[Any]]) -> list[list[Any]]:
    """A logo's empty rows, a title and notes (one beginning with a header's words) above."""
    notes: list[list[Any]] = [
        ["Handlingsplan 2026 for Vest-Telemark"],
        [],
        ["Tiltak som er fullførte, er merka grøne. Sjå vedlegget.", "Ansvarleg: Ola Nordmann"],
        ["Vedteken i styringsgruppa 12.11.2025"],
    ]
    return notes + [[] for _ in range(10)] + rows


def test_a_header_under_a_title_block_is_found(tmp_path: Path, folder: Path) -> None:
    rows = _title_block([HEADER, ["1.1", 1, "Bustader for unge", 1000]])
    measures = plan_measures(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert measures["1.1"]["budget"][2026] == {"state_measure_funds": 1000}


def test_a_note_far_down_is_no_header(tmp_path: Path, folder: Path) -> None:
    """Without a header row, a note that begins with header words is not taken for one."""
    output = refused(folder, workbook(tmp_path / "plan.xlsx", _title_block([])))
    assert "fann ingen tabell med tiltak" in output


# --- amounts in thousands --------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Budsjett 2026 (i 1000 kr)", "Budsjett 2026 (tkr)"])
def test_amounts_in_a_column_of_thousands(tmp_path: Path, folder: Path, header: str) -> None:
    rows = [
        ["Nr", "Delmål", "Tiltak", header],
        ["1.1", 1, "Bustader for unge", 500],
        ["1.2", 1, "Bustader for eldre", "12,5"],
        ["1.3", 1, "Tomter", 0.75],
        ["1.4", 1, "Ungdomsbustader", "1,2 mill."],
    ]
    source = workbook(tmp_path / "plan.xlsx", rows)
    amounts = {
        key: m["budget"][2026]["state_measure_funds"]
        for key, m in plan_measures(folder, source).items()
    }
    assert amounts == {"1.1": 500_000, "1.2": 12_500, "1.3": 750, "1.4": 1_200_000}
    guesses = report(folder, source)["guesses"]
    assert f"beløpa i kolonna «{header}» er tusen kroner" in " ".join(guesses)


def test_a_part_of_a_krone_in_thousands_is_refused(tmp_path: Path, folder: Path) -> None:
    rows = [["Nr", "Delmål", "Tiltak", "Budsjett 2026 (i 1000 kr)"], ["1.1", 1, "Bustader", 0.0005]]
    output = refused(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert "plan.xlsx:Ark1:2: «0.0005» i kolonna «Budsjett 2026 (i 1000 kr)»" in output


# --- CSV without a byte order mark -----------------------------------------------------------

CSV = "Nr;Delmål;Tiltak;Budsjett 2026\r\n1.1;1;Gårdsbruk, bustader og søknader for æ-lyden;1000\r\n"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_norwegian_letters_survive_a_csv_without_a_bom(
    tmp_path: Path, folder: Path, encoding: str
) -> None:
    source = tmp_path / "plan.csv"
    source.write_bytes(CSV.encode(encoding))
    measures = plan_measures(folder, source)
    assert measures["1.1"]["title"] == "Gårdsbruk, bustader og søknader for æ-lyden"


def test_windows_punctuation_between_letters_is_no_other_code_page(
    tmp_path: Path, folder: Path
) -> None:
    """«’» in «Ola’s», «–» in «2025–2028» and «Š» in a name are Windows-1252 text."""
    title = "Ola’s tun – Šimek-garden, 2025–2028"
    source = tmp_path / "plan.csv"
    source.write_bytes(f"{';'.join(HEADER)}\r\n1.1;1;{title};1000\r\n".encode("cp1252"))
    assert plan_measures(folder, source)["1.1"]["title"] == title


CODE_PAGES = {
    "mac_roman": "Mac Roman (frå eit eldre Mac-program, som Word eller Excel for Mac)",
    "cp850": "DOS (kodeside 850)",
}


def code_page_refusal(file: str, line: int, encoding: str, word: str) -> str:
    return (
        f"bygdevekst: {file}:{line}: fila ser ut til å vere lagra med teiknkoden"
        f" {CODE_PAGES[encoding]}, ikkje UTF-8 eller Windows-1252 (der står «{word}»), og blir"
        " ikkje lesen som rotete tekst; lagre fila som «CSV UTF-8» eller «Unicode-tekst» og"
        " prøv igjen\n"
    )


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_a_csv_in_a_dos_or_mac_code_page_is_refused_naming_it(
    tmp_path: Path, folder: Path, encoding: str
) -> None:
    """Before: «ser ut som bokstavar frå ein annan teiknkode (DOS eller Mac)», quoting the
    word as Windows-1252 garbles it («DelmŒl»)."""
    source = tmp_path / "plan.csv"
    source.write_bytes(CSV.encode(encoding))
    assert refused(folder, source) == code_page_refusal(str(source), 1, encoding, "Delmål")


def test_a_mac_csv_whose_letters_end_or_start_words_is_refused_not_misread(
    tmp_path: Path, folder: Path
) -> None:
    """Before: read as Windows-1252 without a word, the measure titled «Tomter pŒ ¯ya»
    (Mac Roman's «å» is Windows-1252's «Œ», its «Ø» «¯»), as no sign stood between two
    letters."""
    source = tmp_path / "plan.csv"
    lines = ["Nr;Delmal;Tiltak;Budsjett 2026", "1.1;1;Tomter på Øya;1000"]
    source.write_bytes("\r\n".join(lines).encode("mac_roman"))
    assert refused(folder, source) == code_page_refusal(str(source), 2, "mac_roman", "på")


def test_a_mac_csv_with_a_byte_windows_lacks_is_named_mac_roman(
    tmp_path: Path, folder: Path
) -> None:
    """Mac Roman's «Å» is 0x81, which Windows-1252 lacks: before, «byten 0x81 er korkje
    UTF-8 eller Windows-1252»."""
    source = tmp_path / "plan.csv"
    lines = ["Nr;Delmal;Tiltak;Budsjett 2026", "1.1;1;Åsen sentrum;1000"]
    source.write_bytes("\r".join(lines).encode("mac_roman"))  # an old Mac's line ends
    assert refused(folder, source) == code_page_refusal(str(source), 2, "mac_roman", "Åsen")


@pytest.mark.parametrize(
    ("encoding", "title"),
    [
        ("cp1252", "Gårdsbruk, bustader og søknader for Ærø og Åsen"),
        ("cp1252", "‘ein’ tun, Ola’s • 2025–2028 ¾ ® ¿"),
        ("latin-1", "Gårdsbruk for Ærø og Åsen, ¾ ® ¿ «tun»"),
        ("latin-1", "Tun ¾ ® ¿ «x»"),
    ],
)
def test_a_windows_or_latin_1_csv_is_still_read_as_it_was(
    tmp_path: Path, folder: Path, encoding: str, title: str
) -> None:
    """Windows-1252's quotes are DOS's «æ» and «Æ», its «¾», «®» and «¿» Mac Roman's «æ»,
    «Æ» and «ø»: a file with them and no other sign of those code pages is Windows-1252."""
    source = tmp_path / "plan.csv"
    source.write_bytes(f"{';'.join(HEADER)}\r\n1.1;1;{title};1000\r\n".encode(encoding))
    assert plan_measures(folder, source)["1.1"]["title"] == title


def test_a_byte_neither_encoding_holds_is_refused_at_its_line(tmp_path: Path, folder: Path) -> None:
    source = tmp_path / "plan.csv"
    source.write_bytes(CSV.encode("cp1252") + b"1.2;1;Tomter\x81;2000\r\n")
    output = refused(folder, source)
    assert "plan.csv:3: byten 0x81 er korkje UTF-8 eller Windows-1252" in output


def test_a_csv_mixing_utf8_and_windows_letters_is_refused(tmp_path: Path, folder: Path) -> None:
    """A UTF-8 file with a line added by a Windows program: read as either, one of the two
    would come out as mojibake («GÃ¥rd»)."""
    source = tmp_path / "plan.csv"
    source.write_bytes(CSV.encode("utf-8") + "1.2;1;Tomter på Ø;2000\r\n".encode("cp1252"))
    output = refused(folder, source)
    assert "plan.csv:3: byten 0xE5" in output


@pytest.mark.parametrize("encoding", CODE_PAGES)
def test_a_text_agreement_in_a_dos_or_mac_code_page_is_refused_naming_it(
    tmp_path: Path, folder: Path, encoding: str
) -> None:
    """Before: «avtale.txt:3: «G†rden» ser ut som bokstavar frå ein annan teiknkode (DOS
    eller Mac)»; a Mac file's «på» at the end of a word was read as «pŒ» without a word."""
    source = tmp_path / "avtale.txt"
    text = "Bygdevekstavtale\r\r1 Innleiing\rTiltak på garden.\r"
    source.write_bytes(text.encode(encoding))
    code, output = run_cli("import", "agreement", str(source), "--pilot", "garden", "--dry-run")
    assert (code, output) == (1, code_page_refusal(str(source), 4, encoding, "på"))


TOO_LARGE = (
    ":1: Fila er for stor: 268\xa0435\xa0456 byte, og bygdevekst les filer på opptil"
    " 1\xa0048\xa0576 byte (1 MiB); ei avtale- eller planfil er berre nokre titals kB,"
    " så sjå etter om dette er rett fil"
)


def test_a_text_table_too_large_is_refused_from_its_size_unread(
    tmp_path: Path, folder: Path
) -> None:
    """Before: a CSV file of 256 MiB was read whole and its rows read as measures."""
    source = tmp_path / "plan.csv"
    source.write_bytes(CSV.encode("utf-8") * 200)  # more than the head the import looks at
    output, peak = peak_bytes(lambda: refused(folder, sparse(source)))
    assert output == f"bygdevekst: {source}{TOO_LARGE}\n"
    assert peak < SPARSE // 8


def test_a_text_agreement_too_large_is_refused_from_its_size_unread(
    tmp_path: Path, folder: Path
) -> None:
    source = tmp_path / "avtale.md"
    source.write_bytes("# Bygdevekstavtale for Gården\n\n## 1 Innleiing\n".encode() * 200)
    (code, output), peak = peak_bytes(
        lambda: run_cli("import", "agreement", str(sparse(source)), "--pilot", "garden")
    )
    assert (code, output) == (1, f"bygdevekst: {source}{TOO_LARGE}\n")
    assert peak < SPARSE // 8


def test_a_plan_too_large_to_import_into_is_refused_from_its_size_unread(
    tmp_path: Path, folder: Path
) -> None:
    """The import reads the year's plan to add to it: before, read whole to be refused."""
    plan = folder / "plans" / "2026.yaml"
    plan.parent.mkdir(exist_ok=True)
    plan.write_bytes(b"year: 2026\n")
    sparse(plan)
    source = tmp_path / "plan.csv"
    source.write_bytes(CSV.encode("utf-8"))
    (code, output), peak = peak_bytes(lambda: imported(folder, source, "--dry-run"))
    assert (code, output) == (1, f"bygdevekst: {plan}{TOO_LARGE}\n")
    assert peak < SPARSE // 8


# --- formulas never computed, years that are none ----------------------------------------

YEARS = ["Nr", "Delmål", "Tiltak", "Start", "Slutt", "Budsjett 2026"]


def test_a_formula_without_a_value_in_a_sub_goal_cell_is_refused(
    tmp_path: Path, folder: Path
) -> None:
    """A file a program wrote without computing: «=A1» is no sub-goal 1 (its digit)."""
    rows = [YEARS, ["1.1", "=A1", "Bustader for unge", 2026, 2027, 1000]]
    output = refused(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert "plan.xlsx:Ark1:2: kolonna «Delmål» har formelen «=A1»" in output


def test_a_formula_without_a_value_as_a_title_is_refused(tmp_path: Path, folder: Path) -> None:
    rows = [YEARS, ["1.1", 1, '=B2&" "&A2', 2026, 2027, 1000]]
    output = refused(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert "plan.xlsx:Ark1:2: kolonna «Tiltak» har formelen" in output


@pytest.mark.parametrize("start", [46023, 26, "0026"])
def test_a_start_that_is_no_year_is_refused(tmp_path: Path, folder: Path, start: Any) -> None:
    """46023: a date serial in a cell not formatted as a date; «26»: a year cut short."""
    rows = [YEARS, ["1.1", 1, "Bustader for unge", start, 2027, 1000]]
    output = refused(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert f"plan.xlsx:Ark1:2: «{start}» i kolonna «Start» er ikkje eit årstal" in output


def test_date_cells_and_text_dates_give_their_years(tmp_path: Path, folder: Path) -> None:
    import datetime as dt

    rows = [YEARS, ["1.1", 1, "Bustader for unge", dt.date(2026, 3, 1), "31.12.2027", 1000]]
    measure = plan_measures(folder, workbook(tmp_path / "plan.xlsx", rows))["1.1"]
    assert (measure["start_year"], measure["end_year"]) == (2026, 2027)


# --- one measure merged over several budget rows ----------------------------------------

SOURCES = ["Nr", "Delmål", "Tiltak", "Ansvarleg", "Tiltaksmidlar 2026", "Eigne midlar 2026"]


def _merged_measure(path: Path, second: list[Any]) -> Path:
    """Measure 1.1 over rows 2 and 3 (its number, sub-goal and title merged down), a
    budget a row, and measure 1.2 under it."""
    rows = [
        SOURCES,
        ["1.1", 1, "Bustader for unge", "Seljord", 100_000, None],
        [None, None, None, *second],
        ["1.2", 1, "Tomter", None, 20_000, None],
    ]
    return workbook(path, rows, merged=("A2:A3", "B2:B3", "C2:C3"))


def test_one_measure_merged_over_a_row_per_source(tmp_path: Path, folder: Path) -> None:
    source = _merged_measure(tmp_path / "plan.xlsx", [None, None, 50_000])
    measures = plan_measures(folder, source)
    assert sorted(measures) == ["1.1", "1.2"]
    assert measures["1.1"]["budget"][2026] == {"state_measure_funds": 100_000, "own_funds": 50_000}
    assert measures["1.1"]["responsible"] == "seljord"
    assert measures["1.2"]["budget"][2026] == {"state_measure_funds": 20_000}


def test_a_second_amount_for_one_budget_of_a_merged_measure_is_refused(
    tmp_path: Path, folder: Path
) -> None:
    """The same amount again is no proof it is the same money: never summed, never one."""
    output = refused(folder, _merged_measure(tmp_path / "plan.xlsx", [None, 100_000, None]))
    assert "plan.xlsx:Ark1:3: rada held fram tiltaket på rad Ark1:2" in output
    assert "kolonna «Tiltaksmidlar 2026» har alt eit beløp for tiltaket («100000» her)" in output


def test_another_responsible_on_a_merged_measures_row_is_refused(
    tmp_path: Path, folder: Path
) -> None:
    output = refused(folder, _merged_measure(tmp_path / "plan.xlsx", ["Tokke", None, 50_000]))
    assert "plan.xlsx:Ark1:3: rada held fram tiltaket på rad Ark1:2" in output
    assert "«Tokke» i kolonna «Ansvarleg»" in output


def test_a_title_merged_over_two_numbers_is_two_measures(tmp_path: Path, folder: Path) -> None:
    """Only the title merged, each row its own number: two measures, as before."""
    rows = [
        SOURCES,
        ["1.1", 1, "Bustader", None, 100_000, None],
        ["1.2", 1, None, None, 50_000, None],
    ]
    measures = plan_measures(folder, workbook(tmp_path / "plan.xlsx", rows, merged=("C2:C3",)))
    assert sorted(measures) == ["1.1", "1.2"]
    assert measures["1.2"]["budget"][2026] == {"state_measure_funds": 50_000}


def test_one_measure_merged_over_two_rows_of_a_word_table(tmp_path: Path, folder: Path) -> None:
    import docx

    document = docx.Document()
    rows = [SOURCES, ["1.1", "1", "Bustader for unge", "Seljord", "100 000", ""]]
    rows += [["", "", "", "", "", "50 000"]]
    table = document.add_table(rows=0, cols=len(SOURCES))
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    for column in range(3):
        table.cell(1, column).merge(table.cell(2, column))
    document.save(str(tmp_path / "plan.docx"))
    measure = plan_measures(folder, tmp_path / "plan.docx")["1.1"]
    assert measure["budget"][2026] == {"state_measure_funds": 100_000, "own_funds": 50_000}


# --- an agreement's table in a frame -------------------------------------------------------


def test_an_odt_agreements_table_in_a_frame_is_read(tmp_path: Path) -> None:
    """The signatures' table in a frame (LibreOffice's way to place a table beside the
    text) is the agreement's own: before, it was dropped as a text box, and no one signed."""
    from tests.test_import_layouts import VV, build_odt, bundled, run_import

    source = tmp_path / "avtale.odt"
    build_odt(source, VV, framed=True)
    code, output = run_import(tmp_path, source, VV)
    assert code == 0, output
    assert "tekstboks" not in output
    agreement = load_yaml(tmp_path / "pilots" / VV / "agreement.yaml").data
    assert [s["party"] for s in agreement["signatures"]] == [
        s.party for s in bundled(VV)[1].signatures
    ]


def test_a_csv_header_under_a_title_block_without_separators(tmp_path: Path, folder: Path) -> None:
    """A title block written without Excel's «;;;», longer than the lines the separator
    was looked for in, and a comma in a note: the table is still read by its «;»."""
    lines = ["Handlingsplan 2026 for Vest-Telemark", "", "Vedteken 12. november 2025, sak 14/25"]
    lines += [""] * 10 + [
        ";".join(HEADER),
        "1.1;1;Bustader for unge;1000",
        "1.2;1;Tomter, veg;2000",
    ]
    source = tmp_path / "plan.csv"
    source.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    measures = plan_measures(folder, source)
    assert measures["1.2"]["title"] == "Tomter, veg"
    assert measures["1.2"]["budget"][2026] == {"state_measure_funds": 2000}


def test_an_ods_number_cell_showing_a_trailing_zero_is_the_id_it_shows(
    tmp_path: Path, folder: Path
) -> None:
    """LibreOffice keeps what a cell shows beside its value: 1.1 shown «1,10» is 1.10."""
    from odf.opendocument import OpenDocumentSpreadsheet  # type: ignore[import-untyped]
    from odf.table import Table, TableCell, TableRow  # type: ignore[import-untyped]
    from odf.text import P  # type: ignore[import-untyped]

    def cell(value: Any, shown: str | None = None) -> Any:
        number = isinstance(value, (int, float))
        made = TableCell(valuetype="float", value=str(value)) if number else TableCell()
        made.addElement(P(text=shown or str(value)))
        return made

    document = OpenDocumentSpreadsheet()
    table = Table(name="Tiltak")
    for values in (
        [cell(h) for h in HEADER],
        [cell(1.1), cell(1), cell("Bustader"), cell(100)],
        [cell(1.1, "1,10"), cell(1), cell("Tomter"), cell(200)],
    ):
        row = TableRow()
        for made in values:
            row.addElement(made)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(tmp_path / "plan.ods"))
    measures = plan_measures(folder, tmp_path / "plan.ods")
    assert (measures["1.1"]["title"], measures["1.10"]["title"]) == ("Bustader", "Tomter")


@pytest.mark.parametrize("amount", [-5000, "-5 000", "−5 000"])
def test_a_negative_amount_is_refused_not_written(
    tmp_path: Path, folder: Path, amount: Any
) -> None:
    """Before, -5000 was written into the plan, which then did not validate."""
    rows = [HEADER, ["1.1", 1, "Bustader for unge", amount]]
    output = refused(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert f"plan.xlsx:Ark1:2: «{amount}» i kolonna «Budsjett 2026»" in output


@pytest.mark.parametrize(("column", "error"), [("Tiltak", "#REF!"), ("Budsjett 2026", "#DIV/0!")])
def test_a_formulas_error_is_refused_as_one(
    tmp_path: Path, folder: Path, column: str, error: str
) -> None:
    """Before, «#REF!» was a measure's title, and «#DIV/0!» «no whole amount»."""
    row: list[Any] = ["1.1", 1, "Bustader for unge", 1000]
    row[HEADER.index(column)] = error
    output = refused(folder, workbook(tmp_path / "plan.xlsx", [HEADER, row]))
    assert f"plan.xlsx:Ark1:2: kolonna «{column}» viser feilen «{error}» frå ein formel" in output


def test_thousands_named_in_the_lower_of_two_header_rows(tmp_path: Path, folder: Path) -> None:
    """«Budsjett 2026» merged over «Tiltaksmidlar (tkr)» and «Eigne midlar (tkr)»."""
    rows = [
        ["Nr", "Delmål", "Tiltak", "Budsjett 2026", None],
        [None, None, None, "Tiltaksmidlar (tkr)", "Eigne midlar (tkr)"],
        ["1.1", 1, "Bustader for unge", 500, "12,5"],
    ]
    source = workbook(tmp_path / "plan.xlsx", rows, merged=("D1:E1",))
    budget = plan_measures(folder, source)["1.1"]["budget"][2026]
    assert budget == {"state_measure_funds": 500_000, "own_funds": 12_500}


def test_a_header_naming_three_fields_is_one_whatever_its_words(
    tmp_path: Path, folder: Path
) -> None:
    """Only a row naming two fields must look like a header: a full one may explain."""
    rows = _title_block(
        [
            ["Nr", "Tiltak: kva skal gjerast. Kort", "Ansvarleg", "Delmål", "Budsjett 2026"],
            ["1.1", "Bustader for unge", None, 1, 1000],
        ]
    )
    measures = plan_measures(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert measures["1.1"]["title"] == "Bustader for unge"


# --- an agreement's signature dates ----------------------------------------------------------


def _dated_agreement(
    path: Path, monkeypatch: pytest.MonkeyPatch, dates: tuple[str, ...]
) -> list[str]:
    """The bundled VV agreement as ODT, its signatures' table with ``dates`` beside the
    parties in turn; the parties' names."""
    from tests import test_import_layouts as layouts

    plain = layouts.pieces
    names: list[str] = []

    def dated(pilot_id: str, **options: Any) -> Any:
        for piece in plain(pilot_id, **options):
            if piece.kind == "signatures":
                names.extend(name for name, _ in piece.rows[1:])
                rows = [(name, dates[i % len(dates)]) for i, (name, _) in enumerate(piece.rows[1:])]
                piece = layouts.Piece("signatures", rows=(piece.rows[0], *rows))
            yield piece

    monkeypatch.setattr(layouts, "pieces", dated)
    layouts.build_odt(path, layouts.VV)
    return names


@pytest.mark.parametrize("written", ["19.02.2026", "2026-02-19", "19. februar 2026"])
def test_signature_dates_as_agreements_write_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str
) -> None:
    from tests.test_import_layouts import VV, run_import

    _dated_agreement(tmp_path / "avtale.odt", monkeypatch, (written,))
    code, output = run_import(tmp_path, tmp_path / "avtale.odt", VV)
    assert code == 0, output
    agreement = load_yaml(tmp_path / "pilots" / VV / "agreement.yaml").data
    assert {str(s.get("decision_date")) for s in agreement["signatures"]} == {"2026-02-19"}


def test_a_signature_date_that_is_no_day_is_listed_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """«31.02.2026» raised ValueError (a traceback); «19.2.26» was dropped without a word."""
    from tests.test_import_layouts import VV, run_import

    names = _dated_agreement(tmp_path / "avtale.odt", monkeypatch, ("31.02.2026", "19.2.26"))
    code, output = run_import(tmp_path, tmp_path / "avtale.odt", VV, "--dry-run")
    assert code == 0, output
    assert f"Datoen ved signaturen til {names[0]} er ingen dag som kan leses" in output
    assert f"{names[0]} 31.02.2026" in output and f"{names[1]} 19.2.26" in output
    assert "decision_date: " not in output
