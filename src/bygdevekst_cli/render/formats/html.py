"""HTML: one standalone file (styles inline), accessible (WCAG 2.1 AA as axe-core checks it).

markdown-it renders the document's tokens (raw HTML is off, so data stays text); table
headers get ``scope="col"``; the page template adds the language, title, provenance meta
tags, the stylesheet (with print rules) and the landmarks ``main`` and ``footer``.
"""

from __future__ import annotations

import functools
from importlib import resources

from markupsafe import Markup

from bygdevekst_cli.render.environment import environment
from bygdevekst_cli.render.markdown import parse, parser
from bygdevekst_cli.render.pipeline import Rendered

_DRAFT_BANNER = (
    '<p class="draft" role="note" style="border: 2px solid #9b1c1c; color: #9b1c1c;'
    ' padding: 0.5rem 0.75rem"><strong>{}</strong></p>\n'
)
"""The draft's banner, styled inline so that the shared stylesheet stays as it is."""


@functools.cache
def stylesheet() -> str:
    return resources.files(__package__).joinpath("style.css").read_text(encoding="utf-8")


def body_html(markdown: str) -> str:
    tokens = parse(markdown)
    for token in tokens:
        if token.type == "th_open":
            token.attrSet("scope", "col")
    md = parser()
    return str(md.renderer.render(tokens, md.options, {}))


def convert(rendered: Rendered, draft: str | None = None) -> bytes:
    page = environment().get_template("html/page.html.j2")
    meta = rendered.provenance.metadata()
    title, body = rendered.title, Markup(body_html(rendered.body))
    if draft is not None:  # a banner above the document, and in the title and metadata
        title = f"{draft}: {title}"
        meta = {**meta, "draft": draft}
        body = Markup(_DRAFT_BANNER).format(draft) + body
    html = page.render(
        lang=rendered.language,
        title=title,
        subject=rendered.subject,
        meta=meta,
        css=Markup(stylesheet()),
        body=body,
        footer=Markup(parser().renderInline(rendered.footer)),
    )
    return html.encode("utf-8")
