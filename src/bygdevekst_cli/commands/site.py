"""``bygdevekst site``: a static website of the pilots, for GitHub or GitLab Pages."""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from bygdevekst_cli.app import command_help, given_path, registry
from bygdevekst_cli.commands.overview import At, Sources, check_lang, report_failures
from bygdevekst_cli.language import cli_words

_w = cli_words()


def parse_downloads(value: str) -> tuple[str, ...]:
    from bygdevekst_cli.site import DOWNLOAD_FORMATS

    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    if chosen == ("none",):
        return ()
    for name in chosen:
        if name not in DOWNLOAD_FORMATS:
            raise typer.BadParameter(
                _w("cli.site.bad_download", format=name), param_hint="--downloads"
            )
    return chosen


@registry.command(help=command_help("site"))
def site(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", parser=given_path, help=_w("cli.site.help_output")),
    ],
    sources: Sources = None,
    at: At = None,
    lang: Annotated[
        str | None, typer.Option("--lang", callback=check_lang, help=_w("cli.site.help_lang"))
    ] = None,
    downloads: Annotated[
        str, typer.Option("--downloads", help=_w("cli.site.help_downloads"))
    ] = "docx,pdf",
) -> None:
    """Write the static site of the sources' pilots into OUTPUT."""
    formats = parse_downloads(downloads)
    from bygdevekst_cli.commands.overview import with_progress
    from bygdevekst_cli.site import SiteResult, build_site

    names = list(sources or [])

    def work(step: Callable[[str], None] | None) -> SiteResult:
        return build_site(names, output, at=at, lang=lang, downloads=formats, progress=step)

    if len(names) >= 2 and sys.stderr.isatty():
        result = with_progress(len(names), work)
    else:
        result = work(None)
    report_failures(result.overview)
    for problem in result.problems:
        message = _w("cli.site.failed", source=problem.source, message=problem.message)
        typer.echo(f"bygdevekst: {message}", err=True)
    if result.kept:
        typer.echo(f"bygdevekst: {_w('site2.not_written', path=output.as_posix())}", err=True)
        raise typer.Exit(1)
    typer.echo(
        _w(
            "site2.wrote",
            pages=_w.plural("site2.pages", len(result.pages)),
            downloads=_w.plural("site2.downloads", len(result.downloads)),
            path=output.as_posix(),
        )
    )
    raise typer.Exit(0 if result.ok else 1)
