"""``bygdevekst diff``: two plan years in the working tree, or two git revisions."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from bygdevekst_cli.revisions import compare
from tests.gitrepo import shallow_clone, the_three_changes
from tests.helpers import REPO, edit, invoke

DIFF_KEYS = {"pilot", "from", "to", "new", "changed", "closed", "removed"}
"""The keys DESIGN.md fixes (the tool adds ``agreement``, ``funding`` and ``schedule``)."""


def test_vest_telemark_2025_to_2026_changes_2_1_and_2_4_with_reasons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    result = invoke("diff", "vest-telemark", "--from", "2025", "--to", "2026", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= DIFF_KEYS
    assert (data["pilot"], data["from"], data["to"]) == ("vest-telemark", "2025", "2026")
    revisions = [data[key] for key in ("from_ref", "from_commit", "to_ref", "to_commit")]
    assert revisions == [None] * 4  # two plan years of the working tree: no git revision
    assert (data["new"], data["closed"]) == ([], [])
    assert [m["id"] for m in data["changed"]] == ["2.1", "2.4"]
    for measure in data["changed"]:
        assert set(measure) == {"id", "title", "sub_goal", "fields", "reason"}
        assert measure["reason"]
        assert all(set(f) == {"path", "old", "new"} for f in measure["fields"])
    assert data["changed"][0]["fields"] == [{"path": "end_year", "old": None, "new": 2028}]
    diff, _ = compare(Path("vest-telemark"), 2025, 2026, None, None, None)
    assert data == diff.to_json()


def test_vest_telemark_text_is_nynorsk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = invoke("diff", "vest-telemark", "--from", "2025", "--to", "2026")
    assert result.exit_code == 0
    assert "Endra tiltak" in result.output
    assert "Grunngjeving: Avklart med KDD" in result.output
    assert "overført 2025-2026, statlege tiltaksmidlar: beløp ikkje kjent" in result.output


def test_one_commit_new_changed_closed_between_revisions(repo: git.Repo) -> None:
    the_three_changes(repo)
    result = invoke("diff", "testdalen", "--base", "HEAD~1", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["from"], data["to"]) == ("HEAD~1", "arbeidskopien")
    assert data["new"] == [{"id": "1.2", "title": "Fleire tomter", "sub_goal": 1}]
    assert data["changed"] == [
        {
            "id": "2.1",
            "title": "Nettverk for næringane",
            "sub_goal": 2,
            "fields": [{"path": "budget.2026.state_measure_funds", "old": 600000, "new": 700000}],
            "reason": "Fleire bedrifter vil vere med.",
        }
    ]
    assert data["closed"] == [
        {
            "id": "1.1",
            "title": "Kartlegging av bustadbehov",
            "sub_goal": 1,
            "fields": [{"path": "status", "old": "ongoing", "new": "closed"}],
            "assessment": "Behovet er kartlagt.",
        }
    ]
    assert (data["agreement"], data["funding"]) == ([], [])


def test_base_and_head_revisions_ignore_the_working_tree(repo: git.Repo) -> None:
    first = repo.head.commit.hexsha
    the_three_changes(repo)
    Path(repo.working_dir, "pilots/testdalen/plans/2026.yaml").write_text("broken: [\n")
    result = invoke("diff", "testdalen", "--base", first, "--head", "HEAD", "-f", "markdown")
    assert result.exit_code == 0, result.output
    assert f"## testdalen: {first} → HEAD" in result.output
    assert "### Nye tiltak" in result.output


def test_shallow_clone_without_the_base_says_what_to_fetch(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    the_three_changes(repo)
    clone = shallow_clone(repo, tmp_path / "clone")
    monkeypatch.chdir(clone.working_dir)
    result = invoke("diff", "testdalen", "--base", "HEAD~1")
    assert result.exit_code == 2
    # in the Nynorsk pilot's words, as its other messages (it was Bokmål: «finnes ikke»)
    assert "«HEAD~1» finst ikkje i denne grunne klonen" in result.stderr
    assert "git fetch --deepen=50 origin" in result.stderr
    assert "fetch-depth: 0" in result.stderr
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_unknown_revision_is_a_usage_error(repo: git.Repo) -> None:
    result = invoke("diff", "testdalen", "--base", "finst-ikkje")
    assert result.exit_code == 2
    # the Nynorsk pilot's words, as its other messages (it was Bokmål, «Fant ikke»)
    assert "Fann ikkje revisjonen «finst-ikkje»" in result.stderr


def test_years_and_revisions_together_is_a_usage_error(repo: git.Repo) -> None:
    result = invoke("diff", "testdalen", "--from", "2025", "--to", "2026", "--base", "HEAD")
    assert result.exit_code == 2


def test_measures_are_ordered_by_sub_goal_then_by_number_in_their_id() -> None:
    from bygdevekst_cli.diff import Kind, MeasureDiff, _measure_order

    ids = ["1.10", "1.6", "2.1", "1.6a", "1.2"]
    diffs = [MeasureDiff(Kind.NEW, i, "t", int(i[0])) for i in ids]
    assert [d.id for d in sorted(diffs, key=_measure_order)] == [
        "1.2",
        "1.6",
        "1.6a",
        "1.10",
        "2.1",
    ]


def test_agreement_and_party_changes_between_revisions(repo: git.Repo) -> None:
    root = Path(repo.working_dir) / "pilots" / "testdalen"
    edit(root / "agreement.yaml", "weight: 60", "weight: 50")
    edit(root / "agreement.yaml", "weight: 40", "weight: 50")
    edit(
        root / "pilot.yaml",
        "    kind: agency\n    role: partner",
        "    kind: agency\n    role: special",
    )
    result = invoke("diff", "testdalen", "--base", "HEAD", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["agreement"] == [
        {"path": "sub_goals.1.weight", "old": 60, "new": 50},
        {"path": "sub_goals.2.weight", "old": 40, "new": 50},
        {"path": "parties.husbanken.role", "old": "partner", "new": "special"},
    ]
    text = invoke("diff", "testdalen", "--base", "HEAD").output
    assert "delmål 1, vekt: 60 % → 50 %" in text.replace("\u00a0", " ")


def test_a_year_without_a_plan_names_the_years_there_are(repo: git.Repo) -> None:
    """``--year 2030`` said «har ingen gyldig handlingsplan for 2030; køyr bygdevekst
    validate», as if a plan were broken; there is none, and the years there are are named."""
    result = invoke("diff", "testdalen", "--base", "HEAD", "--year", "2030")
    assert result.exit_code == 1
    assert "fann ingen gyldig handlingsplan for 2030 (har: 2026)" in result.stderr


def test_a_long_text_added_is_shown_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long note added (vest-telemark's grant for project management) was cut at 77
    characters, «… øyremerka midlar til pro…»: a reviewer saw less than half of what the
    change adds. With no old text to compare with, the new one is shown whole."""
    monkeypatch.chdir(REPO)
    result = invoke("diff", "vest-telemark", "--from", "2025", "--to", "2026")
    assert result.exit_code == 0, result.output
    note = (
        "Over statsbudsjettet for 2026 er det i tillegg løyvd øyremerka midlar til "
        "prosjektleiing. For Vest-Telemarkpiloten utgjer dette 1 mill. kr."
    )
    assert f"merknad: ikkje fylt ut → «{note}»" in result.output
