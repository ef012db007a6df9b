"""What the templates show beyond the models: only what is worked out from the data.

The templates get the frozen models themselves (the pilot, the agreement, its sub-goals,
chapters and signatures, the plan's measures, the organisation) and print their fields.
What is derived lives here: party names looked up from ids, measures grouped by sub-goal,
budget tables summed, grants merged into runs, the political schedule sorted into a
table, and the changes between two plans. Every fixed word comes from the catalogue.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING

from bygdevekst_cli.diff import FieldChange, Kind, MeasureDiff, id_order
from bygdevekst_cli.models import ActionPlan, Agreement, Pilot
from bygdevekst_cli.models.pilot import Party, PartyKind, PartyRole
from bygdevekst_cli.models.plan import (
    Body,
    CarryOver,
    FundingSource,
    Grant,
    GrantStatus,
    Measure,
    MeasureStatus,
    Treatment,
    recorded_grants,
)
from bygdevekst_cli.render.partial import Amount, source_amount, sum_of, year_total

if TYPE_CHECKING:
    from bygdevekst_cli.render.assumed import Assumptions
    from bygdevekst_cli.render.changes_text import Sentence

# ------------------------------------------------------------------------------ parties


def party_name(pilot: Pilot, party_id: str | None) -> str | None:
    if party_id is None:
        return None
    party = pilot.party(party_id)
    if party is not None:
        return party.name
    group = pilot.organisation.group(party_id)  # a measure may name a group (issue 10)
    return group.name if group is not None else party_id


@dataclass(frozen=True)
class Names:
    """Party names by id, for the templates: ``names(id)`` and ``names.list(ids)``.

    An id the pilot does not know is shown as it is (validate reports it).
    """

    pilot: Pilot

    def __call__(self, party_id: str | None) -> str | None:
        return party_name(self.pilot, party_id)

    def list(self, party_ids: Iterable[str]) -> list[str]:
        return [party_name(self.pilot, p) or p for p in party_ids]


def main_parties(pilot: Pilot) -> list[Party]:
    return [p for p in pilot.parties if p.role is PartyRole.MAIN]


def other_main_parties(pilot: Pilot) -> list[Party]:
    """The main parties that are not municipalities: the state, then the county, then others."""
    order = [PartyKind.STATE, PartyKind.COUNTY]
    others = [p for p in main_parties(pilot) if p.kind is not PartyKind.MUNICIPALITY]
    return sorted(others, key=lambda p: order.index(p.kind) if p.kind in order else len(order))


def agreement_partners(agreement: Agreement) -> list[str]:
    """The partners the sub-goals name, each once, in the order the agreement names them."""
    found: list[str] = []
    for goal in agreement.sub_goals:
        found.extend(p for p in goal.partners if p not in found)
    return found


@dataclass(frozen=True)
class Cohort:
    cohort: int
    start_year: int
    pilots: int


@dataclass(frozen=True)
class National:
    """The national scheme as ``data/scheme.yaml`` records it: cohorts and pilots."""

    cohorts: list[Cohort]

    @property
    def pilots(self) -> int:
        return sum(c.pilots for c in self.cohorts)

    @property
    def later_years(self) -> list[str]:
        """The start years of the cohorts after the first."""
        return [str(c.start_year) for c in self.cohorts[1:]]


def national() -> National:
    from bygdevekst_cli.loader import load_package_data

    data = load_package_data("scheme.yaml")
    cohorts = [
        Cohort(int(c["cohort"]), int(c["start_year"]), int(c["pilots"])) for c in data["cohorts"]
    ]
    return National(sorted(cohorts, key=lambda c: c.cohort))


# -------------------------------------------------------------------------------- plans


@dataclass(frozen=True)
class GoalMeasures:
    """One sub-goal with its measures (and, in a status report, its status text); a number
    of None is the shared work under no sub-goal (project management, communication)."""

    number: int | None
    title: str
    weight: int | Decimal | None
    measures: list[Measure]
    status: str | None = None


def measures_by_goal(
    agreement: Agreement,
    plan: ActionPlan,
    measures: Iterable[Measure],
    *,
    keep_empty: bool = True,
) -> list[GoalMeasures]:
    """Measures grouped under the agreement's sub-goals, in the agreement's order."""
    by_goal: dict[int, list[Measure]] = {}
    shared: list[Measure] = []
    for measure in sorted(measures, key=measure_order):
        if measure.sub_goal is None:
            shared.append(measure)
        else:
            by_goal.setdefault(measure.sub_goal, []).append(measure)
    status = {s.sub_goal: s.text for s in plan.status.sub_goals}
    goals = [
        GoalMeasures(g.number, g.title, g.weight, by_goal.pop(g.number, []), status.get(g.number))
        for g in agreement.sub_goals
    ]
    # Measures under a sub-goal the agreement lacks (validate reports it) are still shown.
    goals.extend(GoalMeasures(n, "", None, ms, status.get(n)) for n, ms in sorted(by_goal.items()))
    found = [g for g in goals if keep_empty or g.measures or g.status]
    if shared:
        found.append(GoalMeasures(None, "", None, shared))
    return found


def measure_order(measure: Measure) -> tuple[bool, int, int, str]:
    """Sub-goal, number and id; shared work (no sub-goal) after the sub-goals."""
    return (measure.sub_goal is None, measure.sub_goal or 0, measure.number, measure.id)


def document_label(measure: Measure) -> str:
    """The measure's number as documents head it (``2.4``); none for shared work, whose id is
    a key for the files, not a name for readers: the «shared work» heading and the title say
    what it is (``Measure.label`` keeps the id for diffs and findings)."""
    return "" if measure.sub_goal is None else measure.label


def measure_name(label: str, title: str) -> str:
    """A measure as documents name it: its number and title, or the title alone."""
    return f"{label} {title}" if label else title


def named(measure: Measure) -> str:
    """``measure_name`` of a plan's measure (the templates' ``measure_name`` filter)."""
    return measure_name(document_label(measure), measure.title)


def limited_to(measure: Measure, pilot: Pilot, year: int | None) -> list[str]:
    """The municipalities a measure is limited to, to be named under it («Gjeld berre: …»):
    none when it names every municipality that takes part in ``year``, as it is then not
    limited at all."""
    members = {p.id for p in pilot.members_in(year)} if year is not None else set()
    if members and members <= set(measure.municipalities):
        return []
    return list(measure.municipalities)


# ------------------------------------------------------------------------------ budgets


@dataclass(frozen=True)
class BudgetRow:
    label: str
    """A sub-goal's or measure's label (number and title)."""
    amounts: list[Amount | None]
    total: Amount


@dataclass(frozen=True)
class BudgetTable:
    columns: list[str]
    """Years, or funding source keys (``state_measure_funds``)."""
    rows: list[BudgetRow]
    totals: list[Amount]
    total: Amount

    @property
    def is_empty(self) -> bool:
        return not self.rows


def period_budget(
    agreement: Agreement,
    plan: ActionPlan,
    shared_label: str = "",
    earlier: Mapping[int, ActionPlan] | None = None,
) -> BudgetTable:
    """The budget over the whole funding period: one row per sub-goal (and one for shared
    work, labelled ``shared_label``), one column a year. Proposed themes are not counted.

    A past year no measure of the plan budgets (``plan new`` leaves past years in their own
    plans) is read from the plan of that year in ``earlier``, as BV206 counts it: without
    it, the table named for the whole period would show only the years still to come."""
    by_year = _budgeting_measures(plan)
    for year, past in (earlier or {}).items():
        measures = [m for m in past.measures if m.is_adopted and year in m.budget]
        if year < plan.year and year not in by_year and measures:
            by_year[year] = measures
    years = sorted(by_year)
    labels = [(f"{goal.number} {goal.title}", goal.number) for goal in agreement.sub_goals]
    rows = []
    for label, number in [*labels, (shared_label, None)]:
        amounts = [
            _sum_or_none(year_total(m.budget[y]) for m in by_year[y] if m.sub_goal == number)
            for y in years
        ]
        if any(a is not None for a in amounts):
            rows.append(BudgetRow(label, amounts, sum_of(amounts)))
    return _with_totals([str(y) for y in years], rows)


def _budgeting_measures(plan: ActionPlan) -> dict[int, list[Measure]]:
    """Each year the plan's adopted measures budget, with the measures that budget it."""
    adopted = [m for m in plan.measures if m.is_adopted]
    years = {year for m in adopted for year in m.budget}
    return {year: [m for m in adopted if year in m.budget] for year in years}


def year_budget(plan: ActionPlan, year: int) -> BudgetTable:
    """The year's budget and financing plan: one row per measure, one column per source."""
    measures = sorted(
        (m for m in plan.measures if year in m.budget and m.is_adopted), key=measure_order
    )
    sources = [s for s in FundingSource if any(source_amount(m.budget[year], s) for m in measures)]
    rows = [
        BudgetRow(
            named(m),
            amounts := [source_amount(m.budget[year], s) for s in sources],
            sum_of(amounts),
        )
        for m in measures
    ]
    return _with_totals([s.value for s in sources], rows)


def unbudgeted(plan: ActionPlan, year: int) -> list[Measure]:
    """The measures active in ``year`` (or without a period) that have no budget for it:
    what a budget table for the year leaves out, to be said in words."""
    return sorted(
        (m for m in plan.measures if year not in m.budget and needs_budget(m, year)),
        key=measure_order,
    )


def needs_budget(measure: Measure, year: int) -> bool:
    """Whether ``measure`` has a budget to give for ``year``: it is active then (or has no
    period). A measure closed, ended or not yet begun has none, and none is unknown."""
    after_start = measure.start_year is None or measure.start_year <= year
    before_end = measure.end_year is None or year <= measure.end_year
    return after_start and before_end and measure.status is not MeasureStatus.CLOSED


@dataclass(frozen=True)
class PlanTables:
    """The numbered tables of the action plan (``Tabell 1``), so that case text can cite
    them; a table the plan does not have (no budget yet) has no number."""

    period: int | None
    year: int | None

    @property
    def numbers(self) -> list[int]:
        return [n for n in (self.period, self.year) if n is not None]


def plan_tables(
    agreement: Agreement,
    plan: ActionPlan,
    year: int,
    earlier: Mapping[int, ActionPlan] | None = None,
) -> PlanTables:
    numbers = iter(range(1, 3))
    period = None if period_budget(agreement, plan, earlier=earlier).is_empty else next(numbers)
    year_table = None if year_budget(plan, year).is_empty else next(numbers)
    return PlanTables(period, year_table)


def _with_totals(columns: list[str], rows: list[BudgetRow]) -> BudgetTable:
    totals = [sum_of([r.amounts[i] for r in rows]) for i in range(len(columns))]
    return BudgetTable(columns, rows, totals, sum_of(totals))


def _sum_or_none(values: Iterable[Amount]) -> Amount | None:
    found = list(values)
    return sum_of(found) if found else None


# ------------------------------------------------------------------------------ funding


@dataclass(frozen=True)
class GrantRun:
    """Equal grants from one source over consecutive years (2 mill. kr a year 2023–2025)."""

    source: str
    amount: int
    first_year: int
    last_year: int
    covers_period: bool
    funder: str | None = None


@dataclass(frozen=True)
class FundingView:
    operating_grants: list[GrantRun]
    measure_funds: list[GrantRun]
    project_management: list[GrantRun]
    other: list[GrantRun]
    carry_over: list[CarryOver]
    applied: list[Grant] = field(default_factory=list)
    """Grants applied for and not yet decided: listed, never counted as granted."""

    @property
    def is_empty(self) -> bool:
        return not (
            self.operating_grants
            or self.measure_funds
            or self.project_management
            or self.other
            or self.carry_over
        )


def funding_view(plans: dict[int, ActionPlan], year: int) -> FundingView:
    """Every grant the plans up to ``year`` record (a grant once, however many plans list it).
    Only granted money is in the runs; applications not yet decided are listed apart."""
    grants = recorded_grants(plans, year)

    def runs(source: FundingSource) -> list[GrantRun]:
        found = sorted(
            (g for g in grants if g.source is source and g.is_granted),
            key=lambda g: (g.funder or "", g.year),
        )
        return _runs(found)

    plan = plans[year]
    return FundingView(
        operating_grants=runs(FundingSource.OPERATING_GRANT),
        measure_funds=runs(FundingSource.STATE_MEASURE_FUNDS),
        project_management=runs(FundingSource.PROJECT_MANAGEMENT_GRANT),
        other=runs(FundingSource.OTHER_GRANTS) + runs(FundingSource.OWN_FUNDS),
        carry_over=[c for c in plan.funding.carry_over if c.to_year == year],
        applied=[g for g in grants if g.status is GrantStatus.APPLIED],
    )


def _runs(grants: list[Grant]) -> list[GrantRun]:
    result: list[GrantRun] = []
    for grant in grants:
        last = result[-1] if result else None
        if (
            last is not None
            and last.amount == grant.amount
            and last.last_year + 1 == grant.year
            and last.funder == grant.funder
            and not (last.covers_period or grant.covers_period)
        ):
            result[-1] = GrantRun(
                last.source, last.amount, last.first_year, grant.year, False, last.funder
            )
        else:
            result.append(
                GrantRun(
                    grant.source.value,
                    grant.amount,
                    grant.year,
                    grant.year,
                    grant.covers_period,
                    grant.funder,
                )
            )
    return result


# ------------------------------------------------------------------------------ meetings


@dataclass(frozen=True)
class MunicipalityMeetings:
    name: str
    formannskap: Treatment | None
    kommunestyre: Treatment | None


@dataclass(frozen=True)
class PartyMeetings:
    name: str
    meetings: list[Treatment]


@dataclass(frozen=True)
class ScheduleView:
    municipalities: list[MunicipalityMeetings]
    county: list[PartyMeetings]
    state: list[PartyMeetings]


def schedule_view(pilot: Pilot, plan: ActionPlan) -> ScheduleView:
    """The plan's political treatment: a row for each municipality that takes part in the
    plan year (one that has left or not yet joined has no council to adopt it) or that the
    plan's schedule names, with its executive committee's and council's meetings."""

    def last(party_id: str, body: Body) -> Treatment | None:
        """The body's last meeting on the plan: after a postponement, the one that is to
        decide (a meeting not yet dated counts as the latest)."""
        found = [t for t in meetings_of(plan, party_id) if t.body is body]
        return found[-1] if found else None

    def others(kind: PartyKind) -> list[PartyMeetings]:
        result = []
        for party in pilot.parties:
            if party.kind is kind:
                meetings = [t for t in plan.schedule if t.party == party.id]
                if meetings:
                    result.append(PartyMeetings(party.name, meetings))
        return result

    return ScheduleView(
        municipalities=[
            MunicipalityMeetings(
                m.name, last(m.id, Body.FORMANNSKAP), last(m.id, Body.KOMMUNESTYRE)
            )
            for m in pilot.municipalities
            if m.member_in(plan.year) or any(t.party == m.id for t in plan.schedule)
        ],
        county=others(PartyKind.COUNTY),
        state=others(PartyKind.STATE),
    )


def meetings_of(plan: ActionPlan, party_id: str) -> list[Treatment]:
    """The political treatments of one party, in date order (undated last)."""
    found = [t for t in plan.schedule if t.party == party_id]
    return sorted(found, key=lambda t: (t.date is None, t.date or dt.date.min))


@dataclass(frozen=True)
class Decision:
    """A treatment that has been decided: who, which plan, when, the case, the outcome."""

    plan_year: int
    party_id: str
    party: str
    state: bool
    """The ministry (its approval is worded as such)."""
    body: str
    date: dt.date | None
    case_number: str | None
    outcome: str
    notes: list[str]
    date_note: str | None = None
    """What the data says of the date where it has none («juli 2025»), or beside it."""


@dataclass(frozen=True)
class OwnDecisions:
    """A municipality's own decisions, and the other parties'."""

    own: list[Decision]
    others: list[Decision]


def own_decisions(found: list[Decision], party_id: str) -> OwnDecisions:
    return OwnDecisions(
        [d for d in found if d.party_id == party_id], [d for d in found if d.party_id != party_id]
    )


def decisions(
    pilot: Pilot, plans: dict[int, ActionPlan], year: int, *, since: int | None = None
) -> list[Decision]:
    """The decided treatments of the plans from ``since`` (default: ``year``) to ``year``,
    by plan year and date (undated last); an outcome nobody recorded is not a decision."""
    found = []
    for plan_year in sorted(plans):
        if not (since if since is not None else year) <= plan_year <= year:
            continue
        for t in plans[plan_year].schedule:
            if t.outcome is None:
                continue
            party = pilot.party(t.party)
            found.append(
                Decision(
                    plan_year=plan_year,
                    party_id=t.party,
                    party=party.name if party is not None else t.party,
                    state=party is not None and party.kind is PartyKind.STATE,
                    body=t.body.value,
                    date=t.date,
                    case_number=t.case_number,
                    outcome=t.outcome.value,
                    notes=list(t.decision_notes),
                    date_note=t.date_note,
                )
            )
    return sorted(found, key=lambda d: (d.plan_year, d.date is None, d.date or dt.date.min))


# -------------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class ChangeView:
    id: str
    label: str
    """The measure's number as the plan document shows it (``2.3``; its id when it moved to
    another sub-goal is another number)."""
    title: str
    fields: list[str | Sentence]
    """Each change as a sentence (``Tiltaket varer no til og med 2028.``)."""
    reason: str | None
    assessment: str | None
    lacks_reason: bool = False
    """Changed without the reason its change needs (``MeasureDiff.lacks_reason``)."""


def measure_labels(*plans: ActionPlan | None) -> dict[str, str]:
    """Each measure's number as the plan documents show it, by id; a later plan's wins (a
    closed measure keeps the number of the last plan that has it)."""
    return {m.id: document_label(m) for plan in plans if plan is not None for m in plan.measures}


@dataclass(frozen=True)
class GoalChanges:
    number: int | None
    title: str
    measures: list[ChangeView]


@dataclass(frozen=True)
class ChangesView:
    new: list[GoalChanges]
    changed: list[GoalChanges]
    closed: list[GoalChanges]
    funding: list[str | Sentence]
    dropped: list[GoalChanges] = field(default_factory=list)
    """Gone without being closed (error BV302): only a draft has them, and names them."""
    plan: list[str] = field(default_factory=list)
    """The plan's own values that changed (its links, its contributors), each in words."""
    agreement: list[str] = field(default_factory=list)
    """What changed in the agreement the plans were adopted against (sub-goals' weights,
    partners), each in words."""

    @property
    def is_empty(self) -> bool:
        return not (
            self.new
            or self.changed
            or self.closed
            or self.funding
            or self.dropped
            or self.plan
            or self.agreement
        )


def changes_view(
    measures: Sequence[MeasureDiff],
    titles: dict[int, str],
    language: str,
    funding: Sequence[str | Sentence] = (),
    names: Callable[[str], str | None] | None = None,
    labels: Mapping[str, str] | None = None,
    assumed: Assumptions | None = None,
    plan: ActionPlan | None = None,
    others: tuple[Sequence[FieldChange], Sequence[FieldChange]] = ((), ()),
    indicators: Callable[[str], str | None] | None = None,
) -> ChangesView:
    """The changes grouped by kind and sub-goal, each field's change in plain words;
    ``labels``: each measure's number by its id (``measure_labels``), else its id. With the
    document's ``assumed`` and the later ``plan``, a new value that plan assumes is marked
    (the sentence worded as the document prints it, so that notes number in reading order).
    ``others``: the changes of the plan's own values and of the agreement, each said once,
    an indicator by its title (``indicators``: a title by its id)."""
    from bygdevekst_cli.language import words
    from bygdevekst_cli.present.value_text import value_changes
    from bygdevekst_cli.render.changes_text import (
        Sentence,
        assumed_owner,
        in_document,
        marker,
        measure_change,
    )

    w = words(language)
    name_of = names or (lambda party: party)
    now = {m.id: m for m in plan.measures} if plan is not None else {}

    def worded(change: FieldChange, measure: Measure | None, notes: Assumptions) -> str:
        mark = marker(notes, assumed_owner(measure, change.keys))
        return measure_change(change, w, name_of, mark)

    def sentences(m: MeasureDiff) -> list[str | Sentence]:
        fields = [f for f in m.fields if in_document(f)]
        if assumed is None:
            return [measure_change(f, w, name_of) for f in fields]
        return [Sentence(functools.partial(worded, f, now.get(m.id), assumed)) for f in fields]

    shown = labels or {}

    def label(m: MeasureDiff) -> str:
        return shown.get(m.id, m.id)

    def in_order(items: Iterable[MeasureDiff]) -> list[MeasureDiff]:
        # by the number the document shows: a measure moved to another sub-goal has a
        # number there that its id (the diff's order) does not give
        return sorted(items, key=lambda m: id_order(label(m)))

    def group(kind: Kind) -> list[GoalChanges]:
        chosen = [m for m in measures if m.kind is kind]
        return [
            GoalChanges(
                number,
                titles.get(number, "") if number is not None else "",
                [
                    ChangeView(
                        m.id,
                        label(m),
                        m.title,
                        sentences(m),
                        m.reason,
                        m.assessment,
                        m.lacks_reason,
                    )
                    for m in in_order(items)
                ],
            )
            for number, items in groupby(chosen, key=lambda m: m.sub_goal)
        ]

    return ChangesView(
        group(Kind.NEW),
        group(Kind.CHANGED),
        group(Kind.CLOSED),
        list(funding),
        group(Kind.DROPPED),
        value_changes([c for c in others[0] if in_document(c)], w, name_of, indicators),
        value_changes(others[1], w, name_of, indicators),
    )


# ------------------------------------------------------------------------------- status


@dataclass(frozen=True)
class StatusView:
    year: int
    activities: list[str]
    goals: list[GoalMeasures]
    overall: str | None
    #: The agreement's sub-goals (number, title) the report says nothing of: no status and
    #: no measure reported, which the report names rather than leaves out unsaid.
    unreported: list[tuple[int, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.activities or self.overall or any(g.measures or g.status for g in self.goals)
        )


def status_view(agreement: Agreement, plan: ActionPlan, *, prioritised_only: bool) -> StatusView:
    """The year's report: what was done, each measure's result, each sub-goal's status."""

    def reported(m: Measure) -> bool:
        if prioritised_only:
            return m.prioritised
        return m.prioritised or m.report is not None

    goals = measures_by_goal(
        agreement, plan, (m for m in plan.measures if reported(m)), keep_empty=False
    )
    shown = {g.number for g in goals}
    unreported = [(g.number, g.title) for g in agreement.sub_goals if g.number not in shown]
    activities = list(plan.status.activities)
    return StatusView(plan.year, activities, goals, plan.status.overall, unreported)


def has_report(plan: ActionPlan) -> bool:
    status = plan.status
    return bool(
        status.activities
        or status.sub_goals
        or status.overall
        or any(m.report is not None for m in plan.measures)
    )
