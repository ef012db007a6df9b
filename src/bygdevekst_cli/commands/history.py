"""``bygdevekst history``."""

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

import typer

from bygdevekst_cli.app import (
    command_help,
    format_option,
    iso_date,
    pilot_argument,
    registry,
    w,
)

#: The ``--format`` choices: the keys of ``present.history.RENDERER_BY_NAME`` (a test keeps
#: them equal), so that ``--help`` does not import the presenter.
FORMATS = ("text", "json")
HistoryFormat = StrEnum("HistoryFormat", {name: name for name in FORMATS})  # type: ignore[misc]
_TEXT = HistoryFormat("text")


#: A value written as a date; compiled when ``--until`` is first read, not for ``--help``.
_DATE = r"\d{4}-\d{2}-\d{2}"


def _until_value(value: str) -> str:
    """``--until`` as parsed: a value written as a date (``YYYY-MM-DD``) must be a real day
    (``2026-02-30`` is refused as a usage error, not looked up as a revision); anything
    else names a revision, looked up in the repository."""
    if re.fullmatch(_DATE, value):
        iso_date(value)
    return value


def _until(value: str | None) -> dt.date | str | None:
    """A day, or the revision named."""
    return dt.date.fromisoformat(value) if value and re.fullmatch(_DATE, value) else value


#: The PILOT argument of ``history``: a folder that was moved is told with how to ask for
#: the history under its new name.
HistoryPilot = Annotated[str, pilot_argument("cli.msg.history.folder_moved")]


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
