"""HTML: one standalone file (styles inline), accessible (WCAG 2.1 AA as axe-core checks it).

markdown-it renders the document's tokens (raw HTML is off, so data stays text); table
headers get ``scope="col"``; the page template adds the language, title, provenance meta
tags, the stylesheet (with print rules) and the landmarks ``main`` and ``footer``. A
heading's hyphenated words are kept whole on narrow screens (``_whole_words``), and so are
a table cell's numbers, amounts, codes and e-mail addresses (``_unbroken``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from importlib import resources

from markdown_it.token import Token
from markupsafe import Markup
from markupsafe import escape as escape_html

from bygdevekst_cli.render.charts import DocumentChart
from bygdevekst_cli.render.environment import environment
from bygdevekst_cli.render.formats.unbroken import email_parts, pieces
from bygdevekst_cli.render.markdown import document_tokens, figure_of, lang_of, parser
from bygdevekst_cli.render.pipeline import Rendered

_DRAFT_BANNER = (
    '<p class="draft" role="note" style="border: 2px solid #9b1c1c; color: #9b1c1c;'
    ' padding: 0.5rem 0.75rem"><strong>{}</strong></p>\n'
)
"""The draft's banner, styled inline so that the shared stylesheet stays as it is."""

_DRAFT_ON_EVERY_PAGE = (
    "<style>@media print {{ @page {{ @top-center {{ content: {}; font-weight: bold;"
    " color: #9b1c1c; }} }} }}</style>\n"
)
"""The marking at the top of every printed page (a CSS page-margin box); on screen and to
screen readers the banner says it."""


@functools.cache
def stylesheet() -> str:
    return resources.files(__package__).joinpath("style.css").read_text(encoding="utf-8")


def body_html(markdown: str, charts: Mapping[str, DocumentChart] | None = None) -> str:
    tokens = _with_charts(list(document_tokens(markdown)), charts or {})
    for at, token in enumerate(tokens):  # the parse is shared: what changes is a copy
        if token.type == "th_open":
            tokens[at] = token.copy(attrs={**token.attrs, "scope": "col"})
        opened = tokens[at - 1].type if at > 0 else ""
        in_heading, in_cell = opened == "heading_open", opened in {"td_open", "th_open"}
        if token.type == "inline" and (in_heading or in_cell or _changes(token)):
            children = [_own(child) for child in token.children or []]
            _lang_spans(children)
            if in_heading:
                children = _whole_words(children)
            elif in_cell:
                children = _unbroken(children)
            tokens[at] = token.copy(children=children)
    md = parser()
    return str(md.renderer.render(tokens, md.options, {}))


#: Inline tokens that HTML changes: language links become spans, and markdown-it's
#: renderer writes an image's ``alt`` into its attributes.
_CHANGED = frozenset({"link_open", "link_close", "image"})


def _changes(token: Token) -> bool:
    return any(child.type in _CHANGED for child in token.children or [])


#: A word with a hyphen inside it («Vest-Telemark», «Nord-Fron»), with what clings to it
#: («(Vest-Telemark)»); not a hyphen that ends a word («Kommunal- og …») or stands between
#: spaces.
_HYPHENATED_WORD = re.compile(r"\S*\w-\w\S*")


def _whole_words(children: list[Token]) -> list[Token]:
    """A heading's text with each hyphenated word in a ``nobreak`` span (``white-space:
    nowrap``), so that a narrow screen does not break the title after «Vest-», «Telemark»
    alone on a line (DOCX: Word's non-breaking hyphen, ``docx_runs.py``). The hyphen stays
    «-»: the page's text, search and copy read «Vest-Telemark»."""
    result: list[Token] = []
    for child in children:
        if child.type != "text" or not _HYPHENATED_WORD.search(child.content):
            result.append(child)
            continue
        text, at = child.content, 0
        for match in _HYPHENATED_WORD.finditer(text):
            if match.start() > at:
                result.append(_text(text[at : match.start()]))
            word = escape_html(match.group())
            result.append(_html_inline(f'<span class="nobreak">{word}</span>'))
            at = match.end()
        if at < len(text):
            result.append(_text(text[at:]))
    return result


def _unbroken(children: list[Token]) -> list[Token]:
    """A table cell's text with each number, amount, phone number and code in a
    ``nobreak`` span, and each e-mail address as ``nobreak`` parts with a ``<wbr>`` after
    its «@» and before its dots: on a phone a narrow column broke «2025» into «20» over
    «25» and an address anywhere (``overflow-wrap: anywhere``, ``style.css``); other words
    still break where they must, so that the table fits the screen."""
    result: list[Token] = []
    for child in children:
        if child.type != "text":
            result.append(child)
            continue
        for piece in pieces(child.content):
            if not piece.whole:
                result.append(_text(piece.text))
                continue
            parts = email_parts(piece.text) if piece.email else [piece.text]
            spans = (f'<span class="nobreak">{escape_html(part)}</span>' for part in parts)
            result.append(_html_inline("<wbr>".join(spans)))
    return result


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _own(token: Token) -> Token:
    """An image token with attributes of its own (the renderer sets ``alt``)."""
    return token.copy(attrs=dict(token.attrs)) if token.type == "image" else token


def _lang_spans(children: list[Token]) -> None:
    """Each language link (``[Gáivuotna](lang:se)``) as ``<span lang="se">``."""
    closing: list[bool] = []
    for at, child in enumerate(children):
        if child.type == "link_open":
            lang = lang_of(child)
            closing.append(lang is not None)
            if lang is not None:
                children[at] = _html_inline(f'<span lang="{escape_html(lang)}">')
        elif child.type == "link_close" and closing and closing.pop():
            children[at] = _html_inline("</span>")


def _html_inline(content: str) -> Token:
    token = Token("html_inline", "", 0)
    token.content = content
    return token


def _with_charts(tokens: list[Token], charts: Mapping[str, DocumentChart]) -> list[Token]:
    """Each chart's image paragraph replaced by the chart's SVG (labelled by its own title
    and description); the data table after it stays."""
    result: list[Token] = []
    at = 0
    while at < len(tokens):
        token = tokens[at]
        figure = figure_of(tokens[at + 1]) if token.type == "paragraph_open" else None
        if figure is not None and figure.chart in charts:
            svg = charts[figure.chart].svg
            block = Token("html_block", "", 0)
            block.content = f'<div class="chart-figure" style="max-width: 44rem">{svg}</div>\n'
            result.append(block)
            at += 3  # paragraph_open, inline, paragraph_close
            continue
        result.append(token)
        at += 1
    return result


def draft_banner(draft: str) -> Markup:
    """The draft's marking above a document: a banner on screen and to screen readers, and
    at the top of every printed page (the site's pages carry it too)."""
    page_mark = Markup(_DRAFT_ON_EVERY_PAGE).format(Markup(json.dumps(draft)))
    return page_mark + Markup(_DRAFT_BANNER).format(draft)


def convert(rendered: Rendered, draft: str | None = None) -> bytes:
    page = environment().get_template("html/page.html.j2")
    meta = rendered.provenance.metadata()
    title, body = rendered.file_title, Markup(body_html(rendered.body, rendered.charts))
    if draft is not None:  # a banner above the document, and in the title and metadata
        title = f"{draft}: {title}"
        meta = {**meta, "draft": draft}
        body = draft_banner(draft) + body
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
