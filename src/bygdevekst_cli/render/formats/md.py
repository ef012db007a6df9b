"""Markdown: the document as the templates wrote it, with the provenance line below."""

from __future__ import annotations

from bygdevekst_cli.render.pipeline import Rendered


def convert(rendered: Rendered) -> bytes:
    return rendered.markdown().encode("utf-8")
