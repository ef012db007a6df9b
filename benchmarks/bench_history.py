"""Benchmark ``bygdevekst history`` on a generated repository with a long history.

    .venv/bin/python benchmarks/bench_history.py [--commits 1000] [--measures 9] [--repeat 5]
                                                 [--compare OTHER_VENV] [--work DIR]
                                                 [--limit 1.0] [--json PATH]

One run builds a git repository (with ``git fast-import``, in about a second) where every
one of ``--commits`` commits edits one plan file of one pilot the way a secretariat does:
mostly a budget with a reason, sometimes a new measure, a closed one with an assessment, a
new title, a decision in the schedule; a new plan year now and then; three renames (a plan
file there and back, and the pilot folder); adoption tags. One commit in ten touches
something else (another pilot, the README), so that the path filter has work to do.

Then it measures CPU time (user + system; a loaded machine inflates wall time but hardly
these), each figure the median of ``--repeat`` rounds taken in turn:

a. ``git log --raw --no-abbrev`` on the whole repository: the baseline, git alone;
b. ``git log --raw -M -c --no-abbrev -- PILOT``: the one log the history reads;
c. the library, ``bygdevekst_cli.history.pilot_history``, in this process (warm), with the
   plan pieces of the earlier runs in the cache folder and with the cache off;
d. ``bygdevekst history PILOT --format json`` and ``--format text`` as subprocesses, and
   ``--format json`` with the cache off (``BYGDEVEKST_NO_CACHE=1``: a first run);
e. with ``--compare OTHER_VENV``, the same commands of another installation (before);
f. the floor that no history command of this design can go below: ``python -c 'import
   typer'`` (the interpreter and the command-line library the design card fixes) plus b.
   (the log any history must read), printed as one figure; and ``bygdevekst --version``,
   the tool's own start-up. When that floor is above 5x a., the 5x target cannot be met
   by any Typer command, however quick the rest of it is.

Every command uses a cache folder of its own in the work folder (``BYGDEVEKST_CACHE_DIR``),
so the figures do not depend on the user's cache. When the environment turns bytecode
writing off (``PYTHONDONTWRITEBYTECODE``), the commands write it under the work folder
(``PYTHONPYCACHEPREFIX``) instead: an installed tool has its modules compiled, and
compiling them again in every timed run would measure the compiler.

It prints each figure and its ratio to the baseline, and exits 1 when the command
(``--format json``) takes more than ``--limit`` seconds of CPU (the target: 1 s for 1,000
commits) or more than 5 times the baseline.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench_startup import cpu_seconds
from timing import cpu_runs

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "data" / "minimal"
BIN = Path(sys.executable).parent
START = 1_735_718_400  # 2025-01-01
PEOPLE = (
    ("Kari Nordmann", "kari@testdalen.no"),
    ("Ola Dunk", "ola@testdalen.no"),
    ("Ingrid Haugen", "ingrid@telemark.no"),
    ("Per Bakke", "per@fyresdal.kommune.no"),
)
WORDS = (
    *("bustad", "tomter", "næring", "reiseliv", "kompetanse", "ungdom", "rekruttering"),
    *("landbruk", "skog", "energi", "kultur", "frivilligheit", "samferdsel", "breiband"),
    *("nettverk", "etablerar", "marknad", "omdømme"),
)


# --- the pilot as data, written as YAML ----------------------------------------------------


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a YAML double-quoted scalar


def emit(value: Any, indent: int = 0) -> Iterator[str]:
    """Block-style YAML for dicts, lists and scalars: enough for a plan."""
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                yield f"{pad}{key}:"
                yield from emit(item, indent + 2)
            else:
                yield f"{pad}{key}: {scalar(item) if item not in ({}, []) else '[]'}"
    else:
        for item in value:
            lines = list(emit(item, indent + 2)) if isinstance(item, dict) else []
            if lines:
                yield f"{pad}- {lines[0].lstrip()}"
                yield from lines[1:]
            else:
                yield f"{pad}- {scalar(item)}"


@dataclass
class Plan:
    year: int
    measures: list[dict[str, Any]] = field(default_factory=list)
    schedule: list[dict[str, Any]] = field(default_factory=list)
    overall: str = "Arbeidet går som planlagt."

    def text(self) -> str:
        data = {
            "year": self.year,
            "measures": self.measures,
            "status": {"overall": self.overall},
            "funding": {
                "grants": [
                    {"source": "state_measure_funds", "year": 2025, "amount": 18_000_000},
                ]
            },
            "schedule": self.schedule,
        }
        schema = "# yaml-language-server: $schema=../../../schemas/plan.schema.json"
        return "\n".join([schema, *emit(data)]) + "\n"


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text.capitalize() + "."


def new_measure(rng: random.Random, plan: Plan, sub_goal: int) -> dict[str, Any]:
    number = 1 + max((m["number"] for m in plan.measures if m["sub_goal"] == sub_goal), default=0)
    return {
        "id": f"{sub_goal}.{number}",
        "sub_goal": sub_goal,
        "number": number,
        "title": sentence(rng, 4).rstrip("."),
        "description": sentence(rng, 25),
        "responsible": rng.choice(("fyresdal", "kviteseid")),
        "partners": ["husbanken"] if sub_goal == 1 else ["fylket"],
        "start_year": plan.year,
        "end_year": plan.year + 2,
        "status": "planned",
        "budget": {plan.year: {"state_measure_funds": rng.randrange(1, 20) * 50_000}},
    }


def first_plan(rng: random.Random, year: int, measures: int) -> Plan:
    plan = Plan(year)
    for i in range(measures):
        plan.measures.append(new_measure(rng, plan, 1 + i % 2))
    return plan


def next_year(plan: Plan) -> Plan:
    """The next year's plan: open measures carried over, last year's texts cleared."""
    following = Plan(plan.year + 1)
    for measure in plan.measures:
        if measure["status"] == "closed":
            continue
        carried = copy.deepcopy(measure)
        carried.pop("change_reason", None)
        carried["end_year"] = max(carried["end_year"], following.year)
        carried["budget"] = {**carried["budget"], following.year: {"state_measure_funds": 100_000}}
        following.measures.append(carried)
    return following


# --- what each commit does -----------------------------------------------------------------


def edit_plan(rng: random.Random, plan: Plan, step: int) -> str:
    """One realistic edit of ``plan``; returns the commit message.

    A year's plan gets some 300 commits: mostly budgets (with a reason) and texts; a few new
    and closed measures, so a plan stays at the 7-10 KiB of a real one.
    """
    roll = rng.random()
    open_measures = [m for m in plan.measures if m["status"] != "closed"]
    measure = rng.choice(open_measures)
    if roll < 0.6:
        amount = rng.randrange(1, 40) * 25_000
        measure["budget"].setdefault(plan.year, {})["state_measure_funds"] = amount
        measure["change_reason"] = f"Justert etter møte {step}: {sentence(rng, 8)}"
        measure["status"] = "ongoing"
        return f"Tiltak {measure['id']}: budsjett {plan.year} {amount} kr"
    if roll < 0.62 or len(open_measures) < 4:
        added = new_measure(rng, plan, rng.choice((1, 2)))
        plan.measures.append(added)
        return f"Nytt tiltak {added['id']}"
    if roll < 0.64:
        measure["status"] = "closed"
        measure["assessment"] = sentence(rng, 12)
        return f"Tiltak {measure['id']} avslutta"
    if roll < 0.75:
        measure["title"] = sentence(rng, 4).rstrip(".")
        return f"Ny tittel på tiltak {measure['id']}"
    if roll < 0.97:
        measure["description"] = sentence(rng, 25)
        return f"Ny skildring av tiltak {measure['id']}"
    treatment = {
        "party": "fyresdal",
        "body": "municipal_council",
        "case_number": f"{plan.year % 100}/{step}",
    }
    plan.schedule = [*plan.schedule[-11:], treatment]  # a year's dozen treatments
    return f"Saksnummer {plan.year % 100}/{step}"


@dataclass
class Stream:
    """A ``git fast-import`` stream, built in memory."""

    chunks: list[bytes] = field(default_factory=list)
    mark: int = 0
    time: int = START

    def data(self, text: str) -> None:
        raw = text.encode("utf-8")
        self.chunks.append(b"data %d\n" % len(raw) + raw + b"\n")

    def commit(self, person: tuple[str, str], message: str, operations: list[str]) -> int:
        self.mark += 1
        self.time += 3_600 * 7
        who = f"{person[0]} <{person[1]}> {self.time} +0100"
        self.chunks.append(f"commit refs/heads/main\nmark :{self.mark}\n".encode())
        self.chunks.append(f"author {who}\ncommitter {who}\n".encode())
        self.data(message)
        for operation in operations:
            self.chunks.append(operation.encode("utf-8"))
        return self.mark

    def tag(self, name: str, mark: int, message: str) -> None:
        who = f"{PEOPLE[0][0]} <{PEOPLE[0][1]}> {self.time} +0100"
        self.chunks.append(f"tag {name}\nfrom :{mark}\ntagger {who}\n".encode())
        self.data(message)


def put(path: str, text: str) -> str:
    raw = text.encode("utf-8")
    return f"M 100644 inline {path}\ndata {len(raw)}\n{text}\n"


@dataclass
class Layout:
    """Where the pilot's files are now: the folder and each plan's file name move."""

    folder: str = "pilots/testdalen"
    names: dict[int, str] = field(default_factory=dict)

    def plan_path(self, year: int) -> str:
        return f"{self.folder}/plans/{self.names.get(year, f'{year}.yaml')}"


def build_stream(commits: int, measures: int, seed: int) -> tuple[bytes, str]:
    """The whole history; returns the stream and the pilot folder at the end."""
    rng = random.Random(seed)
    stream, layout = Stream(), Layout()
    plans = {2025: first_plan(rng, 2025, measures)}
    base = [
        put(f"{layout.folder}/{n}", (MINIMAL / n).read_text("utf-8"))
        for n in ("pilot.yaml", "agreement.yaml")
    ]
    stream.commit(
        PEOPLE[0],
        "Testdalen: første versjon",
        [*base, put(layout.plan_path(2025), plans[2025].text())],
    )
    renames = {commits // 5: "plan-away", commits // 2: "folder", 4 * commits // 5: "plan-back"}
    done = 1
    while done < commits:
        operations, message = step_operations(rng, plans, layout, renames.get(done), done)
        mark = stream.commit(rng.choice(PEOPLE), message, operations)
        if done % 97 == 0:
            year = max(plans)
            stream.tag(
                f"vedtak/testdalen/{year}/fyresdal-kommunestyre-{done}",
                mark,
                f"Kommunestyret i Fyresdal, {year}",
            )
        if done % 10 == 0:
            stream.commit(
                rng.choice(PEOPLE), f"README {done}", [put("README.md", f"Steg {done}\n")]
            )
        done += 1
    return b"".join(stream.chunks), layout.folder


def step_operations(
    rng: random.Random, plans: dict[int, Plan], layout: Layout, rename: str | None, step: int
) -> tuple[list[str], str]:
    if rename == "plan-away":
        layout.names[2025] = "2025.yml"
        return [f"R {layout.folder}/plans/2025.yaml {layout.plan_path(2025)}\n"], "2025.yml"
    if rename == "plan-back":
        old = layout.plan_path(2025)
        layout.names.pop(2025)
        return [f"R {old} {layout.plan_path(2025)}\n"], "2025.yaml att"
    if rename == "folder":
        old, layout.folder = layout.folder, "pilots/bench"
        return [f"R {old} {layout.folder}\n"], "Ny mappe for piloten"
    if step % 300 == 0:
        year = max(plans) + 1
        plans[year] = next_year(plans[year - 1])
        return [put(layout.plan_path(year), plans[year].text())], f"Handlingsplan {year}"
    year = max(plans) if rng.random() < 0.85 else rng.choice(list(plans))
    message = edit_plan(rng, plans[year], step)
    return [put(layout.plan_path(year), plans[year].text())], message


def build_repository(work: Path, commits: int, measures: int, seed: int) -> Path:
    """A repository in ``work/repo`` with the history checked out; returns the pilot folder."""
    repo = work / "repo"
    if repo.exists():
        shutil.rmtree(repo)
    stream, folder = build_stream(commits, measures, seed)
    git(["init", "-q", "-b", "main", str(repo)], work)
    subprocess.run(["git", "fast-import", "--quiet"], input=stream, cwd=repo, check=True)
    git(["checkout", "-q", "-f", "main"], repo)
    return repo / folder


def git(arguments: list[str], cwd: Path) -> str:
    done = subprocess.run(["git", *arguments], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout


# --- timing --------------------------------------------------------------------------------


BASELINE = "git log --raw --no-abbrev"
COMMAND = "bygdevekst history --format json"
COLD = "bygdevekst history --format json, cache off"
LIBRARY = "library pilot_history (in-process)"
LIBRARY_COLD = "library pilot_history, cache off (in-process)"
PILOT_LOG = "git log --raw -M -c -- PILOT"
STARTUP = "bygdevekst --version (start-up alone)"
TYPER = "python -c 'import typer'"
NO_CACHE = ["env", "BYGDEVEKST_NO_CACHE=1"]


def bygdevekst() -> str:
    found = shutil.which("bygdevekst", path=str(BIN)) or shutil.which("bygdevekst")
    if found is None:
        raise SystemExit("bygdevekst not found; install the project (pip install -e .)")
    return found


def commands(pilot: Path, compare: Path | None) -> dict[str, list[str]]:
    """Every subprocess timed, by the name it is reported under."""
    folder = pilot.relative_to(pilot.parent.parent).as_posix()
    found = {
        BASELINE: ["git", "log", "--raw", "--no-abbrev"],
        PILOT_LOG: ["git", "log", "--raw", "-M", "-c", "--no-abbrev", "--", folder],
        TYPER: [str(BIN / "python"), "-c", "import typer"],
        STARTUP: [bygdevekst(), "--version"],
    }
    tools = {"": bygdevekst()}
    if compare is not None:
        tools["before: "] = str(compare / "bin" / "bygdevekst")
    for prefix, tool in tools.items():
        found[f"{prefix}{COMMAND}"] = [tool, "history", pilot.name, "-f", "json"]
        found[f"{prefix}bygdevekst history (text)"] = [tool, "history", pilot.name]
        found[f"{prefix}{COLD}"] = [*NO_CACHE, tool, "history", pilot.name, "-f", "json"]
    return found


def environment(work: Path) -> None:
    """A cache folder of the benchmark's own, and bytecode written somewhere (see above)."""
    cache = work / "cache"
    if cache.exists():
        shutil.rmtree(cache)
    os.environ["BYGDEVEKST_CACHE_DIR"] = str(cache)
    os.environ.pop("BYGDEVEKST_NO_CACHE", None)
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
        os.environ["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
        print(f"bytecode: written under {work / 'bytecode'} (PYTHONDONTWRITEBYTECODE was set)")


def measure(pilot: Path, repeat: int, compare: Path | None) -> dict[str, Any]:
    from bygdevekst_cli import cache
    from bygdevekst_cli.history import pilot_history

    repo = pilot.parent.parent
    history = pilot_history(pilot, cwd=repo)
    changes = sum(len(c.changes) for c in history.commits)
    timed = commands(pilot, compare)
    runs: dict[str, list[float]] = {name: [] for name in timed}
    for command in timed.values():  # warm the file system cache and bytecode
        cpu_seconds(command, repo)
    for _ in range(repeat):  # in turn, so that drift hits every command the same
        for name, command in timed.items():
            runs[name].append(cpu_seconds(command, repo))
    runs[LIBRARY] = cpu_runs(lambda: pilot_history(pilot, cwd=repo), repeat)
    with cache.disabled():
        runs[LIBRARY_COLD] = cpu_runs(lambda: pilot_history(pilot, cwd=repo), repeat)
    total = int(git(["rev-list", "--count", "HEAD"], repo))
    return {
        "commits_in_repo": total,
        "commits_in_history": len(history.commits),
        "changes": changes,
        "cpu_seconds": {name: statistics.median(values) for name, values in runs.items()},
        "runs": runs,
    }


def report(result: dict[str, Any]) -> str:
    figures = result["cpu_seconds"]
    baseline = figures[BASELINE]
    lines = [
        f"repository: {result['commits_in_repo']} commits; history: "
        f"{result['commits_in_history']} commits, {result['changes']} changes",
        f"{'what (median CPU)':<56}{'ms':>8}{'x git log':>11}",
    ]
    for name, seconds in figures.items():
        lines.append(f"{name:<56}{seconds * 1000:>8.0f}{seconds / baseline:>11.1f}")
    floor = figures[TYPER] + figures[PILOT_LOG]
    lines.append(
        f"floor (Typer imported, then the pilot's git log): {floor * 1000:.0f} ms,"
        f" {floor / baseline:.1f}x git log"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000, help="pilot commits (default 1000)")
    parser.add_argument("--measures", type=int, default=9, help="measures in the first plan")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure")
    parser.add_argument("--compare", type=Path, help="another venv with bygdevekst installed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="keep the repository here (default: temporary)")
    parser.add_argument("--limit", type=float, default=1.0, help="CPU seconds for the command")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-history-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        pilot = build_repository(work, args.commits, args.measures, args.seed)
        environment(work)
        print(f"built {pilot.parent.parent} in {time.perf_counter() - start:.1f} s")
        result = measure(pilot, args.repeat, args.compare)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    seconds = result["cpu_seconds"][COMMAND]
    ratio = seconds / result["cpu_seconds"][BASELINE]
    verdict = "within" if seconds <= args.limit and ratio <= 5 else "OVER"
    print(f"target {args.limit:.1f} s and 5x git log: {verdict} ({seconds:.2f} s, {ratio:.0f}x)")
    return 0 if verdict == "within" else 1


if __name__ == "__main__":
    sys.exit(main())
