"""Benchmark ``bygdevekst render``: every case document of Vest-Telemark in four formats.

    .venv/bin/python benchmarks/bench_render.py [--repeat 5] [--json PATH]

Measured in one run, on the bundled pilot ``vest-telemark`` (six municipalities, plan 2026):

a. in-process (warm): the library renders and writes the six case documents as md, html,
   docx and pdf (24 files), against a baseline of md only in the same process;
b. cold, as a user runs it: ``bygdevekst render case vest-telemark --municipality all``
   once per format (four processes), against the md run alone as the baseline.

Target: all four formats in at most 5 s. Every figure is a median of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from timing import median_seconds

ROOT = Path(__file__).resolve().parent.parent
PILOT = ROOT / "pilots" / "vest-telemark"
FORMATS = ("md", "html", "docx", "pdf")
TARGET_SECONDS = 5.0
BIN = Path(sys.executable).parent


def in_process(formats: Sequence[str], out: Path) -> int:
    """Render every case document in ``formats``; the number of files written."""
    from bygdevekst_cli.render.documents import Request
    from bygdevekst_cli.render.output import format_named, prepare_pilot, write_documents
    from bygdevekst_cli.render.provenance import Provenance

    request = Request("case", 2026, "all")
    stamp = Provenance(pilot="vest-telemark", date=dt.date(2026, 1, 20))
    count = 0
    for name in formats:
        prepared = prepare_pilot(str(PILOT), request, cwd=out, provenance=stamp)
        count += sum(1 for _ in write_documents(prepared, format_named(name), out, cwd=out))
    return count


def cold(formats: Sequence[str], out: Path) -> None:
    for name in formats:
        subprocess.run(
            [str(BIN / "bygdevekst"), "render", "case", str(PILOT), "--year", "2026",
             "--municipality", "all", "--format", name, "--output", str(out)],
            check=True,
            capture_output=True,
        )  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON here.")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-render-") as folder:
        out = Path(folder)
        files = in_process(FORMATS, out)
        figures = {
            "files": files,
            "warm_md_only_s": median_seconds(lambda: in_process(["md"], out), args.repeat),
            "warm_all_formats_s": median_seconds(lambda: in_process(FORMATS, out), args.repeat),
            "cold_md_only_s": median_seconds(lambda: cold(["md"], out), args.repeat, 0),
            "cold_all_formats_s": median_seconds(lambda: cold(FORMATS, out), args.repeat, 0),
        }
        per_format = {
            name: median_seconds(lambda name=name: in_process([name], out), args.repeat)
            for name in FORMATS
        }
    figures["warm_per_format_s"] = per_format
    figures["target_s"] = TARGET_SECONDS
    figures["machine"] = (
        f"{platform.system()} {platform.machine()}, Python {platform.python_version()}"
    )

    print(f"bygdevekst render: six case documents of Vest-Telemark ({figures['machine']})")
    print(f"  files per run (4 formats)          {files}")
    print(f"  in-process, md only (baseline)     {figures['warm_md_only_s']:.3f} s")
    print(f"  in-process, md+html+docx+pdf       {figures['warm_all_formats_s']:.3f} s")
    for name, seconds in per_format.items():
        print(f"    {name:<5} alone                      {seconds:.3f} s")
    print(f"  CLI cold, md only (baseline)       {figures['cold_md_only_s']:.3f} s")
    print(f"  CLI cold, 4 runs (one per format)  {figures['cold_all_formats_s']:.3f} s")
    worst = max(figures["warm_all_formats_s"], figures["cold_all_formats_s"])  # type: ignore[type-var]
    verdict = "within" if worst <= TARGET_SECONDS else "OVER"
    print(f"  target {TARGET_SECONDS:.0f} s: {verdict} ({worst:.2f} s at worst)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
