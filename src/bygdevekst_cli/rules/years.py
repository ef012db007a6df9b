"""Rules across plan years: every measure is accounted for from one year to the next."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from bygdevekst_cli.diff import Kind, classify, party_names
from bygdevekst_cli.findings import YamlPath
from bygdevekst_cli.formatting import quoted
from bygdevekst_cli.models.plan import Measure, MeasureStatus
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.rules.registry import ChangedFields, Hit, folded, rule

_Pair = tuple[int, int, dict[str, Measure], dict[str, tuple[YamlPath, Measure]]]


def _pairs(files: PilotFiles) -> Iterator[_Pair]:
    """Each plan year with the year of the plan before it (not always the year before: a
    pilot may skip a year) and that plan's measures, by id (this year's with their paths)."""
    years = list(files.plans)
    for previous, year in itertools.pairwise(years):
        before = {m.id: m for m in files.plans[previous].model.measures}
        after = {m.id: (at, m) for at, m in files.plans[year].objects(Measure)}
        yield previous, year, before, after


def _may_lack_reason(old: Measure, new: Measure) -> bool:
    """Whether a change between the two could be without this year's reason: not when the
    measure gives a reason of its own this year (``change_reason``, new or changed), and
    not when it is closed this year (what ``classify`` calls closed, not changed)."""
    if new.change_reason is not None and new.change_reason != old.change_reason:
        return False
    return not (new.status is MeasureStatus.CLOSED and old.status is not MeasureStatus.CLOSED)


@rule("BV301")
def changed_measures_give_this_years_reason(files: PilotFiles) -> Iterator[Hit]:
    for previous, year, before, after in _pairs(files):
        plan = files.plans[year]
        for measure_id, (at, new) in after.items():
            old = before.get(measure_id)
            if old is None or not _may_lack_reason(old, new):
                continue  # no diff needed: it could not give a finding
            diff = classify(old, new, since=year)
            if diff is None or diff.kind is not Kind.CHANGED:
                continue
            if diff.progress_only:
                continue  # progress (under way, this year's budget set), not a change
            if new.change_reason is None or new.change_reason == old.change_reason:
                names = party_names(files.pilot.model if files.pilot else None)
                changed = ChangedFields(diff.fields, names)
                yield Hit(
                    plan,
                    at,
                    "stale" if new.change_reason is not None else "missing",
                    {"measure": measure_id, "since": previous, "fields": changed},
                )


@rule("BV302")
def measures_do_not_disappear(files: PilotFiles) -> Iterator[Hit]:
    for _, year, before, after in _pairs(files):
        hits = [
            Hit(
                files.plans[year],
                ("measures",),
                "dropped",
                {
                    "measure": measure_id,
                    "title": quoted(old.title),
                    "year": year,
                    "named": f"{measure_id} {quoted(old.title)}",
                },
            )
            for measure_id, old in before.items()
            if measure_id not in after and old.status is not MeasureStatus.CLOSED
        ]
        # a plan started from a blank page drops several: one error naming them all
        yield from folded("BV302", files, hits, ("measures",), "named", year=year)


@rule("BV303")
def closed_measures_stay_closed(files: PilotFiles) -> Iterator[Hit]:
    last_seen: dict[str, Measure] = {}
    for plan in files.plans.values():
        for at, measure in plan.objects(Measure):
            earlier = last_seen.get(measure.id)
            if (
                earlier is not None
                and earlier.status is MeasureStatus.CLOSED
                and measure.status is not MeasureStatus.CLOSED
                and not measure.reopened
            ):
                yield Hit(
                    plan,
                    (*at, "status"),
                    "reopened",
                    {"measure": measure.id},
                )
            last_seen[measure.id] = measure
