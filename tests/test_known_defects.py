"""Defects noticed in review and fixed later, each through the real command line on real
files (and real git repositories) in ``tmp_path``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from tests.helpers import MINIMAL, REPO, copy_minimal, run_cli

# --- diff: two plan years go from the earlier to the later --------------------------------


@pytest.fixture
def two_years(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path`` as the current folder, holding the bundled Vest-Telemark pilot (plans for
    2025 and 2026, Nynorsk)."""
    shutil.copytree(REPO / "pilots" / "vest-telemark", tmp_path / "pilots" / "vest-telemark")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_diff_refuses_plan_years_given_backwards(two_years: Path, output_format: str) -> None:
    result = CliRunner().invoke(
        app, ["diff", "vest-telemark", "--from", "2026", "--to", "2025", "-f", output_format]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Feil: Ugyldig verdi for «--from»: 2026 kommer etter --to 2025;" in result.output
    assert "det tidligere året skal i --from (--from 2025 --to 2026)" in result.output
    assert "Traceback" not in result.output


def test_diff_refuses_backwards_years_in_the_users_language(
    two_years: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    result = CliRunner().invoke(app, ["diff", "vest-telemark", "--from", "2027", "--to", "2025"])
    assert result.exit_code == 2
    assert "2027 kjem etter --to 2025; det tidlegare året skal i --from" in result.output
    assert "handlingsplan for 2027" not in result.output  # the order is told first


def test_diff_refuses_the_same_plan_year_twice(two_years: Path) -> None:
    result = CliRunner().invoke(app, ["diff", "vest-telemark", "--from", "2026", "--to", "2026"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "2026 er det samme året som --to 2026, så det er ingenting å sammenligne" in (
        result.output
    )
    assert "(for eksempel --from 2025 --to 2026)" in result.output


def test_diff_in_the_right_order_still_compares(two_years: Path) -> None:
    result = CliRunner().invoke(app, ["diff", "vest-telemark", "--from", "2025", "--to", "2026"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("vest-telemark: 2025 → 2026\n")


# --- writers read the tabs validate reads --------------------------------------------------

PLAN = (MINIMAL / "plans" / "2026.yaml").read_text(encoding="utf-8")
TABBED = (
    PLAN.replace(
        "    title: Kartlegging av bustadbehov\n", "    title: Kartlegging\tav bustadbehov\n"
    )
    .replace("    status: ongoing\n", "    status: ongoing\t# merknad\n", 1)
    .replace('  - id: "2.1"\n', '  - id: "2.1" \t # nytt tiltak\n')
    .replace("    sub_goal: 2\n", "    sub_goal:\t2\n")
    .replace("    end_year: 2026\n", "    end_year\t: 2026\t\n")
)
"""The minimal plan with tabs where YAML (and libyaml) take them as separation white space:
inside a plain scalar, before an end-of-line comment (alone and among spaces), after a
key's ``:``, before it, and at the end of a line."""


@pytest.fixture
def tabbed_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    path = copy_minimal(tmp_path) / "plans" / "2026.yaml"
    path.write_text(TABBED, encoding="utf-8")
    return path


def data_of(path: Path) -> object:
    """The file's data as libyaml (the validating loader's parser) reads it."""
    return yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)


def test_validate_reads_the_tabbed_plan(tabbed_plan: Path) -> None:
    code, output = run_cli("validate", str(tabbed_plan.parent.parent))
    assert code == 0, output
    assert data_of(tabbed_plan)["measures"][0]["title"] == "Kartlegging\tav bustadbehov"  # type: ignore[index]


def test_fmt_reads_tabs_and_keeps_them_before_comments(tabbed_plan: Path) -> None:
    before = data_of(tabbed_plan)
    code, output = run_cli("fmt", str(tabbed_plan))
    assert code == 0, output
    after = tabbed_plan.read_text(encoding="utf-8")
    assert data_of(tabbed_plan) == before
    assert "    status: ongoing\t# merknad\n" in after
    assert '  - id: "2.1" \t # nytt tiltak\n' in after
    assert "    sub_goal: 2\n    number: 1\n" in after  # the layout fmt exists to make
    code, output = run_cli("fmt", "--check", str(tabbed_plan))
    assert code == 0, output
    assert tabbed_plan.read_text(encoding="utf-8") == after


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_migrate_reads_tabs_and_changes_only_the_version(tabbed_plan: Path, line_end: str) -> None:
    version_one = TABBED.replace("schema_version: 2\n", "").replace("\n", line_end)
    tabbed_plan.write_bytes(version_one.encode("utf-8"))
    code, output = run_cli("migrate", str(tabbed_plan))
    assert code == 0, output
    assert tabbed_plan.read_bytes() == TABBED.replace("\n", line_end).encode("utf-8")


def test_plan_new_reads_tabs_and_keeps_them_before_comments(tabbed_plan: Path) -> None:
    code, output = run_cli("plan", "new", "testdalen", "2027")
    assert code == 0, output
    new = tabbed_plan.with_name("2027.yaml").read_text(encoding="utf-8")
    assert '  - id: "2.1" \t # nytt tiltak\n' in new
    assert "Kartlegging\tav bustadbehov" in new or "Kartlegging\\tav bustadbehov" in new
    assert tabbed_plan.read_text(encoding="utf-8") == TABBED
    code, output = run_cli("validate", "pilots/testdalen")
    assert code == 0, output


REFUSED_TABS = {
    # a tab after "-" indents the item: libyaml and validate refuse it, in validate's words
    "after-dash": (
        PLAN.replace('  - id: "2.1"\n', '  -\tid: "2.1"\n'),
        20,
        "YAML-syntaksfeil: teikn som ikkje kan byrje ein verdi",
    ),
    # a tab in the blanks that open a line: validate's BV002, in its words
    "comment-line": (
        PLAN.replace('  - id: "2.1"\n', '\t# tiltak 2.1\n  - id: "2.1"\n'),
        20,
        "Tabulator i innrykk; bruk mellomrom i YAML",
    ),
    # libyaml takes it; ruamel's scanner cannot, without a copy of its block scalar code
    "block-header": (
        PLAN.replace(
            "    title: Nettverk for næringane\n", "    title: |-\t# merknad\n      Nett\n"
        ),
        23,
        "tabulatoren i kolonne 14 kan ikkje lesast når fila skal skrivast om",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED_TABS))
@pytest.mark.parametrize("command", ["fmt", "migrate", "plan new"])
def test_a_tab_the_writers_cannot_read_is_refused_in_words_with_file_and_line(
    tabbed_plan: Path, name: str, command: str
) -> None:
    text, line, words = REFUSED_TABS[name]
    tabbed_plan.write_text(text, encoding="utf-8")
    args = ["plan", "new", "testdalen", "2027"] if command == "plan new" else [command]
    code, output = run_cli(*args, *([] if command == "plan new" else [str(tabbed_plan)]))
    assert code == 1
    assert f"plans/2026.yaml:{line}: " in output
    assert words in output
    assert "Traceback" not in output and "'\\t'" not in output
    assert tabbed_plan.read_text(encoding="utf-8") == text
    assert not tabbed_plan.with_name("2027.yaml").exists()
