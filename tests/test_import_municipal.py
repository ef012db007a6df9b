"""``import plan`` on tables laid out the ways municipalities write them, and the files an
import must refuse: built here in Word, Excel and CSV from code, imported through the real
CLI, and checked against what the table says (no measure lost or doubled, no amount
guessed), or checked to be refused by name with nothing written."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import ActionPlan
from bygdevekst_cli.models.plan import Measure
from tests.helpers import SEEDS
from tests.test_import_layouts import (
    IN,
    SEED,
    VT,
    VV,
    build_odt,
    build_word,
    bundled,
    pieces,
    run_import,
)
from tests.test_import_plan import pilot_without_2026, refused_plan, run_plan

HEADER = ["Nr", "Delmål", "Tiltak", "Budsjett 2026", "Merknad"]
KOMPETANSE = ["1.4", "1", "«Kompetansesirkel»", "150 000", None]
ETABLERAR = ["2.1", "2", "Verkemiddelapparatet – synleggjere moglegheitene", "300 000", None]
NEW_MEASURE = "Lærlingplassar i helse og omsorg"


def plan(folder: Path) -> dict[str, Measure]:
    """The measures of the plan written for 2026, by id."""
    data = load_yaml(folder / "plans" / "2026.yaml").data
    return {m.id: m for m in ActionPlan.model_validate(data).measures}


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> None:
    """A workbook with a sheet of ``rows`` for each name, in order."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(str(path))


def write_docx(path: Path, rows: list[list[Any]]) -> None:
    """A Word table of ``rows``; a row of one cell is merged across the table (a heading)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Handlingsplan 2026")
    width = max(len(row) for row in rows)
    table = document.add_table(rows=0, cols=width)
    for values in rows:
        cells = table.add_row().cells
        if len(values) == 1:
            cells[0].merge(cells[width - 1]).text = str(values[0])
            continue
        for cell, value in zip(cells, values, strict=True):
            cell.text = "" if value is None else str(value)
    document.save(str(path))


def imported(tmp_path: Path, source: Path, *extra: str) -> tuple[Path, dict[str, Any]]:
    """The pilot folder and the JSON report of an import that succeeded."""
    folder = pilot_without_2026(tmp_path)
    code, output = run_plan(folder, source, "--format", "json", *extra)
    assert code == 0, output
    return folder, json.loads(output)


def test_a_dash_for_an_unknown_amount_leaves_it_unknown(tmp_path: Path) -> None:
    """«-» or «–» in a budget cell says no amount is known yet: not an error, never 0."""
    source = tmp_path / "handlingsplan.xlsx"
    rows = [
        ["Handlingsplan 2026"],
        [],
        HEADER,
        ["1.4", "1", "«Kompetansesirkel»", "-", "ukjent enno"],
        [*ETABLERAR[:3], "–", None],
        ["3.4", "3", NEW_MEASURE, 90000, None],
    ]
    write_xlsx(source, {"Tiltak": rows})
    folder, report = imported(tmp_path, source)
    assert [p["id"] for p in report["placed"]] == ["1.4", "2.1", "3.4"]
    measures = plan(folder)
    assert 2026 not in measures["1.4"].budget
    assert 2026 not in measures["2.1"].budget
    assert measures["3.4"].budget[2026].state_measure_funds == 90000


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_the_header_row_repeated_down_the_table_is_no_measure(tmp_path: Path, suffix: str) -> None:
    """A table pasted together from pages, the header typed again on each."""
    source = tmp_path / f"handlingsplan{suffix}"
    rows = [HEADER, KOMPETANSE, HEADER, ETABLERAR, [" nr ", "DELMÅL", "Tiltak", None, None]]
    if suffix == ".xlsx":
        write_xlsx(source, {"Ark1": rows})
    else:
        write_docx(source, rows)
    folder, report = imported(tmp_path, source)
    assert [(p["id"], p["match"]) for p in report["placed"]] == [
        ("1.4", "number"),
        ("2.1", "number"),
    ]
    assert report["unplaced"] == []
    assert plan(folder)["2.1"].budget[2026].state_measure_funds == 300000


@pytest.mark.parametrize("header", ["Budsjett", "Beløp (kr)", "Kroner"])
def test_a_budget_column_without_a_year_is_the_plan_years(tmp_path: Path, header: str) -> None:
    """Its amounts were left out without a word: they are the plan year's, the source
    assumed and said, as for «Budsjett 2026»."""
    source = tmp_path / "handlingsplan.csv"
    source.write_text(f"Nr;Delmål;Tiltak;{header}\n3.4;3;{NEW_MEASURE};kr 120 000,-\n", "utf-8")
    folder, report = imported(tmp_path, source)
    assert plan(folder)["3.4"].budget[2026].state_measure_funds == 120000
    assert [f"«{header}»" in guess and "2026" in guess for guess in report["guesses"]] == [True]


def test_a_total_or_a_comment_on_the_budget_is_no_budget_column(tmp_path: Path) -> None:
    source = tmp_path / "handlingsplan.csv"
    source.write_text(
        "Nr;Delmål;Tiltak;Budsjett 2026;Samla budsjett;Kommentar til budsjett\n"
        f"3.4;3;{NEW_MEASURE};50 000;400 000;auke i 2027\n",
        "utf-8",
    )
    folder, report = imported(tmp_path, source)
    assert plan(folder)["3.4"].budget[2026].state_measure_funds == 50000
    assert len(report["guesses"]) == 1


def test_a_workbook_with_a_sheet_per_year_reads_the_plan_years_sheet(tmp_path: Path) -> None:
    """Last year's sheet left in the workbook: its measures (one since closed, 2.4) are not
    this year's; the sheet is named as not read."""
    source = tmp_path / "handlingsplan.xlsx"
    header = ["Nr", "Delmål", "Tiltak", "Tiltaksmidlar"]
    write_xlsx(
        source,
        {
            "2025": [
                header,
                ["1.4", 1, "«Kompetansesirkel»", 100000],
                ["2.4", 2, "Grøn region Vest-Telemark", 80000],
            ],
            "Handlingsplan 2026": [header, ["1.4", 1, "«Kompetansesirkel»", 150000]],
            "Oppsummering": [["Tiltak", "Kommentar"], ["Sjå arka per år", None]],
        },
    )
    folder, report = imported(tmp_path, source)
    assert [p["id"] for p in report["placed"]] == ["1.4"]
    assert [(u["kind"], u["text"]) for u in report["unplaced"]] == [("sheet", "2025")]
    assert "arket «2025» er for eit anna år enn 2026" in report["unplaced"][0]["message"]
    measures = plan(folder)
    assert measures["1.4"].budget[2026].state_measure_funds == 150000
    assert 2026 not in measures["2.4"].budget


def test_a_summary_sheet_beside_the_year_sheets_is_named_not_read(tmp_path: Path) -> None:
    """«Oppsummering» lists every measure with a column per year before the sheets «2026»
    and «2027»: before, it was read with the 2026 sheet and each measure refused as
    standing on two rows, which the user could not help."""
    source = tmp_path / "handlingsplan.xlsx"
    header = ["Nr", "Delmål", "Tiltak", "Tiltaksmidlar"]
    write_xlsx(
        source,
        {
            "Oppsummering": [
                ["Nr", "Delmål", "Tiltak", "Budsjett 2026", "Budsjett 2027"],
                ["1.4", 1, "«Kompetansesirkel»", 150000, 90000],
            ],
            "2026": [header, ["1.4", 1, "«Kompetansesirkel»", 150000]],
            "2027": [header, ["1.4", 1, "«Kompetansesirkel»", 90000]],
        },
    )
    folder, report = imported(tmp_path, source)
    assert [p["source"] for p in report["placed"]] == ["2026:2"]
    assert [u["text"] for u in report["unplaced"]] == ["Oppsummering", "2027"]
    assert report["unplaced"][0]["message"].endswith(
        "handlingsplan.xlsx: arket «Oppsummering» er ikkje lese: arbeidsboka har eit eige"
        " ark for 2026, og berre det er lese"
    )
    assert plan(folder)["1.4"].budget[2026].state_measure_funds == 150000


def test_sheets_named_ark_are_told_apart_by_their_titles_year(tmp_path: Path) -> None:
    """Last year's plan copied into «Ark2» of this year's workbook, the year in its title:
    before, its measures were read into the 2026 plan, last year's amounts as this year's."""
    source = tmp_path / "handlingsplan.xlsx"
    header = ["Nr", "Delmål", "Tiltak", "Tiltaksmidlar"]
    write_xlsx(
        source,
        {
            "Ark1": [["Handlingsplan 2026"], [], header, ["1.4", 1, "«Kompetansesirkel»", 150000]],
            "Ark2": [["Handlingsplan 2025"], [], header, ["2.4", 2, "Grøn region", 80000]],
        },
    )
    folder, report = imported(tmp_path, source)
    assert [p["source"] for p in report["placed"]] == ["Ark1:4"]
    assert [(u["kind"], u["text"]) for u in report["unplaced"]] == [("sheet", "Ark2")]
    assert "arket «Ark2» er for eit anna år enn 2026" in report["unplaced"][0]["message"]
    assert 2026 not in plan(folder)["2.4"].budget


def test_a_sheet_per_sub_goal_beside_one_titled_for_the_year_is_read(tmp_path: Path) -> None:
    """No other year is named: the sheet without a year is the plan's too, not a summary."""
    source = tmp_path / "handlingsplan.xlsx"
    header = ["Nr", "Delmål", "Tiltak", "Tiltaksmidlar"]
    write_xlsx(
        source,
        {
            "Delmål 1": [["Handlingsplan 2026"], header, ["1.4", 1, "«Kompetansesirkel»", 150000]],
            "Delmål 2": [header, ["2.4", 2, "Grøn region Vest-Telemark", 80000]],
        },
    )
    _, report = imported(tmp_path, source)
    assert [p["source"] for p in report["placed"]] == ["Delmål 1:3", "Delmål 2:2"]
    assert report["unplaced"] == []


def test_a_workbook_without_a_sheet_for_the_year_is_read_whole(tmp_path: Path) -> None:
    """Sheets named for a year, none of them the plan's: nothing tells which to leave out."""
    source = tmp_path / "handlingsplan.xlsx"
    header = ["Nr", "Delmål", "Tiltak", "Budsjett 2026"]
    write_xlsx(source, {"2025": [header, KOMPETANSE[:4]], "Ark2": [header, ETABLERAR[:4]]})
    _, report = imported(tmp_path, source)
    assert [p["id"] for p in report["placed"]] == ["1.4", "2.1"]


@pytest.mark.parametrize("suffix", [".docx", ".csv"])
def test_sub_goal_heading_rows_give_the_rows_under_them_their_sub_goal(
    tmp_path: Path, suffix: str
) -> None:
    """No «Delmål» column: each group of measures under a «Delmål N: …» heading row, the
    measures numbered within it («4»), or not at all."""
    rows: list[list[Any]] = [
        ["Nr", "Tiltak", "Budsjett 2026"],
        ["Delmål 1: Fleire eigna bustader"],
        ["4", "«Kompetansesirkel»", "150 000"],
        ["Delmål 3"],
        ["4", NEW_MEASURE, "90 000"],
        [None, "Rekrutteringskampanje for sjukepleiarar", "-"],
    ]
    source = tmp_path / f"handlingsplan{suffix}"
    if suffix == ".docx":
        write_docx(source, rows)
    else:
        lines = [";".join("" if v is None else v for v in row) for row in rows]
        source.write_text("\n".join(lines) + "\n", "utf-8")
    folder, report = imported(tmp_path, source)
    assert [(p["id"], p["match"]) for p in report["placed"]] == [
        ("1.4", "number"),
        ("3.4", "new"),
        ("3.5", "new"),
    ]
    assert [u["text"] for u in report["unplaced"]] == [
        "Delmål 1: Fleire eigna bustader",
        "Delmål 3",
    ]
    measures = plan(folder)
    assert (measures["3.4"].sub_goal, measures["3.4"].title) == (3, NEW_MEASURE)
    assert measures["3.5"].sub_goal == 3
    assert 2026 not in measures["3.5"].budget


def test_a_csv_file_whose_rows_are_not_all_as_long(tmp_path: Path) -> None:
    """Written by hand or by a script, not by Excel: a title line above the header, a note
    line without the «;;» that would make it as long as the others."""
    source = tmp_path / "handlingsplan.csv"
    lines = [
        "Handlingsplan 2026",
        "Nr;Delmål;Tiltak;Samarbeidspartar;Budsjett 2026",
        f"3.4;3;{NEW_MEASURE};USN, KS;kr 90 000,-",
        "Merk: tala er førebelse",
    ]
    source.write_bytes("\r\n".join(lines).encode("cp1252"))
    folder, report = imported(tmp_path, source)
    assert [p["id"] for p in report["placed"]] == ["3.4"]
    assert plan(folder)["3.4"].budget[2026].state_measure_funds == 90000


@pytest.mark.parametrize("top", ["Budsjett", "Budsjett 2026"])
def test_a_budget_over_municipal_and_state_money_in_two_header_rows(
    tmp_path: Path, top: str
) -> None:
    """«Budsjett» merged over «Kommunale midlar» and «Statlege midlar»: the municipalities'
    money is their own funds, the state's is assumed measure funds and said so. Without a
    year the amounts were left out without a word; with one the table was refused."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=5)
    for cell, text in zip(table.rows[0].cells, ["Nr", "Delmål", "Tiltak"], strict=False):
        cell.text = text
    table.rows[0].cells[3].merge(table.rows[0].cells[4]).text = top
    table.rows[1].cells[3].text, table.rows[1].cells[4].text = "Kommunale midlar", "Statlege midlar"
    for cell, text in zip(
        table.add_row().cells, [*KOMPETANSE[:3], "50 000", "100 000"], strict=True
    ):
        cell.text = text
    source = tmp_path / "handlingsplan.docx"
    document.save(str(source))
    folder, report = imported(tmp_path, source)
    budget = plan(folder)["1.4"].budget[2026]
    assert (budget.own_funds, budget.state_measure_funds) == (50000, 100000)
    assert [f"«{top} Statlege midlar»" in guess for guess in report["guesses"]] == [True]


def test_tables_stacked_on_one_sheet_under_their_sub_goals_headings(tmp_path: Path) -> None:
    """A table per sub-goal on one sheet, each under its «Delmål N» heading, the header
    written again over each; the first heading stands above the first header."""
    source = tmp_path / "handlingsplan.xlsx"
    header = ["Nr", "Tiltak", "Budsjett 2026"]
    rows: list[list[Any]] = [
        ["Delmål 1: Fleire eigna bustader"],
        header,
        ["4", "«Kompetansesirkel»", 150000],
        [],
        ["Delmål 2: Meir næringsutvikling"],
        header,
        ["1", ETABLERAR[2], 300000],
    ]
    write_xlsx(source, {"Handlingsplan": rows})
    folder, report = imported(tmp_path, source)
    assert [(p["id"], p["match"]) for p in report["placed"]] == [
        ("1.4", "number"),
        ("2.1", "number"),
    ]
    assert plan(folder)["1.4"].budget[2026].state_measure_funds == 150000


# --- files to refuse ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "rows",
    [[HEADER], [HEADER, [], [None, None, "Sum", 0, None]]],
    ids=["header-only", "only-a-sum-row"],
)
def test_a_table_without_measures_is_refused(tmp_path: Path, rows: list[list[Any]]) -> None:
    """Nothing to import: the plan was written as if the table had said nothing new."""
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.xlsx"
    write_xlsx(source, {"Tiltak": rows})
    output = refused_plan(folder, source)
    assert "handlingsplan.xlsx:Tiltak:1: tabellen under denne overskriftsrada har ingen tiltak" in (
        output
    )


def _owner_file(path: Path) -> None:
    """The lock file Word and Excel keep beside an open document: the user's name, padded."""
    name = "Kari Nordmann"
    path.write_bytes(bytes([len(name)]) + name.encode("cp1252").ljust(53, b" ") + b"\0" * 108)


OWNER = ("er ei låsefil som Word eller Excel lagar", "er en låsefil som Word eller Excel lager")


def test_an_office_lock_file_given_as_a_plan_is_refused_as_what_it_is(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "~$ndlingsplan.xlsx"
    _owner_file(source)
    output = refused_plan(folder, source)
    assert f"{source.name}: {OWNER[0]} medan dokumentet er ope" in output


def test_an_office_lock_file_given_as_an_agreement_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "~$tale.docx"
    _owner_file(source)
    code, output = run_import(tmp_path, source, "nye-dalen")
    assert code == 1
    assert any(f"{source.name}: {words}" in output for words in OWNER), output
    assert not (tmp_path / "pilots").exists()


def test_an_old_office_file_is_told_what_to_be_saved_as(tmp_path: Path) -> None:
    """A .doc or .xls: not a file type the import does not know, but one to save anew."""
    old = bytes.fromhex("d0cf11e0a1b11ae1").ljust(1024, b"\0")
    folder = pilot_without_2026(tmp_path)
    workbook = tmp_path / "handlingsplan.xls"
    workbook.write_bytes(old)
    code, output = run_plan(folder, workbook)
    assert code == 1
    assert (
        "handlingsplan.xls: er ei gammal Office-fil (Word eller Excel 97–2003); opne ho og "
        "lagre ho som .xlsx" in output
    )
    document = tmp_path / "avtale.doc"
    document.write_bytes(old)
    code, output = run_import(tmp_path, document, "nye-dalen")
    assert code == 1
    assert any(f"avtale.doc: er {w} som .docx" in output for w in OLD_DOC), output
    assert not (tmp_path / "pilots" / "nye-dalen").exists()


OLD_DOC = (
    "ei gammal Office-fil (Word eller Excel 97–2003); opne ho og lagre ho",
    "en gammel Office-fil (Word eller Excel 97–2003); åpne den og lagre den",
)


def test_sub_goal_headings_written_in_capitals(tmp_path: Path) -> None:
    """«6.1 DELMÅL 1 FLEIRE EIGNA BUSTADER …»: the title was read with «DELMÅL 1» in it."""
    text = (SEEDS / SEED[VT]).read_text(encoding="utf-8")
    capitals = re.sub(
        r"(?m)^(\s*6\.\d )Delmål (\d) (.*)$", lambda m: f"{m[1]}DELMÅL {m[2]} {m[3].upper()}", text
    )
    assert capitals.count("DELMÅL") == 3
    source = tmp_path / "avtale.txt"
    source.write_text(capitals, encoding="utf-8")
    code, output = run_import(tmp_path, source, VT)
    assert code == 0, output
    agreement = load_yaml(tmp_path / "pilots" / VT / "agreement.yaml").data
    _, bundled_agreement = bundled(VT)
    assert [(g["number"], g["title"]) for g in agreement["sub_goals"]] == [
        (g.number, g.title.upper()) for g in bundled_agreement.sub_goals
    ]


def test_an_amount_computed_by_a_formula_is_the_amount_the_sheet_shows(tmp_path: Path) -> None:
    """«=C2*100000» of 4,35 is stored as 434999.99999999994 (binary residue); the sheet,
    which computes to 15 digits, shows 435 000. Half a krone is still no whole amount."""
    source = tmp_path / "handlingsplan.xlsx"
    header = ["Nr", "Delmål", "Tiltak", "Eigne midlar 2026"]
    stored = 4.35 * 100000
    assert stored == 434999.99999999994
    write_xlsx(source, {"Ark1": [header, [*KOMPETANSE[:3], stored]]})
    folder, _ = imported(tmp_path, source)
    assert plan(folder)["1.4"].budget[2026].own_funds == 435000
    write_xlsx(source, {"Ark1": [header, [*KOMPETANSE[:3], 435049.5]]})
    code, output = run_plan(pilot_without_2026(tmp_path / "half"), source)
    assert code == 1
    assert "handlingsplan.xlsx:Ark1:2: «435049.5» i kolonna «Eigne midlar 2026»" in output


def _list_numbered_odt(path: Path) -> None:
    """An agreement whose headings Word numbered (a list), saved as .odt by LibreOffice: each
    heading a large list paragraph of its own list, continuing the numbering (the numbers
    are not stored), the sub-goals in a list nested one level down."""
    from odf.opendocument import OpenDocumentText  # type: ignore[import-untyped]
    from odf.style import Style, TextProperties  # type: ignore[import-untyped]
    from odf.text import List, ListItem, P, Span  # type: ignore[import-untyped]

    document = OpenDocumentText()
    large = Style(name="T1", family="text")
    large.addElement(TextProperties(fontsize="16pt", fontweight="normal"))
    document.automaticstyles.addElement(large)

    def numbered(text: str, level: int) -> None:
        paragraph = P()
        paragraph.addElement(Span(stylename=large, text=text))
        inner = ListItem()
        inner.addElement(paragraph)
        for _ in range(level - 1):
            nested = List()
            nested.addElement(inner)
            inner = ListItem()
            inner.addElement(nested)
        outer = List(continuenumbering="true")
        outer.addElement(inner)
        document.text.addElement(outer)

    for piece in pieces(IN):
        if piece.kind == "chapter":
            numbered(piece.text, 1)
        elif piece.kind == "goal":
            numbered(f"Delmål {piece.number}: {piece.text}", 2)
        elif piece.kind == "bullet":
            item = ListItem()
            item.addElement(P(text=piece.text))
            bullets = List()
            bullets.addElement(item)
            document.text.addElement(bullets)
        elif piece.rows:
            for row in piece.rows:
                document.text.addElement(P(text="   ".join(row)))
        else:
            document.text.addElement(P(text=piece.text))
    document.save(str(path))


def test_an_odt_whose_headings_a_list_numbers_without_storing_the_numbers(
    tmp_path: Path,
) -> None:
    source = tmp_path / "avtale.odt"
    _list_numbered_odt(source)
    code, output = run_import(tmp_path, source, IN)
    assert code == 0, output
    pilot, agreement = bundled(IN)
    folder = tmp_path / "pilots" / IN
    written = load_yaml(folder / "agreement.yaml").data
    assert [c["title"] for c in written["chapters"]] == [c.title for c in agreement.chapters]
    assert [(g["number"], g["title"], g["partners"]) for g in written["sub_goals"]] == [
        (g.number, g.title, g.partners) for g in agreement.sub_goals
    ]
    parties = load_yaml(folder / "pilot.yaml").data["parties"]
    assert sorted(p["id"] for p in parties) == sorted(p.id for p in pilot.parties)


@pytest.mark.parametrize(
    ("written", "kroner"),
    [
        ("150 000 kroner", 150000),
        ("kroner 150 000,-", 150000),
        ("1,2 millionar kroner", 1200000),
        ("1,2 MNOK", 1200000),
    ],
)
def test_amounts_with_the_currency_written_out(tmp_path: Path, written: str, kroner: int) -> None:
    """«kroner» was read as «kr» and «oner», «MNOK» as «M» and «NOK»: both refused."""
    source = tmp_path / "handlingsplan.csv"
    source.write_text(f"Nr;Delmål;Tiltak;Budsjett 2026\n3.4;3;{NEW_MEASURE};{written}\n", "utf-8")
    folder, _ = imported(tmp_path, source)
    assert plan(folder)["3.4"].budget[2026].state_measure_funds == kroner


@pytest.mark.parametrize("header", ["Ansvar", "Hovudansvar", "Tiltakseigar", "Tiltakseier"])
def test_the_responsible_party_under_other_headers(tmp_path: Path, header: str) -> None:
    """The column was left out without a word, and with it who is responsible."""
    source = tmp_path / "handlingsplan.csv"
    source.write_text(f"Nr;Delmål;Tiltak;{header}\n3.4;3;{NEW_MEASURE};Nissedal\n", "utf-8")
    folder, _ = imported(tmp_path, source)
    assert plan(folder)["3.4"].responsible == "nissedal"


def test_measure_numbers_with_a_word_before_them(tmp_path: Path) -> None:
    """«Tiltak 4», «T-05», «Tiltak 2.1» in the number column were refused as no number."""
    source = tmp_path / "handlingsplan.csv"
    lines = [
        "Nr;Delmål;Tiltak;Budsjett 2026",
        "Tiltak 4;1;«Kompetansesirkel»;150 000",
        f"T-05;3;{NEW_MEASURE};90 000",
        f"Tiltak 2.1;;{ETABLERAR[2]};-",
    ]
    source.write_text("\n".join(lines) + "\n", "utf-8")
    folder, report = imported(tmp_path, source)
    assert [(p["id"], p["match"]) for p in report["placed"]] == [
        ("1.4", "number"),
        ("3.5", "new"),
        ("2.1", "number"),
    ]
    measures = plan(folder)
    assert (measures["3.5"].sub_goal, measures["3.5"].number) == (3, 5)
    assert measures["1.4"].budget[2026].state_measure_funds == 150000


_SUB_TOTALS = {
    "sub-goal-column": [
        "Nr;Delmål;Tiltak;Budsjett 2026",
        "1.4;1;«Kompetansesirkel»;150 000",
        ";1;Sum delmål 1;150 000",
        ";;Totalt;150 000",
    ],
    "heading-rows": [
        "Nr;Tiltak;Budsjett 2026",
        "Delmål 1: Fleire eigna bustader;;",
        "4;«Kompetansesirkel»;150 000",
        ";Sum delmål 1;150 000",
        ";Sum totalt;150 000",
    ],
}


@pytest.mark.parametrize("layout", sorted(_SUB_TOTALS))
def test_a_sub_total_under_its_group_is_no_measure(tmp_path: Path, layout: str) -> None:
    """«Sum delmål 1» with its sub-goal beside it (or above it) became a new measure with the
    group's sum as its budget."""
    source = tmp_path / "handlingsplan.csv"
    source.write_text("\n".join(_SUB_TOTALS[layout]) + "\n", "utf-8")
    folder, report = imported(tmp_path, source)
    assert [p["id"] for p in report["placed"]] == ["1.4"]
    assert any("Sum delmål 1" in u["message"] for u in report["unplaced"])
    titles = [m.title for m in plan(folder).values()]
    assert not [t for t in titles if t.startswith("Sum")]


@pytest.mark.parametrize("written", ["2026/2027", "2026–27", "2026/27"])
def test_a_period_written_with_a_slash_or_a_short_end_year(tmp_path: Path, written: str) -> None:
    """Refused before as no period («2026/2027» as a school year is written)."""
    source = tmp_path / "handlingsplan.csv"
    source.write_text(f"Nr;Delmål;Tiltak;Periode\n3.4;3;{NEW_MEASURE};{written}\n", "utf-8")
    folder, _ = imported(tmp_path, source)
    measure = plan(folder)["3.4"]
    assert (measure.start_year, measure.end_year) == (2026, 2027)


def _footnoted_docx(path: Path) -> None:
    """A chapter's paragraph with a footnote, as Word marks where one stands (its text is
    in the document's footnotes part)."""
    import docx
    from docx.oxml import parse_xml

    build_word(path, VT, "outline_styles")
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if len(p.text) > 80)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph._p.append(parse_xml(f'<w:r xmlns:w="{w}"><w:footnoteReference w:id="1"/></w:r>'))
    document.save(str(path))


def _footnoted_odt(path: Path) -> None:
    from odf.opendocument import load
    from odf.text import Note, NoteBody, NoteCitation, P

    build_odt(path, VV)
    document = load(str(path))
    paragraph = next(p for p in document.text.getElementsByType(P) if len(str(p)) > 80)
    note = Note(noteclass="footnote", id="ftn1")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text="Jf. Prop. 1 S (2025–2026)."))
    note.addElement(body)
    paragraph.addElement(note)
    document.save(str(path))


@pytest.mark.parametrize(
    ("suffix", "pilot_id", "build"), [(".docx", VT, _footnoted_docx), (".odt", VV, _footnoted_odt)]
)
def test_a_footnote_left_out_is_said_to_be(
    tmp_path: Path, suffix: str, pilot_id: str, build: Any
) -> None:
    """The footnote's text is not the agreement's: it was left out without a word."""
    source = tmp_path / f"avtale{suffix}"
    build(source)
    code, output = run_import(tmp_path, source, pilot_id, "--format", "json")
    assert code == 0, output
    assert json.loads(output)["dropped"] == ["fotnote (1)"]
    _, agreement = bundled(pilot_id)
    written = load_yaml(tmp_path / "pilots" / pilot_id / "agreement.yaml").data
    assert [g["title"] for g in written["sub_goals"]] == [g.title for g in agreement.sub_goals]
    assert "Prop. 1 S" not in (tmp_path / "pilots" / pilot_id / "agreement.yaml").read_text("utf-8")
