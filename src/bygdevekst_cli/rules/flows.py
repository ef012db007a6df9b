"""The plan side of the model: sub-activities, cost shares, money by funder and status,
contributions in kind and indicators (BV240-BV245)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from bygdevekst_cli.findings import YamlPath
from bygdevekst_cli.formatting import Kroner, Percent
from bygdevekst_cli.models.indicators import Indicator, IndicatorValue
from bygdevekst_cli.models.plan import (
    ActionPlan,
    Funding,
    Grant,
    GrantStatus,
    InKind,
    Measure,
    recorded_grants,
)
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.rules.registry import Hit, party_name, rule


@rule("BV240")
def parent_is_another_measure(files: PilotFiles) -> Iterator[Hit]:
    """A sub-activity's parent is another measure, and parents do not go round in a circle."""
    for plan in files.plans.values():
        parents = {m.id: m.parent for m in plan.model.measures}
        for at, measure in plan.objects(Measure):
            if measure.parent is None:
                continue
            if measure.parent == measure.id:
                yield Hit(plan, (*at, "parent"), "itself", {"measure": measure.id})
                continue
            seen = {measure.id}
            current: str | None = measure.parent
            while current is not None and current not in seen:
                seen.add(current)
                current = parents.get(current)
            if current is not None:
                yield Hit(plan, (*at, "parent"), "cycle", {"measure": measure.id})


@rule("BV241")
def cost_shares_sum_to_100(files: PilotFiles) -> Iterator[Hit]:
    for plan in files.plans.values():
        for at, measure in plan.objects(Measure):
            total = sum(measure.cost_shares.values())
            if measure.cost_shares and total != 100:
                slots = {"measure": measure.id, "total": Percent(total)}
                yield Hit(plan, (*at, "cost_shares"), "measure", slots)
        for at, funding in plan.objects(Funding):
            total = sum(funding.cost_shares.values())
            if funding.cost_shares and total != 100:
                yield Hit(plan, (*at, "cost_shares"), "funding", {"total": Percent(total)})


@dataclass(repr=False, eq=False)
class _Funder:
    """What one funder gives and what the plan counts on from it."""

    granted: dict[int, int] = field(default_factory=dict)
    """Granted amounts by year."""
    applied: dict[int, int] = field(default_factory=dict)
    whole_period: bool = False
    """A granted grant covers the period: compare the totals, not each year."""
    allocated: dict[int, int] = field(default_factory=dict)
    where: dict[int, YamlPath] = field(default_factory=dict)
    """The first budget line that counts on the funder, by year."""
    claimed: bool = False
    """Some budget line says this funder's money is granted."""


def _funders(plan: ActionPlan, grants: list[Grant]) -> dict[str, _Funder]:
    """What each funder gives (``grants``) and what ``plan``'s budget lines count on."""
    found: dict[str, _Funder] = {}
    for grant in grants:
        if grant.funder is None:
            continue
        funder = found.setdefault(grant.funder, _Funder())
        if grant.is_granted:
            funder.granted[grant.year] = funder.granted.get(grant.year, 0) + grant.amount
            funder.whole_period = funder.whole_period or grant.covers_period
        elif grant.status is GrantStatus.APPLIED:
            funder.applied[grant.year] = funder.applied.get(grant.year, 0) + grant.amount
    for i, measure in enumerate(plan.measures):
        if not measure.is_adopted:
            continue
        for year, budget in measure.budget.items():
            for source, line in budget.written_lines():
                if line.funder is None or line.status in (
                    GrantStatus.APPLIED,
                    GrantStatus.REJECTED,
                ):
                    continue
                funder = found.setdefault(line.funder, _Funder())
                funder.allocated[year] = funder.allocated.get(year, 0) + line.amount
                funder.where.setdefault(year, ("measures", i, "budget", year, source.value))
                funder.claimed = funder.claimed or line.status is GrantStatus.GRANTED
    return found


@rule("BV242")
def granted_covers_allocated(files: PilotFiles) -> Iterator[Hit]:
    """Per funder and year, the budget lines that count on the funder's money stay within
    what it has granted; money only applied for is never counted as granted. A funder the
    plan lists no grant from, and whose money no line calls granted, is not checked (a
    municipality's own funds).

    The grants are those the plans up to the plan's year record (``recorded_grants``), as
    for the state measure funds (BV206): ``plan new`` leaves a past year's one-year grant
    out of the new plan, while the new plan may keep that year's budget lines."""
    models = {year: plan.model for year, plan in files.plans.items()}
    for year, plan in files.plans.items():
        grants = recorded_grants(models, year)
        for name, funder in _funders(plan.model, grants).items():
            if not funder.allocated or not (funder.granted or funder.applied or funder.claimed):
                continue
            if funder.whole_period:
                spans = [(min(funder.allocated), sorted(funder.allocated))]
            else:
                spans = [(year, [year]) for year in sorted(funder.allocated)]
            for first, years in spans:
                allocated = sum(funder.allocated[y] for y in years)
                granted = sum(
                    funder.granted.values()
                    if funder.whole_period
                    else [funder.granted.get(y, 0) for y in years]
                )
                if allocated <= granted:
                    continue
                applied = sum(funder.applied.get(y, 0) for y in years)
                slots = {
                    "funder": party_name(files, name),
                    "funder_id": name,
                    "year": first if len(years) == 1 else f"{years[0]}–{years[-1]}",
                    "allocated": Kroner(allocated),
                    "granted": Kroner(granted),
                }
                message = "applied" if applied else "exceeded"
                if applied:
                    slots["applied"] = Kroner(applied)
                yield Hit(plan, funder.where[first], message, slots)


@rule("BV243")
def rejected_lines(files: PilotFiles) -> Iterator[Hit]:
    """A budget line whose money was refused still stands in the budget."""
    for plan in files.plans.values():
        for at, measure in plan.objects(Measure):
            for year, budget in measure.budget.items():
                for source, line in budget.written_lines():
                    if line.status is GrantStatus.REJECTED:
                        yield Hit(
                            plan,
                            (*at, "budget", year, source.value),
                            "rejected",
                            {"measure": measure.id, "year": year},
                        )


@rule("BV244")
def in_kind_has_hours_or_amount(files: PilotFiles) -> Iterator[Hit]:
    for plan in files.plans.values():
        for at, entry in plan.objects(InKind):
            if entry.hours is None and entry.amount is None:
                slots = {"party": party_name(files, entry.party), "year": entry.year}
                yield Hit(plan, at, "empty", slots)


@rule("BV245")
def indicators_resolve(files: PilotFiles) -> Iterator[Hit]:
    """Indicator ids are unique in the agreement, and a plan's values name one of them."""
    if files.agreement is None:
        return
    agreement = files.agreement
    known: set[str] = set()
    for at, indicator in agreement.objects(Indicator):
        if indicator.id in known:
            yield Hit(agreement, (*at, "id"), "duplicate", {"indicator": indicator.id})
        known.add(indicator.id)
    for plan in files.plans.values():
        for at, value in plan.objects(IndicatorValue):
            if value.indicator not in known:
                slots = {"indicator": value.indicator, "known": sorted(known) or ["–"]}
                yield Hit(plan, (*at, "indicator"), "unknown", slots)
