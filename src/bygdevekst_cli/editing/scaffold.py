"""New files for the secretariat to fill in: a new pilot (``init``) and a first action plan.

The files are written as text so that every part has a short comment in the pilot's
written standard: Nynorsk comments for a Nynorsk pilot, Bokmål for Bokmål, without a
word of the other standard (the tests check them against the marker words). The values
that have to be there for the file to be valid but cannot be known yet are obvious
placeholders, listed by ``TODO`` for the command to print.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from bygdevekst_cli import placeholders
from bygdevekst_cli.models import Language
from bygdevekst_cli.models.agreement import ChapterKind
from bygdevekst_cli.models.pilot import PartyKind, PartyRole, Pilot

_PLAIN = re.compile(r"[A-Za-zÆØÅæøåÀ-ÿ][\w .,()'/–-]*")
_NOT_TEXT = re.compile(r"(?i)(true|false|null|~|yes|no|on|off|[-+]?[\d._]+|\d{4}-\d\d-\d\d.*)")


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back as the same text, else quoted."""
    if _PLAIN.fullmatch(text) and not _NOT_TEXT.fullmatch(text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


# --- comments, per written standard -----------------------------------------------------

_PILOT_COMMENTS = {
    Language.NYNORSK: {
        "head": (
            "# Piloten: kven som er med, kva partane gjer i avtala, og kor langt avtala har kome."
        ),
        "help": (
            "# Editoren viser ei forklaring til kvart felt når skjemalinja over står først i fila."
        ),
        "cohort": "# Pulje 1 (valt ut i 2022) eller 2 (valt ut i 2024).",
        "county": "# Fylket piloten ligg i.",
        "parties": (
            "# Partane i avtala, kvar med ein fast id. Kommunar treng kommunenummer"
            " (fire siffer i hermeteikn)."
        ),
        "parties_more": (
            "# Legg til fylkeskommunen og andre partar; role er main (hovudpart),"
            " partner eller special."
        ),
        "agreement": (
            "# Kor langt avtala har kome: draft, submitted, agreed, adopted eller signed."
        ),
        "end": "# Siste dag avtala gjeld. Rett datoen når avtala er klar.",
    },
    Language.BOKMAAL: {
        "head": (
            "# Piloten: hvem som er med, hva partene gjør i avtalen, og hvor langt avtalen er"
            " kommet."
        ),
        "help": (
            "# Editoren viser en forklaring til hvert felt når skjemalinjen over står først i"
            " filen."
        ),
        "cohort": "# Pulje 1 (valgt ut i 2022) eller 2 (valgt ut i 2024).",
        "county": "# Fylket piloten ligger i.",
        "parties": (
            "# Partene i avtalen, hver med en fast ID. Kommuner trenger kommunenummer"
            " (fire sifre i anførselstegn)."
        ),
        "parties_more": (
            "# Legg til fylkeskommunen og andre parter; role er main (hovedpart),"
            " partner eller special."
        ),
        "agreement": (
            "# Hvor langt avtalen er kommet: draft, submitted, agreed, adopted eller signed."
        ),
        "end": "# Siste dag avtalen gjelder. Rett datoen når avtalen er klar.",
    },
}

_AGREEMENT_COMMENTS = {
    Language.NYNORSK: {
        "head": "# Avtala: kapitla i malen frå KDD og delmåla med samarbeidspartar.",
        "help": "# Tekstane under er plasshaldarar; skriv inn teksten frå avtala.",
        "chapters": (
            "# Kapittel 1–7 i malen. Avsnitt skil du med ei tom linje, punktlister med «- »."
        ),
        "sub_goals": (
            "# Delmåla: nummer, tittel, vekt i prosent (til saman 100) og samarbeidspartar"
            " (id-ar frå pilot.yaml)."
        ),
    },
    Language.BOKMAAL: {
        "head": "# Avtalen: kapitlene i malen fra KDD og delmålene med samarbeidsparter.",
        "help": "# Tekstene under er plassholdere; skriv inn teksten fra avtalen.",
        "chapters": (
            "# Kapittel 1–7 i malen. Avsnitt skiller du med en tom linje, punktlister med «- »."
        ),
        "sub_goals": (
            "# Delmålene: nummer, tittel, vekt i prosent (til sammen 100) og samarbeidsparter"
            " (ID-er fra pilot.yaml)."
        ),
    },
}

_PLAN_COMMENTS = {
    Language.NYNORSK: {
        "head": (
            "# Handlingsplan for {year}. Kvart tiltak har ein fast id som følgjer det frå år til"
            " år."
        ),
        "measures": (
            "# Tiltaka: id, delmål, nummer, tittel, status (planned, ongoing, closed)"
            " og budsjett per år."
        ),
        "schedule": (
            "# Politisk handsaming av planen. Fyll inn dato, saksnummer og utfall"
            " når møta er haldne."
        ),
    },
    Language.BOKMAAL: {
        "head": (
            "# Handlingsplan for {year}. Hvert tiltak har en fast ID som følger det fra år til år."
        ),
        "measures": (
            "# Tiltakene: ID, delmål, nummer, tittel, status (planned, ongoing, closed)"
            " og budsjett per år."
        ),
        "schedule": (
            "# Politisk behandling av planen. Fyll inn dato, saksnummer og utfall"
            " når møtene er holdt."
        ),
    },
}

_CHAPTER_TITLES = {
    Language.NYNORSK: (
        "Bakgrunn",
        "Hovudpartar i avtala",
        "Andre aktørar med særlege rollar i avtala",
        "Føremålet og omfanget av avtala",
        "Forankring",
        "Delmål, samarbeidspartar og ansvar",
        "Overordna oppfølging av avtala",
    ),
    Language.BOKMAAL: (
        "Bakgrunn",
        "Hovedparter i avtalen",
        "Andre aktører med særlige roller i avtalen",
        "Avtalens formål og omfang",
        "Forankring",
        "Delmål, samarbeidsparter og forpliktelser",
        "Overordnet oppfølging av avtalen",
    ),
}


TODO = (
    "county (fylket) i pilot.yaml",
    "partene i pilot.yaml: kommunene med kommunenummer, fylkeskommunen, andre parter",
    "agreement.period.end (siste dag avtalen gjelder) i pilot.yaml",
    "tekstene i de sju kapitlene og delmålene i agreement.yaml",
)


def _party(
    party_id: str, name: str, kind: PartyKind, role: PartyRole, number: str | None = None
) -> Iterator[str]:
    yield f"  - id: {scalar(party_id)}"
    yield f"    name: {scalar(name)}"
    if party_id == "kdd":
        yield "    short_name: KDD"
    yield f"    kind: {kind.value}"
    yield f"    role: {role.value}"
    if number is not None:
        yield f'    municipality_number: "{number}"'


def pilot_yaml(
    pilot_id: str,
    name: str,
    language: Language,
    schema: str,
    *,
    cohort: int,
    county: str | None,
    municipalities: list[tuple[str, str, str]],
    end_year: int,
) -> str:
    """``pilot.yaml`` of a new pilot; ``municipalities`` are ``(id, name, number)``."""
    say = _PILOT_COMMENTS[language]
    lines = [
        schema,
        say["head"],
        say["help"],
        f"id: {scalar(pilot_id)}",
        f"name: {scalar(name)}",
        f"language: {language.value}",
        say["cohort"],
        f"cohort: {cohort}",
        say["county"],
        f"county: {scalar(county or placeholders.COUNTY)}",
        say["parties"],
        say["parties_more"],
        "parties:",
    ]
    for party_id, party_name, number in municipalities:
        lines.extend(_party(party_id, party_name, PartyKind.MUNICIPALITY, PartyRole.MAIN, number))
    lines.extend(
        _party("kdd", "Kommunal- og distriktsdepartementet", PartyKind.STATE, PartyRole.MAIN)
    )
    lines += [
        say["agreement"],
        "agreement:",
        "  state: draft",
        "  period:",
        "    " + say["end"],
        f"    end: {end_year}-12-31",
    ]
    return "\n".join(lines) + "\n"


def agreement_yaml(language: Language, schema: str) -> str:
    """``agreement.yaml`` of a new pilot: KDD's seven chapters and one sub-goal."""
    say = _AGREEMENT_COMMENTS[language]
    lines = [schema, say["head"], say["help"], "chapters:", "  " + say["chapters"]]
    for number, (kind, title) in enumerate(
        zip(ChapterKind, _CHAPTER_TITLES[language], strict=True), start=1
    ):
        lines += [
            f"  - kind: {kind.value}",
            f'    number: "{number}"',
            f"    title: {scalar(title)}",
            "    text: |-",
            f"      {placeholders.TEXT}",
        ]
    lines += [
        say["sub_goals"],
        "sub_goals:",
        "  - number: 1",
        f"    title: {scalar(placeholders.sub_goal_title(1))}",
        "    partners: []",
        "    text: |-",
        f"      {placeholders.TEXT}",
    ]
    return "\n".join(lines) + "\n"


def first_plan(pilot: Pilot, year: int, schema: str) -> str:
    """A pilot's first action plan: no measures yet, and every main party in the schedule."""
    say = _PLAN_COMMENTS[pilot.language]
    lines = [schema, say["head"].format(year=year), f"year: {year}", say["measures"]]
    lines += ["measures: []", say["schedule"], "schedule:"]
    bodies = {
        PartyKind.MUNICIPALITY: ("formannskap", "kommunestyre"),
        PartyKind.COUNTY: ("fylkesutval",),
        PartyKind.STATE: ("kdd",),
    }
    treatments = [
        (party.id, body)
        for kind in (PartyKind.MUNICIPALITY, PartyKind.COUNTY, PartyKind.STATE)
        for party in pilot.parties
        if party.kind is kind and party.role is PartyRole.MAIN
        for body in bodies[kind]
    ]
    for party_id, body in treatments:
        lines += [f"  - party: {scalar(party_id)}", f"    body: {body}"]
    if not treatments:
        lines[-1] = "schedule: []"
    return "\n".join(lines) + "\n"
