"""Markdown: the document as the templates wrote it, with the provenance line below (and a
draft's marking as its first line)."""

from __future__ import annotations

from bygdevekst_cli.render.charts import without_images
from bygdevekst_cli.render.markdown import pandoc_spans
from bygdevekst_cli.render.pipeline import Rendered


def convert(rendered: Rendered, draft: str | None = None) -> bytes:
    text = without_images(rendered.markdown())  # a chart is its description and table
    text = pandoc_spans(text)  # a name in another language: [Gáivuotna]{lang=se}
    if draft is not None:  # the first line says it, before the title
        text = f"**{draft}**\n\n{text}"
    return text.encode("utf-8")
