"""The summary tables of md and html say «ukjent» / «ikkje ført inn» where a figure is not
known: a «–», which a Norwegian table writes for nothing (0), stood for a budget no amount
of was known, and for grants the plan does not record. «–» stays for a pilot without a
plan, where there is no figure to give."""

from __future__ import annotations

from pathlib import Path

import pytest

from bygdevekst_cli.formatting import kroner
from bygdevekst_cli.language import words
from tests.gitrepo import pilot_repo
from tests.helpers import REPO, as_read, invoke
from tests.test_overview_grant_totals import nordbygd_repo


def _row(markdown: str, name: str) -> list[str]:
    (line,) = [line for line in markdown.splitlines() if line.startswith(f"| {name} |")]
    return [cell.strip() for cell in line.strip("|").split("|")]


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_a_budget_with_no_known_amount_says_unknown(lang: str) -> None:
    w = words(lang)
    vest = str(REPO / "pilots/vest-telemark")
    markdown = invoke("overview", "-f", "md", "--lang", lang, vest).stdout
    assert _row(markdown, "Vest-Telemark")[8] == f"{w('overview.cell_unknown')} (2026)"
    html = as_read(invoke("overview", "-f", "html", "--lang", lang, vest).stdout)
    assert f'<td class="num">{w("overview.cell_unknown")} (2026)</td>' in html


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_a_grant_the_plan_does_not_record_is_said_so_and_no_plan_is_a_dash(
    tmp_path: Path, lang: str
) -> None:
    """Testdalen records a grant for the whole period and none for one year; Nordbygd has
    no plan at all."""
    pilot_repo(tmp_path / "testdalen")
    nordbygd = nordbygd_repo(tmp_path / "nordbygd")
    result = invoke(
        "overview", "-f", "md", "--lang", lang, str(tmp_path / "testdalen"), str(nordbygd)
    )
    assert result.exit_code == 0, result.output
    w = words(lang)
    testdalen = _row(result.stdout, "Testdalen")
    assert testdalen[10:12] == [w("overview.cell_not_recorded"), kroner(18_000_000, lang)]
    assert _row(result.stdout, "Nordbygd")[8:12] == ["–", "0", "–", "–"]
