"""The history reads each blob once: a file version seen again in a later commit (a
change undone, a file moved) is not parsed again, nor is a measure that did not change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import git
import pytest

from bygdevekst_cli import commit_changes, plan_pieces
from bygdevekst_cli.history import pilot_history
from bygdevekst_cli.plan_pieces import PlanPieces
from tests.gitrepo import PLAN, commit, move, raise_21


class Spy:
    """Counts what the history parses: plan blobs, measures, whole documents."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.plans: list[bytes] = []
        self.measures: list[str] = []
        self.fields: list[str] = []
        self.documents: list[bytes] = []
        parse, measure, read = PlanPieces.parse, plan_pieces._measure, commit_changes.read_document
        one_field = plan_pieces._field

        def spy_parse(pieces: PlanPieces, raw: bytes, sha: str | None = None) -> Any:
            self.plans.append(raw)
            return parse(pieces, raw, sha)

        def spy_measure(item: str) -> Any:
            self.measures.append(item)
            return measure(item)

        def spy_field(text: str) -> Any:
            self.fields.append(text)
            return one_field(text)

        def spy_read(source: Any, *args: Any) -> Any:
            self.documents.append(source.read(""))
            return read(source, *args)

        monkeypatch.setattr(PlanPieces, "parse", spy_parse)
        monkeypatch.setattr(plan_pieces, "_measure", spy_measure)
        monkeypatch.setattr(plan_pieces, "_field", spy_field)
        monkeypatch.setattr(commit_changes, "read_document", spy_read)


def test_a_blob_seen_again_is_parsed_once(repo: git.Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = Path(repo.working_dir, PLAN)
    original = plan.read_text(encoding="utf-8")
    raise_21(repo, 650000, "Større behov.")
    raised = plan.read_text(encoding="utf-8")
    commit(repo, "Angra", {PLAN: original})  # back to the first version's blob
    commit(repo, "Likevel", {PLAN: raised})  # and to the second's
    move(repo, PLAN, "pilots/testdalen/plans/2026.yml", "Kortare filnamn")  # same blob
    spy = Spy(monkeypatch)

    history = pilot_history("testdalen")

    assert len(history.commits) == 5
    # two distinct plan versions in five commits that each touched the plan
    assert sorted(spy.plans) == sorted({original.encode(), raised.encode()})
    # no measure read whole, and each field text once: the unchanged ones once for both
    assert spy.measures == []
    assert len(spy.fields) == len(set(spy.fields))
    assert set(spy.fields) == _fields(original) | _fields(raised)
    assert len(_fields(raised) - _fields(original)) == 2  # the budget, and the reason
    # pilot.yaml and agreement.yaml, read whole, once each
    assert len(spy.documents) == len(set(spy.documents)) == 2
    # and the history still says what happened
    assert [len(c.changes) > 0 for c in history.commits] == [True] * 5


def test_an_unchanged_measure_is_the_same_object_in_every_version(repo: git.Repo) -> None:
    raise_21(repo, 650000, "Større behov.")
    raise_21(repo, 700000, "Enno større behov.")
    history = pilot_history("testdalen")
    changed = [{c.measure for c in commit.changes} for commit in history.commits[:2]]
    assert changed == [{"2.1"}, {"2.1"}]  # the other measures were passed over as the same


def _fields(text: str) -> set[str]:
    blocks = dict(plan_pieces.split_top_level(text) or [])
    items = plan_pieces.split_items(blocks["measures"]) or []
    return {field for item in items for field in plan_pieces.split_fields(item) or []}
