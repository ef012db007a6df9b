"""The case document's economic consequences (Økonomiske konsekvensar), from the data.

Only sums of figures the data gives: the year's budget by funding source and by funder,
the municipality's own share (from the cost shares, else the own funds of the measures it
is responsible for), its contributions in kind, the state measure funds granted (never
those only applied for) and carried over into the year. Proposed themes are not counted. A
figure the data lacks is reported as not fixed, never as 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bygdevekst_cli.models import ActionPlan
from bygdevekst_cli.models.plan import (
    CarryOver,
    FundingSource,
    Grant,
    GrantStatus,
    InKind,
    Measure,
    MeasureStatus,
    recorded_grants,
)
from bygdevekst_cli.render.partial import Amount, AtLeast, add, source_amount, sum_of


@dataclass(frozen=True)
class SourceSum:
    source: str
    """A ``FundingSource`` value."""
    amount: Amount
    """Partial (``AtLeast``) when a measure names the source without an amount."""


@dataclass(frozen=True)
class FunderSum:
    """The year's budget from one funder under one source, by where the money stands."""

    source: str
    funder: str | None
    """A party id; None: the budget names no funder."""
    status: str | None
    """A ``GrantStatus`` value; None: the budget does not say."""
    amount: int


@dataclass(frozen=True)
class InKindSum:
    """A party's contributions in kind to the year's measures."""

    party: str
    hours: Amount | None
    """None: no entry gives hours; ``AtLeast`` when some give them and others leave them out
    (the least the party contributes, never the whole: unknown is not 0)."""
    amount: Amount | None
    """The same for the value in kroner."""
    notes: tuple[tuple[str, str], ...] = ()
    """``(field, note)`` of each summed entry that assumes the field."""

    def assumption(self, field: str) -> str | None:
        """The notes of the summed values that are assumed (``render.assumed``), else None."""
        found = dict.fromkeys(note for name, note in self.notes if name == field)
        return "; ".join(found) or None


@dataclass(frozen=True)
class Economy:
    year: int
    by_source: list[SourceSum]
    """The year's budget summed per funding source, over the measures that have one."""
    total: Amount | None
    """None when no measure has a budget for the year; partial when an amount is not known."""
    unbudgeted: list[Measure]
    """Measures active in the year without a budget for it."""
    own_funds_here: Amount | None
    """Own funds of the measures the municipality is responsible for (None: no figure);
    at least that (``AtLeast``) when one of them has no budget for the year yet."""
    responsible_here: bool
    """The municipality is responsible for a measure active in the year."""
    state_grants: list[Grant]
    """State measure funds granted for the year, or for the whole period."""
    carry_over: list[CarryOver]
    """Funds carried over into the year (an amount may be unknown)."""
    by_funder: list[FunderSum] = field(default_factory=list)
    """The year's budget per source, funder and status (only when some line names a funder
    or a status)."""
    own_share_from_cost_shares: bool = False
    """``own_funds_here`` comes (at least in part) from cost shares."""
    in_kind_here: InKindSum | None = None
    """The municipality's contributions in kind in the year."""
    in_kind: list[InKindSum] = field(default_factory=list)
    """Every party's contributions in kind in the year."""
    applied: list[Grant] = field(default_factory=list)
    """Grants for the year applied for and not yet decided (never counted as granted)."""


def _active(measure: Measure, year: int) -> bool:
    start = measure.start_year if measure.start_year is not None else year
    end = measure.end_year if measure.end_year is not None else year
    return start <= year <= end and measure.status not in (
        MeasureStatus.CLOSED,
        MeasureStatus.PROPOSED,
    )


def share_of(amount: int, percent: int | Decimal) -> int:
    """``percent`` of ``amount`` in whole kroner, rounded half up (exact for a percentage
    with decimals too: ``Decimal`` arithmetic, floored as ``//`` floors a positive int)."""
    return int((amount * percent + 50) // 100)


def own_share(plan: ActionPlan, measure: Measure, year: int, municipality: str) -> int | None:
    """The municipality's part of a measure's own funds in ``year``: by the measure's cost
    shares, else the plan's, else all of it when the municipality is responsible. None: the
    measure has no own funds that year, or none of them falls to the municipality."""
    own = measure.budget[year].amount(FundingSource.OWN_FUNDS) if year in measure.budget else None
    if own is None:
        return None
    shares = measure.cost_shares or plan.funding.cost_shares
    if shares:
        return share_of(own, shares[municipality]) if municipality in shares else None
    return own if measure.responsible == municipality else None


def owes_unknown(plan: ActionPlan, measure: Measure, year: int, municipality: str) -> bool:
    """Whether the municipality's part of a measure's own funds in ``year`` is not known:
    the measure is active without a budget for the year, and its own funds would fall to
    the municipality (by cost shares, else as the one responsible). Such a part is unknown,
    never 0: a sum of the known parts is «at least» that."""
    if year in measure.budget or not _active(measure, year):
        return False
    shares = measure.cost_shares or plan.funding.cost_shares
    return municipality in shares if shares else measure.responsible == municipality


def in_kind_sums(measures: list[Measure], year: int) -> list[InKindSum]:
    """Each party's contributions in kind in ``year``, summed over the measures; a sum of
    which some entries are not known is marked ``partial``, and assumptions are kept."""
    entries: dict[str, list[InKind]] = {}
    for measure in measures:
        for entry in measure.in_kind:
            if entry.year == year:
                entries.setdefault(entry.party, []).append(entry)
    return [_in_kind_sum(party, given) for party, given in entries.items()]


def _in_kind_sum(party: str, entries: list[InKind]) -> InKindSum:
    notes = tuple(
        (name, note)
        for entry in entries
        for name in ("hours", "amount")
        if (note := entry.assumption(name)) is not None
    )
    hours = _given_sum([e.hours for e in entries])
    return InKindSum(party, hours, _given_sum([e.amount for e in entries]), notes=notes)


def _given_sum(values: list[int | None]) -> Amount | None:
    """The sum of the values given: None when none is, ``AtLeast`` when only some are."""
    given = [value for value in values if value is not None]
    if not given:
        return None
    return sum(given) if len(given) == len(values) else AtLeast(sum(given))


def by_funder(measures: list[Measure], year: int) -> list[FunderSum]:
    sums: dict[tuple[FundingSource, str | None, str | None], int] = {}
    named = False
    for measure in measures:
        for source, line in measure.budget[year].lines():
            status = line.status.value if line.status is not None else None
            named = named or line.funder is not None or status is not None
            key = (source, line.funder, status)
            sums[key] = sums.get(key, 0) + line.amount
    if not named:
        return []
    order = list(FundingSource)
    return [
        FunderSum(source.value, funder, status, amount)
        for (source, funder, status), amount in sorted(
            sums.items(), key=lambda i: (order.index(i[0][0]), i[0][1] or "", i[0][2] or "")
        )
    ]


def economy(plans: dict[int, ActionPlan], year: int, municipality: str) -> Economy:
    plan = plans[year]
    budgeted = [m for m in plan.measures if year in m.budget and m.is_adopted]
    sums: dict[FundingSource, Amount] = {}
    for measure in budgeted:
        for source in FundingSource:
            amount = add(sums.get(source), source_amount(measure.budget[year], source))
            if amount is not None:
                sums[source] = amount
    by_source = [SourceSum(s.value, sums[s]) for s in FundingSource if s in sums]
    own = [share for m in budgeted if (share := own_share(plan, m, year, municipality)) is not None]
    unknown = any(owes_unknown(plan, m, year, municipality) for m in plan.measures)
    grants = recorded_grants(plans, year)
    state = [
        g
        for g in grants
        if g.source is FundingSource.STATE_MEASURE_FUNDS
        and g.is_granted
        and (g.year == year or g.covers_period)
    ]
    in_kind = in_kind_sums([m for m in plan.measures if m.is_adopted], year)
    return Economy(
        year=year,
        by_source=by_source,
        total=sum_of(sums.values()) if budgeted else None,
        unbudgeted=[m for m in plan.measures if year not in m.budget and _active(m, year)],
        own_funds_here=(AtLeast(sum(own)) if unknown else sum(own)) if own else None,
        responsible_here=any(
            m.responsible == municipality and _active(m, year) for m in plan.measures
        ),
        state_grants=sorted(state, key=lambda g: g.year),
        carry_over=[c for c in plan.funding.carry_over if c.to_year == year],
        by_funder=by_funder(budgeted, year),
        own_share_from_cost_shares=any(
            (m.cost_shares or plan.funding.cost_shares)
            and m.budget[year].amount(FundingSource.OWN_FUNDS) is not None
            for m in budgeted
        ),
        in_kind_here=next((i for i in in_kind if i.party == municipality), None),
        in_kind=in_kind,
        applied=[g for g in grants if g.status is GrantStatus.APPLIED and g.year == year],
    )
