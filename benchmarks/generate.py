"""Generate synthetic pilots for benchmarks: valid, realistic, and as large as asked.

    python benchmarks/generate.py OUT_DIR --pilots 10 [--years 4] [--measures 50] [--seed 1]

writes ``OUT_DIR/pilots/bench-NNN/`` with ``pilot.yaml``, ``agreement.yaml`` and one
``plans/<year>.yaml`` per plan year. Every pilot passes ``bygdevekst validate`` without
errors: state measure funds stay within the grant, each sub-goal's share follows its
weight, budgets lie inside each measure's years, and every council treats every plan in
order. Each pilot gives warnings, so that the benchmarks measure findings being worded and
located too: every file is in version 1 of the format (BV016), and a plan whose meetings
are not all held yet has no recommendation or conclusion for its case (BV251, BV252; KDD
has approved every earlier plan, for which they are not asked). Meetings after the day of
generation have no outcome yet, as in a real repository (one recorded would be BV223): the
same seed gives the same files on the same day. Existing ``bench-*`` folders in
``OUT_DIR/pilots`` are replaced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vocabulary import AGENCIES, COUNTIES, FIRST_NAMES, LAST_NAMES, VOCABULARIES, Vocabulary
from yamltext import document

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
KIB = 1024
WEIGHTS = ((40, 35, 25), (50, 30, 20), (34, 33, 33), (45, 30, 25), (60, 25, 15))
GRANTS = (15_000_000, 18_000_000, 20_000_000)
ALLOCATED_SHARE = 0.92
"""Share of the state measure funds the measures use; the rest is a margin."""


@dataclass(frozen=True)
class Options:
    pilots: int = 10
    years: int = 4
    measures: int = 50
    seed: int = 1
    first_year: int = 2025


@dataclass(frozen=True)
class Municipality:
    id: str
    name: str
    number: str


@dataclass
class Measure:
    sub_goal: int
    number: int
    start_year: int
    end_year: int
    title: str = ""
    description: str = ""
    responsible: str = ""
    partners: list[str] = field(default_factory=list)
    prioritised: bool = False
    budget: dict[int, dict[str, int]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.sub_goal}.{self.number}"

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


@dataclass
class Pilot:
    number: int
    language: str
    county: str
    municipalities: list[Municipality]
    weights: tuple[int, int, int]
    grant: int
    first_year: int
    last_year: int
    seed: str
    measures: list[Measure] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"bench-{self.number:03d}"

    @property
    def vocabulary(self) -> Vocabulary:
        return VOCABULARIES[self.language]

    def rng(self, *salt: object) -> random.Random:
        """A generator of its own for each part, so parts do not shift one another."""
        return random.Random("/".join(map(str, (self.seed, *salt))))


# --- the pilot's design -------------------------------------------------------------------


def slug(name: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", " ": "-"})
    return name.lower().translate(table)


def design_pilot(number: int, options: Options) -> Pilot:
    """Choose a pilot's places, weights, grant and measures."""
    seed = f"{options.seed}/{number}"
    rng = random.Random(seed)
    county = list(COUNTIES)[(number - 1) % len(COUNTIES)]
    chosen = rng.sample(COUNTIES[county], rng.randint(2, 4))
    pilot = Pilot(
        number=number,
        language=rng.choice(("nn", "nb")),
        county=county,
        municipalities=[Municipality(slug(name), name, code) for name, code in chosen],
        weights=rng.choice(WEIGHTS),
        grant=rng.choice(GRANTS),
        first_year=options.first_year,
        last_year=options.first_year + options.years - 1,
        seed=seed,
    )
    pilot.measures = design_measures(pilot, options.measures)
    allocate_budgets(pilot)
    return pilot


def measure_counts(weights: tuple[int, ...], total: int) -> list[int]:
    """Measures per sub-goal in proportion to the weights, at least one each."""
    counts = [max(1, total * w // 100) for w in weights]
    order = sorted(range(len(weights)), key=lambda i: total * weights[i] % 100, reverse=True)
    for i in order[: max(0, total - sum(counts))]:
        counts[i] += 1
    return counts


def design_measures(pilot: Pilot, total: int) -> list[Measure]:
    rng = pilot.rng("measures")
    measures = []
    for goal, count in enumerate(measure_counts(pilot.weights, total), start=1):
        for number in range(1, count + 1):
            start = rng.randint(pilot.first_year, pilot.last_year)
            end = min(pilot.last_year, start + rng.randint(0, 2))
            measure = Measure(goal, number, start, end)
            describe_measure(pilot, measure, rng)
            measures.append(measure)
    return measures


def describe_measure(pilot: Pilot, measure: Measure, rng: random.Random) -> None:
    """Title, description, responsible party and partners, in the pilot's language."""
    words = pilot.vocabulary
    goal = words.sub_goals[measure.sub_goal - 1]
    place = rng.choice(pilot.municipalities)
    partners = sorted(rng.sample([agency for agency, _ in AGENCIES], rng.randint(0, 2)))
    partner = dict(AGENCIES).get(partners[0], "Distriktssenteret") if partners else "KDD"
    base = goal.measure_titles[(measure.number - 1) % len(goal.measure_titles)]
    measure.title = base if rng.random() < 0.5 else f"{base} – {place.name}"
    sentences = [rng.choice(goal.sentences), *rng.sample(words.follow_up, rng.randint(1, 2))]
    measure.description = " ".join(sentences).format(
        place=place.name, partner=partner, end=measure.end_year
    )
    measure.responsible = rng.choice([*(m.id for m in pilot.municipalities), "fylket"])
    measure.partners = partners
    measure.prioritised = rng.random() < 0.25


def allocate_budgets(pilot: Pilot) -> None:
    """Share the state measure funds over sub-goals by weight, then over measure-years.

    Amounts are rounded down to whole thousands, so the total never exceeds the grant;
    own funds and (for some measures) other grants come on top.
    """
    rng = pilot.rng("budget")
    for goal, weight in enumerate(pilot.weights, start=1):
        slots = [(m, year) for m in pilot.measures if m.sub_goal == goal for year in m.years]
        shares = [rng.uniform(0.5, 1.5) for _ in slots]
        pot = pilot.grant * ALLOCATED_SHARE * weight / 100
        for (measure, year), share in zip(slots, shares, strict=True):
            state = thousands(pot * share / sum(shares))
            measure.budget[year] = co_funding(state, rng)


def thousands(amount: float) -> int:
    return int(amount // 1000) * 1000


def co_funding(state: int, rng: random.Random) -> dict[str, int]:
    sources = {"state_measure_funds": state, "own_funds": thousands(state * rng.uniform(0.1, 0.4))}
    if rng.random() < 0.4:
        sources["other_grants"] = max(5000, thousands(state * rng.uniform(0.05, 0.25)))
    return sources


# --- pilot.yaml and agreement.yaml --------------------------------------------------------


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def pilot_data(pilot: Pilot) -> dict[str, Any]:
    rng = pilot.rng("people")
    words = pilot.vocabulary
    return {
        "id": pilot.id,
        "name": f"Syntetisk pilot {pilot.number:03d} ({pilot.county})",
        "language": pilot.language,
        "cohort": 2,
        "county": pilot.county,
        "phases": [{"name": "Fase 1", "start_year": pilot.first_year, "end_year": pilot.last_year}],
        "parties": parties(pilot, rng),
        "organisation": {
            "owner": words.owner,
            "project_leader": {"name": person(rng), "title": words.leader_title},
        },
        "agreement": {
            "state": "signed",
            "period": {
                "start": dt.date(pilot.first_year, 1, 1),
                "end": dt.date(pilot.last_year, 12, 31),
            },
            "signed": dt.date(pilot.first_year - 1, 12, 15),
        },
    }


def parties(pilot: Pilot, rng: random.Random) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = [
        {
            "id": m.id,
            "name": f"{m.name} {pilot.vocabulary.municipality}",
            "kind": "municipality",
            "role": "main",
            "municipality_number": m.number,
            "case_document": {
                "chief_executive_title": pilot.vocabulary.chief_executive,
                "chief_executive_name": person(rng),
            },
        }
        for m in pilot.municipalities
    ]
    found.append(
        {"id": "fylket", "name": f"{pilot.county} fylkeskommune", "kind": "county", "role": "main"}
    )
    found.append(
        {
            "id": "kdd",
            "name": "Kommunal- og distriktsdepartementet",
            "short_name": "KDD",
            "kind": "state",
            "role": "main",
        }
    )
    found.extend(
        {"id": agency, "name": name, "kind": "agency", "role": "partner"}
        for agency, name in AGENCIES
    )
    return found


def agreement_data(pilot: Pilot) -> dict[str, Any]:
    rng = pilot.rng("agreement")
    words = pilot.vocabulary
    agencies = [agency for agency, _ in AGENCIES]
    signing = dt.date(pilot.first_year - 1, 11, 20)
    return {
        "chapters": [
            {"kind": kind, "number": str(i), "title": title, "text": text}
            for i, (kind, title, text) in enumerate(words.chapters, start=1)
        ],
        "sub_goals": [
            {
                "number": number,
                "title": goal.title,
                "weight": weight,
                "partners": [*sorted(rng.sample(agencies, 2)), "fylket"],
                "text": goal.text,
            }
            for number, (goal, weight) in enumerate(
                zip(words.sub_goals, pilot.weights, strict=True), start=1
            )
        ],
        "signatures": [
            {"party": party, "decision_date": signing}
            for party in [*(m.id for m in pilot.municipalities), "fylket", "kdd"]
        ],
    }


# --- plans/<year>.yaml --------------------------------------------------------------------


def plan_data(pilot: Pilot, year: int) -> dict[str, Any]:
    words = pilot.vocabulary
    return {
        "year": year,
        "contributors": list(words.contributors),
        "measures": [measure_data(pilot, m, year) for m in pilot.measures],
        "status": {
            "activities": list(words.activities),
            "sub_goals": [
                {"sub_goal": n, "text": words.goal_status} for n in range(1, len(pilot.weights) + 1)
            ],
            "overall": words.overall.format(year=year),
        },
        "funding": funding(pilot, year),
        "schedule": schedule(pilot, year),
    }


def measure_data(pilot: Pilot, measure: Measure, year: int) -> dict[str, Any]:
    """A measure as the plan for ``year`` shows it: planned, ongoing or closed.

    Every plan lists every measure. The year a measure starts, its status changes from
    planned to ongoing, and the plan gives the reason (BV301); the year after it ends, it
    is closed with an assessment.
    """
    if year < measure.start_year:
        status = "planned"
    elif year <= measure.end_year:
        status = "ongoing"
    else:
        status = "closed"
    data: dict[str, Any] = {
        "id": measure.id,
        "sub_goal": measure.sub_goal,
        "number": measure.number,
        "title": measure.title,
        "description": measure.description,
        "responsible": measure.responsible,
    }
    if measure.partners:
        data["partners"] = measure.partners
    data |= {"start_year": measure.start_year, "end_year": measure.end_year, "status": status}
    if measure.prioritised and status == "ongoing":
        data["prioritised"] = True
    data["budget"] = measure.budget
    if pilot.first_year < year == measure.start_year:
        data["change_reason"] = pilot.vocabulary.started.format(year=year)
    if status == "closed":
        data["assessment"] = pilot.vocabulary.assessment
    return data


def funding(pilot: Pilot, year: int) -> dict[str, Any]:
    words = pilot.vocabulary
    grants: list[dict[str, Any]] = [
        {
            "source": "state_measure_funds",
            "year": pilot.first_year,
            "amount": pilot.grant,
            "covers_period": True,
            "note": words.grant_note,
        },
        {"source": "operating_grant", "year": year, "amount": 2_000_000},
    ]
    if year > pilot.first_year:
        grants.append({"source": "project_management_grant", "year": year, "amount": 1_000_000})
    result: dict[str, Any] = {"grants": grants}
    if year > pilot.first_year:
        carried = thousands(pilot.grant * pilot.rng("carry", year).uniform(0.03, 0.12))
        result["carry_over"] = [
            {
                "source": "state_measure_funds",
                "from_year": year - 1,
                "to_year": year,
                "amount": carried,
                "note": words.carry_note.format(year=year - 1),
            }
        ]
    return result


def schedule(pilot: Pilot, year: int) -> list[dict[str, Any]]:
    """Formannskap then kommunestyre in each municipality, the county, and KDD last."""
    rng = pilot.rng("schedule", year)
    meetings: list[tuple[dt.date, str, str]] = []
    for municipality in pilot.municipalities:
        executive = dt.date(year, 1, 10) + dt.timedelta(days=rng.randint(0, 25))
        council = executive + dt.timedelta(days=rng.randint(7, 28))
        meetings += [
            (executive, municipality.id, "executive_committee"),
            (council, municipality.id, "municipal_council"),
        ]
    county = max(date for date, _, _ in meetings) + dt.timedelta(days=rng.randint(7, 21))
    meetings.append((county, "fylket", "county_committee"))
    meetings.append((county + dt.timedelta(days=rng.randint(14, 40)), "kdd", "kdd"))
    return treatments(sorted(meetings), year, rng)


def treatments(
    meetings: list[tuple[dt.date, str, str]], year: int, rng: random.Random
) -> list[dict[str, Any]]:
    """The meetings with case numbers that grow through the year in each archive."""
    last_case: dict[str, int] = {}
    result = []
    for date, party, body in meetings:
        start = 900 if party == "kdd" else 5
        case = last_case.get(party, start + rng.randint(0, 50)) + rng.randint(3, 30)
        last_case[party] = case
        treatment: dict[str, Any] = {
            "party": party,
            "body": body,
            "date": date,
            "case_number": f"{year % 100:02d}/{case}",
        }
        if date <= dt.date.today():  # a meeting not yet held has no outcome (BV223)
            treatment["outcome"] = "adopted"
        result.append(treatment)
    return result


# --- files --------------------------------------------------------------------------------


def schema_ref(file: Path, kind: str) -> str:
    """The schema line's path from ``file`` to ``schemas/<kind>.schema.json``."""
    return Path(os.path.relpath(SCHEMAS / f"{kind}.schema.json", file.parent)).as_posix()


def write(file: Path, kind: str, data: dict[str, Any]) -> Path:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(document(data, schema_ref(file, kind)), encoding="utf-8", newline="\n")
    return file


def write_pilot(pilots_dir: Path, pilot: Pilot) -> list[Path]:
    folder = pilots_dir / pilot.id
    files = [
        write(folder / "pilot.yaml", "pilot", pilot_data(pilot)),
        write(folder / "agreement.yaml", "agreement", agreement_data(pilot)),
    ]
    for year in range(pilot.first_year, pilot.last_year + 1):
        files.append(write(folder / "plans" / f"{year}.yaml", "plan", plan_data(pilot, year)))
    return files


def generate(out_dir: Path, options: Options) -> list[Path]:
    """Write ``options.pilots`` pilots under ``out_dir/pilots``; returns every file written."""
    pilots_dir = out_dir / "pilots"
    for stale in pilots_dir.glob("bench-*"):
        shutil.rmtree(stale)
    files: list[Path] = []
    for number in range(1, options.pilots + 1):
        files += write_pilot(pilots_dir, design_pilot(number, options))
    return files


# --- sizes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """Bytes per file kind of a generated tree."""

    by_kind: dict[str, list[int]]

    @classmethod
    def of(cls, files: list[Path]) -> Sizes:
        by_kind: dict[str, list[int]] = {"pilot": [], "agreement": [], "plan": []}
        for file in files:
            by_kind[kind_of(file)].append(file.stat().st_size)
        return cls(by_kind)

    @property
    def files(self) -> int:
        return sum(len(sizes) for sizes in self.by_kind.values())

    @property
    def total(self) -> int:
        return sum(sum(sizes) for sizes in self.by_kind.values())

    def mean_kib(self, kind: str) -> float:
        return statistics.fmean(self.by_kind[kind]) / KIB if self.by_kind[kind] else 0.0

    def lines(self) -> Iterator[str]:
        yield f"{self.files} files, {self.total / KIB:.1f} KiB in all"
        for kind, sizes in self.by_kind.items():
            if sizes:
                yield (
                    f"  {kind + ' files:':<17}{len(sizes):>4}  mean {self.mean_kib(kind):5.1f} KiB"
                    f"  (min {min(sizes) / KIB:.1f}, max {max(sizes) / KIB:.1f})"
                )


def kind_of(file: Path) -> str:
    return "plan" if file.parent.name == "plans" else file.stem


# --- command line -------------------------------------------------------------------------


def add_options(parser: argparse.ArgumentParser, pilots: int) -> None:
    """The generator's options, shared with the benchmark."""
    parser.add_argument("--pilots", type=int, default=pilots, help=f"pilots (default {pilots})")
    parser.add_argument("--years", type=int, default=4, help="plan years per pilot (default 4)")
    parser.add_argument(
        "--measures", type=int, default=50, help="measures per plan, at least 3 (default 50)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--first-year", type=int, default=2025, help="first plan year (2025)")


def options_from(args: argparse.Namespace) -> Options:
    if args.measures < 3 or args.pilots < 1 or args.years < 1:
        raise SystemExit("need --measures >= 3, --pilots >= 1 and --years >= 1")
    return Options(args.pilots, args.years, args.measures, args.seed, args.first_year)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write pilots/bench-NNN/ into")
    add_options(parser, pilots=10)
    args = parser.parse_args(argv)
    files = generate(args.out_dir, options_from(args))
    print(f"Wrote {args.out_dir / 'pilots'}: ", end="")
    print("\n".join(Sizes.of(files).lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
