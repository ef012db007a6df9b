"""Transitional: the diff's presentation moved to ``present.diff``; remove after the merge."""

from bygdevekst_cli.present.diff import (
    RENDERER_BY_NAME as DIFF_RENDERER_BY_NAME,
)
from bygdevekst_cli.present.diff import (
    describe,
    lines,
    md_escape,
    render_json,
    render_markdown,
    render_text,
    title_line,
)

__all__ = [
    "DIFF_RENDERER_BY_NAME",
    "describe",
    "lines",
    "md_escape",
    "render_json",
    "render_markdown",
    "render_text",
    "title_line",
]
