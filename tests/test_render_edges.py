"""Documents of pilots at the edges (issue: robustness sweep of the documents): long words,
large amounts, many columns. Each test renders a pilot through the real CLI and reads the
file a case officer would send (DOCX through python-docx, PDF through pypdf)."""

from __future__ import annotations

import itertools
import re
import zipfile
from pathlib import Path

import docx
import pypdf
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, Twips

from tests.helpers import DATA, copy_pilot, edit, render_file, run_cli

FULL = DATA / "fullpilot"
#: A long compound, as a municipality could write in a measure's title.
LONG_WORD = "Bygdevekstavtalegjennomføringskoordineringsarbeidsgruppemøte"


# ------------------------------------------------------------------ DOCX table columns


def _table_text_size(document: docx.document.Document) -> Length:
    style = document.styles["Table Grid"]
    while style.font.size is None:
        style = style.base_style
    assert style.font.size is not None
    return style.font.size


def _amount_runs(text: str) -> list[str]:
    """What must not be broken inside: a number or an amount (its parts joined by no-break
    spaces); the text breaks only at ordinary spaces."""
    return [run for run in text.split(" ") if any(c.isdigit() for c in run)]


def _assert_amounts_fit(written: Path) -> None:
    """Every amount and year in every table fits its column whole, at 0.6 em a character
    (the digits of the common serif fonts: Cambria 0.56, DejaVu Serif 0.64) of the table
    style's text size (or the table's own, where it is set smaller, with its cell margins)
    and half that a no-break space (Cambria 0.22, DejaVu Serif 0.32), and every table fits
    the page."""
    document = docx.Document(str(written))
    section = document.sections[0]
    assert section.page_width and section.left_margin and section.right_margin
    text_width = section.page_width - section.left_margin - section.right_margin
    checked = 0
    for table in document.tables:
        sizes = {r.font.size for c in table._cells for p in c.paragraphs for r in p.runs}
        character = int((sizes.pop() or _table_text_size(document)) * 0.6)
        margins = sum(map(int, table._tbl.xpath("w:tblPr/w:tblCellMar/*/@w:w"))) or 216
        grid = [Twips(int(col.w.twips)) for col in table._tbl.tblGrid.gridCol_lst]
        assert sum(grid) <= text_width + Twips(len(grid))  # each rounded to a whole twip
        for row in table.rows:
            for cell, width in zip(row.cells, grid, strict=True):
                for run in _amount_runs(cell.text):
                    length = len(run) - run.count("\u00a0") / 2
                    assert length * character + Twips(margins) <= width, (run, row.cells[0].text)
                    checked += 1
    assert checked > 40


def test_docx_columns_are_wide_enough_for_every_amount_and_year(tmp_path: Path) -> None:
    # the full pilot's budget table has six columns: proportional shares gave «Eigne
    # midlar» 1.5 cm, and «2 240 000 kr» and the year «2026» broke over two lines
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    _assert_amounts_fit(render_file(pilot, tmp_path / "out", "plan", "docx", "-y", "2026"))


def test_docx_columns_follow_the_text_size_of_a_municipality_template(tmp_path: Path) -> None:
    template = docx.Document()
    template.styles["Table Grid"].font.size = Pt(10)
    template.save(str(tmp_path / "mal.docx"))
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    reference = ("--reference-docx", str(tmp_path / "mal.docx"))
    written = render_file(pilot, tmp_path / "out", "plan", "docx", "-y", "2026", *reference)
    assert docx.Document(str(written)).styles["Table Grid"].font.size == Pt(10)
    _assert_amounts_fit(written)


def test_docx_tables_take_their_text_size_from_the_table_style(tmp_path: Path) -> None:
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    written = render_file(pilot, tmp_path / "out", "plan", "docx", "-y", "2026")
    document = docx.Document(str(written))
    assert document.styles["Table Grid"].font.size == Pt(9)
    for table in document.tables:  # no size set on the runs: a Word template's style rules
        assert table.style is not None and table.style.name == "Table Grid"
        for cell in table._cells:
            assert all(run.font.size is None for p in cell.paragraphs for run in p.runs)


def _empty_paragraphs(document: docx.document.Document) -> list[tuple[str, str]]:
    """Each empty paragraph (no text, no picture) as the tags before and after it."""
    body = list(document.element.body)
    found = []
    for i, element in enumerate(body):
        if element.tag != qn("w:p") or element.xpath(".//w:t/text() | .//w:drawing"):
            continue
        found.append((body[i - 1].tag, body[i + 1].tag))
    return found


def test_docx_has_no_empty_paragraphs_for_spacing(tmp_path: Path) -> None:
    # an empty paragraph after every table made the gap below it: in a municipality's
    # template that is a stray line, and a screen reader reads it as a blank line
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    for document, extra in (("plan", ()), ("case", ("-m", "fyresdal")), ("status", ())):
        written = render_file(pilot, tmp_path / document, document, "docx", "-y", "2026", *extra)
        opened = docx.Document(str(written))
        assert len(opened.tables) >= 2
        # only where Word needs one: a table may not end the body
        assert set(_empty_paragraphs(opened)) <= {(qn("w:tbl"), qn("w:sectPr"))}, document
        body = list(opened.element.body)
        for before, after in itertools.pairwise(body):
            if before.tag == qn("w:tbl") and after.tag == qn("w:p"):
                style = after.xpath("string(w:pPr/w:pStyle/@w:val)")
                spacing = after.xpath("string(w:pPr/w:spacing/@w:before)")
                assert style.startswith("Heading") or spacing == "200", (document, style)


# ------------------------------------------------------------------ PDF table cells


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_pdf_a_word_wider_than_its_table_column_is_hyphenated_not_run_out(
    tmp_path: Path,
) -> None:
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    edit(pilot / "plans/2026.yaml", "title: Nettverk for næringane", f"title: Tiltak {LONG_WORD}")
    markdown = render_file(pilot, tmp_path / "md", "plan", "md", "-y", "2026").read_text("utf-8")
    lines = markdown.splitlines()
    in_tables = sum(line.count(LONG_WORD) for line in lines if line.startswith("|"))
    elsewhere = sum(line.count(LONG_WORD) for line in lines if not line.startswith("|"))
    assert in_tables >= 1 and elsewhere >= 1  # the budget table, and the measure's heading
    written = render_file(pilot, tmp_path / "pdf", "plan", "pdf", "-y", "2026")
    text = _pdf_text(written)
    # whole at the full width of the page; broken (hyphenated) in the narrow table column
    # instead of running over the amounts beside it
    assert text.count(LONG_WORD) == elsewhere
    assert text.count("Bygdevekst") == in_tables + elsewhere


def test_pdf_a_long_word_that_fits_its_column_stays_whole(tmp_path: Path) -> None:
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    word = "Kompetansenettverket"  # 20 characters: long enough to be looked at, and fits
    edit(
        pilot / "plans/2026.yaml",
        "title: Nettverk for næringane",
        f"title: Tiltak for utvikling av {word} i fylket",
    )
    written = render_file(pilot, tmp_path / "pdf", "plan", "pdf", "-y", "2026")
    text = _pdf_text(written)
    assert text.count(word) == 2  # the heading, and the budget table's cell
    assert text.count("Kompetanse") == 2


# ------------------------------------------------------------------ changes in plain words


def test_changed_cost_shares_are_sentences_with_the_municipalitys_name(tmp_path: Path) -> None:
    # the change document and the case document showed the diff's line for a cost share,
    # with the municipality's id: «kostnadsdeling gaivuotna: – → 40 %»
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    edit(pilot / "plans/2027.yaml", "      fyresdal: 60\n", "      fyresdal: 70\n")
    edit(pilot / "plans/2027.yaml", "      gaivuotna: 40\n", "      gaivuotna: 30\n")
    for document, extra in (("changes", ()), ("case", ("-m", "fyresdal"))):
        out = tmp_path / document
        text = render_file(pilot, out, document, "md", "-y", "2027", *extra).read_text("utf-8")
        assert "- Kåfjord kommune ber no 30\u00a0% av eigne midlar.\n" in text
        assert (
            "Delen Kviteseid kommune ber av eigne midlar, er ikkje lenger oppgitt (var 40\u00a0%)."
            in text
        )
        assert (
            "Delen Fyresdal kommune ber av eigne midlar, er endra frå 60\u00a0% til 70\u00a0%."
            in text
        )
        assert "kostnadsdeling" not in text and "gaivuotna" not in text
    changes = (tmp_path / "changes").rglob("*.md").__next__().read_text("utf-8")
    # the pilot's own split, left out in 2027, is no longer stated (not: no longer borne)
    assert (
        "Delen Fyresdal kommune ber av eigne midlar, er ikkje lenger oppgitt (var 50\u00a0%)."
        in changes
    )


def test_changed_cost_shares_in_bokmal(tmp_path: Path) -> None:
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda", "nb")
    text = render_file(pilot, tmp_path / "out", "changes", "md", "-y", "2027").read_text("utf-8")
    assert "- Kåfjord kommune bærer nå 40\u00a0% av egne midler.\n" in text
    assert (
        "Andelen Kviteseid kommune bærer av egne midler, er ikke lenger oppgitt (var 40\u00a0%)."
        in text
    )


def test_amounts_in_change_sentences_keep_their_no_break_spaces(tmp_path: Path) -> None:
    # a sentence built from the diff was escaped as one line of Markdown, and the escape
    # turned every white space into a space: «500 000 kr» could break after «500»
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    line = "Ubrukte statlege tiltaksmidlar frå 2026 blir overførte til 2027: 500\u00a0000\u00a0kr."
    text = render_file(pilot, tmp_path / "md", "changes", "md", "-y", "2027").read_text("utf-8")
    assert f"- {line}\n" in text
    written = render_file(pilot, tmp_path / "docx", "changes", "docx", "-y", "2027")
    assert line in [p.text for p in docx.Document(str(written)).paragraphs]


def test_other_changes_name_the_parties_not_their_ids(tmp_path: Path) -> None:
    # a document names the parties of a change as everywhere else in it («fyresdal» →
    # «Fyresdal kommune»), in the change's sentence
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    edit(
        pilot / "plans/2027.yaml",
        "    cost_shares:\n      fyresdal: 60\n",
        "    municipalities: [fyresdal]\n"
        "    in_kind:\n      - party: fyresdal\n        year: 2027\n        hours: 50\n"
        "    cost_shares:\n      fyresdal: 60\n",
    )
    text = render_file(pilot, tmp_path / "md", "changes", "md", "-y", "2027").read_text("utf-8")
    changed = text.split("## Endra tiltak")[1].split("## Avslutta tiltak")[0]
    assert "- Ny kommune i tiltaket: Fyresdal kommune.\n" in changed
    assert "- Fyresdal kommune bidreg med 50 timar eigeninnsats i 2027.\n" in changed
    assert "fyresdal" not in changed
    code, output = run_cli("diff", str(pilot), "--from", "2026", "--to", "2027")
    assert code == 0 and "kommunar: ikkje fylt ut → Fyresdal kommune" in output  # by name there too


# ------------------------------------------------------------------ the municipality's template


def _as_dotx(docx_path: Path, dotx_path: Path) -> None:
    """The document saved as a Word template: the same package, its main part a template."""
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(dotx_path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(item, data)


def test_a_word_template_dotx_serves_as_the_reference(tmp_path: Path) -> None:
    # municipalities keep their letterhead as a Word template (.dotx); python-docx opens
    # only documents, and the message was «… is not a Word file» with a Python object in it
    template = docx.Document()
    template.styles["Heading 1"].font.size = Pt(27)
    template.save(str(tmp_path / "mal.docx"))
    _as_dotx(tmp_path / "mal.docx", tmp_path / "mal.dotx")
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    reference = ("--reference-docx", str(tmp_path / "mal.dotx"))
    written = render_file(pilot, tmp_path / "out", "plan", "docx", "-y", "2026", *reference)
    with zipfile.ZipFile(written) as package:
        assert b"document.main+xml" in package.read("[Content_Types].xml")
    assert docx.Document(str(written)).styles["Heading 1"].font.size == Pt(27)


def test_a_reference_that_is_not_word_says_so_in_norwegian(tmp_path: Path) -> None:
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    not_zip = tmp_path / "tekst.docx"
    not_zip.write_text("ikkje ei zip-fil", encoding="utf-8")
    sheet = tmp_path / "rekneark.docx"  # a ZIP package, but not Word's (a spreadsheet)
    with zipfile.ZipFile(sheet, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    expected = {
        not_zip: "fila er ikkje ei DOCX-fil (ho er ikkje ein ZIP-pakke)",
        sheet: "fila er ikkje eit Word-dokument (.docx, .docm) eller ein Word-mal (.dotx, .dotm)",
    }
    for reference, reason in expected.items():
        out = tmp_path / "ut" / f"{reference.stem}.docx"
        code, output = run_cli(
            "render", "plan", str(pilot), "-f", "docx", "-o", str(out), "--reference-docx",
            str(reference),
        )  # fmt: skip
        assert code == 1
        # in Nynorsk, the pilot's written standard (the pilot is read before the template)
        assert output.strip().endswith(f"{reference} kan ikkje lesast som DOCX: {reason}")
        assert not out.exists()


def test_a_municipalitys_template_that_is_missing_is_one_line_not_a_traceback(
    tmp_path: Path,
) -> None:
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    named = "      chief_executive_name: Kari Nordmann\n"
    edit(pilot / "pilot.yaml", named, f"{named}      reference_docx: maler/fyresdal.docx\n")
    out = tmp_path / "ut.docx"
    code, output = run_cli(
        "render", "case", str(pilot), "-m", "fyresdal", "-f", "docx", "-o", str(out)
    )
    assert code == 1 and "Traceback" not in output and not out.exists()
    template = pilot / "maler" / "fyresdal.docx"
    assert output.strip().endswith(f"{template} kan ikkje lesast som DOCX: fila finst ikkje")
    template.mkdir(parents=True)  # a folder where the file should be
    code, output = run_cli(
        "render", "case", str(pilot), "-m", "fyresdal", "-f", "docx", "-o", str(out)
    )
    assert code == 1 and output.strip().endswith("det er ei mappe, ikkje ei fil")


def test_charts_fit_the_text_width_of_a_template_with_wide_margins(tmp_path: Path) -> None:
    # the charts were 16 cm wide whatever the page: with a template's 3.5 cm margins (14 cm
    # of text on A4) they ran 2 cm into the right margin
    template = docx.Document()
    section = template.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(35)
    template.save(str(tmp_path / "mal.docx"))
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    reference = ("--reference-docx", str(tmp_path / "mal.docx"))
    written = render_file(pilot, tmp_path / "out", "plan", "docx", "-y", "2026", *reference)
    document = docx.Document(str(written))
    page = document.sections[-1]
    assert page.page_width and page.left_margin and page.right_margin
    text_width = page.page_width - page.left_margin - page.right_margin
    assert text_width < Mm(141)  # the template's page, kept
    assert len(document.inline_shapes) >= 2
    assert all(shape.width <= text_width for shape in document.inline_shapes)
    default = render_file(pilot, tmp_path / "default", "plan", "docx", "-y", "2026")
    assert {s.width for s in docx.Document(str(default)).inline_shapes} == {Mm(160)}


# ------------------------------------------------------------------ unknown in tables


def test_an_in_kind_value_not_given_says_so_in_the_table(tmp_path: Path) -> None:
    """Kviteseid gives hours but no value for its in-kind work: the cell says «ikkje
    registrert», not a dash a council member may read as nothing (or 0)."""
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    text = render_file(pilot, tmp_path / "md", "plan", "md", "-y", "2026").read_text("utf-8")
    assert "| Kviteseid kommune | 80 (anteke, note 1) | ikkje registrert |\n" in text
    # a value given is an amount, with its no-break spaces
    assert "| Fyresdal kommune | 120 | 60\u00a0000\u00a0kr |\n" in text
    pilot_nb = copy_pilot(FULL, tmp_path / "nb", "fjellbygda", language="nb")
    text = render_file(pilot_nb, tmp_path / "nb-md", "plan", "md", "-y", "2026").read_text("utf-8")
    assert "| Kviteseid kommune | 80 (antatt, note 1) | ikke registrert |\n" in text


def test_an_in_kind_sum_with_entries_not_given_is_the_least_and_keeps_its_assumptions(
    tmp_path: Path,
) -> None:
    """Fyresdal gives 120 hours and 60 000 kr for measure 1.1 and 30 hours, no value, for
    1.2: the value is «minst 60 000 kr», not a whole sum that leaves the unknown out; the
    hours Kviteseid assumes stay marked in the table as in the measure's own line."""
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    edit(
        pilot / "plans/2026.yaml",
        "          assumed:\n            amount: Søknaden er ikkje send; summen er eit overslag.\n",
        "          assumed:\n            amount: Søknaden er ikkje send; summen er eit overslag.\n"
        "    in_kind:\n      - party: fyresdal\n        year: 2026\n        hours: 30\n",
    )
    text = render_file(pilot, tmp_path / "md", "plan", "md", "-y", "2026").read_text("utf-8")
    assert "| Fyresdal kommune | 150 | minst 60\u00a0000\u00a0kr |\n" in text
    row = next(line for line in text.splitlines() if line.startswith("| Kviteseid kommune | 80"))
    note = re.search(r"80 \(anteke, note (\d+)\)", row)
    assert note is not None, row
    assert f"{note.group(1)}. Timetalet er rekna frå møteplanen." in text
    case = render_file(pilot, tmp_path / "case", "case", "md", "-y", "2026", "-m", "fyresdal")
    sentence = (
        "Fyresdal kommune bidreg i 2026 med eigeninnsats: 150 timar og minst 60\u00a0000\u00a0kr."
    )
    assert sentence in case.read_text("utf-8")


def test_hours_in_kind_are_digits_in_groups_in_the_table_and_words_only_in_running_text(
    tmp_path: Path,
) -> None:
    """A table column of hours is digits whatever the count (not «åtte» under «120»), with
    CLDR's no-break space between thousands, as the kroner beside it; running text writes
    eight as a word and 12 000 in groups; a partial sum of hours is «minst …» in both."""
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    plan = pilot / "plans/2026.yaml"
    edit(plan, "        hours: 120\n", "        hours: 12000\n")
    edit(plan, "        hours: 80\n", "        hours: 8\n")
    text = render_file(pilot, tmp_path / "md", "plan", "md", "-y", "2026").read_text("utf-8")
    assert "| Fyresdal kommune | 12\u00a0000 | 60\u00a0000\u00a0kr |\n" in text
    assert "| Kviteseid kommune | 8 (anteke, note 1) | ikkje registrert |\n" in text
    assert "Fyresdal kommune 2026: 12\u00a0000 timar, 60\u00a0000\u00a0kr" in text
    case = render_file(pilot, tmp_path / "case", "case", "md", "-y", "2026", "-m", "kviteseid")
    assert "Kviteseid kommune bidreg i 2026 med eigeninnsats: åtte timar" in case.read_text("utf-8")

    edit(
        plan,
        "          assumed:\n            amount: Søknaden er ikkje send; summen er eit overslag.\n",
        "          assumed:\n            amount: Søknaden er ikkje send; summen er eit overslag.\n"
        "    in_kind:\n      - party: fyresdal\n        year: 2026\n        amount: 1000\n",
    )
    text = render_file(pilot, tmp_path / "md2", "plan", "md", "-y", "2026").read_text("utf-8")
    assert "| Fyresdal kommune | minst 12\u00a0000 | 61\u00a0000\u00a0kr |\n" in text
    case = render_file(pilot, tmp_path / "case2", "case", "md", "-y", "2026", "-m", "fyresdal")
    sentence = "Fyresdal kommune bidreg i 2026 med eigeninnsats: minst 12\u00a0000 timar og 61"
    assert sentence in case.read_text("utf-8")


# ------------------------------------------------------------------ closed measures


def test_the_plan_gives_a_closed_measures_assessment_or_says_it_lacks_one(
    tmp_path: Path,
) -> None:
    # the plan listed a closed measure as «Status: avslutta» and nothing more, where the
    # yearly update is to say what a closed measure achieved; a closed measure without an
    # assessment (a draft) said nothing of it either
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    edit(pilot / "plans/2027.yaml", "    assessment: Møtet vart halde i 2026.\n", "")
    for fmt in ("md", "docx"):
        render_file(pilot, tmp_path / fmt, "plan", fmt, "-y", "2027", "--draft")
    [markdown] = (tmp_path / "md").rglob("*.md")
    text = markdown.read_text(encoding="utf-8")
    assessed = text.split("### Tiltak 2.1 Nettverk for næringane")[1].split("###")[0]
    assert "- Status: avslutta\n\nVurdering: Nettverket er etablert.\n" in assessed
    unassessed = text.split("### Tiltak 1.2 Bustadmøte i Fyresdal")[1].split("##")[0]
    assert "\nVurdering manglar.\n" in unassessed
    ongoing = text.split("### Tiltak 1.1 ")[1].split("###")[0]
    assert "Vurdering" not in ongoing
    [written] = (tmp_path / "docx").rglob("*.docx")
    paragraphs = [p.text for p in docx.Document(str(written)).paragraphs]
    assert "Vurdering: Nettverket er etablert." in paragraphs
    assert "Vurdering manglar." in paragraphs


# ------------------------------------------------------------------ a year without a budget


def test_a_plan_year_without_a_budget_names_the_measures_without_citing_a_table(
    tmp_path: Path,
) -> None:
    # no measure has a budget for 2026 (1.1 has one for 2027): the plan said «Ingen tiltak
    # har budsjett for dette året.» and then that the measures «er ikkje med i tabellen»,
    # of a table that is not there
    pilot = copy_pilot(DATA / "minimal", tmp_path, "testdalen")
    plan = pilot / "plans/2026.yaml"
    edit(plan, "      2026:\n        state_measure_funds: 600000\n        own_funds: 100000\n", "")
    edit(plan, "    budget:\n      2026:\n        state_measure_funds: 600000\n", "")
    render_file(pilot, tmp_path / "md", "plan", "md", "--draft")
    [markdown] = (tmp_path / "md").rglob("*.md")
    text = markdown.read_text(encoding="utf-8")
    year = text.split("### Budsjett og finansieringsplan for 2026")[1].split("\n## ")[0]
    assert "Ingen tiltak har budsjett for dette året." in year
    assert (
        "Desse to tiltaka har ikkje budsjett for 2026: 1.1 Kartlegging av bustadbehov og"
        " 2.1 Nettverk for næringane."
    ) in year
    assert "tabellen" not in year
