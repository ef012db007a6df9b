"""Where the platforms' report formats say a file is: relative to the repository's root.

Findings name files relative to where the command runs; SARIF, GitLab and JUnit readers
want them relative to the checkout, whichever folder the command ran in.
"""

from __future__ import annotations

from pathlib import Path

from bygdevekst_cli.fsutil import resolved


def repository_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` with ``.git`` (else ``start`` itself)."""
    from bygdevekst_cli import repository

    return repository.repository_root(start) or start.resolve()


def under_root(file: str, cwd: Path, root: Path) -> str | None:
    """``file`` (relative to ``cwd``) relative to ``root``, with forward slashes; None
    when it lies outside."""
    try:
        return resolved(cwd / file).relative_to(root).as_posix()
    except ValueError:
        return None


def root_relative(file: str, cwd: Path, root: Path) -> str:
    """``file`` relative to ``root``, or its absolute path when it lies outside."""
    relative = under_root(file, cwd, root)
    return relative if relative is not None else resolved(cwd / file).as_posix()
