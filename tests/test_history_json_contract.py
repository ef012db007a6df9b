"""``history --format json`` against the contract in docs/design.md («Output for machines»):
the same keys at every level as the documented example, and every time in ISO 8601 with
its offset. The example is read from the document, so the two cannot drift apart."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import git
import pytest

from bygdevekst_cli.gitlog import parse_log, with_offset
from tests.gitrepo import OLA, PLAN, commit, raise_21, tag
from tests.helpers import REPO, edit, invoke

DESIGN = REPO / "docs" / "design.md"
TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
"""ISO 8601 with the offset written out (``+01:00``, ``+00:00``; not ``Z``)."""
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
OPTIONAL = {"shallow_boundary", "verify"}
"""Top-level keys the contract gives only when they apply."""
VERIFY = {"pilot", "adoptions", "ok", "errors", "warnings", "findings"}
VERIFIED = {"ref", "commit", "tag", "signature", "reachable"}


def documented() -> dict[str, Any]:
    """The example of the history's JSON in docs/design.md."""
    text = DESIGN.read_text(encoding="utf-8")
    start = text.index("history (`history --format json`")
    found = re.search(r"```json\n(.*?)```", text[start:], re.DOTALL)
    assert found is not None, "docs/design.md has no JSON example for history"
    example: dict[str, Any] = json.loads(found.group(1))
    return example


@pytest.fixture
def trail(repo: git.Repo) -> git.Repo:
    """Commits with a co-author, an adoption by tag, one recorded in the plan, and one
    recorded with a revision git does not have (an unreachable adoption)."""
    raised = raise_21(repo, 650000, "Større behov.")
    tag(repo, "vedtak/testdalen/2026/fyresdal-kommunestyre", "Fyresdal, sak 26/11")
    plan = Path(repo.working_dir, PLAN)
    edit(
        plan,
        "case_number: 26/11\n    outcome: adopted",
        f'case_number: 26/11\n    outcome: adopted\n    adopted_revision: "{raised.hexsha[:10]}"',
    )
    edit(
        plan,
        "case_number: 26/7\n    outcome: adopted",
        'case_number: 26/7\n    outcome: adopted\n    adopted_revision: "deadbeef00"',
    )
    commit(repo, "Vedtaka ført inn\n\nCo-authored-by: Ola Dunk <ola@testdalen.no>", author=OLA)
    return repo


def _same_keys(found: dict[str, Any], example: dict[str, Any], where: str) -> None:
    assert set(found) == set(example), where


def test_the_json_has_the_documented_keys_and_iso_times(trail: git.Repo) -> None:
    example = documented()
    commit_keys = example["commits"][0]
    change_keys = commit_keys["changes"][0]
    adoption_keys = commit_keys["adoptions"][0]
    result = invoke("history", "testdalen", "-f", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert set(found) == set(example)  # no optional key: not shallow, no --verify
    assert found["since"] is None and found["until"] is None
    adoptions = []
    for entry in found["commits"]:
        _same_keys(entry, commit_keys, entry["message"])
        assert TIME.fullmatch(entry["date"]), entry["date"]
        for change in entry["changes"]:
            _same_keys(change, change_keys, change["text"])
        adoptions += entry["adoptions"]
    assert found["commits"][0]["co_authors"] == ["Ola Dunk <ola@testdalen.no>"]
    assert {a["source"] for a in adoptions} == {"tag", "data"}
    for adoption in adoptions + found["unreachable_adoptions"]:
        _same_keys(adoption, adoption_keys, adoption["ref"])
        when = TIME if adoption["source"] == "tag" else DAY  # a tag's time, a meeting's day
        assert when.fullmatch(adoption["date"]), adoption
    [unreachable] = found["unreachable_adoptions"]
    assert (unreachable["ref"], unreachable["commit"]) == ("deadbeef00", None)


def test_the_bounded_and_verified_json_keeps_the_contract(trail: git.Repo) -> None:
    example = documented()
    asked = ("--since", "2026-01-02", "--until", "HEAD", "--verify", "-f", "json")
    result = invoke("history", "testdalen", *asked)
    found = json.loads(result.stdout)
    assert set(found) == set(example) | {"verify"}
    assert (found["since"], found["until"]) == ("2026-01-02", "HEAD")
    assert set(found["verify"]) == VERIFY
    assert all(set(checked) == VERIFIED for checked in found["verify"]["adoptions"])
    assert found["verify"]["adoptions"]  # the tag and the recorded revisions were checked
    day = json.loads(invoke("history", "testdalen", "--until", "2026-01-02", "-f", "json").stdout)
    assert DAY.fullmatch(day["until"]) and set(day) == set(example)


def test_a_time_in_utc_keeps_its_offset_whatever_gits_version(repo: git.Repo) -> None:
    """git 2.45 and later write UTC as ``Z`` in ``%aI`` and ``iso-strict``; the history
    writes ``+00:00``, as every other offset is written."""
    assert with_offset("2026-01-01T00:00:00Z") == "2026-01-01T00:00:00+00:00"
    assert with_offset("2026-01-01T01:00:00+01:00") == "2026-01-01T01:00:00+01:00"
    assert with_offset("") == ""
    sha = repo.head.commit.hexsha
    record = "\x1e" + "\x1f".join((sha, "", "Kari", "kari@x.no", "2026-01-01T00:00:00Z", "", "Ny"))
    [entry] = parse_log(record + "\0")
    assert entry.date == "2026-01-01T00:00:00+00:00"
    utc = {"GIT_AUTHOR_DATE": "1767225600 +0000", "GIT_COMMITTER_DATE": "1767225600 +0000"}
    edit(Path(repo.working_dir, PLAN), "600000\nstatus:", "610000\nstatus:")
    repo.git.add("--all")
    repo.git.commit("-m", "I UTC", env=utc)
    repo.git.tag("-a", "vedtak/testdalen/2026/utc", "-m", "UTC", env=utc)
    found = json.loads(invoke("history", "testdalen", "-f", "json").stdout)
    assert found["commits"][0]["date"] == "2026-01-01T00:00:00+00:00"
    assert found["commits"][0]["adoptions"][0]["date"] == "2026-01-01T00:00:00+00:00"
