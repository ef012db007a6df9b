"""The political schedule: every council treats the plan, in the right order, and decides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from bygdevekst_cli.findings import YamlPath
from bygdevekst_cli.models.pilot import PartyKind, PartyRole
from bygdevekst_cli.models.plan import ActionPlan, Body, Treatment
from bygdevekst_cli.pilotset import Document, PilotFiles
from bygdevekst_cli.rules.registry import Hit, folded, rule

_LOCAL_BODIES = (Body.FORMANNSKAP, Body.KOMMUNESTYRE, Body.FYLKESUTVAL)


@rule("BV209")
def every_municipality_scheduled(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is None:
        return
    municipalities = [
        p
        for p in files.pilot.model.parties
        if p.kind is PartyKind.MUNICIPALITY and p.role is PartyRole.MAIN
    ]
    for plan in files.plans.values():
        scheduled = {t.party for t in plan.model.schedule}
        for municipality in municipalities:
            # a municipality that joins or leaves is only required in its years (issue 10)
            if municipality.member_in(plan.model.year) and municipality.id not in scheduled:
                yield Hit(
                    plan,
                    ("schedule",),
                    "missing",
                    {"municipality": municipality.name},
                )


@rule("BV210")
def decisions_in_order(files: PilotFiles) -> Iterator[Hit]:
    for plan in files.plans.values():
        dated = [(at, t) for at, t in plan.objects(Treatment) if t.date is not None]
        for at, treatment in dated:
            assert treatment.date is not None
            if treatment.body is Body.KOMMUNESTYRE:
                first = _first_recommendation(dated, treatment.party)
                if first is not None and first > treatment.date:
                    yield Hit(
                        plan,
                        (*at, "date"),
                        "council_first",
                        {
                            "party": treatment.party,
                            "date": treatment.date.isoformat(),
                            "earlier": first.isoformat(),
                        },
                    )
            if treatment.body is Body.KDD:
                latest = _latest_local(dated)
                if latest is not None and latest[1] > treatment.date:
                    yield Hit(
                        plan,
                        (*at, "date"),
                        "kdd_first",
                        {
                            "date": treatment.date.isoformat(),
                            "party": latest[0],
                            "local_date": latest[1].isoformat(),
                        },
                    )


def _first_recommendation(dated: list[tuple[YamlPath, Treatment]], party: str) -> dt.date | None:
    """The date of the party's first formannskap meeting on the plan. A council meets after
    it; a council that postpones and sends the case back may meet before a later one."""
    dates = [t.date for _, t in dated if t.party == party and t.body is Body.FORMANNSKAP]
    return min((d for d in dates if d is not None), default=None)


def _latest_local(dated: list[tuple[YamlPath, Treatment]]) -> tuple[str, dt.date] | None:
    """The party and date of the last municipal or county treatment."""
    local = [(t.party, t.date) for _, t in dated if t.body in _LOCAL_BODIES and t.date]
    return max(local, key=lambda item: item[1], default=None)


@rule("BV223")
def decisions_recorded(files: PilotFiles) -> Iterator[Hit]:
    """A plan's meetings without outcome as one finding: the same task for every council."""
    today = files.today
    for plan in files.plans.values():
        hits = [
            Hit(
                plan,
                at,
                "missing",
                {"body": treatment.body, "party": treatment.party, "date": _iso(treatment.date)},
            )
            for at, treatment in plan.objects(Treatment)
            if treatment.date is not None and treatment.date < today and treatment.outcome is None
        ]
        yield from folded("BV223", files, hits, ("schedule",), "party", year=plan.model.year)
        yield from _decided_before_held(plan, today)


def _decided_before_held(plan: Document[ActionPlan], today: dt.date) -> Iterator[Hit]:
    """An outcome recorded for a meeting dated after today: the date is wrong (a year
    mistyped, a meeting moved), or the outcome was written in before the vote."""
    for at, treatment in plan.objects(Treatment):
        if treatment.date is not None and treatment.date > today and treatment.outcome:
            slots = {"body": treatment.body, "party": treatment.party, "date": _iso(treatment.date)}
            yield Hit(plan, (*at, "outcome"), "early", slots)


@rule("BV224")
def case_numbers(files: PilotFiles) -> Iterator[Hit]:
    """A plan's decisions without case number as one finding: the same task for every council."""
    for plan in files.plans.values():
        hits = [
            Hit(plan, at, "missing", {"body": treatment.body, "party": treatment.party})
            for at, treatment in plan.objects(Treatment)
            if treatment.outcome is not None and treatment.case_number is None
        ]
        yield from folded("BV224", files, hits, ("schedule",), "party", year=plan.model.year)


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date is not None else ""
