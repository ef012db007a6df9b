"""``bygdevekst overview``: every pilot of many sources at a glance."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from bygdevekst_cli.app import command_help, registry
from bygdevekst_cli.language import cli_words

if TYPE_CHECKING:
    from bygdevekst_cli.overview import Overview

_w = cli_words()
T = TypeVar("T")

#: The ``--format`` choices (the registry in ``present.overview`` holds the same names; a
#: test keeps them equal, so that ``--help`` does not import the presenters).
FORMATS = ("text", "md", "csv", "xlsx", "json", "html")

Sources = Annotated[
    list[str] | None,
    typer.Argument(help=_w("cli.overview.help_sources"), show_default=False, metavar="SOURCE"),
]
At = Annotated[str | None, typer.Option("--at", help=_w("cli.overview.help_at"))]
Lang = Annotated[str | None, typer.Option("--lang", help=_w("cli.overview.help_lang"))]


def check_lang(lang: str | None) -> str | None:
    if lang is not None and lang not in ("nn", "nb"):
        raise typer.BadParameter(_w("cli.overview.bad_lang", lang=lang), param_hint="--lang")
    return lang


@registry.command(help=command_help("overview"))
def overview(
    sources: Sources = None,
    at: At = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help=_w("cli.overview.help_format"))
    ] = "text",
    lang: Lang = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=_w("cli.overview.help_output"), show_default=False),
    ] = None,
) -> None:
    """Every pilot of the sources at a glance, in one of six formats."""
    if output_format not in FORMATS:
        raise typer.BadParameter(
            _w("cli.overview.bad_format", format=output_format, choices=", ".join(FORMATS)),
            param_hint="--format",
        )
    check_lang(lang)
    from bygdevekst_cli.fsutil import write_or_refuse
    from bygdevekst_cli.overview import parse_date
    from bygdevekst_cli.present.overview import OVERVIEW_FORMATS, default_language

    result = read_with_progress(list(sources or []), parse_date(at))
    report_failures(result)
    if output is not None and output.exists() and result.failures and not result.pilots:
        # an overview of nothing must not replace last week's good one
        typer.echo(
            f"bygdevekst: {_w('cli.overview.not_written', path=output.as_posix())}", err=True
        )
        raise typer.Exit(1)
    data = OVERVIEW_FORMATS[output_format](result, lang or default_language(result))
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_or_refuse(output, data, output.as_posix())
        typer.echo(_w("cli.overview.wrote", path=output.as_posix()), err=True)
    raise typer.Exit(0 if result.ok else 1)


def report_failures(result: Overview) -> None:
    for failure in result.failures:
        message = _w("cli.overview.failed", source=failure.source, message=failure.message)
        typer.echo(f"bygdevekst: {message}", err=True)


def read_with_progress(sources: list[str], at: object) -> Overview:
    """The overview, with a progress bar on stderr when it is a terminal and there are
    several sources."""
    import datetime as dt

    from bygdevekst_cli.overview import build_overview

    assert at is None or isinstance(at, dt.date)
    if len(sources) < 2 or not sys.stderr.isatty():
        return build_overview(sources, at=at)
    return with_progress(len(sources), lambda step: build_overview(sources, at=at, progress=step))


def with_progress(total: int, work: Callable[[Callable[[str], None]], T]) -> T:
    """Run ``work`` with a step function that advances a progress bar on stderr."""
    from bygdevekst_cli.present.progress import with_steps

    return with_steps(total, _w("cli.overview.reading"), work)
