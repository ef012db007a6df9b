"""Identity and references: ids are unique and every reference resolves."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, replace

from bygdevekst_cli.findings import Finding, YamlPath
from bygdevekst_cli.in_force import agreement_in_force
from bygdevekst_cli.language import Words
from bygdevekst_cli.models import Model, Pilot
from bygdevekst_cli.models.agreement import SubGoal
from bygdevekst_cli.models.meta import Ref
from bygdevekst_cli.models.pilot import Party, PartyKind
from bygdevekst_cli.models.plan import Body, Measure, Treatment
from bygdevekst_cli.pilotfolder import PILOTS_DIR
from bygdevekst_cli.pilotset import Document, PilotFiles
from bygdevekst_cli.rules.registry import CATALOGUE, Hit, folded, rule
from bygdevekst_cli.textwalk import Reference

SCHEMA_LINE = "# yaml-language-server: $schema="


def _duplicates(
    document: Document[Model], items: Iterable[tuple[YamlPath, Hashable]], what: str
) -> Iterator[Hit]:
    """``what`` names the message (``rule.BV201.<what>``): a party id, a number, ..."""
    seen: dict[Hashable, YamlPath] = {}
    for path, value in items:
        if value in seen:
            line, _ = document.position(seen[value])
            yield Hit(document, path, what, {"value": value, "line": line})
        else:
            seen[value] = path


def duplicate_measures(plan: Document[Model], words: Words) -> Iterator[Finding]:
    """BV201 for each measure id ``plan`` names again, worded as ``validate`` words it: for
    the history, which cannot follow a measure whose id is not unique."""
    measures = (((*at, "id"), m.id) for at, m in plan.objects(Measure))
    for hit in _duplicates(plan, measures, "measure"):
        yield CATALOGUE["BV201"].worded(hit, words)


@rule("BV201")
def unique_ids(files: PilotFiles) -> Iterator[Hit]:
    if (doc := files.pilot) is not None:
        parties = doc.objects(Party)
        yield from _duplicates(doc, (((*at, "id"), p.id) for at, p in parties), "party")
        numbers = (
            ((*at, "municipality_number"), p.municipality_number)
            for at, p in parties
            if p.municipality_number is not None
        )
        yield from _duplicates(doc, numbers, "municipality_number")
    if (agreement := files.agreement) is not None:
        goals = agreement.objects(SubGoal)
        yield from _duplicates(
            agreement, (((*at, "number"), g.number) for at, g in goals), "sub_goal"
        )
    for plan in files.plans.values():
        measures = plan.objects(Measure)
        yield from _duplicates(plan, (((*at, "id"), m.id) for at, m in measures), "measure")
        yield from _duplicates(
            plan,
            (((*at, "number"), m.label) for at, m in measures),
            "measure_number",
        )


_BODY_KINDS = {
    Body.FORMANNSKAP: PartyKind.MUNICIPALITY,
    Body.KOMMUNESTYRE: PartyKind.MUNICIPALITY,
    Body.FYLKESUTVAL: PartyKind.COUNTY,
    Body.FYLKESTING: PartyKind.COUNTY,
    Body.KDD: PartyKind.STATE,
}


@dataclass(frozen=True, repr=False, eq=False)
class _Known:
    """What references in one document may name."""

    parties: dict[str, Party]
    groups: frozenset[str]
    sub_goals: frozenset[int] | None
    """None: the agreement does not read, so sub-goal numbers cannot be checked."""
    measures: frozenset[str] = frozenset()

    @functools.cached_property
    def resolving(self) -> dict[Ref, frozenset[Hashable]]:
        """For each kind of reference, values that resolve (``problem`` gives None for
        them): nearly every reference is one, settled by one look-up instead of ``problem``'s
        tests. A kind left out (sub-goals when the agreement does not read) goes to
        ``problem``; a value of another type (a number for a party) is simply not among
        them."""
        parties = frozenset(self.parties)
        resolving: dict[Ref, frozenset[Hashable]] = {
            Ref.PARTY: parties,
            Ref.PARTY_OR_GROUP: parties | self.groups,
            Ref.MUNICIPALITY: frozenset(
                id_ for id_, party in self.parties.items() if party.kind is PartyKind.MUNICIPALITY
            ),
            Ref.MEASURE: self.measures,
        }
        if self.sub_goals is not None:
            resolving[Ref.SUB_GOAL] = self.sub_goals
        return resolving

    def problem(self, reference: Reference) -> tuple[str, dict[str, object]] | None:
        """The message (name and slots) for a reference that does not resolve, else None."""
        value, ref = reference.value, reference.ref
        if ref is Ref.SUB_GOAL:
            if self.sub_goals is None or value in self.sub_goals:
                return None
            return "sub_goal", {"number": value}
        if ref is Ref.MEASURE:
            return None if value in self.measures else ("measure", {"measure": value})
        if ref is Ref.MUNICIPALITY:
            party = self.parties.get(str(value))
            if party is not None and party.kind is PartyKind.MUNICIPALITY:
                return None
            return "not_municipality", {"party": value}
        if value in self.parties or (ref is Ref.PARTY_OR_GROUP and value in self.groups):
            return None
        known = [*self.parties, *(sorted(self.groups) if ref is Ref.PARTY_OR_GROUP else [])]
        from bygdevekst_cli.suggest import close_matches  # only for a reference that is wrong

        # a typo («toke») is told the one id it was meant to be, not a list to search
        close = close_matches(str(value), known, limit=1)
        if close:
            return "party_close", {"party": value, "option": close[0]}
        return "party", {"party": value, "known": known}


def _groups(pilot: Pilot) -> frozenset[str]:
    organisation = getattr(pilot, "organisation", None)
    groups = getattr(organisation, "groups", None) or []
    return frozenset(str(getattr(g, "id", g)) for g in groups)


@rule("BV202")
def references(files: PilotFiles) -> Iterator[Hit]:
    """Every field whose metadata names a reference (``Meta.ref``) must resolve."""
    if files.pilot is None:
        return
    pilot = files.pilot.model
    parties = {p.id: p for p in pilot.parties}
    goals = (
        frozenset(g.number for g in files.agreement.model.sub_goals)
        if files.agreement is not None
        else None
    )
    known = _Known(parties, _groups(pilot), goals)
    for document in (files.pilot, files.agreement):
        if document is not None:
            yield from _unresolved(document, known)
    for year, plan in files.plans.items():
        ids = frozenset(m.id for m in plan.model.measures)
        in_force = _goals_in_force(files, year, goals)
        yield from _unresolved(plan, replace(known, measures=ids, sub_goals=in_force))
    for plan in files.plans.values():
        for path, treatment in plan.objects(Treatment):
            target = parties.get(treatment.party)
            if target is not None and target.kind is not _BODY_KINDS[treatment.body]:
                slots = {"body": treatment.body, "party": target.name}
                yield Hit(plan, (*path, "body"), "body", {**slots, "kind": target.kind.value})


def _goals_in_force(
    files: PilotFiles, year: int, today: frozenset[int] | None
) -> frozenset[int] | None:
    """The sub-goals a plan may name: today's, and those of the agreement it was adopted
    with (``in_force``), so that a sub-goal a later revision dropped is not an error in the
    plans adopted while it stood."""
    in_force = agreement_in_force(files, year)
    if today is None or in_force is None or in_force.at_revision is None:
        return today
    return today | {g.number for g in in_force.agreement.sub_goals}


def _unresolved(document: Document[Model], known: _Known) -> Iterator[Hit]:
    resolving = known.resolving
    for reference in document.references:
        if reference.value in resolving.get(reference.ref, ()):
            continue
        problem = known.problem(reference)
        if problem is not None:
            message, slots = problem
            yield Hit(document, reference.path, message, slots, key=reference.key)


@rule("BV212")
def plan_year_matches_file(files: PilotFiles) -> Iterator[Hit]:
    for year, plan in files.plans.items():
        if plan.model.year != year:
            # the suffix the file has: a plans/2027.yml was said to be «2027.yaml»
            slots = {"file": year, "year": plan.model.year, "suffix": plan.path.suffix}
            yield Hit(plan, ("year",), "mismatch", slots)


@rule("BV214")
def pilot_id_names_its_folder(files: PilotFiles) -> Iterator[Hit]:
    """A pilot under ``pilots/`` lives in the folder its id names (DESIGN's layout): the
    commands find a pilot by its folder, the overview and the adoption tags
    (``vedtak/<id>/…``) by its id. A folder copied to start a new pilot, with the old id
    left in it, would make two pilots of one id, and the overview would show only one.
    A pilot's files straight in ``pilots/`` are read as a pilot, but a second pilot has
    no room beside them."""
    if files.pilot is None:
        return
    if files.folder.name == PILOTS_DIR:
        yield Hit(files.pilot, ("id",), "in_pilots", {"id": files.pilot.model.id})
    elif files.folder.parent.name == PILOTS_DIR and files.pilot.model.id != files.folder.name:
        slots = {"id": files.pilot.model.id, "folder": files.folder.name}
        yield Hit(files.pilot, ("id",), "mismatch", slots)


@rule("BV213")
def schema_line(files: PilotFiles) -> Iterator[Hit]:
    for document in files.documents():
        expected = _schema_name(document)
        if not document.first_line.startswith(SCHEMA_LINE):
            yield Hit(document, (), "missing", {"line": SCHEMA_LINE, "schema": expected})
        elif not document.first_line.rstrip().endswith("/" + expected):
            yield Hit(document, (), "wrong", {"schema": expected})


def _schema_name(document: Document[Model]) -> str:
    from bygdevekst_cli.models import FILE_KINDS

    kind = next(k for k in FILE_KINDS if isinstance(document.model, k.model))
    return kind.schema_file


@rule("BV222")
def case_data(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is None or not files.plans:
        return
    hits = [
        Hit(files.pilot, at, "missing", {"party": party.name})
        for at, party in files.pilot.objects(Party)
        if party.kind is PartyKind.MUNICIPALITY and party.case_document is None
    ]
    yield from folded("BV222", files, hits, ("parties",), "party")


@rule("BV231")
def parties_named_in_their_years(files: PilotFiles) -> Iterator[Hit]:
    """A plan names a party (in its schedule, measures or grants) for a year the party is
    not a member (``member_from`` / ``member_until`` in pilot.yaml)."""
    if files.pilot is None:
        return
    parties = {p.id: p for p in files.pilot.model.parties}
    for plan in files.plans.values():
        year = plan.model.year
        outside = {id_: p for id_, p in parties.items() if not p.member_in(year)}
        if not outside:
            continue  # every party a member that year (the common case): nothing to look up
        for reference in plan.references:
            if reference.ref not in (Ref.PARTY, Ref.PARTY_OR_GROUP, Ref.MUNICIPALITY):
                continue
            party = outside.get(str(reference.value))
            if party is not None:
                slots = {
                    "party": party.name,
                    "year": year,
                    "member_from": _iso(party.member_from),
                    "member_until": _iso(party.member_until),
                }
                yield Hit(plan, reference.path, "outside", slots, key=reference.key)


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else "…"


_RENUMBERED = dt.date(2024, 1, 1)
"""The day the numbers of Viken, Vestfold og Telemark and Troms og Finnmark changed."""


def _number_slip(party: Party, pilot: Pilot) -> tuple[str, dict[str, object]] | None:
    """What is wrong with ``party``'s municipality number (BV229's message and slots), or
    None: it is in the register at the agreement's date (2024's, or 2020-2023's for an
    older agreement; for an undated one either) and no other municipality's than the one
    the party's name is."""
    from bygdevekst_cli.municipalities import register  # its table only for a number

    number = party.municipality_number
    if number is None:
        return None
    known = register()
    named = known.find(party.name, pilot.county)
    slots: dict[str, object] = {
        "number": number,
        "name": named.name if named else "",
        "suggested": named.number if named else "",
    }
    owner = known.by_number.get(number)
    if owner is not None:
        other = named is not None and named.number != number
        return ("other", {**slots, "owner": owner.name}) if other else None
    was = known.renumbered.get(number)
    if was is None:
        return ("unknown_named" if named else "unknown"), slots
    dated = pilot.agreement.signed or pilot.agreement.period.start
    before = dated is not None and dated < _RENUMBERED
    if named is not None and named.number != was.number:
        # another municipality's number of 2020-2023: the party's own at the agreement's date
        own = (known.before_2024(named) if before else None) or named.number
        return "other_before_2024", {**slots, "owner": was.name, "suggested": own}
    if dated is None or before:
        return None  # valid at the agreement's date, or it may have been
    suggested = (named or was).number
    return "renumbered", {**slots, "owner": was.name, "year": dated.year, "suggested": suggested}


@rule("BV229")
def municipality_numbers(files: PilotFiles) -> Iterator[Hit]:
    """A number the register holds for another municipality than the party's name, or for
    none at the agreement's date, is a typing mistake (a warning: the register is the
    tool's, and may lag a change of the municipalities)."""
    if files.pilot is None:
        return
    pilot = files.pilot.model
    numbers = Counter(p.municipality_number for p in pilot.parties)
    for at, party in files.pilot.objects(Party):
        if numbers[party.municipality_number] > 1:
            continue  # BV201's error says it, naming both lines
        slip = _number_slip(party, pilot)
        if slip is not None:
            yield Hit(files.pilot, (*at, "municipality_number"), *slip)
