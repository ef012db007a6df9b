"""``pilot.yaml``: who the pilot is, its parties, organisation and the agreement's progress."""

from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from bygdevekst_cli.models.base import (
    Assumed,
    AssumedValues,
    Language,
    Model,
    Versioned,
    empty_dict,
    empty_list,
    model_error,
)
from bygdevekst_cli.models.meta import Meta, Ref
from bygdevekst_cli.types import Date, Id, MunicipalityNumber, Name, Text, Year

_COMPARED = Meta(compared=True)
_ASSUMED = Meta(
    not_compared="a note on why a value is assumed; the value itself is compared, and the "
    "documents print the note beside it"
)
_LAYOUT = "the file the DOCX takes its layout from: how the document looks, not what it says"


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

    chief_executive_title: Annotated[Name, _COMPARED]
    chief_executive_name: Annotated[Name | None, _COMPARED] = None
    assessed_against: Annotated[Text | None, _COMPARED] = None
    signature_name: Annotated[Name | None, _COMPARED] = None
    reference_docx: Annotated[Name | None, Meta(not_compared=_LAYOUT)] = None


class NameLanguage(StrEnum):
    """The languages a party's name may be given in (``names``): ISO 639 codes."""

    NYNORSK = "nn"
    BOKMAAL = "nb"
    NORTHERN_SAMI = "se"
    LULE_SAMI = "smj"
    SOUTHERN_SAMI = "sma"
    KVEN = "fkv"


#: An e-mail address: one ``@`` with text on both sides and a dot in the domain.
Email = Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]


class Contact(Model):
    """Someone to contact at a party."""

    name: Annotated[Name, Meta(key=True)]
    role: Annotated[Text, _COMPARED]
    email: Annotated[Email | None, _COMPARED] = None


class Signatory(Model):
    """Who signs the agreement for a party."""

    name: Annotated[Name, _COMPARED]
    title: Annotated[Text, _COMPARED]


class Party(AssumedValues):
    """A party to the agreement: a municipality, the county, the state or another actor.

    A party that joins or leaves during the agreement keeps its place in the file, with
    ``member_from`` / ``member_until``: the plans of the years it took part still name it.
    """

    id: Annotated[Id, Meta(key=True)]
    name: Annotated[Name, Meta(compared=True)]
    short_name: Annotated[Name | None, _COMPARED] = None
    kind: Annotated[PartyKind, Meta(compared=True)]
    role: Annotated[PartyRole, Meta(compared=True)]
    description: Annotated[Text | None, _COMPARED] = None
    municipality_number: Annotated[MunicipalityNumber | None, Meta(compared=True)] = None
    case_document: Annotated[CaseDocumentInfo | None, _COMPARED] = None
    names: Annotated[dict[NameLanguage, Name], Meta(compared=True)] = Field(
        default_factory=empty_dict
    )
    area: Annotated[Text | None, Meta(compared=True)] = None
    member_from: Annotated[Date | None, Meta(compared=True)] = None
    member_until: Annotated[Date | None, Meta(compared=True)] = None
    contacts: Annotated[list[Contact], _COMPARED] = Field(default_factory=empty_list)
    signatory: Annotated[Signatory | None, _COMPARED] = None
    assumed: Annotated[Assumed, _ASSUMED] = Field(default_factory=empty_dict)

    def member_in(self, year: int) -> bool:
        """Whether the party takes part at some time in ``year``."""
        joined = self.member_from is None or self.member_from.year <= year
        left = self.member_until is not None and self.member_until.year < year
        return joined and not left

    @model_validator(mode="after")
    def _membership_in_order(self) -> Self:
        if (
            self.member_from is not None
            and self.member_until is not None
            and self.member_until < self.member_from
        ):
            raise model_error(
                "schema.Party.errors.membership_order",
                member_from=self.member_from.isoformat(),
                member_until=self.member_until.isoformat(),
            )
        return self

    @model_validator(mode="after")
    def _municipal_fields_only_on_municipalities(self) -> Self:
        if self.kind is not PartyKind.MUNICIPALITY and (
            self.municipality_number is not None or self.case_document is not None
        ):
            raise model_error("schema.Party.errors.municipal_only")
        if self.kind is PartyKind.MUNICIPALITY and self.municipality_number is None:
            raise model_error("schema.Party.errors.municipality_number")
        return self


class Person(Model):
    """Someone in the organisation: alone (the project leader) or in a list, named by name."""

    name: Annotated[Name, Meta(key=True, compared=True)]
    title: Annotated[Text | None, _COMPARED] = None
    note: Annotated[Text | None, _COMPARED] = None


class OrganisationRole(Model):
    role: Annotated[Text, Meta(key=True)]
    name: Annotated[Name, _COMPARED]
    note: Annotated[Text | None, _COMPARED] = None


class Group(Model):
    """A group that works as one, e.g. a working group with one person per municipality.

    A measure's ``responsible`` and ``partners`` may name it by its id.
    """

    id: Annotated[Id, Meta(key=True)]
    name: Annotated[Name, Meta(compared=True)]
    members: Annotated[list[Id], Meta(compared=True, ref=Ref.PARTY)] = Field(
        default_factory=empty_list
    )
    leader: Annotated[Signatory | None, _COMPARED] = None


class Organisation(Model):
    """Project organisation (prosjektorganisering)."""

    owner: Annotated[Text | None, _COMPARED] = None
    responsible: Annotated[
        Person | None, Meta(compared=True, label="field.organisation_responsible")
    ] = None
    steering_group: Annotated[list[Person], _COMPARED] = Field(default_factory=empty_list)
    project_leader: Annotated[Person | None, _COMPARED] = None
    other_roles: Annotated[list[OrganisationRole], _COMPARED] = Field(default_factory=empty_list)
    groups: Annotated[list[Group], Meta(compared=True)] = Field(default_factory=empty_list)

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)


class Phase(AssumedValues):
    """A phase of the pilot (forfase, fase 1, fase 2)."""

    name: Annotated[Name, Meta(key=True)]
    start_year: Annotated[Year, Meta(compared=True)]
    end_year: Annotated[Year, Meta(compared=True)]
    description: Annotated[Text | None, _COMPARED] = None
    assumed: Annotated[Assumed, _ASSUMED] = Field(default_factory=empty_dict)

    @model_validator(mode="after")
    def _years_in_order(self) -> Self:
        if self.end_year < self.start_year:
            raise model_error(
                "schema.Phase.errors.period_order", start=self.start_year, end=self.end_year
            )
        return self


class AgreementState(StrEnum):
    """The road from draft to signed agreement (KDD's letter to cohort 2)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    AGREED = "agreed"
    ADOPTED = "adopted"
    SIGNED = "signed"


class AgreementEvent(Model):
    state: Annotated[AgreementState, Meta(key=True)]
    date: Annotated[Date | None, Meta(compared=True, label="field.event_date")] = None
    note: Annotated[Text | None, _COMPARED] = None


class Period(AssumedValues):
    """The agreement period; an end not yet agreed is left out (a warning, BV230)."""

    start: Annotated[Date | None, Meta(compared=True)] = None
    end: Annotated[Date | None, Meta(compared=True)] = None
    start_note: Annotated[Text | None, _COMPARED] = None
    assumed: Annotated[Assumed, _ASSUMED] = Field(default_factory=empty_dict)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        """An end before the start would put every plan year outside the period (BV204 on
        each one); the mistake is here, in one place."""
        if self.start is not None and self.end is not None and self.end < self.start:
            raise model_error(
                "schema.Period.errors.order",
                start=self.start.isoformat(),
                end=self.end.isoformat(),
            )
        return self


class AgreementStatus(AssumedValues):
    state: Annotated[AgreementState, Meta(compared=True)]
    period: Annotated[Period, Meta(compared=True)] = Field(default_factory=Period)
    signed: Annotated[Date | None, Meta(compared=True)] = None
    events: Annotated[list[AgreementEvent], _COMPARED] = Field(default_factory=empty_list)
    assumed: Annotated[Assumed, _ASSUMED] = Field(default_factory=empty_dict)


class Pilot(Versioned):
    """One bygdevekst pilot: a group of municipalities with one agreement."""

    id: Annotated[Id, Meta(compared=True)]
    name: Annotated[Name, Meta(compared=True)]
    language: Annotated[Language, Meta(compared=True)]
    cohort: Annotated[int, Meta(compared=True)] = Field(ge=1, le=2, strict=True)
    county: Annotated[Name, Meta(compared=True)]
    phases: Annotated[list[Phase], Meta(compared=True)] = Field(default_factory=empty_list)
    parties: Annotated[list[Party], Meta(compared=True, label="diff.party")] = Field(min_length=1)
    organisation: Annotated[Organisation, Meta(compared=True)] = Field(default_factory=Organisation)
    agreement: Annotated[AgreementStatus, Meta(compared=True)]
    notes: Annotated[list[Text], _COMPARED] = Field(default_factory=empty_list)
    language_exceptions: Annotated[
        list[Name],
        Meta(
            not_compared="a setting of the written-standard rule (BV211), not what the "
            "pilot is or has agreed; validate shows its effect"
        ),
    ] = Field(default_factory=empty_list)

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

    def members_in(self, year: int) -> list[Party]:
        """The municipalities that take part in ``year`` (see ``Party.member_in``)."""
        return [p for p in self.municipalities if p.member_in(year)]
