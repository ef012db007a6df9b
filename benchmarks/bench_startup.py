"""Start-up cost of the command line, in CPU time, as ratios against baselines of the same run.

    .venv/bin/python benchmarks/bench_startup.py [--rounds 15] [--compare OTHER_VENV]
                                                 [--instructions] [--json PATH]

Every command runs as a subprocess; its CPU time (user + system, from ``os.wait4``) is what
counts, so a loaded machine inflates wall time but hardly these figures. Commands are taken
in turn, round after round, and each figure is the median over the rounds. Each row also
gives the run's minor page faults: on a virtual machine a fault costs many instructions'
time, and a command that imports pydantic and builds its models faults more than twice as
often as yamllint, which is most of the gap between their CPU time and their instructions.
``--instructions`` counts each command's instructions once more under valgrind's callgrind
(the same count on every run, however loaded the machine; some minutes more).

Baselines, measured in the same run: ``python -c pass`` (the interpreter alone),
``yamllint --version`` (a comparable Python CLI's start-up) and ``yamllint`` on the same files
that ``bygdevekst validate`` checks (one small generated pilot: pilot, agreement and plans).
A floor row imports Typer and the models (``import typer, bygdevekst_cli.models``): what any
run that validates a changed file pays before it reads it, against ``yamllint`` on the files.

``validate`` on that pilot (its default text report) is timed three ways: with the results
cache (a run on files that did not change), after an edit (a comment appended to one plan
file before each run, not timed: the pilot's results are a miss, its other files' parses
and the word catalogue are kept, as in a pre-commit hook after an edit) and with
``--no-cache`` (no result or parsed file read or kept: a first run on these files; what
comes of the tool's own files, as its word catalogues, is still kept, as in every run but
an installation's first). Every command uses a cache folder of the run.

``--compare OTHER_VENV`` also times the same commands with another installation of the tool
(e.g. a checkout of an older commit with its own venv), for a before/after table.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generate import ROOT, Options, generate

BIN = Path(sys.executable).parent

#: What any run that validates a file pays before it reads one: the interpreter, Typer,
#: pydantic and the models built (the stack the design card fixes).
FLOOR = "floor: python, Typer, pydantic, models"

#: Every subcommand whose ``--help`` is timed (a group's subcommand as "plan new").
COMMANDS = ("validate", "diff", "history", "check", "render", "plan new", "init", "fmt", "schema")


@dataclass(frozen=True)
class Usage:
    """What one run cost: CPU seconds (user + system) and minor page faults."""

    seconds: float
    page_faults: int


def usage_of(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Usage:
    """The cost of one run of ``command`` (which must exit 0 or 1), from ``os.wait4``."""
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # validate exits 1 on errors; anything else is a broken command
        raise SystemExit(f"exit {code} from: {' '.join(command)}")
    return Usage(usage.ru_utime + usage.ru_stime, usage.ru_minflt)


def cpu_seconds(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """User + system CPU seconds of one run of ``command`` (which must exit 0 or 1)."""
    return usage_of(command, cwd, env).seconds


def bytecode_env(folder: Path) -> dict[str, str]:
    """The environment with bytecode written to and read from ``folder``: every tool runs
    from compiled bytecode after its warm-up run, as an installed package does (pip compiles
    at install), even where ``PYTHONDONTWRITEBYTECODE`` is set, and nothing is written into
    the source trees of the installations compared."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(folder)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@dataclass(frozen=True)
class AfterEdit:
    """A command run after ``file`` changed: a comment is appended to it first, untimed."""

    command: list[str]
    file: Path

    def prepare(self) -> list[str]:
        with self.file.open("a", encoding="utf-8") as stream:
            stream.write("# endra\n")
        return self.command


Command = list[str] | AfterEdit


def measure(
    commands: dict[str, Command], rounds: int, cwd: Path, env: dict[str, str] | None = None
) -> dict[str, list[Usage]]:
    def run(command: Command) -> Usage:
        argv = command.prepare() if isinstance(command, AfterEdit) else command
        return usage_of(argv, cwd, env)

    runs: dict[str, list[Usage]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file system cache, bytecode and caches
        run(command)
    for _ in range(rounds):
        for name, command in commands.items():
            runs[name].append(run(command))
    return runs


def count_instructions(
    commands: dict[str, Command], cwd: Path, env: dict[str, str]
) -> dict[str, int]:
    """Instructions of one run of each command under callgrind (after the timed rounds, so
    bytecode and caches are warm; a command after an edit is edited first, as when timed)."""
    from bench_instructions import instructions

    counted: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="bench-startup-callgrind-") as folder:
        for name, command in commands.items():
            argv = command.prepare() if isinstance(command, AfterEdit) else command
            counted[name] = instructions(argv, cwd, env, Path(folder) / "callgrind.out", warm=False)
    return counted


def has_version_option(bygdevekst: str) -> bool:
    """Older builds have no ``--version``; their row is left out rather than failed."""
    done = subprocess.run([bygdevekst, "--version"], capture_output=True, check=False)
    return done.returncode == 0


def tool_commands(bygdevekst: str, pilot: str, edited: Path) -> dict[str, Command]:
    """Each timed command of one installation; ``edited`` is a copy of ``pilot`` for the
    run after an edit (the other runs see files that do not change)."""
    found: dict[str, Command] = {"bygdevekst --help": [bygdevekst, "--help"]}
    if has_version_option(bygdevekst):
        found["bygdevekst --version"] = [bygdevekst, "--version"]
    for name in COMMANDS:
        found[f"bygdevekst {name} --help"] = [bygdevekst, *name.split(), "--help"]
    # the default text report, as a pre-commit hook or an editor task shows it
    validate = [bygdevekst, "validate", pilot]
    found["bygdevekst validate (one pilot)"] = validate
    if has_no_cache_option(bygdevekst):
        plan = min((edited / "plans").glob("*.yaml"))
        found["bygdevekst validate (one pilot) after an edit"] = AfterEdit(
            [bygdevekst, "validate", str(edited)], plan
        )
        found["bygdevekst validate (one pilot) --no-cache"] = [*validate, "--no-cache"]
    return found


def has_no_cache_option(bygdevekst: str) -> bool:
    """Builds without the results cache have no ``--no-cache``; that row is left out."""
    done = subprocess.run(
        [bygdevekst, "validate", "--help"], capture_output=True, text=True, check=False
    )
    return "--no-cache" in done.stdout


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--compare", type=Path, help="another venv with bygdevekst installed")
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each command's instructions once under callgrind (valgrind)",
    )
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    files = generate(work, Options(pilots=1, years=2, measures=9, seed=1))
    pilot = str(files[0].parent)
    paths = [str(f) for f in files]
    edited = work / "edited" / "pilots" / Path(pilot).name
    shutil.copytree(pilot, edited)
    yamllint = str(BIN / "yamllint")
    baselines = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "yamllint --version": [yamllint, "--version"],
        "yamllint (same files)": [yamllint, "-d", "relaxed", *paths],
        FLOOR: [sys.executable, "-c", "import typer, bygdevekst_cli.models"],
    }
    commands: dict[str, Command] = {
        **baselines,
        **tool_commands(str(BIN / "bygdevekst"), pilot, edited),
    }
    if args.compare is not None:
        old = tool_commands(str(args.compare / "bin" / "bygdevekst"), pilot, edited)
        commands.update({f"before: {name}": command for name, command in old.items()})
    env = {**bytecode_env(work / "pycache"), "BYGDEVEKST_CACHE_DIR": str(work / "cache")}
    env.pop("BYGDEVEKST_NO_CACHE", None)
    runs = measure(commands, args.rounds, ROOT, env)
    median = {name: statistics.median(run.seconds for run in done) for name, done in runs.items()}
    faults = {
        name: statistics.median(run.page_faults for run in done) for name, done in runs.items()
    }
    counted = count_instructions(commands, ROOT, env) if args.instructions else {}

    def against(name: str) -> str:
        """The baseline of a row: yamllint on the same files for a one-pilot run."""
        one_pilot = "validate (one pilot)" in name or name == FLOOR
        return "yamllint (same files)" if one_pilot else "yamllint --version"

    header = f"{'command':<44} {'CPU ms':>8} {'x python':>9} {'x yamllint':>11} {'faults':>7}"
    print(header + (f" {'M instr':>8} {'x yamllint':>11}" if counted else ""))
    for name, seconds in median.items():
        row = (
            f"{name:<44} {1000 * seconds:8.1f} {seconds / median['python -c pass']:9.2f}"
            f" {seconds / median[against(name)]:11.2f} {faults[name]:7.0f}"
        )
        if counted:
            row += f" {counted[name] / 1e6:8.0f} {counted[name] / counted[against(name)]:11.2f}"
        print(row)
    print(
        "\n'x yamllint' is against `yamllint --version`, except `validate (one pilot)` and the"
        " floor, which are against `yamllint` on the same files. 'faults': minor page faults"
        " (median)."
    )
    if args.json is not None:
        figures = {
            "rounds": args.rounds,
            "cpu_seconds": {name: [run.seconds for run in done] for name, done in runs.items()},
            "page_faults": {name: [run.page_faults for run in done] for name, done in runs.items()},
            "instructions": counted,
        }
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
