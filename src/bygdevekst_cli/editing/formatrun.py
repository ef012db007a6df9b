"""Formatting the files a set of paths names (``bygdevekst fmt``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bygdevekst_cli.editing.layout import Formatted, format_file
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.fsutil import write_or_refuse
from bygdevekst_cli.language import works_on
from bygdevekst_cli.validate import display_path, targets_for


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
    for target in targets_for(paths, cwd):
        works_on(target.language())
        for path in target.files():
            run.checked += 1
            display = display_path(path, cwd)
            try:
                result = format_file(path, display, target.folder)
                if result.changed and write:
                    write_or_refuse(path, result.text, display)
            except UserError as error:
                run.errors.append(str(error))
                continue
            if result.changed:
                run.changed.append(result)
    return run
