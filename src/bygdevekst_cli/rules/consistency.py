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
    seen: dict[Hashable, YamlPath] = {}
    for path, value in items:
        if value in seen:
            line, _ = document.position(seen[value])
            yield Hit(document, path, f"{what} {value} finnes allerede (linje {line})")
        else:
            seen[value] = path


@rule("BV201", "duplicate-id", Severity.ERROR, "ID-er og numre skal være unike.")
def unique_ids(files: PilotFiles) -> Iterator[Hit]:
    if (doc := files.pilot) is not None:
        parties = doc.model.parties
        yield from _duplicates(
            doc, ((("parties", i, "id"), p.id) for i, p in enumerate(parties)), "Part-ID-en"
        )
        yield from _duplicates(
            doc,
            (
                (("parties", i, "municipality_number"), p.municipality_number)
                for i, p in enumerate(parties)
                if p.municipality_number is not None
            ),
            "Kommunenummeret",
        )
    if (agreement := files.agreement) is not None:
        goals = agreement.model.sub_goals
        yield from _duplicates(
            agreement,
            ((("sub_goals", i, "number"), g.number) for i, g in enumerate(goals)),
            "Delmål",
        )
    for plan in files.plans.values():
        measures = plan.model.measures
        yield from _duplicates(
            plan, ((("measures", i, "id"), m.id) for i, m in enumerate(measures)), "Tiltaks-ID-en"
        )
        yield from _duplicates(
            plan,
            (
                (("measures", i, "number"), f"{m.sub_goal}.{m.number}")
                for i, m in enumerate(measures)
            ),
            "Tiltaksnummeret",
        )


_BODY_KINDS = {
    Body.FORMANNSKAP: PartyKind.MUNICIPALITY,
    Body.KOMMUNESTYRE: PartyKind.MUNICIPALITY,
    Body.FYLKESUTVAL: PartyKind.COUNTY,
    Body.FYLKESTING: PartyKind.COUNTY,
    Body.KDD: PartyKind.STATE,
}


@rule(
    "BV202",
    "unknown-reference",
    Severity.ERROR,
    "Alle henvisninger (parter, delmål, kommuner) må finnes.",
)
def references(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is None:
        return
    parties = {p.id: p for p in files.pilot.model.parties}
    known = ", ".join(parties)

    def party(document: Document[Model], path: YamlPath, party_id: str | None) -> Iterator[Hit]:
        if party_id is not None and party_id not in parties:
            yield Hit(document, path, f"Ukjent part «{party_id}»; kjente parter: {known}")

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
                    plan,
                    ("measures", i, "sub_goal"),
                    f"Delmål {measure.sub_goal} finnes ikke i avtalen",
                )
            yield from party(plan, ("measures", i, "responsible"), measure.responsible)
            for j, partner in enumerate(measure.partners):
                yield from party(plan, ("measures", i, "partners", j), partner)
        for i, status in enumerate(model.status.sub_goals):
            if goals is not None and status.sub_goal not in goals:
                yield Hit(
                    plan,
                    ("status", "sub_goals", i, "sub_goal"),
                    f"Delmål {status.sub_goal} finnes ikke i avtalen",
                )
        for i, treatment in enumerate(model.schedule):
            path = ("schedule", i, "party")
            target = parties.get(treatment.party)
            if target is None:
                yield from party(plan, path, treatment.party)
            elif target.kind is not _BODY_KINDS[treatment.body]:
                yield Hit(
                    plan,
                    ("schedule", i, "body"),
                    f"{treatment.body.value} passer ikke for {target.name} ({target.kind.value})",
                )
        for municipality in model.case.local_assessment:
            target = parties.get(municipality)
            if target is None or target.kind is not PartyKind.MUNICIPALITY:
                yield Hit(
                    plan,
                    ("case", "local_assessment", municipality),
                    f"«{municipality}» er ikke en kommune i piloten",
                    key=True,
                )


@rule(
    "BV212",
    "plan-year-mismatch",
    Severity.ERROR,
    "Året i filnavnet til en handlingsplan skal være det samme som «year» i filen.",
)
def plan_year_matches_file(files: PilotFiles) -> Iterator[Hit]:
    for year, plan in files.plans.items():
        if plan.model.year != year:
            yield Hit(
                plan,
                ("year",),
                f"Filen heter {year}, men year er {plan.model.year}",
            )


@rule(
    "BV213",
    "schema-line",
    Severity.WARNING,
    "Første linje skal peke editoren til JSON-skjemaet (# yaml-language-server: $schema=…).",
)
def schema_line(files: PilotFiles) -> Iterator[Hit]:
    for document in files.documents():
        expected = _schema_name(document)
        if not document.first_line.startswith(SCHEMA_LINE):
            yield Hit(
                document,
                (),
                f"Første linje bør være «{SCHEMA_LINE}…/schemas/{expected}» så editoren"
                " kan kontrollere filen mens du skriver",
            )
        elif not document.first_line.rstrip().endswith("/" + expected):
            yield Hit(document, (), f"Skjemalinjen bør peke til {expected}")


def _schema_name(document: Document[Model]) -> str:
    from bygdevekst_cli.models import FILE_KINDS

    kind = next(k for k in FILE_KINDS if isinstance(document.model, k.model))
    return kind.schema_file


@rule(
    "BV222",
    "case-data-missing",
    Severity.WARNING,
    "Hver avtalekommune trenger opplysninger til saksframlegget når piloten har handlingsplaner.",
)
def case_data(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is None or not files.plans:
        return
    for i, party in enumerate(files.pilot.model.parties):
        if party.kind is PartyKind.MUNICIPALITY and party.case_document is None:
            yield Hit(
                files.pilot,
                ("parties", i),
                f"{party.name} mangler case_document"
                " (kommunedirektør og plangrunnlag for saksframlegget)",
            )
