"""What the templates show, worked out from the data: the logic, so templates hold prose.

Each function turns the models into small read-only views (names looked up, amounts
summed, measures grouped by sub-goal, meetings sorted into a table). Templates only
loop, print and choose a sentence; every fixed word comes from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from bygdevekst_cli.diff import Kind, MeasureDiff
from bygdevekst_cli.diff_render import describe
from bygdevekst_cli.models import ActionPlan, Agreement, Pilot
from bygdevekst_cli.models.agreement import ChapterKind, SubGoal
from bygdevekst_cli.models.pilot import Party, PartyKind, PartyRole, Person
from bygdevekst_cli.models.plan import (
    Body,
    FundingSource,
    Grant,
    Measure,
    Treatment,
)

# ------------------------------------------------------------------------------ parties


def party_name(pilot: Pilot, party_id: str | None) -> str | None:
    if party_id is None:
        return None
    party = pilot.party(party_id)
    return party.name if party is not None else party_id


@dataclass(frozen=True)
class PartyView:
    id: str
    name: str
    short_name: str | None
    kind: str
    listed_as: str
    """How the list of main parties names it: its description, else its name."""


def party_view(party: Party) -> PartyView:
    return PartyView(
        party.id,
        party.name,
        party.short_name,
        party.kind.value,
        party.description or party.name,
    )


def main_parties(pilot: Pilot) -> list[PartyView]:
    return [party_view(p) for p in pilot.parties if p.role is PartyRole.MAIN]


def other_main_parties(pilot: Pilot) -> list[PartyView]:
    """The main parties that are not municipalities (the state, the county)."""
    order = [PartyKind.STATE.value, PartyKind.COUNTY.value]
    others = [p for p in main_parties(pilot) if p.kind != PartyKind.MUNICIPALITY.value]
    return sorted(others, key=lambda p: order.index(p.kind) if p.kind in order else len(order))


# ---------------------------------------------------------------------------- agreement


@dataclass(frozen=True)
class SubGoalView:
    number: int
    section: str | None
    title: str
    weight: int | None
    text: str
    includes_municipalities: bool
    partners: list[str]
    may_invite: list[str]


@dataclass(frozen=True)
class ChapterView:
    kind: str
    number: str
    title: str
    text: str


@dataclass(frozen=True)
class SignatureView:
    party: str
    decision_date: dt.date | None


@dataclass(frozen=True)
class OpenPointView:
    ref: str | None
    chapter: str | None
    text: str


@dataclass(frozen=True)
class AgreementView:
    title: str | None
    is_draft: bool
    chapters: list[ChapterView]
    main_parties: list[PartyView]
    sub_goals: list[SubGoalView]
    signatures: list[SignatureView]
    open_points: list[OpenPointView]
    period_end: dt.date
    signed: dt.date | None


def sub_goal_view(pilot: Pilot, goal: SubGoal) -> SubGoalView:
    return SubGoalView(
        number=goal.number,
        section=goal.section,
        title=goal.title,
        weight=goal.weight,
        text=goal.text,
        includes_municipalities=goal.includes_municipalities,
        partners=[party_name(pilot, p) or p for p in goal.partners],
        may_invite=list(goal.may_invite),
    )


def agreement_view(pilot: Pilot, agreement: Agreement) -> AgreementView:
    status = pilot.agreement
    return AgreementView(
        title=agreement.title,
        is_draft=status.state.value == "draft",
        chapters=[ChapterView(c.kind.value, c.number, c.title, c.text) for c in agreement.chapters],
        main_parties=main_parties(pilot),
        sub_goals=[sub_goal_view(pilot, g) for g in agreement.sub_goals],
        signatures=[
            SignatureView(party_name(pilot, s.party) or s.party, s.decision_date)
            for s in agreement.signatures
        ],
        open_points=[OpenPointView(p.ref, p.chapter, p.text) for p in agreement.open_points],
        period_end=status.period.end,
        signed=status.signed,
    )


SUB_GOALS_CHAPTER = ChapterKind.SUB_GOALS.value
MAIN_PARTIES_CHAPTER = ChapterKind.MAIN_PARTIES.value

# -------------------------------------------------------------------------------- plans


@dataclass(frozen=True)
class MeasureView:
    id: str
    sub_goal: int
    number: int
    title: str
    description: str | None
    responsible: str | None
    partners: list[str]
    start_year: int | None
    end_year: int | None
    status: str
    prioritised: bool
    change_reason: str | None
    assessment: str | None
    done: str | None
    preliminary_result: str | None
    budget: dict[int, int]
    """The total budget per year."""


def measure_view(pilot: Pilot, measure: Measure) -> MeasureView:
    report = measure.report
    return MeasureView(
        id=measure.id,
        sub_goal=measure.sub_goal,
        number=measure.number,
        title=measure.title,
        description=measure.description,
        responsible=party_name(pilot, measure.responsible),
        partners=[party_name(pilot, p) or p for p in measure.partners],
        start_year=measure.start_year,
        end_year=measure.end_year,
        status=measure.status.value,
        prioritised=measure.prioritised,
        change_reason=measure.change_reason,
        assessment=measure.assessment,
        done=report.done if report else None,
        preliminary_result=report.preliminary_result if report else None,
        budget={year: amounts.total for year, amounts in sorted(measure.budget.items())},
    )


@dataclass(frozen=True)
class GoalMeasures:
    """One sub-goal with its measures (and, in a status report, its status text)."""

    number: int
    title: str
    weight: int | None
    measures: list[MeasureView]
    status: str | None = None


def measures_by_goal(
    pilot: Pilot,
    agreement: Agreement,
    plan: ActionPlan,
    measures: Iterable[Measure],
    *,
    keep_empty: bool = True,
) -> list[GoalMeasures]:
    """Measures grouped under the agreement's sub-goals, in the agreement's order."""
    by_goal: dict[int, list[MeasureView]] = {}
    for measure in sorted(measures, key=lambda m: (m.sub_goal, m.number, m.id)):
        by_goal.setdefault(measure.sub_goal, []).append(measure_view(pilot, measure))
    status = {s.sub_goal: s.text for s in plan.status.sub_goals}
    goals = [
        GoalMeasures(g.number, g.title, g.weight, by_goal.pop(g.number, []), status.get(g.number))
        for g in agreement.sub_goals
    ]
    # Measures under a sub-goal the agreement lacks (validate reports it) are still shown.
    goals.extend(GoalMeasures(n, "", None, ms, status.get(n)) for n, ms in sorted(by_goal.items()))
    return [g for g in goals if keep_empty or g.measures or g.status]


# ------------------------------------------------------------------------------ budgets


@dataclass(frozen=True)
class BudgetRow:
    label: str
    """A sub-goal's or measure's label (number and title)."""
    amounts: list[int | None]
    total: int


@dataclass(frozen=True)
class BudgetTable:
    columns: list[str]
    """Years, or funding source keys (``state_measure_funds``)."""
    rows: list[BudgetRow]
    totals: list[int]
    total: int

    @property
    def is_empty(self) -> bool:
        return not self.rows


def period_budget(agreement: Agreement, plan: ActionPlan) -> BudgetTable:
    """The budget over the whole funding period: one row per sub-goal, one column a year."""
    years = sorted({year for m in plan.measures for year in m.budget})
    rows = []
    for goal in agreement.sub_goals:
        measures = [m for m in plan.measures if m.sub_goal == goal.number]
        amounts = [
            _sum_or_none(m.budget[y].total for m in measures if y in m.budget) for y in years
        ]
        if any(a is not None for a in amounts):
            rows.append(BudgetRow(f"{goal.number} {goal.title}", amounts, _total(amounts)))
    return _with_totals([str(y) for y in years], rows)


def year_budget(plan: ActionPlan, year: int) -> BudgetTable:
    """The year's budget and financing plan: one row per measure, one column per source."""
    measures = sorted(
        (m for m in plan.measures if year in m.budget), key=lambda m: (m.sub_goal, m.number)
    )
    sources = [s for s in FundingSource if any(getattr(m.budget[year], s.value) for m in measures)]
    rows = [
        BudgetRow(
            f"{m.id} {m.title}",
            amounts := [getattr(m.budget[year], s.value) for s in sources],
            _total(amounts),
        )
        for m in measures
    ]
    return _with_totals([s.value for s in sources], rows)


def _with_totals(columns: list[str], rows: list[BudgetRow]) -> BudgetTable:
    totals = [sum(r.amounts[i] or 0 for r in rows) for i in range(len(columns))]
    return BudgetTable(columns, rows, totals, sum(totals))


def _sum_or_none(values: Iterable[int]) -> int | None:
    found = list(values)
    return sum(found) if found else None


def _total(amounts: Sequence[int | None]) -> int:
    return sum(a or 0 for a in amounts)


# ------------------------------------------------------------------------------ funding


@dataclass(frozen=True)
class GrantRun:
    """Equal grants from one source over consecutive years (2 mill. kr a year 2023–2025)."""

    source: str
    amount: int
    first_year: int
    last_year: int
    covers_period: bool


@dataclass(frozen=True)
class CarryOverView:
    source: str
    from_year: int
    to_year: int
    amount: int | None


@dataclass(frozen=True)
class FundingView:
    operating_grants: list[GrantRun]
    measure_funds: list[GrantRun]
    project_management: list[GrantRun]
    other: list[GrantRun]
    carry_over: list[CarryOverView]

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
    """Every grant the plans up to ``year`` record (a grant once, however many plans list it)."""
    grants: dict[tuple[str, int], Grant] = {}
    for plan_year in sorted(plans):
        if plan_year <= year:
            for grant in plans[plan_year].funding.grants:
                grants[(grant.source.value, grant.year)] = grant

    def runs(source: FundingSource) -> list[GrantRun]:
        found = sorted((g for g in grants.values() if g.source is source), key=lambda g: g.year)
        return _runs(found)

    plan = plans[year]
    return FundingView(
        operating_grants=runs(FundingSource.OPERATING_GRANT),
        measure_funds=runs(FundingSource.STATE_MEASURE_FUNDS),
        project_management=runs(FundingSource.PROJECT_MANAGEMENT_GRANT),
        other=runs(FundingSource.OTHER_GRANTS) + runs(FundingSource.OWN_FUNDS),
        carry_over=[
            CarryOverView(c.source.value, c.from_year, c.to_year, c.amount)
            for c in plan.funding.carry_over
            if c.to_year == year
        ],
    )


def _runs(grants: list[Grant]) -> list[GrantRun]:
    result: list[GrantRun] = []
    for grant in grants:
        last = result[-1] if result else None
        if (
            last is not None
            and last.amount == grant.amount
            and last.last_year + 1 == grant.year
            and not (last.covers_period or grant.covers_period)
        ):
            result[-1] = GrantRun(last.source, last.amount, last.first_year, grant.year, False)
        else:
            result.append(
                GrantRun(
                    grant.source.value, grant.amount, grant.year, grant.year, grant.covers_period
                )
            )
    return result


# ------------------------------------------------------------------------------ meetings


@dataclass(frozen=True)
class Meeting:
    body: str
    date: dt.date | None
    note: str | None
    case_number: str | None


@dataclass(frozen=True)
class MunicipalityMeetings:
    id: str
    name: str
    formannskap: Meeting | None
    kommunestyre: Meeting | None


@dataclass(frozen=True)
class PartyMeetings:
    name: str
    meetings: list[Meeting]


@dataclass(frozen=True)
class ScheduleView:
    municipalities: list[MunicipalityMeetings]
    county: list[PartyMeetings]
    state: list[PartyMeetings]


def meeting(treatment: Treatment) -> Meeting:
    return Meeting(treatment.body.value, treatment.date, treatment.date_note, treatment.case_number)


def schedule_view(pilot: Pilot, plan: ActionPlan) -> ScheduleView:
    def first(party_id: str, body: Body) -> Meeting | None:
        found = [t for t in plan.schedule if t.party == party_id and t.body is body]
        return meeting(found[0]) if found else None

    def others(kind: PartyKind) -> list[PartyMeetings]:
        result = []
        for party in pilot.parties:
            if party.kind is kind:
                meetings = [meeting(t) for t in plan.schedule if t.party == party.id]
                if meetings:
                    result.append(PartyMeetings(party.name, meetings))
        return result

    return ScheduleView(
        municipalities=[
            MunicipalityMeetings(
                m.id, m.name, first(m.id, Body.FORMANNSKAP), first(m.id, Body.KOMMUNESTYRE)
            )
            for m in pilot.municipalities
        ],
        county=others(PartyKind.COUNTY),
        state=others(PartyKind.STATE),
    )


def meetings_of(plan: ActionPlan, party_id: str) -> list[Meeting]:
    """The political treatments of one party, in date order (undated last)."""
    found = [t for t in plan.schedule if t.party == party_id]
    return [
        meeting(t) for t in sorted(found, key=lambda t: (t.date is None, t.date or dt.date.min))
    ]


# -------------------------------------------------------------------------------- changes


@dataclass(frozen=True)
class ChangeView:
    id: str
    title: str
    fields: list[str]
    """Each change in words (``sluttår: – → 2028``), in the pilot's written standard."""
    reason: str | None
    assessment: str | None


@dataclass(frozen=True)
class GoalChanges:
    number: int
    title: str
    measures: list[ChangeView]


@dataclass(frozen=True)
class ChangesView:
    new: list[GoalChanges]
    changed: list[GoalChanges]
    closed: list[GoalChanges]
    funding: list[str]

    @property
    def is_empty(self) -> bool:
        return not (self.new or self.changed or self.closed or self.funding)


def changes_view(
    measures: Sequence[MeasureDiff],
    titles: dict[int, str],
    language: str,
    funding: Sequence[str] = (),
) -> ChangesView:
    from bygdevekst_cli.models import Language

    lang = Language(language)

    def group(kind: Kind) -> list[GoalChanges]:
        chosen = [m for m in measures if m.kind is kind]
        return [
            GoalChanges(
                number,
                titles.get(number, ""),
                [
                    ChangeView(
                        m.id,
                        m.title,
                        [describe(f, lang) for f in m.fields],
                        m.reason,
                        m.assessment,
                    )
                    for m in items
                ],
            )
            for number, items in groupby(chosen, key=lambda m: m.sub_goal)
        ]

    return ChangesView(group(Kind.NEW), group(Kind.CHANGED), group(Kind.CLOSED), list(funding))


# ------------------------------------------------------------------------------- status


@dataclass(frozen=True)
class StatusView:
    year: int
    activities: list[str]
    goals: list[GoalMeasures]
    overall: str | None

    @property
    def is_empty(self) -> bool:
        return not (
            self.activities or self.overall or any(g.measures or g.status for g in self.goals)
        )


def status_view(
    pilot: Pilot, agreement: Agreement, plan: ActionPlan, *, prioritised_only: bool
) -> StatusView:
    """The year's report: what was done, each measure's result, each sub-goal's status."""

    def reported(m: Measure) -> bool:
        if prioritised_only:
            return m.prioritised
        return m.prioritised or m.report is not None

    goals = measures_by_goal(
        pilot, agreement, plan, (m for m in plan.measures if reported(m)), keep_empty=False
    )
    return StatusView(plan.year, list(plan.status.activities), goals, plan.status.overall)


def has_report(plan: ActionPlan) -> bool:
    status = plan.status
    return bool(
        status.activities
        or status.sub_goals
        or status.overall
        or any(m.report is not None for m in plan.measures)
    )


@dataclass(frozen=True)
class OrganisationRoleView:
    role: str
    name: str
    note: str | None


@dataclass(frozen=True)
class PersonView:
    name: str
    title: str | None
    note: str | None = None


@dataclass(frozen=True)
class OrganisationView:
    owner: str | None
    responsible: PersonView | None
    steering_group: list[PersonView]
    project_leader: PersonView | None
    other_roles: list[OrganisationRoleView] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.owner
            or self.responsible
            or self.steering_group
            or self.project_leader
            or self.other_roles
        )


def organisation_view(pilot: Pilot) -> OrganisationView:
    org = pilot.organisation

    def person(p: Person | None) -> PersonView | None:
        return PersonView(p.name, p.title, p.note) if p is not None else None

    return OrganisationView(
        owner=org.owner,
        responsible=person(org.responsible),
        steering_group=[PersonView(p.name, p.title, p.note) for p in org.steering_group],
        project_leader=person(org.project_leader),
        other_roles=[OrganisationRoleView(r.role, r.name, r.note) for r in org.other_roles],
    )
