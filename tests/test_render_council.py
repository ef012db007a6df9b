"""The documents as a council member and a case officer read them (robustness sweep of
the rendered text): each test renders a pilot through the real CLI and reads the file that
would be sent."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, Twips
from docx.text.paragraph import Paragraph as DocxParagraph
from pypdf.generic import (
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    TextStringObject,
)

from bygdevekst_cli.diff import compare
from bygdevekst_cli.models.plan import Funding
from bygdevekst_cli.render.formats import pdf as pdf_writer
from bygdevekst_cli.render.markdown import (
    KEEP_WHOLE_ROWS,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Span,
    Table,
    with_lead_ins,
)
from tests.helpers import (
    DATA,
    NBSP,
    REPO,
    copy_pilot,
    edit,
    libreoffice_pdf,
    render_file,
    run_cli,
)
from tests.test_render_send import _budget_of_measure_1_1

FULL = DATA / "fullpilot"
#: One municipality, no county; a measure moved, links changed, a measure closed.
ONE = DATA / "einbygd"


@pytest.fixture(autouse=True)
def _language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")


def _md(pilot: Path, out: Path, document: str, *extra: str) -> str:
    return render_file(pilot, out, document, "md", *extra).read_text("utf-8")


def _note(text: str, value: str) -> str:
    """The text of the numbered note that marks ``value`` «(anteke, note N)»."""
    found = re.search(rf"{re.escape(value)} \((?:anteke|antatt), note (\d+)\)", text)
    assert found is not None, value
    notes = text.rsplit("\n## ", 1)[1]  # the assumed values' notes end the document
    [note] = re.findall(rf"^{found.group(1)}\. (.+)$", notes, flags=re.MULTILINE)
    return note


# ------------------------------------------------------------------ periods


def test_a_one_year_period_with_only_its_end_assumed_is_one_marked_year(tmp_path: Path) -> None:
    # «Periode: 2026–2026 (anteke, note 3)»: a one-year period read as a range, and the
    # mark seemed to sit on the whole of it
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    text = _md(pilot, tmp_path / "nn", "plan", "-y", "2026")
    assert "2026–2026" not in text
    assert re.search(r"^- Periode: 2026 \(anteke, note \d+\)$", text, flags=re.MULTILINE)
    assert _note(text, "Periode: 2026") == "Prosjektleiinga held truleg fram ut avtaleperioden."
    # a one-year period with nothing assumed, and a range, are as before
    assert text.count("- Periode: 2026\n") == 2 and "- Periode: 2026–2027\n" in text
    pilot_nb = copy_pilot(FULL, tmp_path / "nb", "fjellbygda", "nb")
    text = _md(pilot_nb, tmp_path / "nb-out", "plan", "-y", "2026")
    assert re.search(r"^- Periode: 2026 \(antatt, note \d+\)$", text, flags=re.MULTILINE)


def test_the_assumed_end_of_a_range_marks_the_end_year_only(tmp_path: Path) -> None:
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    edit(
        pilot / "plans/2026.yaml",
        "    end_year: 2026\n    status: ongoing\n    budget:\n"
        "      2026:\n        project_management_grant",
        "    end_year: 2028\n    status: ongoing\n    budget:\n"
        "      2026:\n        project_management_grant",
    )
    text = _md(pilot, tmp_path / "out", "plan", "-y", "2026")
    assert re.search(r"^- Periode: 2026–2028 \(anteke, note \d+\)$", text, flags=re.MULTILINE)


def test_both_ends_of_a_one_year_period_assumed_for_one_reason_is_one_mark(
    tmp_path: Path,
) -> None:
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    edit(
        pilot / "plans/2026.yaml",
        "      end_year: Prosjektleiinga held truleg fram ut avtaleperioden.\n",
        "      start_year: Prosjektleiinga held truleg fram ut avtaleperioden.\n"
        "      end_year: Prosjektleiinga held truleg fram ut avtaleperioden.\n",
    )
    text = _md(pilot, tmp_path / "out", "plan", "-y", "2026")
    assert re.search(r"^- Periode: 2026 \(anteke, note \d+\)$", text, flags=re.MULTILINE)


def test_a_one_year_phase_keeps_the_mark_of_its_assumed_end(tmp_path: Path) -> None:
    # the case document printed a one-year phase as its start year only, and lost the
    # mark when the end year was the one assumed
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    edit(
        pilot / "pilot.yaml", "    end_year: 2028\n    assumed:", "    end_year: 2025\n    assumed:"
    )
    text = _md(pilot, tmp_path / "out", "case", "-y", "2026", "-m", "fyresdal")
    assert re.search(r"^- Fase 2 \(2025 \(anteke, note \d+\)\)$", text, flags=re.MULTILINE)
    # the agreement's period beside it keeps its own mark
    assert "Avtaleperioden går frå 2025 til 2028 (anteke, note 1)." in text
    assert _note(text, "Fase 2 (2025") == "Fase 2 varer truleg like lenge som avtalen."


# ------------------------------------------------------------------ changed links


_LINKS = "      - title: Bustadanalyse\n        url: https://fjellbygda.example.no/bustadanalyse\n"
_NEW_LINKS = (
    "      - title: Bustadanalyse 2027\n        url: https://fjellbygda.example.no/ny\n"
    "      - title: Rapport 2027\n        url: https://fjellbygda.example.no/rapport\n"
)


@pytest.mark.parametrize(
    ("language", "added", "removed", "retitled"),
    [
        (
            "nn",
            "Ny lenke: «Bustadanalyse 2027» (https://fjellbygda.example.no/ny).",
            "Lenka «Bustadanalyse» (https://fjellbygda.example.no/bustadanalyse) er teken ut.",
            "Lenka https://fjellbygda.example.no/rapport har fått tittelen «Rapport 2027»"
            " (før: «Rapport»).",
        ),
        (
            "nb",
            "Ny lenke: «Bustadanalyse 2027» (https://fjellbygda.example.no/ny).",
            "Lenken «Bustadanalyse» (https://fjellbygda.example.no/bustadanalyse) er tatt ut.",
            "Lenken https://fjellbygda.example.no/rapport har fått tittelen «Rapport 2027»"
            " (før: «Rapport»).",
        ),
    ],
)
def test_changed_links_are_sentences_in_the_changes_and_the_case_document(
    tmp_path: Path, language: str, added: str, removed: str, retitled: str
) -> None:
    # a measure's links were the diff's arrow line («lenker …, tittel: – → «…»»), and a
    # link the new plan left out was not said at all
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda", language)
    rapport = "      - title: Rapport\n        url: https://fjellbygda.example.no/rapport\n"
    edit(pilot / "plans/2026.yaml", _LINKS, _LINKS + rapport)
    edit(pilot / "plans/2027.yaml", _LINKS, _NEW_LINKS)
    for document, extra in (("changes", ()), ("case", ("-m", "fyresdal"))):
        text = _md(pilot, tmp_path / document, document, "-y", "2027", *extra)
        for sentence in (added, removed, retitled):
            assert f"- {sentence}\n" in text, document
        assert [line for line in text.splitlines() if "→" in line or ", tittel:" in line] == []


def test_a_link_the_next_plan_leaves_out_is_a_change_in_the_diff(tmp_path: Path) -> None:
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    edit(pilot / "plans/2027.yaml", _LINKS, "")
    edit(pilot / "plans/2027.yaml", "    links:\n", "")
    code, output = run_cli("diff", str(pilot), "--from", "2026", "--to", "2027", "--format", "json")
    assert code == 0, output
    assert '"path": "links.https://fjellbygda.example.no/bustadanalyse.title"' in output
    # entries of a year the new plan leaves out (work in kind in 2026) stay history
    assert '"path": "in_kind' not in output


# ------------------------------------------------------------------ measures by their number


def _renamed(pilot: Path, old: str, new: str) -> None:
    """Measure ``old`` given the id ``new`` in every plan (its number stays)."""
    for plan in sorted((pilot / "plans").glob("*.yaml")):
        text = plan.read_text("utf-8").replace(f'id: "{old}"', f"id: {new}")
        plan.write_text(text.replace(f'parent: "{old}"', f"parent: {new}"), "utf-8")


def test_the_year_budget_table_names_measures_by_their_number_not_their_id(
    tmp_path: Path,
) -> None:
    # the action plan's «Budsjett og finansieringsplan» table printed «nettverk Nettverk for
    # næringane» where every heading says «Tiltak 2.1 Nettverk for næringane»
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    _renamed(pilot, "2.1", "nettverk")
    text = _md(pilot, tmp_path / "out", "plan", "-y", "2026")
    assert "### Tiltak 2.1 Nettverk for næringane\n" in text
    assert "| 2.1 Nettverk for næringane | 600\u00a0000\u00a0kr |" in text
    assert "nettverk" not in text


def test_measures_without_a_budget_in_and_outside_the_sub_goals_are_listed_not_a_traceback(
    tmp_path: Path,
) -> None:
    # sorting the measures without a budget compared a sub-goal with None (shared work)
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    (pilot / "plans/2027.yaml").unlink()  # which would have to keep the two new ones
    edit(
        pilot / "plans/2026.yaml",
        "status:\n  sub_goals:",
        "  - id: felles\n    number: 2\n    title: Felles kommunikasjon\n    status: planned\n"
        "  - id: ny\n    sub_goal: 2\n    number: 3\n    title: Nytt tiltak\n    status: planned\n"
        "status:\n  sub_goals:",
    )
    text = _md(pilot, tmp_path / "out", "plan", "-y", "2026")
    assert (
        "Tiltaka 2.3 Nytt tiltak og Felles kommunikasjon har ikkje budsjett for 2026"
        " og er ikkje med i tabellen.\n" in text
    )


def test_the_assessment_points_to_a_reason_by_the_measures_number(tmp_path: Path) -> None:
    # the pointer that replaces a repeated change reason named the measure by its id
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    _renamed(pilot, "1.1", "kartlegging")
    reason = "Kviteseid gjekk ut av piloten ved utgangen av 2026; Kåfjord ber delen sin."
    edit(
        pilot / "plans/2027.yaml",
        "case:\n  conclusion:",
        f"case:\n  assessment: Planen held fram. {reason}\n  conclusion:",
    )
    text = _md(pilot, tmp_path / "out", "case", "-y", "2027", "-m", "fyresdal")
    assert "Planen held fram. (Sjå grunngjevinga for tiltak 1.1 under «Endra tiltak».)" in text
    assert "kartlegging" not in text


# ------------------------------------------------------------------ one or two municipalities


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("nn", "Handlingsplanen for 2027 skal vedtakast i kommunestyret i Fjordane kommune.\n"),
        ("nb", "Handlingsplanen for 2027 skal vedtas i kommunestyret i Fjordane kommune.\n"),
    ],
)
def test_the_schedule_of_one_municipality_names_its_council(
    tmp_path: Path, language: str, sentence: str
) -> None:
    # «skal vedtakast i alle kommunestyra i Einbygd»: a pilot of one municipality
    pilot = copy_pilot(ONE, tmp_path, "einbygd", language)
    text = _md(pilot, tmp_path / "out", "case", "-y", "2027", "-m", "fjordane")
    assert sentence in text
    assert "alle kommunestyr" not in text


def test_the_schedule_of_two_municipalities_says_both(tmp_path: Path) -> None:
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    text = _md(pilot, tmp_path / "out", "case", "-y", "2026", "-m", "fyresdal")
    assert "Handlingsplanen for 2026 skal vedtakast i begge kommunestyra i Fjellbygda.\n" in text


# ------------------------------------------------------------------ grants


def test_a_grant_restated_without_its_funder_is_counted_once(tmp_path: Path) -> None:
    # the 2026 plan names KDD as the funder of the 18 million for the period, the 2027
    # plan leaves the funder out: the documents of 2027 said the state had granted it twice
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    case = _md(pilot, tmp_path / "case", "case", "-y", "2027", "-m", "fyresdal")
    granted = "Staten har løyvd 18\u00a0000\u00a0000\u00a0kr i tiltaksmidlar frå 2025"
    assert case.count(granted) == 1
    assert case.count("Frå 2025 vart 18\u00a0mill.\u00a0kr tilført") == 1
    plan = _md(pilot, tmp_path / "plan", "plan", "-y", "2027")
    assert plan.count("Frå 2025 vart 18\u00a0mill.\u00a0kr tilført") == 1


def test_a_grant_a_later_plan_does_not_restate_is_kept(tmp_path: Path) -> None:
    # Vest-Telemark's operating grants 2023-2025 are in the 2025 plan only
    pilot = copy_pilot(REPO / "pilots/vest-telemark", tmp_path, "vest-telemark")
    case = _md(pilot, tmp_path / "case", "case", "-y", "2026", "-m", "fyresdal")
    assert (
        "Piloten har motteke 2\u00a0mill.\u00a0kr årleg i driftstilskot frå 2023 til 2025" in case
    )


def test_the_schedule_table_has_the_municipalities_of_the_plans_year(tmp_path: Path) -> None:
    # Kviteseid left at the end of 2026 and Kåfjord joins in 2027: each stood in the other
    # year's table with two dashes, as if its council had no meeting planned
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    rows = {}
    for year in ("2026", "2027"):
        text = _md(pilot, tmp_path / year, "case", "-y", year, "-m", "fyresdal")
        table = text.split("| Kommune | Formannskapsmøte | Kommunestyremøte |")[1].split("\n\n")[0]
        rows[year] = [line.split(" | ")[0].strip("| ") for line in table.splitlines()[2:]]
    assert rows == {
        "2026": ["Fyresdal kommune", "Kviteseid kommune"],
        "2027": ["Fyresdal kommune", "Kåfjord kommune"],
    }


def _funding_changes(text: str) -> list[str]:
    section = text.split("## Endringar i finansieringa\n\n")[1].split("\n\n")[0]
    return section.splitlines()


def test_a_grant_restated_without_its_funder_is_not_granted_anew_in_the_changes(
    tmp_path: Path,
) -> None:
    # «Det er løyvd 18 000 000 kr i statlege tiltaksmidlar for 2025.» in the changes from
    # 2026 to 2027: the same grant, its funder (and its decision) left out of the later plan
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    text = _md(pilot, tmp_path / "out", "changes", "-y", "2027")
    lines = _funding_changes(text)
    assert not [line for line in lines if "18\u00a0000\u00a0000" in line or "→" in line]
    assert (
        "- Vedtaksdatoen for løyvinga av statlege tiltaksmidlar for 2025 er ikkje lenger"
        " oppgitt (var 2. juni 2025)." in lines
    )
    assert (
        "- Referansen for løyvinga av statlege tiltaksmidlar for 2025 er ikkje lenger"
        " oppgitt (var «25/1234»)." in lines
    )


def test_a_grant_without_its_funder_where_two_could_fit_stays_apart() -> None:
    # two grants from one source in a year, then one without a funder: which one it
    # restates is not known, so it is a grant of its own and the two are taken out
    def funding(*grants: tuple[str | None, int]) -> Funding:
        entries = [
            {"source": "other_grants", "year": 2026, "amount": amount}
            | ({"funder": funder} if funder else {})
            for funder, amount in grants
        ]
        return Funding.model_validate({"grants": entries})

    found = compare(funding(("fylket", 150000), ("innovasjon", 50000)), funding((None, 150000)))
    changes = {(c.path, c.old, c.new) for c in found}
    assert changes == {
        ("grants.2026.other_grants", None, 150000),
        ("grants.2026.other_grants.fylket", 150000, None),
        ("grants.2026.other_grants.innovasjon", 50000, None),
    }
    # one on each side: the same grant, its amount changed
    found = compare(funding(("fylket", 150000)), funding((None, 160000)))
    assert [(c.path, c.old, c.new) for c in found] == [("grants.2026.other_grants", 150000, 160000)]


# ------------------------------------------------------------------ tables across pages


def _three_municipalities(tmp_path: Path) -> Path:
    """The full pilot in Bokmål with a third municipality, Nordby, and the county."""
    pilot = copy_pilot(FULL, tmp_path, "tredal", "nb")
    edit(
        pilot / "pilot.yaml",
        "  - id: fylket\n",
        "  - id: nordby\n    name: Nordby kommune\n    kind: municipality\n    role: main\n"
        '    municipality_number: "5541"\n    case_document:\n'
        "      chief_executive_title: Rådmann\n      chief_executive_name: Nils Nord\n"
        "  - id: fylket\n",
    )
    for year in (2026, 2027):
        edit(
            pilot / f"plans/{year}.yaml",
            "schedule:\n",
            f"schedule:\n  - party: nordby\n    body: municipal_council\n    date: {year}-02-20\n",
        )
    return pilot


def test_a_short_table_is_not_split_across_pdf_pages(tmp_path: Path) -> None:
    # the economy table of Nordby's case document: its header and first row at the foot
    # of page 2, its header again and the sum on page 3
    pilot = _three_municipalities(tmp_path)
    written = render_file(pilot, tmp_path / "pdf", "case", "pdf", "-y", "2027", "-m", "nordby")
    pages = [page.extract_text() for page in pypdf.PdfReader(written).pages]
    assert len(pages) > 1
    assert sum("Finansieringskilde" in page for page in pages) == 1


def test_docx_rows_are_not_split_and_short_tables_are_kept_together(tmp_path: Path) -> None:
    pilot = _three_municipalities(tmp_path)
    written = render_file(pilot, tmp_path / "docx", "case", "docx", "-y", "2027", "-m", "nordby")
    tables = docx.Document(str(written)).tables
    assert len(tables) >= 4
    for table in tables:
        rows = table.rows
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
        kept = [
            all(p.paragraph_format.keep_with_next for cell in row.cells for p in cell.paragraphs)
            for row in rows
        ]
        assert kept == [True] * (len(rows) - 1) + [False]  # all short: kept on one page


def test_a_long_table_may_break_between_rows() -> None:
    # a table longer than a short one, kept whole, could push a page of white space
    # before it: it breaks between rows (its header repeated)
    rows = [[[Span(f"rad {n}")], [Span("x")]] for n in range(KEEP_WHOLE_ROWS + 1)]
    table = Table([[Span("a")], [Span("b")]], rows, [None, None])
    assert not table.kept_whole and Table(table.header, rows[:-1], table.align).kept_whole
    assert not pdf_writer._table(table).startswith("#block(breakable: false)")
    assert pdf_writer._table(Table(table.header, rows[:-1], table.align)).startswith(
        "#block(breakable: false)"
    )
    # two rows of long texts (a status report's «Gjennomført» and «Førebels resultat»)
    long_text = [[[Span("ord " * 100)], [Span("ord " * 100)]] for _ in range(2)]
    assert not Table(table.header, long_text, table.align).kept_whole


def test_the_status_table_of_long_texts_in_a_case_document_may_break(tmp_path: Path) -> None:
    # kept whole, the table of each measure's status pushed to the next page and left
    # half a page empty before it; its rows are still never split
    pilot = copy_pilot(REPO / "pilots/vest-telemark", tmp_path, "vest-telemark")
    written = render_file(pilot, tmp_path / "docx", "case", "docx", "-y", "2026", "-m", "fyresdal")
    tables = docx.Document(str(written)).tables
    status = [t for t in tables if t.rows[0].cells[0].text == "Tiltaksnr. og tittel"]
    schedule = [t for t in tables if t.rows[0].cells[0].text == "Kommune"]
    assert status and schedule
    cells = [p for row in status[0].rows[1:] for cell in row.cells for p in cell.paragraphs]
    assert not any(p.paragraph_format.keep_with_next for p in cells)  # sub-goal 1's
    # but its header is kept with its first row, never alone at a page's foot
    heads = [p for cell in status[0].rows[0].cells for p in cell.paragraphs]
    assert all(p.paragraph_format.keep_with_next for p in heads)
    for table in (*status, *schedule):
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    header = schedule[0].rows[0].cells[0].paragraphs[0]
    assert header.paragraph_format.keep_with_next


def test_a_lead_in_stays_with_the_table_it_introduces(tmp_path: Path) -> None:
    # Fyresdal's case document: «Dei andre partane:» ended page 2 of the PDF, alone, and
    # the table it introduces (kept whole) began page 3
    pilot = copy_pilot(REPO / "pilots/vest-telemark", tmp_path, "vest-telemark")
    written = render_file(pilot, tmp_path / "pdf", "case", "pdf", "-y", "2026", "-m", "fyresdal")
    pages = [page.extract_text() for page in pypdf.PdfReader(written).pages]
    lead_in = [n for n, page in enumerate(pages) if "Dei andre partane:" in page]
    table = [n for n, page in enumerate(pages) if re.search(r"Part\s+Organ\s+Plan", page)]
    assert lead_in and lead_in == table[:1]
    written = render_file(pilot, tmp_path / "docx", "case", "docx", "-y", "2026", "-m", "fyresdal")
    paragraphs = docx.Document(str(written)).paragraphs
    found = [p for p in paragraphs if p.text == "Dei andre partane:"]
    assert found and found[0].paragraph_format.keep_with_next
    # a paragraph that introduces nothing is left to flow
    assert not any(p.paragraph_format.keep_with_next for p in paragraphs if p.text == "")
    assert not paragraphs[-1].paragraph_format.keep_with_next


def test_only_a_paragraph_ending_in_a_colon_before_a_table_or_list_leads_in() -> None:
    table = Table([[Span("a")]], [[[Span("1")]]], [None])
    colon, plain_ = Paragraph([Span("Dei andre partane: ")]), Paragraph([Span("Tekst.")])
    listed = ListBlock(False, 1, [[Paragraph([Span("punkt")])]])
    flags = [flag for _, flag in with_lead_ins([colon, table, plain_, table, colon, listed])]
    assert flags == [True, False, False, False, True, False]
    assert [flag for _, flag in with_lead_ins([colon, plain_, colon])] == [False, False, False]
    source = "\n".join(pdf_writer._body("Partane:\n\n| a |\n|---|\n| 1 |\n"))
    assert source.startswith('#block(sticky: true)[#par[#"Partane:"]]')


def test_a_short_paragraph_under_a_heading_stays_with_the_chart_or_heading_after_it(
    tmp_path: Path,
) -> None:
    """Vest-Telemark's plan in Word: «Diagram» and the sentence on its chart ended page 2
    (LibreOffice), the chart began page 3. A sentence or two between a heading and a chart
    or a sub-heading is kept with it; a long paragraph, or one before more text, flows."""
    heading, sub = Heading(2, [Span("Diagram")]), Heading(3, [Span("Tiltak 3.1")])
    short = Paragraph([Span("Diagrammet viser framdrifta.")])
    long = Paragraph([Span("Ord " * 100)])
    figure = Figure("progress", "Framdrift")
    flags = [flag for _, flag in with_lead_ins([heading, short, figure, heading, short, sub])]
    assert flags == [False, True, False, False, True, False]
    # before a heading of its own level the paragraph ends its section, and flows
    flags = [flag for _, flag in with_lead_ins([sub, short, sub, short, heading])]
    assert flags == [False] * 5
    assert [flag for _, flag in with_lead_ins([heading, long, figure])] == [False] * 3
    assert [flag for _, flag in with_lead_ins([heading, short, short])] == [False] * 3
    pilot = copy_pilot(REPO / "pilots/vest-telemark", tmp_path, "vest-telemark")
    written = render_file(pilot, tmp_path / "docx", "plan", "docx", "-y", "2026")
    paragraphs = docx.Document(str(written)).paragraphs
    at = next(n for n, p in enumerate(paragraphs) if p.text == "Diagram")
    assert paragraphs[at + 1].text.startswith("Diagram")  # the sentence on the chart
    assert paragraphs[at + 1].paragraph_format.keep_with_next


# ------------------------------------------------------------------ decisions


def test_a_municipality_without_decisions_of_its_own_is_told_so_before_the_others(
    tmp_path: Path,
) -> None:
    # Nordby's case document went straight to «De andre partene:», and a council member
    # could not tell whether Nordby's own decisions had been left out
    pilot = _three_municipalities(tmp_path)
    text = _md(pilot, tmp_path / "out", "case", "-y", "2027", "-m", "nordby")
    decided = text.split("### Vedtak som er gjort\n\n")[1]
    assert decided.startswith(
        "Ingen vedtak fra Nordby kommune om handlingsplanene er registrert i dataene ennå.\n\n"
        "De andre partene:\n"
    )
    # Fyresdal, which has decided, is told what it decided, as before
    text = _md(pilot, tmp_path / "fyresdal", "case", "-y", "2027", "-m", "fyresdal")
    decided = text.split("### Vedtak som er gjort\n\n")[1]
    assert decided.startswith("- Formannskapet i Fyresdal kommune vedtok handlingsplanen for 2026")


# ------------------------------------------------------------------ numbers in words


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("nn", "Desse sju tiltaka har ikkje budsjett for 2026: 1.1 Samarbeid om"),
        ("nb", "Disse sju tiltakene har ikke budsjett for 2026: 1.1 Samarbeid om"),
    ],
)
def test_the_measures_without_a_budget_are_counted_in_words_not_a_digit_first(
    tmp_path: Path, language: str, sentence: str
) -> None:
    # «7 tiltak har ikkje budsjett for 2026: …»: a sentence began with a digit
    pilot = copy_pilot(REPO / "pilots/vest-telemark", tmp_path, "vest-telemark", language)
    text = _md(pilot, tmp_path / "out", "case", "-y", "2026", "-m", "fyresdal")
    assert sentence in text


# ------------------------------------------------------------------ measures moved


@pytest.mark.parametrize(
    ("plan", "sentence"),
    [
        ("2027", "Tiltaket er flytta frå delmål 1 til felles arbeid."),
        ("2026", "Tiltaket er flytta frå felles arbeid til delmål 2."),
    ],
)
def test_a_measure_moved_to_or_from_the_shared_work_is_a_sentence(
    tmp_path: Path, plan: str, sentence: str
) -> None:
    # «delmål: 1 → –»: the diff's arrow line, where a move between sub-goals is a sentence
    pilot = copy_pilot(ONE, tmp_path, "einbygd")
    edit(
        pilot / f"plans/{plan}.yaml",
        "  - id: naering\n    sub_goal: {}\n".format(1 if plan == "2026" else 2),
        "  - id: naering\n",
    )
    text = _md(pilot, tmp_path / "out", "changes", "-y", "2027")
    assert f"- {sentence}\n" in text
    assert "→" not in text


def test_a_measure_moved_between_sub_goals_in_the_one_municipality_pilot(tmp_path: Path) -> None:
    pilot = copy_pilot(ONE, tmp_path, "einbygd")
    text = _md(pilot, tmp_path / "out", "changes", "-y", "2027")
    moved = text.split("#### Tiltak 2.2 Næringshage\n\n")[1].split("\n\n")[0]
    assert moved.splitlines()[0] == "- Tiltaket er flytta frå delmål 1 til delmål 2."
    closed = text.split("## Avslutta tiltak\n\n")[1]
    assert "#### Tiltak 2.1 Bygdekafé\n\nVurdering: Kafeen er i drift og ber seg sjølv.\n" in closed


def test_an_indicator_value_not_reported_says_so(tmp_path: Path) -> None:
    # the status report's value cell said «ikkje fastsett» (not decided) for a value
    # nobody has reported yet, as the target cell says for a target not set
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    text = _md(pilot, tmp_path / "out", "status", "-y", "2027")
    assert "| Folketal i kommunane | personar | 5\u00a0200 (2024) | ikkje rapportert |" in text
    assert "| Del sysselsette | prosent | 68,5 (2024) | ikkje rapportert | ikkje fastsett |" in text


def test_a_case_document_for_a_municipality_not_in_the_pilot_that_year_is_refused(
    tmp_path: Path,
) -> None:
    # Kviteseid left at the end of 2026: its case document for 2027 was made without a word;
    # its council adopts none of that year's plan, so asking for it is wrong use
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    code, output = run_cli(
        "render", "case", str(pilot), "-y", "2027", "-m", "kviteseid", "-o", str(tmp_path / "o")
    )
    assert code == 2, output
    assert "«kviteseid» er ikkje med i" in output and "i 2027" in output
    assert not (tmp_path / "o").exists()
    code, output = run_cli(
        "render", "case", str(pilot), "-y", "2026", "-m", "kviteseid", "-o", str(tmp_path / "p")
    )
    assert code == 0 and "er ikkje med i" not in output


# ------------------------------------------------------------------ assumed values in changes


def test_an_assumed_value_in_a_change_is_marked_with_its_note(tmp_path: Path) -> None:
    # «Eigeninnsatsen frå Bygdelaget i 2027 er verdsett til 30 000 kr.»: the later plan
    # assumes the value, and the change documents stated it as known
    pilot = copy_pilot(ONE, tmp_path, "einbygd")
    edit(
        pilot / "plans/2027.yaml",
        "      2027:\n        state_measure_funds: 500000\n",
        "      2027:\n        state_measure_funds:\n          amount: 500000\n"
        "          assumed:\n            amount: Overslag før budsjettmøtet.\n",
    )
    edit(
        pilot / "plans/2027.yaml",
        "    end_year: 2027\n    status: ongoing\n",
        "    end_year: 2029\n    status: ongoing\n    assumed:\n      end_year: Truleg.\n",
    )
    text = _md(pilot, tmp_path / "changes", "changes", "-y", "2027")
    lines = [line for line in text.splitlines() if "(anteke, note" in line]
    assert lines == [
        "- Budsjettet for 2027 er sett til 500\u00a0000\u00a0kr (anteke, note 1) i statlege"
        " tiltaksmidlar.",
        "- Eigeninnsatsen frå Bygdelaget i 2027 er verdsett til 30\u00a0000\u00a0kr (anteke,"
        " note 2).",
        "- Tiltaket varer no til og med 2029 (anteke, note 3) (før: til og med 2027).",
    ]
    assert text.endswith(
        "1. Overslag før budsjettmøtet.\n2. Bygdelaget har ikkje sett verdi på dugnaden enno.\n"
        "3. Truleg.\n" + text.split("3. Truleg.\n")[1]
    )
    # the case document numbers its notes in reading order: the agreement's period first
    case = _md(pilot, tmp_path / "case", "case", "-y", "2027", "-m", "fjordane")
    assert "Avtaleperioden går frå 2026 til 2029 (anteke, note 1)." in case
    assert "verdsett til 30\u00a0000\u00a0kr (anteke, note 3)." in case
    assert "\n1. Avtala seier fire år; sluttdatoen er ikkje skriven inn.\n" in case


def test_an_assumed_value_a_change_does_not_print_leaves_no_note(tmp_path: Path) -> None:
    pilot = copy_pilot(ONE, tmp_path, "einbygd")
    edit(
        pilot / "plans/2027.yaml",
        "    end_year: 2027\n    status: ongoing\n",
        "    end_year: 2027\n    status: planned\n    assumed:\n      status: Truleg.\n",
    )
    text = _md(pilot, tmp_path / "changes", "changes", "-y", "2027")
    assert "- Status er endra frå «i gang» til «planlagt».\n" in text
    notes = text.split("## Antekne verdiar\n")[1]
    assert "1. Bygdelaget har ikkje sett verdi på dugnaden enno.\n" in notes
    assert "Truleg." not in notes


def test_an_assumed_grant_in_the_funding_changes_is_marked(tmp_path: Path) -> None:
    pilot = copy_pilot(ONE, tmp_path, "einbygd")
    edit(
        pilot / "plans/2027.yaml",
        "  carry_over:\n",
        "    - source: other_grants\n      year: 2027\n      funder: husbanken\n"
        "      amount: 200000\n      status: applied\n"
        "      assumed:\n        amount: Søknaden er under arbeid.\n"
        "  carry_over:\n",
    )
    text = _md(pilot, tmp_path / "out", "changes", "-y", "2027")
    funding = text.split("## Endringar i finansieringa\n\n")[1].split("\n\n")[0]
    assert (
        "- Det er søkt om 200\u00a0000\u00a0kr (anteke, note 2) i andre tilskot frå Husbanken"
        " for 2027." in funding.splitlines()
    )
    notes = text.split("## Antekne verdiar\n")[1]
    assert "2. Søknaden er under arbeid.\n" in notes


# ------------------------------------------------------------------ metadata and PDF/A


def _xmp(reader: pypdf.PdfReader) -> str:
    """The PDF's XMP packet, which PDF/A wants unfiltered (readable without decoding)."""
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in stream
    return str(stream.get_data().decode("utf-8"))


def _xmp_value(xmp: str, tag: str) -> str:
    """The text of the XMP property ``tag`` (its first ``rdf:li`` for a list)."""
    found = re.search(rf"<{tag}>(?:<rdf:\w+>)?(?:<rdf:li[^>]*>)?([^<]*)<", xmp)
    assert found is not None, tag
    return found.group(1)


def test_docx_and_pdf_metadata_are_the_same_norwegian_words(tmp_path: Path) -> None:
    # the keywords were the provenance's machine keys («pilot=fjellbygda; year=2027;
    # commit=…»): an archive or Word's «Egenskaper» showed them to the reader. Now words
    # and names, in the pilot's written standard, the same in the DOCX and the PDF
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda", "nb")
    written = render_file(pilot, tmp_path / "docx", "case", "docx", "-y", "2027", "-m", "fyresdal")
    core = docx.Document(str(written)).core_properties
    keywords = ["bygdevekst", "saksfremlegg", "Fjellbygda", "Fyresdal kommune", "2027"]
    assert core.keywords.split("; ") == keywords
    assert core.category == "bygdevekst saksfremlegg" and core.language == "nb-NO"
    reader = pypdf.PdfReader(
        render_file(pilot, tmp_path / "pdf", "case", "pdf", "-y", "2027", "-m", "fyresdal")
    )
    info, xmp = reader.metadata, _xmp(reader)
    assert info is not None and info["/Keywords"] == ", ".join(keywords)
    assert _xmp_value(xmp, "pdf:Keywords") == info["/Keywords"]
    assert info.title == _xmp_value(xmp, "dc:title") == core.title
    assert info.subject == _xmp_value(xmp, "dc:description") == core.subject
    assert info.author == _xmp_value(xmp, "dc:creator") == core.author == "Fyresdal kommune"
    assert _xmp_value(xmp, "dc:language") == reader.trailer["/Root"]["/Lang"] == "nb-NO"
    # a document of the whole pilot names no municipality, and the agreement no year
    written = render_file(pilot, tmp_path / "agreement", "agreement", "docx")
    keywords = docx.Document(str(written)).core_properties.keywords
    assert keywords == "bygdevekst; bygdevekstavtale; Fjellbygda"


def _objects(pages: object) -> list[dict[str, object]]:
    """Every dictionary (and stream) the page tree ``pages`` reaches, each once."""
    found: list[dict[str, object]] = []
    seen: set[int] = set()
    waiting: list[object] = [pages]
    while waiting:
        item = waiting.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, dict):
            found.append(item)
            waiting.extend(v for k, v in item.items() if k not in ("/Parent", "/P"))
        elif isinstance(item, list):
            waiting.extend(item)
    return found


def _pdfa_problems(reader: pypdf.PdfReader) -> list[str]:
    """What a PDF/A-2a validator would find that can be checked without one (veraPDF is
    not to be had here): the identification, the output intent, encryption, fonts not
    embedded, transparency and scripts."""
    problems = []
    root = reader.trailer["/Root"]
    xmp = _xmp(reader)
    if (_xmp_value(xmp, "pdfaid:part"), _xmp_value(xmp, "pdfaid:conformance")) != ("2", "A"):
        problems.append("not identified as PDF/A-2a")
    intents = [i.get_object() for i in root.get("/OutputIntents", [])]
    if not any(i["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
        problems.append("no PDF/A output intent with an ICC profile")
    if "/Encrypt" in reader.trailer:
        problems.append("encrypted")
    if any(key in root for key in ("/OpenAction", "/AA", "/Names")):
        problems.append("actions or scripts")
    for item in _objects(root["/Pages"]):
        if item.get("/Type") == "/FontDescriptor" and not any(
            key in item for key in ("/FontFile", "/FontFile2", "/FontFile3")
        ):
            problems.append(f"font not embedded: {item.get('/FontName')}")
        if item.get("/SMask", "/None") != "/None" or item.get("/S") == "/Transparency":
            problems.append("transparency")
        if any(float(str(item.get(key, 1))) < 1 for key in ("/CA", "/ca")):
            problems.append("transparency")
    return problems


@pytest.mark.parametrize("document", ["plan", "case"])
def test_the_pdf_passes_the_pdfa_checks_that_can_be_made_here(
    tmp_path: Path, document: str
) -> None:
    # the plan with its charts (drawn as vectors), the case document with its tables
    pilot = copy_pilot(REPO / "tests/data/minimal", tmp_path, "testdalen")
    extra = ["-m", "fyresdal"] if document == "case" else []
    reader = pypdf.PdfReader(render_file(pilot, tmp_path / "pdf", document, "pdf", *extra))
    assert reader.pdf_header in ("%PDF-1.4", "%PDF-1.5", "%PDF-1.6", "%PDF-1.7")
    assert _pdfa_problems(reader) == []
    fonts = [
        o
        for o in _objects(reader.trailer["/Root"]["/Pages"])
        if o.get("/Type") == "/FontDescriptor"
    ]
    assert fonts  # the check above looked at the document's fonts


def test_the_pdfa_checks_find_what_they_look_for(tmp_path: Path) -> None:
    # the checks of the test above fail on a PDF that breaks each rule
    pilot = copy_pilot(REPO / "tests/data/minimal", tmp_path, "testdalen")
    reader = pypdf.PdfReader(render_file(pilot, tmp_path / "pdf", "agreement", "pdf"))
    writer = pypdf.PdfWriter(clone_from=reader)
    script = {"/S": "/JavaScript", "/JS": TextStringObject("app.alert('x');")}
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject(k): v if k == "/JS" else NameObject(v) for k, v in script.items()}
    )
    writer.encrypt("passord", algorithm="RC4-128")
    pages = writer.root_object["/Pages"]
    font = next(o for o in _objects(pages) if o.get("/Type") == "/FontDescriptor")
    del font["/FontFile3"]
    del writer.root_object["/OutputIntents"]
    half = DictionaryObject({NameObject("/ca"): FloatObject(0.5)})
    resources = writer.pages[0]["/Resources"]
    resources[NameObject("/ExtGState")] = DictionaryObject({NameObject("/GSHalf"): half})
    broken = tmp_path / "broken.pdf"
    writer.write(broken)
    problems = _pdfa_problems(pypdf.PdfReader(broken, password="passord"))
    assert "encrypted" in problems and "actions or scripts" in problems
    assert "no PDF/A output intent with an ICC profile" in problems
    assert any(p.startswith("font not embedded") for p in problems)
    assert "transparency" in problems


# ------------------------------------------------------------------ a template in columns


def _two_narrow_columns(path: Path) -> Path:
    """A municipality's template: A4 with 3.5 cm margins, set in two columns (6.4 cm)."""
    template = docx.Document()
    section = template.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(3.5)
    columns = section._sectPr.find(qn("w:cols"))
    columns.set(qn("w:num"), "2")
    columns.set(qn("w:space"), "708")
    template.save(str(path))
    return path


def _plan_in_columns(tmp_path: Path) -> Path:
    """The full pilot's plan (its budget tables, and the table of five funding sources
    under the chart) on ``_two_narrow_columns``: the file."""
    template = _two_narrow_columns(tmp_path / "mal.docx")
    pilot = copy_pilot(FULL, tmp_path, "fjellbygda")
    return render_file(pilot, tmp_path / "docx", "plan", "docx", "--reference-docx", str(template))


def _columns_of_section_after(element: object) -> str:
    """The number of columns of the section that ends at the first paragraph after
    ``element`` that ends one (``w:sectPr`` in its properties), else of the body's last."""
    found = element.xpath("following-sibling::w:p/w:pPr/w:sectPr/w:cols")
    cols = found[0] if found else element.getparent().find(qn("w:sectPr")).find(qn("w:cols"))
    return str(cols.get(qn("w:num"), "1"))


def _in_twips(table: docx.table.Table, header: str) -> int:
    """The width (twips) of ``table``'s column headed ``header``."""
    column = [cell.text for cell in table.rows[0].cells].index(header)
    return int(table._tbl.tblGrid[column].get(qn("w:w")))


def test_the_sum_of_a_narrow_table_in_a_template_in_columns_has_room_in_bold(
    tmp_path: Path,
) -> None:
    # the status table (five columns of counts) in a column of 6.4 cm: its bold «Sum» and
    # «i gang» had as little room as in plain text, and broke into «Su» over «m» and «gan»
    # over «g» (LibreOffice); they now have room for their bold at the table's size
    tables = docx.Document(str(_plan_in_columns(tmp_path))).tables
    [status] = [t for t in tables if t.rows[0].cells[-2].text == "avslutta"]
    size = int(status._tbl.xpath(".//w:sz/@w:val")[0]) / 2  # points, set smaller
    bold = Pt(size * 0.636 * 3.9) + Twips(86)  # «Sum» in DejaVu Serif Bold, narrow margins
    assert Twips(_in_twips(status, "Sum")) >= bold
    assert _columns_of_section_after(status._tbl) == "2"  # it fits its column


def test_a_table_whose_amounts_cannot_fit_a_column_goes_across_the_page(tmp_path: Path) -> None:
    # the table under the budget chart (year, five funding sources, «Sum») in a column of
    # 6.4 cm: «1 200 00» over «0 kr» even at 7 pt. It now has a section of one column of
    # its own, its heading and chart with it, and the columns go on after it
    document = docx.Document(str(_plan_in_columns(tmp_path)))
    [wide] = [t for t in document.tables if len(t.columns) == 6]
    assert wide.rows[0].cells[0].text == "År"
    page = document.sections[0]
    across = page.page_width - page.left_margin - page.right_margin
    grid = sum(int(col.get(qn("w:w"))) for col in wide._tbl.tblGrid)
    assert Length(across).twips // 2 < grid <= Length(across).twips + 6  # 6 roundings
    chart = wide._tbl.getprevious()  # kept with its table, it goes across the page too
    assert chart.xpath(".//pic:pic")
    # the chart's title, the sentence on the charts and the section's heading «Diagram» go
    # across the page with it: the section break is before them
    title = chart.getprevious()
    intro = title.getprevious()
    assert "".join(intro.itertext()).startswith("Diagramma viser")
    before = intro.getprevious().getprevious()
    assert before.find(qn("w:pPr")).find(qn("w:sectPr")) is not None  # ends the columns
    assert _columns_of_section_after(before.getprevious()) == "2"
    assert _columns_of_section_after(wide._tbl) == "1"
    after = wide._tbl.getnext().find(qn("w:pPr")).find(qn("w:sectPr"))
    assert after.find(qn("w:type")).get(qn("w:val")) == "continuous"
    body = document.element.body.find(qn("w:sectPr"))
    assert body.find(qn("w:cols")).get(qn("w:num")) == "2"  # the columns go on after it
    assert body.find(qn("w:type")).get(qn("w:val")) == "continuous"
    # every section shows the template's footer and the document's page set-up
    assert len(document.sections) == 3
    assert {s.page_width for s in document.sections} == {page.page_width}
    assert all("Fjellbygda" in s.footer.paragraphs[0].text for s in document.sections)
    # the other tables keep to their column
    others = [t for t in document.tables if t._tbl is not wide._tbl]
    assert all(_columns_of_section_after(t._tbl) == "2" for t in others)


@pytest.mark.skipif(  # CI installs LibreOffice (.ci/run)
    shutil.which("soffice") is None and not os.environ.get("CI"), reason="needs LibreOffice"
)
def test_libreoffice_shows_every_amount_and_sum_of_the_plan_in_columns_whole(
    tmp_path: Path,
) -> None:
    pages = pypdf.PdfReader(libreoffice_pdf(_plan_in_columns(tmp_path))).pages
    lines = [line for page in pages for line in page.extract_text().splitlines()]
    lines = [line.replace(NBSP, " ") for line in lines]
    assert "2026 1 200 000 kr 500 000 kr 340 000 kr 200 000 kr 2 240 000 kr" in lines
    text = "\n".join(lines)  # the status table's header: «Su» over «m» before
    assert "avslutta Sum" in text and "gang" in text and not re.search(r"\bSu\n|\bgan\n", text)


# ------------------------------------------------------------------ running text


_COMPOUND = (
    "Donaudampfskipsselskapskapteinsforeiningsmedlemskapskontingentinnbetalingsfrist"
    "forlengingssøknadshandsamingsrutine"
)


def _described(tmp_path: Path, description: str) -> Path:
    """The minimal pilot with measure 1.1 described by ``description`` (a YAML block)."""
    pilot = copy_pilot(REPO / "tests/data/minimal", tmp_path, "testdalen")
    edit(
        pilot / "plans/2026.yaml",
        "    title: Kartlegging av bustadbehov\n",
        f"    title: Kartlegging av bustadbehov\n    description: {description}",
    )
    return pilot


def test_a_word_longer_than_a_line_is_hyphenated_in_the_pdf(tmp_path: Path) -> None:
    # a compound of 110 letters in a description ran off the right edge of the page
    pilot = _described(tmp_path, f"|\n      Rutinen: {_COMPOUND}.\n")
    reader = pypdf.PdfReader(render_file(pilot, tmp_path / "pdf", "plan", "pdf"))
    lines = reader.pages[0].extract_text().splitlines()
    [first] = [n for n, line in enumerate(lines) if line.startswith("Rutinen: Donau")]
    broken = "".join(lines[first : first + 2]).replace("\xad", "").replace("-", "")
    assert f"Rutinen: {_COMPOUND}." in broken and _COMPOUND not in lines[first]
    # a word that fits a line is laid out as before: the measure's title, whole
    assert any(line.endswith("Kartlegging av bustadbehov") for line in lines)


@pytest.mark.parametrize("style", ["|", "|-"])
def test_points_under_a_paragraph_without_a_blank_line_are_a_list(
    tmp_path: Path, style: str
) -> None:
    # «Tiltaket skal:» and its points on the lines under it were one paragraph, with «- »
    # printed inside it; they are a paragraph and a list, in every format
    text = (
        f"{style}\n      Tiltaket skal:\n      - kartleggje behovet\n      - rapportere\n"
        "        til styringsgruppa\n      Resultat i\n      2026. Så vidare.\n"
    )
    pilot = _described(tmp_path, text)
    markdown = _md(pilot, tmp_path / "md", "plan")
    assert (
        "Tiltaket skal:\n\n- kartleggje behovet\n- rapportere til styringsgruppa Resultat i"
        " 2026. Så vidare.\n"
    ) in markdown
    written = render_file(pilot, tmp_path / "docx", "plan", "docx")
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(written)).paragraphs]
    assert ("List Bullet", "kartleggje behovet") in paragraphs
    assert ("Normal", "Tiltaket skal:") in paragraphs


def test_a_table_of_eight_years_in_hundreds_of_millions_gets_a_landscape_page(
    tmp_path: Path,
) -> None:
    # eight years from five sources of 123 456 789 kr on A4 upright: even at 7 pt every
    # amount broke («617 294 075» over «kr») and «Delmål» stood a letter a line. The table
    # now has a page turned to landscape, its heading with it; the other tables stay upright
    pilot = copy_pilot(REPO / "tests/data/minimal", tmp_path, "testdalen")
    edit(pilot / "pilot.yaml", "end: 2028-12-31", "end: 2033-12-31")
    edit(pilot / "pilot.yaml", "end_year: 2028", "end_year: 2033")
    sources = ("operating_grant", "state_measure_funds", "project_management_grant")
    sources += ("own_funds", "other_grants")
    _budget_of_measure_1_1(pilot, range(2026, 2034), dict.fromkeys(sources, 123_456_789))
    written = render_file(pilot, tmp_path / "docx", "plan", "docx", "--draft")
    document = docx.Document(str(written))
    [wide] = [t for t in document.tables if len(t.columns) == 10]
    own = wide._tbl.getnext().find(qn("w:pPr")).find(qn("w:sectPr"))
    size = own.find(qn("w:pgSz"))
    assert size.get(qn("w:orient")) == "landscape"
    assert int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
    # its headings on the turned page with it: the section break comes before them
    kept = [wide._tbl.getprevious(), wide._tbl.getprevious().getprevious()]
    assert [DocxParagraph(p, document).text for p in kept] == [
        "Tabell 1: Budsjett for heile finansieringsperioden",
        "Budsjett",
    ]
    assert kept[-1].getprevious().find(qn("w:pPr")).find(qn("w:sectPr")) is not None
    assert [s.orientation for s in document.sections] == [0, 1, 0]  # upright, turned, upright
    if shutil.which("soffice") is None and not os.environ.get("CI"):
        return  # CI installs LibreOffice (.ci/run)
    reader = pypdf.PdfReader(libreoffice_pdf(written))
    turned = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert len(turned) == 1
    lines = [line.replace(NBSP, " ") for line in turned[0].extract_text().splitlines()]
    assert any(line.endswith("617 294 110 kr 4 938 352 740 kr") for line in lines)
