"""Defects noticed in review and fixed later (the second batch), each through the real
command line on real files (and real git repositories) in ``tmp_path``."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest
from typer.testing import CliRunner, Result

from bygdevekst_cli.cli import app
from tests.gitrepo import PLAN, commit, pilot_repo, raise_21
from tests.helpers import copy_minimal, edit


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


# --- history: a treatment that did not adopt the plan is not marked as adopted -------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    return repo


def _record(repo: git.Repo, case: str, outcome: str, revision: str) -> None:
    """The treatment with ``case`` given ``outcome`` and ``adopted_revision``, committed."""
    edit(
        Path(repo.working_dir, PLAN),
        f"case_number: {case}\n    outcome: adopted",
        f'case_number: {case}\n    outcome: {outcome}\n    adopted_revision: "{revision}"',
    )


@pytest.mark.parametrize(
    ("outcome", "mark", "words", "adopted", "decision"),
    [
        ("adopted", "✓", "vedteke", True, "adopted"),
        ("adopted_with_changes", "✓", "vedteke med endringar", True, "adopted"),
        ("rejected", "✗", "ikkje vedteke", False, "rejected"),
        ("postponed", "–", "utsett", False, "undecided"),
        ("noted", "–", "teke til orientering", False, "undecided"),
    ],
)
def test_history_shows_the_outcome_of_a_treatment_with_an_adopted_revision(
    repo: git.Repo, outcome: str, mark: str, words: str, adopted: bool, decision: str
) -> None:
    shown = raise_21(repo, 650000, "Større behov.")
    _record(repo, "26/11", outcome, shown.hexsha[:10])
    commit(repo, "Vedtaket i Fyresdal")
    result = invoke("history", "testdalen")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if "Kommunestyret i Fyresdal" in x)
    assert line == (
        f"  {mark} Kommunestyret i Fyresdal kommune: {words} 19. februar 2026, sak 26/11"
        " (handlingsplan 2026)"
    )
    data = json.loads(invoke("history", "testdalen", "-f", "json").stdout)
    (found,) = (a for c in data["commits"] for a in c["adoptions"])
    assert (found["outcome"], found["adopted"], found["decision"]) == (outcome, adopted, decision)
    assert found["commit"] == shown.hexsha


def test_history_keeps_the_mark_of_an_adoption_tag(repo: git.Repo) -> None:
    from tests.gitrepo import tag

    raise_21(repo, 650000, "Større behov.")
    tag(repo, "vedtak/testdalen/2026/fyresdal-kommunestyre", "Kommunestyret i Fyresdal, sak 26/11")
    result = invoke("history", "testdalen")
    assert (
        "  ✓ Kommunestyret i Fyresdal, sak 26/11 [vedtak/testdalen/2026/fyresdal-kommunestyre]"
        in result.stdout.splitlines()
    )
    data = json.loads(invoke("history", "testdalen", "-f", "json").stdout)
    (found,) = (a for c in data["commits"] for a in c["adoptions"])
    assert (found["outcome"], found["adopted"], found["decision"]) == (None, True, "adopted")


# --- an application (a grant applied for) is not presented as granted ----------------------

APPLICATION = (
    "    - source: other_grants\n"
    "      year: 2026\n"
    "      funder: fyresdal\n"
    "      amount: 300000\n"
    "      status: applied\n"
)


def _with_application(plan: Path) -> None:
    edit(plan, "      covers_period: true\n", "      covers_period: true\n" + APPLICATION)


def test_overview_workbook_says_which_grant_is_granted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    pilot = copy_minimal(tmp_path)
    _with_application(pilot / "plans" / "2026.yaml")
    data = json.loads(invoke("overview", str(tmp_path / "pilots"), "-f", "json").stdout)
    target = tmp_path / "oversikt.xlsx"
    result = invoke("overview", str(tmp_path / "pilots"), "-f", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(target)["Tilskot"].iter_rows(values_only=True))
    assert rows[0][-1] == "Status"
    assert [row[1:] for row in rows[1:]] == [
        ("state_measure_funds", None, 2025, 18_000_000, True, "løyvd"),
        ("other_grants", "fyresdal", 2026, 300_000, False, "søkt"),
    ]
    # the JSON's totals count what the workbook calls granted, and nothing else
    granted = sum(row[4] for row in rows[1:] if row[-1] == "løyvd" and row[5])
    assert data["totals"]["grants"] == {"one_year": {}, "covers_period": granted}


def test_history_names_an_application_as_one(repo: git.Repo) -> None:
    plan = Path(repo.working_dir, PLAN)
    _with_application(plan)
    applied = commit(repo, "Søknad om tilskot")
    edit(plan, "      status: applied\n", "      status: rejected\n")
    rejected = commit(repo, "Søknaden er avslått")
    result = invoke("history", "testdalen", "-f", "json")
    by_commit = {c["commit"]: c for c in json.loads(result.stdout)["commits"]}
    assert [c["text"] for c in by_commit[applied.hexsha]["changes"]] == [
        "søknad 2026, andre tilskot, fyresdal: – → 300\u00a0000\u00a0kr",
        "søknad 2026, andre tilskot, fyresdal, status: – → søkt",
    ]
    assert [c["text"] for c in by_commit[rejected.hexsha]["changes"]] == [
        "avslått søknad 2026, andre tilskot, fyresdal, status: søkt → avslått"
    ]
    # the path JSON gives is as before: only the words name the entry anew
    assert by_commit[applied.hexsha]["changes"][0]["path"] == ("grants.2026.other_grants.fyresdal")
    text = invoke("history", "testdalen").stdout
    assert "løyving 2026" not in text
    assert "løyving 2025, statlege tiltaksmidlar: – → 18\u00a0000\u00a0000\u00a0kr" in text
