"""A newcomer and a secretariat, end to end (README.md, docs/, the wheel, init, CI files).

The README promises that set-up is two commands on a fresh clone; these tests hold what
such a clone, the command examples of the documentation and a pilots repository see."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from typer._click.core import Context
from typer._click.exceptions import ClickException

from bygdevekst_cli.cli import app
from bygdevekst_cli.language import words
from tests.gitrepo import init_repo
from tests.helpers import REPO, fresh_clone, run_cli

#: Tests that read the source documents through a helper or a parametrize table (not by the
#: names ``conftest.uses_seeds`` looks for); a fresh clone once failed them with a traceback.
INDIRECT_SEED_READERS = (
    "tests/test_import_robustness.py::test_chapter_headings_with_the_word_kapittel[txt-nn]",
    "tests/test_import_robustness.py::test_soft_hyphens_and_special_hyphens_do_not_split_words"
    "[txt-invisible-breaks]",
    "tests/test_import_layouts.py::test_scanned_text_in_word_is_repaired_and_reported",
)


@pytest.mark.parametrize(("ci", "outcome"), [(None, "3 skipped"), ("true", "3 failed")])
def test_tests_that_read_the_seeds_through_a_helper_skip_in_a_fresh_clone(
    tmp_path: Path, ci: str | None, outcome: str
) -> None:
    clone = fresh_clone(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rsf",
            *INDIRECT_SEED_READERS,
        ],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert outcome in result.stdout, output
    assert "the source documents are absent" in result.stdout, output
    assert "FileNotFoundError" not in output, output


#: The documents a newcomer reads, whose command examples must be real commands.
DOCUMENTS = (
    "README.md",
    "docs/design.md",
    "docs/configuration.md",
    "ci/README.md",
    "ci/pages/README.md",
)

#: Shells whose fenced blocks hold commands (a bare fence is a synopsis or a listing).
SHELL_FENCES = ("sh", "console", "powershell")

#: A word in capitals (``PILOT``, ``PATH...``, ``REV``) or in angle brackets stands for a value.
PLACEHOLDER = re.compile(r"\b[A-Z]{2,}(?:-[A-Z]+)*\b|<[^>]+>|\[|\.\.\.|…")


@dataclass(frozen=True)
class Example:
    """One ``bygdevekst …`` command a document shows, where it shows it."""

    where: str
    words: tuple[str, ...]
    runnable: bool  # in a shell block, with no placeholder: it must parse as it stands

    def __str__(self) -> str:
        return f"{self.where}: bygdevekst {' '.join(self.words)}"


def _commands_in(text: str, where: str, runnable: bool) -> Iterator[Example]:
    """The ``bygdevekst`` commands of one shell line (after ``VAR=value`` prefixes, between
    pipes and ``&&``, before a comment)."""
    for part in re.split(r"\|\|?|&&|;", re.split(r"\s#", text)[0]):
        if "bygdevekst" not in part:
            continue
        words = shlex.split(part.strip())
        while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
            words.pop(0)
        if words[:1] == ["bygdevekst"] and len(words) > 1:
            placeholder = bool(PLACEHOLDER.search(" ".join(words[1:]).replace("BV", "")))
            yield Example(where, tuple(words[1:]), runnable and not placeholder)


def examples(relative: str) -> Iterator[Example]:
    """Every command in ``relative``'s fenced shell blocks (continued lines joined) and in
    its inline code (only its command and option names are checked there)."""
    fence: str | None = None
    pending = ""
    for number, line in enumerate((REPO / relative).read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            fence = None if fence is not None else line.strip()[3:]
            continue
        where = f"{relative}:{number}"
        if fence is None:
            for code in re.findall(r"`([^`]+)`", line):
                yield from _commands_in(code, where, runnable=False)
        elif fence in SHELL_FENCES or fence == "":
            pending += line.strip()
            if pending.endswith("\\"):
                pending = pending[:-1] + " "
                continue
            yield from _commands_in(pending, where, runnable=fence in SHELL_FENCES)
            pending = ""


ALL_EXAMPLES = [example for document in DOCUMENTS for example in examples(document)]


def _command_of(words: tuple[str, ...]) -> tuple[Any, list[str], list[str]]:
    """The command the words call, the words naming it, and the words given to it."""
    command: Any = typer.main.get_command(app)
    path: list[str] = []
    rest = list(words)
    context = Context(command, info_name="bygdevekst")
    while hasattr(command, "list_commands") and rest and rest[0] in command.list_commands(context):
        path.append(rest[0])
        command = command.get_command(context, rest.pop(0))
    return command, path, rest


def test_the_documents_show_commands() -> None:
    """The extraction itself finds the examples (so the test below cannot pass on none)."""
    shown = {str(example).split(": ", 1)[1] for example in ALL_EXAMPLES}
    assert "bygdevekst validate --list-rules" in shown
    assert "bygdevekst render plan vest-telemark -f docx -f pdf" in shown
    assert sum(example.runnable for example in ALL_EXAMPLES) > 40


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=str)
def test_every_command_example_in_the_docs_is_a_real_command(
    example: Example, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command, path, rest = _command_of(example.words)
    group_words = [word for word in rest if not word.startswith("-")]
    assert not (hasattr(command, "list_commands") and group_words), f"{example}: no such command"
    context = Context(typer.main.get_command(app), info_name="bygdevekst")
    known = {"-h", "--help"} | {
        name for param in command.params for name in (*param.opts, *param.secondary_opts)
    }
    options = [word.split("=")[0].strip("[]") for word in rest if word.startswith(("-", "[-"))]
    unknown = [option for option in options if option not in known and option != "-"]
    assert not unknown, f"{example}: no option {unknown} in «bygdevekst {' '.join(path)}»"
    if not example.runnable:
        return
    monkeypatch.chdir(REPO)
    args = [_example_file(word, tmp_path) for word in rest]
    try:
        command.make_context(" ".join(["bygdevekst", *path]), args, parent=context)
    except typer.Exit:
        pass  # --version, --list-rules: an option that does its work while parsed
    except ClickException as error:
        pytest.fail(f"{example}: {error.format_message()}")


#: The files the import examples read, made empty where the example names one.
IMPORT_SUFFIXES = (".docx", ".odt", ".md", ".txt", ".xlsx", ".xlsm", ".ods", ".csv")


def _example_file(word: str, folder: Path) -> str:
    """``word``, or an empty file of that name in ``folder`` when it is a document to import
    that the repository does not have (only its name matters to the parser)."""
    if not word.endswith(IMPORT_SUFFIXES) or (REPO / word).exists():
        return word
    (folder / word).touch()
    return str(folder / word)


#: A placeholder in a help text: a word in capitals (``FIL``, ``PILOT-ID``).
CAPITALS = re.compile(r"(?<![\w$])[A-ZÆØÅ][A-ZÆØÅ-]+(?![\w])")


def _placeholders(text: str) -> set[str]:
    """The placeholders of a command's help: those of its usage line, of its arguments'
    rows, and the ``<…>`` of its options (a list of choices, ``<a|b>``, is no placeholder)."""
    lines = text.splitlines()
    found = set(CAPITALS.findall(lines[0].split("bygdevekst", 1)[1]))
    for line in lines[1:]:
        row = re.match(r"^  (?:(-\S+, )?--?\S+ )?(?P<name>[A-ZÆØÅ][A-ZÆØÅ-]+)?\s*(<[^>|]+>)?", line)
        if row and row["name"] and re.match(r"^  [A-ZÆØÅ-]+ <", line):
            found.add(row["name"])
    found |= set(re.findall(r"<([A-ZÆØÅ][A-ZÆØÅ-]*)>", "\n".join(lines[1:])))
    return found


@pytest.mark.parametrize("language", ["nn", "nb"])
def test_every_placeholder_in_the_help_is_a_word_of_the_language(language: str) -> None:
    """``SOURCE`` once stood in ``overview`` and ``site`` for the Norwegian «KJELDE»."""
    from tests.test_cli_use import help_of

    catalogue = words(language)
    metavars = [key for key in sorted(catalogue.keys()) if key.startswith("click.metavar.")]
    allowed = {catalogue(key) for key in metavars}
    strays = {
        command: sorted(_placeholders(text) - allowed - {"BVxxx", "N"})
        for command, (_, text) in help_of(language).items()
    }
    assert not {command: found for command, found in strays.items() if found}


#: «See ci/README.md …»: a file a comment in a written file sends the reader to.
SEE = re.compile(r"See (?P<path>[\w./-]+\.\w+)(?P<rest>[^.]*)")


@pytest.mark.parametrize("host", ["github", "gitlab"])
def test_every_file_init_writes_names_files_the_reader_can_find(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: str
) -> None:
    """The CI and pre-commit files once said «See ci/README.md», a file of the tool's
    repository that a pilots repository does not have (with ``--ci gitlab`` its ci/ folder
    holds the workflow, and no README)."""
    root = tmp_path / "pilotar"
    init_repo(root)
    monkeypatch.chdir(root)
    code, output = run_cli(
        "init", "nye-dalen", "--name", "Nye dalen", "--lang", "nn", "--ci", host, "--pages", host
    )
    assert code == 0, output
    written = [path for path in root.rglob("*") if path.is_file() and ".git" not in path.parts]
    assert len(written) > 8
    for path in written:
        text = " ".join(path.read_text(encoding="utf-8").replace("#", " ").split())
        for seen in SEE.finditer(text):
            where = f"{path.relative_to(root)}: {seen[0]}"
            assert (root / seen["path"]).exists() or "bygdevekst tool" in seen["rest"], where


def _floors() -> dict[str, Version]:
    """The lowest version pyproject.toml accepts of each runtime dependency with a floor."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        lowest = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        if lowest:
            floors[canonicalize_name(requirement.name)] = Version(lowest[0])
    return floors


def test_every_minimum_version_is_one_the_other_dependencies_accept() -> None:
    """``rich>=13.7`` could not be installed: typer 0.29 needs rich 13.8. A floor that
    another dependency refuses is one nobody has tested the tool with."""
    floors = _floors()
    refused = []
    for name in floors:
        for line in metadata.requires(name) or []:
            needed = Requirement(line)
            if needed.marker is not None and not needed.marker.evaluate({"extra": ""}):
                continue
            floor = floors.get(canonicalize_name(needed.name))
            if floor is not None and not needed.specifier.contains(floor, prereleases=True):
                refused.append(f"{name} needs {needed}; pyproject.toml allows {floor}")
    assert "typer" in floors and "rich" in floors
    assert not refused


GITHUB_WORKFLOWS = (
    REPO / "ci" / "github-actions" / "bygdevekst.yml",
    REPO / "ci" / "pages" / "github-pages.yml",
)


@pytest.mark.parametrize("workflow", GITHUB_WORKFLOWS, ids=lambda path: path.name)
def test_every_github_workflow_template_is_hardened_alike(workflow: Path) -> None:
    """The Pages workflow once named its actions by a movable tag (``@v4``), kept the
    checkout's token and had no timeout, unlike the check workflow ci/README.md describes."""
    text = workflow.read_text(encoding="utf-8")
    uses = [line.strip() for line in text.splitlines() if "uses:" in line]
    assert uses
    for line in uses:
        assert re.search(r"uses: actions/[a-z-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), line
    jobs = yaml.safe_load(text)["jobs"]
    for name, job in jobs.items():
        assert 0 < job.get("timeout-minutes", 0) <= 60, name
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name


#: The lowest versions the tool was run with, its tests passing (a venv of the floors, by
#: hand): pydantic 2.7 crashed ``history`` (no ``FieldInfo.default_factory_takes_validated_data``
#: before 2.10.3), ruamel.yaml 0.18 crashed ``fmt`` (its composer keeps no ``depth``).
VERIFIED_FLOORS = {"pydantic": "2.10.3", "ruamel-yaml": "0.19", "rich": "13.8", "typer": "0.29.2"}


def test_no_floor_is_below_the_versions_the_tool_was_run_with() -> None:
    floors = _floors()
    below = {
        name: str(floors.get(name))
        for name, verified in VERIFIED_FLOORS.items()
        if floors.get(name, Version("0")) < Version(verified)
    }
    assert not below
