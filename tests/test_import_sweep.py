"""``import``: agreements and plans laid out as municipalities write them (quality sweep).

Every file is a real one written here (python-docx, openpyxl, raw bytes), imported through
the real command line; what cannot be read exactly is refused with its file and cell."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import vest_telemark_without_plans
from tests.test_import import imported
from tests.test_import_cells import plan_measures, refused, report, workbook
from tests.test_import_gaps import WEIGHTS
from tests.test_import_layouts import (
    VT,
    _bold,
    _number,
    _numbering,
    _table,
    bundled,
    odt_bullet,
    pieces,
)
from tests.test_import_layouts import run_import as run_agreement_import


@pytest.fixture(autouse=True)
def _language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


# ------------------------------------------- delmål in a numbered list of a Word agreement


def _listed_word_agreement(path: Path, layout: str) -> None:
    """Vest-Telemark's agreement in Word, bold chapters «N. Tittel», each sub-goal a list
    item «Tittel (vekt 60 %)» without the word «Delmål»: its number typed («1) », «1. ») or
    given by Word's numbering («%1)», «%1.»), not in the text."""
    import docx

    document = docx.Document()
    dotted, bracketed = _numbering(document)
    for piece in pieces(VT):
        if piece.kind == "chapter":
            _bold(document, f"{piece.number}. {piece.text}")
        elif piece.kind == "goal":
            title = f"{piece.text} (vekt {WEIGHTS[int(piece.number)]})"
            if layout.startswith("typed"):
                mark = ")" if layout == "typed)" else "."
                document.add_paragraph(f"{piece.number}{mark} {title}")
            else:
                item = document.add_paragraph(title, style="List Number")
                _number(item, bracketed if layout == "numbered)" else dotted, 0)
        elif piece.kind == "bullet":
            document.add_paragraph(piece.text, style="List Bullet")
        elif piece.kind in ("title", "para"):
            document.add_paragraph(piece.text)
        else:
            _table(document, piece.rows)
    document.save(str(path))


@pytest.mark.parametrize("layout", ["typed)", "typed.", "numbered)", "numbered."])
def test_delmal_in_a_numbered_list_of_a_word_agreement(tmp_path: Path, layout: str) -> None:
    # «fann ingen delmål»: a Word list numbered «1)», «2)» by Word (the number in no text)
    # lost its numbers, so its items were bullets of the chapter, not its sub-goals
    source = tmp_path / "avtale.docx"
    _listed_word_agreement(source, layout)
    code, output = run_agreement_import(tmp_path, source, VT)
    assert code == 0, output
    _, agreement = imported(tmp_path / "pilots" / VT)
    _, want = bundled(VT)
    assert [(g.number, g.title, g.partners) for g in agreement.sub_goals] == [
        (g.number, g.title, g.partners) for g in want.sub_goals
    ]
    assert [str(g.weight) for g in agreement.sub_goals] == ["60", "20", "20"]


def _listed_odt_agreement(path: Path, suffix: str) -> None:
    """Vest-Telemark's agreement as LibreOffice writes it, each sub-goal an item «Tittel
    (vekt 60 %)» of a list numbered «1{suffix}» by its list style (the number in no text),
    the list going on after the sub-goal's text (``continue-numbering``)."""
    from odf.opendocument import OpenDocumentText  # type: ignore[import-untyped]
    from odf.style import ListLevelProperties  # type: ignore[import-untyped]
    from odf.text import H, List, ListItem, ListLevelStyleNumber, ListStyle, P  # type: ignore[import-untyped]

    document = OpenDocumentText()
    numbered = ListStyle(name="Nummerert")
    level = ListLevelStyleNumber(level=1, numformat="1", numsuffix=suffix)
    level.addElement(ListLevelProperties())
    numbered.addElement(level)
    document.automaticstyles.addElement(numbered)
    bullets: Any = None
    for piece in pieces(VT):
        if piece.kind != "bullet":
            bullets = None
        if piece.kind == "chapter":
            document.text.addElement(H(outlinelevel=1, text=f"{piece.number}. {piece.text}"))
        elif piece.kind == "goal":
            goes_on = {"continuenumbering": "true"} if piece.number != "1" else {}
            items, item = List(stylename="Nummerert", **goes_on), ListItem()
            item.addElement(P(text=f"{piece.text} (vekt {WEIGHTS[int(piece.number)]})"))
            items.addElement(item)
            document.text.addElement(items)
        elif piece.kind == "bullet":
            bullets = odt_bullet(document, bullets, piece.text)
        elif piece.kind in ("title", "para"):
            document.text.addElement(P(text=piece.text))
        else:
            for row in piece.rows:
                document.text.addElement(P(text="   ".join(row)))
    document.save(str(path))


@pytest.mark.parametrize("suffix", [")", "."])
def test_delmal_in_a_numbered_list_of_an_odt_agreement(tmp_path: Path, suffix: str) -> None:
    # LibreOffice stores no list item's number: the items were bullets of the chapter,
    # and the import said «fann ingen delmål»
    source = tmp_path / "avtale.odt"
    _listed_odt_agreement(source, suffix)
    code, output = run_agreement_import(tmp_path, source, VT, "--allow-unplaced")
    assert code == 0, output
    _, agreement = imported(tmp_path / "pilots" / VT)
    assert [(g.number, g.title) for g in agreement.sub_goals] == [
        (g.number, g.title) for g in bundled(VT)[1].sub_goals
    ]
    assert [str(g.weight) for g in agreement.sub_goals] == ["60", "20", "20"]


# ------------------------------------------- amounts in thousands or millions of kroner


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Vest-Telemark without plans: the import makes the pilot's first plan."""
    return vest_telemark_without_plans(tmp_path)


def _budgets(folder: Path, source: Path) -> dict[str, int | None]:
    """Each measure's state measure funds for 2026 in the plan written from ``source``."""
    return {
        key: m.get("budget", {}).get(2026, {}).get("state_measure_funds")
        for key, m in plan_measures(folder, source).items()
    }


@pytest.mark.parametrize(
    ("header", "amounts"),
    [
        ("Beløp (i 1000 kr)", {"1.1": 500_000, "1.2": 1_500}),
        ("Beløp i hele 1000", {"1.1": 500_000, "1.2": 1_500}),
        ("Beløp (mill. kr)", {"1.1": 500_000_000, "1.2": 1_500_000}),
    ],
)
def test_a_budget_header_with_its_unit_and_no_year_is_read_in_that_unit(
    tmp_path: Path, folder: Path, header: str, amounts: dict[str, int]
) -> None:
    # «Beløp (i 1000 kr)» was no budget column («kolonne D … er ikkje lesen»); «Beløp (kr)» was
    rows = [
        ["Nr", "Delmål", "Tiltak", header],
        ["1.1", 1, "Bustader", 500],
        ["1.2", 1, "Tomter", "1,5"],
    ]
    source = workbook(tmp_path / "plan.xlsx", rows)
    assert _budgets(folder, source) == amounts
    told = " ".join(report(folder, source)["guesses"])
    assert f"beløpa i kolonna «{header}» er " in told


@pytest.mark.parametrize(
    ("note", "above"),
    [
        ("Alle tal i tusen kroner", True),
        ("Tall i hele 1000 kr", True),
        ("Alle beløp i 1000 kr.", False),  # a note under the table
    ],
)
def test_a_note_giving_the_unit_of_a_sheets_amounts_scales_them(
    tmp_path: Path, folder: Path, note: str, above: bool
) -> None:
    # the amounts under «Alle tal i tusen kroner» were read as kroner without a word:
    # 500 (thousand) became 500 kr in the plan
    header = ["Nr", "Delmål", "Tiltak", "Budsjett 2026"]
    measures = [["1.1", 1, "Bustader", 500], ["1.2", 1, "Tomter", "1,5"]]
    rows = [["Handlingsplan 2026"], [note], [], header, *measures]
    if not above:
        rows = [header, *measures, [], [note]]
    source = workbook(tmp_path / "plan.xlsx", rows)
    assert _budgets(folder, source) == {"1.1": 500_000, "1.2": 1_500}
    where = "Ark1:2" if above else "Ark1:5"
    told = "beløpa i kolonna «Budsjett 2026» er tusen kroner, som"
    assert f"{told} «{note}» ({where}) seier" in " ".join(report(folder, source)["guesses"])


def test_a_header_giving_its_own_unit_is_read_in_it_beside_a_note(
    tmp_path: Path, folder: Path
) -> None:
    rows = [
        ["Alle tal i tusen kroner"],
        ["Nr", "Delmål", "Tiltak", "Budsjett 2026", "Eigne midlar 2026 (mill. kr)"],
        ["1.1", 1, "Bustader", 500, "1,5"],
    ]
    measures = plan_measures(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert measures["1.1"]["budget"][2026] == {
        "state_measure_funds": 500_000,
        "own_funds": 1_500_000,
    }


def test_a_word_paragraph_giving_the_unit_scales_every_table_after_it(
    tmp_path: Path, folder: Path
) -> None:
    # «Alle tal i tusen kroner» above a Word plan's tables (one per sub-goal, each under its
    # heading) was not read: 500 (thousand) became 500 kr
    import docx

    document = docx.Document()
    document.add_paragraph("Handlingsplan 2026")
    document.add_paragraph("Alle tal i tusen kroner")
    for goal, number, title, amount in ((1, "1", "Bustader", "500"), (2, "1", "Gründer", "12,5")):
        document.add_paragraph(f"Delmål {goal}: {('Bustader', 'Arbeidsplassar')[goal - 1]}")
        table = document.add_table(rows=0, cols=3)
        for values in (("Nr", "Tiltak", "Budsjett 2026"), (number, title, amount)):
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    source = tmp_path / "plan.docx"
    document.save(str(source))
    measures = plan_measures(folder, source)
    assert {k: (m["sub_goal"], m["budget"][2026]) for k, m in measures.items()} == {
        "1.1": (1, {"state_measure_funds": 500_000}),
        "2.1": (2, {"state_measure_funds": 12_500}),
    }
    told = "beløpa i kolonna «Budsjett 2026» er tusen kroner, som «Alle tal i tusen kroner» (1:0)"
    assert told in " ".join(report(folder, source)["guesses"])


# ------------------------------------------- a Word plan table broken over two pages


PLAN = [
    ["Nr", "Delmål", "Tiltak", "Budsjett 2026"],
    ["1.1", "1", "Bustader for unge", "500 000"],
    ["1.2", "1", "Tomter", "700 000"],
    ["2.1", "2", "Næringshage", "300 000"],
    ["2.2", "2", "Gründerstøtte", "200 000"],
]


def _broken_word_plan(path: Path, cuts: tuple[int, ...]) -> Path:
    """The rows of PLAN as Word tables cut before each row of ``cuts``, a page break
    between them and the header only on the first; a table of signatures last."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.add_paragraph("Handlingsplan 2026")
    bounds = (0, *cuts, len(PLAN))
    for start, end in pairwise(bounds):
        table = document.add_table(rows=0, cols=4)
        for values in PLAN[start:end]:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    signatures = document.add_table(rows=1, cols=2)
    signatures.rows[0].cells[0].text, signatures.rows[0].cells[1].text = "Vedteke", "12.11.2025"
    document.save(str(path))
    return path


@pytest.mark.parametrize("cuts", [(3,), (1,), (2, 4)])
def test_a_word_plan_table_broken_without_its_header_is_read_whole(
    tmp_path: Path, folder: Path, cuts: tuple[int, ...]
) -> None:
    # the rows of the second table (no header typed again) were left out without a word
    source = _broken_word_plan(tmp_path / "plan.docx", cuts)
    assert _budgets(folder, source) == {
        "1.1": 500_000,
        "1.2": 700_000,
        "2.1": 300_000,
        "2.2": 200_000,
    }
    result = report(folder, source)
    told = [g for g in result["guesses"] if "inga overskriftsrad" in g]
    assert told == [
        f"tabell {n} har inga overskriftsrad og er lesen med kolonnane i tabell 1, som ho"
        " held fram (ein tabell delt over to sider)"
        for n in range(2, len(cuts) + 2)
    ]
    assert result["unplaced"] == []


# ------------------------------------------- amounts written as text


@pytest.mark.parametrize("written", ["(50 000)", "(kr 50 000,-)", "(1,5 mill.)"])
def test_a_negative_amount_in_parentheses_is_refused_as_negative(
    tmp_path: Path, folder: Path, written: str
) -> None:
    # «(50 000)» was refused as «ikkje eit heilt kronebeløp», which it is: a cut in the
    # budget, written as accounts write one, that no budget line can hold
    rows = [["Nr", "Delmål", "Tiltak", "Budsjett 2026"], ["1.1", 1, "Bustader", written]]
    output = refused(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert (
        f"plan.xlsx:Ark1:2: «{written}» i kolonna «Budsjett 2026» kan ikkje stå i eit budsjett,"
        " som er null kroner eller meir"
    ) in output
    assert "nedskjering i grunngjevinga" in output


@pytest.mark.parametrize("written", ["kr 1 500 000", "1 500 000,-", "300 kroner", "NOK 300"])
def test_an_amount_in_kroner_in_a_column_of_thousands_is_refused_not_scaled(
    tmp_path: Path, folder: Path, written: str
) -> None:
    # «kr 1 500 000» under «Beløp (i 1000 kr)» was read as 1 500 000 000 kr: the cell's own
    # «kr» was dropped and the column's thousands applied; two units, neither guessed
    rows = [["Nr", "Delmål", "Tiltak", "Beløp (i 1000 kr)"], ["1.1", 1, "Bustader", written]]
    output = refused(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert (
        f"plan.xlsx:Ark1:2: «{written}» er kroner, men kolonna «Beløp (i 1000 kr)» er i tusen"
        " kroner; skriv beløpet i tusen kroner utan «kr»"
    ) in output
    # a cell with a unit of its own that says how much (millions, «300'») is read by it
    rows[1][3] = "1,5 mill."
    assert _budgets(folder, workbook(tmp_path / "plan2.xlsx", rows)) == {"1.1": 1_500_000}


# ------------------------------------------- sum rows


@pytest.mark.parametrize("title", ["Delsum", "Totalsum", "Delsum delmål 1", "TOTALSUM"])
def test_a_sum_row_beside_its_sub_goal_is_no_measure(
    tmp_path: Path, folder: Path, title: str
) -> None:
    # «Delsum» under the sub-goal's rows, the sub-goal beside it, became a measure 1.3
    # whose budget was the sum of the others: the plan's budget counted twice
    rows = [
        ["Nr", "Delmål", "Tiltak", "Budsjett 2026"],
        ["1.1", 1, "Bustader", 500],
        ["1.2", 1, "Tomter", 700],
        [None, 1, title, 1200],
    ]
    source = workbook(tmp_path / "plan.xlsx", rows)
    assert list(plan_measures(folder, source)) == ["1.1", "1.2"]
    [row] = [u for u in report(folder, source)["unplaced"] if u["kind"] == "row"]
    assert row["source"] == "Ark1:4"
    assert "er ei sumrad og er ikkje ført inn" in row["message"]


def _sources_and_total(path: Path, total: str, merged: bool) -> Path:
    """A sheet with a column per funding source and one of their total: headed in one row
    («Tiltaksmidlar 2026», «Eigne midlar 2026», ``total``), or in two, «Budsjett 2026» merged
    over «Tiltaksmidlar», «Eigne midlar» and ``total``."""
    if not merged:
        header = ["Nr", "Delmål", "Tiltak", "Tiltaksmidlar 2026", "Eigne midlar 2026", total]
        return workbook(path, [header, ["1.1", 1, "Bustader", 500, 100, 600]])
    rows = [
        ["Nr", "Delmål", "Tiltak", "Budsjett 2026", None, None],
        [None, None, None, "Tiltaksmidlar", "Eigne midlar", total],
        ["1.1", 1, "Bustader", 500, 100, 600],
    ]
    return workbook(path, rows, merged=("D1:F1",))


@pytest.mark.parametrize(
    ("total", "merged", "header"),
    [
        ("Samla budsjett 2026", False, "Samla budsjett 2026"),
        ("Budsjett 2026 totalt", False, "Budsjett 2026 totalt"),
        ("Sum", True, "Budsjett 2026 Sum"),
        ("Totalt", True, "Budsjett 2026 Totalt"),
    ],
)
def test_a_total_beside_the_sources_columns_is_named_not_read_as_a_budget(
    tmp_path: Path, folder: Path, total: str, merged: bool, header: str
) -> None:
    # the total was taken for a second column of state measure funds and the import
    # refused («både … og … er kolonner for budget.2026.state_measure_funds»)
    source = _sources_and_total(tmp_path / "plan.xlsx", total, merged)
    measures = plan_measures(folder, source)
    assert measures["1.1"]["budget"][2026] == {"state_measure_funds": 500, "own_funds": 100}
    said = [u["message"] for u in report(folder, source)["unplaced"]]
    assert said == [
        f"{tmp_path / 'plan.xlsx'}:Ark1:1: kolonne F «{header}» er ikkje lesen: "
        f"overskrifta er ikkje eit felt i handlingsplanen; bruk --map «{header}=felt»"
        " om ho skal lesast"
    ]


@pytest.mark.parametrize(
    "header",
    [
        "Budsjett 2026–2028",
        "Tiltaksmidlar 2026/27",
        "Budsjett 2026 og 2027",
        "Eigne midlar 2025-2026",
    ],
)
def test_a_budget_over_more_than_one_year_is_named_not_read_as_one_years(
    tmp_path: Path, folder: Path, header: str
) -> None:
    # the amounts of «Tiltaksmidlar 2026/27» (two years') were the 2026 budget without a
    # word; those of «… 2025-2026» became the measure's budget for 2025
    rows = [["Nr", "Delmål", "Tiltak", header], ["1.1", 1, "Bustader", 500_000]]
    source = workbook(tmp_path / "plan.xlsx", rows)
    assert "budget" not in plan_measures(folder, source)["1.1"]
    [said] = [u["message"] for u in report(folder, source)["unplaced"]]
    assert said.endswith(
        f"kolonne D «{header}» er ikkje lesen: ho gjeld meir enn eitt år, og eit budsjett er"
        f" for eitt år; bruk --map «{header}=budget.2026.state_measure_funds» (eller ei anna"
        " kjelde) om beløpa er budsjettet for 2026"
    )
