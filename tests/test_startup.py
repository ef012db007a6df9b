"""Start-up: ``--help`` of every command and ``--version`` import none of the heavy libraries.

Each case runs the real application in a fresh interpreter (a subprocess), the way the
console script does, and then lists the heavy modules found in ``sys.modules``. The first
run of a fresh cache folder fills the cache (the catalogue, Babel's list patterns); the
check is on the second run, which is what every run but the very first one costs, and the
two runs must print the same help.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from bygdevekst_cli.app import COMMANDS
from bygdevekst_cli.cli import app

#: Libraries that no ``--help`` or ``--version`` may import.
HEAVY = ("pydantic", "rich", "jinja2", "babel", "docx", "typst", "git", "yaml", "ruamel", "tomllib")

_PROBE = """
import io, json, sys
from contextlib import redirect_stdout
import typer
from bygdevekst_cli.cli import app
heavy = json.loads(sys.argv[1])
out = io.StringIO()
code = 0
with redirect_stdout(out):
    try:
        command = typer.main.get_command(app)
        command.main(sys.argv[2:], prog_name="bygdevekst", standalone_mode=False)
    except SystemExit as exit_:
        code = exit_.code or 0
names = set(sys.modules)
loaded = sorted(m for m in heavy if m in names or any(k.startswith(m + ".") for k in names))
ours = sorted(m for m in names
              if m.startswith(("bygdevekst_cli.commands.", "bygdevekst_cli.present.")))
library = sorted(m for m in names if m.split(".")[0] == "bygdevekst_cli")
print(json.dumps({"code": code, "loaded": loaded, "output": out.getvalue(), "modules": ours,
                  "adapters": "typer._adapters" in names, "library": library,
                  "repository": "bygdevekst_cli.repository" in names}))
"""


def _command_paths() -> list[list[str]]:
    """Every command and sub-command of the application, as argument lists (through click's
    ``list_commands``/``get_command``, which build the top group's commands when asked)."""
    paths: list[list[str]] = [[]]
    root = typer.main.get_command(app)

    def walk(command: Any, prefix: list[str]) -> None:
        if not hasattr(command, "list_commands"):
            return
        for name in sorted(command.list_commands(None)):
            paths.append([*prefix, name])
            walk(command.get_command(None, name), [*prefix, name])

    walk(root, [])
    return paths


def _probe(args: list[str], cache: Path) -> dict[str, object]:
    env = {**os.environ, "BYGDEVEKST_CACHE_DIR": str(cache), "BYGDEVEKST_LANGUAGE": "nb"}
    env.pop("BYGDEVEKST_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(HEAVY), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_every_command_is_probed() -> None:
    names = {" ".join(path) for path in _command_paths()}
    assert {"", "validate", "render", "history", "check", "plan new"} <= names


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder filled by one run, shared by the probes of this module."""
    cache = tmp_path_factory.mktemp("cache")
    _probe(["validate", "--help"], cache)
    return cache


def test_a_cold_cache_shows_the_same_help(tmp_path: Path) -> None:
    cold = _probe(["check", "--help"], tmp_path)
    warm = _probe(["check", "--help"], tmp_path)
    assert "babel" in cold["loaded"]  # the first run reads Babel's list patterns
    assert warm["loaded"] == []
    assert cold["output"] == warm["output"]


@pytest.mark.parametrize("command", _command_paths(), ids=lambda p: " ".join(p) or "bygdevekst")
def test_help_imports_no_heavy_library(command: list[str], warm_cache: Path) -> None:
    result = _probe([*command, "--help"], warm_cache)
    assert result["code"] == 0
    assert result["loaded"] == [], (
        f"bygdevekst {' '.join(command)} --help imports {result['loaded']}"
    )
    assert "--help" in str(result["output"])


def test_version_imports_no_heavy_library(warm_cache: Path) -> None:
    from bygdevekst_cli import __version__

    result = _probe(["--version"], warm_cache)
    assert result["output"] == f"bygdevekst {__version__}\n"
    assert result["loaded"] == []


def test_the_probe_sees_a_heavy_import(warm_cache: Path) -> None:
    """The check can fail: running a command that reads a pilot imports the models."""
    pilot = Path(__file__).parent / "data" / "minimal"
    result = _probe(["validate", str(pilot)], warm_cache)
    assert "pydantic" in result["loaded"]


def test_the_top_help_and_the_version_import_no_command(warm_cache: Path) -> None:
    """``bygdevekst --help`` lists every command from the table, without importing one."""
    listed = _probe(["--help"], warm_cache)
    assert listed["modules"] == []
    for name in (*COMMANDS, "validate", "plan", "import"):
        assert f"\n  {name} " in str(listed["output"])
    assert _probe(["--version"], warm_cache)["modules"] == []


@pytest.mark.parametrize("name", ["diff", "check"])
def test_a_command_help_imports_only_its_own_command(name: str, warm_cache: Path) -> None:
    """``check`` shares options with ``validate`` (``report_options``), not its module."""
    result = _probe([name, "--help"], warm_cache)
    own = f"bygdevekst_cli.commands.{COMMANDS[name].module}"
    others = {f"bygdevekst_cli.commands.{entry.module}" for entry in COMMANDS.values()} - {own}
    assert own in result["modules"]
    assert sorted(others.intersection(result["modules"])) == []


#: What ``--help`` of any command imports of the tool's own modules beyond the top help's:
#: the coercion of values, and the commands' package (the command's own module aside).
_EVERY_COMMAND_HELP = {"bygdevekst_cli.cli_coercion", "bygdevekst_cli.commands"}


def _library(args: list[str], cache: Path) -> set[str]:
    """The tool's own modules a run of ``args`` imports."""
    result = _probe(args, cache)
    assert result["code"] == 0, result["output"]
    library = result["library"]
    assert isinstance(library, list)
    return {str(name) for name in library}


@pytest.mark.parametrize(
    "command", [path for path in _command_paths() if len(path) == 2], ids=" ".join
)
def test_a_sub_command_help_imports_only_its_group_s_module(
    command: list[str], warm_cache: Path
) -> None:
    """``import agreement --help`` imports the ``import`` group's module and no more of the
    tool than the top help does: not the importer, the models nor ``validate``."""
    extra = _library([*command, "--help"], warm_cache) - _library(["--help"], warm_cache)
    own = f"bygdevekst_cli.commands.{COMMANDS[command[0]].module}"
    assert sorted(extra - _EVERY_COMMAND_HELP) == [own]


def test_the_probe_sees_the_library_a_command_runs(warm_cache: Path) -> None:
    """The check can fail: a run that reads a pilot imports the models and ``validate``."""
    pilot = Path(__file__).parent / "data" / "minimal"
    library = _library(["validate", "--no-cache", str(pilot)], warm_cache)
    assert {"bygdevekst_cli.models", "bygdevekst_cli.validate"} <= library


def test_a_command_that_needs_no_model_imports_no_pydantic(warm_cache: Path) -> None:
    """``completion`` reads a choice through Typer and writes a script: no pydantic on the
    way (Typer coerces through pydantic; ``cli_coercion`` takes such values itself)."""
    result = _probe(["completion", "bash"], warm_cache)
    assert result["code"] == 0
    assert "_BYGDEVEKST_COMPLETE" in str(result["output"])
    assert "pydantic" not in result["loaded"]


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--list-rules", "--format", "json", "--jobs", "2", "--select", "BV0"],
        ["fmt", "--check", str(Path(__file__).parent / "data" / "minimal")],
    ],
    ids=["validate --list-rules", "fmt --check"],
)
def test_the_command_line_layer_builds_no_pydantic_adapter(
    args: list[str], warm_cache: Path
) -> None:
    """Options and arguments are read without Typer's pydantic adapters (the library may
    import pydantic itself, for its models)."""
    result = _probe(args, warm_cache)
    assert result["code"] == 0
    assert result["adapters"] is False


def test_the_probe_sees_the_adapters(warm_cache: Path) -> None:
    """The check can fail: a value only Typer can read (a number with a sign) builds them."""
    result = _probe(["validate", "--list-rules", "--jobs", "+2"], warm_cache)
    assert result["code"] == 0
    assert result["adapters"] is True


def test_the_format_choices_are_the_registries_names() -> None:
    """The commands name their ``--format`` choices without importing the presenters; the
    names are those of the registries."""
    from bygdevekst_cli.commands import check, diff, history, validate
    from bygdevekst_cli.present.check import CHECK_PRESENTER_BY_NAME
    from bygdevekst_cli.present.diff import RENDERER_BY_NAME as DIFF_RENDERERS
    from bygdevekst_cli.present.history import RENDERER_BY_NAME as HISTORY_RENDERERS
    from bygdevekst_cli.present.validate import REPORTER_BY_NAME

    assert tuple(REPORTER_BY_NAME) == validate.FORMATS
    assert tuple(CHECK_PRESENTER_BY_NAME) == check.PEOPLE_FORMATS
    assert tuple(DIFF_RENDERERS) == diff.FORMATS
    assert tuple(HISTORY_RENDERERS) == history.FORMATS


def test_the_ci_choices_of_init_are_the_repository_s() -> None:
    """``init --ci/--pages`` name their choices without importing the repository module
    (its JSON and folder layout); the names are those of ``CiChoice``."""
    from bygdevekst_cli.commands.init import CiOption
    from bygdevekst_cli.repository import CiChoice

    assert [choice.value for choice in CiOption] == [choice.value for choice in CiChoice]


def test_init_help_imports_no_repository_module(warm_cache: Path) -> None:
    assert _probe(["init", "--help"], warm_cache)["repository"] is False
    minimal = Path(__file__).parent / "data" / "minimal"
    assert _probe(["fmt", "--check", str(minimal)], warm_cache)["repository"] is True  # can fail


def test_completing_a_command_lists_what_typer_lists() -> None:
    """The top group completes command names with their short help from the catalogue; a
    Typer group holding the built commands completes them the same."""
    from typer.core import TyperGroup, _click

    group = typer.main.get_command(app)
    built = TyperGroup(name="bygdevekst", commands=dict(group.commands.items()))
    for incomplete in ("", "v", "im", "p", "zz"):
        ours = group.shell_complete(_click.Context(group, info_name="bygdevekst"), incomplete)
        theirs = TyperGroup.shell_complete(
            built, _click.Context(built, info_name="bygdevekst"), incomplete
        )
        assert [(i.value, i.help) for i in ours if not i.value.startswith("-")] == [
            (i.value, i.help) for i in theirs if not i.value.startswith("-")
        ]
    assert [i.value for i in group.shell_complete(_click.Context(group), "v")] == ["validate"]


def test_completing_a_command_imports_no_command(tmp_path: Path) -> None:
    probe = """
import io, os, sys
from contextlib import redirect_stdout
os.environ.update(_BYGDEVEKST_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="bygdevekst ")
from bygdevekst_cli.cli import app
out = io.StringIO()
with redirect_stdout(out):
    try:
        app(prog_name="bygdevekst")
    except SystemExit:
        pass
loaded = [m for m in sys.modules if m.startswith("bygdevekst_cli.commands.")]
print(len(out.getvalue().splitlines()), loaded)
"""
    env = {**os.environ, "BYGDEVEKST_CACHE_DIR": str(tmp_path), "BYGDEVEKST_LANGUAGE": "nb"}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == f"{len(COMMANDS)} []", done.stderr


def test_the_console_script_collects_less_from_its_start(tmp_path: Path) -> None:
    """``main`` raises the collector's threshold before it imports the application, for
    the whole run (``collector``); the interpreter's own default is far lower."""
    from bygdevekst_cli.collector import COLLECT_EVERY

    probe = """
import gc, sys
sys.argv = ["bygdevekst", "--version"]
print(*gc.get_threshold())
from bygdevekst_cli.cli import main
try:
    main()
except SystemExit:
    pass
print(*gc.get_threshold())
"""
    env = {**os.environ, "BYGDEVEKST_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    before, *_, after = done.stdout.splitlines()
    default = [int(n) for n in before.split()]
    assert default[0] == 700
    assert [int(n) for n in after.split()] == [COLLECT_EVERY, *default[1:]], done.stderr


_PLUGIN = """
import os
from pathlib import Path

Path(os.environ["PLUGIN_MARK"]).write_text("loaded", encoding="utf-8")


class Plugin:
    def new_schema_validator(self, *args, **kwargs):
        return None, None, None


plugin = Plugin()
"""


def _pydantic_plugin(site: Path) -> None:
    """A package installed in ``site`` that offers pydantic a plugin (the ``pydantic`` entry
    point group, as observability tools do); loading it writes the file ``PLUGIN_MARK``."""
    (site / "watcher.py").write_text(_PLUGIN, encoding="utf-8")
    info = site / "watcher-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: watcher\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nwatcher = watcher:plugin\n")


@pytest.mark.parametrize(("chosen", "loaded"), [(None, False), ("", True)])
def test_the_console_script_loads_no_pydantic_plugin_unless_told(
    tmp_path: Path, chosen: str | None, loaded: bool
) -> None:
    """pydantic reads every installed package's entry points for plugins when it builds the
    first model (``cli.without_pydantic_plugins``): the command line turns them off, and an
    environment that names its own choice (here: every plugin on) keeps it."""
    from tests.helpers import copy_minimal

    site, mark = tmp_path / "site", tmp_path / "mark"
    site.mkdir()
    _pydantic_plugin(site)
    copy_minimal(tmp_path / "repo")
    env = {
        **os.environ,
        "BYGDEVEKST_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
        "PLUGIN_MARK": str(mark),
    }
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    if chosen is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = chosen
    done = subprocess.run(
        [sys.executable, "-m", "bygdevekst_cli", "validate", "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path / "repo",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert mark.exists() is loaded, done.stderr
