"""Formatting the files a set of paths names (``bygdevekst fmt``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from bygdevekst_cli.editing.layout import Formatted, format_file
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.fsutil import write_or_refuse
from bygdevekst_cli.language import cli_words
from bygdevekst_cli.models import FileKind, file_kind
from bygdevekst_cli.pilotfolder import (
    AGREEMENT_FILE,
    PILOT_FILE,
    PILOTS_DIR,
    PLANS_DIR,
    holds_pilot_file,
)
from bygdevekst_cli.validate import named_files, refuse_link_out, refuse_plans_not_folder


@dataclass
class FormatRun:
    changed: list[Formatted] = field(default_factory=list)
    """Files not in the canonical layout (written unless only checking)."""
    errors: list[str] = field(default_factory=list)
    """One line per file that could not be read or formatted."""
    checked: int = 0


def format_paths(paths: Sequence[Path], cwd: Path, *, write: bool) -> FormatRun:
    """Format every YAML file of the pilots (or the single files) ``paths`` names."""
    run = FormatRun()
    for path, display, folder in named_files(paths, cwd):
        run.checked += 1
        try:
            refuse_link_out(path, display, folder)
            refuse_plans_not_folder(path, display, folder)
            refuse_not_pilot_file(path, display, folder)
            result = format_file(path, display, folder)
            if result.changed and write:
                write_or_refuse(path, result.text, display, within=folder)
        except UserError as error:
            run.errors.append(str(error))
            continue
        if result.changed:
            run.changed.append(result)
    return run


def kind_in_pilot(path: Path, folder: Path) -> FileKind | None:
    """What ``path`` is in the pilot folder ``folder`` (pilot.yaml, agreement.yaml, a
    plan), or None when it is none of them; a link is what its own name makes it (an
    ``agreement.yaml`` linked to ``.shared/agreement.yaml`` is the agreement)."""
    try:
        relative = (path.parent.resolve() / path.name).relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return None
    return file_kind(PurePosixPath(relative.as_posix()))


def refuse_not_pilot_file(path: Path, display: str, folder: Path) -> None:
    """Refuse a file named on the command line that is neither one of a pilot's files nor
    a YAML file in a pilot folder: ``fmt`` had rewritten ``schemas/plan.schema.json`` on
    one line, and ``migrate`` had put ``schema_version`` into ``.pre-commit-config.yaml``."""
    if kind_in_pilot(path, folder) is not None:
        return
    in_pilot = holds_pilot_file(folder) or folder.parent.name == PILOTS_DIR
    if in_pilot and path.suffix.lower() in (".yaml", ".yml"):
        return  # the folder's own notes: laid out as YAML, never given a version
    w = cli_words()
    known = f"{PILOT_FILE}, {AGREEMENT_FILE}, {w('cli.msg.file.plan_file', plans=PLANS_DIR)}"
    raise UserError(w("cli.msg.file.not_pilot_file", file=display, known=known))
