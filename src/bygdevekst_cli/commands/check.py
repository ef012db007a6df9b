"""``bygdevekst check``: what CI runs on a pull request."""

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bygdevekst_cli.app import command_help, format_option, registry, w
from bygdevekst_cli.commands.report_options import (
    FORMATS,
    IgnoreOption,
    NoCacheOption,
    QuietOption,
    SelectOption,
)

AUTO = "auto"
#: The names of ``present.check.CHECK_PRESENTER_BY_NAME``, the formats for people (the
#: report and each pilot's changes); a test keeps them equal, so that ``--help`` does not
#: import the presenters.
PEOPLE_FORMATS = ("text", "github")
#: Those, and for machines the report alone in a format a platform reads.
CHOICES = (AUTO, *PEOPLE_FORMATS, *(name for name in FORMATS if name not in PEOPLE_FORMATS))

if TYPE_CHECKING:
    CheckFormat = str
else:
    CheckFormat = StrEnum("CheckFormat", {n: n for n in CHOICES})


@registry.command(help=command_help("check"))
def check(
    base: Annotated[str, typer.Option("--base", help=w("cli.check.base"))],
    head: Annotated[str | None, typer.Option("--head", help=w("cli.check.head"))] = None,
    output_format: Annotated[CheckFormat | None, format_option("cli.check.format", CHOICES)] = None,
    summary: Annotated[Path | None, typer.Option("--summary", help=w("cli.check.summary"))] = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    from contextlib import ExitStack
    from dataclasses import replace

    from bygdevekst_cli import cache
    from bygdevekst_cli.check import run_check
    from bygdevekst_cli.present.check import CHECK_PRESENTER_BY_NAME, write_summary
    from bygdevekst_cli.present.statistics import quiet as quiet_view
    from bygdevekst_cli.present.validate import REPORTER_BY_NAME
    from bygdevekst_cli.selection import command_choices, commit_reader, folder_reader, refine

    cwd = Path.cwd()
    given = str(output_format) if output_format else None
    choices = command_choices(given, list(CHOICES), AUTO, select or [], ignore or [])
    with ExitStack() as stack:
        if no_cache:
            stack.enter_context(cache.disabled())
        result = run_check(base, head)
        read = folder_reader(cwd) if head is None else commit_reader(cwd, head)
        result = replace(result, report=refine(result.report, choices.selection, cwd, read))
    write_summary(result, summary)
    chosen = choices.output_format
    if chosen == AUTO:
        chosen = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    from bygdevekst_cli.textio import stdout_for

    with stdout_for(chosen) as out:
        if chosen in CHECK_PRESENTER_BY_NAME:
            shown = replace(result, report=quiet_view(result.report)) if quiet else result
            CHECK_PRESENTER_BY_NAME[chosen](shown, out)
        else:  # a machine format: the report alone, so the output parses
            REPORTER_BY_NAME[chosen](result.report, out)
    raise typer.Exit(0 if result.ok else 1)
