"""Where documents are written, and writing them so a failure never leaves a broken file.

Paths are built from ids only, each checked to be one safe path component, and the result
is checked to lie inside the output folder: ``out/<pilot>/<year>/<name>.<ext>`` (the
agreement has no year). A file is converted completely in memory and then moved into
place atomically, so a failed render leaves the previous file as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bygdevekst_cli.errors import UsageError, UserError
from bygdevekst_cli.findings import Report
from bygdevekst_cli.fsutil import windows_refuses, write_or_refuse
from bygdevekst_cli.pilotset import PilotFiles, read_pilot
from bygdevekst_cli.render.documents import Job, Request, say
from bygdevekst_cli.render.formats import FORMAT_BY_NAME, Format
from bygdevekst_cli.render.pipeline import Prepared, Rendered, prepare, render_job
from bygdevekst_cli.render.provenance import Provenance
from bygdevekst_cli.validate import display_path, resolve_pilot

#: The extensions of the formats render writes: an ``--output`` ending in one names a file.
DOCUMENT_EXTENSIONS = frozenset(fmt.extension for fmt in FORMAT_BY_NAME.values())

DEFAULT_ROOT = Path("out")
STDOUT = Path("-")

_SAFE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
#: The longest id the schemas allow (``maxLength``), and so the longest folder name.
LONGEST_ID = 64
#: The longest file name without its extension: a document's name and an id
#: (``saksframlegg-<municipality>``), far below the 255 bytes every file system allows.
LONGEST_STEM = 128


def safe_component(value: str, longest: int = LONGEST_ID) -> str:
    """``value`` as one file-name component, or an error: never ``..``, ``/`` or ``\\``, nor
    a name Windows would not keep (a pilot id ``con`` or ``aux``, or one that ends in a dot):
    documents rendered on a CI runner are opened, and archived, on Windows."""
    if not _SAFE.match(value) or ".." in value or len(value) > longest:
        raise UserError(say("unsafe_file_name", value=value))
    if windows_refuses(value):
        raise UserError(say("windows_file_name", value=value))
    return value


def relative_path(job: Job, pilot_id: str, extension: str) -> Path:
    """``<pilot>/<year>/<name>.<ext>`` below the output folder."""
    parts = [safe_component(pilot_id)]
    if job.year is not None:
        parts.append(str(int(job.year)))
    parts.append(f"{safe_component(job.stem, LONGEST_STEM)}.{extension}")
    return Path(*parts)


def output_path(
    job: Job, pilot_id: str, fmt: Format, output: Path | None, *, single: bool, cwd: Path
) -> Path:
    """The file for one job. ``--output`` names the file itself when one document is
    rendered and it ends in the format's extension; otherwise it replaces ``out/``."""
    if output is not None and single and output.suffix.lower() == f".{fmt.extension}":
        return output if output.is_absolute() else cwd / output
    root = output if output is not None else DEFAULT_ROOT
    root = root if root.is_absolute() else cwd / root
    path = root / relative_path(job, pilot_id, fmt.extension)
    if not path.resolve().is_relative_to(root.resolve()):
        raise UserError(say("outside_output", path=path, root=root))
    return path


def _check_file_name(output: Path, formats: Sequence[Format], files: int) -> None:
    """``--output`` that ends like a document (``plan.docx``) names a file: refused when it
    cannot be that file, rather than made a folder of that name (``-f pdf -o plan.docx``).
    An existing folder is a folder whatever its name."""
    given = output.suffix.lower().removeprefix(".")
    if given not in DOCUMENT_EXTENSIONS or output.is_dir():
        return
    if files > 1:
        raise UsageError(say("output_file_for_many", path=output.as_posix(), count=files))
    (fmt,) = formats
    if given != fmt.extension:
        raise UsageError(
            say(
                "output_wrong_extension",
                path=output.as_posix(),
                given=given,
                format=fmt.name,
                wanted=fmt.extension,
            )
        )


@dataclass(frozen=True)
class Written:
    path: Path | None
    """None when the document went to standard output."""
    rendered: Rendered
    data: bytes
    first: bool = True
    """The first file of its document (with several formats, its warnings are told once)."""


def prepare_pilot(
    pilot: str,
    request: Request,
    *,
    cwd: Path | None = None,
    date: dt.date | None = None,
    provenance: Provenance | None = None,
) -> Prepared:
    """The pilot (an id under pilots/ or a path) read and checked for what ``request`` needs."""
    from bygdevekst_cli.rules.adoption import repositories_shared

    with repositories_shared():  # the agreement in force of a plan year may ask git
        return prepare(_read(pilot, cwd), request, date=date, provenance=provenance)


def check_and_prepare(
    pilot: str, request: Request, *, draft: bool, cwd: Path | None = None
) -> tuple[Report, Prepared]:
    """The pilot read once, then checked as ``require_valid_pilot`` checks it (errors stop
    the render, unless ``draft``; its message then names ``--draft``) and prepared as
    ``prepare_pilot`` prepares it."""
    from bygdevekst_cli.language import cli_words
    from bygdevekst_cli.rules.adoption import repositories_shared
    from bygdevekst_cli.validate import pilot_language_of, require_valid

    files = _read(pilot, cwd)
    hint = "" if draft else cli_words(pilot_language_of(files))("gate.draft_hint")
    with repositories_shared():  # one repository for the rules and the agreement in force
        checked = require_valid(files, allow_errors=draft, hint=hint)  # nothing from broken data
        return checked, prepare(files, request)


def _read(pilot: str, cwd: Path | None) -> PilotFiles:
    cwd = cwd or Path.cwd()
    folder = resolve_pilot(pilot, cwd)
    return read_pilot(folder, display_path(folder, cwd))


def format_named(name: str) -> Format:
    try:
        return FORMAT_BY_NAME[name]
    except KeyError:
        raise UsageError(unknown_format(name)) from None


def unknown_format(name: str) -> str:
    """Why ``name`` is not a format, with the formats there are."""
    return say("unknown_format", format=name, choices=", ".join(FORMAT_BY_NAME))


def format_names(values: Sequence[str]) -> list[str]:
    """The names ``--format`` gives: repeated, or separated by commas (``docx,pdf``), each
    once in the order first given."""
    names = [name.strip() for value in values for name in value.split(",")]
    return list(dict.fromkeys(names))


def formats_named(values: Sequence[str]) -> list[Format]:
    """The formats ``--format`` names (``format_names``); an unknown or empty name is a
    usage error."""
    return [format_named(name) for name in format_names(values)]


def write_documents(
    prepared: Prepared, fmt: Format, output: Path | None, *, cwd: Path | None = None
) -> Iterator[Written]:
    """Render, convert and write each document in turn (a generator, for progress bars).

    With ``output`` ``-`` a single Markdown or HTML document is not written but returned,
    for the caller to print.
    """
    return write_formats(prepared, [fmt], output, cwd=cwd)


def write_formats(
    prepared: Prepared, formats: Sequence[Format], output: Path | None, *, cwd: Path | None = None
) -> Iterator[Written]:
    """``write_documents`` in several formats at once: each document is rendered once and
    converted to every format, in one process that loads the pilot, the templates, the
    Typst compiler and the Word template once. ``output`` names a file only when there is
    one document in one format; every path is checked before the first file is written."""
    cwd = cwd or Path.cwd()
    single = len(prepared.jobs) == 1 and len(formats) == 1
    to_stdout = output == STDOUT
    if to_stdout and (not single or formats[0].name not in ("md", "html")):
        raise UsageError(say("stdout_one_document"))
    if output is not None and not to_stdout:
        _check_file_name(output, formats, len(prepared.jobs) * len(formats))
    pilot_id = prepared.source.pilot.id
    targets = [
        [
            None if to_stdout else output_path(job, pilot_id, fmt, output, single=single, cwd=cwd)
            for fmt in formats
        ]
        for job in prepared.jobs
    ]
    for job, paths in zip(prepared.jobs, targets, strict=True):
        rendered = render_job(prepared.source, job, prepared.provenance)
        for index, (fmt, target) in enumerate(zip(formats, paths, strict=True)):
            data = fmt.convert(rendered)
            if target is not None:
                write_or_refuse(target, data, display_path(target, cwd), through_links=True)
            yield Written(target, rendered, data, first=index == 0)
