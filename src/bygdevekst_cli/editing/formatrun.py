"""Formatting the files a set of paths names (``bygdevekst fmt``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bygdevekst_cli.editing.layout import Formatted, format_file
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.fsutil import write_or_refuse
from bygdevekst_cli.validate import named_files, refuse_link_out


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
            result = format_file(path, display, folder)
            if result.changed and write:
                write_or_refuse(path, result.text, display, within=folder)
        except UserError as error:
            run.errors.append(str(error))
            continue
        if result.changed:
            run.changed.append(result)
    return run
