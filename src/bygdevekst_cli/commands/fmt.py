"""``bygdevekst fmt``: one canonical layout for the pilot files, comments kept."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bygdevekst_cli.app import PilotPaths, app, fail
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.repository import pilot_arguments


@app.command()
def fmt(
    paths: PilotPaths = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Bare kontroller: list filene som ville blitt endret (exit 1)."
        ),
    ] = False,
) -> None:
    """Skriv pilotfilene i én fast form, med kommentarene på plass.

    To mellomrom innrykk, lister under nøkkelen («  - »), nøklene i modellens rekkefølge,
    skjemalinjen først, UTF-8 med LF-linjeskift og linjeskift til slutt. Tekst, sitattegn
    og blokktekst («|-») står som de står.
    """
    from bygdevekst_cli.editing.formatrun import format_paths

    try:
        run = format_paths(
            pilot_arguments(paths or [], Path.cwd(), cli_words()), Path.cwd(), write=not check
        )
    except UserError as error:
        fail(error)
    for problem in run.errors:
        typer.echo(f"bygdevekst: {problem}", err=True)
    for result in run.changed:
        if check:
            typer.echo(f"{result.display}: ikke i fast form; kjør «bygdevekst fmt»")
        else:
            typer.echo(f"Formaterte {result.display}")
    if not check and not run.changed:
        typer.echo(f"Alt var i fast form ({run.checked} filer).")
    raise typer.Exit(1 if run.errors or (check and run.changed) else 0)
