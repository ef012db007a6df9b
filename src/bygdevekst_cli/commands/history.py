"""``bygdevekst history``."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from bygdevekst_cli.app import (
    command_help,
    complete_pilot_id,
    format_option,
    iso_date,
    pilot_problem,
    registry,
    w,
)

#: The ``--format`` choices: the keys of ``present.history.RENDERER_BY_NAME`` (a test keeps
#: them equal), so that ``--help`` does not import the presenter.
FORMATS = ("text", "json")
HistoryFormat = StrEnum("HistoryFormat", {name: name for name in FORMATS})  # type: ignore[misc]
_TEXT = HistoryFormat("text")


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _until_value(value: str) -> str:
    """``--until`` as parsed: a value written as a date (``YYYY-MM-DD``) must be a real day
    (``2026-02-30`` is refused as a usage error, not looked up as a revision); anything
    else names a revision, looked up in the repository."""
    if _DATE.fullmatch(value):
        iso_date(value)
    return value


def _until(value: str | None) -> dt.date | str | None:
    """A day, or the revision named."""
    return dt.date.fromisoformat(value) if value and _DATE.fullmatch(value) else value


def _known_or_moved(value: str) -> str:
    """A PILOT that names no pilot is wrong use (exit 2); one whose folder was moved
    (``git mv``) says where to, and how to ask for its history there."""
    problem = pilot_problem(value)
    if problem is None:
        return value
    from bygdevekst_cli.history import moved_folder_problem

    moved = moved_folder_problem(value, Path.cwd(), "cli.msg.history.folder_moved")
    raise typer.BadParameter(moved or problem)


#: The PILOT argument of ``history``: ``app.PilotArgument``, with a folder that was moved
#: told as such.
HistoryPilot = Annotated[
    str,
    typer.Argument(
        help=w("cli.app.pilot_help"),
        metavar="PILOT",
        callback=_known_or_moved,
        autocompletion=complete_pilot_id,
    ),
]


@registry.command(help=command_help("history"))
def history(
    pilot: HistoryPilot,
    measure: Annotated[
        str | None, typer.Option("--measure", help=w("cli.help.history.measure"))
    ] = None,
    since: Annotated[
        dt.date | None,
        typer.Option("--since", metavar="DATE", parser=iso_date, help=w("cli.help.history.since")),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", metavar="DATE|REV", parser=_until_value, help=w("cli.help.history.until")
        ),
    ] = None,
    output_format: Annotated[
        HistoryFormat, format_option("cli.help.history.format", FORMATS)
    ] = _TEXT,
    verify: Annotated[bool, typer.Option("--verify", help=w("verify.option"))] = False,
) -> None:
    from bygdevekst_cli.history import shown_history
    from bygdevekst_cli.present.history import RENDERER_BY_NAME

    result = shown_history(pilot, measure, since, until=_until(until))
    verification = None
    if verify:
        from bygdevekst_cli.verify import verify_named_pilot

        verification = verify_named_pilot(pilot)
    from bygdevekst_cli.textio import stdout_for

    with stdout_for(output_format.value) as out:
        RENDERER_BY_NAME[output_format.value](result, out, verification)
    if verification is not None and not verification.report.ok:
        raise typer.Exit(1)
