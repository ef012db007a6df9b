"""The one place that builds a rich console for text output."""

from __future__ import annotations

import errno
import functools
import os
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console


def make_console(out: TextIO) -> Console:
    """Colour only on a terminal (rich decides); none at all when ``NO_COLOR`` is set.

    rich drops colour for ``NO_COLOR`` but keeps bold and dim; the convention's users want
    plain text, so styles go too.
    """
    plain = bool(os.environ.get("NO_COLOR"))
    return _console_class()(file=out, highlight=False, color_system=None if plain else "auto")


@functools.cache
def _console_class() -> type[Console]:
    """rich's console, except that a closed pipe (``| head``) is left to the command line
    (``textio.closed_pipe_ends_quietly``), which ends every command alike: rich's own
    ``on_broken_pipe`` exits 1, the status of "errors found"."""
    from rich.console import Console

    class PipedConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True  # nothing more from this console
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return PipedConsole
