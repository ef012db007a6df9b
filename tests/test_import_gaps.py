"""Gaps the last review of the importer left (robustness sweep): files whose name says
another kind than their content, delmål in a numbered list of a text agreement, hidden Word
text in a plan table. Each test runs the real command line on a file built in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import ActionPlan
from tests.test_import import build_docx, bundled, imported
from tests.test_import_layouts import VT, VV, build_odt, pieces, run_import
from tests.test_import_plan import (
    ROWS,
    pilot_without_2026,
    refused_plan,
    run_plan,
    write_docx,
    write_ods,
    write_xlsx,
)
from tests.test_import_robustness import _compound


@pytest.fixture(autouse=True)
def _language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


def _plan_ids(folder: Path) -> list[str]:
    plan = ActionPlan.model_validate(load_yaml(folder / "plans" / "2026.yaml").data)
    return [m.id for m in plan.measures]


# ------------------------------------------------ a file is read by what it holds


@pytest.mark.parametrize(
    ("name", "write", "kind"),
    [
        ("handlingsplan.xls", write_xlsx, ".xlsx"),  # Excel's «Save as» kept the old name
        ("handlingsplan.doc", write_docx, ".docx"),
        ("handlingsplan.xlsx", write_ods, ".ods"),  # LibreOffice's sheet, renamed
        ("handlingsplan.docx", write_xlsx, ".xlsx"),
    ],
)
def test_a_plan_table_is_read_by_its_content_and_the_name_is_said_not_to_match(
    tmp_path: Path, name: str, write: object, kind: str
) -> None:
    # «handlingsplan.xls: er ei gammal Office-fil»: a workbook renamed .xls was refused
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / name
    write(source, ROWS)  # type: ignore[operator]
    code, output = run_plan(folder, source)
    assert code == 0, output
    assert _plan_ids(folder) == ["1.1", "1.4", "2.1", "2.3", "2.4", "3.1", "3.2", "3.3"]
    suffix = Path(name).suffix
    said = f"namnet endar på {suffix}, men fila er ei {kind}-fil; ho er lesen som {kind}"
    assert f"{name}: {said}" in output


def test_the_notice_is_in_the_json_report_too(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.xls"
    write_xlsx(source, ROWS)
    code, output = run_plan(folder, source, "--format", "json")
    assert code == 0, output
    [notice] = json.loads(output)["notices"]
    assert "handlingsplan.xls: namnet endar på .xls" in notice


def test_a_file_named_as_what_it_is_gets_no_notice(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.xlsx"
    write_xlsx(source, ROWS)
    code, output = run_plan(folder, source, "--format", "json")
    assert code == 0, output
    assert json.loads(output)["notices"] == []


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("avtale.doc", build_docx),  # a Word file renamed .doc
        ("avtale.docx", lambda path: build_odt(path, VV)),  # an ODF text renamed .docx
    ],
)
def test_an_agreement_is_read_by_its_content(tmp_path: Path, name: str, build: object) -> None:
    source = tmp_path / name
    build(source)  # type: ignore[operator]
    pilot_id = "vest-telemark" if name.endswith(".doc") else VV
    code, output = run_import(tmp_path, source, pilot_id)
    assert code == 0, output
    assert f"{name}: namnet endar på {source.suffix}, men fila er ei " in output
    _, agreement = imported(tmp_path / "pilots" / pilot_id)
    assert len(agreement.sub_goals) >= 3


@pytest.mark.parametrize(("name", "modern"), [("plan.xls", ".xlsx"), ("plan.doc", ".docx")])
def test_a_true_old_office_file_is_refused_with_what_to_save_it_as(
    tmp_path: Path, name: str, modern: str
) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / name
    source.write_bytes(_compound("WordDocument", "1Table", "Workbook"))
    output = refused_plan(folder, source)
    assert "Traceback" not in output
    assert f"{name}: er ei gammal Office-fil (Word eller Excel 97–2003)" in output
    assert f"lagre ho som {modern}" in output


def test_a_file_named_xls_that_is_no_office_file_is_refused_by_name(tmp_path: Path) -> None:
    # a report system's «Excel export» that is a web page: neither old nor new Office
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "eksport.xls"
    source.write_text("<html><table><tr><td>1.1</td></tr></table></html>", encoding="utf-8")
    output = refused_plan(folder, source)
    assert "eksport.xls: er korkje ei gammal Office-fil (.xls) eller ei .xlsx-fil" in output


# ------------------------------------- delmål in a numbered list of a text agreement


def text_agreement(path: Path, forms: dict[int, str], weights: dict[int, str]) -> None:
    """Vest-Telemark's agreement as text (or Markdown): its chapters «N. Tittel», each
    sub-goal headed as ``forms`` gives it («{n}. {title}», «{n}) {title}») with the weight
    ``weights`` gives it after the title, every paragraph apart by a blank line."""
    lines: list[str] = []
    for piece in pieces(VT):
        if piece.kind == "chapter":
            lines.append(f"{piece.number}. {piece.text}")
        elif piece.kind == "goal":
            number = int(piece.number)
            title = f"{piece.text} (vekt {weights[number]})"
            lines.append(forms[number].format(n=number, title=title))
        elif piece.kind == "bullet":
            lines.append(f"- {piece.text}")
        elif piece.kind in ("title", "para"):
            lines.append(piece.text)
        else:
            lines += ["   ".join(row) for row in piece.rows]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


WEIGHTS = {1: "60 %", 2: "20 %", 3: "20 %"}
MIXED = {1: "{n}. {title}", 2: "Delmål {n}: {title}", 3: "{n}) {title}"}


@pytest.mark.parametrize(
    ("suffix", "forms"),
    [
        (".txt", MIXED),
        (".txt", dict.fromkeys(WEIGHTS, "{n}) {title}")),
        (".md", dict.fromkeys(WEIGHTS, "{n}. {title}")),
        (".md", dict.fromkeys(WEIGHTS, "{n}) {title}")),
    ],
)
def test_delmal_in_a_numbered_list_are_read_with_their_weights(
    tmp_path: Path, suffix: str, forms: dict[int, str]
) -> None:
    # «fann ingen delmål»: a text agreement listing its sub-goals «1. Auka bulyst (vekt
    # 30 %)» or «2) …» was refused, though a Word file's numbered list is read
    source = tmp_path / f"avtale{suffix}"
    text_agreement(source, forms, WEIGHTS)
    code, output = run_import(tmp_path, source, VT)
    assert code == 0, output
    _, agreement = imported(tmp_path / "pilots" / VT)
    _, want = bundled(VT)
    assert [(g.number, g.title, g.weight) for g in agreement.sub_goals] == [
        (g.number, g.title, g.weight) for g in want.sub_goals
    ]
    assert [g.partners for g in agreement.sub_goals] == [g.partners for g in want.sub_goals]


def test_a_listed_weight_with_more_than_two_decimals_is_not_rounded(tmp_path: Path) -> None:
    # a share has at most two decimals (33,33 %); 33,333 % is said, never rounded to it
    source = tmp_path / "avtale.txt"
    text_agreement(source, MIXED, {1: "33,334 %", 2: "33,333 %", 3: "33,333 %"})
    _, output = run_import(tmp_path, source, VT, "--allow-unplaced")
    assert (
        "Vekta til delmål 2 er ikkje ein prosentdel frå 0 til 100 med høgst to desimalar"
        " og er ikkje ført inn: 33,333 %"
    ) in output
    _, agreement = imported(tmp_path / "pilots" / VT)
    assert [g.weight for g in agreement.sub_goals] == [None, None, None]


def test_a_listed_weight_with_two_decimals_is_read_as_written(tmp_path: Path) -> None:
    source = tmp_path / "avtale.txt"
    text_agreement(source, MIXED, {1: "33,34 %", 2: "33,33 %", 3: "33,33 %"})
    code, output = run_import(tmp_path, source, VT, "--allow-unplaced")
    assert code == 0, output
    _, agreement = imported(tmp_path / "pilots" / VT)
    assert [str(g.weight) for g in agreement.sub_goals] == ["33.34", "33.33", "33.33"]


def test_a_listed_delmal_skipped_is_refused_as_a_heading_out_of_sequence(
    tmp_path: Path,
) -> None:
    # «1.», «2.», «4.»: the agreement lacks sub-goal 3; the fourth is said, not read as
    # sub-goal 3 nor run silently into the text of sub-goal 2
    source = tmp_path / "avtale.txt"
    text = {1: "{n}. {title}", 2: "{n}. {title}", 3: "4) {title}"}
    text_agreement(source, text, WEIGHTS)
    code, output = run_import(tmp_path, source, VT)
    assert code == 1, output
    assert "men står utanfor rekkjefølgja: 4) Meir kompetanse innan helse" in output
    assert not (tmp_path / "pilots" / VT).exists()


def test_a_numbered_summary_before_headed_delmal_stays_text(tmp_path: Path) -> None:
    # the list is read only where no sub-goal is headed «Delmål N»: a summary of the
    # sub-goals before their headings is the chapter's text, as before
    source = tmp_path / "avtale.txt"
    text_agreement(source, dict.fromkeys(WEIGHTS, "Delmål {n}: {title}"), WEIGHTS)
    text = source.read_text("utf-8")
    summary = "Avtala har tre delmål:\n\n1) Bustader\n\n2) Arbeidsplassar\n\n3) Kompetanse\n\n"
    source.write_text(text.replace("Delmål 1: ", f"{summary}Delmål 1: ", 1), "utf-8")
    code, output = run_import(tmp_path, source, VT)
    assert code == 0, output
    _, agreement = imported(tmp_path / "pilots" / VT)
    assert [g.title for g in agreement.sub_goals] == [g.title for g in bundled(VT)[1].sub_goals]
    chapter = next(c for c in agreement.chapters if c.kind.value == "sub_goals")
    assert "1) Bustader" in chapter.text


# ------------------------------------------------ hidden Word text in a plan table


def _hide_in_cell(path: Path, row: int, column: int, text: str) -> None:
    """A run of hidden text (``w:vanish``) added to a cell of the Word file's first table,
    as an old figure left in the cell and hidden rather than deleted."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document(str(path))
    run = document.tables[0].rows[row].cells[column].paragraphs[0].add_run(text)
    run._r.get_or_add_rPr().append(OxmlElement("w:vanish"))
    document.save(str(path))


def test_hidden_text_in_a_word_plan_table_is_left_out_and_said(tmp_path: Path) -> None:
    # an old amount hidden in the budget cell of measure 1.4 was left out without a word
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.docx"
    write_docx(source, ROWS)
    _hide_in_cell(source, 2, 6, " 900 000")  # row 3 of the table (1.4), «Budsjett 2026»
    _hide_in_cell(source, 2, 2, " (gammal tittel)")
    code, output = run_plan(folder, source)
    assert code == 0, output
    plan = ActionPlan.model_validate(load_yaml(folder / "plans" / "2026.yaml").data)
    measure = next(m for m in plan.measures if m.id == "1.4")
    assert measure.title == "«Kompetansesirkel»"
    assert measure.budget[2026].state_measure_funds == 150000
    said = [line for line in output.splitlines() if "skjult tekst" in line]
    assert len(said) == 1  # one notice for the row, however many hidden runs it holds
    assert said[0].endswith(
        "handlingsplan.docx: tabell 1, rad 3: skjult tekst (som Word verken viser eller skriv"
        " ut) er ikkje lesen inn; sjå etter at han ikkje skal vere med i planen"
    )


def test_a_word_plan_table_without_hidden_text_says_nothing_of_it(tmp_path: Path) -> None:
    folder = pilot_without_2026(tmp_path)
    source = tmp_path / "handlingsplan.docx"
    write_docx(source, ROWS)
    code, output = run_plan(folder, source)
    assert code == 0, output
    assert "skjult tekst" not in output
