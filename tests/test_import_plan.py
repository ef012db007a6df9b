"""``bygdevekst import plan``: a working group's table (Word, Excel, ODS, CSV) into a plan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import ActionPlan
from tests.helpers import REPO, run_cli

HEADER = ["Nr", "Delmål", "Tiltak", "Ansvarleg", "Periode", "Status", "Budsjett 2026",
          "Eigne midlar 2026", "Grunngjeving"]  # fmt: skip
ROWS: list[list[Any]] = [
    ["1.1", 1, "Samarbeid om innsiktsarbeid og kartlegging for bustadstrategi", None, None,
     "I gang", 400000, None, None],
    ["1.4", 1, "«Kompetansesirkel»", None, None, None, "150 000", 50000, None],
    ["2.1", 2, "Verkemiddelapparatet – synleggjere moglegheitene for etablerarar", None,
     "2025–2028", None, 300000, None, "Etablerartenesta er knytt til tiltaket."],
    ["2.3", 2, "Nettverks- og klyngeutvikling innan bygg og anlegg", None, None, "i gang",
     None, None, None],
    ["2.4", 2, "Grøn region Vest-Telemark", None, None, None, None, None, None],
    [None, 3, "Utvikle tilpassa kompetanseløp for flyktningar og arbeidsinnvandrarar", None,
     None, None, "200 000 kr", None, None],
    ["3.3", 3, "Rekrutteringskampanje for sjukepleiarar", "Nissedal", "2026", None, 250000,
     None, None],
]  # fmt: skip


def pilot_without_2026(tmp_path: Path) -> Path:
    folder = tmp_path / "pilots" / "vest-telemark"
    shutil.copytree(REPO / "pilots" / "vest-telemark", folder)
    (folder / "plans" / "2026.yaml").unlink()
    return folder


def write_xlsx(path: Path, rows: list[list[Any]]) -> None:
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Handlingsplan 2026 – Vest-Telemark"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    sheet.append([None, None, "Sum", None, None, None, 1300000])
    book.save(str(path))


def write_docx(path: Path, rows: list[list[Any]]) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Handlingsplan 2026")
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)
    document.save(str(path))


def write_csv(path: Path, rows: list[list[Any]]) -> None:
    lines = [";".join(HEADER)]
    lines += [";".join("" if v is None else str(v) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def write_ods(path: Path, rows: list[list[Any]]) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet  # type: ignore[import-untyped]
    from odf.table import Table, TableRow  # type: ignore[import-untyped]

    document = OpenDocumentSpreadsheet()
    table = Table(name="Tiltak")
    for values in [HEADER, *rows]:
        row = TableRow()
        for value in values:
            row.addElement(ods_cell(value))
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(path))


def ods_cell(value: Any) -> Any:
    """An OpenDocument cell as LibreOffice writes ``value``: a number with its value, text
    as a paragraph, None as an empty cell."""
    from odf.table import TableCell
    from odf.text import P

    cell = TableCell(valuetype="float", value=str(value)) if isinstance(value, int) else TableCell()
    if value is not None:
        cell.addElement(P(text=str(value)))
    return cell


WRITERS = {"xlsx": write_xlsx, "docx": write_docx, "csv": write_csv, "ods": write_ods}


def run_plan(folder: Path, source: Path, *extra: str) -> tuple[int, str]:
    return run_cli("import", "plan", str(source), "--pilot", str(folder), "--year", "2026", *extra)


def refused_plan(folder: Path, source: Path) -> str:
    """``import plan`` of ``source`` refused (exit 1) with no plan written; what it said."""
    code, output = run_plan(folder, source)
    assert code == 1, output
    assert not (folder / "plans" / "2026.yaml").exists()
    return output


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_an_action_plan_table_imports_to_a_plan_that_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / f"handlingsplan.{suffix}"
    WRITERS[suffix](source, ROWS)
    code, output = run_plan(folder, source)
    assert code == 0, output
    plan = ActionPlan.model_validate(load_yaml(folder / "plans" / "2026.yaml").data)
    by_id = {m.id: m for m in plan.measures}
    assert list(by_id) == ["1.1", "1.4", "2.1", "2.3", "2.4", "3.1", "3.2", "3.3"]
    assert by_id["1.1"].budget[2026].state_measure_funds == 400000
    assert by_id["1.4"].budget[2026].state_measure_funds == 150000
    assert by_id["1.4"].budget[2026].own_funds == 50000
    assert by_id["1.4"].title == "«Kompetansesirkel»"
    assert by_id["2.1"].change_reason == "Etablerartenesta er knytt til tiltaket."
    assert (by_id["2.1"].start_year, by_id["2.1"].end_year) == (2025, 2028)
    assert by_id["2.3"].status.value == "ongoing"
    assert by_id["3.2"].budget[2026].state_measure_funds == 200000
    assert by_id["3.3"].responsible == "nissedal"
    assert by_id["3.3"].status.value == "planned"
    assert 2026 not in by_id["3.1"].budget  # not in the table: carried over as it was
    assert "Tiltak 3.1 står i planen, men ikkje i tabellen" in output
    assert "3.2 Utvikle tilpassa kompetanseløp" in output and "(kjent att på tittel)" in output
    assert (
        "2.1 Verkemiddelapparatet – synleggjere moglegheitene for etablerarar (kjent att på"
        " nummer og tittel)" in output
    )
    assert "treng grunngjeving" not in output
    code, output = run_cli(
        "diff", str(folder), "--from", "2025", "--to", "2026", "--format", "json"
    )
    report = json.loads(output)
    assert [m["id"] for m in report["new"]] == ["3.3"]
    changed = {m["id"]: m for m in report["changed"]}
    assert changed["2.1"]["reason"] == "Etablerartenesta er knytt til tiltaket."
    assert {f["path"] for f in changed["2.1"]["fields"]} >= {"title", "end_year"}


def test_a_title_change_without_a_reason_is_listed_and_fails_validation(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.xlsx"
    rows = [list(r) for r in ROWS]
    rows[2][8] = None  # 2.1 loses its reason
    write_xlsx(source, rows)
    code, output = run_plan(folder, source)
    assert code == 1, output
    assert "Tiltak 2.1 treng grunngjeving (change_reason) for endringa av title, end_year" in (
        output
    )


def test_only_the_new_years_budget_needs_no_reason(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.xlsx"
    write_xlsx(source, [ROWS[0]])
    code, output = run_plan(folder, source)
    assert code == 0, output
    assert "1.1 treng" not in output
    assert run_cli("validate", str(folder))[0] == 0


def test_an_existing_plan_is_shown_as_a_diff_and_kept_with_comments(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.xlsx"
    write_xlsx(source, ROWS)
    assert run_plan(folder, source)[0] == 0
    target = folder / "plans" / "2026.yaml"
    target.write_text(
        target.read_text(encoding="utf-8").replace(
            "measures:\n", "measures:\n  # sett opp av arbeidsgruppa\n", 1
        ),
        encoding="utf-8",
    )
    before = target.read_text(encoding="utf-8")
    rows = [list(r) for r in ROWS]
    rows[0][6] = 450000
    write_xlsx(source, rows)
    code, output = run_plan(folder, source)
    assert code == 0, output
    changed = output.replace("\u00a0", " ").replace("\u202f", " ").split("Endra tiltak\n", 1)[1]
    assert "Tiltak 1.1 Samarbeid om innsiktsarbeid" in changed
    assert "budsjett 2026, statlege tiltaksmidlar: 400 000 kr → 450 000 kr" in changed
    assert "Nye tiltak" not in output and "Avslutta tiltak" not in output
    assert "state_measure_funds: 400000" not in output  # the measures, not the file's lines
    assert "bruk --update" in output
    assert target.read_text(encoding="utf-8") == before
    code, output = run_plan(folder, source, "--update", "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    assert report["written"] is True and report["base"] == "existing"
    assert {p["id"]: p["match"] for p in report["placed"]}["3.3"] == "number"
    after = target.read_text(encoding="utf-8")
    assert "# sett opp av arbeidsgruppa" in after
    assert "state_measure_funds: 450000" in after


def test_a_reimport_lists_new_changed_and_closed_measures_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.docx"
    write_docx(source, ROWS)
    assert run_plan(folder, source)[0] == 0
    target = folder / "plans" / "2026.yaml"
    before = target.read_text(encoding="utf-8")
    rows = [list(r) for r in ROWS]
    rows[3][5] = "Avslutta"  # 2.3 closed
    rows[6][6] = 275000  # 3.3 changed
    rows.append(["1.9", 1, "Felles bustadkontor", None, None, None, 80000, None, None])
    write_docx(source, rows)
    code, output = run_plan(folder, source, "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    measures = report["measures"]
    assert [m["id"] for m in measures["new"]] == ["1.9"]
    assert [m["id"] for m in measures["changed"]] == ["3.3"]
    assert [f["path"] for f in measures["changed"][0]["fields"]] == [
        "budget.2026.state_measure_funds"
    ]
    assert [m["id"] for m in measures["closed"]] == ["2.3"]
    assert measures["removed"] == []
    assert report["written"] is False
    assert target.read_text(encoding="utf-8") == before
    code, output = run_plan(folder, source)
    assert code == 0, output
    sections = [line for line in output.splitlines() if line and not line.startswith(" ")]
    assert sections[1:4] == ["Nye tiltak", "Endra tiltak", "Avslutta tiltak"]
    assert "    Tiltak 1.9 Felles bustadkontor" in output
    assert target.read_text(encoding="utf-8") == before
    with monkeypatch.context() as english:  # the list is the command line's when English
        english.setenv("BYGDEVEKST_LANGUAGE", "en")
        code, output = run_plan(folder, source)
    sections = [line for line in output.splitlines() if line and not line.startswith(" ")]
    assert sections[1:4] == ["New measures", "Changed measures", "Closed measures"]
    assert "    Measure 1.9 Felles bustadkontor" in output
    code, output = run_plan(folder, source, "--update")
    assert code == 1, output  # 2.3 closed without an assessment: validation says so
    plan = ActionPlan.model_validate(load_yaml(target).data)
    assert {m.id: m.status.value for m in plan.measures}["2.3"] == "closed"
    assert next(m for m in plan.measures if m.id == "1.9").budget[2026].state_measure_funds == 80000


SCANNED = [
    ["Nr", "Delmal", "Tiltak", "Skildring", "Budsjett 2026", "Grunngjeving"],
    ["1.4", 1, "«Kompetansesirkel»", "Tiltaket skal ogsa mgte behovet pa omrade for omrade.",
     150000, "Ny skildring."],
    ["2.4", 2, "Grøn region Vest-Telemark", "Ogsa pa dette omrade skal vi mgte fleire pa nytt.",
     None, "Ny skildring."],
]  # fmt: skip


@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
def test_scanning_damage_in_a_plan_table_is_repaired_and_reported(
    tmp_path: Path, suffix: str
) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / f"skanna.{suffix}"
    if suffix == "xlsx":
        import openpyxl  # type: ignore[import-untyped]

        book = openpyxl.Workbook()
        for values in SCANNED:
            book.active.append(values)
        book.save(str(source))
    else:
        import docx

        document = docx.Document()
        table = document.add_table(rows=0, cols=len(SCANNED[0]))
        for values in SCANNED:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = "" if value is None else str(value)
        document.save(str(source))
    code, output = run_plan(folder, source, "--format", "json")
    assert code == 0, output
    repaired = {(r["from"], r["to"]): r["count"] for r in json.loads(output)["repaired"]}
    assert repaired[("Delmal", "Delmål")] == 1
    assert repaired[("pa", "på")] == 3
    assert repaired[("omrade", "område")] == 3
    assert repaired[("Ogsa", "Også")] == 1
    plan = ActionPlan.model_validate(load_yaml(folder / "plans" / "2026.yaml").data)
    by_id = {m.id: m for m in plan.measures}
    assert by_id["1.4"].description == "Tiltaket skal også møte behovet på område for område."
    assert by_id["2.4"].description == "Også på dette område skal vi møte fleire på nytt."
    code, output = run_plan(folder, source, "--update")
    assert code == 0, output
    assert "Ingen endringar." in output  # the first run wrote the same plan
    assert "Retta 11 skannefeil (6 ulike): pa → på ×3, omrade → område ×3, mgte → møte ×2" in output


def test_a_clean_table_is_not_repaired(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.csv"
    rows = [list(r) for r in ROWS]
    rows[0][2] = "Samarbeid om innsiktsarbeid og kartlegging pa nytt"  # one word is no scan
    rows[0][8] = "Utvida."
    write_csv(source, rows)
    code, output = run_plan(folder, source, "--format", "json")
    assert code == 0, output
    assert json.loads(output)["repaired"] == []
    plan = ActionPlan.model_validate(load_yaml(folder / "plans" / "2026.yaml").data)
    title = next(m for m in plan.measures if m.id == "1.1").title
    assert title == "Samarbeid om innsiktsarbeid og kartlegging pa nytt"


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.csv"
    write_csv(source, ROWS)
    code, output = run_plan(folder, source, "--dry-run")
    assert code == 0, output
    assert 'id: "3.3"' in output
    assert not (folder / "plans" / "2026.yaml").exists()


def test_odd_headers_are_mapped_with_map(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.csv"
    source.write_text("Kva;Nr;Kroner neste år\n«Kompetansesirkel»;1.4;120000\n", encoding="utf-8")
    code, output = run_plan(
        folder, source, "--map", "Kva=title", "--map", "Kroner neste år=budget.2026.own_funds"
    )
    assert code == 0, output
    plan = ActionPlan.model_validate(load_yaml(folder / "plans" / "2026.yaml").data)
    assert next(m for m in plan.measures if m.id == "1.4").budget[2026].own_funds == 120000


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("mange pengar", "«mange pengar» i kolonna «Budsjett 2026»"),
        ("12,5", "«12,5» i kolonna"),
    ],
)
def test_a_bad_amount_names_the_file_and_row(tmp_path: Path, cell: str, message: str) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.csv"
    rows = [list(ROWS[0])]
    rows[0][6] = cell
    write_csv(source, rows)
    output = refused_plan(folder, source)
    assert "plan.csv:2: " in output and message in output
    assert "Traceback" not in output


def test_a_file_without_a_measure_table(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.csv"
    source.write_text("a;b\n1;2\n", encoding="utf-8")
    code, output = run_plan(folder, source)
    assert code == 1
    assert "fann ingen tabell med tiltak" in output


def test_partners_are_matched_to_the_pilots_parties_and_unknown_ones_listed(
    tmp_path: Path,
) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.csv"
    source.write_text(
        "Nr;Tiltak;Samarbeidspartar\n"
        "3.3;Rekrutteringskampanje;Husbanken, Telemark fylkeskommune og Ukjend lag\n",
        encoding="utf-8",
    )
    code, output = run_plan(folder, source, "--format", "json")
    report = json.loads(output)
    assert report["unplaced"][0]["text"] == "Ukjend lag"
    assert report["unplaced"][0]["source"] == "2"
    plan = ActionPlan.model_validate(load_yaml(folder / "plans" / "2026.yaml").data)
    new = next(m for m in plan.measures if m.id == "3.3")
    assert new.partners == ["husbanken", "telemark-fylkeskommune"]
    assert code == 0, output


def test_a_year_outside_the_agreement_and_a_damaged_workbook(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.xlsx"
    write_xlsx(source, ROWS)
    code, output = run_cli("import", "plan", str(source), "--pilot", str(folder), "--year", "2040")
    assert code == 1 and "2040 er utanfor avtaleperioden" in output
    source.write_bytes(source.read_bytes()[:300])
    code, output = run_plan(folder, source)
    assert code == 1
    assert "plan.xlsx: er ikkje ei .xlsx-fil, eller ho er skadd" in output  # no library text
    assert "Traceback" not in output


def test_a_measure_closed_in_the_table_takes_its_assessment(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.csv"
    source.write_text(
        "Nr;Tiltak;Status;Vurdering\n"
        "2.3;Nettverks- og klyngeutvikling innan bygg og anlegg;Avslutta;Nettverket er etablert.\n",
        encoding="utf-8",
    )
    code, output = run_plan(folder, source)
    plan = ActionPlan.model_validate(load_yaml(folder / "plans" / "2026.yaml").data)
    closed = next(m for m in plan.measures if m.id == "2.3")
    assert (closed.status.value, closed.assessment) == ("closed", "Nettverket er etablert.")
    assert code == 0, output


def test_a_pilots_first_plan_starts_from_the_first_plan_scaffold(tmp_path: Path) -> None:
    folder = tmp_path / "pilots" / "innlandet"
    shutil.copytree(REPO / "pilots" / "innlandet", folder)
    source = tmp_path / "plan.csv"
    source.write_text(
        "Delmål;Tiltak;Ansvarlig;Egne midler 2025\n"
        "1;Felles rekrutteringsportal;Trysil;300 000\n"
        "1;Lærlingløft;Engerdal;\n"
        "3;Boligkartlegging;Åmot;150 000\n",
        encoding="utf-8",
    )
    code, output = run_cli(
        "import", "plan", str(source), "--pilot", str(folder), "--year", "2025",
        "--format", "json",
    )  # fmt: skip
    report = json.loads(output)
    assert report["base"] == "first"
    assert [(p["id"], p["match"]) for p in report["placed"]] == [
        ("1.1", "new"), ("1.2", "new"), ("3.1", "new")
    ]  # fmt: skip
    plan = ActionPlan.model_validate(load_yaml(folder / "plans" / "2025.yaml").data)
    assert [(m.id, m.responsible) for m in plan.measures] == [
        ("1.1", "trysil"), ("1.2", "engerdal"), ("3.1", "amot")
    ]  # fmt: skip
    assert plan.measures[1].budget == {}  # an empty cell is unknown, not 0
    assert plan.schedule  # the scaffold's schedule for every main party
    assert code == 0, report["findings"]


def test_import_messages_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "en")
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "plan.csv"
    rows = [list(ROWS[0])]
    rows[0][6] = "mange pengar"
    write_csv(source, rows)
    code, output = run_plan(folder, source)
    assert code == 1
    assert (
        "plan.csv:2: «mange pengar» in the column «Budsjett 2026» is not a whole number" in output
    )
    write_csv(source, ROWS)
    code, output = run_plan(folder, source)
    assert code == 0, output
    assert "Measure 3.1 is in the plan but not in the table; it stays as it was." in output
    assert "(recognised by number and title)" in output


def _two_row_header(path: Path, suffix: str) -> None:
    """«Budsjett 2026» over two merged cells, the funding sources below it; «Nr», «Delmål»
    and «Tiltak» merged down over both header rows; a sum row led by «Sum» in «Nr»."""
    top = ["Nr", "Delmål", "Tiltak", "Budsjett 2026", None]
    sub = [None, None, None, "Tiltaksmidlar", "Eigne midlar"]
    body: list[list[Any]] = [
        ["1.4", 1, "«Kompetansesirkel»", 150000, 50000],
        ["3.3", 3, "Rekrutteringskampanje for sjukepleiarar", 250000, None],
        ["Sum", None, None, 400000, 50000],
    ]
    if suffix == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        for values in (top, sub, *body):
            sheet.append(values)
        sheet.merge_cells("D1:E1")
        for column in "ABC":
            sheet.merge_cells(f"{column}1:{column}2")
        book.save(str(path))
        return
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=len(top))
    for values in (top, sub, *body):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = "" if value is None else str(value)
    table.cell(0, 3).merge(table.cell(0, 4))
    for column in range(3):
        table.cell(0, column).merge(table.cell(1, column))
    document.save(str(path))


@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
def test_merged_two_row_headers_and_a_sum_row(tmp_path: Path, suffix: str) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / f"plan.{suffix}"
    _two_row_header(source, suffix)
    code, output = run_plan(folder, source, "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    assert [(p["id"], p["match"]) for p in report["placed"]] == [("1.4", "number"), ("3.3", "new")]
    assert report["guesses"] == []  # «Tiltaksmidlar» under «Budsjett 2026» names the source
    assert [u["text"] for u in report["unplaced"]] == ["Sum"]
    plan = ActionPlan.model_validate(load_yaml(folder / "plans" / "2026.yaml").data)
    by_id = {m.id: m for m in plan.measures}
    assert by_id["1.4"].budget[2026].state_measure_funds == 150000
    assert by_id["1.4"].budget[2026].own_funds == 50000
    assert by_id["3.3"].budget[2026].state_measure_funds == 250000
    assert by_id["3.3"].budget[2026].own_funds is None
