"""The empty-repository walk: a new user's first steps, timed, with the tool from a wheel.

    .venv/bin/python benchmarks/walk.py [WORK_DIR]

It builds a wheel of this checkout, installs it into a fresh virtual environment, and in a
new empty git repository runs ``bygdevekst init --ci github``, ``validate``, ``render`` and,
on a branch with a change, ``check --base main``; then checks that the files' schema lines
resolve, that ``out/`` stays out of git, and that the written pre-commit configuration
(and, when actionlint is installed, the workflow) pass their tools. It prints a transcript
with the time of each step and exits 1 if a step failed. tests/test_walk.py runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PILOT = "nye-dalen"


@dataclass
class Step:
    title: str
    command: list[str]
    code: int
    seconds: float
    output: str
    expected: int = 0

    @property
    def ok(self) -> bool:
        return self.code == self.expected

    def line(self, work: Path) -> str:
        mark = "ok  " if self.ok else "FAIL"
        said = [x for x in self.output.strip().splitlines() if not x.startswith("WARNING: ")]
        last = said[-1] if said else ""
        shown = " ".join(f"'{c}'" if " " in c else c for c in self.command)
        shown = shown.replace(str(work / "venv" / "bin") + os.sep, "").replace(str(work), "$WORK")
        return f"{mark} {self.seconds:6.2f} s  $ {shown}" + (f"\n{'':16}→ {last}" if last else "")


class Walk:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.steps: list[Step] = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("BYGDEVEKST")}
        self.env.update(
            GIT_AUTHOR_NAME="Sekretariatet",
            GIT_AUTHOR_EMAIL="post@nye-dalen.no",
            GIT_COMMITTER_NAME="Sekretariatet",
            GIT_COMMITTER_EMAIL="post@nye-dalen.no",
            PIP_DISABLE_PIP_VERSION_CHECK="1",
        )

    def run(self, title: str, command: list[str], cwd: Path, expected: int = 0) -> Step:
        start = time.perf_counter()
        result = subprocess.run(
            command, cwd=cwd, env=self.env, capture_output=True, text=True, timeout=900
        )
        step = Step(
            title,
            command,
            result.returncode,
            time.perf_counter() - start,
            result.stdout + result.stderr,
            expected,
        )
        self.steps.append(step)
        return step

    def check(self, title: str, passed: bool, detail: str = "") -> None:
        self.steps.append(Step(title, [f"({title})"], 0 if passed else 1, 0.0, detail))

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)

    def transcript(self) -> str:
        total = sum(step.seconds for step in self.steps)
        lines = [step.line(self.work) for step in self.steps]
        return "\n".join([*lines, f"total {total:.1f} s, {'all ok' if self.ok else 'FAILED'}"])


def _bin(environment: Path, name: str) -> Path:
    folder = environment / ("Scripts" if os.name == "nt" else "bin")
    return folder / (f"{name}.exe" if os.name == "nt" else name)


def walk(work: Path) -> Walk:
    """Run the walk in ``work`` (an empty folder)."""
    w = Walk(work)
    wheels = work / "dist"
    build = w.run(
        "build the wheel",
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(wheels),
            str(REPO),
        ],
        work,
    )
    if not build.ok:
        return w
    wheel = next(wheels.glob("bygdevekst_cli-*.whl"))
    environment = work / "venv"
    start = time.perf_counter()
    venv.create(environment, with_pip=True)
    w.steps.append(
        Step("fresh venv", ["python", "-m", "venv", "venv"], 0, time.perf_counter() - start, "")
    )
    python = str(_bin(environment, "python"))
    if not w.run("install", [python, "-m", "pip", "install", "--quiet", str(wheel)], work).ok:
        return w
    tool = str(_bin(environment, "bygdevekst"))
    w.run("version", [tool, "--version"], work)

    pilots = work / "pilotar"
    pilots.mkdir()
    w.run("git init", ["git", "init", "--quiet", "--initial-branch=main"], pilots)
    w.run(
        "init",
        [tool, "init", "--ci", "github", PILOT, "--name", "Nye dalen", "--lang", "nn",
         "-m", "Fyresdal", "-m", "Tokke", "--county", "Telemark"],
        pilots,
    )  # fmt: skip
    for name in ("pilot.yaml", "agreement.yaml"):
        path = pilots / "pilots" / PILOT / name
        first = path.read_text(encoding="utf-8").splitlines()[0] if path.is_file() else ""
        target = (path.parent / first.partition("$schema=")[2]).resolve()
        w.check(f"schema line of {name} resolves", target.is_file(), str(target))
    w.run("plan new", [tool, "plan", "new", PILOT, "2026"], pilots)
    w.run("validate", [tool, "validate"], pilots)
    w.run("schema --check", [tool, "schema", "--check"], pilots)
    w.run("fmt --check", [tool, "fmt", "--check"], pilots)
    w.run("commit", ["git", "add", "-A"], pilots)
    w.run("commit", ["git", "commit", "--quiet", "-m", "Ny pilot: Nye dalen"], pilots)
    w.run("render", [tool, "render", "agreement", PILOT, "--format", "html"], pilots)
    w.run("render plan", [tool, "render", "plan", PILOT, "--format", "md"], pilots)
    html = pilots / "out" / PILOT
    w.check("render wrote the agreement", any(html.rglob("*.html")), str(html))
    status = w.run("git status", ["git", "status", "--porcelain"], pilots)
    w.check("out/ stays out of git", status.output.strip() == "", status.output)

    w.run("branch", ["git", "switch", "--quiet", "-c", "endring"], pilots)
    pilot_file = pilots / "pilots" / PILOT / "pilot.yaml"
    pilot_file.write_text(
        pilot_file.read_text(encoding="utf-8").replace("name: Nye dalen", "name: Nye dalen og"),
        encoding="utf-8",
    )
    plan_file = pilots / "pilots" / PILOT / "plans" / "2026.yaml"
    plan_file.write_text(
        plan_file.read_text(encoding="utf-8").replace(
            "measures: []",
            'measures:\n  - id: "1.1"\n    sub_goal: 1\n    number: 1\n'
            "    title: Felles rekruttering\n    responsible: kdd\n    status: planned",
        ),
        encoding="utf-8",
    )
    w.run("validate the change", [tool, "validate"], pilots)
    w.run("commit", ["git", "commit", "--quiet", "-am", "Nytt namn og nytt tiltak"], pilots)
    w.run("check --base main", [tool, "check", "--base", "main", "--format", "text"], pilots)

    config = pilots / ".pre-commit-config.yaml"
    if shutil.which("pre-commit") or _module_available("pre_commit"):
        w.run(
            "pre-commit validate-config",
            [sys.executable, "-m", "pre_commit", "validate-config", str(config)],
            pilots,
        )
    actionlint = shutil.which("actionlint") or shutil.which(
        "actionlint", path=str(Path(sys.executable).parent)
    )
    if actionlint:
        w.run("actionlint", [actionlint, ".github/workflows/bygdevekst.yml"], pilots)
    return w


def _module_available(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def main(argv: list[str]) -> int:
    if argv:
        work = Path(argv[0]).resolve()
        work.mkdir(parents=True, exist_ok=True)
        result = walk(work)
    else:
        with tempfile.TemporaryDirectory(prefix="bygdevekst-walk-") as folder:
            result = walk(Path(folder))
    print(result.transcript())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
