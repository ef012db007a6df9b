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
    "amount_unknown": ("beløp ikkje kjent", "beløp ikke kjent"),
    # history
    "history": ("Historikk for", "Historikk for"),
    "no_history": ("Ingen commits har endra piloten.", "Ingen commits har endret piloten."),
    "no_history_measure": ("Ingen commits har endra tiltak", "Ingen commits har endret tiltak"),
    "merge": ("samanslåing", "sammenslåing"),
    "new_measure": ("nytt tiltak", "nytt tiltak"),
    "closed_measure": ("avslutta", "avsluttet"),
    "dropped_measure": ("fjerna utan å vere avslutta", "fjernet uten å være avsluttet"),
    "file_added": ("ny fil", "ny fil"),
    "file_deleted": ("fila er sletta", "filen er slettet"),
    "file_changed": ("fila er endra", "filen er endret"),
    "file_moved": ("flytta frå", "flyttet fra"),
    "file_unreadable": (
        "fila kunne ikkje lesast i denne commiten",
        "filen kunne ikke leses i denne commiten",
    ),
    "file_readable_again": ("fila kan lesast att", "filen kan leses igjen"),
    "other_changes": (
        "andre endringar (tekst, status, handsaming)",
        "andre endringer (tekst, status, behandling)",
    ),
    "form_only": ("berre form eller kommentarar er endra", "bare form eller kommentarer er endret"),
    "line": ("linje", "linje"),
    "new_plan": ("ny handlingsplan for", "ny handlingsplan for"),
    "compared_with": ("samanlikna med", "sammenlignet med"),
    "plan": ("handlingsplan", "handlingsplan"),
    "case_number": ("sak", "sak"),
    "adoption_tag": ("tag", "tag"),
    "body.formannskap": ("formannskapet", "formannskapet"),
    "body.kommunestyre": ("kommunestyret", "kommunestyret"),
    "body.fylkesutval": ("fylkesutvalet", "fylkesutvalget"),
    "body.fylkesting": ("fylkestinget", "fylkestinget"),
    "body.kdd": ("KDD", "KDD"),
    "outcome.adopted": ("vedteke", "vedtatt"),
    "outcome.adopted_with_changes": ("vedteke med endringar", "vedtatt med endringer"),
    "outcome.rejected": ("ikkje vedteke", "ikke vedtatt"),
    "outcome.postponed": ("utsett", "utsatt"),
    "outcome.noted": ("teke til orientering", "tatt til orientering"),
    "outcome.none": ("handsama", "behandlet"),
}


def word(key: str, language: Language | str) -> str:
    nynorsk, bokmaal = _WORDS[key]
    return nynorsk if Language(language) is Language.NYNORSK else bokmaal


def has_word(key: str) -> bool:
    return key in _WORDS
