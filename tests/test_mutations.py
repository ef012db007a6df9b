"""Damaged pilots through the commands that are not ``validate``: the small reproductions of
what a mutation sweep (one line deleted, duplicated, re-indented, a value of another type,
a date that is none, …) found, each run through the real CLI on a copy of a test pilot.

Each case names the file (and line) in the pilot's written standard, exits 0, 1 or 2, and
changes no file it could not read; a value ``validate`` accepts is read by every command.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.gitrepo import commit, pilot_repo
from tests.helpers import DATA, copy_pilot, edit, line_of, run_cli


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.yaml")}


# --- a date-shaped value that is no date -----------------------------------------------------


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01"])
def test_a_name_shaped_like_an_impossible_date_is_text_to_the_writers(
    pilot: Path, value: str
) -> None:
    """``validate`` takes ``name: 2026-02-30`` as the text it is; the writers read it too
    (they stopped with ruamel's English «day is out of range for month») and write it back
    plain, as it stood."""
    edit(pilot / "pilot.yaml", "name: Testdalen", f"name: {value}")
    assert run_cli("validate", str(pilot))[0] == 0
    before = _files(pilot)
    for command in (["fmt", "--check"], ["fmt"], ["migrate"]):
        code, output = run_cli(*command, str(pilot))
        assert code == 0, output
        assert "Traceback" not in output and "month" not in output and "day is" not in output
    assert _files(pilot) == before


@pytest.mark.parametrize("command", ["fmt", "migrate"])
def test_a_meeting_on_an_impossible_date_is_named_by_validate_and_left_alone(
    pilot: Path, command: str
) -> None:
    """Where a date is wanted, ``validate`` names the line (BV103); the writers leave the
    file as it is instead of failing without a line in English."""
    plan = pilot / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.strip().startswith("date: "))
    text = edit(plan, old, old.split("date:")[0] + "date: 2026-02-30")
    line = line_of(text, "date: 2026-02-30")
    code, output = run_cli("validate", str(pilot))
    assert code == 1
    assert f"plans/2026.yaml:{line}:" in output and "BV103" in output
    before = _files(pilot)
    code, output = run_cli(command, str(pilot))
    assert code == 0, output
    assert _files(pilot) == before


# --- the site does not show documents from broken data unmarked ------------------------------


def test_the_site_marks_the_documents_of_a_pilot_with_errors_as_drafts(pilot: Path) -> None:
    """``render`` refuses data ``validate`` calls erroneous unless ``--draft``, and marks the
    document; the site made the same documents from it unmarked (a measure under a sub-goal
    the agreement does not have, BV202, shown as an ordinary plan)."""
    edit(pilot / "plans" / "2026.yaml", "sub_goal: 1\n    number: 1", "sub_goal: 9\n    number: 1")
    code, output = run_cli("validate", str(pilot))
    assert code == 1 and "BV202" in output
    code, output = run_cli("site", "-o", "nettstad", "--downloads", "none", str(pilot))
    assert code == 0, output
    site = pilot.parent.parent / "nettstad" / "testdalen"
    pages = [site / "agreement.html", site / "2026" / "plan.html", site / "2026" / "status.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<title>UTKAST – inneheld feil: " in html, page
        assert '<p class="draft" role="note"' in html, page


def test_the_site_of_a_valid_pilot_has_no_draft_marks(pilot: Path) -> None:
    code, output = run_cli("site", "-o", "nettstad", "--downloads", "none", str(pilot))
    assert code == 0, output
    for page in (pilot.parent.parent / "nettstad" / "testdalen").rglob("*.html"):
        assert "UTKAST" not in page.read_text(encoding="utf-8"), page


# --- history while pilot.yaml has an error -----------------------------------------------------


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_history_keeps_the_pilots_written_standard_while_pilot_yaml_has_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    """An id in capitals is an error in pilot.yaml (BV103), but the file still says
    ``language: nn``: the history of the Nynorsk pilot was told in Bokmål («statlige
    tiltaksmidler», «bevilgning») until the error was mended."""
    pilot_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    edit(tmp_path / "pilots/testdalen/pilot.yaml", "id: testdalen", "id: Testdalen")
    code, output = run_cli("history", "testdalen", "--format", output_format)
    assert code == 0, output
    assert "statlege tiltaksmidlar" in output
    assert "statlige" not in output and "bevilgning" not in output


# --- history of a commit that names a measure id twice ---------------------------------------


def test_history_does_not_follow_a_measure_id_a_commit_names_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit that gives measure 2.1 the id 1.1 (BV201): the history said «tiltak 1.1:
    tittel: «Kartlegging av bustadbehov» → «Nettverk for næringane»» and «tiltak 2.1 …
    fjerna utan å vere avslutta». The version does not read, at the line of the second id,
    and the next commit is compared with the last version that read; a second (cached)
    run tells the same."""
    repo = pilot_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    plan = tmp_path / "pilots/testdalen/plans/2026.yaml"
    text = edit(plan, '- id: "2.1"', '- id: "1.1"')
    line = line_of(text, '- id: "1.1"', occurrence=2)
    commit(repo, "Feil ID")
    edit(plan, '- id: "1.1"\n    sub_goal: 2', '- id: "2.1"\n    sub_goal: 2')
    edit(plan, "title: Kartlegging av bustadbehov", "title: Kartlegging av bustader")
    commit(repo, "Retta ID")
    outputs = [run_cli("history", "testdalen") for _ in range(2)]
    assert outputs[0] == outputs[1]
    code, output = outputs[0]
    assert code == 0, output
    assert f"fila kunne ikkje lesast i denne commiten (BV201, linje {line})" in output
    assert "fjerna utan å vere avslutta" not in output
    assert "→ «Nettverk for næringane»" not in output
    assert "tittel: «Kartlegging av bustadbehov» → «Kartlegging av bustader»" in output


# --- a quotation mark that is never closed ---------------------------------------------------

UNCLOSED = {
    "nn": "hermeteiknet her blir aldri lukka, så fila sluttar (linje {end}) midt i teksten",
    "nb": "anførselstegnet her lukkes aldri, så filen slutter (linje {end}) midt i teksten",
    "en": "this quotation mark is never closed, so the file ends (line {end}) inside the text",
}


@pytest.mark.parametrize("language", sorted(UNCLOSED))
def test_an_unclosed_quotation_mark_is_named_where_it_opens(
    pilot: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """``number: 'uavslutta`` early in a plan: the parser reads to the end of the file, and
    the error stood there («fila sluttar midt i ein verdi», the last line), far from the
    quotation mark to mend. Every command names the line where it opens."""
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    plan = pilot / "plans" / "2026.yaml"
    text = edit(
        plan, "number: 1\n    title: Kartlegging", "number: 'uavslutta\n    title: Kartlegging"
    )
    line, end = line_of(text, "'uavslutta"), len(text.splitlines()) + 1
    place = f"pilots/testdalen/plans/2026.yaml:{line}"
    words = UNCLOSED[language].format(end=end)
    code, output = run_cli("validate", str(pilot))
    assert code == 1
    assert f"{place}:13: " in output and words in output
    for command in (["fmt"], ["render", "plan", "testdalen", "--draft", "-o", "-"]):
        code, output = run_cli(*command)
        assert code == 1, output
        assert place in output and words in output


# --- the version line ------------------------------------------------------------------------


def _version_line(pilot: Path, value: str) -> Path:
    plan = pilot / "plans" / "2026.yaml"
    edit(plan, "schema_version: 2\n", f"schema_version: {value}\n")
    return plan


@pytest.mark.parametrize("value", ["1", "1  # skrive for hand"])
def test_migrate_rewrites_a_version_1_written_out(pilot: Path, value: str) -> None:
    """``schema_version: 1`` written out: ``validate`` refuses it (BV103), and ``migrate``
    said «Alt var i versjon 2» and left it. It is rewritten on its line, comment kept."""
    plan = _version_line(pilot, value)
    assert run_cli("validate", str(pilot))[0] == 1
    code, output = run_cli("migrate", "--check", str(pilot))
    assert code == 1, output
    assert "pilots/testdalen/plans/2026.yaml" in output
    code, output = run_cli("migrate", str(pilot))
    assert code == 0, output
    line = plan.read_text(encoding="utf-8").split("\n")[1]
    assert line == "schema_version: " + value.replace("1", "2", 1)
    assert run_cli("validate", str(pilot))[0] == 0


def test_migrate_takes_version_2_0_as_validate_does(pilot: Path) -> None:
    """``validate`` (and JSON Schema's ``const: 2``) take ``2.0``; ``migrate --check``
    failed it as an unknown version, so CI and the editor disagreed."""
    _version_line(pilot, "2.0")
    assert run_cli("validate", str(pilot))[0] == 0
    code, output = run_cli("migrate", "--check", str(pilot))
    assert code == 0, output


@pytest.mark.parametrize(
    ("value", "migrate_says", "validate_says"),
    [
        ("true", "schema_version er «true»", "Ugyldig verdi true; tillate er 2"),
        ("null", "schema_version er «null»", "Ugyldig verdi ingen verdi; tillate er 2"),
        (
            "99999999999999999999",
            "schema_version er «99999999999999999999»",
            "Talet er for stort, fekk 99999999999999999999",
        ),
    ],
)
def test_a_version_that_is_none_is_named_at_its_line_in_the_catalogues_words(
    pilot: Path, value: str, migrate_says: str, validate_says: str
) -> None:
    """``migrate`` named no line and quoted Python («None», «True»); ``validate`` said
    «Ugyldig verdi True» and, for a number too large, pydantic's English («Unable to parse
    input string as an integer, exceeded maximum size»)."""
    plan = _version_line(pilot, value)
    before = plan.read_bytes()
    code, output = run_cli("migrate", str(pilot))
    assert code == 1
    assert f"pilots/testdalen/plans/2026.yaml:2: {migrate_says};" in output
    assert plan.read_bytes() == before
    code, output = run_cli("validate", str(pilot))
    assert code == 1
    assert f"plans/2026.yaml:2:17: feil BV103 schema_version: {validate_says}" in output
    assert "Unable" not in output and "True" not in output and "None" not in output


# --- plan new for the year a municipality joins ----------------------------------------------


def test_plan_new_schedules_a_municipality_that_joins_in_the_new_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kåfjord (``member_from: 2027-01-01``) is not in the 2026 schedule; the 2027 plan
    ``plan new`` wrote from it failed BV209 («Kåfjord kommune manglar i den politiske
    handsaminga») on a pilot that validated. Its treatments are added, and said."""
    monkeypatch.chdir(tmp_path)
    pilot = copy_pilot(DATA / "fullpilot", tmp_path, "fjellbygda")
    (pilot / "plans" / "2027.yaml").unlink()
    assert run_cli("validate", str(pilot))[0] == 0
    code, output = run_cli("plan", "new", "fjellbygda", "2027")
    assert code == 0, output
    assert "medlem i 2027: gaivuotna." in output
    text = (pilot / "plans" / "2027.yaml").read_text(encoding="utf-8")
    schedule = text.split("\nschedule:\n", 1)[1]
    assert "  - party: gaivuotna\n    body: executive_committee\n" in schedule
    assert "  - party: gaivuotna\n    body: municipal_council\n" in schedule
    code, output = run_cli("validate", str(pilot))
    assert code == 0, output
    assert "BV209" not in output
