"""Transitional: the console moved to ``bygdevekst_cli.present.console``.

Kept only for modules that still import it from here (``diff_render``, ``history``, being
moved into ``present/``); delete it once they import ``present.console``.
"""

from __future__ import annotations

from bygdevekst_cli.present.console import make_console

__all__ = ["make_console"]
