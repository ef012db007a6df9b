"""``pilot.yaml``: who the pilot is, its parties, organisation and the agreement's progress."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from bygdevekst_cli.models.base import Language, Model, Versioned, model_error
from bygdevekst_cli.models.meta import Meta
from bygdevekst_cli.types import Date, Id, MunicipalityNumber, Name, Text, Year


class PartyKind(StrEnum):
    MUNICIPALITY = "municipality"
    COUNTY = "county"
    STATE = "state"
    AGENCY = "agency"
    OTHER = "other"


class PartyRole(StrEnum):
    MAIN = "main"
    """Hovedpart: signs the agreement."""
    PARTNER = "partner"
    """Samarbeidspart: named under one or more sub-goals."""
    SPECIAL = "special"
    """Aktør med særlig rolle (agreement chapter «Andre aktører med særlige roller»)."""


class CaseDocumentInfo(Model):
    """What a municipality's case document (saksframlegg) needs."""

    chief_executive_title: Name
    chief_executive_name: Name | None = None
    assessed_against: Text | None = None
    signature_name: Name | None = None
    reference_docx: Name | None = None


class Party(Model):
    """A party to the agreement: a municipality, the county, the state or another actor."""

    id: Annotated[Id, Meta(key=True)]
    name: Annotated[Name, Meta(compared=True)]
    short_name: Name | None = None
    kind: Annotated[PartyKind, Meta(compared=True)]
    role: Annotated[PartyRole, Meta(compared=True)]
    description: Text | None = None
    municipality_number: MunicipalityNumber | None = None
    case_document: CaseDocumentInfo | None = None

    @model_validator(mode="after")
    def _municipal_fields_only_on_municipalities(self) -> Party:
        if self.kind is not PartyKind.MUNICIPALITY and (
            self.municipality_number is not None or self.case_document is not None
        ):
            raise model_error("schema.Party.errors.municipal_only")
        if self.kind is PartyKind.MUNICIPALITY and self.municipality_number is None:
            raise model_error("schema.Party.errors.municipality_number")
        return self


class Person(Model):
    name: Name
    title: Text | None = None
    note: Text | None = None


class OrganisationRole(Model):
    role: Text
    name: Name
    note: Text | None = None


class Organisation(Model):
    """Project organisation (prosjektorganisering)."""

    owner: Text | None = None
    responsible: Person | None = None
    steering_group: list[Person] = Field(default_factory=list)
    project_leader: Person | None = None
    other_roles: list[OrganisationRole] = Field(default_factory=list)


class Phase(Model):
    """A phase of the pilot (forfase, fase 1, fase 2)."""

    name: Annotated[Name, Meta(key=True)]
    start_year: Year
    end_year: Year
    description: Text | None = None


class AgreementState(StrEnum):
    """The road from draft to signed agreement (KDD's letter to cohort 2)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    AGREED = "agreed"
    ADOPTED = "adopted"
    SIGNED = "signed"


class AgreementEvent(Model):
    state: AgreementState
    date: Date | None = None
    note: Text | None = None


class Period(Model):
    start: Date | None = None
    end: Date
    start_note: Text | None = None


class AgreementStatus(Model):
    state: AgreementState
    period: Period
    signed: Date | None = None
    events: list[AgreementEvent] = Field(default_factory=list)


class Pilot(Versioned):
    """One bygdevekst pilot: a group of municipalities with one agreement."""

    id: Id
    name: Name
    language: Language
    cohort: int = Field(ge=1, le=2, strict=True)
    county: Name
    phases: list[Phase] = Field(default_factory=list)
    parties: Annotated[list[Party], Meta(compared=True, label="diff.party")] = Field(min_length=1)
    organisation: Organisation = Field(default_factory=Organisation)
    agreement: AgreementStatus
    notes: list[Text] = Field(default_factory=list)
    language_exceptions: list[Name] = Field(default_factory=list)

    @property
    def municipalities(self) -> list[Party]:
        return [p for p in self.parties if p.kind is PartyKind.MUNICIPALITY]

    @property
    def first_year(self) -> int | None:
        """First year the pilot is active: its first phase, else the agreement's start."""
        years = [p.start_year for p in self.phases]
        if self.agreement.period.start is not None:
            years.append(self.agreement.period.start.year)
        return min(years, default=None)

    def party(self, party_id: str) -> Party | None:
        return next((p for p in self.parties if p.id == party_id), None)
