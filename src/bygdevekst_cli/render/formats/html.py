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


def convert(rendered: Rendered) -> bytes:
    page = environment().get_template("html/page.html.j2")
    html = page.render(
        lang=rendered.language,
        title=rendered.title,
        subject=rendered.subject,
        meta=rendered.provenance.metadata(),
        css=Markup(stylesheet()),
        body=Markup(body_html(rendered.body)),
        footer=Markup(parser().renderInline(rendered.footer)),
    )
    return html.encode("utf-8")
