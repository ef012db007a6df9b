"""``pilot.yaml``: who the pilot is, its parties, organisation and the agreement's progress."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from bygdevekst_cli.models.base import Language, Model, Versioned
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

    chief_executive_title: Name = Field(
        description="Tittel til kommunedirektøren/rådmannen som står bak innstillingen."
    )
    chief_executive_name: Name | None = Field(
        None, description="Navnet til kommunedirektøren/rådmannen."
    )
    assessed_against: Text | None = Field(
        None,
        description=(
            "Planen eller strategien saken vurderes ut fra (f.eks. kommuneplanens samfunnsdel)."
        ),
    )
    signature_name: Name | None = Field(
        None,
        description=(
            "Den som signerer saksframlegget, når det ikke er kommunedirektøren/rådmannen."
        ),
    )
    reference_docx: Name | None = Field(
        None,
        description=(
            "Kommunens Word-mal (.docx, sti fra pilotmappen): stiler, sideoppsett, topp- og "
            "bunntekst i saksframlegget som DOCX."
        ),
    )


class Party(Model):
    """A party to the agreement: a municipality, the county, the state or another actor."""

    id: Annotated[Id, Meta(key=True)]
    name: Annotated[Name, Meta(compared=True)] = Field(
        description="Fullt navn, f.eks. «Fyresdal kommune»."
    )
    short_name: Name | None = Field(None, description="Kort navn eller forkortelse, f.eks. «KDD».")
    kind: Annotated[PartyKind, Meta(compared=True)] = Field(
        description="Slag part: municipality, county, state, agency, other."
    )
    role: Annotated[PartyRole, Meta(compared=True)] = Field(
        description="Rolle i avtalen: main (hovedpart), partner, special."
    )
    description: Text | None = Field(
        None,
        description="Slik parten omtales i listen over hovedparter, når det er mer enn navnet.",
    )
    municipality_number: MunicipalityNumber | None = Field(
        None, description="Kommunenummer (bare for kommuner)."
    )
    case_document: CaseDocumentInfo | None = Field(
        None, description="Det kommunens saksframlegg trenger (bare for kommuner)."
    )

    @model_validator(mode="after")
    def _municipal_fields_only_on_municipalities(self) -> Party:
        if self.kind is not PartyKind.MUNICIPALITY and (
            self.municipality_number is not None or self.case_document is not None
        ):
            raise ValueError("municipality_number og case_document gjelder bare kommuner")
        if self.kind is PartyKind.MUNICIPALITY and self.municipality_number is None:
            raise ValueError("en kommune må ha municipality_number (kommunenummer)")
        return self


class Person(Model):
    name: Name
    title: Text | None = Field(None, description="Stilling eller hvem personen representerer.")
    note: Text | None = None


class OrganisationRole(Model):
    role: Text = Field(description="Rollen i prosjektet, slik dokumentene skriver den.")
    name: Name
    note: Text | None = None


class Organisation(Model):
    """Project organisation (prosjektorganisering)."""

    owner: Text | None = Field(None, description="Prosjekteier.")
    responsible: Person | None = Field(None, description="Prosjektansvarlig.")
    steering_group: list[Person] = Field(default_factory=list, description="Styringsgruppe.")
    project_leader: Person | None = Field(None, description="Prosjektleder.")
    other_roles: list[OrganisationRole] = Field(
        default_factory=list, description="Andre roller, f.eks. prosjektmedarbeider."
    )


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
    start: Date | None = Field(
        None, description="Første dag avtalen gjelder; tom når den gjelder fra godkjenning."
    )
    end: Date = Field(description="Siste dag avtalen gjelder.")
    start_note: Text | None = Field(
        None, description="Når starten ikke er en dato, f.eks. «fra den er formelt godkjent»."
    )


class AgreementStatus(Model):
    state: AgreementState = Field(
        description="draft, submitted, agreed, adopted eller signed (KDDs vei mot signert avtale)."
    )
    period: Period
    signed: Date | None = Field(None, description="Datoen alle parter hadde signert.")
    events: list[AgreementEvent] = Field(
        default_factory=list, description="Milepæler på veien mot signert avtale."
    )


class Pilot(Versioned):
    """One bygdevekst pilot: a group of municipalities with one agreement."""

    id: Id
    name: Name
    language: Language = Field(
        description="Målform for dokumentene: nn (nynorsk) eller nb (bokmål)."
    )
    cohort: int = Field(ge=1, le=2, strict=True, description="Pulje 1 (2023) eller 2 (2024).")
    county: Name = Field(description="Fylket piloten ligger i.")
    phases: list[Phase] = Field(default_factory=list)
    parties: Annotated[list[Party], Meta(compared=True, label="diff.party")] = Field(min_length=1)
    organisation: Organisation = Field(default_factory=Organisation)
    agreement: AgreementStatus
    notes: list[Text] = Field(default_factory=list, description="Merknader fra sekretariatet.")
    language_exceptions: list[Name] = Field(
        default_factory=list,
        description=(
            "Uttrykk målformkontrollen skal hoppe over, f.eks. titler på den andre målformen"
            " («Eit godt liv i heile Noreg»)."
        ),
    )

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
