"""New files for the secretariat to fill in: a new pilot (``init``) and a first action plan.

The files are written as text so that every part has a short comment in the pilot's
written standard: Nynorsk comments for a Nynorsk pilot, Bokmål for Bokmål, without a
word of the other standard (the tests check them against the marker words). The values
that have to be there for the file to be valid but cannot be known yet are obvious
placeholders, listed by ``TODO`` for the command to print.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator

from bygdevekst_cli import placeholders
from bygdevekst_cli.editing.version import VERSION_LINE
from bygdevekst_cli.language import cli_words, words
from bygdevekst_cli.models import Language
from bygdevekst_cli.models.agreement import ChapterKind
from bygdevekst_cli.models.codes import Body
from bygdevekst_cli.models.pilot import PartyKind, PartyRole, Pilot

_PLAIN = re.compile(r"[A-Za-zÀ-ÿ][\w .,()'/–-]*")  # À-ÿ holds the Norwegian letters
_NOT_TEXT = re.compile(r"(?i)(true|false|null|~|yes|no|on|off|[-+]?[\d._]+|\d{4}-\d\d-\d\d.*)")


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when that reads back as the same text, else quoted."""
    if _PLAIN.fullmatch(text) and not _NOT_TEXT.fullmatch(text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


# --- comments, per written standard ----------------------------------------------------
# The words are in the catalogue tables ``scaffold.*`` (templates/words/nn.toml, nb.toml).

#: What ``init`` leaves to fill in, as keys of ``scaffold.todo``.
TODO = ("county", "parties", "end", "texts")

CHAPTERS = 7
"""KDD's template has seven chapters, in the order of ``ChapterKind``."""


def todo(
    language: str, county_given: bool, end_given: bool = False, municipalities_given: bool = False
) -> tuple[str, ...]:
    """What is left to fill in after ``init``, in ``language``: the county and the period's
    end when not given, and the parties; with ``-m`` the municipalities are written with
    their numbers, so only the county and the other parties are left."""
    w = cli_words(language)
    given = {"county": county_given, "end": end_given}
    keys = [k for k in TODO if not given.get(k, False)]
    if municipalities_given:
        keys = ["other_parties" if k == "parties" else k for k in keys]
    return tuple(w(f"scaffold.todo.{k}") for k in keys)


def _comments(language: Language, table: str) -> Callable[[str], str]:
    w = words(language.value)
    return lambda key: f"# {w(f'scaffold.{table}.{key}')}"


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
    end: dt.date | None = None,
) -> str:
    """``pilot.yaml`` of a new pilot; ``municipalities`` are ``(id, name, number)``."""
    say = _comments(language, "pilot")
    lines = [
        schema,
        VERSION_LINE,
        say("head"),
        say("help"),
        f"id: {scalar(pilot_id)}",
        f"name: {scalar(name)}",
        f"language: {language.value}",
        say("cohort"),
        f"cohort: {cohort}",
        say("county"),
        f"county: {scalar(county or placeholders.COUNTY)}",
        say("parties"),
        say("parties_more"),
        "parties:",
    ]
    for party_id, party_name, number in municipalities:
        lines.extend(_party(party_id, party_name, PartyKind.MUNICIPALITY, PartyRole.MAIN, number))
    lines.extend(
        _party("kdd", words(language.value)("scaffold.kdd_name"), PartyKind.STATE, PartyRole.MAIN)
    )
    lines += [
        say("agreement"),
        "agreement:",
        "  state: draft",
    ]
    if end is not None:
        lines += ["  period:", "    " + say("end"), f"    end: {end.isoformat()}"]
    else:  # no invented date (issue 10): the field is described, the value left out
        w = words(language.value)
        lines.append(f"  # period.end: {w('schema.Period.end')}")
    return "\n".join(lines) + "\n"


def agreement_yaml(language: Language, schema: str) -> str:
    """``agreement.yaml`` of a new pilot: KDD's seven chapters and one sub-goal."""
    say = _comments(language, "agreement")
    w = words(language.value)
    lines = [schema, VERSION_LINE, say("head"), say("help"), "chapters:", "  " + say("chapters")]
    assert len(ChapterKind) == CHAPTERS
    for number, kind in enumerate(ChapterKind, start=1):
        title = w(f"scaffold.chapter.{number}")
        lines += [
            f"  - kind: {kind.value}",
            f'    number: "{number}"',
            f"    title: {scalar(title)}",
            "    text: |-",
            f"      {placeholders.TEXT}",
        ]
    lines += [
        say("sub_goals"),
        "sub_goals:",
        "  - number: 1",
        f"    title: {scalar(placeholders.sub_goal_title(1))}",
        "    partners: []",
        "    text: |-",
        f"      {placeholders.TEXT}",
    ]
    return "\n".join(lines) + "\n"


def plan_head(language: str, year: int | str) -> str:
    """The comment line a plan written by the tool starts with, naming its year; ``plan
    new`` rewrites it for the new year, as it names the year the plan is for."""
    return f"# {words(language)('scaffold.plan.head', year=year)}"


_BODIES = {
    PartyKind.MUNICIPALITY: (Body.FORMANNSKAP, Body.KOMMUNESTYRE),
    PartyKind.COUNTY: (Body.FYLKESUTVAL,),
    PartyKind.STATE: (Body.KDD,),
}
"""The bodies that treat an action plan, by the kind of main party."""


def main_treatments(
    pilot: Pilot, year: int, kinds: tuple[PartyKind, ...] = tuple(_BODIES)
) -> list[tuple[str, Body]]:
    """``(party id, body)`` of every treatment of a plan for ``year`` by the main parties of
    ``kinds`` that are members that year, municipalities first."""
    return [
        (party.id, body)
        for kind in kinds
        for party in pilot.parties
        if party.kind is kind and party.role is PartyRole.MAIN and party.member_in(year)
        for body in _BODIES[kind]
    ]


def first_plan(pilot: Pilot, year: int, schema: str) -> str:
    """A pilot's first action plan: no measures yet, and every main party in the schedule."""
    say = _comments(pilot.language, "plan")
    lines = [schema, VERSION_LINE, plan_head(pilot.language.value, year)]
    lines += [f"year: {year}", say("measures")]
    lines += ["measures: []", say("schedule"), "schedule:"]
    treatments = main_treatments(pilot, year)
    for party_id, body in treatments:
        lines += [f"  - party: {scalar(party_id)}", f"    body: {body.value}"]
    if not treatments:
        lines[-1] = "schedule: []"
    return "\n".join(lines) + "\n"
