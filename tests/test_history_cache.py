"""The history keeps the plan pieces it read in the cache folder, by blob id: a second
history reads no blob and no YAML it has read before, and says exactly what the first said.
A damaged entry, or one written by another version of the tool, is a miss."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import git
import pytest

from bygdevekst_cli import cache, commit_changes, gitblobs, plan_pieces, resultcache
from bygdevekst_cli.history import pilot_history
from bygdevekst_cli.plan_pieces import PieceStore, PlanPieces, load_store, save_store
from bygdevekst_cli.present.history import to_json
from tests.gitrepo import NEW_MEASURE, PLAN, commit, move, pilot_repo, raise_21
from tests.helpers import DAMAGE_NAMES, DAMAGES


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> git.Repo:
    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    raise_21(repo, 650000, "Større behov.")
    plan = Path(repo.working_dir, PLAN)
    text = plan.read_text(encoding="utf-8")
    added = text.replace("\nstatus:\n  sub_goals", "\n" + NEW_MEASURE + "\n  sub_goals")
    assert added != text
    commit(repo, "Nytt tiltak 1.2", {PLAN: added})
    commit(repo, "Feil", {PLAN: "- ikkje ein plan\n"})  # does not read
    commit(repo, "Retta", {PLAN: added})
    move(repo, "pilots/testdalen", "pilots/ny-dalen", "Ny mappe")
    budget(repo, 650000, 700000)
    return repo


MOVED = "pilots/ny-dalen/plans/2026.yaml"


def budget(repo: git.Repo, old: int, new: int) -> git.Commit:
    """Measure 2.1's state funds from ``old`` to ``new``, in the moved pilot."""
    text = Path(repo.working_dir, MOVED).read_text(encoding="utf-8")
    changed = text.replace(f"state_measure_funds: {old}", f"state_measure_funds: {new}")
    assert changed != text
    return commit(repo, f"Tiltak 2.1: {new} kr", {MOVED: changed})


class Reads:
    """Counts what the history reads from git and parses: blobs asked of ``git cat-file``,
    blobs read one by one, plan versions and pieces parsed, documents read whole."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.bulk: list[str] = []
        self.single: list[str] = []
        self.plans: list[bytes] = []
        self.pieces: list[str] = []
        self.documents: list[str] = []
        read_blobs, read_one = gitblobs.read_blobs, commit_changes.Blobs._read
        parse, load, read_document = (
            PlanPieces.parse,
            plan_pieces._load,
            commit_changes.read_document,
        )

        def spy_bulk(repo: git.Repo, shas: Any) -> dict[str, bytes]:
            wanted = list(shas)
            self.bulk.extend(wanted)
            return read_blobs(repo, wanted)

        def spy_one(blobs: commit_changes.Blobs, sha: str) -> bytes | None:
            self.single.append(sha)
            return read_one(blobs, sha)

        def spy_parse(pieces: PlanPieces, raw: bytes, sha: str | None = None) -> Any:
            self.plans.append(raw)
            return parse(pieces, raw, sha)

        def spy_load(text: str) -> Any:
            self.pieces.append(text)
            return load(text)

        def spy_document(source: Any, relative: str, *args: Any) -> Any:
            self.documents.append(relative)
            return read_document(source, relative, *args)

        monkeypatch.setattr(gitblobs, "read_blobs", spy_bulk)
        monkeypatch.setattr(commit_changes.Blobs, "_read", spy_one)
        monkeypatch.setattr(PlanPieces, "parse", spy_parse)
        monkeypatch.setattr(plan_pieces, "_load", spy_load)
        monkeypatch.setattr(commit_changes, "read_document", spy_document)

    def nothing(self) -> bool:
        return not (self.bulk or self.single or self.plans or self.pieces or self.documents)


def test_a_second_history_reads_no_blob_and_says_the_same(
    repo: git.Repo, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Reads(monkeypatch)
    before = to_json(pilot_history("ny-dalen"))
    assert first.bulk and first.plans and first.pieces and first.documents
    assert list(cache_dir.glob("history/*.marshal"))

    second = Reads(monkeypatch)
    after = to_json(pilot_history("ny-dalen"))

    assert second.nothing(), vars(second)
    assert after == before
    assert len(after["commits"]) == 7
    (broken,) = [c for c in after["commits"] if c["message"] == "Feil"]
    assert broken["changes"][0]["new"]["code"].startswith("BV")  # as the first run said


def test_a_new_commit_reads_only_its_own_blob(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    pilot_history("ny-dalen")
    head = budget(repo, 700000, 800000)
    new_blob = head.tree[MOVED].hexsha
    reads = Reads(monkeypatch)

    history = pilot_history("ny-dalen")

    assert reads.bulk == [new_blob]
    assert len(reads.plans) == 1
    assert not reads.documents  # pilot.yaml and agreement.yaml are in the store
    assert {c.measure for c in history.commits[0].changes} == {"2.1"}
    again = Reads(monkeypatch)
    pilot_history("ny-dalen")
    assert again.nothing()


def _entry(cache_dir: Path) -> Path:
    (entry,) = cache_dir.glob("history/*.marshal")
    return entry


@pytest.mark.parametrize("damage", DAMAGES, ids=DAMAGE_NAMES)
def test_a_damaged_entry_is_a_miss(
    repo: git.Repo, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    before = to_json(pilot_history("ny-dalen"))
    entry = _entry(cache_dir)
    entry.write_bytes(damage(entry.read_bytes()))

    reads = Reads(monkeypatch)
    after = to_json(pilot_history("ny-dalen"))

    assert after == before
    assert reads.bulk and reads.plans  # read again from git, not from the damaged entry
    again = Reads(monkeypatch)
    pilot_history("ny-dalen")
    assert again.nothing()  # and stored anew


def test_stored_pieces_that_no_longer_validate_are_read_again(
    repo: git.Repo, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry whose checksum holds but whose pieces are wrong (written by a bug) is
    still not trusted further than validation: such a plan is read from git."""
    before = to_json(pilot_history("ny-dalen"))
    store = load_store(_store_name(cache_dir))
    assert store.measures
    for ref in store.measures:
        store.measures[ref] = {"id": "x"}  # a measure without its required fields
    store.added = 1
    save_store(_store_name(cache_dir), store)

    reads = Reads(monkeypatch)
    after = to_json(pilot_history("ny-dalen"))

    assert after == before
    assert reads.plans


def _store_name(cache_dir: Path) -> str:
    return f"history/{_entry(cache_dir).stem}"


def test_another_tool_version_is_a_miss(repo: git.Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    before = to_json(pilot_history("ny-dalen"))
    monkeypatch.setattr(resultcache, "tool_version", lambda: "99.0.0")

    reads = Reads(monkeypatch)
    after = to_json(pilot_history("ny-dalen"))

    assert after == before
    assert reads.bulk and reads.plans


def test_another_code_stamp_is_a_miss(repo: git.Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    pilot_history("ny-dalen")
    monkeypatch.setattr(resultcache, "code_stamp", lambda: "other code")

    reads = Reads(monkeypatch)
    pilot_history("ny-dalen")

    assert reads.bulk and reads.plans


def test_with_the_cache_off_nothing_is_kept(
    repo: git.Repo, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.NO_CACHE_VARIABLE, "1")
    pilot_history("ny-dalen")
    reads = Reads(monkeypatch)
    pilot_history("ny-dalen")
    assert reads.bulk and reads.plans
    assert not cache_dir.exists()


def test_the_store_survives_the_round_trip_through_marshal(repo: git.Repo) -> None:
    pieces = PlanPieces()
    raw = Path(repo.working_dir, MOVED).read_bytes()
    plan = pieces.parse(raw, sha="a" * 40)
    assert plan is not None
    again = PlanPieces(PieceStore.decode(pieces.store.encode()))
    assert again.stored("a" * 40) == plan
    assert again.stored("b" * 40) is None


def test_a_stored_problem_is_worded_in_the_language_of_the_run(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> dict[str, Any]:
        history = to_json(pilot_history("ny-dalen"))
        (commit,) = [c for c in history["commits"] if c["message"] == "Feil"]
        change: dict[str, Any] = commit["changes"][0]["new"]
        return change

    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nb")
    in_bokmaal = broken()
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", "nn")
    in_nynorsk = broken()
    monkeypatch.setenv(cache.NO_CACHE_VARIABLE, "1")
    assert in_nynorsk == broken()  # as read without the cache
    assert in_nynorsk["message"] != in_bokmaal["message"]


def test_the_agreements_a_history_words_from_are_each_commits(repo: git.Repo) -> None:
    """The agreement's blobs at every commit and its first parent (what a plan's measured
    value names its indicator from, and the store keeps such words by), asked of git in
    one process, are those the commits' trees list: none at the root commit's parent,
    none at the moved folder's name in the parent of the move."""
    from bygdevekst_cli.history import _listed_agreement, _trail, agreement_blobs

    trail = _trail("ny-dalen", None, None)
    found = agreement_blobs(trail.repo, trail.steps)
    assert found == {s.entry.commit: _listed_agreement(trail.repo, s) for s in trail.steps}
    sha = repo.head.commit.tree["pilots/ny-dalen/agreement.yaml"].hexsha
    root, moved = trail.steps[-1], next(s for s in trail.steps if s.entry.subject == "Ny mappe")
    assert found[root.entry.commit] == (None, None, sha, None)
    assert found[moved.entry.commit] == (None, None, sha, None)
    assert found[trail.steps[0].entry.commit] == (sha, None, sha, None)


def test_a_history_that_names_no_indicator_asks_nothing_of_the_agreement(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only words that name an indicator by the agreement's title depend on the agreement
    of their commit: a history with none looks up no agreement, first or from the store."""
    from bygdevekst_cli import history

    asked: list[int] = []

    def spy(place: Any, steps: list[Any]) -> Any:
        asked.append(len(steps))
        return looked_up(place, steps)

    looked_up = history.agreement_blobs
    monkeypatch.setattr(history, "agreement_blobs", spy)
    first = to_json(history.shown_history("ny-dalen"))
    assert to_json(history.shown_history("ny-dalen")) == first
    assert first["commits"] and asked == []
