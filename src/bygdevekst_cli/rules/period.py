"""Time: plan years, measure periods, budgets and dates inside the agreement period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from bygdevekst_cli.findings import YamlPath
from bygdevekst_cli.language import Words
from bygdevekst_cli.models import Model
from bygdevekst_cli.models.pilot import Pilot
from bygdevekst_cli.models.plan import (
    ActionPlan,
    Amendment,
    CarryOver,
    Grant,
    Measure,
    MeasureStatus,
    Treatment,
)
from bygdevekst_cli.pilotset import Document, PilotFiles
from bygdevekst_cli.rules.registry import Hit, folded, rule, rule_words


def agreement_years(pilot: Pilot) -> tuple[int | None, int | None]:
    """First and last year of the agreement period; either may be unknown.

    An agreement that runs «from its approval» starts the year it was signed; an end not
    yet agreed is unknown (BV230 warns about it).
    """
    status = pilot.agreement
    if status.period.start is not None:
        first: int | None = status.period.start.year
    else:
        first = status.signed.year if status.signed is not None else None
    end = status.period.end
    return first, end.year if end is not None else None


def outside(year: int, first: int | None, last: int | None) -> bool:
    """Whether ``year`` lies outside the years ``first``-``last`` (either may be unknown)."""
    return (last is not None and year > last) or (first is not None and year < first)


_outside = outside


def _span(first: int | None, last: int | None, words: Words) -> str:
    """``2024–2027``; a period without a known start is «up to and including 2027», one
    without a known end ``2024–``."""
    if last is None:
        return f"{first}–"
    return f"{first}–{last}" if first is not None else words("rule.BV204.open_span", last=last)


@rule("BV204")
def inside_period(files: PilotFiles) -> Iterator[Hit]:
    """Every year and date of the plans inside the agreement period, plan by plan, one
    helper per kind of value (the hits in document order within each)."""
    if files.pilot is None:
        return
    pilot = files.pilot.model
    first, last = agreement_years(pilot)
    w = rule_words(files)
    span = _span(first, last, w)
    end = pilot.agreement.period.end
    for plan in files.plans.values():
        if _outside(plan.model.year, first, last):
            yield Hit(plan, ("year",), "plan_year", {"year": plan.model.year, "span": span})
        yield from _measure_years(plan, first, last, span)
        yield from _grant_years(plan, pilot.first_year, last, w)
        yield from _carry_over_years(plan, first, last, span)
        if end is not None:
            yield from _dates_after(plan, end)


def _measure_years(
    plan: Document[ActionPlan], first: int | None, last: int | None, span: str
) -> Iterator[Hit]:
    """A measure's start or end year, or a year of its budget, outside the period."""
    for at, measure in plan.objects(Measure):
        for field in ("start_year", "end_year"):
            year = getattr(measure, field)
            if year is not None and _outside(year, first, last):
                yield Hit(
                    plan,
                    (*at, field),
                    "measure_year",
                    {"measure": measure.id, "field": field, "year": year, "span": span},
                )
        for year in measure.budget:
            if _outside(year, first, last):
                yield Hit(
                    plan,
                    (*at, "budget", year),
                    "budget_year",
                    {"measure": measure.id, "year": year, "span": span},
                )


def _grant_years(
    plan: Document[ActionPlan], first: int | None, last: int | None, w: Words
) -> Iterator[Hit]:
    """A grant for a year outside the pilot's years: from its first year (a grant may come
    before the agreement period starts) to the period's last."""
    for at, grant in plan.objects(Grant):
        if _outside(grant.year, first, last):
            yield Hit(
                plan,
                (*at, "year"),
                "grant_year",
                {"year": grant.year, "span": _span(first, last, w)},
            )


def _carry_over_years(
    plan: Document[ActionPlan], first: int | None, last: int | None, span: str
) -> Iterator[Hit]:
    """A carry-over from or to a year outside the period, or one that goes backwards."""
    for at, carry in plan.objects(CarryOver):
        for field in ("from_year", "to_year"):
            year = getattr(carry, field)
            if _outside(year, first, last):
                yield Hit(
                    plan,
                    (*at, field),
                    "carry_year",
                    {"year": year, "span": span},
                )
        if carry.to_year <= carry.from_year:
            yield Hit(
                plan,
                (*at, "to_year"),
                "carry_backwards",
                {"from_year": carry.from_year, "to_year": carry.to_year},
            )


_DATED: tuple[tuple[type[Model], str, str], ...] = (
    (Treatment, "date", "meeting_date"),
    (Amendment, "date", "amendment_date"),
    (Grant, "decided", "grant_date"),
)
"""The dates of a plan that fall within the agreement period: each object, its date field,
and the message that names it (a meeting, an amendment of the plan, a grant's decision)."""


def _dates_after(plan: Document[ActionPlan], end: dt.date) -> Iterator[Hit]:
    """A date of the plan after the agreement period's end: a political meeting on it, an
    amendment of it, or a grant decided (a year mistyped; none can come after the end).
    A date before the start is no mistake: plans are adopted before the agreement is
    signed, and grants decided."""
    for kind, field, message in _DATED:
        for at, found in plan.objects(kind):
            date = getattr(found, field)
            if date is not None and date > end:
                slots = {"date": date.isoformat(), "end": end.isoformat()}
                yield Hit(plan, (*at, field), message, slots)


@rule("BV205")
def budget_in_active_years(files: PilotFiles) -> Iterator[Hit]:
    for plan in files.plans.values():
        for at, measure in plan.objects(Measure):
            start, end = measure.start_year, measure.end_year
            for year in measure.budget:
                early = start is not None and year < start
                late = end is not None and year > end
                if early or late:
                    yield Hit(
                        plan,
                        (*at, "budget", year),
                        "outside",
                        {
                            "measure": measure.id,
                            "year": year,
                            "start": measure.start_year or "?",
                            "end": measure.end_year or "?",
                        },
                    )


@rule("BV221")
def measure_period_known(files: PilotFiles) -> Iterator[Hit]:
    """A measure's period belongs to the measure, not to a year: it is reported once, in
    the latest plan that has the measure (where it is filled in), and a plan's measures as
    one finding."""
    latest: dict[str, tuple[int, YamlPath, Measure]] = {}
    for year in sorted(files.plans):
        for at, measure in files.plans[year].objects(Measure):
            latest[measure.id] = (year, at, measure)
    by_year: dict[int, list[Hit]] = {}
    for year, at, measure in latest.values():
        if measure.status is MeasureStatus.PROPOSED:
            continue  # a theme not yet adopted as a measure has no period yet
        missing = [f for f in ("start_year", "end_year") if getattr(measure, f) is None]
        if missing:
            hit = Hit(files.plans[year], at, "missing", {"measure": measure.id, "fields": missing})
            by_year.setdefault(year, []).append(hit)
    for hits in by_year.values():
        yield from folded("BV221", files, hits, ("measures",), "measure")


@rule("BV230")
def period_end_known(files: PilotFiles) -> Iterator[Hit]:
    """An agreement period without an end: documents say it is not fixed; add it once agreed."""
    if files.pilot is None or files.pilot.model.agreement.period.end is not None:
        return
    yield Hit(files.pilot, ("agreement", "period"), "missing", {})
