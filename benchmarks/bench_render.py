"""Benchmark ``bygdevekst render``: every case document of Vest-Telemark in four formats.

    .venv/bin/python benchmarks/bench_render.py [--repeat 5] [--compare OTHER_VENV] [--json PATH]

Every command runs as a subprocess, as a user runs it, and what counts is its CPU time
(user + system; a loaded machine inflates wall time but hardly these). Commands are taken
in turn, round after round, after one untimed run of each; each figure is the median over
``--repeat`` rounds. Measured on the bundled pilot ``vest-telemark`` (six municipalities,
plan 2026):

a. the baselines: ``python -c pass``, and one case document in Markdown (one process);
b. the six case documents in md, html, docx and pdf in one call
   (``--municipality all --format md,html,docx,pdf``), with the compiled templates in the
   cache folder (as on every run but the first) and with the cache off;
c. the same 24 files the old way, one call per format (four processes);
d. with ``--compare OTHER_VENV``, b. (cache in use), c. and the one-document baseline with
   another installation (before), on the pilot of its own checkout
   (``OTHER_VENV/../pilots``); b. is left out for an installation that cannot render
   several formats in one call.

Target: b. (cache in use) at most 2 s of CPU. The script exits 1 above it.

Python's compiled bytecode is kept as an installed tool keeps it (pip compiles a wheel's
modules when it installs them), in a temporary folder (``PYTHONPYCACHEPREFIX``) that the
untimed runs fill, so an editable checkout is measured the same way and none of the
checkouts compared is written to; ``PYTHONDONTWRITEBYTECODE`` in the environment would
otherwise have every run compile the tool's modules again.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench_startup import cpu_seconds

ROOT = Path(__file__).resolve().parent.parent
PILOT = "pilots/vest-telemark"
FORMATS = ("md", "html", "docx", "pdf")
TARGET_SECONDS = 2.0
BIN = Path(sys.executable).parent
BASELINE = "one case document, md"
ALL_IN_ONE = "6 case documents x 4 formats, one call"


def case(tool: Path, pilot: Path, out: Path, formats: Sequence[str], town: str) -> list[str]:
    """``render case`` of ``town`` (a municipality's id, or ``all``) in ``formats``."""
    return [
        str(tool), "render", "case", str(pilot), "--year", "2026",
        "--municipality", town, "--format", ",".join(formats), "--output", str(out),
    ]  # fmt: skip


def commands(out: Path, compare: Path | None) -> dict[str, list[list[str]]]:
    """Each figure's processes (a figure of several processes is their sum)."""
    tool, pilot = BIN / "bygdevekst", ROOT / PILOT
    found = {
        "python -c pass": [[sys.executable, "-c", "pass"]],
        BASELINE: [case(tool, pilot, out, ["md"], "fyresdal")],
        ALL_IN_ONE: [case(tool, pilot, out, FORMATS, "all")],
        f"{ALL_IN_ONE}, cache off": [["env", "BYGDEVEKST_NO_CACHE=1", *case(tool, pilot, out,
                                                                           FORMATS, "all")]],
        "6 case documents, one call per format": [
            case(tool, pilot, out, [name], "all") for name in FORMATS
        ],
    }  # fmt: skip
    if compare is not None:
        old_tool, old_pilot = compare / "bin" / "bygdevekst", compare.resolve().parent / PILOT
        found[f"before: {BASELINE}"] = [case(old_tool, old_pilot, out, ["md"], "fyresdal")]
        found[f"before: {ALL_IN_ONE}"] = [case(old_tool, old_pilot, out, FORMATS, "all")]
        found["before: 6 case documents, one call per format"] = [
            case(old_tool, old_pilot, out, [name], "all") for name in FORMATS
        ]
    return found


def measure(timed: dict[str, list[list[str]]], repeat: int) -> dict[str, list[float]]:
    for name, processes in list(timed.items()):  # warm the file system, bytecode, templates
        try:
            for command in processes:
                cpu_seconds(command, ROOT)
        except SystemExit:
            if not name.startswith("before:"):
                raise
            del timed[name]  # an older installation that cannot (several formats at once)
            print(f"left out (the other installation cannot): {name}", file=sys.stderr)
    runs: dict[str, list[float]] = {name: [] for name in timed}
    for _ in range(repeat):
        for name, processes in timed.items():
            runs[name].append(sum(cpu_seconds(command, ROOT) for command in processes))
    return runs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--compare", type=Path, help="another venv with bygdevekst installed")
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON here.")
    args = parser.parse_args(argv)

    with (
        tempfile.TemporaryDirectory(prefix="bench-render-") as folder,
        tempfile.TemporaryDirectory(prefix="bench-render-pyc-") as bytecode,
    ):
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # the subprocesses inherit these
        os.environ["PYTHONPYCACHEPREFIX"] = bytecode
        runs = measure(commands(Path(folder), args.compare), args.repeat)
        files = sum(1 for p in Path(folder).rglob("*") if p.is_file())
    median = {name: statistics.median(values) for name, values in runs.items()}
    machine = f"{platform.system()} {platform.machine()}, Python {platform.python_version()}"

    print(f"bygdevekst render: the case documents of Vest-Telemark ({machine}, {os.cpu_count()}"
          f" CPUs; {files} files written)")  # fmt: skip
    print(f"{'what (median CPU)':<52}{'ms':>8}{'x python':>10}{'x one md':>10}")
    for name, seconds in median.items():
        one = median[f"before: {BASELINE}" if name.startswith("before:") else BASELINE]
        print(
            f"{name:<52}{seconds * 1000:>8.0f}{seconds / median['python -c pass']:>10.1f}"
            f"{seconds / one:>10.2f}"
        )
    seconds = median[ALL_IN_ONE]
    verdict = "within" if seconds <= TARGET_SECONDS else "OVER"
    print(f"target {TARGET_SECONDS:.0f} s for all four formats in one call: {verdict}"
          f" ({seconds:.2f} s)")  # fmt: skip
    if args.json:
        figures = {"cpu_seconds": median, "runs": runs, "machine": machine}
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if verdict == "within" else 1


if __name__ == "__main__":
    sys.exit(main())
