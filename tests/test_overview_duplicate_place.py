"""A pilot id read twice (a fork beside its original) is reported naming both copies by
file and line: the message named the first copy's folder only, so the officer could not
tell which file to open to tell the two apart, or to remove one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bygdevekst_cli.cli import app
from bygdevekst_cli.language import words
from tests.gitrepo import commit, pilot_repo
from tests.helpers import edit


@pytest.fixture
def copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, str]:
    """testdalen in its own repository, and a fork whose pilot.yaml has a comment more
    before the id (line 4, not 3); the fork's commit."""
    monkeypatch.chdir(tmp_path)
    pilot_repo(tmp_path / "original")
    fork = pilot_repo(tmp_path / "fork")
    edit(tmp_path / "fork/pilots/testdalen/pilot.yaml", "id: testdalen", "# kopi\nid: testdalen")
    return "original", "fork", commit(fork, "Ein kommentar").hexsha[:12]


@pytest.mark.parametrize("lang", ["nn", "nb", "en"])
def test_the_message_names_both_copies_by_file_and_line(
    copies: tuple[str, str, str], lang: str
) -> None:
    original, fork, forked = copies
    env = {"BYGDEVEKST_LANGUAGE": lang}
    result = CliRunner().invoke(app, ["overview", "-f", "json", original, f"{fork}@main"], env=env)
    assert result.exit_code == 1, result.output
    (failure,) = json.loads(result.stdout)["failures"]
    data = json.loads(result.stdout)["pilots"][0]["source"]
    first = f"original/pilots/testdalen/pilot.yaml:3 @ {data['commit'][:12]}"
    second = f"fork@{forked}:pilots/testdalen/pilot.yaml:4"
    worded = {"pilot": "testdalen", "first": first, "second": second}
    # the JSON in the report's language (the pilots' Nynorsk), stderr in the command line's
    message = words("nn")("cli.overview.duplicate", **worded)
    assert failure == {"source": "fork@main", "message": message}
    assert words(lang)("cli.overview.duplicate", **worded) in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_the_report_names_both_copies_in_its_language(
    copies: tuple[str, str, str], lang: str
) -> None:
    original, fork, forked = copies
    result = CliRunner().invoke(app, ["overview", "-f", "md", "--lang", lang, fork, original])
    assert result.exit_code == 1, result.output
    failures = result.stdout.split(f"## {words(lang)('overview.failures')}")[1]
    assert f"pilots/testdalen/pilot.yaml:4 @ {forked}" in failures  # the first read
    assert "original/pilots/testdalen/pilot.yaml:3" in failures
