"""``bygdevekst render``: documents from a pilot's data in md, html, docx or pdf."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bygdevekst_cli.app import (
    PilotArgument,
    command_help,
    given_path,
    municipality_ids,
    plan_years,
    registry,
    w,
)
from bygdevekst_cli.render import DOCUMENTS
from bygdevekst_cli.render.formats import FORMAT_BY_NAME

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bygdevekst_cli.render.output import Written

    DocumentName = str
else:
    # The choices come from the registries (one table each), not from a copy here.
    DocumentName = StrEnum("DocumentName", {name: name for name in DOCUMENTS})

#: ``--format`` when none is given. Several formats: ``--format docx,pdf`` or the option
#: repeated; the names are checked against ``FORMAT_BY_NAME`` (a bad one: exit 2).
DEFAULT_FORMAT = "md"


def _known_formats(values: list[str] | None) -> list[str] | None:
    """``--format`` checked as the arguments are parsed, as a choice is: an unknown name is
    refused with the known ones before the pilot is read (and before a long render), in the
    words of the pilot the command names, as its other errors are."""
    from bygdevekst_cli.language import speak_named_pilots
    from bygdevekst_cli.render.output import format_names, unknown_format

    unknown = [name for name in format_names(values or []) if name not in FORMAT_BY_NAME]
    if unknown:
        speak_named_pilots()
        raise typer.BadParameter(unknown_format(unknown[0]))
    return values


@registry.command(help=command_help("render"))
def render(
    document: Annotated[
        DocumentName,
        typer.Argument(
            help=w(
                "cli.render.document",
                documents="; ".join(f"{name}: {what}" for name, what in DOCUMENTS.items()),
            ),
            show_default=False,
        ),
    ],
    pilot: PilotArgument,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            "-y",
            help=w("cli.render.year"),
            autocompletion=plan_years,
        ),
    ] = None,
    municipality: Annotated[
        str | None,
        typer.Option(
            "--municipality",
            "-m",
            help=w("cli.render.municipality"),
            autocompletion=municipality_ids,
        ),
    ] = None,
    output_formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help=w(
                "cli.render.format",
                formats=", ".join(f"{f.name} ({f.description})" for f in FORMAT_BY_NAME.values()),
            )
            + " "
            + w("cli.render2.several_formats"),
            autocompletion=lambda: list(FORMAT_BY_NAME),
            callback=_known_formats,
            show_default="md",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            parser=given_path,
            help=w("cli.render.output"),
            show_default=False,
        ),
    ] = None,
    draft: Annotated[
        bool,
        typer.Option(
            "--draft",
            help=w("cli.help.render.draft"),
        ),
    ] = False,
    reference_docx: Annotated[
        Path | None,
        typer.Option(
            "--reference-docx",
            help=w("doc.docx.help"),
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    from bygdevekst_cli.render.documents import Request
    from bygdevekst_cli.render.output import check_and_prepare, formats_named, write_formats

    formats = formats_named(output_formats or [DEFAULT_FORMAT])  # checked: _known_formats
    request = Request(str(document), year, municipality, reference_docx, draft)
    # the pilot is read once: checked (nothing from broken data), then prepared
    checked, prepared = check_and_prepare(pilot, request, draft=draft)
    marked = [fmt.marked_draft(not checked.ok) for fmt in formats]
    written = write_formats(prepared, marked, output)
    files = len(prepared.jobs) * len(formats)
    if files > 1 and sys.stderr.isatty():
        _with_progress(files, written)
    else:
        for item in written:
            _report(item)


def _report(item: "Written") -> None:
    for warning in item.rendered.warnings if item.first else []:
        typer.echo(w("cli.render.warning_line", warning=warning), err=True)
    if item.path is None:
        sys.stdout.buffer.write(item.data)
        sys.stdout.flush()
    else:
        typer.echo(w("cli.render.wrote", file=_shown(item.path)))


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _with_progress(files: int, written: "Iterator[Written]") -> None:
    from bygdevekst_cli.present.progress import with_progress

    def lines(item: "Written") -> list[tuple[str, str | None]]:
        shown = _shown(item.path) if item.path is not None else "-"
        told = item.rendered.warnings if item.first else []
        warnings = [(w("cli.render.warning", warning=x), "yellow") for x in told]
        return [(w("cli.render.wrote", file=shown), None), *warnings]

    with_progress(written, files, w("cli.render.progress"), lines)
