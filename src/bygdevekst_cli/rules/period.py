"""Time: plan years, measure periods, budgets and dates inside the agreement period."""

from __future__ import annotations

from collections.abc import Iterator

from bygdevekst_cli.findings import Severity
from bygdevekst_cli.language import Words
from bygdevekst_cli.models.pilot import Pilot
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.rules.registry import Hit, rule, rule_words


def agreement_years(pilot: Pilot) -> tuple[int | None, int]:
    """First and last year of the agreement period; the first may be unknown.

    An agreement that runs «from its approval» starts the year it was signed.
    """
    status = pilot.agreement
    if status.period.start is not None:
        first: int | None = status.period.start.year
    else:
        first = status.signed.year if status.signed is not None else None
    return first, status.period.end.year


def _outside(year: int, first: int | None, last: int) -> bool:
    return year > last or (first is not None and year < first)


def _span(first: int | None, last: int, words: Words) -> str:
    """``2024–2027``; a period without a known start is «up to and including 2027»."""
    return f"{first}–{last}" if first is not None else words("rule.BV204.open_span", last=last)


@rule("BV204", "outside-period", Severity.ERROR)
def inside_period(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is None:
        return
    pilot = files.pilot.model
    first, last = agreement_years(pilot)
    w = rule_words(files)
    span = _span(first, last, w)
    pilot_first = pilot.first_year
    for plan in files.plans.values():
        model = plan.model
        if _outside(model.year, first, last):
            yield Hit(plan, ("year",), "plan_year", {"year": model.year, "span": span})
        for i, measure in enumerate(model.measures):
            for field in ("start_year", "end_year"):
                year = getattr(measure, field)
                if year is not None and _outside(year, first, last):
                    yield Hit(
                        plan,
                        ("measures", i, field),
                        "measure_year",
                        {"measure": measure.id, "field": field, "year": year, "span": span},
                    )
            for year in measure.budget:
                if _outside(year, first, last):
                    yield Hit(
                        plan,
                        ("measures", i, "budget", year),
                        "budget_year",
                        {"measure": measure.id, "year": year, "span": span},
                    )
        for i, grant in enumerate(model.funding.grants):
            if _outside(grant.year, pilot_first, last):
                yield Hit(
                    plan,
                    ("funding", "grants", i, "year"),
                    "grant_year",
                    {"year": grant.year, "span": _span(pilot_first, last, w)},
                )
        for i, carry in enumerate(model.funding.carry_over):
            for field in ("from_year", "to_year"):
                year = getattr(carry, field)
                if _outside(year, first, last):
                    yield Hit(
                        plan,
                        ("funding", "carry_over", i, field),
                        "carry_year",
                        {"year": year, "span": span},
                    )
            if carry.to_year <= carry.from_year:
                yield Hit(
                    plan,
                    ("funding", "carry_over", i, "to_year"),
                    "carry_backwards",
                    {"from_year": carry.from_year, "to_year": carry.to_year},
                )
        end = pilot.agreement.period.end
        for i, treatment in enumerate(model.schedule):
            if treatment.date is not None and treatment.date > end:
                yield Hit(
                    plan,
                    ("schedule", i, "date"),
                    "meeting_date",
                    {"date": treatment.date.isoformat(), "end": end.isoformat()},
                )


@rule("BV205", "budget-outside-measure", Severity.ERROR)
def budget_in_active_years(files: PilotFiles) -> Iterator[Hit]:
    for plan in files.plans.values():
        for i, measure in enumerate(plan.model.measures):
            for year in measure.budget:
                early = measure.start_year is not None and year < measure.start_year
                late = measure.end_year is not None and year > measure.end_year
                if early or late:
                    yield Hit(
                        plan,
                        ("measures", i, "budget", year),
                        "outside",
                        {
                            "measure": measure.id,
                            "year": year,
                            "start": measure.start_year or "?",
                            "end": measure.end_year or "?",
                        },
                    )


@rule("BV221", "measure-period-missing", Severity.WARNING)
def measure_period_known(files: PilotFiles) -> Iterator[Hit]:
    for plan in files.plans.values():
        for i, measure in enumerate(plan.model.measures):
            missing = [f for f in ("start_year", "end_year") if getattr(measure, f) is None]
            if missing:
                yield Hit(
                    plan,
                    ("measures", i),
                    "missing",
                    {"measure": measure.id, "fields": missing},
                )
