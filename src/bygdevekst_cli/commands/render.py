"""``bygdevekst render``: documents from a pilot's data in md, html, docx or pdf."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bygdevekst_cli.app import PilotArgument, app, fail
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.render import DOCUMENTS
from bygdevekst_cli.render.formats import FORMAT_BY_NAME

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bygdevekst_cli.render.output import Written
    from bygdevekst_cli.render.pipeline import Prepared

    DocumentName = str
    FormatName = str
else:
    # The choices come from the registries (one table each), not from a copy here.
    DocumentName = StrEnum("DocumentName", {name: name for name in DOCUMENTS})
    FormatName = StrEnum("FormatName", {name: name for name in FORMAT_BY_NAME})


@app.command()
def render(
    document: Annotated[
        DocumentName,
        typer.Argument(
            help="Dokumentet: "
            + "; ".join(f"{name}: {what}" for name, what in DOCUMENTS.items())
            + ".",
            show_default=False,
        ),
    ],
    pilot: PilotArgument,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            help="Planåret (standard: det nyeste; for status: det nyeste med rapport).",
        ),
    ] = None,
    municipality: Annotated[
        str | None,
        typer.Option(
            "--municipality", "-m", help="Kommune-ID for saksframlegget, eller «all» for alle."
        ),
    ] = None,
    output_format: Annotated[
        FormatName,
        typer.Option(
            "--format",
            "-f",
            help="Utdata: "
            + ", ".join(f"{f.name} ({f.description})" for f in FORMAT_BY_NAME.values())
            + ".",
        ),
    ] = "md",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Mappe i stedet for out/, eller filen når det er ett dokument"
            " (med formatets filendelse); «-» skriver md/html til standard ut.",
            show_default=False,
        ),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help=cli_words()("draft.help"),
        ),
    ] = False,
) -> None:
    """Lag dokumenter fra pilotens data, på pilotens målform.

    Filene havner i out/<pilot>/<år>/, f.eks. out/vest-telemark/2026/saksframlegg-fyresdal.docx.
    Hvert dokument viser pilot, planår, git-commit og dato i bunnteksten og i metadataene.
    """
    from bygdevekst_cli.render.documents import Request
    from bygdevekst_cli.render.output import format_named, prepare_pilot, write_documents
    from bygdevekst_cli.validate import require_valid_pilot

    request = Request(str(document), year, municipality)
    try:
        checked = require_valid_pilot(pilot, draft=draft)  # nothing from broken data
        prepared = prepare_pilot(pilot, request)
        fmt = format_named(str(output_format)).marked_draft(not checked.ok)
        written = write_documents(prepared, fmt, output)
        if len(prepared.jobs) > 1 and sys.stderr.isatty():
            _with_progress(prepared, written)
        else:
            for item in written:
                _report(item)
    except UserError as error:
        fail(error)


def _report(item: Written) -> None:
    for warning in item.rendered.warnings:
        typer.echo(f"bygdevekst: advarsel: {warning}", err=True)
    if item.path is None:
        sys.stdout.buffer.write(item.data)
        sys.stdout.flush()
    else:
        typer.echo(f"Skrev {_shown(item.path)}")


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _with_progress(prepared: Prepared, written: Iterator[Written]) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from bygdevekst_cli.console import make_console

    console = make_console(sys.stderr)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("Lager dokumenter", total=len(prepared.jobs))
        for item in written:
            shown = _shown(item.path) if item.path is not None else "-"
            progress.console.print(f"Skrev {shown}", highlight=False)
            for warning in item.rendered.warnings:
                progress.console.print(f"advarsel: {warning}", highlight=False, style="yellow")
            progress.advance(task)
