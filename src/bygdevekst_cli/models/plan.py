"""``plans/<year>.yaml``: one year's action plan (handlingsplan)."""

import functools
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Discriminator, Field, Tag, model_validator

from bygdevekst_cli.models.base import (
    Assumed,
    AssumedValues,
    Model,
    Versioned,
    empty_dict,
    empty_list,
    model_error,
)
from bygdevekst_cli.models.codes import Body as Body
from bygdevekst_cli.models.codes import BodyCode
from bygdevekst_cli.models.indicators import IndicatorValue
from bygdevekst_cli.models.links import Link
from bygdevekst_cli.models.meta import Meta, Ref, Unit
from bygdevekst_cli.types import UNION_TAGS, Date, Flag, Id, Kroner, Name, Percent, Text, Year

_COMPARED = Meta(compared=True)
_YEARLY = Meta(yearly=True)
_COMPARED_YEARLY = Meta(compared=True, yearly=True)
"""Compared between versions of one plan year; cleared by ``plan new``."""
_OF_THE_YEAR = Meta(
    yearly=True,
    not_compared="how the measure stands in one plan year (its report, whether it is "
    "prioritised or reopened), not what the measure is",
)
_BESIDE = Meta(
    yearly=True,
    not_compared="the reason for a change and a closed measure's assessment are carried "
    "beside the change (MeasureDiff.reason, .assessment), not listed as changes",
)
_AMOUNT = Meta(compared=True, unit=Unit.KRONER, label="")
"""A grant's or carry-over's amount: the entry's value, named by the entry itself."""


_SHARES = Meta(
    compared=True, ref=Ref.MUNICIPALITY, unit=Unit.PERCENT, label="doc.measures2.cost_shares"
)
_LINKS = Meta(compared=True, label="doc.measures2.links")
_ASSUMED = Meta(
    not_compared="a note on why a value is assumed; the value itself is compared, and the "
    "documents print the note beside it"
)


def _money(source: str) -> Meta:
    return Meta(compared=True, unit=Unit.KRONER, label=f"source.{source}")


class FundingSource(StrEnum):
    OPERATING_GRANT = "operating_grant"
    """Driftstilskudd."""
    STATE_MEASURE_FUNDS = "state_measure_funds"
    """Statlige tiltaksmidler."""
    PROJECT_MANAGEMENT_GRANT = "project_management_grant"
    """Øremerkede midler til prosjektledelse."""
    OWN_FUNDS = "own_funds"
    """Egne midler."""
    OTHER_GRANTS = "other_grants"
    """Andre tilskudd."""


_SOURCES: tuple[tuple[FundingSource, str], ...] = tuple((s, s.value) for s in FundingSource)
"""The funding sources in order with their field names (iterating an enum costs more)."""


class GrantStatus(StrEnum):
    """Where an application for money stands. Only ``granted`` money is counted as granted."""

    APPLIED = "applied"
    GRANTED = "granted"
    REJECTED = "rejected"


class BudgetLine(AssumedValues):
    """A budget amount that names who pays it and whether that money is granted yet."""

    amount: Annotated[Kroner, Meta(compared=True, unit=Unit.KRONER)]
    funder: Annotated[
        Id | None, Meta(compared=True, ref=Ref.PARTY, label="doc.measures2.funder")
    ] = None
    status: Annotated[GrantStatus | None, Meta(compared=True)] = None
    assumed: Annotated[Assumed, _ASSUMED] = Field(default_factory=empty_dict)


_LINE_SHAPES = (dict, BudgetLine)
"""What a budget line is read from (a tuple: ``dict | BudgetLine`` would build a union at
every one of the thousands of amounts a pilot holds)."""


def _budget_shape(value: object) -> str:
    return UNION_TAGS[1] if isinstance(value, _LINE_SHAPES) else UNION_TAGS[0]


#: A budget amount under a funding source: a bare amount, or ``{amount, funder, status}``.
BudgetAmount = Annotated[
    Annotated[Kroner, Tag(UNION_TAGS[0])] | Annotated[BudgetLine, Tag(UNION_TAGS[1])],
    Discriminator(_budget_shape),
]


def line_of(value: int | BudgetLine) -> BudgetLine:
    """A budget amount as a line (a bare amount names no funder and no status)."""
    return value if isinstance(value, BudgetLine) else _bare_line(value)


@functools.lru_cache(maxsize=4096)
def _bare_line(amount: int) -> BudgetLine:
    """The line of a bare amount; lines are frozen, so one serves every equal amount."""
    return BudgetLine(amount=amount)


class BudgetYear(Model):
    """One year's budget for a measure, split by funding source."""

    operating_grant: Annotated[BudgetAmount | None, _money("operating_grant")] = None
    state_measure_funds: Annotated[BudgetAmount | None, _money("state_measure_funds")] = None
    project_management_grant: Annotated[BudgetAmount | None, _money("project_management_grant")] = (
        None
    )
    own_funds: Annotated[BudgetAmount | None, _money("own_funds")] = None
    other_grants: Annotated[BudgetAmount | None, _money("other_grants")] = None

    # The sources' fields are read from ``__dict__``, where pydantic keeps them: one look-up
    # per budget instead of one per source through the attribute hook every model has
    # (``BaseModel.__getattr__``), which the rules on money pay thousands of times a pilot.

    def lines(self) -> Iterator[tuple[FundingSource, BudgetLine]]:
        """Each funding source's amount as a line, in the sources' order."""
        fields = self.__dict__
        for source, name in _SOURCES:
            value = fields[name]
            if value is not None:
                yield source, line_of(value)

    def written_lines(self) -> Iterator[tuple[FundingSource, BudgetLine]]:
        """The amounts written as lines (``{amount, funder, status}``), in the sources'
        order: ``lines`` less the bare amounts, which name no funder and no status (and
        cost no ``BudgetLine`` each, for the rules on funders that read only these)."""
        fields = self.__dict__
        for source, name in _SOURCES:
            value = fields[name]
            if isinstance(value, BudgetLine):
                yield source, value

    def amounts(self) -> Iterator[tuple[FundingSource, int]]:
        fields = self.__dict__
        for source, name in _SOURCES:
            value = fields[name]
            if value is not None:
                yield source, value.amount if isinstance(value, BudgetLine) else value

    def amount(self, source: FundingSource) -> int | None:
        """The amount from one source, or None when the budget names none."""
        value = self.__dict__[source]  # a member is its field's name (``.value`` is a call)
        if value is None:
            return None
        return value.amount if isinstance(value, BudgetLine) else value

    @property
    def total(self) -> int:
        """The sum of the known amounts (see ``unknown_sources`` for those not known)."""
        return sum(amount for _, amount in self.amounts())

    def unknown_sources(self) -> tuple[FundingSource, ...]:
        """The sources written without an amount (``own_funds: null``): money is expected
        from them, how much is not known. A source left out is no money from it."""
        given = self.model_fields_set
        return tuple(
            source for source, name in _SOURCES if name in given and getattr(self, name) is None
        )


class MeasureStatus(StrEnum):
    PROPOSED = "proposed"
    """A theme not yet adopted as a measure: no budget is required, and none is counted."""
    PLANNED = "planned"
    ONGOING = "ongoing"
    CLOSED = "closed"


class MeasureReport(Model):
    """The year's report on a measure (status in the case document)."""

    done: Text | None = None
    preliminary_result: Text | None = None


class InKind(AssumedValues):
    """A contribution in kind from a party in one year: hours of work, a valued amount, or
    both (rule BV244 reports an entry with neither)."""

    party: Annotated[Id, Meta(key=True, ref=Ref.PARTY)]
    year: Annotated[Year, Meta(key=True)]
    hours: Annotated[int | None, Meta(compared=True, label="doc.measures2.hours")] = Field(
        None, ge=0, strict=True
    )
    amount: Annotated[Kroner | None, Meta(compared=True, unit=Unit.KRONER)] = None
    note: Annotated[Text | None, _COMPARED] = None
    assumed: Annotated[Assumed, _ASSUMED] = Field(default_factory=empty_dict)


class Measure(AssumedValues):
    """A measure (tiltak). Its ``id`` is stable across years: diffs and history follow it.

    A measure without ``sub_goal`` is shared work (project management, communication); a
    sub-activity names its ``parent`` measure and keeps a sub-goal and number of its own.
    """

    id: Annotated[Id, Meta(key=True)]
    sub_goal: Annotated[int | None, Meta(compared=True, ref=Ref.SUB_GOAL)] = Field(
        None, ge=1, strict=True
    )
    number: Annotated[int, _COMPARED] = Field(ge=1, strict=True)
    parent: Annotated[
        Id | None, Meta(compared=True, ref=Ref.MEASURE, label="doc.measures2.parent")
    ] = None
    title: Annotated[Text, _COMPARED]
    description: Annotated[Text | None, _COMPARED] = None
    responsible: Annotated[Id | None, Meta(compared=True, ref=Ref.PARTY_OR_GROUP)] = None
    partners: Annotated[list[Id], Meta(compared=True, ref=Ref.PARTY_OR_GROUP)] = Field(
        default_factory=empty_list
    )
    municipalities: Annotated[
        list[Id], Meta(compared=True, ref=Ref.MUNICIPALITY, label="doc.measures2.municipalities")
    ] = Field(default_factory=empty_list)
    start_year: Annotated[Year | None, _COMPARED] = None
    end_year: Annotated[Year | None, _COMPARED] = None
    status: Annotated[MeasureStatus, _COMPARED]
    prioritised: Annotated[Flag, _OF_THE_YEAR] = False
    budget: Annotated[dict[Year, BudgetYear], _COMPARED] = Field(
        default_factory=empty_dict,
        json_schema_extra={"propertyNames": {"pattern": "^20[0-9]{2}$"}},
    )
    in_kind: Annotated[list[InKind], Meta(compared=True, label="doc.measures2.in_kind")] = Field(
        default_factory=empty_list
    )
    cost_shares: Annotated[dict[Id, Percent], _SHARES] = Field(default_factory=empty_dict)
    links: Annotated[list[Link], _LINKS] = Field(default_factory=empty_list)
    change_reason: Annotated[Text | None, _BESIDE] = None
    assessment: Annotated[Text | None, _BESIDE] = None
    reopened: Annotated[Flag, _OF_THE_YEAR] = False
    report: Annotated[MeasureReport | None, _OF_THE_YEAR] = None
    assumed: Annotated[Assumed, _ASSUMED] = Field(default_factory=empty_dict)

    @model_validator(mode="after")
    def _period_in_order(self) -> Self:
        if (
            self.start_year is not None
            and self.end_year is not None
            and self.end_year < self.start_year
        ):
            raise model_error(
                "schema.Measure.errors.period_order", start=self.start_year, end=self.end_year
            )
        return self

    def amount(self, source: FundingSource) -> int:
        """Total over all years from one funding source."""
        return sum(year.amount(source) or 0 for year in self.budget.values())

    @property
    def is_adopted(self) -> bool:
        """Adopted as a measure (not a proposed theme): its budget counts."""
        return self.status is not MeasureStatus.PROPOSED

    @property
    def label(self) -> str:
        """The measure's number as documents show it: ``2.4``, or its id for shared work."""
        return self.id if self.sub_goal is None else f"{self.sub_goal}.{self.number}"


class SubGoalStatus(Model):
    sub_goal: Annotated[int, Meta(ref=Ref.SUB_GOAL, key=True)] = Field(ge=1, strict=True)
    text: Text


class Status(Model):
    """The year's status report: activities, per sub-goal and overall."""

    activities: list[Text] = Field(default_factory=empty_list)
    sub_goals: list[SubGoalStatus] = Field(default_factory=empty_list)
    overall: Text | None = None


class Grant(AssumedValues):
    """Funds granted to the pilot from one source (or applied for, or refused: ``status``)."""

    source: Annotated[FundingSource, Meta(key=True)]
    year: Annotated[Year, Meta(key=True)]
    funder: Annotated[Id | None, Meta(key=True, ref=Ref.PARTY)] = None
    amount: Annotated[Kroner, _AMOUNT]
    status: Annotated[GrantStatus | None, Meta(compared=True)] = None
    """None: granted (a grant listed without a status is money granted)."""
    decided: Annotated[Date | None, Meta(compared=True, label="doc.measures2.decided")] = None
    reference: Annotated[Name | None, Meta(compared=True, label="doc.measures2.reference")] = None
    covers_period: Annotated[Flag, _COMPARED] = False
    note: Annotated[Text | None, _COMPARED] = None
    assumed: Annotated[Assumed, _ASSUMED] = Field(default_factory=empty_dict)

    @property
    def is_granted(self) -> bool:
        return self.status in (None, GrantStatus.GRANTED)

    @property
    def entry_label(self) -> str | None:
        """The catalogue key a change names this entry by when it is not money granted (an
        application, or one refused), in place of the list's ``field.grants``: a change to
        an application must not read as a change to a grant."""
        return None if self.is_granted else f"field.grant_{self.status}"


class CarryOver(Model):
    """Unspent funds moved from one year to a later one."""

    source: Annotated[FundingSource, Meta(key=True)]
    from_year: Annotated[Year, Meta(key=True)]
    to_year: Annotated[Year, Meta(key=True)]
    amount: Annotated[Kroner | None, _AMOUNT] = None
    note: Annotated[Text | None, _COMPARED] = None


class Funding(Model):
    grants: Annotated[list[Grant], _COMPARED] = Field(default_factory=empty_list)
    carry_over: Annotated[list[CarryOver], _COMPARED] = Field(default_factory=empty_list)
    cost_shares: Annotated[dict[Id, Percent], _SHARES] = Field(default_factory=empty_dict)
    """How the municipalities share the pilot's own funds, in per cent (a measure's own
    ``cost_shares`` win for that measure)."""


class Outcome(StrEnum):
    ADOPTED = "adopted"
    ADOPTED_WITH_CHANGES = "adopted_with_changes"
    REJECTED = "rejected"
    POSTPONED = "postponed"
    NOTED = "noted"
    """Orienteringssak: taken for information."""


class Treatment(Model):
    """One political treatment of the plan: scheduled, and once held, decided."""

    party: Annotated[Id, Meta(key=True, ref=Ref.PARTY)]
    body: Annotated[BodyCode, Meta(key=True)]
    date: Annotated[Date | None, _COMPARED_YEARLY] = None
    date_note: Annotated[Text | None, _COMPARED_YEARLY] = None
    case_number: Annotated[Text | None, _COMPARED_YEARLY] = None
    outcome: Annotated[Outcome | None, _COMPARED_YEARLY] = None
    adopted_revision: Annotated[Text | None, _COMPARED_YEARLY] = None
    decision_notes: Annotated[list[Text], _COMPARED_YEARLY] = Field(default_factory=empty_list)


class DecidedBy(Model):
    """The body that decided an amendment: a party's council, the county or KDD."""

    party: Annotated[Id, Meta(ref=Ref.PARTY)]
    body: BodyCode


class Amendment(Model):
    """A change to the plan after a council adopted it, as decided (rule BV305)."""

    date: Date
    reason: Text
    decided_by: DecidedBy
    case_number: Text | None = None


class CaseRecord(Model):
    """One municipality's case record for the year's treatment (the saksframlegg's header
    block, and Noark 5 metadata in the DOCX). What is not given is shown as not fixed."""

    officer: Name | None = None
    archive_case: Annotated[Name | None, _YEARLY] = None
    archive_code: Name | None = None
    access_code: Name | None = None
    legal_basis: Name | None = None
    date: Annotated[Date | None, _YEARLY] = None
    title: Name | None = None
    attachments: list[Name] = Field(default_factory=empty_list)


class CaseText(Model):
    """Texts of the year's case documents that cannot be derived from data."""

    background: list[Text] = Field(default_factory=empty_list)
    action_plan: list[Text] = Field(
        default_factory=empty_list,
    )
    assessment: Annotated[Text | None, _YEARLY] = None
    local_assessment: Annotated[dict[Id, Text], Meta(yearly=True, ref=Ref.MUNICIPALITY)] = Field(
        default_factory=empty_dict
    )
    conclusion: Annotated[Text | None, _YEARLY] = None
    records: Annotated[dict[Id, CaseRecord], Meta(ref=Ref.MUNICIPALITY)] = Field(
        default_factory=empty_dict,
    )
    recommendation: list[Text] = Field(default_factory=empty_list)


class ActionPlan(Versioned):
    """One year's action plan (handlingsplan)."""

    year: Annotated[Year, Meta(key=True)]
    contributors: Annotated[list[Text], _COMPARED] = Field(default_factory=empty_list)
    links: Annotated[list[Link], _LINKS] = Field(default_factory=empty_list)
    measures: Annotated[
        list[Measure], Meta(not_compared="compared measure by measure (diff.diff_plans)")
    ] = Field(default_factory=empty_list)
    status: Annotated[
        Status,
        Meta(yearly=True, not_compared="the year's status report, written for that year alone"),
    ] = Field(default_factory=Status)
    indicator_values: Annotated[
        list[IndicatorValue],
        Meta(compared=True, yearly=True, label="doc.indicators.values"),
    ] = Field(default_factory=empty_list)
    funding: Annotated[Funding, _COMPARED] = Field(default_factory=Funding)
    schedule: Annotated[list[Treatment], _COMPARED] = Field(default_factory=empty_list)
    case: Annotated[
        CaseText,
        Meta(
            not_compared="texts of the year's case documents, which they print; not the plan "
            "the councils adopt"
        ),
    ] = Field(default_factory=CaseText)
    amendments: Annotated[
        list[Amendment],
        Meta(yearly=True, not_compared="shown whole as amendments (diff.new_amendments)"),
    ] = Field(default_factory=empty_list)
    notes: Annotated[list[Text], _COMPARED_YEARLY] = Field(default_factory=empty_list)


def recorded_grants(plans: Mapping[int, ActionPlan], year: int) -> list[Grant]:
    """Every grant the plans up to ``year`` record, once. A later plan that lists the grants
    of a year from a source says what they are: its entries replace the earlier plans'
    (one that names the funder where the earlier left it out is the same grant, not a
    second one); a year and source it leaves out keep what the earlier plans say."""
    grants: dict[tuple[FundingSource, int], list[Grant]] = {}
    for plan_year in sorted(plans):
        if plan_year <= year:
            listed: dict[tuple[FundingSource, int], list[Grant]] = {}
            for grant in plans[plan_year].funding.grants:
                listed.setdefault((grant.source, grant.year), []).append(grant)
            grants.update(listed)
    return [grant for entries in grants.values() for grant in entries]
