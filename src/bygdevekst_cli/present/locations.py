"""Where the platforms' report formats say a file is: relative to the repository's root.

Findings name files relative to where the command runs; SARIF, GitLab and JUnit readers
want them relative to the checkout, whichever folder the command ran in.
"""

from __future__ import annotations

from pathlib import Path


def repository_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` with ``.git`` (else ``start`` itself)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def root_relative(file: str, cwd: Path, root: Path) -> str:
    """``file`` (relative to ``cwd``) relative to ``root``, with forward slashes."""
    path = (cwd / file).resolve()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
