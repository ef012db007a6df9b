"""``import``: plans and agreements as other municipalities write them.

Every file is a real one written here (openpyxl, python-docx), imported through the real
command line: into a copy of the bundled Vest-Telemark pilot without plans (its agreement
has sub-goals 1, 2 and 3), or as a new pilot from an agreement. What cannot be read
exactly is said, with its file, sheet and row; it is never rounded to a neighbour, never
read as 0 and never dropped without a word."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli.loader import load_yaml
from tests.helpers import run_cli, vest_telemark_without_plans
from tests.test_import_cells import HEADER, imported, plan_measures, refused, report, workbook


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Vest-Telemark without plans: the import makes the pilot's first plan."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    return vest_telemark_without_plans(tmp_path)


# --- a sub-goal reference that names none of the agreement's exactly -------------------------


@pytest.mark.parametrize("cell", ["2a", "2 a)", "Delmål 2a", "Delmål 2 b: Bustad", "2.1"])
def test_a_part_of_a_sub_goal_is_refused_quoted_never_the_sub_goal(
    tmp_path: Path, folder: Path, cell: str
) -> None:
    """Before, «2a» was read as sub-goal 2 without a word."""
    rows = [["Delmål", "Tiltak", "Budsjett 2026"], [cell, "Bustader for unge", 1000]]
    output = refused(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert f"plan.xlsx:Ark1:2: «{cell}» i kolonna «Delmål» er ikkje eit delmål" in output


def test_a_sub_goal_the_agreement_lacks_is_refused_at_its_row(tmp_path: Path, folder: Path) -> None:
    rows = [["Delmål", "Tiltak"], [1, "Bustader"], ["Delmål 7", "Hytter"]]
    output = refused(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert (
        "plan.xlsx:Ark1:3: «Delmål 7» i kolonna «Delmål» viser til delmål 7, men avtala har"
        " berre delmål 1, 2 og 3" in output
    )


def test_a_listed_sub_goal_the_agreement_lacks_is_refused(tmp_path: Path, folder: Path) -> None:
    """«1 og 4»: the measure would be 1's, and 4 (no sub-goal) go unnoticed."""
    rows = [["Delmål", "Tiltak"], ["1 og 4", "Bustader"]]
    output = refused(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert "«1 og 4» i kolonna «Delmål» viser til delmål 4" in output


def test_a_number_or_heading_under_a_sub_goal_the_agreement_lacks(
    tmp_path: Path, folder: Path
) -> None:
    numbered = [["Nr", "Tiltak"], ["7.1", "Hytter"]]
    output = refused(folder, workbook(tmp_path / "nr.xlsx", numbered))
    assert "nr.xlsx:Ark1:2: «7.1» i kolonna «Nr» viser til delmål 7" in output
    headed = [["Nr", "Tiltak", "Budsjett 2026"], ["Delmål 5: Hytter"], [1, "Hytter", 1000]]
    output = refused(folder, workbook(tmp_path / "heading.xlsx", headed))
    assert "heading.xlsx:Ark1:3: tiltaket står under «Delmål 5», men avtala har berre" in output


def test_sub_goals_as_municipalities_write_them_are_still_read(
    tmp_path: Path, folder: Path
) -> None:
    rows = [
        ["Delmål", "Tiltak", "Budsjett 2026"],
        ["Delmål 2: Meir næringsutvikling", "Næringshage", 1000],
        ["3.", "Lærlingar", 2000],
        [1, "Bustader", 3000],
    ]
    measures = plan_measures(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert [(m["sub_goal"], m["title"]) for m in measures.values()] == [
        (2, "Næringshage"),
        (3, "Lærlingar"),
        (1, "Bustader"),
    ]


# --- a cell quoted as the sheet shows it -----------------------------------------------------


@pytest.mark.parametrize(("value", "shown"), [(0.35, "35 %"), (1, "100 %")])
def test_a_percentage_is_no_amount_and_quoted_as_shown(
    tmp_path: Path, folder: Path, value: float, shown: str
) -> None:
    """0.35 formatted «0%» was quoted «0.35»; 1 formatted so (100 %) was read as 1 krone."""
    rows = [HEADER, ["1.1", 1, "Bustader", value]]
    source = workbook(tmp_path / "plan.xlsx", rows, {"D2": "0%"})
    output = refused(folder, source)
    assert f"plan.xlsx:Ark1:2: «{shown}» i kolonna «Budsjett 2026»" in output
    assert "0.35" not in output


def test_a_percentage_under_no_header_is_named_as_shown(tmp_path: Path, folder: Path) -> None:
    rows = [["Nr", "Delmål", "Tiltak", None], ["1.1", 1, "Bustader", 0.355]]
    result = report(folder, workbook(tmp_path / "plan.xlsx", rows, {"D2": "0.0%"}))
    [said] = [u["message"] for u in result["unplaced"] if u["kind"] == "column"]
    assert "(her står «35,5 %»)" in said


# --- a column the importer does not read -----------------------------------------------------


def test_columns_that_are_no_field_are_named_once_per_table(tmp_path: Path, folder: Path) -> None:
    header = [*HEADER, "Merknad", "Kontaktperson", "Status (intern)"]
    rows = [
        header,
        ["1.1", 1, "Bustader", 1000, "Sjå sak 12/34", "Ola", "ok"],
        ["1.2", 1, "Tomter", 2000, None, "Kari", "venter"],
    ]
    result = report(folder, workbook(tmp_path / "plan.xlsx", rows))
    said = [(u["source"], u["text"]) for u in result["unplaced"] if u["kind"] == "column"]
    assert said == [
        ("Ark1:1", "Merknad"),
        ("Ark1:1", "Kontaktperson"),
        ("Ark1:1", "Status (intern)"),
    ]
    message = result["unplaced"][0]["message"]
    assert message.endswith(
        "plan.xlsx:Ark1:1: kolonne E «Merknad» er ikkje lesen: overskrifta er ikkje eit felt i"
        " handlingsplanen; bruk --map «Merknad=felt» om ho skal lesast"
    )
    assert [p["id"] for p in result["placed"]] == ["1.1", "1.2"]  # «ok» is no status error


def test_an_empty_column_under_a_header_that_is_no_field_says_nothing(
    tmp_path: Path, folder: Path
) -> None:
    """Nothing is lost where nothing is written: a template's «Merknad» left empty."""
    rows = [[*HEADER, "Merknad"], ["1.1", 1, "Bustader", 1000], ["1.2", 1, "Tomter", 2000, None]]
    result = report(folder, workbook(tmp_path / "plan.xlsx", rows))
    assert result["unplaced"] == []


def test_a_word_tables_unread_column_is_named_by_number_in_each_table(
    tmp_path: Path, folder: Path
) -> None:
    import docx

    document = docx.Document()
    for number in (1, 2):
        table = document.add_table(rows=0, cols=3)
        for values in (["Nr", "Tiltak", "Merknad"], [f"{number}.1", "Bustader", "Ny"]):
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
        document.add_paragraph("")
    document.save(str(tmp_path / "plan.docx"))
    code, output = imported(folder, tmp_path / "plan.docx", "--dry-run")
    assert code == 0, output
    assert "plan.docx:1:1: kolonne 3 «Merknad» er ikkje lesen" in output
    assert "plan.docx:2:1: kolonne 3 «Merknad» er ikkje lesen" in output
    assert output.count("«Merknad» er ikkje lesen") == 2


def test_a_mapped_column_is_read_and_not_named(tmp_path: Path, folder: Path) -> None:
    rows = [[*HEADER, "Merknad"], ["1.1", 1, "Bustader", 1000, "Første år"]]
    source = workbook(tmp_path / "plan.xlsx", rows)
    code, output = imported(folder, source, "--map", "Merknad=description")
    assert code in (0, 1) and "Skreiv " in output, output
    assert "ikkje lesen" not in output
    data = load_yaml(folder / "plans" / "2026.yaml").data
    assert data["measures"][0]["description"] == "Første år"


# --- an agreement's tables in a text box or a content control --------------------------------


_BOX_NAMES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _into_text_box(table: Any) -> None:
    """Move a body table into a text box anchored in the paragraph before it, as Word
    writes one: a DrawingML box and, for older versions, the same box in VML."""
    from docx.oxml import parse_xml

    xml = table.xml
    inner = "<w:tbl>" + xml[xml.index(">", xml.index("<w:tbl")) + 1 :]
    box = f"<w:txbxContent>{inner}<w:p/></w:txbxContent>"
    table.getprevious().append(
        parse_xml(
            f"<w:r {_BOX_NAMES}><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing>"
            f"<wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>"
        )
    )
    table.getparent().remove(table)


def _into_content_control(table: Any) -> None:
    from docx.oxml import parse_xml

    control = parse_xml(f"<w:sdt {_BOX_NAMES}><w:sdtPr/><w:sdtContent/></w:sdt>")
    table.addprevious(control)
    control[1].append(table)


@pytest.mark.parametrize("move", [_into_text_box, _into_content_control], ids=["box", "sdt"])
def test_an_agreements_tables_in_a_text_box_or_content_control_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, move: Any
) -> None:
    """The parties' and the signatures' tables each in a text box: before, the parties
    were not found and the signatures dropped as «tekstboks (1)»."""
    import docx

    from tests.test_import_layouts import build_word

    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    plain, moved = tmp_path / "plain.docx", tmp_path / "moved.docx"
    build_word(plain, "vest-telemark", "list_goals")
    document = docx.Document(str(plain))
    for table in list(document.tables):
        move(table._tbl)
    document.save(str(moved))
    written = {}
    for source in (plain, moved):
        target = tmp_path / source.stem
        code, output = run_cli(
            "import", "agreement", str(source), "--pilot", "vest-telemark", "--dir", str(target)
        )  # fmt: skip
        assert code == 0, output
        assert "tekstboks" not in output
        folder = target / "vest-telemark"
        written[source.stem] = [
            (folder / name).read_text(encoding="utf-8").replace(source.name, "")
            for name in ("pilot.yaml", "agreement.yaml")
        ]
    assert written["moved"] == written["plain"]
    agreement = load_yaml(tmp_path / "moved" / "vest-telemark" / "agreement.yaml").data
    assert len(agreement["signatures"]) == 8


# --- sub-goals' weights and titles as agreements write them ----------------------------------


def _text_agreement(
    path: Path,
    titles: dict[int, str],
    after: dict[int, str] | None = None,
    between: str | None = None,
) -> None:
    """The bundled Vest-Telemark agreement as a plain text file, as a PDF's text is saved:
    each sub-goal's heading «6.1 Delmål 1 …» with the title ``titles`` gives it (by number),
    and a paragraph ``after`` it where one is given; ``between``: the main parties named in
    that sentence instead of their list."""
    from tests.test_import_layouts import pieces

    lines: list[str] = []
    listed = False
    for piece in pieces("vest-telemark"):
        listed = listed and piece.kind == "bullet"
        if between is not None and piece.text.startswith("Hovudpartar i denne avtala er"):
            lines += ["", between, ""]
            listed = True
        elif listed:
            continue
        elif piece.kind == "chapter":
            lines += [f"{piece.number}. {piece.text}", ""]
        elif piece.kind == "goal":
            number = int(piece.number)
            title = titles.get(number, piece.text)
            lines += [f"{piece.section} Delmål {number} {title}", ""]
            if after and number in after:
                lines += [after[number], ""]
        elif piece.kind == "bullet":
            lines += [f"• {piece.text}"]
        elif piece.kind in ("title", "para"):
            lines += ["", piece.text, ""]
        else:
            lines += ["", *("   ".join(row) for row in piece.rows), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _agreement_import(
    tmp_path: Path, source: Path, code: int = 0
) -> tuple[str, list[dict[str, Any]]]:
    """The import's output and the sub-goals written (``code``: 1 where the validation of
    what was written finds errors, such as weights that do not add up)."""
    done, output = run_cli(
        "import", "agreement", str(source), "--pilot", "vest-telemark",
        "--dir", str(tmp_path / "pilots"),
    )  # fmt: skip
    assert done == code and "Skreiv " in output, output
    data = load_yaml(tmp_path / "pilots" / "vest-telemark" / "agreement.yaml").data
    return output, data["sub_goals"]


TITLES = {
    1: "Fleire eigna bustader i Vest-Telemark",
    2: "Korleis få fleire arbeidsplassar i privat sektor",
    3: "Meir kompetanse innan helse og oppvekst",
}


@pytest.mark.parametrize(
    "written",
    [
        {1: "(vekt 60 %)", 2: "(20 prosent)", 3: "– 20 pst."},
        {1: "(60%)", 2: "(vekting: 0,2)", 3: "(20 %)"},
    ],
    ids=["percent", "share"],
)
def test_weights_after_the_titles_are_read_and_the_titles_kept_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: dict[int, str]
) -> None:
    """Before, the weight stood in the title, and «… – 20 pst.» (a point at the end) was no
    heading: sub-goal 3 ran into sub-goal 2's text without a word."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    source = tmp_path / "avtale.txt"
    _text_agreement(source, {n: f"{TITLES[n]} {w}" for n, w in written.items()})
    output, goals = _agreement_import(tmp_path, source)
    assert [(g["number"], g["title"], g.get("weight")) for g in goals] == [
        (1, TITLES[1], 60),
        (2, TITLES[2], 20),
        (3, TITLES[3], 20),
    ]
    assert "vekt" not in output.lower()


def test_a_weight_line_and_a_missing_or_broken_weight_are_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    source = tmp_path / "avtale.txt"
    _text_agreement(source, {2: f"{TITLES[2]} (vekt 33,333 %)"}, after={1: "Vekting: 0,6"})
    output, goals = _agreement_import(tmp_path, source, code=1)  # 60 % is no whole
    assert [(g["title"], g.get("weight")) for g in goals] == [
        (TITLES[1], 60),
        (TITLES[2], None),  # never rounded to 33,33
        (TITLES[3], None),  # unknown, not 0
    ]
    assert (
        "Vekta til delmål 2 er ikkje ein prosentdel frå 0 til 100 med høgst to desimalar"
        " og er ikkje ført inn: 33,333 %"
    ) in output
    assert "Fann ikkje vekta til delmål 3; dei andre delmåla har vekt" in output


def test_a_lone_share_after_one_title_is_its_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """«Auka sysselsetjinga (5 %)» alone may be the sub-goal's aim, not its weight."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    source = tmp_path / "avtale.txt"
    _text_agreement(source, {2: f"{TITLES[2]} (5 %)"})
    output, goals = _agreement_import(tmp_path, source)
    assert [(g["title"], g.get("weight")) for g in goals][1] == (f"{TITLES[2]} (5 %)", None)
    assert "vekt" not in output.lower()


def test_a_sub_goal_title_ending_with_an_abbreviation_is_a_heading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    source = tmp_path / "avtale.txt"
    _text_agreement(source, {3: f"{TITLES[3]} m.m."})
    _, goals = _agreement_import(tmp_path, source)
    assert [g["title"] for g in goals] == [TITLES[1], TITLES[2], f"{TITLES[3]} m.m."]


# --- hidden text in Word ---------------------------------------------------------------------


def _hide(paragraph: Any, text: str) -> None:
    """Add ``text`` to ``paragraph`` as hidden text (Word's «Skjult», ``w:vanish``)."""
    from docx.oxml import OxmlElement

    run = paragraph.add_run(text)
    run._r.get_or_add_rPr().append(OxmlElement("w:vanish"))


def test_hidden_text_in_a_word_plans_cells_is_not_read(tmp_path: Path, folder: Path) -> None:
    """An old amount and title kept as hidden text were read into the cell: «100 000
    50 000» refused as no amount, the title written with what Word does not show."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=0, cols=4)
    for values in (HEADER, ["1.1", "1", "Bustader", "100 000"]):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    _hide(table.rows[1].cells[2].paragraphs[0], " (gammal tittel)")
    _hide(table.rows[1].cells[3].paragraphs[0], " 50 000")
    document.save(str(tmp_path / "plan.docx"))
    measures = plan_measures(folder, tmp_path / "plan.docx")
    assert measures["1.1"]["title"] == "Bustader"
    assert measures["1.1"]["budget"][2026] == {"state_measure_funds": 100000}


def test_hidden_text_in_an_agreement_is_left_out_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx

    from tests.test_import_layouts import build_word

    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    source = tmp_path / "avtale.docx"
    build_word(source, "vest-telemark", "outline_styles")
    document = docx.Document(str(source))
    heading = next(p for p in document.paragraphs if "Delmål 2" in p.text)
    _hide(heading, " (utkast: stryk?)")
    document.save(str(source))
    output, goals = _agreement_import(tmp_path, source)
    assert goals[1]["title"] == TITLES[2]
    assert "Fjerna restar frå tekstbehandlaren: skjult tekst (1)" in output


def test_main_parties_named_in_running_text_are_the_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """«Avtala er inngått mellom …», or only the signatures, instead of the template's list:
    before, no main party was found and every signature was «utan kjend part» (nothing
    written). The parties taken from the signatures are said to be assumed."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    listed, sentence = tmp_path / "liste.txt", tmp_path / "setning.txt"
    _text_agreement(listed, {})
    between = (
        "Avtala er inngått mellom Fyresdal kommune, Kviteseid kommune, Nissedal kommune,"
        " Seljord kommune, Tokke kommune, Vinje kommune, Telemark fylkeskommune og"
        " Kommunal- og distriktsdepartementet."
    )
    _text_agreement(sentence, {}, between=between)
    signed = tmp_path / "signert.txt"  # no list: the parties are those who sign
    _text_agreement(signed, {}, between="Partane er dei som signerer avtala.")
    found = []
    for source in (listed, sentence, signed):
        target = tmp_path / source.stem
        code, output = run_cli(
            "import", "agreement", str(source), "--pilot", "vest-telemark", "--dir", str(target)
        )  # fmt: skip
        assert code == 0, output
        pilot = load_yaml(target / "vest-telemark" / "pilot.yaml").data
        agreement = load_yaml(target / "vest-telemark" / "agreement.yaml").data
        parties = [(p["id"], p["role"], p.get("municipality_number")) for p in pilot["parties"]]
        found.append((parties, [s["party"] for s in agreement["signatures"]]))
        assert ("Gått ut frå: hovudpartane er dei som signerer" in output) is (source == signed)
    assert found[1] == found[0]
    assert found[2] == found[0]
    assert len(found[1][1]) == 8


# --- a plan with a table per sub-goal ----------------------------------------------------------


def test_a_word_plan_with_a_table_under_each_sub_goals_heading(
    tmp_path: Path, folder: Path
) -> None:
    """Each table under its heading «Delmål 1: …», numbered 1, 2, … within it: before,
    every row was refused as having no sub-goal."""
    import docx

    document = docx.Document()
    groups = [
        (1, "Fleire eigna bustader", [["1", "Bustader", "1000"], ["2", "Tomter", "2000"]]),
        (2, "Meir næringsutvikling", [["1", "Næringshage", "3000"]]),
    ]
    for goal, title, rows in groups:
        document.add_heading(f"Delmål {goal}: {title}", level=2)
        document.add_paragraph("")
        table = document.add_table(rows=0, cols=3)
        for values in [["Nr", "Tiltak", "Budsjett 2026"], *rows]:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
    document.save(str(tmp_path / "plan.docx"))
    measures = plan_measures(folder, tmp_path / "plan.docx")
    assert [(i, m["sub_goal"], m["title"]) for i, m in measures.items()] == [
        ("1.1", 1, "Bustader"),
        ("1.2", 1, "Tomter"),
        ("2.1", 2, "Næringshage"),
    ]
    assert measures["2.1"]["budget"][2026] == {"state_measure_funds": 3000}


# --- a note on a cell ------------------------------------------------------------------------


def test_a_footnote_in_a_word_plans_cell_is_named_with_the_cell(
    tmp_path: Path, folder: Path
) -> None:
    """Its text («Ikkje vedteke») was lost without a word; a reviewer's comment is no part
    of the table (see test_import_layouts)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    table = document.add_table(rows=0, cols=4)
    for values in (HEADER, ["1.1", "1", "Bustader", "100 000"]):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    names = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    table.rows[1].cells[3].paragraphs[0]._p.append(
        parse_xml(f'<w:r {names}><w:footnoteReference w:id="1"/></w:r>')
    )
    document.save(str(tmp_path / "plan.docx"))
    result = report(folder, tmp_path / "plan.docx")
    assert [(u["kind"], u["source"], u["text"]) for u in result["unplaced"]] == [
        ("note", "1:2", "100 000")
    ]
    assert result["unplaced"][0]["message"].endswith(
        "plan.docx:1:2: cella «100 000» i kolonna «Budsjett 2026» har ein fotnote som ikkje er"
        " lesen; sjå etter at han ikkje endrar det cella seier"
    )
    assert result["placed"][0]["id"] == "1.1"
