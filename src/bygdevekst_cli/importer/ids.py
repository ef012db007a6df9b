"""The id helpers moved to ``bygdevekst_cli.ids`` (shared with ``editing``); kept for imports."""

from __future__ import annotations

from bygdevekst_cli.ids import slug

__all__ = ["slug"]
