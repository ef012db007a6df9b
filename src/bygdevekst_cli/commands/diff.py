"""``bygdevekst diff``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bygdevekst_cli.app import PilotArgument, app
from bygdevekst_cli.present.diff import RENDERER_BY_NAME

#: The ``--format`` choices: the keys of the renderer registry.
DiffFormat = StrEnum("DiffFormat", {name: name for name in RENDERER_BY_NAME})  # type: ignore[misc]
_TEXT = DiffFormat("text")


@app.command()
def diff(
    pilot: PilotArgument,
    from_year: Annotated[
        int | None, typer.Option("--from", help="Planåret det sammenlignes fra.")
    ] = None,
    to_year: Annotated[
        int | None, typer.Option("--to", help="Planåret det sammenlignes med.")
    ] = None,
    base: Annotated[
        str | None, typer.Option("--base", help="Git-revisjon det sammenlignes fra (f.eks. main).")
    ] = None,
    head: Annotated[
        str | None,
        typer.Option("--head", help="Git-revisjon det sammenlignes med. Standard: arbeidskopien."),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Planåret med --base (standard: det nyeste).")
    ] = None,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="Utdata: text, markdown eller json.")
    ] = _TEXT,
) -> None:
    """Vis nye, endrede og avsluttede tiltak mellom to planår eller to git-revisjoner."""
    from bygdevekst_cli.revisions import compare

    if (from_year is None) != (to_year is None) or (base is None) == (from_year is None):
        raise typer.BadParameter(
            "bruk enten --from ÅR --to ÅR, eller --base REV [--head REV]", param_hint="diff"
        )
    from bygdevekst_cli.validate import require_valid_versions

    require_valid_versions(pilot, base, head)  # nothing is shown from broken data
    result, language = compare(Path(pilot), from_year, to_year, base, head, year)
    RENDERER_BY_NAME[output_format.value](result, language, sys.stdout)
