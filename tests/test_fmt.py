"""``bygdevekst fmt``: one canonical layout, comments kept, content never changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bygdevekst_cli.editing import layout
from bygdevekst_cli.loader import load_yaml
from bygdevekst_cli.models import ActionPlan, Agreement, Pilot
from tests.helpers import MINIMAL, REPO, run_cli

_TAIL = (MINIMAL / "plans" / "2026.yaml").read_text(encoding="utf-8").split("funding:\n", 1)[1]

MESSY = (
    """\
# Plan for Testdalen 2026.
# yaml-language-server: $schema=../../../../schemas/plan.schema.json
measures:
    # Det første tiltaket
    -   title: Kartlegging av bustadbehov   # tittel frå saka
        # Den faste id-en
        id: "1.1"
        sub_goal: 1
        number: 1
        responsible: fyresdal
        partners: [husbanken]
        status: ongoing
        start_year: 2026
        end_year: 2027
        budget:
            2026:
                own_funds: 100000
                state_measure_funds: 600000  # frå tiltaksmidlane
            2027:
                state_measure_funds: 300000
            # slutt på budsjettet
    # Før tiltak 2.1
    -   id: "2.1"
        sub_goal: 2
        number: 1
        title: Nettverk for næringane
        start_year: 2026
        end_year: 2026
        status: ongoing
        budget:
            2026:
                state_measure_funds: 600000
    # Etter siste tiltak
# Mellom nøklane: året
year: 2026
status:
    overall: Året har gått som planlagt.
    sub_goals:
        -   sub_goal: 1
            text: Arbeidet er i gang.
funding:
"""
    + _TAIL
    + "# Siste kommentar i fila\n"
)

CANONICAL = (
    """\
# yaml-language-server: $schema=../../../../schemas/plan.schema.json
# Plan for Testdalen 2026.
# Mellom nøklane: året
year: 2026
measures:
  # Det første tiltaket
  # Den faste id-en
  - id: "1.1"
    sub_goal: 1
    number: 1
    title: Kartlegging av bustadbehov   # tittel frå saka
    responsible: fyresdal
    partners: [husbanken]
    start_year: 2026
    end_year: 2027
    status: ongoing
    budget:
      2026:
        state_measure_funds: 600000  # frå tiltaksmidlane
        own_funds: 100000
      2027:
        state_measure_funds: 300000
      # slutt på budsjettet
  # Før tiltak 2.1
  - id: "2.1"
    sub_goal: 2
    number: 1
    title: Nettverk for næringane
    start_year: 2026
    end_year: 2026
    status: ongoing
    budget:
      2026:
        state_measure_funds: 600000
  # Etter siste tiltak
status:
  sub_goals:
    - sub_goal: 1
      text: Arbeidet er i gang.
  overall: Året har gått som planlagt.
funding:
"""
    + _TAIL
    + "# Siste kommentar i fila\n"
)


def test_bundled_pilots_are_in_canonical_form(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, output = run_cli("fmt", "--check")
    assert code == 0, output


def test_check_names_the_file_and_writes_nothing(pilot: Path) -> None:
    plan = pilot / "plans" / "2026.yaml"
    plan.write_text(MESSY, encoding="utf-8")
    code, output = run_cli("fmt", "--check")
    assert code == 1
    assert (
        output.strip()
        == "pilots/testdalen/plans/2026.yaml: ikkje i fast form; køyr «bygdevekst fmt»"
    )
    assert plan.read_text(encoding="utf-8") == MESSY


def test_fmt_writes_the_canonical_layout_with_every_comment_in_place(pilot: Path) -> None:
    plan = pilot / "plans" / "2026.yaml"
    plan.write_text(MESSY, encoding="utf-8")
    code, output = run_cli("fmt")
    assert (code, output.strip()) == (0, "Formaterte pilots/testdalen/plans/2026.yaml")
    assert plan.read_text(encoding="utf-8") == CANONICAL
    assert run_cli("fmt", "--check")[0] == 0
    assert run_cli("validate")[0] == 0


def test_formatting_never_changes_the_content(pilot: Path) -> None:
    before = ActionPlan.model_validate(load_yaml_data(MESSY))
    after = ActionPlan.model_validate(
        load_yaml_data(layout.format_text(MESSY, "p", ActionPlan, None))
    )
    assert before == after


def test_formatting_twice_changes_nothing() -> None:
    once = layout.format_text(MESSY, "p", ActionPlan, None)
    assert layout.format_text(once, "p", ActionPlan, None) == once


def test_windows_file_with_byte_order_mark_is_rewritten_as_utf8_with_lf(pilot: Path) -> None:
    path = pilot / "pilot.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode("utf-8"))
    code, output = run_cli("fmt", "--check", str(path))
    assert code == 1
    assert "pilots/testdalen/pilot.yaml: ikkje i fast form" in output
    assert run_cli("fmt", str(path))[0] == 0
    assert path.read_bytes() == original.encode("utf-8")


def test_missing_schema_line_is_added_and_a_late_one_moved_first(pilot: Path) -> None:
    path = pilot / "agreement.yaml"
    schema, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(rest, encoding="utf-8")
    run_cli("fmt", str(path))
    added = "# yaml-language-server: $schema=../../schemas/agreement.schema.json"
    assert path.read_text(encoding="utf-8") == f"{added}\n{rest}"
    (pilot.parent.parent / "schemas").mkdir()
    path.write_text(rest, encoding="utf-8")
    run_cli("fmt", str(path))
    assert path.read_text(encoding="utf-8").startswith(f"{added}\n")
    path.write_text(f"# Avtala.\n{schema}\n{rest}", encoding="utf-8")
    run_cli("fmt", str(path))
    assert path.read_text(encoding="utf-8") == f"{schema}\n# Avtala.\n{rest}"


def test_comments_in_awkward_places_survive_reordering() -> None:
    text = """\
title: Avtala  # tittelen
sub_goals:
  - text: |-
      Teksten.
    # om tittelen
    title: Delmål  # eol
    number: 1
    partners: [a]
    # etter partnarane
# før kapitla
chapters:
  # før første kapittel
  - text: Tekst.
    kind: background
    number: "1"
    title: Bakgrunn
  # etter siste kapittel
# heilt til slutt
"""
    expected = """\
title: Avtala  # tittelen
# før kapitla
chapters:
  # før første kapittel
  - kind: background
    number: "1"
    title: Bakgrunn
    text: Tekst.
  # etter siste kapittel
sub_goals:
  - number: 1
    # om tittelen
    title: Delmål  # eol
    partners: [a]
    text: |-
      Teksten.
    # etter partnarane
# heilt til slutt
"""
    assert layout.format_text(text, "a", Agreement, None) == expected


def test_unknown_keys_stay_after_the_known_ones() -> None:
    text = "extra: 1\nname: Testdalen\nid: testdalen\n"
    assert (
        layout.format_text(text, "p", Pilot, None) == "id: testdalen\nname: Testdalen\nextra: 1\n"
    )


def test_a_broken_file_is_named_with_its_line_and_the_rest_are_formatted(pilot: Path) -> None:
    (pilot / "agreement.yaml").write_text("chapters: [\n", encoding="utf-8")
    (pilot / "plans" / "2026.yaml").write_text(MESSY, encoding="utf-8")
    code, output = run_cli("fmt")
    assert code == 1
    assert "bygdevekst: pilots/testdalen/agreement.yaml:2: YAML-syntaksfeil" in output
    assert "Formaterte pilots/testdalen/plans/2026.yaml" in output
    assert "Traceback" not in output


def test_a_path_that_does_not_exist_is_a_usage_error(pilot: Path) -> None:
    code, output = run_cli("fmt", "finst/ikkje")
    assert code == 2
    assert "Stien finnes ikke" in output


def test_every_rewritten_bundled_file_would_hold_the_same_model() -> None:
    """The safety net behind fmt: what it would write reads as the same model."""
    models = {"pilot.yaml": Pilot, "agreement.yaml": Agreement}
    for path in sorted((REPO / "pilots").rglob("*.yaml")):
        folder = path.parent.parent if path.parent.name == "plans" else path.parent
        result = layout.format_file(path, path.name, folder)
        model = models.get(path.name, ActionPlan)
        assert model.model_validate(load_yaml_data(result.text)) == model.model_validate(
            load_yaml(path).data
        )


def load_yaml_data(text: str) -> object:
    from bygdevekst_cli.loader import load_yaml_bytes

    loaded = load_yaml_bytes(text.encode("utf-8"), Path("x.yaml"), "x.yaml")
    assert loaded.data is not None, loaded.findings
    return loaded.data


def test_fmt_leaves_no_temporary_files(pilot: Path) -> None:
    (pilot / "plans" / "2026.yaml").write_text(MESSY, encoding="utf-8")
    run_cli("fmt")
    assert [p.name for p in (pilot / "plans").iterdir() if p.name.endswith(".tmp")] == []


def test_a_keep_block_at_the_end_keeps_its_blank_line_and_gets_no_end_marker(pilot: Path) -> None:
    """A ``|+`` block ending the file: ruamel's emitter closes it with ``...``, a line the
    user never wrote (its blank lines are its text, and the marker says where they end);
    ``fmt`` wrote it, and ``fmt --check`` failed the file as the user wrote it."""
    plan = pilot / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8") + "notes:\n  - |+\n    Sjå vedlegget.\n\n"
    plan.write_text(text, encoding="utf-8")
    assert run_cli("fmt", "--check") == (0, "")
    assert run_cli("fmt") == (0, "Alt var i fast form (3 filer).\n")
    assert plan.read_text(encoding="utf-8") == text
    plan.write_text(text + "...\n", encoding="utf-8")  # as an earlier fmt wrote it
    assert run_cli("fmt") == (0, "Formaterte pilots/testdalen/plans/2026.yaml\n")
    assert plan.read_text(encoding="utf-8") == text
    assert load_yaml(plan).data["notes"] == ["Sjå vedlegget.\n\n"]


NOT_OURS_NN = (
    "ikkje ei av filene til ein pilot (pilot.yaml, agreement.yaml, plans/ÅÅÅÅ.yaml)"
    " og ikkje ei YAML-fil i ei pilotmappe; fila står urørd"
)
NOT_OURS_NB = (
    "ikke en av filene til en pilot (pilot.yaml, agreement.yaml, plans/ÅÅÅÅ.yaml)"
    " og ikke en YAML-fil i en pilotmappe; filen står urørt"
)


@pytest.mark.parametrize("command", ["fmt", "migrate"])
@pytest.mark.parametrize(
    ("name", "text", "refusal"),
    [
        (".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks: []\n", NOT_OURS_NB),
        ("schemas/plan.schema.json", '{\n  "title": "Plan",\n  "type": "object"\n}\n', NOT_OURS_NB),
        ("pilots/testdalen/vedlegg.json", '{\n  "a":   1\n}\n', NOT_OURS_NN),
    ],
)
def test_a_file_that_is_not_a_pilots_is_refused_and_left_as_it_was(
    pilot: Path, command: str, name: str, text: str, refusal: str
) -> None:
    """``fmt`` had rewritten a JSON schema on one line, and ``migrate`` had put
    ``schema_version: 2`` into the pre-commit configuration. Outside a pilot the refusal is
    in the default written standard; in one, in the pilot's (Nynorsk)."""
    path = pilot.parent.parent / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    code, output = run_cli(command, name)
    assert (code, output) == (1, f"bygdevekst: {name}: {refusal}\n")
    assert path.read_text(encoding="utf-8") == text


def test_a_yaml_file_of_the_pilots_own_is_laid_out_but_never_given_a_version(
    pilot: Path,
) -> None:
    notes = pilot / "notat.yaml"
    notes.write_text("merknad:   ja\n", encoding="utf-8")
    assert run_cli("migrate", "--check") == (0, "Alt var i versjon 2 (3 filer).\n")
    # not «Alt var i versjon 2 (0 filer)»: no file of the format was named
    assert run_cli("migrate", str(notes)) == (
        0,
        "Ingen av filene er i filformatet til bygdevekst"
        " (pilot.yaml, agreement.yaml, plans/ÅR.yaml); ingenting å skrive om.\n",
    )
    assert run_cli("fmt") == (0, "Formaterte pilots/testdalen/notat.yaml\n")
    assert notes.read_text(encoding="utf-8") == "merknad: ja\n"


@pytest.mark.parametrize("command", [("fmt",), ("migrate",)])
def test_a_plan_saved_as_ansi_is_named_with_its_line_and_letter_and_left_as_it_was(
    pilot: Path, command: tuple[str, ...]
) -> None:
    """As validate (and so ``plan new``) says it, BV008; these had said only «not UTF-8»."""
    plan = pilot / "plans" / "2026.yaml"
    saved = plan.read_text(encoding="utf-8").replace("year: 2026", "year: 2026 # år", 1)
    plan.write_bytes(saved.encode("cp1252"))
    before = plan.read_bytes()
    code, output = run_cli(*command)
    assert code == 1
    line = saved.splitlines().index("year: 2026 # år") + 1
    expected = (
        f"pilots/testdalen/plans/2026.yaml:{line}: Fila er ikkje UTF-8, men ser ut til å vere"
        " lagra som Windows-1252 («ANSI» i Notisblokk): byte 0xe5 er «å» der; lagre ho som UTF-8"
    )
    assert expected in output, output
    assert "Traceback" not in output
    assert plan.read_bytes() == before


PLANS_NOT_FOLDER = {
    "nn": "bygdevekst: pilots/testdalen/plans er ei fil, ikkje ei mappe: handlingsplanane til"
    " piloten skal liggje i mappa plans/ (plans/ÅÅÅÅ.yaml); ingen av filene i piloten er endra\n",
    "nb": "bygdevekst: pilots/testdalen/plans er en fil, ikke en mappe: handlingsplanene til"
    " piloten skal ligge i mappen plans/ (plans/ÅÅÅÅ.yaml); ingen av filene i piloten er endret\n",
}


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("command", ["fmt", "migrate"])
def test_a_pilot_whose_plans_is_a_file_is_told_and_left_as_it_was(
    pilot: Path, command: str, language: str
) -> None:
    """Both said all was in order (their walk found no plans) and rewrote the other files."""
    (pilot / "plans" / "2026.yaml").unlink()
    (pilot / "plans").rmdir()
    (pilot / "plans").write_text("year: 2026\n", encoding="utf-8")
    text = (pilot / "pilot.yaml").read_text(encoding="utf-8")
    # not canonical, and of no version: either command would rewrite it
    text = text.replace("schema_version: 2\n", "").replace(
        "language: nn", f"language:   {language}"
    )
    (pilot / "pilot.yaml").write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in pilot.rglob("*")}
    for args in ((command,), (command, "pilots/testdalen"), (command, "--check")):
        assert run_cli(*args) == (1, PLANS_NOT_FOLDER[language])
    assert {p: p.read_bytes() for p in pilot.rglob("*")} == before
