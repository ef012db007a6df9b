"""``bygdevekst diff``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bygdevekst_cli.app import PilotArgument, command_help, registry, w

#: The ``--format`` choices: the keys of ``present.diff.RENDERER_BY_NAME`` (a test keeps them
#: equal), so that ``--help`` does not import the presenter.
FORMATS = ("text", "markdown", "json")
DiffFormat = StrEnum("DiffFormat", {name: name for name in FORMATS})  # type: ignore[misc]
_TEXT = DiffFormat("text")


@registry.command(help=command_help("diff"))
def diff(
    pilot: PilotArgument,
    from_year: Annotated[int | None, typer.Option("--from", help=w("cli.help.diff.from"))] = None,
    to_year: Annotated[int | None, typer.Option("--to", help=w("cli.help.diff.to"))] = None,
    base: Annotated[str | None, typer.Option("--base", help=w("cli.help.diff.base"))] = None,
    head: Annotated[
        str | None,
        typer.Option("--head", help=w("cli.help.diff.head")),
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help=w("cli.help.diff.year"))] = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            help=w("cli.help.diff.format", formats=w.join(FORMATS, style="or")),
        ),
    ] = _TEXT,
) -> None:
    from bygdevekst_cli.present.diff import RENDERER_BY_NAME
    from bygdevekst_cli.revisions import compare

    if (from_year is None) != (to_year is None) or (base is None) == (from_year is None):
        raise typer.BadParameter(w("cli.msg.diff.either"), param_hint="diff")
    from bygdevekst_cli.validate import require_valid_versions

    require_valid_versions(pilot, base, head)  # nothing is shown from broken data
    result, language = compare(Path(pilot), from_year, to_year, base, head, year)
    from bygdevekst_cli.textio import stdout_for

    with stdout_for(output_format.value) as out:
        RENDERER_BY_NAME[output_format.value](result, language, out)
