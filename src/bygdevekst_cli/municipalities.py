"""Norway's municipalities and counties (from 2024), to give parties their official numbers,
and the numbers of 2020-2023 that changed in 2024, to check a number an older agreement
carries."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from bygdevekst_cli.loader import load_package_data


class Municipality(NamedTuple):
    number: str
    name: str
    """The first name in the table (the one written into a pilot)."""
    county: str


@dataclass(frozen=True, repr=False, eq=False)
class Register:
    municipalities: tuple[Municipality, ...]
    by_name: dict[str, tuple[Municipality, ...]]
    """Every name (lower case), to the municipalities of that name (Våler: two)."""
    counties: dict[str, str]
    """County name → two-digit prefix of its municipality numbers."""
    suffix: str = ""
    """The word after a name that still names the municipality ("Fyresdal kommune")."""
    renumbered: dict[str, Municipality] = field(default_factory=dict)
    """A number of 2020-2023 that changed in 2024 → the municipality it was (as of 2024)."""

    def before_2024(self, municipality: Municipality) -> str | None:
        """The number ``municipality`` had in 2020-2023 when it changed in 2024, else None
        (Haram, part of Ålesund then, had none)."""
        return next(
            (old for old, was in self.renumbered.items() if was.number == municipality.number),
            None,
        )

    def find(self, name: str, county: str | None = None) -> Municipality | None:
        """The municipality of that name (in ``county`` when the name is in several), or of
        each of the names as KLASS joins them (``Trondheim - Tråante``)."""
        found = self.by_name.get(_key(name, self.suffix), ())
        if not found and _JOINED.search(name):
            parts = {self.find(part, county) for part in _JOINED.split(_key(name, self.suffix))}
            return parts.pop() if len(parts) == 1 else None
        if county is not None and len(found) > 1:
            wanted = _composed(county).lower()
            found = tuple(m for m in found if _composed(m.county).lower() == wanted)
        return found[0] if len(found) == 1 else None

    @functools.cached_property
    def by_number(self) -> dict[str, Municipality]:
        return {m.number: m for m in self.municipalities}

    def county_of(self, number: str) -> str | None:
        return next((c for c, prefix in self.counties.items() if number[:2] == prefix), None)


_JOINED = re.compile(r"\s+[-–]\s+")
"""What joins a municipality's names in one (``Gáivuotna - Kåfjord - Kaivuono``)."""


def _key(name: str, suffix: str) -> str:
    """A name as the register looks it up: lower case, single spaces, and composed (NFC):
    «å» typed or pasted on a Mac may be «a» and a combining ring (NFD), which is the same
    name to every reader."""
    return " ".join(_composed(name).lower().removesuffix(f" {suffix}").split())


def _composed(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@functools.cache
def register() -> Register:
    data = load_package_data("municipalities.yaml")
    municipalities: list[Municipality] = []
    by_name: dict[str, list[Municipality]] = {}
    counties: dict[str, str] = {}
    suffix = str(data["suffix"])
    for county, entry in data["counties"].items():
        counties[county] = entry["prefix"]
        for number, names in entry["municipalities"].items():
            municipality = Municipality(number, names[0], county)
            municipalities.append(municipality)
            for name in names:
                by_name.setdefault(_key(name, suffix), []).append(municipality)
    by_key = {k: tuple(v) for k, v in by_name.items()}
    known = Register(tuple(municipalities), by_key, counties, suffix)
    renumbered = {
        number: known.find(name, county)
        for county, numbers in data["before_2024"].items()
        for number, name in numbers.items()
    }
    return replace(known, renumbered={n: m for n, m in renumbered.items() if m is not None})
