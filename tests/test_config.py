"""Configuration, select/ignore, severity overrides, inline suppression, --quiet and
--statistics: the real CLI on real files (the bundled pilots, and pilots in git repositories
under ``tmp_path``)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import git
import pytest
from typer.testing import Result

from bygdevekst_cli.config import Settings, find_config_file, read_config
from bygdevekst_cli.language import LANGUAGE_VARIABLE
from bygdevekst_cli.selection import folder_reader, is_selected, scan_suppressions
from tests.gitrepo import commit, init_repo
from tests.helpers import MINIMAL, REPO, edit, invoke, line_of

PLAN = "pilots/testdalen/plans/2026.yaml"
CASE_NUMBER = "    case_number: 26/10\n"
PARTY_LINE = "  - party: fyresdal\n    body: executive_committee\n"


@pytest.fixture(autouse=True)
def _no_language_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    """A configured language sets BYGDEVEKST_LANGUAGE in the process: undo it after a test."""
    monkeypatch.setenv(LANGUAGE_VARIABLE, "")
    monkeypatch.delenv(LANGUAGE_VARIABLE)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)


def findings(result: Result) -> list[dict[str, Any]]:
    data = json.loads(result.stdout)
    assert set(data) == {"ok", "errors", "warnings", "findings"}
    found: list[dict[str, Any]] = data["findings"]
    return found


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the minimal pilot whose formannskap meeting lacks its case
    number: exactly one warning, BV224 on the schedule entry's line."""
    import shutil

    root = tmp_path / "repo"
    init_repo(root)
    shutil.copytree(MINIMAL, root / "pilots" / "testdalen")
    edit(root / PLAN, CASE_NUMBER, "")
    monkeypatch.chdir(root)
    return root


def bv224_line(root: Path) -> int:
    return line_of((root / PLAN).read_text(encoding="utf-8"), "- party: fyresdal")


# --- the bundled pilots ------------------------------------------------------------------


@pytest.fixture
def bundled(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts per code of the bundled pilots, without any selection."""
    monkeypatch.chdir(REPO)
    result = invoke("validate", "-f", "json")
    assert result.exit_code == 0
    counts = Counter(f["code"] for f in findings(result))
    assert sum(counts.values()) >= 10 and len(counts) >= 8
    return dict(counts)


def test_ignore_a_prefix_drops_every_code_under_it(bundled: dict[str, int]) -> None:
    result = invoke("validate", "-f", "json", "--ignore", "BV22")
    assert result.exit_code == 0
    left = Counter(f["code"] for f in findings(result))
    assert left == {c: n for c, n in bundled.items() if not c.startswith("BV22")}
    assert left  # BV211 remains


def test_select_with_a_more_specific_ignore_and_repeated_comma_lists(
    bundled: dict[str, int],
) -> None:
    result = invoke("validate", "-f", "json", "--select", "BV22", "--ignore", "BV224,BV225")
    shown = Counter(f["code"] for f in findings(result))
    expected = {c: n for c, n in bundled.items() if c.startswith("BV22")}
    del expected["BV224"], expected["BV225"]
    assert shown == expected
    result = invoke("validate", "-f", "json", "--select", "BV224", "--select", "BV211")
    assert Counter(f["code"] for f in findings(result)) == {
        "BV224": bundled["BV224"],
        "BV211": bundled["BV211"],
    }


def test_statistics_counts_per_code_most_frequent_first(bundled: dict[str, int]) -> None:
    result = invoke("validate", "--statistics")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Funn per kode:"
    rows = [line.split() for line in lines[1:-1]]
    assert {row[1]: int(row[0]) for row in rows} == bundled
    assert [int(row[0]) for row in rows] == sorted(bundled.values(), reverse=True)
    assert rows[0][3] == "advarsel"
    total = sum(bundled.values())
    assert lines[-1].startswith(f"Ingen feil, {total} advarsler;")


def test_quiet_shows_only_errors_and_the_true_summary(bundled: dict[str, int]) -> None:
    result = invoke("validate", "-q")
    assert result.exit_code == 0
    total = sum(bundled.values())
    assert result.stdout.splitlines() == [f"Ingen feil, {total} advarsler; 8 filer kontrollert."]
    # machine formats keep every finding
    assert len(findings(invoke("validate", "-q", "-f", "json"))) == total


def test_quiet_keeps_errors(repo: Path) -> None:
    # a schema error stops the plan's rules (no BV224); the unused suppression is a warning
    text = edit(repo / PLAN, "own_funds: 100000", "own_funds: -3")
    (repo / PLAN).write_text(text + "# bygdevekst: ignore[BV101]\n", encoding="utf-8")
    assert [f["code"] for f in findings(invoke("validate", "-f", "json"))] == ["BV104", "BV090"]
    result = invoke("validate", "--quiet")
    assert result.exit_code == 1
    assert "BV104" in result.stdout
    assert "BV090" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith("1 feil, 1 åtvaring;")
    result = invoke("validate", "--quiet", "-f", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[:-1]] == ["::error"]
    assert lines[-1].startswith("1 feil, 1 åtvaring;")
    result = invoke("validate", "--statistics")
    assert result.exit_code == 1
    assert [line.split()[1:] for line in result.stdout.splitlines()[1:-1]] == [
        ["BV090", "unused-suppression", "åtvaring"],
        ["BV104", "whole-kroner", "feil"],
    ]
    assert result.stdout.splitlines()[-1].startswith("1 feil, 1 åtvaring;")


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_an_unknown_or_malformed_code_is_a_usage_error(repo: Path, option: str) -> None:
    result = invoke("validate", option, "BV9")
    assert result.exit_code == 2
    assert result.stderr == (
        f"bygdevekst: {option}: ingen kode begynner med «BV9»"
        " (se «bygdevekst validate --list-rules»)\n"
    )
    result = invoke("validate", option, "E501")
    assert result.exit_code == 2
    assert "«E501» er ikke en kode" in result.stderr


def test_the_more_specific_entry_wins() -> None:
    assert is_selected("BV224", ["BV"], [])
    assert not is_selected("BV224", ["BV"], ["BV22"])
    assert is_selected("BV224", ["BV224"], ["BV22"])
    assert not is_selected("BV224", ["BV22"], ["BV22"])
    assert not is_selected("BV101", ["BV2"], [])


# --- the configuration file -------------------------------------------------------------


def test_bygdevekst_toml_ignores_and_is_found_from_a_subfolder(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert invoke("validate").exit_code == 0
    assert "BV224" in invoke("validate").stdout
    (repo / "bygdevekst.toml").write_text('ignore = ["BV224"]\n', encoding="utf-8")
    monkeypatch.chdir(repo / "pilots" / "testdalen" / "plans")
    result = invoke("validate", "-f", "json")
    assert findings(result) == []
    # the command line adds to the file's ignore list; --select replaces its select
    result = invoke("validate", "-f", "json", "--select", "BV224")
    assert findings(result) == []


def test_pyproject_table_and_which_file_wins(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.bygdevekst]\nselect = ["BV1"]\n', encoding="utf-8"
    )
    result = invoke("validate", "-f", "json")
    assert findings(result) == []
    assert result.stderr == ""
    (repo / "bygdevekst.toml").write_text('select = ["BV2"]\n', encoding="utf-8")
    result = invoke("validate", "-f", "json")
    assert [f["code"] for f in findings(result)] == ["BV224"]
    assert "bygdevekst.toml" in result.stderr
    assert "pyproject.toml" in result.stderr
    assert "bare" in result.stderr


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ('select = ["bv999"]\n', "pyproject.toml:6: ingen kode begynner med «BV999»"),
        ("\n[tool.bygdevekst.severity]\nbv8 = 'error'\n", "pyproject.toml:8: ingen kode"),
        ('[tool.bygdevekst.colours]\nok = "green"\n', "pyproject.toml:6: ukjent nøkkel «colours»"),
    ],
)
def test_a_bad_pyproject_table_names_the_line_in_pyproject(
    repo: Path, table: str, expected: str
) -> None:
    (repo / "pyproject.toml").write_text(
        f'[project]\nname = "x"\nignore = ["BV999"]\n\n[tool.bygdevekst]\n{table}',
        encoding="utf-8",
    )
    result = invoke("validate", "-f", "json")
    assert result.exit_code == 2
    assert expected in result.stderr


def test_a_pyproject_without_the_table_is_passed_by(tmp_path: Path) -> None:
    init_repo(tmp_path)
    (tmp_path / "bygdevekst.toml").write_text('ignore = ["BV2"]\n', encoding="utf-8")
    inner = tmp_path / "sub"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config_file(inner) == (tmp_path / "bygdevekst.toml", None)


def test_the_search_stops_at_the_git_root(tmp_path: Path) -> None:
    (tmp_path / "bygdevekst.toml").write_text('ignore = ["BV2"]\n', encoding="utf-8")
    init_repo(tmp_path / "repo")
    assert find_config_file(tmp_path / "repo") == (None, None)


def test_severity_override_turns_a_warning_into_an_error_and_the_exit_code_follows(
    repo: Path,
) -> None:
    (repo / "bygdevekst.toml").write_text('[severity]\nBV22 = "error"\n', encoding="utf-8")
    result = invoke("validate")
    assert result.exit_code == 1
    assert f"{PLAN}:{bv224_line(repo)}:5: feil BV224" in result.stdout
    assert "1 feil, 0 åtvaringar" in result.stdout
    result = invoke("validate", "-f", "json")
    assert [(f["code"], f["severity"]) for f in findings(result)] == [("BV224", "error")]


def test_per_path_ignores_use_globs_relative_to_the_configuration(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = repo / "bygdevekst.toml"
    config.write_text(
        '[per-path-ignores]\n"pilots/*/plans/2025.yaml" = ["BV224"]\n', encoding="utf-8"
    )
    assert [f["code"] for f in findings(invoke("validate", "-f", "json"))] == ["BV224"]
    config.write_text(
        '[per-path-ignores]\n"pilots/*/plans/2026.yaml" = ["BV22"]\n', encoding="utf-8"
    )
    assert findings(invoke("validate", "-f", "json")) == []
    # relative to the configuration, not to where the command runs; ** crosses folders
    config.write_text('[per-path-ignores]\n"pilots/**/2026.yaml" = ["BV224"]\n', encoding="utf-8")
    monkeypatch.chdir(repo / "pilots" / "testdalen")
    assert findings(invoke("validate", "-f", "json")) == []
    config.write_text('[per-path-ignores]\n"plans/2026.yaml" = ["BV224"]\n', encoding="utf-8")
    assert [f["code"] for f in findings(invoke("validate", "-f", "json"))] == ["BV224"]
    # a per-path ignore wins over a more specific select
    config.write_text(
        'select = ["BV224"]\n[per-path-ignores]\n"pilots/*/plans/*.yaml" = ["BV22"]\n',
        encoding="utf-8",
    )
    assert findings(invoke("validate", "-f", "json")) == []


def test_format_from_the_configuration_and_the_option_wins(repo: Path) -> None:
    (repo / "bygdevekst.toml").write_text('format = "json"\n', encoding="utf-8")
    assert [f["code"] for f in findings(invoke("validate"))] == ["BV224"]
    assert invoke("validate", "-f", "text").stdout.startswith("pilots/testdalen/plans/2026.yaml")


def test_language_from_the_configuration_unless_the_environment_chose(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (repo / PLAN).read_text(encoding="utf-8")
    (repo / PLAN).write_text(text + "# bygdevekst: ignore[BV101]\n", encoding="utf-8")
    (repo / "bygdevekst.toml").write_text('language = "en"\n', encoding="utf-8")
    assert "matches no finding here" in invoke("validate").stdout
    monkeypatch.setenv(LANGUAGE_VARIABLE, "nn")
    assert "treffer ingen funn her; fjern ho" in invoke("validate").stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('ignore = ["BV224"]\nselects = ["BV2"]\n', "bygdevekst.toml:2: ukjent nøkkel «selects»"),
        (
            'ignore = "BV224\n',
            "bygdevekst.toml:1:16: ikke gyldig TOML: teksten mangler anførselstegnet til slutt",
        ),
        (
            '[severity]\nBV224 = "fatal"\n',
            "bygdevekst.toml:2: severity.BV224: «fatal» er ikke tillatt;"
            " bruk «error» eller «warning»",
        ),
        ('language = "sv"\n', "bygdevekst.toml:1: language: «sv» er ikke tillatt; bruk «nn», «nb»"),
        ('ignore = "BV224"\n', "bygdevekst.toml:1: ignore skal være en liste"),
        ("format = 3\n", "bygdevekst.toml:1: format skal være en tekst"),
        ('ignore = ["E501"]\n', "bygdevekst.toml:1: ignore: «E501» er ikke en kode"),
        ('ignore = ["BV8"]\n', "bygdevekst.toml:1: ingen kode begynner med «BV8»"),
        ('format = "xml"\n', "bygdevekst.toml:1: format: «xml» er ikke et utdataformat"),
        # the line of the code in a list of several over lines, not the key's
        ('# ignore = ["BV8"]\nignore = [\n  "BV224",\n  "BV8",\n]\n', "bygdevekst.toml:4: ingen"),
        ('ignore = [\n  "BV224",\n  "E501",\n]\n', "bygdevekst.toml:3: ignore: «E501» er ikke"),
        ('[severity]\nBV8 = "error"\n', "bygdevekst.toml:2: ingen kode begynner med «BV8»"),
        (
            '[per-path-ignores]\n"plans/*.yaml" = ["BV224"]\n"pilots/*.yaml" = ["BV2x"]\n',
            "bygdevekst.toml:3: per-path-ignores: «BV2x» er ikke en kode",
        ),
        ('[per-path-ignores]\n"plans/*.yaml" = ["BV8"]\n', "bygdevekst.toml:2: ingen kode"),
        # a table the file does not have: its header's line
        ('ignore = []\n\n[validate]\nselect = ["BV2"]\n', "bygdevekst.toml:3: ukjent nøkkel"),
        # pyproject's table name in bygdevekst.toml, which has the keys at the top
        (
            '[tool.bygdevekst.severity]\nBV224 = "error"\n',
            "bygdevekst.toml:1: ukjent nøkkel «tool»",
        ),
    ],
)
def test_a_bad_configuration_is_one_line_naming_the_file_and_exits_2(
    repo: Path, content: str, expected: str
) -> None:
    (repo / "bygdevekst.toml").write_text(content, encoding="utf-8")
    result = invoke("validate", "-f", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert expected in result.stderr
    assert str(repo / "bygdevekst.toml") in result.stderr
    assert "Traceback" not in result.stderr


def test_settings_accept_the_documented_example(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        "[tool.bygdevekst]\n"
        'select = ["bv"]\nignore = ["BV22", "BV304"]\n'
        'per-path-ignores = { "pilots/*/plans/2025.yaml" = ["BV223", "BV224"] }\n'
        'severity = { BV224 = "error" }\nlanguage = "nn"\nformat = "text"\n',
        encoding="utf-8",
    )
    config = read_config(path)
    assert config.file == path
    assert config.settings.select == ("BV",)
    assert config.settings.per_path_ignores == {"pilots/*/plans/2025.yaml": ("BV223", "BV224")}
    assert config.settings == Settings.from_table(
        {
            "select": ["BV"],
            "ignore": ["BV22", "BV304"],
            "per-path-ignores": {"pilots/*/plans/2025.yaml": ["BV223", "BV224"]},
            "severity": {"BV224": "error"},
            "language": "nn",
            "format": "text",
        }
    )


# --- inline suppression -----------------------------------------------------------------


def test_a_trailing_comment_suppresses_the_finding_on_its_line(repo: Path) -> None:
    edit(repo / PLAN, "  - party: fyresdal\n    body: executive_committee", "  - party: fyresdal  "
         "# bygdevekst: ignore[BV224]\n    body: executive_committee")  # fmt: skip
    result = invoke("validate")
    assert result.exit_code == 0
    assert "Ingen feil, 0 åtvaringar" in result.stdout


def test_a_comment_alone_on_the_line_above_suppresses_the_next_line(repo: Path) -> None:
    edit(repo / PLAN, PARTY_LINE, "  # bygdevekst: ignore[BV224]\n" + PARTY_LINE)
    assert findings(invoke("validate", "-f", "json")) == []


def test_a_comment_two_lines_above_does_not_suppress_and_is_reported_unused(repo: Path) -> None:
    edit(repo / PLAN, "schedule:\n", "schedule:\n  # bygdevekst: ignore[BV224]\n\n")
    found = findings(invoke("validate", "-f", "json"))
    comment = line_of((repo / PLAN).read_text(encoding="utf-8"), "bygdevekst: ignore")
    assert [(f["code"], f["line"], f["column"]) for f in found] == [
        ("BV090", comment, 3),
        ("BV224", comment + 2, 5),
    ]
    assert found[0]["severity"] == "warning"
    assert "BV224" in found[0]["message"]


def test_lines_after_a_hidden_line_break_are_counted_as_editors_count_them(repo: Path) -> None:
    """A title pasted with U+2028 in it (quoted, so the file reads): YAML counts a line
    there, editors, git and GitHub do not. The finding and the comment above it are both
    where an editor shows them, and the comment still suppresses the finding."""
    edit(
        repo / PLAN, "title: Kartlegging av bustadbehov", 'title: "Kartlegging\u2028av bustadbehov"'
    )
    text = (repo / PLAN).read_text(encoding="utf-8")
    assert "\u2028" in text
    entry = text.split("\n").index(PARTY_LINE.splitlines()[0]) + 1  # the editor's line
    [found] = findings(invoke("validate", "-f", "json"))
    assert (found["code"], found["line"]) == ("BV224", entry)
    edit(repo / PLAN, PARTY_LINE, "  # bygdevekst: ignore[BV224]\n" + PARTY_LINE)
    assert findings(invoke("validate", "-f", "json")) == []


def test_several_codes_and_only_the_unused_one_is_reported(repo: Path) -> None:
    edit(repo / PLAN, PARTY_LINE, "  # bygdevekst: ignore[BV224, BV225]\n" + PARTY_LINE)
    found = findings(invoke("validate", "-f", "json"))
    assert [f["code"] for f in found] == ["BV090"]
    assert "BV225" in found[0]["message"]
    assert "BV224" not in found[0]["message"]


def test_a_prefix_suppresses_and_unused_suppressions_can_be_ignored(repo: Path) -> None:
    edit(repo / PLAN, PARTY_LINE, "  # bygdevekst: ignore[BV22]\n" + PARTY_LINE)
    assert findings(invoke("validate", "-f", "json")) == []
    text = (repo / PLAN).read_text(encoding="utf-8")
    (repo / PLAN).write_text(text + "# bygdevekst: ignore[BV101]\n", encoding="utf-8")
    assert [f["code"] for f in findings(invoke("validate", "-f", "json"))] == ["BV090"]
    assert findings(invoke("validate", "-f", "json", "--ignore", "BV090")) == []


def test_an_unreadable_marker_is_reported(repo: Path) -> None:
    edit(repo / PLAN, PARTY_LINE, "  # bygdevekst: ignore BV224\n" + PARTY_LINE)
    found = findings(invoke("validate", "-f", "json"))
    assert [f["code"] for f in found] == ["BV091", "BV224"]
    assert "ignore BV224" in found[0]["message"]


def test_a_marker_inside_a_quoted_value_is_not_a_comment() -> None:
    suppressions, bad = scan_suppressions('title: "x"  # bygdevekst: ignore[BV211]\n# note\n')
    assert [(s.line, s.target, s.codes) for s in suppressions] == [(1, 1, ("BV211",))]
    assert bad == []


def test_the_folder_reader_gives_the_text_of_every_file_that_can_hold_a_marker(
    tmp_path: Path,
) -> None:
    """The reader looks for the word in the bytes before it decodes: it gives the file's
    text whenever that text holds the word, and None only where it does not (or the file
    cannot be read as UTF-8)."""
    shutil.copytree(REPO / "pilots", tmp_path / "pilots")
    (tmp_path / "marked.yaml").write_text("a: æ  # bygdevekst: ignore[BV224]\n", "utf-8")
    (tmp_path / "word.yaml").write_text("title: Bygdevekst og bygdevekst\n", "utf-8")
    (tmp_path / "latin1.yaml").write_bytes("a: æ  # bygdevekst: ignore[X]\n".encode("latin-1"))
    (tmp_path / "folder.yaml").mkdir()
    files = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.yaml")]
    read = folder_reader(tmp_path)
    for file in [*files, "missing.yaml"]:
        try:
            text: str | None = (tmp_path / file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        assert read(file) == (text if text is not None and "bygdevekst" in text else None)
    assert read("marked.yaml") is not None
    assert read("word.yaml") is not None
    assert read("latin1.yaml") is None


def test_the_rules_list_has_the_suppression_codes(repo: Path) -> None:
    result = invoke("validate", "--list-rules")
    assert "BV090  unused-suppression" in result.stdout
    assert "BV091  bad-suppression" in result.stdout


# --- check -----------------------------------------------------------------------------


def test_check_applies_the_configuration_and_inline_suppression(repo: Path) -> None:
    git_repo = git.Repo(repo)
    commit(git_repo, "Første versjon")
    edit(repo / PLAN, PARTY_LINE, "  # bygdevekst: ignore[BV224]\n" + PARTY_LINE)
    result = invoke("check", "--base", "HEAD", "-f", "json")
    assert result.exit_code == 0
    assert findings(result) == []
    commit(git_repo, "Undertrykk BV224")
    (repo / "bygdevekst.toml").write_text('[severity]\nBV090 = "error"\n', encoding="utf-8")
    edit(repo / PLAN, "  # bygdevekst: ignore[BV224]\n", "  # bygdevekst: ignore[BV225]\n")
    result = invoke("check", "--base", "HEAD", "-f", "text")
    assert result.exit_code == 1
    assert "feil BV090" in result.stdout
    # --head reads the suppression comments from that commit, not the working tree
    result = invoke("check", "--base", "HEAD~1", "--head", "HEAD", "-f", "json")
    assert result.exit_code == 0
    assert findings(result) == []


def test_check_select_and_quiet(repo: Path) -> None:
    git_repo = git.Repo(repo)
    commit(git_repo, "Første versjon")
    result = invoke("check", "--base", "HEAD", "-f", "text", "--ignore", "BV224")
    assert result.exit_code == 0
    assert "BV224" not in result.stdout
    result = invoke("check", "--base", "HEAD", "-f", "text", "-q")
    assert "BV224" not in result.stdout
    assert "Ingen feil, 1 åtvaring" in result.stdout
