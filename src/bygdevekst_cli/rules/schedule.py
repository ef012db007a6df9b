"""The political schedule: every council treats the plan, in the right order, and decides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from bygdevekst_cli.findings import YamlPath
from bygdevekst_cli.models.pilot import Party, PartyKind, PartyRole
from bygdevekst_cli.models.plan import ActionPlan, Body, Treatment
from bygdevekst_cli.pilotset import Document, PilotFiles
from bygdevekst_cli.rules.registry import Hit, folded, meeting, party_name, rule


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
        hits = [
            Hit(plan, ("schedule",), "missing", {"municipality": municipality.name})
            for municipality in municipalities
            # a municipality that joins or leaves is only required in its years (issue 10)
            if municipality.member_in(plan.model.year) and municipality.id not in scheduled
        ]
        # a schedule copied from a smaller pilot lacks several: one error naming them all
        yield from folded("BV209", files, hits, ("schedule",), "municipality")


_COMMITTEE_OF = {Body.KOMMUNESTYRE: Body.FORMANNSKAP, Body.FYLKESTING: Body.FYLKESUTVAL}
"""A council and the committee that prepares its case: the committee meets first."""
_COUNCIL_FIRST = {Body.KOMMUNESTYRE: "council_first", Body.FYLKESTING: "county_council_first"}
_COUNTY_BODIES = (Body.FYLKESUTVAL, Body.FYLKESTING)
_LOCAL_BODIES = (Body.FORMANNSKAP, Body.KOMMUNESTYRE, *_COUNTY_BODIES)

Dated = list[tuple[YamlPath, Treatment]]


@rule("BV210")
def decisions_in_order(files: PilotFiles) -> Iterator[Hit]:
    """The scheme's order (the ministry's letter, the saksframlegg of seed 001): each
    municipality's formannskap, then its council; the county (its fylkesutval, then its
    fylkesting) once the councils have adopted the plan; the ministry (KDD) last. A county
    that is a main party decides before KDD approves; a pilot without one is asked for none."""
    for plan in files.plans.values():
        dated = [(at, t) for at, t in plan.objects(Treatment) if t.date is not None]
        firsts = _first_meetings(dated)
        yield from _committee_first(files, plan, dated, firsts)
        yield from _councils_before_county(files, plan, dated, firsts)
        yield from _kdd_last(files, plan, dated)


def _committee_first(
    files: PilotFiles, plan: Document[ActionPlan], dated: Dated, firsts: FirstMeetings
) -> Iterator[Hit]:
    """A council (kommunestyre, fylkesting) that meets before its committee first did."""
    for at, treatment in dated:
        committee = _COMMITTEE_OF.get(treatment.body)
        if committee is None or treatment.date is None:
            continue
        first = firsts.get((treatment.party, committee))
        if first is not None and first > treatment.date:
            slots = {
                "party": party_name(files, treatment.party),
                "date": treatment.date.isoformat(),
                "earlier": first.isoformat(),
            }
            yield Hit(plan, (*at, "date"), _COUNCIL_FIRST[treatment.body], slots)


def _councils_before_county(
    files: PilotFiles, plan: Document[ActionPlan], dated: Dated, firsts: FirstMeetings
) -> Iterator[Hit]:
    """A county's treatment dated before a municipal council first treated the plan: the
    municipalities adopt it before it goes to the county (compared with each council's
    first meeting, as a council that sends the case back may meet again later).

    One finding per county, at its first such meeting: a council date typed a month late
    puts both the fylkesutval and the fylkesting before it, and two errors for one wrong
    date send the secretariat to correct dates that are right."""
    councils = [
        (party, first) for (party, body), first in firsts.items() if body is Body.KOMMUNESTYRE
    ]
    last = max(councils, key=lambda council: council[1], default=None)
    if last is None:
        return
    counties = {c.id for c in _counties(files)}  # a county body of another party is BV202's
    early = [
        (at, treatment, date)
        for at, treatment in dated
        if treatment.party in counties
        and treatment.body in _COUNTY_BODIES
        and (date := treatment.date) is not None
        and date < last[1]
    ]
    for county in dict.fromkeys(treatment.party for _, treatment, _ in early):
        at, treatment, date = min((e for e in early if e[1].party == county), key=lambda e: e[2])
        slots = {
            "party": party_name(files, county),
            "body": treatment.body,
            "date": date.isoformat(),
            "municipality": party_name(files, last[0]),
            "council_date": last[1].isoformat(),
        }
        yield Hit(plan, (*at, "date"), "county_first", slots)


def _kdd_last(files: PilotFiles, plan: Document[ActionPlan], dated: Dated) -> Iterator[Hit]:
    """KDD's approval dated before a municipal or county treatment, or while a county that
    is a main party of the plan's year has no treatment of the plan in the schedule (one
    without a date is there, its order not yet known)."""
    treated = {t.party for t in plan.model.schedule if t.body in _COUNTY_BODIES}
    counties = [c for c in _main_counties(files, plan.model.year) if c.id not in treated]
    latest = _latest_local(dated)
    for at, treatment in dated:
        if treatment.body is not Body.KDD or treatment.date is None:
            continue
        if latest is not None and latest[1] > treatment.date:
            slots = {
                "date": treatment.date.isoformat(),
                "party": party_name(files, latest[0]),
                "local_date": latest[1].isoformat(),
            }
            yield Hit(plan, (*at, "date"), "kdd_first", slots)
        for county in counties:
            slots = {"date": treatment.date.isoformat(), "party": county.name}
            yield Hit(plan, (*at, "date"), "county_missing", slots)


def _counties(files: PilotFiles) -> list[Party]:
    """The pilot's counties (parties of any role)."""
    parties = files.pilot.model.parties if files.pilot is not None else []
    return [p for p in parties if p.kind is PartyKind.COUNTY]


def _main_counties(files: PilotFiles, year: int) -> list[Party]:
    """The counties that are main parties in ``year``: they decide on the plan (a county
    that is only a partner is told of it, and is asked for no decision)."""
    return [c for c in _counties(files) if c.role is PartyRole.MAIN and c.member_in(year)]


FirstMeetings = dict[tuple[str, Body], dt.date]
"""The date of each party's first meeting of each body on a plan, in the order the plan
first names them."""


def _first_meetings(dated: Dated) -> FirstMeetings:
    """Each party's first meeting of each body (a formannskap before its council: a council
    that postpones and sends the case back may meet before a later formannskap meeting),
    from one pass over the plan's dated treatments."""
    firsts: FirstMeetings = {}
    for _, treatment in dated:
        date, key = treatment.date, (treatment.party, treatment.body)
        if date is not None and (key not in firsts or date < firsts[key]):
            firsts[key] = date
    return firsts


def _latest_local(dated: Dated) -> tuple[str, dt.date] | None:
    """The party and date of the last municipal or county treatment."""
    local = [(t.party, t.date) for _, t in dated if t.body in _LOCAL_BODIES and t.date]
    return max(local, key=lambda item: item[1], default=None)


def _who_met(files: PilotFiles, treatment: Treatment) -> dict[str, Any]:
    """A meeting's slots: the body of its party (``meeting``), and the party by name
    (``party``), by which the meetings of one finding are folded into one list."""
    return {
        "meeting": meeting(files, treatment.body, treatment.party),
        "party": party_name(files, treatment.party),
    }


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
                {**_who_met(files, treatment), "date": _iso(treatment.date)},
            )
            for at, treatment in plan.objects(Treatment)
            if treatment.date is not None and treatment.date < today and treatment.outcome is None
        ]
        yield from folded("BV223", files, hits, ("schedule",), "party", year=plan.model.year)
        yield from _decided_before_held(files, plan, today)


def _decided_before_held(
    files: PilotFiles, plan: Document[ActionPlan], today: dt.date
) -> Iterator[Hit]:
    """An outcome recorded for a meeting dated after today: the date is wrong (a year
    mistyped, a meeting moved), or the outcome was written in before the vote."""
    for at, treatment in plan.objects(Treatment):
        if treatment.date is not None and treatment.date > today and treatment.outcome:
            slots = {
                "meeting": meeting(files, treatment.body, treatment.party),
                "date": _iso(treatment.date),
            }
            yield Hit(plan, (*at, "outcome"), "early", slots)


@rule("BV224")
def case_numbers(files: PilotFiles) -> Iterator[Hit]:
    """A plan's decisions without case number as one finding: the same task for every council."""
    for plan in files.plans.values():
        hits = [
            Hit(
                plan,
                at,
                "missing",
                _who_met(files, treatment),
            )
            for at, treatment in plan.objects(Treatment)
            if treatment.outcome is not None and treatment.case_number is None
        ]
        yield from folded("BV224", files, hits, ("schedule",), "party", year=plan.model.year)


def _iso(date: dt.date | None) -> str:
    return date.isoformat() if date is not None else ""
