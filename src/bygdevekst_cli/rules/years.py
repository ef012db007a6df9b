"""Rules across plan years: every measure is accounted for from one year to the next."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from bygdevekst_cli.diff import Kind, classify
from bygdevekst_cli.findings import Severity
from bygdevekst_cli.models.plan import Measure, MeasureStatus
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.rules.registry import Hit, rule


def _pairs(files: PilotFiles) -> Iterator[tuple[int, dict[str, Measure], dict[str, Measure]]]:
    """Each plan year with the measures of the plan before it, by id."""
    years = list(files.plans)
    for previous, year in itertools.pairwise(years):
        before = {m.id: m for m in files.plans[previous].model.measures}
        yield year, before, {m.id: m for m in files.plans[year].model.measures}


def _progress(path: str, old: object, new: object, year: int) -> bool:
    """Normal work of a plan, not a change: a planned measure getting under way, or the
    plan year's budget set where last year's plan had none."""
    if path.startswith(f"budget.{year}.") and old is None:
        return True
    return path == "status" and (old, new) == ("planned", "ongoing")


def _index(files: PilotFiles, year: int, measure_id: str) -> int:
    return next(i for i, m in enumerate(files.plans[year].model.measures) if m.id == measure_id)


@rule(
    "BV301",
    "change-without-reason",
    Severity.ERROR,
    "Et tiltak som er endret siden forrige plan, skal ha årets begrunnelse (change_reason).",
)
def changed_measures_give_this_years_reason(files: PilotFiles) -> Iterator[Hit]:
    for year, before, after in _pairs(files):
        plan = files.plans[year]
        for measure_id, new in after.items():
            old = before.get(measure_id)
            diff = classify(old, new, since=year)
            if old is None or diff is None or diff.kind is not Kind.CHANGED:
                continue
            if all(_progress(f.path, f.old, f.new, year) for f in diff.fields) and diff.fields:
                continue  # progress (under way, this year's budget set), not a change
            if new.change_reason is None or new.change_reason == old.change_reason:
                changed = ", ".join(f.path for f in diff.fields)
                stale = " (teksten er fjorårets)" if new.change_reason is not None else ""
                yield Hit(
                    plan,
                    ("measures", _index(files, year, measure_id)),
                    f"Tiltak {measure_id} er endret siden {year - 1} ({changed}),"
                    f" men mangler årets begrunnelse{stale}",
                )


@rule(
    "BV302",
    "measure-dropped",
    Severity.ERROR,
    "Et tiltak kan ikke forsvinne fra neste plan uten å være avsluttet (status closed).",
)
def measures_do_not_disappear(files: PilotFiles) -> Iterator[Hit]:
    for year, before, after in _pairs(files):
        for measure_id, old in before.items():
            if measure_id not in after and old.status is not MeasureStatus.CLOSED:
                yield Hit(
                    files.plans[year],
                    ("measures",),
                    f"Tiltak {measure_id} «{old.title}» står i planen før {year}, men mangler"
                    " nå uten å være avsluttet; behold det med status closed og en vurdering",
                )


@rule(
    "BV303",
    "closed-reopened",
    Severity.ERROR,
    "Et avsluttet tiltak kommer ikke tilbake under samme ID uten reopened: true.",
)
def closed_measures_stay_closed(files: PilotFiles) -> Iterator[Hit]:
    last_seen: dict[str, Measure] = {}
    for plan in files.plans.values():
        for i, measure in enumerate(plan.model.measures):
            earlier = last_seen.get(measure.id)
            if (
                earlier is not None
                and earlier.status is MeasureStatus.CLOSED
                and measure.status is not MeasureStatus.CLOSED
                and not measure.reopened
            ):
                yield Hit(
                    plan,
                    ("measures", i, "status"),
                    f"Tiltak {measure.id} ble avsluttet tidligere; sett reopened: true om det"
                    " skal gjenåpnes, eller bruk en ny ID",
                )
            last_seen[measure.id] = measure
