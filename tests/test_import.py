"""``bygdevekst import agreement``: the seed agreements (.txt), a Word file and Markdown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import Agreement, Pilot
from bygdevekst_cli.models.pilot import PartyKind, PartyRole
from tests.helpers import SEEDS, run_cli
from tests.test_import_layouts import bundled, run_import

CASES = {
    "000_4442edc20838933b.txt": ("vest-telemark", "nn", 3),
    "002_783df276833a03ce.txt": ("vestre-varanger", "nb", 6),
    "003_cdc476e1b307f5e7.txt": ("innlandet", "nb", 3),
}


def imported(folder: Path) -> tuple[Pilot, Agreement]:
    return (
        Pilot.model_validate(load_yaml(folder / "pilot.yaml").data),
        Agreement.model_validate(load_yaml(folder / "agreement.yaml").data),
    )


@pytest.mark.parametrize("seed", sorted(CASES))
def test_each_seed_agreement_imports_like_the_bundled_pilot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: str
) -> None:
    pilot_id, language, goals = CASES[seed]
    monkeypatch.chdir(tmp_path)
    code, output = run_import(tmp_path, SEEDS / seed, pilot_id)
    assert code == 0, output
    assert f"({language})" in output
    folder = tmp_path / "pilots" / pilot_id
    pilot, agreement = imported(folder)
    want_pilot, want_agreement = bundled(pilot_id)
    assert len(agreement.sub_goals) == goals
    for got, want in zip(agreement.sub_goals, want_agreement.sub_goals, strict=True):
        assert (got.number, got.section, got.title) == (want.number, want.section, want.title)
        assert got.partners == want.partners
        assert got.includes_municipalities == want.includes_municipalities
        assert got.may_invite == want.may_invite
    assert [c.kind for c in agreement.chapters] == [c.kind for c in want_agreement.chapters]
    assert [c.title for c in agreement.chapters] == [c.title for c in want_agreement.chapters]
    assert _main_parties(pilot, pilot_id) == _main_parties(want_pilot, pilot_id)
    assert {p.id: (p.kind, p.role) for p in pilot.parties} == {
        p.id: (p.kind, p.role) for p in want_pilot.parties
    }
    assert (pilot.county, pilot.language.value, pilot.cohort) == (
        want_pilot.county,
        language,
        want_pilot.cohort,
    )
    assert pilot.agreement.period == want_pilot.agreement.period
    assert [s.party for s in agreement.signatures] == [s.party for s in want_agreement.signatures]
    code, output = run_cli("validate", str(folder))
    assert code == 0, output
    assert run_cli("fmt", "--check", str(folder))[0] == 0


def _main_parties(pilot: Pilot, pilot_id: str) -> list[tuple[str, str, str | None]]:
    return [
        (p.id, p.name, p.municipality_number) for p in pilot.parties if p.role is PartyRole.MAIN
    ]


def test_the_draft_keeps_reviewers_comments_as_open_points_and_drops_format_residue(
    tmp_path: Path,
) -> None:
    code, output = run_import(tmp_path, SEEDS / "002_783df276833a03ce.txt", "vv")
    assert code == 0, output
    assert "Fjernet rester fra tekstbehandleren: formaterte (4)" in output
    _, agreement = imported(tmp_path / "pilots" / "vv")
    _, want = bundled("vestre-varanger")
    assert [(p.ref, p.text) for p in agreement.open_points] == [
        (p.ref, p.text) for p in want.open_points if p.ref is not None
    ]
    text = (tmp_path / "pilots" / "vv" / "agreement.yaml").read_text(encoding="utf-8")
    assert "formaterte" not in text
    assert "Kommentert" not in text
    main = next(c for c in agreement.chapters if c.number == "2")
    assert "som samarbeidspartene enes om, som grunnlag for statlig tilskudd" in main.text


def test_scanning_damage_is_repaired_and_reported(tmp_path: Path) -> None:
    code, output = run_import(tmp_path, SEEDS / "003_cdc476e1b307f5e7.txt", "innlandet")
    assert code == 0, output
    assert "skannefeil" in output
    assert "Valer → Våler" in output or "pa → på" in output
    pilot, agreement = imported(tmp_path / "pilots" / "innlandet")
    assert [p.name for p in pilot.municipalities] == [
        "Engerdal kommune",
        "Trysil kommune",
        "Våler kommune",
        "Åmot kommune",
    ]
    _, want = bundled("innlandet")
    for got, expected in zip(agreement.chapters, want.chapters, strict=True):
        assert got.text.split() == expected.text.split()
    assert pilot.notes and "skannefeil er rettet automatisk" in pilot.notes[0]


def test_the_written_standard_is_detected(tmp_path: Path) -> None:
    code, output = run_import(tmp_path, SEEDS / "000_4442edc20838933b.txt", "vt")
    assert code == 0
    assert "(nn)" in output
    text = (tmp_path / "pilots" / "vt" / "agreement.yaml").read_text(encoding="utf-8")
    assert "# Importert frå 000_4442edc20838933b.txt" in text


# --- Word and Markdown ---------------------------------------------------------------


def _paragraphs(document: Any, text: str) -> None:
    for part in text.split("\n\n"):
        if part.startswith("- "):
            for line in part.split("\n"):
                document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(part)


def build_docx(path: Path) -> None:
    """Vest-Telemark's agreement as a Word file: styled headings without numbers."""
    import docx

    pilot, agreement = bundled("vest-telemark")
    document = docx.Document()
    document.add_heading("Bygdevekstavtale for Vest-Telemark", level=0)
    for chapter in agreement.chapters:
        document.add_heading(chapter.title, level=1)
        if chapter.kind.value == "main_parties":
            document.add_paragraph("Hovudpartar i denne avtala er:")
            for party in pilot.parties:
                if party.role is PartyRole.MAIN:
                    document.add_paragraph(party.description or party.name, style="List Bullet")
        first = len(document.paragraphs)
        _paragraphs(document, chapter.text)
        if chapter.number == "4":
            document.add_comment(
                document.paragraphs[first].runs, text="Sjekk datoen.", author="A B", initials="AB"
            )
        if chapter.kind.value == "sub_goals":
            for goal in agreement.sub_goals:
                document.add_heading(f"Delmål {goal.number}: {goal.title}", level=2)
                _paragraphs(document, goal.text)
    document.add_heading("Avtala er signert av", level=1)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Avtalepart", "Dato"
    for signature in agreement.signatures:
        party = pilot.party(signature.party)
        assert party is not None
        table.add_row().cells[0].text = party.name
    document.save(str(path))


def test_a_word_file_with_styled_headings(tmp_path: Path) -> None:
    source = tmp_path / "avtale.docx"
    build_docx(source)
    code, output = run_import(tmp_path, source, "vest-telemark")
    assert code == 0, output
    pilot, agreement = imported(tmp_path / "pilots" / "vest-telemark")
    want_pilot, want = bundled("vest-telemark")
    assert agreement.title == "Bygdevekstavtale for Vest-Telemark"
    assert [c.number for c in agreement.chapters] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [c.text for c in agreement.chapters] == [c.text for c in want.chapters]
    assert [(g.number, g.title, g.partners, g.may_invite) for g in agreement.sub_goals] == [
        (g.number, g.title, g.partners, g.may_invite) for g in want.sub_goals
    ]
    assert [s.party for s in agreement.signatures] == [s.party for s in want.signatures]
    today = dt.date.today().isoformat()  # python-docx stamps a new comment with now
    assert [(p.ref, p.chapter, p.text) for p in agreement.open_points] == [
        ("AB1", "4", f"Sjekk datoen. (A B, {today})")
    ]
    assert {p.id for p in pilot.parties} == {p.id for p in want_pilot.parties}
    assert run_cli("validate", str(tmp_path / "pilots" / "vest-telemark"))[0] == 0


def build_markdown(path: Path) -> None:
    """Vestre Varanger's agreement as Markdown."""
    pilot, agreement = bundled("vestre-varanger")
    lines = []
    for chapter in agreement.chapters:
        lines += [f"# {chapter.number}. {chapter.title}", ""]
        if chapter.kind.value == "main_parties":
            lines += ["Hovedparter i denne avtalen er:", ""]
            lines += [
                f"- {p.description or p.name}" for p in pilot.parties if p.role.value == "main"
            ]
            lines.append("")
        lines += [chapter.text, ""]
        if chapter.kind.value == "sub_goals":
            for goal in agreement.sub_goals:
                lines += [
                    f"## {goal.section} Delmål {goal.number} **{goal.title}**",
                    "",
                    goal.text,
                    "",
                ]
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_markdown_file(tmp_path: Path) -> None:
    source = tmp_path / "avtale.md"
    build_markdown(source)
    code, output = run_import(tmp_path, source, "vv", "--name", "Vestre Varanger")
    assert code == 0, output
    pilot, agreement = imported(tmp_path / "pilots" / "vv")
    _, want = bundled("vestre-varanger")
    assert pilot.name == "Vestre Varanger"
    assert [(g.section, g.title, g.partners, g.may_invite) for g in agreement.sub_goals] == [
        (g.section, g.title, g.partners, g.may_invite) for g in want.sub_goals
    ]
    assert [c.text for c in agreement.chapters] == [c.text for c in want.chapters]
    assert [p.id for p in pilot.municipalities] == ["nesseby", "tana", "berlevag", "batsfjord"]
    assert next(p for p in pilot.parties if p.id == "finnmark-fylkeskommune").kind is (
        PartyKind.COUNTY
    )


# --- bad input -----------------------------------------------------------------------


def test_a_missing_file(tmp_path: Path) -> None:
    code, output = run_import(tmp_path, tmp_path / "borte.txt", "x")
    assert code == 2  # wrong use, as for every command
    assert output.strip().endswith("borte.txt finnes ikke")


def test_an_unsupported_file_type(tmp_path: Path) -> None:
    source = tmp_path / "avtale.pdf"
    source.write_bytes(b"%PDF-1.7")
    code, output = run_import(tmp_path, source, "x")
    assert code == 1
    assert "avtale.pdf: filtypen «.pdf» støttes ikke; bruk .docx, .odt, .md eller .txt" in output


def test_a_text_without_sub_goals(tmp_path: Path) -> None:
    source = tmp_path / "avtale.txt"
    source.write_text(
        "1. Bakgrunn\nMålet er å bidra til busetjing i kommunane.\n\n"
        "2. Hovudpartar i avtala\nKommunane skal ikkje gjere noko åleine.\n",
        encoding="utf-8",
    )
    code, output = run_import(tmp_path, source, "x")
    assert code == 1
    assert "avtale.txt: fant ingen delmål (overskrifter som «6.1 Delmål 1 Tittel»" in output
    assert "overskrifter funnet: «Bakgrunn»; «Hovudpartar i avtala»" in output
    assert not (tmp_path / "pilots" / "x").exists()


def test_a_corrupt_word_file(tmp_path: Path) -> None:
    source = tmp_path / "avtale.docx"
    build_docx(source)
    source.write_bytes(source.read_bytes()[:2000])
    code, output = run_import(tmp_path, source, "x")
    assert code == 1
    assert "avtale.docx: " in output
    assert "Traceback" not in output
    source.write_text("ikkje ei Word-fil", encoding="utf-8")
    code, output = run_import(tmp_path, source, "x")
    assert (code, output.strip()) == (
        1,
        f"bygdevekst: {source.as_posix()}: er ikke en Word-fil (.docx), eller den er skadet",
    )


def test_an_existing_pilot_is_shown_as_a_diff_and_written_only_with_update(
    tmp_path: Path,
) -> None:
    source = tmp_path / "avtale.md"
    build_markdown(source)
    assert run_import(tmp_path, source, "x", "--name", "Vestre Varanger")[0] == 0
    folder = tmp_path / "pilots" / "x"
    before = (folder / "agreement.yaml").read_text(encoding="utf-8")
    source.write_text(
        source.read_text(encoding="utf-8").replace(
            "Øke boligbygging og utvikle", "Øke boligbygging og fornye"
        ),
        encoding="utf-8",
    )
    code, output = run_import(tmp_path, source, "x", "--name", "Vestre Varanger")
    assert code == 0, output
    assert "-    title: Øke boligbygging og utvikle nye boligtilbud" in output
    assert "+    title: Øke boligbygging og fornye nye boligtilbud" in output
    assert "bruk --update" in output
    assert (folder / "agreement.yaml").read_text(encoding="utf-8") == before
    code, output = run_import(tmp_path, source, "x", "--name", "Vestre Varanger", "--update")
    assert code == 0, output
    assert "og fornye nye" in (folder / "agreement.yaml").read_text(encoding="utf-8")


def test_an_undecidable_written_standard_asks_for_lang(tmp_path: Path) -> None:
    source = tmp_path / "avtale.txt"
    source.write_text("1. Bakgrunn\nTekst.\n", encoding="utf-8")
    code, output = run_import(tmp_path, source, "x")
    assert code == 1
    assert "angi --lang nn|nb" in output


def test_what_cannot_be_placed_is_printed_and_kept_as_comments_in_the_pilots_standard(
    tmp_path: Path,
) -> None:
    from bygdevekst_cli.models import Language
    from bygdevekst_cli.rules.language import marker_words

    text = (SEEDS / "000_4442edc20838933b.txt").read_text(encoding="utf-8")
    text = "Innleiing utan kapittel.\n\n" + text.replace(
        " 7 Overordna oppfølging av avtalen",
        " 7 Økonomi\nDette kapitlet finst ikkje i malen.\n\n8. Overordna oppfølging av avtalen",
    )
    source = tmp_path / "avtale.txt"
    source.write_text(text, encoding="utf-8")
    code, output = run_import(tmp_path, source, "vt")
    assert code == 1, output  # an unknown chapter is not placed: nothing written
    assert "Ingenting skrive: 1 ting som liknar eit kapittel" in output
    assert not (tmp_path / "pilots" / "vt").exists()
    code, output = run_import(tmp_path, source, "vt", "--allow-unplaced")
    assert code == 0, output
    assert "  - Kapittel 7 «Økonomi» (ukjent i malen frå KDD): Dette kapitlet finst ikkje" in output
    assert "  - Tekst før kapittel 1: Innleiing utan kapittel. (stad 1 i kjelda)" in output
    written = (tmp_path / "pilots" / "vt" / "agreement.yaml").read_text(encoding="utf-8")
    tail = written.split("# Ikkje plassert ved importen", 1)[1]
    assert "# - Kapittel 7 «Økonomi» (ukjent i malen frå KDD): Dette kapitlet" in tail
    labels = "\n".join(line.split(":")[0] for line in tail.splitlines())
    assert marker_words().find(labels, Language.NYNORSK) == []
    _, agreement = imported(tmp_path / "pilots" / "vt")
    assert [c.number for c in agreement.chapters][-1] == "8"
