"""Identity and references: ids are unique and every reference resolves."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator

from bygdevekst_cli.findings import Severity, YamlPath
from bygdevekst_cli.models import Model
from bygdevekst_cli.models.pilot import PartyKind
from bygdevekst_cli.models.plan import Body
from bygdevekst_cli.pilotset import Document, PilotFiles
from bygdevekst_cli.rules.registry import Hit, rule

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


@rule("BV201", "duplicate-id", Severity.ERROR)
def unique_ids(files: PilotFiles) -> Iterator[Hit]:
    if (doc := files.pilot) is not None:
        parties = doc.model.parties
        yield from _duplicates(
            doc, ((("parties", i, "id"), p.id) for i, p in enumerate(parties)), "party"
        )
        yield from _duplicates(
            doc,
            (
                (("parties", i, "municipality_number"), p.municipality_number)
                for i, p in enumerate(parties)
                if p.municipality_number is not None
            ),
            "municipality_number",
        )
    if (agreement := files.agreement) is not None:
        goals = agreement.model.sub_goals
        yield from _duplicates(
            agreement,
            ((("sub_goals", i, "number"), g.number) for i, g in enumerate(goals)),
            "sub_goal",
        )
    for plan in files.plans.values():
        measures = plan.model.measures
        yield from _duplicates(
            plan, ((("measures", i, "id"), m.id) for i, m in enumerate(measures)), "measure"
        )
        yield from _duplicates(
            plan,
            (
                (("measures", i, "number"), f"{m.sub_goal}.{m.number}")
                for i, m in enumerate(measures)
            ),
            "measure_number",
        )


_BODY_KINDS = {
    Body.FORMANNSKAP: PartyKind.MUNICIPALITY,
    Body.KOMMUNESTYRE: PartyKind.MUNICIPALITY,
    Body.FYLKESUTVAL: PartyKind.COUNTY,
    Body.FYLKESTING: PartyKind.COUNTY,
    Body.KDD: PartyKind.STATE,
}


@rule("BV202", "unknown-reference", Severity.ERROR)
def references(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is None:
        return
    parties = {p.id: p for p in files.pilot.model.parties}
    known = list(parties)

    def party(document: Document[Model], path: YamlPath, party_id: str | None) -> Iterator[Hit]:
        if party_id is not None and party_id not in parties:
            yield Hit(document, path, "party", {"party": party_id, "known": known})

    if (agreement := files.agreement) is not None:
        for i, goal in enumerate(agreement.model.sub_goals):
            for j, partner in enumerate(goal.partners):
                yield from party(agreement, ("sub_goals", i, "partners", j), partner)
        for i, signature in enumerate(agreement.model.signatures):
            yield from party(agreement, ("signatures", i, "party"), signature.party)
    goals = (
        {g.number for g in files.agreement.model.sub_goals} if files.agreement is not None else None
    )
    for plan in files.plans.values():
        model = plan.model
        for i, measure in enumerate(model.measures):
            if goals is not None and measure.sub_goal not in goals:
                yield Hit(
                    plan, ("measures", i, "sub_goal"), "sub_goal", {"number": measure.sub_goal}
                )
            yield from party(plan, ("measures", i, "responsible"), measure.responsible)
            for j, partner in enumerate(measure.partners):
                yield from party(plan, ("measures", i, "partners", j), partner)
        for i, status in enumerate(model.status.sub_goals):
            if goals is not None and status.sub_goal not in goals:
                where = ("status", "sub_goals", i, "sub_goal")
                yield Hit(plan, where, "sub_goal", {"number": status.sub_goal})
        for i, treatment in enumerate(model.schedule):
            path = ("schedule", i, "party")
            target = parties.get(treatment.party)
            if target is None:
                yield from party(plan, path, treatment.party)
            elif target.kind is not _BODY_KINDS[treatment.body]:
                yield Hit(
                    plan,
                    ("schedule", i, "body"),
                    "body",
                    {"body": treatment.body.value, "party": target.name, "kind": target.kind.value},
                )
        for municipality in model.case.local_assessment:
            target = parties.get(municipality)
            if target is None or target.kind is not PartyKind.MUNICIPALITY:
                yield Hit(
                    plan,
                    ("case", "local_assessment", municipality),
                    "not_municipality",
                    {"party": municipality},
                    key=True,
                )


@rule("BV212", "plan-year-mismatch", Severity.ERROR)
def plan_year_matches_file(files: PilotFiles) -> Iterator[Hit]:
    for year, plan in files.plans.items():
        if plan.model.year != year:
            yield Hit(plan, ("year",), "mismatch", {"file": year, "year": plan.model.year})


@rule("BV213", "schema-line", Severity.WARNING)
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


@rule("BV222", "case-data-missing", Severity.WARNING)
def case_data(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is None or not files.plans:
        return
    for i, party in enumerate(files.pilot.model.parties):
        if party.kind is PartyKind.MUNICIPALITY and party.case_document is None:
            yield Hit(files.pilot, ("parties", i), "missing", {"party": party.name})
