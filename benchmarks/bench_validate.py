"""Benchmark ``bygdevekst validate`` against check-jsonschema on the same generated pilots.

    .venv/bin/python benchmarks/bench_validate.py [--pilots 10] [--repeat 5] [--json PATH]
    .venv/bin/python benchmarks/bench_validate.py --cpu-only --pilots 1000 --years 3 \
        --measures 9 [--compare /path/to/other/.venv]

One run generates the pilots (into ``benchmarks/.work/``), then times, on those files:

a. the library, ``validate_paths`` in-process (warm);
b. check-jsonschema against the exported schemas, in-process and as subprocesses, and
   the ``bygdevekst validate`` command as a subprocess, so like is compared with like;
c. start-up: ``bygdevekst --help`` and ``bygdevekst validate`` on one small pilot, against
   ``python -c pass`` in the same session;
d. CPU time (user + system of each subprocess and its workers, robust to a loaded
   machine), with the results cache off: ``validate`` over the whole tree (CPU ms per
   file), check-jsonschema on the same plan files, ``validate`` of one pilot against
   yamllint on the same files, and with ``--compare`` another install of the tool. These
   commands run from compiled bytecode (``PYTHONPYCACHEPREFIX`` in the work folder), as
   an installed tool does, even where ``PYTHONDONTWRITEBYTECODE`` is set.
   ``--cpu-only`` runs this part alone.

Every figure is a median. See benchmarks/README.md for what each one means.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench_startup import bytecode_env, cpu_seconds
from generate import (
    KIB,
    ROOT,
    SCHEMAS,
    Options,
    Sizes,
    add_options,
    generate,
    kind_of,
    options_from,
)
from timing import time_runs

WORK = Path(__file__).resolve().parent / ".work"
FLOOR = "floor: libyaml events, pydantic"
"""The row of ``floor_read.py``: the files parsed and schema-checked, nothing more."""
TARGET_KIB = 7
"""The performance target is stated per plan file of about this size."""
BIN = Path(sys.executable).parent


# --- timing -------------------------------------------------------------------------------


def executable(name: str) -> str:
    """A console script of this venv (beside the running Python), else from PATH."""
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found; install the project with its bench extra")
    return found


def run_quiet(command: Sequence[str]) -> int:
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return done.returncode


def commands_action(commands: list[list[str]]) -> Callable[[], None]:
    """Run the commands one after another; any non-zero exit stops the benchmark."""

    def action() -> None:
        for command in commands:
            if (code := run_quiet(command)) != 0:
                raise SystemExit(f"exit {code} from: {' '.join(command[:3])} …")

    return action


# --- what is timed ------------------------------------------------------------------------


def library_action(pilots_dir: Path) -> Callable[[], None]:
    from bygdevekst_cli.validate import validate_paths

    def action() -> None:
        report = validate_paths([pilots_dir], cwd=ROOT)
        if not report.ok:
            raise SystemExit(f"the generated pilots have {report.errors} errors")

    return action


def schema_arguments(files: list[Path]) -> list[list[str]]:
    """check-jsonschema arguments: one call per schema, with every file of that kind."""
    by_kind: dict[str, list[str]] = {}
    for file in files:
        by_kind.setdefault(kind_of(file), []).append(str(file))
    return [
        ["--schemafile", str(SCHEMAS / f"{kind}.schema.json"), *paths]
        for kind, paths in by_kind.items()
    ]


def check_jsonschema_in_process(arguments: list[list[str]]) -> Callable[[], None]:
    """check-jsonschema has no documented Python API; its package exports the click
    command ``check_jsonschema.main``, which runs in-process with ``standalone_mode=False``
    and returns the exit code: the CLI's own code path without interpreter start-up."""
    from check_jsonschema import main as check_jsonschema

    def action() -> None:
        for args in arguments:
            with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(out):
                code = check_jsonschema.main(args=args, standalone_mode=False)
            if code != 0:
                raise SystemExit(f"check-jsonschema found errors:\n{out.getvalue()[:2000]}")

    return action


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Throughput:
    name: str
    tool: str
    """``bygdevekst`` or ``check-jsonschema``."""
    mode: str
    runs: list[float]
    files: int
    total_bytes: int

    @property
    def seconds(self) -> float:
        return statistics.median(self.runs)

    @property
    def ms_per_file(self) -> float:
        return 1000 * self.seconds / self.files

    @property
    def ms_per_target(self) -> float:
        return 1000 * self.seconds / (self.total_bytes / (TARGET_KIB * KIB))

    @property
    def files_per_second(self) -> float:
        return self.files / self.seconds

    def to_json(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "median_ms": 1000 * self.seconds,
            "ms_per_file": self.ms_per_file,
            f"ms_per_{TARGET_KIB}_kib": self.ms_per_target,
            "files_per_second": self.files_per_second,
        }


@dataclass(frozen=True)
class Startup:
    name: str
    runs: list[float]

    @property
    def ms(self) -> float:
        return 1000 * statistics.median(self.runs)


def time_startup(commands: dict[str, list[str]], runs: int) -> list[Startup]:
    """Each command ``runs`` times, round-robin so drift in the machine hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache
        run_quiet(command)
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            code = run_quiet(command)
            times[name].append(time.perf_counter() - start)
            if code != 0:
                raise SystemExit(f"exit {code} from: {' '.join(command)}")
    return [Startup(name, seconds) for name, seconds in times.items()]


# --- the run ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tree:
    pilots_dir: Path
    files: list[Path]
    sizes: Sizes


def prepare(work: Path, options: Options) -> tuple[Tree, Path]:
    """Generate the benchmark tree and one small pilot for the start-up timing."""
    files = generate(work / "bench", options)
    small = generate(work / "small", Options(pilots=1, years=1, measures=3, seed=options.seed))
    tree = Tree(work / "bench" / "pilots", files, Sizes.of(files))
    return tree, small[0].parent


def findings_count(pilots_dir: Path) -> tuple[int, int]:
    from bygdevekst_cli.validate import validate_paths

    report = validate_paths([pilots_dir], cwd=ROOT)
    return report.errors, report.warnings


def measure_throughput(tree: Tree, repeat: int) -> list[Throughput]:
    bygdevekst = executable("bygdevekst")
    arguments = schema_arguments(tree.files)
    cli = [bygdevekst, "validate", str(tree.pilots_dir), "--format", "json"]
    check_jsonschema = [[executable("check-jsonschema"), *args] for args in arguments]
    calls = len(arguments)
    ours, theirs = "bygdevekst", "check-jsonschema"
    timed = [
        ("library validate_paths", ours, "in-process", library_action(tree.pilots_dir)),
        (f"{theirs} main() x{calls}", theirs, "in-process", check_jsonschema_in_process(arguments)),
        ("bygdevekst validate", ours, "subprocess", commands_action([cli])),
        (f"{theirs} x{calls}", theirs, "subprocess", commands_action(check_jsonschema)),
    ]
    files, size = tree.sizes.files, tree.sizes.total
    return [
        Throughput(name, tool, mode, time_runs(action, repeat), files, size)
        for name, tool, mode, action in timed
    ]


def measure_startup(small_pilot: Path, runs: int) -> list[Startup]:
    bygdevekst = executable("bygdevekst")
    return time_startup(
        {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "bygdevekst --help": [bygdevekst, "--help"],
            f"bygdevekst validate {shown(small_pilot)}": [bygdevekst, "validate", str(small_pilot)],
            "check-jsonschema --version": [executable("check-jsonschema"), "--version"],
        },
        runs,
    )


# --- output -------------------------------------------------------------------------------


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}x" if denominator else "n/a"


def speed_ratios(throughput: list[Throughput]) -> dict[str, float]:
    """Per mode: files/s of bygdevekst divided by files/s of check-jsonschema."""
    speed = {(t.mode, t.tool): t.files_per_second for t in throughput}
    modes = dict.fromkeys(t.mode for t in throughput)
    return {m: speed[(m, "bygdevekst")] / speed[(m, "check-jsonschema")] for m in modes}


def shown(path: Path) -> str:
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def table(
    tree: Tree, findings: tuple[int, int], throughput: list[Throughput], startup: list[Startup]
) -> Iterator[str]:
    yield (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()},"
        f" {os.cpu_count()} CPUs"
    )
    yield f"Tree {shown(tree.pilots_dir)}: " + "\n".join(tree.sizes.lines())
    yield f"Validator findings on the tree: {findings[0]} errors, {findings[1]} warnings"
    yield ""
    yield from throughput_table(throughput)
    yield ""
    yield from startup_table(startup)


def throughput_table(throughput: list[Throughput]) -> Iterator[str]:
    width = max(len(t.name) for t in throughput) + 2
    head = f"Throughput (median of {len(throughput[0].runs)} runs)"
    columns = ("mode", "median ms", "ms/file", f"ms/{TARGET_KIB}KiB", "files/s")
    yield f"{head:<{width + 2}}{columns[0]:<11}" + "".join(f"{c:>11}" for c in columns[1:])
    for t in throughput:
        figures = (1000 * t.seconds, t.ms_per_file, t.ms_per_target, t.files_per_second)
        yield f"  {t.name:<{width}}{t.mode:<11}" + "".join(f"{f:>11.2f}" for f in figures)
    yield "Ratio bygdevekst / check-jsonschema in files/s (above 1: bygdevekst is faster):"
    for mode, value in speed_ratios(throughput).items():
        yield f"  {mode:<11}{value:>6.2f}x"


def startup_table(startup: list[Startup]) -> Iterator[str]:
    width = max(len(s.name) for s in startup) + 2
    head = f"Start-up (median of {len(startup[0].runs)} runs)"
    yield f"{head:<{width + 2}}{'ms':>9}{'x baseline':>12}"
    baseline = startup[0].ms
    for s in startup:
        yield f"  {s.name:<{width}}{s.ms:>9.1f}{ratio(s.ms, baseline):>12}"


def report_json(
    args: argparse.Namespace,
    tree: Tree,
    findings: tuple[int, int],
    throughput: list[Throughput],
    startup: list[Startup],
) -> dict[str, Any]:
    sizes = tree.sizes
    baseline = startup[0].ms
    return {
        "environment": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "tree": {
            "files": sizes.files,
            "bytes": sizes.total,
            "bytes_by_kind": sizes.by_kind,
            "mean_plan_kib": sizes.mean_kib("plan"),
            "errors": findings[0],
            "warnings": findings[1],
        },
        "throughput": [t.to_json() for t in throughput],
        "ratio_files_per_second": speed_ratios(throughput),
        "startup": [
            {"name": s.name, "runs": s.runs, "median_ms": s.ms, "x_baseline": s.ms / baseline}
            for s in startup
        ],
    }


# --- CPU time, cache off ----------------------------------------------------------------


def bygdevekst_command(venv: Path | None) -> list[str]:
    """The tool of this venv, or of another (run by its Python: scripts of a copied venv
    may point elsewhere)."""
    python = sys.executable if venv is None else str(venv / "bin" / "python")
    return [python, "-m", "bygdevekst_cli"]


def no_cache(command: list[str]) -> list[str]:
    """``--no-cache`` where the install has it (an older one has no results cache)."""
    return ["--no-cache"] if "--no-cache" in _validate_help(command) else []


def one_job(command: list[str]) -> list[str]:
    """``--jobs 1`` where the install has it (an older one always checks in one process)."""
    return ["--jobs", "1"] if "--jobs" in _validate_help(command) else []


def _validate_help(command: list[str]) -> str:
    done = subprocess.run([*command, "validate", "--help"], capture_output=True, text=True)
    return done.stdout


@dataclass(frozen=True)
class CpuRow:
    name: str
    runs: list[float]
    files: int

    @property
    def seconds(self) -> float:
        return statistics.median(self.runs)

    @property
    def ms_per_file(self) -> float:
        return 1000 * self.seconds / self.files


def measure_cpu(
    tree: Tree, one_pilot: Path, rounds: int, compare: Path | None, bytecode: Path
) -> list[CpuRow]:
    """Every command ``rounds`` times, taken in turn; the first row is the baseline.

    Every command runs with its bytecode kept in ``bytecode`` (``bytecode_env``), so that
    no row measures compiling a tool's modules."""
    env = bytecode_env(bytecode)
    plans = [str(f) for f in tree.files if kind_of(f) == "plan"]
    pilot_files = sorted(str(f) for f in one_pilot.rglob("*.yaml"))
    ours = bygdevekst_command(None)
    off = no_cache(ours)
    schema = str(SCHEMAS / "plan.schema.json")
    commands: dict[str, tuple[list[str], int]] = {
        "python -c pass (baseline)": ([sys.executable, "-c", "pass"], 1),
        "check-jsonschema, plan files": (
            [sys.executable, "-m", "check_jsonschema", "--schemafile", schema, *plans],
            len(plans),
        ),
        "validate tree --jobs 1": (
            [*ours, "validate", *off, "--jobs", "1", "-f", "json", str(tree.pilots_dir)],
            tree.sizes.files,
        ),
        FLOOR: (
            [sys.executable, str(Path(__file__).with_name("floor_read.py")), str(tree.pilots_dir)],
            tree.sizes.files,
        ),
        "validate tree (default jobs)": (
            [*ours, "validate", *off, "-f", "json", str(tree.pilots_dir)],
            tree.sizes.files,
        ),
        "yamllint, one pilot": (
            [sys.executable, "-m", "yamllint", "-d", "relaxed", *pilot_files],
            len(pilot_files),
        ),
        "validate one pilot": (
            [*ours, "validate", *off, "-f", "json", str(one_pilot)],
            len(pilot_files),
        ),
    }
    if compare is not None:
        before = bygdevekst_command(compare)
        tree_json = ["-f", "json", str(tree.pilots_dir)]
        commands["before: validate tree"] = (
            [*before, "validate", *no_cache(before), *one_job(before), *tree_json],
            tree.sizes.files,
        )
        commands["before: validate one pilot"] = (
            [*before, "validate", *no_cache(before), "-f", "json", str(one_pilot)],
            len(pilot_files),
        )
    for name, (command, _) in commands.items():  # warm the bytecode (the tree: too long)
        if "tree" not in name:
            cpu_seconds(command, ROOT, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, (command, _) in commands.items():
            times[name].append(cpu_seconds(command, ROOT, env))
    return [CpuRow(name, times[name], files) for name, (_, files) in commands.items()]


def cpu_table(rows: list[CpuRow]) -> Iterator[str]:
    by_name = {row.name: row for row in rows}
    baseline = rows[0].seconds
    yield f"CPU time, results cache off (median of {len(rows[0].runs)} rounds)"
    yield f"  {'command':<34}{'files':>7}{'CPU ms':>10}{'ms/file':>9}{'x baseline':>12}"
    for row in rows:
        yield (
            f"  {row.name:<34}{row.files:>7}{1000 * row.seconds:>10.1f}"
            f"{row.ms_per_file:>9.3f}{row.seconds / baseline:>12.2f}"
        )
    ours = by_name["validate tree --jobs 1"]
    theirs = by_name["check-jsonschema, plan files"]
    lint, one = by_name["yamllint, one pilot"], by_name["validate one pilot"]
    yield "Ratios in the same run:"
    yield (
        f"  throughput per file, validate / check-jsonschema:  "
        f"{theirs.ms_per_file / ours.ms_per_file:6.2f}x  (goal >= 10x)"
    )
    yield f"  CPU ms per file of validate --jobs 1:  {ours.ms_per_file:6.3f}  (goal <= 1 ms)"
    floor = by_name[FLOOR]
    yield (
        f"    of which the floor (parser and pydantic, {FLOOR!r}):  {floor.ms_per_file:6.3f}"
        f"  ({floor.seconds / ours.seconds:.0%})"
    )
    yield (
        f"  validate one pilot / yamllint same files:  {one.seconds / lint.seconds:6.2f}x"
        "  (goal <= 1.2x)"
    )
    if "before: validate tree" in by_name:
        before_tree = by_name["before: validate tree"]
        before_one = by_name["before: validate one pilot"]
        yield (
            f"  before / after, tree:  {before_tree.seconds / ours.seconds:6.2f}x;"
            f"  one pilot:  {before_one.seconds / one.seconds:6.2f}x"
            f"  (before: one pilot / yamllint {before_one.seconds / lint.seconds:.2f}x,"
            f" {before_tree.ms_per_file:.3f} ms/file)"
        )


def cpu_json(rows: list[CpuRow]) -> list[dict[str, Any]]:
    return [
        {"name": r.name, "files": r.files, "runs": r.runs, "ms_per_file": r.ms_per_file}
        for r in rows
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_options(parser, pilots=10)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure (5)")
    parser.add_argument("--startup-runs", type=int, default=10, help="runs per command (10)")
    parser.add_argument("--work", type=Path, default=WORK, help="where to generate the pilots")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--cpu-rounds", type=int, default=3, help="rounds of the CPU figures")
    parser.add_argument("--cpu-only", action="store_true", help="only the CPU figures (d)")
    parser.add_argument("--compare", type=Path, help="another venv with bygdevekst installed")
    args = parser.parse_args(argv)
    tree, small_pilot = prepare(args.work.resolve(), options_from(args))
    findings = findings_count(tree.pilots_dir)
    if findings[0]:
        raise SystemExit(f"the generated pilots have {findings[0]} errors; fix generate.py")
    one_pilot = sorted(tree.pilots_dir.iterdir())[0]
    bytecode = args.work.resolve() / "pycache"
    cpu = measure_cpu(tree, one_pilot, args.cpu_rounds, args.compare, bytecode)
    print("\n".join(cpu_table(cpu)))
    if args.cpu_only:
        if args.json is not None:
            args.json.write_text(json.dumps({"cpu": cpu_json(cpu)}, indent=2) + "\n")
        return 0
    print()
    throughput = measure_throughput(tree, args.repeat)
    startup = measure_startup(small_pilot, args.startup_runs)
    print("\n".join(table(tree, findings, throughput, startup)))
    if args.json is not None:
        result = {**report_json(args, tree, findings, throughput, startup), "cpu": cpu_json(cpu)}
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
