"""The words the tool adds to what it shows about a pilot, in Nynorsk and Bokmål.

Output about a pilot (diffs, history, documents) is written in the pilot's written standard;
every fixed word comes from here, so a Nynorsk text never borrows a Bokmål word.
"""

from __future__ import annotations

from bygdevekst_cli.models import Language

_WORDS: dict[str, tuple[str, str]] = {
    # key: (nynorsk, bokmål)
    "measure": ("tiltak", "tiltak"),
    "sub_goal": ("delmål", "delmål"),
    "new": ("Nye tiltak", "Nye tiltak"),
    "changed": ("Endra tiltak", "Endrede tiltak"),
    "closed": ("Avslutta tiltak", "Avsluttede tiltak"),
    "dropped": (
        "Tiltak som manglar utan å vere avslutta",
        "Tiltak som mangler uten å være avsluttet",
    ),
    "agreement": ("Endringar i avtala", "Endringer i avtalen"),
    "funding": ("Endringar i finansieringa", "Endringer i finansieringen"),
    "reason": ("Grunngjeving", "Begrunnelse"),
    "assessment": ("Vurdering", "Vurdering"),
    "no_changes": ("Ingen endringar.", "Ingen endringer."),
    "missing_reason": ("grunngjeving manglar", "begrunnelse mangler"),
    "missing_assessment": ("vurdering manglar", "vurdering mangler"),
    "none": ("ingen", "ingen"),
    "field.title": ("tittel", "tittel"),
    "field.description": ("skildring", "beskrivelse"),
    "field.sub_goal": ("delmål", "delmål"),
    "field.number": ("nummer", "nummer"),
    "field.responsible": ("ansvarleg", "ansvarlig"),
    "field.partners": ("samarbeidspartar", "samarbeidsparter"),
    "field.start_year": ("startår", "startår"),
    "field.end_year": ("sluttår", "sluttår"),
    "field.status": ("status", "status"),
    "field.budget": ("budsjett", "budsjett"),
    "field.weight": ("vekt", "vekt"),
    "field.name": ("namn", "navn"),
    "field.kind": ("type", "type"),
    "field.role": ("rolle", "rolle"),
    "field.grants": ("løyving", "bevilgning"),
    "field.carry_over": ("overført", "overført"),
    "party": ("part", "part"),
    "source.operating_grant": ("driftstilskot", "driftstilskudd"),
    "source.state_measure_funds": ("statlege tiltaksmidlar", "statlige tiltaksmidler"),
    "source.project_management_grant": ("midlar til prosjektleiing", "midler til prosjektledelse"),
    "source.own_funds": ("eigne midlar", "egne midler"),
    "source.other_grants": ("andre tilskot", "andre tilskudd"),
    "status.planned": ("planlagt", "planlagt"),
    "status.ongoing": ("i gang", "i gang"),
    "status.closed": ("avslutta", "avsluttet"),
}


def word(key: str, language: Language | str) -> str:
    nynorsk, bokmaal = _WORDS[key]
    return nynorsk if Language(language) is Language.NYNORSK else bokmaal


def has_word(key: str) -> bool:
    return key in _WORDS
