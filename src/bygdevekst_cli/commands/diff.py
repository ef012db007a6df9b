"""``bygdevekst diff``."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bygdevekst_cli.app import (
    PilotArgument,
    command_help,
    format_option,
    plan_years,
    registry,
    w,
    works_on_named,
)

#: The ``--format`` choices: the keys of ``present.diff.RENDERER_BY_NAME`` (a test keeps them
#: equal), so that ``--help`` does not import the presenter.
FORMATS = ("text", "markdown", "json")
DiffFormat = StrEnum("DiffFormat", {name: name for name in FORMATS})  # type: ignore[misc]
_TEXT = DiffFormat("text")


@registry.command(help=command_help("diff"))
def diff(
    pilot: PilotArgument,
    from_year: Annotated[
        int | None, typer.Option("--from", help=w("cli.help.diff.from"), autocompletion=plan_years)
    ] = None,
    to_year: Annotated[
        int | None, typer.Option("--to", help=w("cli.help.diff.to"), autocompletion=plan_years)
    ] = None,
    base: Annotated[str | None, typer.Option("--base", help=w("cli.help.diff.base"))] = None,
    head: Annotated[
        str | None,
        typer.Option("--head", help=w("cli.help.diff.head")),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", help=w("cli.help.diff.year"), autocompletion=plan_years)
    ] = None,
    output_format: Annotated[DiffFormat, format_option("cli.help.diff.format", FORMATS)] = _TEXT,
) -> None:
    from bygdevekst_cli.present.diff import RENDERER_BY_NAME
    from bygdevekst_cli.revisions import compare

    if (from_year is None) != (to_year is None) or (base is None) == (from_year is None):
        works_on_named(pilot)
        raise typer.BadParameter(w("cli.msg.diff.either"), param_hint="diff")
    if from_year is not None and to_year is not None:
        _require_order(pilot, from_year, to_year)
    from bygdevekst_cli.validate import require_valid_versions

    require_valid_versions(pilot, base, head)  # nothing is shown from broken data
    result, language = compare(Path(pilot), from_year, to_year, base, head, year)
    from bygdevekst_cli.textio import stdout_for

    with stdout_for(output_format.value) as out:
        RENDERER_BY_NAME[output_format.value](result, language, out)


def _require_order(pilot: str, from_year: int, to_year: int) -> None:
    """Two plan years are compared from the earlier to the later: swapped, the measures of
    the later plan would come out as closed and those of the earlier as new, a wrong yearly
    update that looks right. The same year twice has nothing to compare. Both are wrong use
    (exit 2), told before any file is read. (Revisions, ``--base/--head``, go either way.)"""
    if from_year < to_year:
        return
    works_on_named(pilot)  # worded in the pilot's written standard
    if from_year > to_year:
        problem = w("cli.msg.diff.backwards", from_year=from_year, to_year=to_year)
    else:
        problem = w("cli.msg.diff.same_year", year=to_year, before=to_year - 1)
    raise typer.BadParameter(problem, param_hint="--from")
