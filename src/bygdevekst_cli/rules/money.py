"""Money: weights, state measure funds against grants, and budgets to fill in."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from bygdevekst_cli.formatting import Kroner, Percent
from bygdevekst_cli.in_force import InForce, agreement_in_force
from bygdevekst_cli.models import ActionPlan
from bygdevekst_cli.models.agreement import SubGoal
from bygdevekst_cli.models.plan import (
    CarryOver,
    FundingSource,
    Grant,
    Measure,
    MeasureStatus,
    recorded_grants,
)
from bygdevekst_cli.pilotset import Document, PilotFiles
from bygdevekst_cli.rules.registry import Hit, folded, rule, rule_words

WEIGHT_TOLERANCE = 10
"""Percentage points a sub-goal's share of the measure funds may differ from its weight."""


@rule("BV203")
def weights_sum(files: PilotFiles) -> Iterator[Hit]:
    if (agreement := files.agreement) is None:
        return
    goals = agreement.model.sub_goals
    weighted = [g for g in goals if g.weight is not None]
    if not weighted:
        return
    for at, goal in agreement.objects(SubGoal):
        if goal.weight is None:
            yield Hit(agreement, at, "weight_missing", {"number": goal.number})
    total = sum(g.weight or 0 for g in goals)
    if total != 100:
        yield Hit(agreement, ("sub_goals",), "sum", {"total": Percent(total)})


def available_measure_funds(files: PilotFiles, year: int) -> int | None:
    """Granted state measure funds, plus amounts carried over from before the listed grants;
    None when such a carry-over's amount is not known (BV225 asks for it), as the sum is
    then not known either.

    A grant that covers the period is one pot: carrying part of it from one year to the next
    moves money inside the pot and adds nothing. Carry-over from a year before every grant
    the plan lists is money the plan could not otherwise count, so it is added.
    """
    source = FundingSource.STATE_MEASURE_FUNDS
    plan = files.plans[year].model
    grants = granted_over_period(files, year)
    first_grant = min((g.year for g in grants), default=None)
    carried = [
        c.amount
        for c in plan.funding.carry_over
        if c.source is source and (first_grant is None or c.from_year < first_grant)
    ]
    if None in carried:
        return None
    return sum(g.amount for g in grants) + sum(a for a in carried if a is not None)


def granted_over_period(files: PilotFiles, year: int) -> list[Grant]:
    """The granted state measure funds the plan for ``year`` can count on: the grants the
    plans up to it record, as the documents read them (``recorded_grants``). ``plan new``
    leaves past one-year grants out of the new plan, while ``allocated_over_period`` still
    counts what those years spent; without their grants a pilot granted money year by year
    would look overspent from its second plan on."""
    source = FundingSource.STATE_MEASURE_FUNDS
    plans = {plan_year: plan.model for plan_year, plan in files.plans.items()}
    return [g for g in recorded_grants(plans, year) if g.source is source and g.is_granted]


def allocated_over_period(files: PilotFiles, year: int) -> int:
    """State measure funds allocated over the period, as the plan for ``year`` sees it.

    Each earlier year counts as its own plan budgeted it (a new plan may leave past years
    out); that year and later ones count as this plan budgets them.
    """
    source = FundingSource.STATE_MEASURE_FUNDS
    plan = files.plans[year].model
    years = {y for m in plan.measures for y in m.budget}
    years |= {y for y in files.plans if y < year}
    total = 0
    for budget_year in years:
        owner = (
            files.plans[budget_year].model
            if budget_year in files.plans and budget_year < year
            else plan
        )
        total += _allocated(owner.measures, budget_year, source)
    return total


def _allocated(measures: Iterable[Measure], year: int, source: FundingSource) -> int:
    """What the adopted measures are given from ``source`` in ``year`` (an amount not known
    counts as none here; BV220 tells of it). Each measure's budget is read once."""
    total = 0
    for measure in measures:
        budget = measure.budget.get(year)
        if budget is not None and measure.is_adopted:
            total += budget.amount(source) or 0
    return total


@rule("BV206")
def measure_funds_within_grants(files: PilotFiles) -> Iterator[Hit]:
    for year, plan in files.plans.items():
        allocated = allocated_over_period(files, year)
        available = available_measure_funds(files, year)
        if available is not None and allocated > available:
            # no grant and no carry-over recorded: the plans say nothing of what was
            # granted, which is not the same as 0 kr granted
            recorded = available > 0 or granted_over_period(files, year)
            yield Hit(
                plan,
                ("funding",) if plan.model.funding.grants else ("measures",),
                "exceeded" if recorded else "none_recorded",
                {"allocated": Kroner(allocated), "available": Kroner(available)},
            )
        yield from _yearly_frames(files, year)


YEARLY_GRANTS = (FundingSource.OPERATING_GRANT, FundingSource.PROJECT_MANAGEMENT_GRANT)
"""State money granted a year at a time (driftstilskot, midlar til prosjektleiing)."""


def _yearly_frames(files: PilotFiles, year: int) -> Iterator[Hit]:
    """What the measures of the plan for ``year`` are given of a yearly grant in a year,
    against what is granted from it for that year. Checked only for a year the plans up to
    ``year`` record a grant from the source for (a pilot that does not list its operating
    grants is not told to), and not for a source with a grant that covers the period (a pot
    across the years, as the state measure funds are)."""
    plan = files.plans[year]
    models = {plan_year: document.model for plan_year, document in files.plans.items()}
    grants = [g for g in recorded_grants(models, year) if g.is_granted]
    for source in YEARLY_GRANTS:
        granted: dict[int, int] = {}
        for grant in grants:
            if grant.source is source:
                granted[grant.year] = granted.get(grant.year, 0) + grant.amount
        if any(g.source is source and g.covers_period for g in grants):
            continue
        for budget_year, frame in sorted(granted.items()):
            allocated = _allocated(plan.model.measures, budget_year, source)
            if allocated > frame:
                slots = {
                    "source": rule_words(files)(f"source.{source.value}"),
                    "code": source.value,
                    "year": budget_year,
                    "allocated": Kroner(allocated),
                    "granted": Kroner(frame),
                }
                yield Hit(plan, ("funding",), "year_exceeded", slots)


@rule("BV207", tolerance=WEIGHT_TOLERANCE)
def allocation_follows_weight(files: PilotFiles) -> Iterator[Hit]:
    """Each plan against the weights of the agreement in force when it was adopted
    (``in_force``): a plan adopted before a revision of the weights is not warned of a
    state that was right when the councils adopted it."""
    if files.agreement is None:
        return
    for year, plan in files.plans.items():
        in_force = agreement_in_force(files, year)
        assert in_force is not None
        yield from _off_weight(plan, in_force)


def _off_weight(plan: Document[ActionPlan], in_force: InForce) -> Iterator[Hit]:
    """The sub-goals whose share of the plan's state measure funds is off their weight; when
    today's agreement stands in for the one the plan names, the message says so.

    Not while a measure's state measure funds for the plan year are unknown (BV220 asks
    for its budget): the shares are not known, and a sub-goal whose measures have no budget
    yet is not «0 %» of the funds. Nor while a sub-goal has no measure at all (BV228): that
    is the mistake to correct, and the shares it skews are not more to correct.
    """
    goals = in_force.agreement.sub_goals
    if not goals or any(g.weight is None for g in goals):
        return
    source = FundingSource.STATE_MEASURE_FUNDS
    if any(_unknown_amount(m, plan.model.year, source) for m in plan.model.measures):
        return
    if {g.number for g in goals} - {m.sub_goal for m in plan.model.measures}:
        return
    by_goal = {g.number: 0 for g in goals}
    for measure in plan.model.measures:
        if measure.sub_goal in by_goal and measure.is_adopted:
            by_goal[measure.sub_goal] += measure.amount(source)
    total = sum(by_goal.values())
    if total == 0:
        return
    message, slots = "off", {}
    if in_force.fallback is not None:
        message, slots = "off_today", {"revision": in_force.revision}
    for goal in goals:
        share = round(100 * by_goal[goal.number] / total)
        weight = Decimal(goal.weight or 0)  # a weight may have decimals (12,5 %)
        if abs(share - weight) > WEIGHT_TOLERANCE:
            yield Hit(
                plan,
                ("measures",),
                message,
                {
                    "number": goal.number,
                    "share": Percent(share),
                    "weight": Percent(weight),
                    **slots,
                },
            )


@rule("BV208")
def closed_has_assessment(files: PilotFiles) -> Iterator[Hit]:
    for plan in files.plans.values():
        for at, measure in plan.objects(Measure):
            if measure.status is MeasureStatus.CLOSED and measure.assessment is None:
                yield Hit(
                    plan,
                    (*at, "status"),
                    "missing",
                    {"measure": measure.id},
                )


@rule("BV220")
def budget_for_plan_year(files: PilotFiles) -> Iterator[Hit]:
    """Reported once per plan: a source that gives no budget per measure lacks it for all.

    A budget whose sources are all written without an amount (``own_funds: null``) is not
    missing: money is expected, how much is not known yet. It is reported as unknown, with
    the sources named, for the secretariat to fill in once known, not told to add a budget
    it has written."""
    for year, plan in files.plans.items():
        missing: list[Hit] = []
        unknown: list[Hit] = []
        for at, measure in plan.objects(Measure):
            gap = _budget_gap(measure, year)
            if gap is None:
                continue
            if gap:
                sources = [rule_words(files)(f"source.{s.value}") for s in gap]
                slots = {"measure": measure.id, "year": year, "sources": sources}
                unknown.append(Hit(plan, (*at, "budget", year), "unknown", slots))
            else:
                missing.append(Hit(plan, at, "missing", {"measure": measure.id, "year": year}))
        yield from folded("BV220", files, missing, ("measures",), "measure", year=year)
        yield from folded(
            "BV220", files, unknown, ("measures",), "measure", "unknown_amounts.many", year=year
        )


def _budget_gap(measure: Measure, year: int) -> tuple[FundingSource, ...] | None:
    """What an open measure active in ``year`` lacks of the year's budget (a proposed theme
    needs none): None when nothing, ``()`` when the budget is missing, else the sources it
    names without an amount when it gives no amount at all."""
    if measure.status in (MeasureStatus.CLOSED, MeasureStatus.PROPOSED):
        return None
    start, end = measure.start_year, measure.end_year
    active = (start is None or start <= year) and (end is None or year <= end)
    budget = measure.budget.get(year)
    if not active or (budget is not None and any(True for _ in budget.amounts())):
        return None
    return budget.unknown_sources() if budget is not None else ()


def _unknown_amount(measure: Measure, year: int, source: FundingSource) -> bool:
    """The money from ``source`` to a measure in ``year`` is not known: an open measure
    active in the year has no budget for it, or an adopted one writes the source without
    an amount (``state_measure_funds: null``). A source left out is no money from it."""
    if _budget_gap(measure, year) == ():
        return True
    budget = measure.budget.get(year)
    return measure.is_adopted and budget is not None and source in budget.unknown_sources()


@rule("BV225")
def carry_over_amount(files: PilotFiles) -> Iterator[Hit]:
    for plan in files.plans.values():
        for at, carry in plan.objects(CarryOver):
            if carry.amount is None:
                yield Hit(
                    plan,
                    at,
                    "missing",
                    {"from_year": carry.from_year, "to_year": carry.to_year},
                )
