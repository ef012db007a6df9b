"""A Word agreement that lists its sub-goals as the rows of a table in the chapter of the
sub-goals («Nr. | Delmål | Vekting | Samarbeidsparter»), as municipalities write them when the
template's headings give way to a summary: every row a sub-goal with its weight and partners
from their columns, the other columns its text. Before, the importer found no sub-goal."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import Agreement
from tests.helpers import run_cli

CHAPTERS = (
    ("Bakgrunn", "Kommunene har samarbeidet om næringsutvikling i mange år."),
    ("Hovedparter i avtalen", None),
    ("Andre aktører med særlige roller i avtalen", "Husbanken er samarbeidspart."),
    ("Avtalens formål og omfang", "Avtalen gjelder fra 1. januar 2025 til 31. desember 2028."),
    ("Forankring", "Avtalen er forankret i kommunestyrene."),
    ("Delmål, samarbeidsparter og forpliktelser", "Partene er enige om disse delmålene:"),
    ("Overordnet oppfølging av avtalen", "Partene møtes to ganger i året."),
)
MAIN_PARTIES = (
    "Alstahaug kommune",
    "Leirfjord kommune",
    "Nordland fylkeskommune",
    "Kommunal- og distriktsdepartementet",
)


def build(
    path: Path,
    rows: list[tuple[str, ...]],
    *,
    after: str | None = None,
    title_page: str | None = None,
    headed: Sequence[tuple[str, str]] = (),
) -> None:
    """An agreement of the template's seven chapters, its sub-goals a table in chapter 6
    (a cell's lines are its paragraphs), ``after`` a paragraph after the table. With
    ``title_page``, that paragraph under the title, and chapter 2 names its parties in a
    sentence that is no list of them. ``headed``: sub-goals headed as the template heads
    them after the table, each with its text."""
    document: Any = Document()
    document.add_heading("Bygdevekstavtale for Nord-Helgeland", 0)
    if title_page:
        document.add_paragraph(title_page)
    for number, (title, text) in enumerate(CHAPTERS, start=1):
        document.add_heading(f"{number}. {title}", 1)
        if text is None and title_page:
            document.add_paragraph("Hovedpartene er kommunene, fylkeskommunen og staten.")
        elif text is None:
            document.add_paragraph("Hovedpartene i denne avtalen er:")
            for party in MAIN_PARTIES:
                document.add_paragraph(party, style="List Bullet")
            continue
        document.add_paragraph(text)
        if number == 6:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for cells, row in zip(table.rows, rows, strict=True):
                for cell, value in zip(cells.cells, row, strict=True):
                    lines = value.split("\n")
                    cell.text = lines[0]
                    for line in lines[1:]:
                        cell.add_paragraph(line)
            if after:
                document.add_paragraph(after)
            for heading, text in headed:
                document.add_heading(heading, 2)
                document.add_paragraph(text)
    document.save(str(path))


def imported(tmp_path: Path, rows: list[tuple[str, ...]], **kwargs: Any) -> tuple[int, str]:
    source = tmp_path / "avtale.docx"
    build(source, rows, **kwargs)
    return run_cli(
        "import", "agreement", str(source), "--pilot", "nord-helgeland",
        "--dir", str(tmp_path / "pilots"), "--lang", "nb",
    )  # fmt: skip


def agreement(tmp_path: Path) -> Agreement:
    path = tmp_path / "pilots" / "nord-helgeland" / "agreement.yaml"
    return Agreement.model_validate(load_yaml(path).data)


def test_a_table_of_the_sub_goals_gives_each_with_its_weight_and_partners(tmp_path: Path) -> None:
    rows = [
        ("Nr.", "Delmål", "Vekting", "Samarbeidsparter"),
        ("1", "Flere boliger i distriktene", "40 %", "Husbanken, Nordland fylkeskommune"),
        ("2", "Attraktive arbeidsplasser for unge", "35 %", "Innovasjon Norge"),
        ("3.", "Bedre tjenester gjennom samarbeid", "25 %", "KS og Statsforvalteren"),
    ]
    code, output = imported(tmp_path, rows, after="Delmålene følges opp hvert år.")
    assert code == 0, output
    found = agreement(tmp_path)
    assert [(g.number, g.title, g.weight) for g in found.sub_goals] == [
        (1, "Flere boliger i distriktene", 40),
        (2, "Attraktive arbeidsplasser for unge", 35),
        (3, "Bedre tjenester gjennom samarbeid", 25),
    ]
    assert [g.partners for g in found.sub_goals] == [
        ["husbanken", "nordland-fylkeskommune"],
        ["innovasjon-norge"],
        ["ks", "statsforvalteren"],
    ]
    # the weight and the partners are fields, not also text; the text after the table is
    # the chapter's, not the last sub-goal's
    assert all("Vekt" not in g.text and "Samarbeidspart" not in g.text for g in found.sub_goals)
    chapter = next(c for c in found.chapters if c.number == "6")
    assert chapter.text == "Partene er enige om disse delmålene:\n\nDelmålene følges opp hvert år."
    assert "Delmålene følges opp" not in found.sub_goals[2].text


def test_titles_named_as_headings_partners_a_line_each_and_a_text_column(tmp_path: Path) -> None:
    rows = [
        ("Delmål", "Beskrivelse", "Vekt", "Samarbeidspartnere"),
        (
            "Delmål 1: Flere boliger",
            "Kommunene bygger 40 nye boliger.",
            "0,6",
            "Husbanken\nNordland fylkeskommune",
        ),
        ("Delmål 2: Flere arbeidsplasser", "Flere unge får jobb.", "0,4", "Innovasjon Norge"),
    ]
    code, output = imported(tmp_path, rows)
    assert code == 0, output
    found = agreement(tmp_path)
    assert [(g.number, g.title, g.weight, g.text) for g in found.sub_goals] == [
        (1, "Flere boliger", 60, "Kommunene bygger 40 nye boliger."),
        (2, "Flere arbeidsplasser", 40, "Flere unge får jobb."),
    ]
    assert found.sub_goals[0].partners == ["husbanken", "nordland-fylkeskommune"]


def test_a_row_out_of_sequence_is_kept_and_said_never_read_as_the_next(tmp_path: Path) -> None:
    rows = [
        ("Nr", "Mål", "Vekt", "Partnere"),
        ("1", "Flere boliger", "50 %", "Husbanken"),
        ("3", "Flere arbeidsplasser", "50 %", "Innovasjon Norge"),
    ]
    code, output = imported(tmp_path, rows)
    assert code != 0
    assert "Ingenting skrevet" in output
    assert not (tmp_path / "pilots" / "nord-helgeland").exists()


@pytest.mark.parametrize(
    "header",
    [("Part", "Rolle"), ("Delmål", "Merknad")],  # no sub-goals' table: nothing beside the title
)
def test_another_table_in_the_chapter_is_not_read_as_the_sub_goals(
    tmp_path: Path, header: tuple[str, str]
) -> None:
    rows = [header, ("Flere boliger", "Husbanken")]
    code, output = imported(tmp_path, rows)
    assert code != 0
    assert "fant ingen delmål" in output


GOALS = [
    ("Nr.", "Delmål", "Vekting", "Samarbeidsparter"),
    ("1", "Flere boliger", "50 %", "Husbanken"),
    ("2", "Flere arbeidsplasser", "50 %", "Innovasjon Norge"),
]


def test_the_main_parties_a_title_page_names_before_chapter_1(tmp_path: Path) -> None:
    # «Mellom A, B og C» under the title, and a chapter 2 that lists nobody: the import
    # said it found no list of the main parties, and the line was text it could not place
    between = "Mellom " + ", ".join(MAIN_PARTIES[:-1]) + " og " + MAIN_PARTIES[-1]
    code, output = imported(tmp_path, GOALS, title_page=between)
    assert code == 0, output
    pilot = load_yaml(tmp_path / "pilots" / "nord-helgeland" / "pilot.yaml").data
    mains = [p["name"] for p in pilot["parties"] if p["role"] == "main"]
    assert mains == list(MAIN_PARTIES)
    assert "Tekst før kapittel 1" not in output


def test_a_title_page_sentence_that_names_no_parties_is_not_read_as_them(tmp_path: Path) -> None:
    code, output = imported(
        tmp_path, GOALS, title_page="Et samarbeid mellom kommunene i regionen og staten"
    )
    assert code != 0
    assert "Tekst før kapittel 1: Et samarbeid mellom" in output


def test_a_summary_table_before_the_headed_sub_goals_leaves_them_to_the_headings(
    tmp_path: Path,
) -> None:
    # the template's headings give the sub-goals and their text; a table summing them up
    # before the headings stays text, as it was (read as the sub-goals, the headings after
    # it would be out of sequence)
    headed = [
        ("Delmål 1: Flere boliger (vekt 50 %)", "Samarbeidsparter: Husbanken."),
        ("Delmål 2: Flere arbeidsplasser (vekt 50 %)", "Samarbeidsparter: Innovasjon Norge."),
    ]
    code, output = imported(tmp_path, GOALS, headed=headed)
    assert code == 0, output
    found = agreement(tmp_path)
    assert [(g.number, g.title, g.weight, g.partners) for g in found.sub_goals] == [
        (1, "Flere boliger", 50, ["husbanken"]),
        (2, "Flere arbeidsplasser", 50, ["innovasjon-norge"]),
    ]
    chapter = next(c for c in found.chapters if c.number == "6")
    assert "Flere boliger" in chapter.text  # the summary table, kept as the chapter's text
