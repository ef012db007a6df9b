"""``diff`` names an agreement's indicators, their nested values and a sub-goal added as
the changes document does (``present.value_text``), in the diff's «old → new» lines.

It printed «delmål 1, indikatorar folketal, mål, år: 2028 → 2030», a line for each field
of an indicator added or taken out («…, retning: ikkje fylt ut → increase»), and the
direction's code. A real repository in ``tmp_path``, the real CLI; the JSON keeps its
paths and codes (DESIGN.md's contract).
"""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from tests.gitrepo import PLAN, commit, pilot_repo
from tests.helpers import edit, invoke
from tests.indicator_yaml import (
    FOLKETAL,
    HANDLINGSPLAN,
    LEDIGE_BUSTADER,
    NYE_BUSTADER,
    indicators,
)

AGREEMENT = "pilots/testdalen/agreement.yaml"
SAMFERDSEL = """  - number: 3
    title: Betre samferdsel
    weight: 10
    partners: [fylket]
    text: Partane skal betre samferdsla.
signatures:
"""
VALUE = "indicator_values:\n  - indicator: folketal\n    year: 2026\n    value: 5260\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> git.Repo:
    """testdalen with the indicators «Folketal i kommunane» and «Ledige bustader» under
    sub-goal 1 and a measured value of the first in its plan, committed."""
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    agreement = Path(repo.working_dir, AGREEMENT)
    edit(agreement, HANDLINGSPLAN, HANDLINGSPLAN + indicators(FOLKETAL, LEDIGE_BUSTADER))
    with Path(repo.working_dir, PLAN).open("a", encoding="utf-8") as plan:
        plan.write(VALUE)
    commit(repo, "Indikatorar")
    return repo


def _in(repo: git.Repo, language: str) -> None:
    """The pilot's written standard ``language``, committed."""
    edit(
        Path(repo.working_dir, "pilots/testdalen/pilot.yaml"),
        "language: nn",
        f"language: {language}",
    )
    commit(repo, "Målform")


def _revise(repo: git.Repo) -> None:
    """The target of «Folketal i kommunane» moved (year and value), «Ledige bustader»
    replaced by «Nye bustader», a sub-goal 3 added, its weight from sub-goal 1, and the
    plan's measured value taken out: one commit."""
    agreement = Path(repo.working_dir, AGREEMENT)
    edit(agreement, "target: {year: 2028, value: 5400}", "target: {year: 2030, value: 5500}")
    edit(agreement, LEDIGE_BUSTADER, NYE_BUSTADER)
    edit(agreement, "weight: 60", "weight: 50")
    edit(agreement, "signatures:\n", SAMFERDSEL)
    edit(Path(repo.working_dir, PLAN), VALUE, "")
    commit(repo, "Revidert avtale")


def _lines(*args: str) -> list[str]:
    result = invoke("diff", "testdalen", *args)
    assert result.exit_code == 0, result.output
    return [line.strip().replace("\u00a0", " ") for line in result.stdout.splitlines()]


EXPECTED = {
    "nn": [
        "testdalen: HEAD~1 → HEAD",
        "Endringar i avtala",
        "delmål 1, vekt: 60 % → 50 %",
        "delmål 1, indikatoren «Folketal i kommunane», mål: 5 400 i 2028 → 5 500 i 2030",
        "Ny indikator under delmål 1: «Nye bustader» (eining: bustader; retning: auke; "
        "mål: 30 i 2028).",
        "Indikatoren «Ledige bustader» under delmål 1 er teken ut (eining: bustader; "
        "retning: nedgang; utgangspunkt: 80 i 2024; mål: 40 i 2028).",
        "Nytt delmål 3: «Betre samferdsel» (vekt: 10 %; samarbeidspartar: Telemark fylkeskommune).",
        "delmål 3, tekst: ikkje fylt ut → «Partane skal betre samferdsla.»",
        "Andre endringar i planen",
        "Verdien for indikatoren «Folketal i kommunane» i 2026 er teken ut (var 5 260).",
    ],
    "nb": [
        "testdalen: HEAD~1 → HEAD",
        "Endringer i avtalen",
        "delmål 1, vekt: 60 % → 50 %",
        "delmål 1, indikatoren «Folketal i kommunane», mål: 5 400 i 2028 → 5 500 i 2030",
        "Ny indikator under delmål 1: «Nye bustader» (enhet: bustader; retning: økning; "
        "mål: 30 i 2028).",
        "Indikatoren «Ledige bustader» under delmål 1 er tatt ut (enhet: bustader; "
        "retning: nedgang; utgangspunkt: 80 i 2024; mål: 40 i 2028).",
        "Nytt delmål 3: «Betre samferdsel» (vekt: 10 %; samarbeidsparter: Telemark fylkeskommune).",
        "delmål 3, tekst: ikke fylt ut → «Partane skal betre samferdsla.»",
        "Andre endringer i planen",
        "Verdien for indikatoren «Folketal i kommunane» i 2026 er tatt ut (var 5 260).",
    ],
}


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_indicators_and_a_sub_goal_read_as_the_changes_document_names_them(
    repo: git.Repo, language: str
) -> None:
    """An indicator added or taken out is one sentence with its values, a target moved in
    year and value one line, a sub-goal added one sentence and its text a line; a weight
    keeps the diff's line."""
    _in(repo, language)
    _revise(repo)
    assert _lines("--base", "HEAD~1", "--head", "HEAD") == EXPECTED[language]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nn",
            [
                "delmål 1, indikatoren «Folketal i kommunane», retning: auke → nedgang",
                "delmål 1, indikatoren «Folketal i kommunane», utgangsverdien: 5 200 → 5 210,5",
                "delmål 1, indikatoren «Folketal i kommunane», målåret: 2028 → 2030",
                "delmål 1, indikatoren «Ledige bustader», målverdien: 40 → 30",
            ],
        ),
        (
            "nb",
            [
                "delmål 1, indikatoren «Folketal i kommunane», retning: økning → nedgang",
                "delmål 1, indikatoren «Folketal i kommunane», utgangsverdien: 5 200 → 5 210,5",
                "delmål 1, indikatoren «Folketal i kommunane», målåret: 2028 → 2030",
                "delmål 1, indikatoren «Ledige bustader», målverdien: 40 → 30",
            ],
        ),
    ],
)
def test_a_nested_value_reads_as_one_field_and_a_direction_by_its_word(
    repo: git.Repo, language: str, expected: list[str]
) -> None:
    """«mål, år» and «indikatorar folketal» were the path's fields and ids; a reader says
    «målåret» of «Folketal i kommunane». Against the working tree, in markdown as in text."""
    _in(repo, language)
    agreement = Path(repo.working_dir, AGREEMENT)
    edit(agreement, "direction: increase", "direction: decrease")
    edit(agreement, "value: 5200}", "value: 5210.5}")
    edit(agreement, "target: {year: 2028, value: 5400}", "target: {year: 2030, value: 5400}")
    edit(agreement, "target: {year: 2028, value: 40}", "target: {year: 2028, value: 30}")
    assert _lines("--base", "HEAD")[2:] == expected
    markdown = _lines("--base", "HEAD", "-f", "markdown")
    assert [line[2:] for line in markdown if line.startswith("- ")] == expected


def test_the_json_keeps_its_paths_and_codes(repo: git.Repo) -> None:
    """The machine form is a contract: a field per path, the direction's code, the plain
    figure."""
    _revise(repo)
    edit(
        Path(repo.working_dir, AGREEMENT),
        "direction: increase\n        baseline",
        "direction: decrease\n        baseline",
    )
    result = invoke("diff", "testdalen", "--base", "HEAD~1", "-f", "json")
    assert result.exit_code == 0, result.output
    changes = {c["path"]: (c["old"], c["new"]) for c in json.loads(result.stdout)["agreement"]}
    assert changes["sub_goals.1.indicators.folketal.direction"] == ("increase", "decrease")
    assert changes["sub_goals.1.indicators.folketal.target.year"] == (2028, 2030)
    assert changes["sub_goals.1.indicators.folketal.target.value"] == (5400, 5500)
    assert changes["sub_goals.1.indicators.nye-bustader.direction"] == (None, "increase")
    assert changes["sub_goals.1.indicators.ledige-bustader.title"] == ("Ledige bustader", None)
    assert changes["sub_goals.3.text"] == (None, "Partane skal betre samferdsla.")
    plan = json.loads(result.stdout)["plan"]
    assert plan == [{"path": "indicator_values.2026.folketal.value", "old": 5260, "new": None}]
