"""The case document's economic consequences (Økonomiske konsekvensar), from the data.

Only sums of figures the data gives: the year's budget by funding source, what of it lies
with measures the municipality is responsible for, the state measure funds granted and
carried over into the year. A figure the data lacks is reported as not fixed, never as 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from bygdevekst_cli.models import ActionPlan
from bygdevekst_cli.models.plan import CarryOver, FundingSource, Grant, Measure, MeasureStatus


@dataclass(frozen=True)
class SourceSum:
    source: str
    """A ``FundingSource`` value."""
    amount: int


@dataclass(frozen=True)
class Economy:
    year: int
    by_source: list[SourceSum]
    """The year's budget summed per funding source, over the measures that have one."""
    total: int | None
    """None when no measure has a budget for the year."""
    unbudgeted: list[Measure]
    """Measures active in the year without a budget for it."""
    own_funds_here: int | None
    """Own funds of the measures the municipality is responsible for (None: no figure)."""
    responsible_here: bool
    """The municipality is responsible for a measure active in the year."""
    state_grants: list[Grant]
    """State measure funds granted for the year, or for the whole period."""
    carry_over: list[CarryOver]
    """Funds carried over into the year (an amount may be unknown)."""

    @property
    def budgeted_state_funds(self) -> int | None:
        found = [s.amount for s in self.by_source if s.source == FundingSource.STATE_MEASURE_FUNDS]
        return found[0] if found else None


def _active(measure: Measure, year: int) -> bool:
    start = measure.start_year if measure.start_year is not None else year
    end = measure.end_year if measure.end_year is not None else year
    return start <= year <= end and measure.status is not MeasureStatus.CLOSED


def economy(plans: dict[int, ActionPlan], year: int, municipality: str) -> Economy:
    plan = plans[year]
    budgeted = [m for m in plan.measures if year in m.budget]
    sums: dict[FundingSource, int] = {}
    for measure in budgeted:
        for source, amount in measure.budget[year].amounts():
            sums[source] = sums.get(source, 0) + amount
    by_source = [SourceSum(s.value, sums[s]) for s in FundingSource if s in sums]
    own = [
        m.budget[year].own_funds
        for m in budgeted
        if m.responsible == municipality and m.budget[year].own_funds is not None
    ]
    grants: dict[tuple[FundingSource, int], Grant] = {}
    for plan_year in sorted(plans):
        if plan_year <= year:
            for grant in plans[plan_year].funding.grants:
                grants[(grant.source, grant.year)] = grant
    state = [
        g
        for g in grants.values()
        if g.source is FundingSource.STATE_MEASURE_FUNDS and (g.year == year or g.covers_period)
    ]
    return Economy(
        year=year,
        by_source=by_source,
        total=sum(sums.values()) if budgeted else None,
        unbudgeted=[m for m in plan.measures if year not in m.budget and _active(m, year)],
        own_funds_here=sum(a for a in own if a is not None) if own else None,
        responsible_here=any(
            m.responsible == municipality and _active(m, year) for m in plan.measures
        ),
        state_grants=sorted(state, key=lambda g: g.year),
        carry_over=[c for c in plan.funding.carry_over if c.to_year == year],
    )
