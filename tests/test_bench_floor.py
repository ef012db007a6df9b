"""The throughput floor of the benchmarks (benchmarks/floor_read.py): it must do the work it
stands for, reading and schema-checking every file, or the floor it reports says nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO

BENCHMARKS = REPO / "benchmarks"


def _floor(pilots: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / "floor_read.py"), str(pilots)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_floor_reads_and_validates_every_file(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(BENCHMARKS / "generate.py"), str(tmp_path), "--pilots", "2"],
        check=True,
        capture_output=True,
    )
    pilots = tmp_path / "pilots"
    assert _floor(pilots).returncode == 0
    plan = sorted((pilots / "bench-002" / "plans").glob("*.yaml"))[-1]
    plan.write_text(plan.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    agreement = pilots / "bench-001" / "agreement.yaml"
    text = agreement.read_text(encoding="utf-8")
    agreement.write_text(text.replace("weight: ", "weight: x", 1), encoding="utf-8")
    done = _floor(pilots)
    assert done.returncode == 1
    named = {line.split(": ")[0] for line in done.stderr.splitlines() if line.startswith("/")}
    assert named == {str(plan), str(agreement)}
