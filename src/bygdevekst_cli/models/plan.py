"""``plans/<year>.yaml``: one year's action plan (handlingsplan)."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum

from pydantic import Field, model_validator

from bygdevekst_cli.models.base import Model
from bygdevekst_cli.types import Date, Id, Kroner, Text, Year


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


class BudgetYear(Model):
    """One year's budget for a measure, split by funding source."""

    operating_grant: Kroner | None = None
    state_measure_funds: Kroner | None = None
    project_management_grant: Kroner | None = None
    own_funds: Kroner | None = None
    other_grants: Kroner | None = None

    def amounts(self) -> Iterator[tuple[FundingSource, int]]:
        for source in FundingSource:
            amount = getattr(self, source.value)
            if amount is not None:
                yield source, amount

    @property
    def total(self) -> int:
        return sum(amount for _, amount in self.amounts())


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    CLOSED = "closed"


class MeasureReport(Model):
    """The year's report on a measure (status in the case document)."""

    done: Text | None = Field(None, description="Gjennomført: hva som er gjort i året.")
    preliminary_result: Text | None = Field(None, description="Foreløpig resultat.")


class Measure(Model):
    """A measure (tiltak). Its ``id`` is stable across years: diffs and history follow it."""

    id: Id
    sub_goal: int = Field(ge=1, strict=True, description="Nummeret på delmålet tiltaket hører til.")
    number: int = Field(ge=1, strict=True, description="Tiltaksnummeret under delmålet.")
    title: Text
    description: Text | None = None
    responsible: Id | None = Field(None, description="Ansvarlig part (ID fra pilot.yaml).")
    partners: list[Id] = Field(default_factory=list, description="Samarbeidsparter (ID-er).")
    start_year: Year | None = Field(None, description="Første år tiltaket er aktivt.")
    end_year: Year | None = Field(None, description="Siste år tiltaket er aktivt.")
    status: MeasureStatus = Field(description="planned, ongoing eller closed.")
    prioritised: bool = Field(
        False, description="Prioritert tiltak i planåret (vises i status for året)."
    )
    budget: dict[Year, BudgetYear] = Field(
        default_factory=dict,
        description="Budsjett per år, fordelt på finansieringskilde.",
        json_schema_extra={"propertyNames": {"pattern": "^20[0-9]{2}$"}},
    )
    change_reason: Text | None = Field(
        None, description="Begrunnelse for endringen, når tiltaket er endret i år."
    )
    assessment: Text | None = Field(
        None, description="Vurdering av hva tiltaket har bidratt til, når det avsluttes."
    )
    reopened: bool = Field(
        False, description="Settes når et avsluttet tiltak gjenåpnes under samme ID."
    )
    report: MeasureReport | None = Field(None, description="Årets rapport om tiltaket.")

    @model_validator(mode="after")
    def _period_in_order(self) -> Measure:
        if (
            self.start_year is not None
            and self.end_year is not None
            and self.end_year < self.start_year
        ):
            raise ValueError(f"end_year {self.end_year} ligger før start_year {self.start_year}")
        return self

    def amount(self, source: FundingSource) -> int:
        """Total over all years from one funding source."""
        return sum(getattr(year, source.value) or 0 for year in self.budget.values())


class SubGoalStatus(Model):
    sub_goal: int = Field(ge=1, strict=True)
    text: Text = Field(description="Status for delmålet i planåret.")


class Status(Model):
    """The year's status report: activities, per sub-goal and overall."""

    activities: list[Text] = Field(
        default_factory=list, description="Hva som er gjort i året, punkt for punkt."
    )
    sub_goals: list[SubGoalStatus] = Field(default_factory=list)
    overall: Text | None = Field(None, description="Samlet status.")


class Grant(Model):
    """Funds granted to the pilot from one source."""

    source: FundingSource
    year: Year = Field(description="Året midlene ble bevilget for.")
    amount: Kroner
    covers_period: bool = Field(
        False, description="Midlene dekker hele avtaleperioden (kan overføres mellom år)."
    )
    note: Text | None = None


class CarryOver(Model):
    """Unspent funds moved from one year to a later one."""

    source: FundingSource
    from_year: Year
    to_year: Year
    amount: Kroner | None = Field(None, description="Beløpet som overføres, når det er kjent.")
    note: Text | None = None


class Funding(Model):
    grants: list[Grant] = Field(default_factory=list)
    carry_over: list[CarryOver] = Field(default_factory=list)


class Body(StrEnum):
    FORMANNSKAP = "formannskap"
    KOMMUNESTYRE = "kommunestyre"
    FYLKESUTVAL = "fylkesutval"
    FYLKESTING = "fylkesting"
    KDD = "kdd"
    """The ministry's approval."""


class Outcome(StrEnum):
    ADOPTED = "adopted"
    ADOPTED_WITH_CHANGES = "adopted_with_changes"
    REJECTED = "rejected"
    POSTPONED = "postponed"
    NOTED = "noted"
    """Orienteringssak: taken for information."""


class Treatment(Model):
    """One political treatment of the plan: scheduled, and once held, decided."""

    party: Id = Field(description="Kommunen, fylkeskommunen eller KDD (ID fra pilot.yaml).")
    body: Body
    date: Date | None = Field(None, description="Møtedato.")
    date_note: Text | None = Field(
        None, description="Når datoen ikke er kjent eksakt, f.eks. «juli 2025», eller en merknad."
    )
    case_number: Text | None = Field(None, description="Saksnummer, f.eks. «25/123».")
    outcome: Outcome | None = Field(None, description="Utfallet, når saken er behandlet.")
    adopted_revision: Text | None = Field(
        None, description="Git-commit eller tag for planversjonen som ble vedtatt."
    )
    decision_notes: list[Text] = Field(default_factory=list, description="Egne punkter i vedtaket.")


class CaseText(Model):
    """Texts of the year's case documents that cannot be derived from data."""

    background: list[Text] = Field(
        default_factory=list, description="Årets egne avsnitt i bakgrunnen for saken."
    )
    action_plan: list[Text] = Field(
        default_factory=list,
        description="Årets egne avsnitt under overskriften «Handlingsplan» i saksframlegget.",
    )
    assessment: Text | None = Field(None, description="Felles vurdering i saksframleggene.")
    local_assessment: dict[Id, Text] = Field(
        default_factory=dict, description="Kommunens egen vurdering, per kommune-ID."
    )
    conclusion: Text | None = None
    recommendation: list[Text] = Field(
        default_factory=list, description="Punktene i innstillingen."
    )


class ActionPlan(Model):
    """One year's action plan (handlingsplan)."""

    year: Year
    contributors: list[Text] = Field(
        default_factory=list, description="Aktører som har deltatt i utformingen av planen."
    )
    measures: list[Measure] = Field(default_factory=list)
    status: Status = Field(default_factory=Status, description="Årets statusrapport.")
    funding: Funding = Field(default_factory=Funding)
    schedule: list[Treatment] = Field(
        default_factory=list, description="Politisk behandling av planen, med vedtak."
    )
    case: CaseText = Field(default_factory=CaseText, description="Tekster til saksframleggene.")
    notes: list[Text] = Field(default_factory=list)
