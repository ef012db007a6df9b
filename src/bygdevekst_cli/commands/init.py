"""``bygdevekst init``: a new pilot folder to fill in."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bygdevekst_cli.app import app, fail
from bygdevekst_cli.errors import UserError


class WrittenStandard(StrEnum):
    NN = "nn"
    NB = "nb"


@app.command()
def init(
    pilot_id: Annotated[
        str, typer.Argument(metavar="PILOT-ID", help="ID for piloten, f.eks. «nye-dalen».")
    ],
    name: Annotated[str, typer.Option("--name", help="Navnet på piloten.")],
    lang: Annotated[
        WrittenStandard, typer.Option("--lang", help="Målform: nn (nynorsk) eller nb (bokmål).")
    ],
    directory: Annotated[
        Path | None,
        typer.Option("--dir", help="Mappen piloten legges i. Standard: pilots/ i repoet."),
    ] = None,
    cohort: Annotated[
        int,
        typer.Option(
            "--cohort", min=1, max=2, help="Pulje 1 (valgt ut 2022) eller 2 (valgt ut 2024)."
        ),
    ] = 2,
    county: Annotated[str | None, typer.Option("--county", help="Fylket piloten ligger i.")] = None,
    municipality: Annotated[
        list[str] | None,
        typer.Option(
            "--municipality", "-m", help="En avtalekommune (kan gjentas); får kommunenummer."
        ),
    ] = None,
) -> None:
    """Lag en ny pilotmappe med pilot.yaml og agreement.yaml å fylle ut.

    Filene er gyldige fra start, har skjemalinjen for editoren og korte kommentarer på
    pilotens målform.
    """
    from bygdevekst_cli.editing.newpilot import init_pilot
    from bygdevekst_cli.models import Language
    from bygdevekst_cli.validate import display_path, find_repository_pilots

    cwd = Path.cwd()
    try:
        parent = directory if directory is not None else find_repository_pilots(cwd)
        created = init_pilot(
            pilot_id,
            name,
            Language(lang.value),
            parent,
            cohort=cohort,
            county=county,
            municipalities=municipality,
        )
    except UserError as error:
        fail(error)
    for path in created.files:
        typer.echo(f"Skrev {display_path(path.resolve(), cwd)}")
    typer.echo("Fyll inn:")
    for item in created.todo:
        typer.echo(f"  - {item}")
    typer.echo(f"Kjør «bygdevekst validate {display_path(created.folder.resolve(), cwd)}».")
