"""Time: plan years, measure periods, budgets and dates inside the agreement period."""

from __future__ import annotations

from collections.abc import Iterator

from bygdevekst_cli.findings import Severity
from bygdevekst_cli.models.pilot import Pilot
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.rules.registry import Hit, rule


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


def _span(first: int | None, last: int) -> str:
    return f"{first}–{last}" if first is not None else f"til og med {last}"


@rule(
    "BV204",
    "outside-period",
    Severity.ERROR,
    "Planår, tiltaksperioder, budsjettår og datoer skal ligge innenfor avtaleperioden.",
)
def inside_period(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is None:
        return
    pilot = files.pilot.model
    first, last = agreement_years(pilot)
    span = _span(first, last)
    pilot_first = pilot.first_year
    for plan in files.plans.values():
        model = plan.model
        if _outside(model.year, first, last):
            yield Hit(plan, ("year",), f"Planåret {model.year} er utenfor avtaleperioden {span}")
        for i, measure in enumerate(model.measures):
            for field in ("start_year", "end_year"):
                year = getattr(measure, field)
                if year is not None and _outside(year, first, last):
                    yield Hit(
                        plan,
                        ("measures", i, field),
                        f"Tiltak {measure.id}: {field} {year} er utenfor avtaleperioden {span}",
                    )
            for year in measure.budget:
                if _outside(year, first, last):
                    yield Hit(
                        plan,
                        ("measures", i, "budget", year),
                        f"Tiltak {measure.id}: budsjettåret {year} er utenfor"
                        f" avtaleperioden {span}",
                    )
        for i, grant in enumerate(model.funding.grants):
            if _outside(grant.year, pilot_first, last):
                yield Hit(
                    plan,
                    ("funding", "grants", i, "year"),
                    f"Bevilgningsåret {grant.year} er utenfor pilotens periode"
                    f" {_span(pilot_first, last)}",
                )
        for i, carry in enumerate(model.funding.carry_over):
            for field in ("from_year", "to_year"):
                year = getattr(carry, field)
                if _outside(year, first, last):
                    yield Hit(
                        plan,
                        ("funding", "carry_over", i, field),
                        f"Overføringsåret {year} er utenfor avtaleperioden {span}",
                    )
            if carry.to_year <= carry.from_year:
                yield Hit(
                    plan,
                    ("funding", "carry_over", i, "to_year"),
                    "Midler kan bare overføres til et senere år"
                    f" ({carry.from_year} → {carry.to_year})",
                )
        end = pilot.agreement.period.end
        for i, treatment in enumerate(model.schedule):
            if treatment.date is not None and treatment.date > end:
                yield Hit(
                    plan,
                    ("schedule", i, "date"),
                    f"Møtedatoen {treatment.date.isoformat()} er etter avtaleperiodens slutt"
                    f" {end.isoformat()}",
                )


@rule(
    "BV205",
    "budget-outside-measure",
    Severity.ERROR,
    "Et tiltak har bare budsjett i årene det er aktivt (start_year–end_year).",
)
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
                        f"Tiltak {measure.id} har budsjett for {year}, men er aktivt"
                        f" {measure.start_year or '?'}–{measure.end_year or '?'}",
                    )


@rule(
    "BV221",
    "measure-period-missing",
    Severity.WARNING,
    "Et tiltak bør ha start_year og end_year.",
)
def measure_period_known(files: PilotFiles) -> Iterator[Hit]:
    for plan in files.plans.values():
        for i, measure in enumerate(plan.model.measures):
            missing = [f for f in ("start_year", "end_year") if getattr(measure, f) is None]
            if missing:
                yield Hit(
                    plan,
                    ("measures", i),
                    f"Tiltak {measure.id} mangler {' og '.join(missing)}",
                )
