"""``bygdevekst overview``: every pilot of many sources at a glance."""

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from bygdevekst_cli.app import command_help, given_path, iso_date, registry
from bygdevekst_cli.language import cli_language, cli_words

if TYPE_CHECKING:
    from bygdevekst_cli.overview import Overview

_w = cli_words()
T = TypeVar("T")

#: The ``--format`` choices (the registry in ``present.overview`` holds the same names; a
#: test keeps them equal, so that ``--help`` does not import the presenters).
FORMATS = ("text", "md", "csv", "xlsx", "json", "html")

#: The file extension of each format: ``-o`` without ``-f`` writes what its extension says.
SUFFIXES = {
    "text": ".txt",
    "md": ".md",
    "csv": ".csv",
    "xlsx": ".xlsx",
    "json": ".json",
    "html": ".html",
}
_BY_SUFFIX = {suffix: name for name, suffix in SUFFIXES.items()} | {".htm": "html"}

Sources = Annotated[
    list[str] | None,
    typer.Argument(help=_w("cli.overview.help_sources"), show_default=False, metavar="SOURCE"),
]
At = Annotated[
    dt.date | None,
    typer.Option("--at", metavar="DATE", parser=iso_date, help=_w("cli.overview.help_at")),
]


def check_lang(lang: str | None) -> str | None:
    """``--lang``, checked as the arguments are parsed (a callback)."""
    if lang is not None and lang not in ("nn", "nb"):
        raise typer.BadParameter(_w("cli.overview.bad_lang", lang=lang), param_hint="--lang")
    return lang


Lang = Annotated[
    str | None, typer.Option("--lang", callback=check_lang, help=_w("cli.overview.help_lang"))
]


def _output_file(value: str) -> Path | None:
    """``--output``: the one file the overview is written to. A path typed as a folder
    (ending in a separator, as a shell completes a folder's name) was written as a file
    named as the folder, without the separator. ``-`` is standard output, as for
    ``render``: it had made a file named «-» in the current folder."""
    if value == "-":
        return None
    path = given_path(value)
    if value.endswith(("/", os.sep)) or path.name in ("", ".."):
        example = (path / _w("cli.overview.output_example")).as_posix()
        raise typer.BadParameter(_w("cli.overview.output_folder", path=value, example=example))
    return path


@registry.command(help=command_help("overview"))
def overview(
    sources: Sources = None,
    at: At = None,
    output_format: Annotated[
        str | None,
        typer.Option("--format", "-f", help=_w("cli.overview.help_format"), show_default=False),
    ] = None,
    lang: Lang = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            parser=_output_file,
            help=_w("cli.overview.help_output"),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Every pilot of the sources at a glance, in one of six formats."""
    output_format = chosen_format(output_format, output)
    if output is None and output_format == "xlsx" and sys.stdout.isatty():
        # a workbook's bytes would scramble the terminal; piped or redirected they are a file
        raise typer.BadParameter(_w("cli.overview.binary_to_terminal"), param_hint="--output")
    from bygdevekst_cli.fsutil import write_or_refuse
    from bygdevekst_cli.present.overview import OVERVIEW_FORMATS, default_language

    result = read_with_progress(list(sources or []), at)
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
        write_or_refuse(output, data, output.as_posix(), through_links=True)
        typer.echo(_w("cli.overview.wrote", path=output.as_posix()), err=True)
    raise typer.Exit(0 if result.ok else 1)


def chosen_format(given: str | None, output: Path | None) -> str:
    """``--format`` when given, else what the extension of ``--output`` says, else text.

    A format that contradicts the extension is refused, as is an extension that names no
    format when ``--format`` is not given: xlsx bytes in ``oversikt.html`` (or text in
    ``oversikt.xlsx``) open as garbage, or not at all, on the officer's machine."""
    if given is not None and given not in FORMATS:
        raise typer.BadParameter(
            _w("cli.overview.bad_format", format=given, choices=", ".join(FORMATS)),
            param_hint="--format",
        )
    suffix = output.suffix.lower() if output is not None else ""
    implied = _BY_SUFFIX.get(suffix)
    if given is None:
        if implied is None and suffix and output is not None:
            message = _w("cli.overview.unknown_suffix", path=output.as_posix(), suffix=suffix)
            raise typer.BadParameter(message, param_hint="--output")
        return implied or "text"
    if implied is not None and implied != given and output is not None:
        message = _w(
            "cli.overview.format_mismatch",
            format=given,
            path=output.as_posix(),
            implied=implied,
            suffix=SUFFIXES[given],
        )
        raise typer.BadParameter(message, param_hint="--format")
    return given


def report_failures(result: "Overview") -> None:
    """Each source skipped, on stderr in the command line's language of now."""
    language = cli_language()
    for failure in result.failures:
        reason = failure.message_in(language)
        message = _w("cli.overview.failed", source=failure.source, message=reason)
        typer.echo(f"bygdevekst: {message}", err=True)


def read_with_progress(sources: list[str], at: object) -> "Overview":
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
