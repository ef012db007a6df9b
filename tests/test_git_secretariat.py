"""A pilot's history as a secretariat makes one: several authors, a branch merged, the
pilot folder renamed with its id, the plan deleted by mistake and restored, and CI's
shallow clone of the last five commits. ``history``, ``diff`` and ``validate`` are run on
it through the real command line.
"""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from tests.gitrepo import KARI, OLA, PLAN, commit, move, pilot_repo, shallow_clone
from tests.helpers import edit, invoke

PER = "Per Li <per@testdalen.no>"
MOVED_PLAN = "pilots/testdal/plans/2026.yaml"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> git.Repo:
    """The history, newest last: the first version (Kari); a budget raised on a branch
    (Ola) while a sub-goal is retitled on main (Kari); the merge; the folder renamed with
    the pilot's id (Per); the plan deleted (Per) and restored (Kari); one more raise (Ola)."""
    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    repo.git.switch("-q", "-c", "ola")
    edit(root / PLAN, "600000\n        own_funds", "650000\n        own_funds")
    commit(repo, "Auka budsjett", author=OLA)
    repo.git.switch("-q", "main")
    agreement = root / "pilots/testdalen/agreement.yaml"
    edit(agreement, "Fleire arbeidsplassar", "Fleire og betre arbeidsplassar")
    commit(repo, "Ny tittel på delmål 2", author=KARI)
    repo.git.merge("-q", "--no-ff", "ola", "-m", "Merge branch 'ola'")
    edit(root / "pilots/testdalen/pilot.yaml", "id: testdalen", "id: testdal")
    move(repo, "pilots/testdalen", "pilots/testdal", "Nytt namn på pilotmappa", author=PER)
    repo.git.rm("-q", MOVED_PLAN)
    commit(repo, "Planen sletta ved eit mistak", author=PER)
    repo.git.checkout("HEAD~1", "--", MOVED_PLAN)
    commit(repo, "Planen er tilbake", author=KARI)
    edit(root / MOVED_PLAN, "650000\n        own_funds", "700000\n        own_funds")
    commit(repo, "Endå meir", author=OLA)
    monkeypatch.chdir(root)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    return repo


def _commit_of(repo: git.Repo, subject: str) -> str:
    return str(repo.git.log("--format=%H", f"--grep={subject}", "-F", "-n1"))


def test_the_history_follows_the_rename_the_merge_and_the_restored_plan(repo: git.Repo) -> None:
    result = invoke("history", "testdal", "-f", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    subjects = [c["message"] for c in found["commits"]]
    assert len(subjects) == 8 and subjects[-1].startswith("Første versjon")
    assert {"Kari Nordmann", "Ola Dunk", "Per Li"} <= {c["author"] for c in found["commits"]}
    text = invoke("history", "testdal").output
    assert "fila er lagd til att (samanlikna med den siste versjonen før ho vart sletta)" in text
    assert "flytta frå pilots/testdalen/plans/2026.yaml" in text
    assert "Merge branch 'ola' (samanslåing)" in text
    assert invoke("validate").exit_code == 0


def test_a_diff_from_where_the_plan_was_deleted_says_why_every_measure_is_new(
    repo: git.Repo,
) -> None:
    """Compared with the commit that deleted the plan, every measure was listed as new with
    nothing to say that the older side had no plan at all: a reader took them as added."""
    deleted = _commit_of(repo, "Planen sletta")
    result = invoke("diff", "testdal", "--base", deleted[:7])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == (
        f"{deleted[:7]} har ingen handlingsplan for 2026 eller åra før, så alle tiltaka i"
        " planen blir viste som nye."
    )
    assert lines[2] == "Nye tiltak"
    later = invoke("diff", "testdal", "--base", "HEAD~1").output
    assert "ingen handlingsplan" not in later


def test_a_diff_across_the_rename_heads_the_id_as_pilot_yaml(repo: git.Repo) -> None:
    first = _commit_of(repo, "Første versjon")
    result = invoke("diff", "testdal", "--base", first[:7])
    assert result.exit_code == 0, result.output
    text = [line.strip() for line in result.output.splitlines()]
    assert text[text.index("Endringar i avtala") + 1].startswith("delmål 2, tittel:")
    pilot_at = text.index("Endringar i pilot.yaml (piloten, partane og organiseringa)")
    assert text[pilot_at + 1] == "id: «testdalen» → «testdal»"


def test_a_shallow_clone_of_five_commits_says_where_it_stops(
    repo: git.Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _commit_of(repo, "Første versjon")
    merge = _commit_of(repo, "Merge branch 'ola'")
    clone = shallow_clone(repo, tmp_path / "clone", depth=5)
    monkeypatch.chdir(clone.working_dir)
    found = json.loads(invoke("history", "testdal", "-f", "json").stdout)
    assert len(found["commits"]) == 5
    assert found["shallow_boundary"] == [merge]
    assert f"sluttar ved commit {merge[:7]}" in invoke("history", "testdal").output
    missing = invoke("diff", "testdal", "--base", first[:7])
    assert missing.exit_code == 2
    assert "grunne klonen" in missing.output and "Traceback" not in missing.output
    assert invoke("validate").exit_code == 0


def test_a_base_without_the_new_pilot_is_refused_in_the_pilots_standard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    """A Nynorsk pilot added on a branch, compared with main where it is not yet, was
    refused in Bokmål (the command line's default): the pilot was never read."""
    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    repo.git.branch("-q", "ny-pilot")
    repo.git.rm("-r", "-q", "pilots/testdalen")
    commit(repo, "Ingen pilot på main")
    repo.git.switch("-q", "ny-pilot")
    monkeypatch.chdir(root)
    monkeypatch.delenv("BYGDEVEKST_LANGUAGE", raising=False)
    result = invoke("diff", "testdalen", "--base", "main")
    assert result.exit_code == 2
    assert "finst ikkje i revisjonen main; vel ein revisjon der pilotmappa finst" in result.output


def test_a_measures_history_shows_its_plan_deleted_and_restored(repo: git.Repo) -> None:
    """``--measure 1.1`` left out the commits that deleted the plan holding it and brought
    it back: the measure's trail jumped from one budget to the next as if it had been
    there all along. Asked twice, the second from the cache folder."""
    for _ in range(2):
        result = invoke("history", "testdal", "--measure", "1.1", "-f", "json")
        assert result.exit_code == 0, result.output
        commits = json.loads(result.stdout)["commits"]
        assert [c["message"] for c in commits] == [
            "Endå meir",
            "Planen er tilbake",
            "Planen sletta ved eit mistak",
            "Auka budsjett",
            "Første versjon av testdalen",
        ]
        deleted, restored = commits[2]["changes"], commits[1]["changes"]
        assert [c["text"] for c in deleted] == ["fila er sletta"]
        assert [(c["file"], c["measure"]) for c in restored] == [("plans/2026.yaml", None)]
        assert restored[0]["text"].startswith("fila er lagd til att")
    text = invoke("history", "testdal", "--measure", "1.1").output
    assert "Planen sletta ved eit mistak\n  plans/2026.yaml\n    fila er sletta" in text
    assert "Nytt namn på pilotmappa" not in text and "delmål 2" not in text


def test_a_pilot_asked_for_by_its_folders_old_name_is_told_where_it_went(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked by the name its folder had before ``git mv``, the history said only «Mente
    du «testdal»?», in Bokmål: nothing said that the folder had been moved, or where."""
    moved = _commit_of(repo, "Nytt namn på pilotmappa")
    monkeypatch.delenv("BYGDEVEKST_LANGUAGE")
    for asked in ("testdalen", "pilots/testdalen"):
        result = invoke("history", asked)
        assert result.exit_code == 2
        assert (
            f"Pilotmappa pilots/testdalen er flytta til pilots/testdal (commit {moved[:7]});"
            " historikken til piloten finst under det nye namnet: bygdevekst history testdal"
        ) in " ".join(result.output.split())
        assert "Mente du" not in result.output and "Traceback" not in result.output
    never = invoke("history", "nordvik")
    assert never.exit_code == 2 and "Fant ingen pilot «nordvik»" in never.output


@pytest.mark.parametrize(
    "arguments",
    [
        ("validate", "testdalen"),
        ("render", "plan", "testdalen"),
        ("plan", "new", "testdalen", "2027"),
        ("diff", "testdalen", "--from", "2025"),
    ],
)
def test_every_command_taking_a_pilot_tells_where_its_moved_folder_went(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch, arguments: tuple[str, ...]
) -> None:
    """Not only ``history``: a command given the folder's old name said «Mente du …?»."""
    moved = _commit_of(repo, "Nytt namn på pilotmappa")
    monkeypatch.delenv("BYGDEVEKST_LANGUAGE")
    result = invoke(*arguments)
    said = " ".join(result.output.split())
    assert result.exit_code == 2, said
    assert (
        f"Pilotmappa pilots/testdalen er flytta til pilots/testdal (commit {moved[:7]});"
        " piloten heiter no «testdal»"
    ) in said
    assert "Traceback" not in said


def test_a_measures_history_since_a_day_shows_its_plan_deleted_and_restored(
    repo: git.Repo,
) -> None:
    """``--since`` the day the plan was deleted, ``--measure 2.1`` (not changed since): the
    trail was empty, as if nothing had happened to the measure, because which file held it
    was learnt only from commits in the days asked. Asked twice, the second from the cache."""
    for _ in range(2):
        result = invoke("history", "testdal", "--measure", "2.1", "--since", "2026-01-06")
        assert result.exit_code == 0, result.output
        assert "Historikk for testdal (2 commits)" in result.output
        assert (
            "Planen sletta ved eit mistak\n  plans/2026.yaml\n    fila er sletta" in result.output
        )
        restored = "Planen er tilbake\n  plans/2026.yaml\n    fila er lagd til att (samanlikna"
        assert restored in result.output
        assert "Endå meir" not in result.output  # it raised 1.1, not 2.1
    asked = ("--measure", "2.1", "--since", "2026-01-07", "-f", "json")
    found = json.loads(invoke("history", "testdal", *asked).stdout)
    assert [c["message"] for c in found["commits"]] == ["Planen er tilbake"]


def test_a_measure_whose_plan_was_deleted_since_a_day_is_told_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    """The plan holding 1.1 deleted after the day asked from, and 1.1 in no plan now: the
    history was refused, «har ikkje hatt noko tiltak 1.1» (exit 2); so it was when the plan
    was deleted before the day."""
    repo = pilot_repo(tmp_path / "repo")
    root = Path(repo.working_dir)
    edit(root / "pilots/testdalen/agreement.yaml", "Fleire arbeidsplassar", "Fleire jobbar")
    commit(repo, "Ny tittel på delmål 2", author=OLA)
    repo.git.rm("-q", PLAN)
    commit(repo, "Planen er ute", author=PER)
    monkeypatch.chdir(root)
    result = invoke("history", "testdalen", "--measure", "1.1", "--since", "2026-01-02")
    assert result.exit_code == 0, result.output
    assert "Historikk for testdalen (1 commit)" in result.output
    assert "Planen er ute\n  plans/2026.yaml\n    fila er sletta" in result.output
    after = invoke("history", "testdalen", "--measure", "1.1", "--since", "2026-01-04")
    assert after.exit_code == 0, after.output  # a measure of the plan deleted before the day
    assert "Ingen commits har endra tiltak 1.1 sidan 4. januar 2026." in after.output
    unknown = invoke("history", "testdalen", "--measure", "9.9", "--since", "2026-01-02")
    assert unknown.exit_code == 2 and "9.9" in unknown.output
