"""The real CLI through Typer's runner: exit codes, formats, paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from bygdevekst_cli.validate import validate_paths
from tests.helpers import copy_minimal, edit, run_cli


def test_clean_pilot_exits_0_with_summary(pilot: Path) -> None:
    code, output = run_cli("validate", str(pilot))
    assert code == 0
    assert "Ingen feil, 0 åtvaringar; 3 filer kontrollerte." in output


def test_default_is_every_pilot_of_the_repository(
    pilot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_minimal(pilot.parent.parent, "andre")
    monkeypatch.chdir(pilot / "plans")  # anywhere inside the repository
    code, output = run_cli("validate", "--format", "json")
    assert code == 0
    assert json.loads(output)["ok"] is True
    code, output = run_cli("validate")
    assert "6 filer kontrollert" in output


def test_errors_exit_1_and_text_names_file_line_and_code(pilot: Path) -> None:
    edit(pilot / "plans/2026.yaml", "own_funds: 100000", "own_funds: -3")
    code, output = run_cli("validate")
    assert code == 1
    assert "pilots/testdalen/plans/2026.yaml:17:20: feil BV104" in output
    assert "1 feil, 0 åtvaringar" in output


def test_json_output_equals_the_library_report(pilot: Path) -> None:
    edit(pilot / "plans/2026.yaml", "own_funds: 100000", "own_funds: -3")
    edit(pilot / "agreement.yaml", "Staten skal støtte", "Staten skal ikke støtte")
    code, output = run_cli("validate", "--format", "json")
    assert code == 1
    data = json.loads(output)
    assert data == validate_paths([], cwd=Path.cwd()).to_json()
    assert set(data) == {"ok", "errors", "warnings", "findings"}
    assert (data["errors"], data["warnings"]) == (1, 1)
    assert set(data["findings"][0]) == {"severity", "code", "message", "file", "line", "column"}


def test_github_format_gives_workflow_annotations(pilot: Path) -> None:
    edit(pilot / "plans/2026.yaml", "own_funds: 100000", "own_funds: -3")
    code, output = run_cli("validate", "-f", "github")
    assert code == 1
    first = output.splitlines()[0]
    assert first.startswith(
        "::error file=pilots/testdalen/plans/2026.yaml,line=17,col=20,title=BV104 whole-kroner::"
    )


def test_github_format_escapes_newlines_and_separators() -> None:
    from bygdevekst_cli.present.validate import escape_data, escape_property

    assert escape_data("a\nb%") == "a%0Ab%25"
    assert escape_property("a,b:c") == "a%2Cb%3Ac"


def test_a_single_file_reports_only_that_file(pilot: Path) -> None:
    edit(pilot / "plans/2026.yaml", "own_funds: 100000", "own_funds: -3")
    edit(pilot / "pilot.yaml", '"4028"', '"4032"')
    code, output = run_cli("validate", "-f", "json", str(pilot / "plans" / "2026.yaml"))
    assert code == 1
    assert [f["code"] for f in json.loads(output)["findings"]] == ["BV104"]
    code, output = run_cli("validate", "-f", "json", str(pilot / "pilot.yaml"))
    assert code == 1
    assert [f["code"] for f in json.loads(output)["findings"]] == ["BV201"]


def test_missing_path_is_a_usage_error(pilot: Path) -> None:
    code, output = run_cli("validate", "finst/ikkje")
    assert code == 2
    assert "Stien finnes ikke: finst/ikkje" in output
    assert "Traceback" not in output


def test_bad_option_is_a_usage_error(pilot: Path) -> None:
    code, _ = run_cli("validate", "--format", "xml")
    assert code == 2


def test_no_pilots_folder_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("validate")
    assert code == 2
    assert "Fant ingen pilots/-mappe" in output


def test_no_colour_without_a_terminal(pilot: Path) -> None:
    edit(pilot / "plans/2026.yaml", "own_funds: 100000", "own_funds: -3")
    _, output = run_cli("validate")
    assert "\x1b[" not in output


def test_no_color_is_honoured_even_when_colour_is_forced(
    pilot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(pilot / "plans/2026.yaml", "own_funds: 100000", "own_funds: -3")
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, coloured = run_cli("validate")
    assert "\x1b[" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    _, plain = run_cli("validate")
    assert "\x1b[" not in plain


def test_list_rules_shows_every_code(pilot: Path) -> None:
    code, output = run_cli("validate", "--list-rules")
    assert code == 0
    for expected in ("BV001", "BV104", "BV203", "BV211"):
        assert expected in output


def test_schema_command_writes_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "s"
    code, _ = run_cli("schema", "--output", str(out))
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "agreement.schema.json",
        "pilot.schema.json",
        "plan.schema.json",
    ]
    assert run_cli("schema", "--output", str(out), "--check")[0] == 0
    (out / "plan.schema.json").write_text("{}", encoding="utf-8")
    code, output = run_cli("schema", "--output", str(out), "--check")
    assert code == 1
    assert "plan.schema.json: utdatert" in output


def test_schema_into_a_folder_that_cannot_be_made_is_one_line_exit_1(tmp_path: Path) -> None:
    blocker = tmp_path / "schemas"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["schema", "--output", str(blocker / "inner")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"bygdevekst: {(blocker / 'inner').as_posix()}/")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder\n"


def test_a_file_outside_any_pilot_is_checked_against_its_schema_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "2026.yaml").write_text("year: 2026\nmeasures: 3\n", encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    code, output = run_cli("validate", "-f", "json", "plans/2026.yaml", "notes.yaml")
    assert code == 1
    found = [(f["file"], f["code"], f["line"]) for f in json.loads(output)["findings"]]
    assert found == [
        ("notes.yaml", "BV013", None),
        ("plans/2026.yaml", "BV015", None),  # says which rules were not run
        ("plans/2026.yaml", "BV103", 2),
    ]


def test_validate_format_choices_are_the_reporters_registry() -> None:
    from bygdevekst_cli.present.validate import REPORTER_BY_NAME

    code, output = run_cli("validate", "--help")
    assert code == 0
    assert f"<{'|'.join(REPORTER_BY_NAME)}>" in output
    assert run_cli("validate", "--format", "yaml")[0] == 2
