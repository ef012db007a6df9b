"""Defects noticed in review and fixed later, each through the real command line on real
files (and real git repositories) in ``tmp_path``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from tests.helpers import REPO

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
