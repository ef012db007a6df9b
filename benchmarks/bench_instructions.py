"""Validation throughput in instructions (valgrind's callgrind), which repeat from run to run.

    .venv/bin/python benchmarks/bench_instructions.py [--pilots 50] [--compare OTHER_VENV]

CPU time on a shared or virtual machine can swing by a third between runs of the same
command; the number of instructions a run executes does not. This benchmark generates
``--pilots`` and twice as many pilots (7 KiB plans, as ``bench_validate.py`` does) and counts
the instructions of

- ``bygdevekst validate --no-cache --jobs 1 -f json`` on each tree, and
- ``check-jsonschema --schemafile schemas/plan.schema.json`` on each tree's plan files,

and divides the difference between the two sizes by the files added, so that start-up
cancels out. It prints instructions per file for bygdevekst (every file) and per plan file
for check-jsonschema, and their ratio (the issue's goal: at least 10x). Under callgrind a
run is some 50 times slower: the defaults take about ten minutes.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench_startup import bytecode_env
from bench_validate import bygdevekst_command
from generate import ROOT, Options, generate

PLAN_SCHEMA = ROOT / "schemas" / "plan.schema.json"


def instructions(
    command: Sequence[str], cwd: Path, env: dict[str, str], out: Path, *, warm: bool = True
) -> int:
    """Instructions executed by ``command`` under callgrind (``summary:`` of its output);
    ``warm``: run it once first, so that its bytecode is compiled and not counted."""
    if warm:
        subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        check=False,
    )
    found = re.search(r"^summary: (\d+)$", out.read_text(encoding="utf-8"), re.MULTILINE)
    if found is None:
        raise SystemExit(f"callgrind wrote no summary for: {' '.join(command)}")
    return int(found.group(1))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pilots", type=int, default=50, help="the smaller tree (50)")
    parser.add_argument("--compare", type=Path, help="another venv with bygdevekst installed")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")

    work = Path(tempfile.mkdtemp(prefix="bench-instructions-"))
    env = {
        **bytecode_env(work / "pycache"),
        "BYGDEVEKST_NO_CACHE": "1",
        "PYTHONHASHSEED": "0",  # the same string hashing, so the same count, in every run
    }
    sizes = (args.pilots, 2 * args.pilots)
    files = {
        n: generate(work / str(n), Options(pilots=n, years=3, measures=9, seed=1)) for n in sizes
    }
    plans = {n: [str(f) for f in files[n] if f.parent.name == "plans"] for n in sizes}

    def per_file(
        name: str, command: list[str], arguments: dict[int, list[str]], added: int
    ) -> float:
        """Instructions of ``command`` per file added from the smaller tree to the larger."""
        small, large = (
            instructions([*command, *arguments[n]], work / str(n), env, work / f"{name}-{n}.out")
            for n in sizes
        )
        return (large - small) / added

    trees = {n: [str(work / str(n) / "pilots")] for n in sizes}
    files_added = len(files[sizes[1]]) - len(files[sizes[0]])
    plans_added = len(plans[sizes[1]]) - len(plans[sizes[0]])
    installs = {"bygdevekst": bygdevekst_command(None)}
    if args.compare is not None:
        installs["before: bygdevekst"] = bygdevekst_command(args.compare)
    results = {
        name: per_file(
            f"tool{number}",
            [*tool, "validate", "--no-cache", "--jobs", "1", "-f", "json"],
            trees,
            files_added,
        )
        for number, (name, tool) in enumerate(installs.items())
    }
    checker = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(PLAN_SCHEMA)]
    checked = per_file("check-jsonschema", checker, plans, plans_added)

    print(f"instructions per file, {sizes[0]} and {sizes[1]} pilots (callgrind)")
    for name, value in results.items():
        print(f"  {name:<34} {value / 1e6:7.2f} million  {checked / value:6.2f}x check-jsonschema")
    print(f"  {'check-jsonschema, per plan file':<34} {checked / 1e6:7.2f} million")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
