"""The parties of an agreement, recognised by name and given the ids the bundled pilots use.

* municipalities from the list of main parties, with their official numbers (2024);
* the county as ``<county>-fylkeskommune``; KDD as ``kdd``;
* the state administrator as ``statsforvaltaren-<region>`` (``statsforvalteren-`` in Bokmål);
* Husbanken, Distriktssenteret and the others by their name (``innovasjon-norge``), or by
  the abbreviation the text gives them (``USN (Universitetet i Søraust-Noreg)`` → ``usn``).

A party named in the chapter on other actors has the role ``special``; one named as a
partner under a sub-goal, or in the agreement's text, ``partner``; the main parties ``main``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bygdevekst_cli.ids import slug
from bygdevekst_cli.importer import matching
from bygdevekst_cli.importer.messages import Unplaced
from bygdevekst_cli.importer.sentences import REGIONS
from bygdevekst_cli.models.pilot import PartyKind, PartyRole
from bygdevekst_cli.municipalities import register

KDD_NAME = matching.text("parties.kdd_name")
_STATE_ADMINISTRATOR = matching.pattern(
    "parties.state_administrator", regions="|".join(re.escape(region) for region in REGIONS)
)
_ADMINISTRATOR_MENTIONED = matching.pattern("parties.state_administrator_mentioned")
_AGENCIES = matching.words("parties.agencies")
_AGENCY_NAME = matching.pattern("parties.agency_name")
_STATE_NAME = matching.text("parties.state_name")
_MUNICIPALITY = matching.pattern("parties.municipality")
_COUNTY = matching.pattern("parties.county")
_ID_SKIP = frozenset(matching.words("parties.id_skip"))
_ROLE_ORDER = {PartyRole.MAIN: 0, PartyRole.SPECIAL: 1, PartyRole.PARTNER: 2}


@dataclass
class PartyEntry:
    id: str
    name: str
    kind: PartyKind
    role: PartyRole
    short_name: str | None = None
    description: str | None = None
    municipality_number: str | None = None


@dataclass
class PartyBook:
    """The parties found so far, in the order they were found, and what could not be placed."""

    text: str
    """The whole agreement, to find abbreviations and full names in."""
    entries: list[PartyEntry] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    county: str | None = None

    def get(self, party_id: str) -> PartyEntry | None:
        return next((p for p in self.entries if p.id == party_id), None)

    def add(self, entry: PartyEntry) -> PartyEntry:
        """Add a party, or strengthen the role of the one already there."""
        found = self.get(entry.id)
        if found is None:
            self.entries.append(entry)
            return entry
        if _ROLE_ORDER[entry.role] < _ROLE_ORDER[found.role]:
            found.role = entry.role
        found.description = found.description or entry.description
        return found

    def ordered(self) -> list[PartyEntry]:
        """Municipalities, county, state, then the others: each group in the order found."""
        rank = {
            PartyKind.MUNICIPALITY: 0,
            PartyKind.COUNTY: 1,
            PartyKind.STATE: 2,
        }
        return sorted(
            self.entries,
            key=lambda p: rank.get(p.kind, 3) if p.role is PartyRole.MAIN else 3,
        )

    # --- recognising one name ---------------------------------------------------------

    def resolve(self, name: str, role: PartyRole, description: str | None = None) -> PartyEntry:
        """The party a name stands for (added with ``role`` when it is new)."""
        name = " ".join(name.split()).strip(" .,;")
        if name == KDD_NAME or name == "KDD":
            return self.add(_kdd(role, description))
        if administrator := _STATE_ADMINISTRATOR.search(name):
            return self.add(_administrator(administrator, role))
        if county := _COUNTY.match(name):
            return self.add(self._county(county[1], role, description))
        if municipality := _MUNICIPALITY.match(name):
            return self.add(self._municipality(municipality[1], role, description))
        existing = next((p for p in self.entries if p.name.lower() == name.lower()), None)
        if existing is not None:
            return self.add(
                PartyEntry(existing.id, existing.name, existing.kind, role, description=description)
            )
        return self.add(self._other(name, role, description))

    def _municipality(self, name: str, role: PartyRole, description: str | None) -> PartyEntry:
        found = register().find(name, self.county)
        if found is None:
            self.unplaced.append(Unplaced("no_number", name=_full("municipality", name)))
        return PartyEntry(
            slug(name),
            _full("municipality", name),
            PartyKind.MUNICIPALITY,
            role,
            description=description,
            municipality_number=found.number if found is not None else None,
        )

    def _county(self, name: str, role: PartyRole, description: str | None) -> PartyEntry:
        full = _full("county", name)
        self.county = self.county or name
        return PartyEntry(
            slug(full),
            full,
            PartyKind.COUNTY,
            role,
            short_name=self.abbreviation(full),
            description=description,
        )

    def _other(self, name: str, role: PartyRole, description: str | None) -> PartyEntry:
        short = self.abbreviation(name)
        kind = (
            PartyKind.AGENCY
            if name in _AGENCIES or _AGENCY_NAME.search(name)
            else (PartyKind.STATE if _STATE_NAME in name else PartyKind.OTHER)
        )
        party_id = short.lower() if short else slug(name)
        if name.isupper() and len(name) <= 6:
            short = None
        return PartyEntry(party_id, name, kind, role, short_name=short, description=description)

    def abbreviation(self, name: str) -> str | None:
        """``USN`` for «USN (Universitetet i Søraust-Noreg)» or «… Noreg (USN)» in the text."""
        escaped = re.escape(name)
        found = re.search(
            matching.text("parties.abbreviation_before", name=escaped), self.text
        ) or re.search(matching.text("parties.abbreviation_after", name=escaped), self.text)
        return found[1] if found else None

    def full_administrator(self) -> PartyEntry | None:
        """The state administrator named in full anywhere in the text."""
        found = _STATE_ADMINISTRATOR.search(self.text)
        return _administrator(found, PartyRole.PARTNER) if found else None


def _kdd(role: PartyRole, description: str | None) -> PartyEntry:
    return PartyEntry("kdd", KDD_NAME, PartyKind.STATE, role, "KDD", description)


def _administrator(match: re.Match[str], role: PartyRole) -> PartyEntry:
    vowel, region = match[1], match[2]
    name = matching.text("parties.state_administrator_name", vowel=vowel, region=region)
    party_id = matching.text("parties.state_administrator_id", vowel=vowel) + slug(region, _ID_SKIP)
    return PartyEntry(party_id, name, PartyKind.AGENCY, role)


def mentions(text: str) -> list[str]:
    """Agencies the agreement's own text names (not only as actors one may invite)."""
    names = [name for name in _AGENCIES if name in text]
    if _STATE_ADMINISTRATOR.search(text) or _ADMINISTRATOR_MENTIONED.search(text):
        names.insert(0, "Statsforvaltar")
    return names


def _full(kind: str, name: str) -> str:
    """The official name of a municipality or county from its place name."""
    return matching.text(f"parties.{kind}_full", name=name)
