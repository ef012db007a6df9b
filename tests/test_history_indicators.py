"""``history`` words the agreement's indicators, their nested values, a sub-goal added and
the plan's measured values as ``diff`` does (``present.value_text.value_lines``).

It printed «delmål 1, indikatorar folketal, mål, år: 2028 → 2030», a line for each field
of an indicator added or taken out («…, retning: ikkje fylt ut → increase»), and the
direction's code. A real repository in ``tmp_path``, the real CLI, the cache folder on (a
second run reads the lines from it); the JSON keeps its paths and codes (DESIGN.md's
contract), and its ``text`` is the text form's line.
"""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from tests.gitrepo import PLAN, commit
from tests.helpers import edit, invoke
from tests.test_diff_indicators import AGREEMENT, EXPECTED, _in, _revise, repo

__all__ = ["repo"]  # the fixture, shared with diff's test of the same words


def _newest(*args: str) -> list[str]:
    """The lines of the newest commit's changes in the text form, after its message."""
    result = invoke("history", "testdalen", *args)
    assert result.exit_code == 0, result.output
    blocks = result.stdout.replace("\u00a0", " ").split("\n\n")
    return [line.strip() for line in blocks[1].splitlines()[2:]]


def _said(language: str) -> list[str]:
    """diff's lines of the revision (``test_diff_indicators.EXPECTED``), under the files
    the history names."""
    agreement, plan = EXPECTED[language][2:-2], EXPECTED[language][-1:]
    return ["agreement.yaml", *agreement, "plans/2026.yaml", *plan]


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_indicators_and_a_sub_goal_read_as_diff_says_them(repo: git.Repo, language: str) -> None:
    """An indicator added or taken out is one sentence with its values, a target moved in
    year and value one line, a sub-goal added one sentence and its text a line; the same
    lines from the cache folder on a second run."""
    _in(repo, language)
    _revise(repo)
    assert _newest() == _said(language)
    assert _newest() == _said(language)


@pytest.mark.parametrize(
    ("language", "added", "value"),
    [
        (
            "nn",
            [
                "Ny indikator under delmål 1: «Folketal i kommunane» (eining: personar; "
                "kjelde: SSB; retning: auke; utgangspunkt: 5 200 i 2024; mål: 5 400 i 2028).",
                "Ny indikator under delmål 1: «Ledige bustader» (eining: bustader; "
                "retning: nedgang; utgangspunkt: 80 i 2024; mål: 40 i 2028).",
            ],
            "indikatorverdiar 2026, indikatoren «Folketal i kommunane», verdi: 5 260 → 5 270,5",
        ),
        (
            "nb",
            [
                "Ny indikator under delmål 1: «Folketal i kommunane» (enhet: personar; "
                "kilde: SSB; retning: økning; utgangspunkt: 5 200 i 2024; mål: 5 400 i 2028).",
                "Ny indikator under delmål 1: «Ledige bustader» (enhet: bustader; "
                "retning: nedgang; utgangspunkt: 80 i 2024; mål: 40 i 2028).",
            ],
            "indikatorverdier 2026, indikatoren «Folketal i kommunane», verdi: 5 260 → 5 270,5",
        ),
    ],
)
def test_indicators_added_and_a_value_read_by_their_titles(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cache_dir: Path,
    language: str,
    added: list[str],
    value: str,
) -> None:
    """Indicators added to an agreement that had none are a sentence each; a measured
    value changed in a commit of the plan alone names its indicator by the title the
    agreement has in that commit."""
    from tests.gitrepo import pilot_repo
    from tests.indicator_yaml import FOLKETAL, HANDLINGSPLAN, LEDIGE_BUSTADER, indicators
    from tests.test_diff_indicators import VALUE

    repo = pilot_repo(tmp_path / "repo")
    monkeypatch.chdir(repo.working_dir)
    _in(repo, language)
    agreement = Path(repo.working_dir, AGREEMENT)
    edit(agreement, HANDLINGSPLAN, HANDLINGSPLAN + indicators(FOLKETAL, LEDIGE_BUSTADER))
    commit(repo, "Indikatorar")
    assert _newest() == ["agreement.yaml", *added]
    with Path(repo.working_dir, PLAN).open("a", encoding="utf-8") as plan:
        plan.write(VALUE)
    commit(repo, "Verdi")
    edit(Path(repo.working_dir, PLAN), "value: 5260", "value: 5270.5")
    commit(repo, "Ny verdi")
    assert _newest() == ["plans/2026.yaml", value]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nn",
            [
                "agreement.yaml",
                "delmål 1, indikatoren «Folketal i kommunane», retning: auke → nedgang",
                "delmål 1, indikatoren «Folketal i kommunane», utgangsverdien: 5 200 → 5 210,5",
                "delmål 1, indikatoren «Folketal i kommunane», målåret: 2028 → 2030",
                "delmål 1, indikatoren «Ledige bustader», målverdien: 40 → 30",
            ],
        ),
        (
            "nb",
            [
                "agreement.yaml",
                "delmål 1, indikatoren «Folketal i kommunane», retning: økning → nedgang",
                "delmål 1, indikatoren «Folketal i kommunane», utgangsverdien: 5 200 → 5 210,5",
                "delmål 1, indikatoren «Folketal i kommunane», målåret: 2028 → 2030",
                "delmål 1, indikatoren «Ledige bustader», målverdien: 40 → 30",
            ],
        ),
    ],
)
def test_a_nested_value_reads_as_one_field_and_a_direction_by_its_word(
    repo: git.Repo, language: str, expected: list[str]
) -> None:
    """«mål, år» and «indikatorar folketal» were the path's fields and ids; a reader says
    «målåret» of «Folketal i kommunane»."""
    _in(repo, language)
    agreement = Path(repo.working_dir, AGREEMENT)
    edit(agreement, "direction: increase", "direction: decrease")
    edit(agreement, "value: 5200}", "value: 5210.5}")
    edit(agreement, "target: {year: 2028, value: 5400}", "target: {year: 2030, value: 5400}")
    edit(agreement, "target: {year: 2028, value: 40}", "target: {year: 2028, value: 30}")
    commit(repo, "Indikatorane justert")
    assert _newest() == expected


def test_the_json_keeps_its_paths_and_codes_and_says_the_texts_lines(repo: git.Repo) -> None:
    """The machine form is a contract: a change per path with the direction's code and the
    plain figure. Its ``text`` is the text form's line: a change that starts one has it,
    and each other change of an indicator added whole, or the other side of a target
    moved in year and value, has the line it is part of and, as ``part_of``, the index
    of the change that starts it (it had «delmål 1, indikatorar folketal, mål, år: 2028 →
    2030», «retning: ikkje fylt ut → increase»)."""
    _revise(repo)
    result = invoke("history", "testdalen", "-f", "json")
    assert result.exit_code == 0, result.output
    newest = json.loads(result.stdout)["commits"][0]["changes"]
    by_path = {c["path"]: c for c in newest}
    at = {c["path"]: index for index, c in enumerate(newest)}
    year, value = (
        by_path[f"sub_goals.1.indicators.folketal.target.{f}"] for f in ("year", "value")
    )
    assert (year["old"], year["new"], value["old"], value["new"]) == (2028, 2030, 5400, 5500)
    moved = EXPECTED["nn"][3]
    assert year["text"].replace("\u00a0", " ") == moved
    assert year["part_of"] is None
    assert (value["text"], value["part_of"]) == (year["text"], at[year["path"]])

    nye = [c for c in newest if c["path"].startswith("sub_goals.1.indicators.nye-bustader.")]
    assert {c["path"]: (c["old"], c["new"]) for c in nye} == {
        "sub_goals.1.indicators.nye-bustader.title": (None, "Nye bustader"),
        "sub_goals.1.indicators.nye-bustader.unit": (None, "bustader"),
        "sub_goals.1.indicators.nye-bustader.direction": (None, "increase"),
        "sub_goals.1.indicators.nye-bustader.target.year": (None, 2028),
        "sub_goals.1.indicators.nye-bustader.target.value": (None, 30),
    }
    first, *rest = nye
    assert first["text"].replace("\u00a0", " ") == EXPECTED["nn"][4]
    assert first["part_of"] is None
    assert {(c["text"], c["part_of"]) for c in rest} == {(first["text"], at[first["path"]])}

    sub_goal = [c for c in newest if c["path"].startswith("sub_goals.3.")]
    lines = [c["text"].replace("\u00a0", " ") for c in sub_goal if c["part_of"] is None]
    assert lines == EXPECTED["nn"][6:8]  # the sentence, then the text's own line
    assert by_path["indicator_values.2026.folketal.value"]["old"] == 5260
    assert {c["kind"] for c in newest} == {"agreement", "plan"}
    keys = {"file", "measure", "kind", "path", "old", "new", "text", "part_of"}
    assert all(set(c) == keys for c in newest)


def test_the_json_says_each_line_the_text_shows_once(repo: git.Repo) -> None:
    """The ``text`` of the changes that are part of none (``part_of`` null) are the text
    form's lines, in order."""
    _revise(repo)
    result = invoke("history", "testdalen", "-f", "json")
    newest = json.loads(result.stdout)["commits"][0]["changes"]
    started = [c["text"].replace("\u00a0", " ") for c in newest if c["part_of"] is None]
    assert started == [line for line in _newest() if not line.endswith(".yaml")]


def test_the_history_of_data_reads_as_the_shown_history(repo: git.Repo) -> None:
    """The history as data (``pilot_history``: what a pilot read at a revision shows) says
    the same lines as the history the command shows from the cache folder."""
    from bygdevekst_cli.history import pilot_history, shown_history
    from bygdevekst_cli.present.history import lines

    _revise(repo)
    shown = list(lines(shown_history("testdalen")))
    assert list(lines(pilot_history("testdalen"))) == shown
    assert (2, "", "delmål 3, tekst: ikkje fylt ut → «Partane skal betre samferdsla.»") in shown


def test_one_change_in_two_commits_names_the_indicator_by_each_commits_title(
    repo: git.Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same change of the plan (the same versions before and after) in two commits
    whose agreements give its indicator other titles: each names it by the title of its
    own commit, in the first history and in the next, from the cache folder (which
    keeps the words by the plan's versions, and gave the first commit's title to both)."""
    from tests.test_history_cache import Reads

    plan, agreement = Path(repo.working_dir, PLAN), Path(repo.working_dir, AGREEMENT)
    edit(plan, "value: 5260", "value: 5270")
    commit(repo, "Ny verdi")
    edit(plan, "value: 5270", "value: 5260")
    commit(repo, "Tilbake")
    edit(agreement, "title: Folketal i kommunane", "title: Innbyggjarar")
    commit(repo, "Ny tittel")
    edit(plan, "value: 5260", "value: 5270")
    commit(repo, "Ny verdi att")
    line = "indikatorverdiar 2026, indikatoren «{}», verdi: {} → {}"
    expected = {
        "Ny verdi att": line.format("Innbyggjarar", "5 260", "5 270"),
        "Tilbake": line.format("Folketal i kommunane", "5 270", "5 260"),
        "Ny verdi": line.format("Folketal i kommunane", "5 260", "5 270"),
    }

    def said() -> dict[str, str]:
        result = invoke("history", "testdalen", "-f", "json")
        assert result.exit_code == 0, result.output
        commits = json.loads(result.stdout)["commits"]
        return {
            c["message"]: c["changes"][0]["text"].replace("\u00a0", " ")
            for c in commits
            if c["message"] in expected
        }

    assert said() == expected
    reads = Reads(monkeypatch)
    assert said() == expected
    assert reads.nothing(), vars(reads)
    text = invoke("history", "testdalen").stdout.replace("\u00a0", " ")
    assert text.count(expected["Ny verdi att"]) == 1
    assert text.count(expected["Ny verdi"]) == 1
