"""The md overview's table names where each pilot's figures come from, as text, csv, xlsx,
json and html do: the folder or repository, the commit, and changes not committed. Without
it a table pasted into a report could not be traced back to a revision of the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bygdevekst_cli.language import words
from tests.gitrepo import pilot_repo
from tests.helpers import invoke
from tests.test_overview_grant_totals import nordbygd_repo


def _table(markdown: str) -> list[list[str]]:
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_each_row_names_its_source_and_commit(tmp_path: Path, lang: str) -> None:
    pilot_repo(tmp_path / "testdalen")
    sources = [str(tmp_path / "testdalen"), f"{nordbygd_repo(tmp_path / 'nordbygd')}@main"]
    shown = invoke("overview", "-f", "md", "--lang", lang, *sources)
    data = json.loads(invoke("overview", "-f", "json", *sources).stdout)
    assert shown.exit_code == 0, shown.output
    header, rule, *rows = _table(shown.stdout)
    assert header[-1] == {"nn": "Kjelde", "nb": "Kilde"}[lang] == words(lang)("overview.source")
    assert len(rule) == len(header) and rule[-1] == "---"
    for row, pilot in zip(rows, data["pilots"], strict=True):
        source = pilot["source"]
        assert row[0] == pilot["name"]
        # Markdown escapes the path's «_» (tmp_path's folder names have them)
        said = f"{source['location']} (commit {source['commit'][:12]})"
        assert row[-1].replace("\\_", "_") == said
    assert "@main" in rows[1][-1]  # what was named, at which commit


def test_a_working_tree_with_changes_says_so(tmp_path: Path) -> None:
    pilot_repo(tmp_path / "testdalen")
    pilot = tmp_path / "testdalen/pilots/testdalen/pilot.yaml"
    pilot.write_text(pilot.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    shown = invoke("overview", "-f", "md", "--lang", "nn", str(tmp_path / "testdalen"))
    assert shown.exit_code == 0, shown.output
    (row,) = _table(shown.stdout)[2:]
    assert row[-1].endswith(f", {words('nn')('overview.uncommitted')})")
