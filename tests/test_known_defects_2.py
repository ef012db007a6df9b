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
from tests.helpers import edit


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
