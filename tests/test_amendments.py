"""BV305 on real git repositories through the real CLI: a plan a council adopted (a tag
named in ``adopted_revision``) changes only by a recorded amendment."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import git
import pytest

from tests.gitrepo import PLAN, commit, init_repo, pilot_repo, tag
from tests.helpers import MINIMAL, edit, invoke

TAG = "vedtak/testdalen/2026/fyresdal-kommunestyre"
TITLE_11 = "title: Kartlegging av bustadbehov"
AMENDMENT = """amendments:
  - date: {date}
    reason: Kommunestyret auka budsjettet.
    decided_by:
      party: fyresdal
      body: municipal_council
    case_number: 26/30
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    """The 2026 plan as the kommunestyre adopted it (19 February 2026): tagged, and named in
    the schedule; then the recorded decision committed."""
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    tag(repo, TAG, "Kommunestyret i Fyresdal, sak 26/11")
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "case_number: 26/11\n", f"case_number: 26/11\n    adopted_revision: {TAG}\n")
    commit(repo, "Vedtaket i kommunestyret")
    return repo


def plan_file(repo: git.Repo) -> Path:
    return Path(repo.working_dir, PLAN)


def test_recording_the_decision_alone_is_no_change(repo: git.Repo) -> None:
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert "BV305" not in result.output


def test_a_changed_measure_of_an_adopted_plan_is_an_error_on_its_line(repo: git.Repo) -> None:
    text = edit(plan_file(repo), TITLE_11, "title: Kartlegging av tomter")
    result = invoke("validate", "--format", "json")
    assert result.exit_code == 1
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "BV305"]
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if 'id: "1.1"' in ln)
    assert (finding["severity"], finding["line"]) == ("error", line)
    assert finding["message"] == (
        "Handlingsplan 2026 vart vedteken av Fyresdal kommune (kommunestyret) 2026-02-19"
        f" som «{TAG}», men tiltak 1.1 er endra sidan; før endringa inn under amendments med dato,"
        " grunngjeving, kven som vedtok ho (decided_by) og saksnummer"
    )


def test_changed_funding_and_a_removed_measure_are_errors_too(repo: git.Repo) -> None:
    edit(plan_file(repo), "amount: 500000", "amount: 400000")
    text = plan_file(repo).read_text(encoding="utf-8")
    start = text.index('  - id: "2.1"')
    plan_file(repo).write_text(text[:start] + text[text.index("status:\n  sub_goals") :])
    result = invoke("validate")
    assert result.exit_code == 1
    found = [ln for ln in result.output.splitlines() if "BV305" in ln]
    assert len(found) == 2, result.output
    assert any("tiltak 2.1 er endra sidan" in ln for ln in found)
    assert any("finansieringa er endra sidan" in ln for ln in found)


def test_an_amendment_dated_on_or_after_the_adoption_allows_the_change(repo: git.Repo) -> None:
    edit(plan_file(repo), "state_measure_funds: 300000", "state_measure_funds: 350000")
    plan_file(repo).write_text(
        plan_file(repo).read_text(encoding="utf-8") + AMENDMENT.format(date="2026-02-19")
    )
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert "BV305" not in result.output


def test_an_amendment_dated_before_the_adoption_does_not(repo: git.Repo) -> None:
    edit(plan_file(repo), "state_measure_funds: 300000", "state_measure_funds: 350000")
    plan_file(repo).write_text(
        plan_file(repo).read_text(encoding="utf-8") + AMENDMENT.format(date="2026-02-18")
    )
    result = invoke("validate")
    assert result.exit_code == 1
    assert "BV305" in result.output


def test_the_year_report_may_be_written_after_the_adoption(repo: git.Repo) -> None:
    edit(
        plan_file(repo),
        "    status: ongoing\n    budget:\n      2026:\n        state_measure_funds: 600000\n"
        "        own_funds: 100000",
        "    status: ongoing\n    report:\n      done: Kartlegginga er gjord.\n"
        "    budget:\n      2026:\n        state_measure_funds: 600000\n"
        "        own_funds: 100000",
    )
    result = invoke("validate")
    assert result.exit_code == 0, result.output


def test_an_amendment_needs_a_date_a_reason_and_who_decided(repo: git.Repo) -> None:
    plan_file(repo).write_text(
        plan_file(repo).read_text(encoding="utf-8") + "amendments:\n  - reason: Berre grunn.\n"
    )
    result = invoke("validate")
    assert result.exit_code == 1
    assert "BV101" in result.output
    assert "date" in result.output and "decided_by" in result.output


def test_a_pull_request_changing_the_adopted_plan_fails_check_in_bokmaal(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(Path(repo.working_dir, "pilots/testdalen/pilot.yaml"), "language: nn", "language: nb")
    commit(repo, "Bokmål")
    base = repo.head.commit.hexsha
    edit(plan_file(repo), TITLE_11, "title: Kartlegging av tomter")
    commit(repo, "Ny tittel")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    result = invoke("check", "--base", base, "--head", "HEAD")
    assert result.exit_code == 1
    annotation = next(ln for ln in result.stdout.splitlines() if "BV305" in ln)
    assert annotation.startswith(f"::error file={PLAN},line=")
    assert "men tiltak 1.1 er endret siden; før endringen inn under amendments" in annotation
    summary = Path(os.environ["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert "| feil | BV305 |" in summary


def test_a_pilot_at_the_root_of_its_repository_is_compared_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pilot folder is the repository itself: the plan as adopted is read from the
    root of the adopted commit (it was read from a folder named «.», which no tree holds,
    and the change passed in silence)."""
    repo = init_repo(tmp_path / "testdalen")
    shutil.copytree(MINIMAL, tmp_path / "testdalen", dirs_exist_ok=True)
    commit(repo, "Første versjon")
    tag(repo, TAG, "Kommunestyret i Fyresdal, sak 26/11")
    plan = tmp_path / "testdalen" / "plans" / "2026.yaml"
    edit(plan, "case_number: 26/11\n", f"case_number: 26/11\n    adopted_revision: {TAG}\n")
    commit(repo, "Vedtaket i kommunestyret")
    monkeypatch.chdir(tmp_path / "testdalen")
    assert "BV305" not in invoke("validate", ".").output
    edit(plan, TITLE_11, "title: Kartlegging av tomter")
    result = invoke("validate", ".")
    assert result.exit_code == 1
    assert "BV305" in result.output
