"""The diff as data: removed measures in every format, schedule changes, a moved pilot folder
followed by ``diff --base``, markdown whose structure CommonMark reads as meant, and the
structured paths of the changes."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest
from markdown_it import MarkdownIt

from bygdevekst_cli.revisions import compare
from tests.gitrepo import PLAN, commit, move
from tests.helpers import edit, invoke


def _remove_measure_2_1(repo: git.Repo) -> None:
    plan = Path(repo.working_dir, PLAN)
    text = plan.read_text(encoding="utf-8")
    start = text.index('  - id: "2.1"')
    end = text.index("status:\n  sub_goals")
    plan.write_text(text[:start] + text[end:], encoding="utf-8", newline="")


def test_a_measure_removed_without_closing_is_in_the_json_as_removed(repo: git.Repo) -> None:
    _remove_measure_2_1(repo)
    result = invoke("diff", "testdalen", "--base", "HEAD", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["removed"] == [{"id": "2.1", "title": "Nettverk for næringane", "sub_goal": 2}]
    assert (data["new"], data["changed"], data["closed"]) == ([], [], [])
    text = invoke("diff", "testdalen", "--base", "HEAD").output
    assert "Tiltak som manglar utan å vere avslutta" in text
    assert "Tiltak 2.1 Nettverk for næringane" in text


def test_recording_a_decision_is_a_schedule_change_in_diff(repo: git.Repo) -> None:
    plan = Path(repo.working_dir, PLAN)
    edit(plan, "case_number: 26/11\n    outcome: adopted", "case_number: 26/12\n    outcome: noted")
    result = invoke("diff", "testdalen", "--base", "HEAD", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schedule"] == [
        {"path": "schedule.fyresdal.municipal_council.case_number", "old": "26/11", "new": "26/12"},
        {"path": "schedule.fyresdal.municipal_council.outcome", "old": "adopted", "new": "noted"},
    ]
    text = invoke("diff", "testdalen", "--base", "HEAD").output
    assert "Endringar i den politiske handsaminga" in text
    assert (
        "handsaming Fyresdal kommune, kommunestyret, utfall: vedteke → teke til orientering" in text
    )
    assert "Ingen endringar" not in text


def test_schedule_changes_are_worded_in_bokmaal_for_a_bokmaal_pilot(repo: git.Repo) -> None:
    root = Path(repo.working_dir, "pilots/testdalen")
    edit(root / "pilot.yaml", "language: nn", "language: nb")
    commit(repo, "Bokmål")
    edit(root / "plans/2026.yaml", "date: 2026-02-19", "date: 2026-02-26")
    text = invoke("diff", "testdalen", "--base", "HEAD").output
    assert "Endringer i den politiske behandlingen" in text
    moved = "møtedato: 19. februar 2026 → 26. februar 2026"
    assert f"behandling Fyresdal kommune, kommunestyret, {moved}" in text


def test_two_plan_years_do_not_compare_their_schedules(tmp_path: Path) -> None:
    """Meeting dates and outcomes belong to a year: across plan years they are not changes."""
    from tests.helpers import copy_minimal

    root = copy_minimal(tmp_path)
    plan = (root / "plans/2026.yaml").read_text(encoding="utf-8")
    (root / "plans/2027.yaml").write_text(
        plan.replace("year: 2026", "year: 2027").replace("26/11", "27/3"), encoding="utf-8"
    )
    diff, _ = compare(root, 2026, 2027, None, None, None, cwd=tmp_path)
    assert diff.schedule == ()
    assert diff.to_json()["schedule"] == []


def test_diff_base_follows_a_moved_pilot_folder(repo: git.Repo) -> None:
    move(repo, "pilots/testdalen", "pilots/nye-testdalen", "Nytt namn på mappa")
    edit(
        Path(repo.working_dir, "pilots/nye-testdalen/plans/2026.yaml"),
        "        state_measure_funds: 600000\nstatus:",
        "        state_measure_funds: 650000\n    change_reason: Meir å gjere.\nstatus:",
    )
    result = invoke("diff", "nye-testdalen", "--base", "HEAD~1", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # compared with the pilot as it was under its old name: one change, nothing new
    assert data["new"] == []
    assert [m["id"] for m in data["changed"]] == ["2.1"]
    assert data["changed"][0]["fields"] == [
        {"path": "budget.2026.state_measure_funds", "old": 600000, "new": 650000}
    ]
    committed = invoke("diff", "nye-testdalen", "--base", "HEAD~1", "--head", "HEAD", "-f", "json")
    assert committed.exit_code == 0, committed.output
    assert json.loads(committed.stdout)["new"] == []


def test_markdown_puts_each_sub_goals_measures_under_its_own_heading(repo: git.Repo) -> None:
    """Issue 9: a bold sub-goal line right after a list item was read by CommonMark as part
    of that item, so sub-goal 2's measures appeared under sub-goal 1."""
    plan = Path(repo.working_dir, PLAN)
    edit(
        plan,
        "    title: Kartlegging av bustadbehov",
        "    title: Kartlegging av bustadbehov i heile regionen\n    change_reason: Større område.",
    )
    edit(
        plan,
        "        state_measure_funds: 600000\nstatus:",
        "        state_measure_funds: 800000\n    change_reason: Meir å gjere.\nstatus:",
    )
    result = invoke("diff", "testdalen", "--base", "HEAD", "-f", "markdown")
    assert result.exit_code == 0, result.output
    tokens = MarkdownIt("commonmark").parse(result.stdout)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "testdalen: HEAD → arbeidskopien",
        "Endra tiltak",
        "Delmål 1 Fleire eigna bustader",
        "Delmål 2 Fleire arbeidsplassar",
    ]
    # which heading each measure (an item of a top-level list) stands under
    under: dict[str, list[str]] = {}
    heading = ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = tokens[index + 1].content
        elif token.type == "inline" and token.level == 3:  # list > item > paragraph > inline
            under.setdefault(heading, []).append(token.content)
    assert [m.split(" ")[1] for m in under["Delmål 1 Fleire eigna bustader"]] == ["1.1"]
    assert [m.split(" ")[1] for m in under["Delmål 2 Fleire arbeidsplassar"]] == ["2.1"]
    # a measure's changes are a list nested in its item (deeper), not loose paragraphs
    changes = [
        t.content.replace("\u00a0", " ") for t in tokens if t.type == "inline" and t.level == 5
    ]
    assert "budsjett 2026, statlege tiltaksmidlar: 600 000 kr → 800 000 kr" in changes
    assert "Grunngjeving: Meir å gjere." in changes


def test_changes_carry_a_structured_path_and_typed_values(repo: git.Repo) -> None:
    import datetime as dt

    from bygdevekst_cli.models.plan import Outcome

    plan = Path(repo.working_dir, PLAN)
    edit(
        plan,
        "        state_measure_funds: 600000\nstatus:",
        "        state_measure_funds: 1\nstatus:",
    )
    edit(
        plan,
        "date: 2026-02-19\n    case_number: 26/11\n    outcome: adopted",
        ("date: 2026-02-20\n    case_number: 26/11\n    outcome: rejected"),
    )
    diff, _ = compare(Path("pilots/testdalen"), None, None, "HEAD", None, None)
    (measure,) = diff.changed
    (budget,) = measure.fields
    assert budget.keys == ("budget", 2026, "state_measure_funds")
    assert (budget.old, budget.new) == (600000, 1)
    date, outcome = diff.schedule
    assert date.keys == ("schedule", "fyresdal", "municipal_council", "date")
    assert (date.old, date.new) == (dt.date(2026, 2, 19), dt.date(2026, 2, 20))
    assert outcome.new is Outcome.REJECTED
    assert diff.to_json()["schedule"][0] == {
        "path": "schedule.fyresdal.municipal_council.date",
        "old": "2026-02-19",
        "new": "2026-02-20",
    }


def test_the_format_choices_are_the_renderer_registry() -> None:
    from bygdevekst_cli.commands.diff import DiffFormat
    from bygdevekst_cli.commands.history import HistoryFormat
    from bygdevekst_cli.present.diff import RENDERER_BY_NAME
    from bygdevekst_cli.present.history import RENDERER_BY_NAME as HISTORY_RENDERERS

    assert [f.value for f in DiffFormat] == list(RENDERER_BY_NAME) == ["text", "markdown", "json"]
    assert [f.value for f in HistoryFormat] == list(HISTORY_RENDERERS) == ["text", "json"]
    wrong = invoke("diff", "testdalen", "--from", "2026", "--to", "2026", "-f", "xml")
    assert wrong.exit_code == 2
    assert "markdown" in wrong.output


def test_an_empty_list_where_there_was_none_is_no_change() -> None:
    """A plan's first version with grants but no carry-over: only the grants are news."""
    from bygdevekst_cli.diff import compare
    from bygdevekst_cli.models.plan import Funding, FundingSource, Grant

    funding = Funding(grants=[Grant(source=FundingSource.OWN_FUNDS, year=2026, amount=5)])
    (grant,) = compare(None, funding)
    assert grant.keys == ("grants", 2026, "own_funds")
    assert (grant.old, grant.new) == (None, 5)
    assert list(compare(Funding(), Funding(carry_over=[]))) == []


def test_an_empty_schedule_on_both_sides_is_no_change() -> None:
    """A new plan year, or an unchanged one, with no treatments yet: nothing to report
    (this once read «handsaming: – → –» in diff and check)."""
    from bygdevekst_cli.diff import diff_schedule
    from bygdevekst_cli.models.plan import ActionPlan

    plan = ActionPlan.model_validate({"schema_version": 2, "year": 2026, "measures": []})
    assert diff_schedule(None, plan) == ()
    assert diff_schedule(plan, plan) == ()


def test_a_list_of_models_without_key_fields_is_compared_by_position() -> None:
    from typing import Annotated

    from pydantic import BaseModel

    from bygdevekst_cli.diff import compare
    from bygdevekst_cli.models.meta import Meta

    class Member(BaseModel):
        name: str

    class Board(BaseModel):
        members: Annotated[list[Member], Meta(compared=True)] = []

    old = Board(members=[Member(name="Kari"), Member(name="Ola")])
    new = Board(members=[Member(name="Kari"), Member(name="Per")])
    # Member has no key and no compared field: the changed entry is one change at its position
    (change,) = compare(old, new)
    assert change.keys == ("members", 1)


def test_check_shows_a_recorded_decision_and_a_removed_measure(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 9: a council's decision and a measure removed without closing reach the pull
    request's summary (and its text output), not "Ingen endringar"."""
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    base = repo.head.commit.hexsha
    edit(Path(repo.working_dir, PLAN), "case_number: 26/7", "case_number: 26/8")
    _remove_measure_2_1(repo)
    result = invoke("check", "--base", base, "--format", "text")
    recorded = "handsaming Kviteseid kommune, kommunestyret, saksnummer: «26/7» → «26/8»"
    assert recorded in result.output
    text = summary.read_text(encoding="utf-8")
    assert "### Endringar i den politiske handsaminga" in text
    assert "- handsaming Kviteseid kommune, kommunestyret, saksnummer: «26/7» → «26/8»" in text
    assert "### Tiltak som manglar utan å vere avslutta" in text
    assert "Ingen endringar" not in text
