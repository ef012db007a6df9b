"""The command line as a whole: help in the chosen language, one meaning per short option,
exit 2 for every wrong use, and did-you-mean for pilot, municipality and measure ids.

Help texts are read from the catalogue when the application is imported, so each
language's help is taken from a fresh interpreter with ``BYGDEVEKST_LANGUAGE`` set (as a
user's shell would start it), running every command's ``--help`` through the real CLI.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import git
import pytest
import typer.main

from bygdevekst_cli.cli import app
from bygdevekst_cli.language import words
from bygdevekst_cli.rules.language import marker_words
from tests.gitrepo import commit, pilot_repo
from tests.helpers import edit, run_cli


def _commands() -> dict[str, object]:
    """Every command and group by the words that call it (``""`` is the program)."""
    found: dict[str, object] = {}

    def walk(command: object, path: list[str]) -> None:
        found[" ".join(path)] = command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = _commands()
LEAVES = sorted(name for name, c in COMMANDS.items() if not getattr(c, "commands", None))

_DUMP = """
import json, sys
from typer.testing import CliRunner
from bygdevekst_cli.cli import app
width = {"terminal_width": int(sys.argv[2])} if len(sys.argv) > 2 else {}
result = {}
for path in json.loads(sys.argv[1]):
    run = CliRunner().invoke(app, [*path.split(), "--help"], **width)
    result[path] = [run.exit_code, run.output]
print(json.dumps(result))
"""


@functools.cache
def help_of(language: str, width: int | None = None) -> dict[str, tuple[int, str]]:
    """``--help`` of every command, from a new process speaking ``language`` (through
    Typer's runner, ``width`` columns wide if given)."""
    env = {**os.environ, "BYGDEVEKST_LANGUAGE": language}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _DUMP,
            json.dumps(sorted(COMMANDS)),
            *([str(width)] if width else []),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return {path: (code, text) for path, (code, text) in json.loads(done.stdout).items()}


ENGLISH_CLICK = re.compile(r"\b(Usage|Options|Arguments|Commands)\b|Show this message")
PYTHON_TYPES = re.compile(
    r"<(str|int|float|bool|path|Path|text|int range|float range|list\[.*?\])>"
)
CLICK_TYPES = re.compile(r"\b(INTEGER|FLOAT|BOOLEAN|PATH|TEXT|FILENAME|DIRECTORY)\b")


@pytest.mark.parametrize("language", ["nn", "nb"])
@pytest.mark.parametrize("path", sorted(COMMANDS), ids=lambda p: p or "bygdevekst")
def test_norwegian_help_has_no_english_click_words_nor_python_types(
    language: str, path: str
) -> None:
    code, output = help_of(language)[path]
    assert code == 0, output
    assert output.startswith(words(language)("click.usage"))
    assert ENGLISH_CLICK.search(output) is None, output
    assert PYTHON_TYPES.search(output) is None, output
    assert CLICK_TYPES.search(output) is None, output


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=lambda p: p or "bygdevekst")
def test_english_help_has_no_norwegian_marker_word(path: str) -> None:
    code, output = help_of("en")[path]
    assert code == 0, output
    assert output.startswith("Usage: ")
    markers = marker_words()
    norwegian = {w.lower() for w in (*markers.nynorsk, *markers.bokmaal)}
    found = sorted({w for w in re.findall(r"[^\W\d_]+", output) if w.lower() in norwegian})
    assert found == [], output
    assert PYTHON_TYPES.search(output) is None, output


def _console_help(language: str, path: str) -> tuple[int, str]:
    """``bygdevekst <path> --help`` from the installed console script."""
    env = {**os.environ, "BYGDEVEKST_LANGUAGE": language, "COLUMNS": "80"}  # click: 78 wide
    script = Path(sysconfig.get_path("scripts")) / "bygdevekst"
    done = subprocess.run(
        [str(script), *path.split(), "--help"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return done.returncode, done.stdout + done.stderr


HELP_CASES = [("nb", path) for path in sorted(COMMANDS)] + [("nn", ""), ("en", ""), ("nn", "plan")]


@pytest.mark.parametrize(
    ("language", "path"),
    HELP_CASES,
    ids=[f"{lang}-{path or 'bygdevekst'}" for lang, path in HELP_CASES],
)
def test_the_console_script_prints_the_help_the_runner_prints(language: str, path: str) -> None:
    """The lazy top group (each command imported when it runs) prints, byte for byte, the
    help that Typer's runner prints with every command built."""
    assert _console_help(language, path) == help_of(language, 78)[path]


def test_the_top_help_lists_what_the_built_commands_say() -> None:
    """The short help of each command in ``bygdevekst --help`` comes from the catalogue
    without building the command; click, given the built commands, writes the same list."""
    from typer.core import TyperGroup, _click

    group = typer.main.get_command(app)
    ctx = _click.Context(group, info_name="bygdevekst")
    lazy, built = ctx.make_formatter(), ctx.make_formatter()
    group.format_commands(ctx, lazy)
    built_group = TyperGroup(name="bygdevekst", commands=dict(group.commands.items()))
    TyperGroup.format_commands(built_group, ctx, built)
    assert lazy.getvalue() == built.getvalue()
    assert "validate" in lazy.getvalue() and "import" in lazy.getvalue()


# --- options ---------------------------------------------------------------------------------


def test_a_short_option_means_one_thing_in_every_command() -> None:
    meanings: dict[str, set[str]] = {}
    for command in COMMANDS.values():
        for param in getattr(command, "params", []):
            names = [*param.opts, *param.secondary_opts]
            long = tuple(sorted(n for n in names if n.startswith("--")))
            for short in (n for n in names if re.fullmatch(r"-\w", n)):
                meanings.setdefault(short, set()).add(" ".join(long))
    assert meanings, "no short options found"
    assert {short: long for short, long in meanings.items() if len(long) != 1} == {}
    assert meanings["-f"] == {"--format"} and meanings["-o"] == {"--output"}


#: A value each command refuses as wrong use (exit 2), and the words that say why.
BAD_VALUES: dict[str, tuple[list[str], str]] = {
    "check": (["--format", "zzz"], "«zzz» er ikke auto, text"),
    "completion": (["zzz"], "«zzz» er ikke bash, zsh"),
    "diff": (["testdalen", "--from", "zzz", "--to", "2026"], "«--from»: må vere eit heilt tal"),
    "fmt": (["no/such/path"], "Stien finnes ikke: no/such/path"),
    "history": (["testdalen", "--since", "zzz"], "«zzz» er ikkje ein dato på forma ÅÅÅÅ-MM-DD"),
    "import agreement": (["no-such.docx", "--pilot", "x"], "«FIL»: no-such.docx finnes ikke"),
    "import plan": (["no-such.xlsx", "--pilot", "testdalen", "--year", "2026"], "finnes ikke"),
    "init": (["x", "--name", "X", "--lang", "zz"], "«--lang»: «zz» er ikke nn eller nb"),
    "migrate": (["no/such/path"], "Stien finnes ikke: no/such/path"),
    "overview": (["--format", "zzz"], "Ukjent format «zzz»"),
    "plan new": (["testdalen", "zzz"], "«ÅR»: må vere eit heilt tal"),
    "render": (["plan", "testdalen", "--year", "zzz"], "«--year»: må vere eit heilt tal"),
    "schema": (["--output", "pilots/testdalen/pilot.yaml"], "er en fil, ikke en mappe"),
    "site": (["--output", "site", "--downloads", "zzz"], "«zzz»"),
    "validate": (["--format", "zzz"], "«--format»: «zzz» er ikke text"),
}


def test_every_command_has_a_wrong_use_case() -> None:
    assert sorted(BAD_VALUES) == LEAVES


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pilot_repo(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("path", LEAVES)
def test_an_unknown_option_exits_2(repository: Path, path: str) -> None:
    code, output = run_cli(*path.split(), "--no-such-option")
    assert code == 2, output
    assert "Ukjent valg: --no-such-option." in output


@pytest.mark.parametrize("path", LEAVES)
def test_a_bad_value_exits_2_with_one_line(repository: Path, path: str) -> None:
    args, expected = BAD_VALUES[path]
    code, output = run_cli(*path.split(), *args)
    assert code == 2, output
    assert expected in output.splitlines()[-1], output
    assert "Traceback" not in output


# --- did you mean ----------------------------------------------------------------------------


def test_a_mistyped_municipality_is_suggested(repository: Path) -> None:
    code, output = run_cli("render", "case", "testdalen", "--municipality", "fyresdl", "-o", "-")
    assert code == 2
    assert output.splitlines()[-1].endswith("Meinte du «fyresdal»?")


def test_a_mistyped_measure_is_wrong_use_with_a_suggestion(repository: Path) -> None:
    code, output = run_cli("history", "testdalen", "--measure", "1.11")
    assert code == 2
    assert output.splitlines()[-1] == (
        "bygdevekst: Piloten testdalen har ikkje hatt noko tiltak «1.11». Meinte du «1.1»?"
    )
    code, output = run_cli("history", "testdalen", "--measure", "1.1")
    assert code == 0, output


def test_a_measure_only_in_the_history_is_known(repository: Path) -> None:
    plan = repository / "pilots" / "testdalen" / "plans" / "2026.yaml"
    text = plan.read_text(encoding="utf-8")
    edit(plan, '  - id: "2.1"', '  - id: "2.9"')
    commit(git.Repo(repository), "Tiltak 2.1 heiter no 2.9")
    assert "2.1" in text
    code, output = run_cli("history", "testdalen", "--measure", "2.1")
    assert code == 0, output
    assert "2.1" in output


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nn", "Valet «--lang» manglar. Vel mellom nn eller nb."),
        ("nb", "Valget «--lang» mangler. Velg mellom nn eller nb."),
        ("en", "Missing option «--lang». Choose from nn or nb."),
    ],
)
def test_a_missing_choice_option_names_its_choices_in_the_language(
    language: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BYGDEVEKST_LANGUAGE", language)
    code, output = run_cli("init", "nye-dalen", "--name", "Nye-dalen")
    assert code == 2
    assert expected in output
    assert "Choose from:" not in output
    assert not (tmp_path / "pilots").exists()
