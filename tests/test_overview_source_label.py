"""A pilot read from ``repo@main`` is said to come from ``repo@main (commit <id>)`` in every
format a reader sees, not ``repo@main @ <id>``: the second «@» read as part of a ref that
does not exist. csv, xlsx and json keep the location and the commit in their own fields."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.gitrepo import pilot_repo
from tests.helpers import invoke


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_a_named_ref_and_its_commit_read_cleanly(tmp_path: Path, fmt: str, lang: str) -> None:
    repo = pilot_repo(tmp_path / "testdalen")
    source = f"{repo.working_dir}@main"
    shown = invoke("overview", "-f", fmt, "--lang", lang, source)
    assert shown.exit_code == 0, shown.output
    commit = repo.head.commit.hexsha[:12]
    assert f"@main (commit {commit})" in shown.stdout
    assert not re.search(r"@\S* @ ", shown.stdout), "a second «@» after the ref"


def test_the_contract_fields_keep_location_and_commit_apart(tmp_path: Path) -> None:
    repo = pilot_repo(tmp_path / "testdalen")
    source = f"{repo.working_dir}@main"
    data = json.loads(invoke("overview", "-f", "json", source).stdout)
    (pilot,) = data["pilots"]
    assert pilot["source"] == {
        "location": source,
        "commit": repo.head.commit.hexsha,
        "uncommitted": False,
    }
