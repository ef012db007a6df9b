"""The one place that builds a rich console for text output."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console


def make_console(out: TextIO) -> Console:
    """Colour only on a terminal (rich decides); none at all when ``NO_COLOR`` is set.

    rich drops colour for ``NO_COLOR`` but keeps bold and dim; the convention's users want
    plain text, so styles go too.
    """
    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR"))
    return Console(file=out, highlight=False, color_system=None if plain else "auto")
