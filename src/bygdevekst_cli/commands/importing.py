"""``bygdevekst import agreement``: an existing agreement (.docx, .txt, .md) into a new pilot."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bygdevekst_cli.app import app, fail
from bygdevekst_cli.errors import UserError

if TYPE_CHECKING:
    from bygdevekst_cli.importer.run import ImportResult

import_app = typer.Typer(
    help="Les inn eksisterende dokumenter.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(import_app, name="import")

_SHOWN_REPAIRS = 12


class WrittenStandard(StrEnum):
    NN = "nn"
    NB = "nb"


@import_app.command("agreement")
def agreement(
    file: Annotated[Path, typer.Argument(help="Avtalen: .docx, .txt eller .md.")],
    pilot: Annotated[
        str, typer.Option("--pilot", help="ID for den nye piloten, f.eks. «nye-dalen».")
    ],
    lang: Annotated[
        WrittenStandard | None,
        typer.Option("--lang", help="Målform: nn eller nb. Standard: finnes ut av teksten."),
    ] = None,
    directory: Annotated[
        Path | None,
        typer.Option("--dir", help="Mappen piloten legges i. Standard: pilots/ i repoet."),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Navnet på piloten. Standard: fra teksten.")
    ] = None,
    cohort: Annotated[
        int | None, typer.Option("--cohort", min=1, max=2, help="Pulje 1 eller 2.")
    ] = None,
) -> None:
    """Les en bygdevekstavtale etter KDDs mal og skriv pilot.yaml og agreement.yaml.

    Kapitlene, delmålene med samarbeidsparter og aktører som kan inviteres, partene med
    ID (kommuner med kommunenummer), signaturene og åpne merknader i et utkast blir ført inn.
    Skannefeil i bokmålstekst rettes forsiktig. Det som ikke kunne plasseres, skrives ut og
    står som kommentarer sist i agreement.yaml.
    """
    from bygdevekst_cli.importer.run import import_agreement
    from bygdevekst_cli.models import Language
    from bygdevekst_cli.validate import display_path, find_repository_pilots

    cwd = Path.cwd()
    try:
        parent = directory if directory is not None else find_repository_pilots(cwd)
        result = import_agreement(
            file,
            display_path(file.resolve(), cwd) if file.exists() else file.as_posix(),
            pilot_id=pilot,
            parent=parent,
            language=Language(lang.value) if lang is not None else None,
            name=name,
            cohort=cohort,
        )
    except UserError as error:
        fail(error)
    _report(result, display_path(result.folder.resolve(), cwd))
    raise typer.Exit(0 if result.report.ok else 1)


def _report(result: ImportResult, folder: str) -> None:
    imported = result.imported
    goals = imported.agreement["sub_goals"]
    typer.echo(f"Skrev {folder}/pilot.yaml og {folder}/agreement.yaml ({result.language.value}).")
    typer.echo(
        f"{len(imported.agreement['chapters'])} kapitler, {len(goals)} delmål,"
        f" {len(imported.pilot['parties'])} parter."
    )
    for goal in goals:
        partners = ", ".join(goal["partners"]) or "ingen"
        typer.echo(f"  Delmål {goal['number']}: {goal['title']} (samarbeidsparter: {partners})")
    if result.repairs:
        shown = sorted(result.repairs.items(), key=lambda item: -item[1])[:_SHOWN_REPAIRS]
        pairs = ", ".join(f"{old} → {new} ×{n}" for (old, new), n in shown)
        total = sum(result.repairs.values())
        typer.echo(f"Rettet {total} skannefeil ({len(result.repairs)} ulike): {pairs}, …")
    for dropped in result.dropped:
        typer.echo(f"Fjernet rester fra tekstbehandleren: {dropped}")
    for guess in imported.guesses:
        typer.echo(f"Antatt: {guess}")
    if imported.unplaced:
        typer.echo("Ikke plassert (står som kommentarer sist i agreement.yaml):")
        for item in imported.unplaced:
            typer.echo(f"  - {item.text()}")
    report = result.report
    typer.echo(
        f"Kontroll: {report.errors} feil, {report.warnings} advarsler"
        f" (se «bygdevekst validate {folder}»)."
    )
