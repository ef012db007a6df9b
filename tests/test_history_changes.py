"""``bygdevekst history`` keeps each file's changes as shown in the cache folder, by the blob
ids it compared (``change_store``): a second run compares nothing and says exactly what the
first said, a new commit is compared alone, and a damaged, stale or foreign entry is a miss.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import git
import pytest
from typer.testing import CliRunner

from bygdevekst_cli import cache, change_store, commit_changes, gitblobs, history, resultcache
from bygdevekst_cli.cli import app
from bygdevekst_cli.history import pilot_history
from bygdevekst_cli.present.history import to_json
from tests.gitrepo import PLAN, commit, move, pilot_repo, raise_21, tag
from tests.helpers import DAMAGE_NAMES, DAMAGES, edit

MOVED = "pilots/ny-dalen/plans/2026.yaml"
RUNS = (
    ("ny-dalen", "-f", "json"),
    ("ny-dalen",),
    ("ny-dalen", "--measure", "2.1", "-f", "json"),
    ("ny-dalen", "--since", "2026-01-08"),
    ("ny-dalen", "--since", "2026-01-05", "-f", "json"),  # starts at the broken commit
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> git.Repo:
    """A pilot with every kind of step: budgets, an adoption by tag and two recorded in the
    plan, a new plan year, a broken commit and its fix, a merge that resolves a conflict,
    a file of no known kind, and a move of the whole folder."""
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    adopted = raise_21(repo, 650000, "Større behov.")
    tag(repo, "vedtak/testdalen/2026/fyresdal-kommunestyre", "Fyresdal, sak 26/11")
    plan = Path(repo.working_dir, PLAN)
    edit(
        plan,
        "case_number: 26/11\n    outcome: adopted",
        "case_number: 26/11\n    outcome: adopted\n"
        "    adopted_revision: vedtak/testdalen/2026/fyresdal-kommunestyre",
    )
    edit(
        plan,
        "case_number: 26/7\n    outcome: adopted",
        f'case_number: 26/7\n    outcome: adopted\n    adopted_revision: "{adopted.hexsha[:10]}"',
    )
    commit(repo, "Vedtaka")
    text = plan.read_text(encoding="utf-8")
    next_year = text.replace("year: 2026", "year: 2027", 1)
    commit(repo, "Handlingsplan 2027", {PLAN.replace("2026", "2027"): next_year})
    commit(repo, "Feil", {PLAN: "- ikkje ein plan\n"})  # does not read
    commit(repo, "Retta", {PLAN: text.replace("650000", "660000")})
    repo.git.checkout("-b", "side")
    raise_21(repo, 700000, "Frå sida.")
    repo.git.checkout("main")
    raise_21(repo, 800000, "Frå main.")
    with pytest.raises(git.GitCommandError):
        repo.git.merge("side", "--no-ff", "-m", "Slå saman")
    repo.git.checkout("--theirs", PLAN)
    edit(plan, "state_measure_funds: 700000", "state_measure_funds: 750000")
    commit(repo, "Slå saman: semje om 750 000")
    commit(repo, "Notat", {"pilots/testdalen/notat.md": "Notat\n"})
    move(repo, "pilots/testdalen", "pilots/ny-dalen", "Ny mappe")
    budget(repo, 750000, 760000)
    return repo


def budget(repo: git.Repo, old: int, new: int) -> git.Commit:
    """Measure 2.1's state funds from ``old`` to ``new``, in the moved pilot."""
    text = Path(repo.working_dir, MOVED).read_text(encoding="utf-8")
    changed = text.replace(f"state_measure_funds: {old}", f"state_measure_funds: {new}")
    assert changed != text
    return commit(repo, f"Tiltak 2.1: {new} kr", {MOVED: changed})


def outputs() -> list[tuple[int, str]]:
    found = []
    for arguments in RUNS:
        result = CliRunner().invoke(app, ["history", *arguments])
        found.append((result.exit_code, result.output))
    return found


def without_cache(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    with monkeypatch.context() as patch:
        patch.setenv(cache.NO_CACHE_VARIABLE, "1")
        return outputs()


class Compared:
    """Counts the files the history compares (each a miss of the store), the blobs it
    reads from git, and the readings of the working tree's pilot."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.files: list[str] = []
        self.blobs: list[str] = []
        self.pilots = 0
        compare, read_blobs = commit_changes.Differ.compare, gitblobs.read_blobs
        read_facts = history._read_facts

        def spy_facts(*args: Any) -> Any:
            self.pilots += 1
            return read_facts(*args)

        def spy_compare(differ: Any, step: Any, change: Any) -> Any:
            self.files.append(change.path)
            return compare(differ, step, change)

        def spy_read(repo: Any, shas: Any) -> dict[str, bytes]:
            wanted = list(shas)
            self.blobs.extend(wanted)
            return read_blobs(repo, wanted)

        monkeypatch.setattr(history, "_read_facts", spy_facts)
        monkeypatch.setattr(commit_changes.Differ, "compare", spy_compare)
        monkeypatch.setattr(gitblobs, "read_blobs", spy_read)


def test_a_warm_history_compares_nothing_and_says_what_a_cold_one_says(
    repo: git.Repo, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = without_cache(monkeypatch)
    assert not cache_dir.exists()
    assert all(code == 0 for code, _ in cold)
    first = outputs()  # fills the store
    assert list(cache_dir.glob("history-changes/*.marshal"))

    counted = Compared(monkeypatch)
    warm = outputs()

    assert warm == first == cold
    assert counted.files == [] and counted.blobs == [] and counted.pilots == 0
    shown = json.loads(warm[0][1])
    assert shown == to_json(pilot_history("ny-dalen"))  # the changes as data, shown
    messages = [c["message"] for c in shown["commits"]]
    assert {"Feil", "Retta", "Slå saman: semje om 750 000", "Ny mappe"} <= set(messages)
    adoptions = [a["source"] for c in shown["commits"] for a in c["adoptions"]]
    assert adoptions == ["data"] * 4  # both plan years record both (one also by its tag)


def test_a_history_that_starts_at_a_broken_commit_does_not_bridge_from_outside(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``--since`` the version before a broken one is not in the history: the fix is
    compared with nothing, not with what the whole history compared it with, and both
    outcomes are kept side by side."""
    since = ["history", "ny-dalen", "--since", "2026-01-05", "-f", "json"]
    whole = CliRunner().invoke(app, ["history", "ny-dalen", "-f", "json"]).output
    counted = Compared(monkeypatch)
    part = CliRunner().invoke(app, since).output
    assert counted.files == ["pilots/testdalen/plans/2026.yaml"]  # the fix, from nothing
    again = Compared(monkeypatch)
    assert CliRunner().invoke(app, ["history", "ny-dalen", "-f", "json"]).output == whole
    assert CliRunner().invoke(app, since).output == part
    assert again.files == []
    cold = dict(zip(RUNS, without_cache(monkeypatch), strict=True))
    assert cold[tuple(since[1:])] == (0, part)
    assert cold[RUNS[0]] == (0, whole)


def test_a_new_commit_is_compared_alone(repo: git.Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    outputs()
    head = budget(repo, 760000, 770000)
    counted = Compared(monkeypatch)

    shown = json.loads(CliRunner().invoke(app, ["history", "ny-dalen", "-f", "json"]).output)

    assert counted.files == [MOVED]
    assert counted.blobs == [head.tree[MOVED].hexsha]
    assert shown == to_json(pilot_history("ny-dalen"))
    assert [c["measure"] for c in shown["commits"][0]["changes"]] == ["2.1"]


def _entry(cache_dir: Path) -> Path:
    (entry,) = cache_dir.glob("history-changes/*.marshal")
    return entry


@pytest.mark.parametrize("damage", DAMAGES, ids=DAMAGE_NAMES)
def test_a_damaged_entry_is_a_miss(
    repo: git.Repo, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    first = outputs()
    entry = _entry(cache_dir)
    entry.write_bytes(damage(entry.read_bytes()))

    counted = Compared(monkeypatch)
    assert outputs() == first
    assert counted.files  # compared again
    again = Compared(monkeypatch)
    assert outputs() == first
    assert again.files == []  # and stored anew


def test_stored_values_of_the_wrong_shape_are_a_miss(
    repo: git.Repo, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry whose checksum holds but whose values are wrong (written by a bug) is a
    miss value by value, never a wrong answer or a traceback."""
    first = outputs()
    name = f"history-changes/{_entry(cache_dir).stem}"
    wrong = [(1, (), []), (True, ("a", "b"), []), (True, (), [("only", "three", 3)]), None]
    wrong_facts = [("testdalen", 7, [], []), ("testdalen", "nn", [("data", "x")], [])]
    for facts in wrong_facts:
        store = change_store.load(name)
        assert store.facts is not None
        for number, key in enumerate(store.outcomes):
            store.outcomes[key] = wrong[number % len(wrong)]
        store.facts = (store.facts[0], facts)
        store.added = 1
        change_store.save(name, store)

        counted = Compared(monkeypatch)
        assert outputs() == first
        assert counted.files
        assert counted.pilots == 1  # read again once, and kept


def test_an_edited_working_tree_is_read_again(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facts of the working tree (the pilot's words, its recorded adoptions) are kept
    by its files' hashes: an edit is seen at once."""
    before = outputs()
    pilot = Path(repo.working_dir, "pilots/ny-dalen/pilot.yaml")
    edit(pilot, "language: nn", "language: nb")
    edit(Path(repo.working_dir, MOVED), "adopted_revision: vedtak/testdalen/", "#")
    counted = Compared(monkeypatch)
    after = outputs()
    assert counted.pilots == 1
    assert after == without_cache(monkeypatch)
    assert after[0] != before[0]


def test_the_language_of_messages_is_part_of_the_key(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    in_bokmaal = outputs()
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    in_nynorsk = outputs()
    assert in_nynorsk == without_cache(monkeypatch)
    assert in_nynorsk[0] != in_bokmaal[0]  # the broken commit's message


def test_two_installations_sharing_the_cache_folder_keep_entries_of_their_own(
    repo: git.Repo, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = outputs()
    this = (cache.INSTALLATION, resultcache.code_stamp)
    with monkeypatch.context() as patch:
        patch.setattr(cache, "INSTALLATION", "/another/installation")
        patch.setattr(resultcache, "code_stamp", lambda: "another code")
        counted = Compared(patch)
        assert outputs() == first
        assert counted.files  # its own entry, compared anew
    assert (cache.INSTALLATION, resultcache.code_stamp) == this
    assert len(list(cache_dir.glob("history-changes/*.marshal"))) == 2
    counted = Compared(monkeypatch)
    assert outputs() == first
    assert counted.files == []  # the first installation's entry is still there


def test_a_warm_history_imports_no_model_and_no_gitpython(repo: git.Repo, cache_dir: Path) -> None:
    """The saving is the imports as much as the work: checked in a process of its own."""
    script = (
        "import sys\n"
        "from bygdevekst_cli.cli import main\n"
        "sys.argv = ['bygdevekst', 'history', 'ny-dalen', '-f', 'json']\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    heavy = ('git', 'pydantic', 'bygdevekst_cli.models', 'bygdevekst_cli.diff')\n"
        "    found = sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)})\n"
        "    sys.stderr.write(repr(found))\n"
    )
    environment = {**os.environ, cache.CACHE_VARIABLE: str(cache_dir)}
    environment.pop(cache.NO_CACHE_VARIABLE, None)

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script],
            cwd=repo.working_dir,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )

    cold, warm = run(), run()
    assert cold.returncode == warm.returncode == 0
    assert warm.stdout == cold.stdout
    assert "pydantic" in cold.stderr
    assert warm.stderr == "[]"


def test_outcomes_of_commits_rewritten_away_are_dropped(repo: git.Repo, cache_dir: Path) -> None:
    """A run over the whole history keeps only what it used: the store does not grow with
    every rewritten commit (a run with ``--since`` drops nothing)."""
    invoke = CliRunner().invoke
    invoke(app, ["history", "ny-dalen"])
    name = f"history-changes/{_entry(cache_dir).stem}"
    before = change_store.load(name).outcomes
    old_blob = repo.head.commit.tree[MOVED].hexsha
    text = Path(repo.working_dir, MOVED).read_text(encoding="utf-8")
    Path(repo.working_dir, MOVED).write_text(text.replace("760000", "765000"), encoding="utf-8")
    repo.git.commit("-a", "--amend", "--no-edit")

    shown = invoke(app, ["history", "ny-dalen", "-f", "json"]).output

    after = change_store.load(name).outcomes
    assert len(after) == len(before)
    assert [k for k in before if k[4] == old_blob] and not [k for k in after if k[4] == old_blob]
    assert json.loads(shown) == to_json(pilot_history("ny-dalen"))


def test_a_second_history_in_one_process_is_served_from_the_store(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Called in-process (not from the command line), the first history makes the pilot's
    standard the process's language (``works_on``): the second still finds the entry, and
    compares nothing."""
    first = to_json(history.shown_history("ny-dalen"))
    counted = Compared(monkeypatch)
    second = to_json(history.shown_history("ny-dalen"))
    assert counted.files == [] and counted.blobs == [] and counted.pilots == 0
    assert second == first


def test_in_one_process_a_change_of_language_gives_its_own_words(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No stale words across nn and nb: each language's outcomes are kept apart, and each
    history says what one without the cache says."""

    def shown() -> dict[str, Any]:
        return to_json(history.shown_history("ny-dalen"))

    def uncached() -> dict[str, Any]:
        with monkeypatch.context() as patch:
            patch.setenv(cache.NO_CACHE_VARIABLE, "1")
            return shown()

    def broken(found: dict[str, Any]) -> str:
        (commit,) = [c for c in found["commits"] if c["message"] == "Feil"]
        message: str = commit["changes"][0]["new"]["message"]
        return message

    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    in_bokmaal = shown()
    assert in_bokmaal == uncached()
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    in_nynorsk = shown()
    assert in_nynorsk == uncached()
    assert broken(in_nynorsk) != broken(in_bokmaal)
    counted = Compared(monkeypatch)
    assert shown() == in_nynorsk
    assert counted.files == []  # the same language again: a hit
