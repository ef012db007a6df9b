"""PDF with Typst (the ``typst`` wheel bundles the compiler; no system libraries).

The document becomes Typst code in which every piece of text is a string literal, so data
is never read as Typst markup. Typst writes a tagged PDF (headings, lists, tables with
header cells) with the document's language and title, conforming to PDF/A-2a and PDF/UA-1;
only the fonts embedded in Typst are used, so the output is the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterator, Mapping

from bygdevekst_cli.errors import UserError
from bygdevekst_cli.language import cli_words, words
from bygdevekst_cli.render.charts import DocumentChart
from bygdevekst_cli.render.formats.glyphs import FONT, compile_pdf, string, unshowable
from bygdevekst_cli.render.formats.unbroken import Piece, email_parts, pieces
from bygdevekst_cli.render.markdown import (
    Block,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Rule,
    Span,
    Table,
    document_blocks,
    line_spans,
    plain,
    with_lead_ins,
)
from bygdevekst_cli.render.pipeline import Rendered


def convert(rendered: Rendered, draft: str | None = None) -> bytes:
    import typst

    source = typst_source(rendered, draft)
    try:
        return compile_pdf(source, timestamp(rendered))
    except typst.TypstError as error:
        raise _failed(rendered, error) from error


_NO_GLYPH = re.compile(r'the text `"(.+?)"` could not be displayed')
"""Typst's words for text that none of its fonts has a glyph for (PDF/A allows no gap)."""
_CONTEXT = 60
"""How much of the document around such text the message quotes, each side."""


def _failed(rendered: Rendered, error: Exception) -> UserError:
    """Why the PDF could not be made. Text none of the embedded fonts can show (an emoji,
    Chinese), or a character the standards refuse (private use, U+FEFF), comes from the
    data: the message names the characters and quotes the text around them, for the user
    to find in the data. Anything else is a bug in the converter, told as Typst tells it."""
    say = cli_words()
    found = _NO_GLYPH.search(str(error))
    text = _unescaped(found.group(1)) if found is not None else _first_unshowable(rendered)
    if text is None:
        return UserError(say("cli.msg.render.pdf_failed", title=rendered.title, error=error))
    codes = ", ".join(f"U+{ord(character):04X}" for character in text)
    return UserError(
        say(
            "cli.msg.render.pdf_no_glyph",
            title=rendered.title,
            text=text,
            code=codes,
            context=_around(rendered.body, text),
        )
    )


_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]{1,6})\}|\\(.)")
r"""Typst's escapes in the text it quotes (as Rust's debug form): ``\u{f0b7}`` for a
character it does not print (private use, a control character), ``\"`` and the like."""
_ESCAPED = {"n": "\n", "r": "\r", "t": "\t", "0": "\0"}


def _unescaped(text: str) -> str:
    """The text Typst quotes, as it stands in the data."""

    def character(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            code = int(match.group(1), 16)
            return chr(code) if code <= sys.maxunicode else match.group()
        return _ESCAPED.get(match.group(2), match.group(2))

    return _ESCAPE.sub(character, text)


def _first_unshowable(rendered: Rendered) -> str | None:
    """The first character of the document the PDF cannot show, where Typst's words for
    the error are not those of a missing glyph (a character PDF/A refuses)."""
    texts = (rendered.body, rendered.footer, rendered.file_title, rendered.author)
    found = unshowable("".join(texts))
    return found[0] if found else None


def _around(markdown: str, text: str) -> str:
    """The document's plain text around the first ``text`` in it (``text`` itself when it
    is not found), shortened to ``_CONTEXT`` characters each side."""
    for line in markdown.splitlines():
        spans = line_spans(line)
        where = plain(spans).find(text) if spans else -1
        if where >= 0:
            whole = plain(spans)
            start, end = max(where - _CONTEXT, 0), where + len(text) + _CONTEXT
            return (
                f"{'…' if start else ''}{whole[start:end].strip()}{'…' if end < len(whole) else ''}"
            )
    return text


def timestamp(rendered: Rendered) -> dt.datetime:
    """The PDF's creation time: the start of the day the provenance names."""
    return dt.datetime.combine(rendered.provenance.date, dt.time(), tzinfo=dt.UTC)


def typst_source(rendered: Rendered, draft: str | None = None) -> str:
    preamble = _preamble(rendered)
    if draft is not None:
        preamble = _mark_draft(preamble, rendered, draft)
    return "\n".join([*preamble, "", *_body(rendered.body, rendered.charts)]) + "\n"


def _mark_draft(preamble: list[str], rendered: Rendered, mark: str) -> list[str]:
    """A draft from data with errors: the marking in the title and keywords, and in a
    header on every page."""
    keywords = ", ".join(string(k) for k in [mark, *rendered.keywords])
    title = f"  title: {string(f'{mark}: {rendered.file_title}')},"
    marked = [title if line.startswith("  title:") else line for line in preamble]
    marked = [
        f"  keywords: ({keywords},)," if line.startswith("  keywords:") else line for line in marked
    ]
    header = (
        '#set page(header: align(center, text(weight: "bold", fill: rgb("#9b1c1c"),'
        f" {string(mark)})))"
    )
    return [*marked, header]


def _preamble(rendered: Rendered) -> list[str]:
    keywords = ", ".join(string(k) for k in rendered.keywords)
    footer = _inline(line_spans(rendered.footer))
    return [
        "#set document(",
        f"  title: {string(rendered.file_title)},",
        f"  author: {string(rendered.author)},",
        f"  description: {string(rendered.subject)},",
        f"  keywords: ({keywords},),",
        ")",
        f'#set text(lang: "{rendered.language}", region: "NO", font: "{FONT}", size: 10.5pt)',
        "#set par(leading: 0.6em, spacing: 0.9em)",
        '#set page(paper: "a4", margin: (x: 2.2cm, top: 2.2cm, bottom: 2.6cm), footer: context'
        f" [#set text(size: 7.5pt); #par(justify: false)[{footer}] #h(1fr)"
        f" {_page_number(rendered.language)}])",
        "#set heading(numbering: none)",
        "#show heading: set block(above: 1.3em, below: 0.7em)",
        *_NO_RUNT_IN_HEADINGS,
        "#show heading.where(level: 1): set text(size: 17pt)",
        "#show heading.where(level: 2): set text(size: 13.5pt)",
        "#show heading.where(level: 3): set text(size: 11.5pt)",
        "#set table(stroke: 0.5pt + luma(140), inset: 4pt)",
        "#show table: set text(size: 9pt)",
        "#show table: set par(justify: false)",
        *_FIT,
        _WHOLE,
        *_SHRUNK_TO_FIT,
        *_LONGER_THAN_A_LINE,
        "#set list(indent: 0.6em)",
        "#set enum(indent: 0.6em)",
    ]


_NO_RUNT_IN_HEADINGS = [
    '#show heading: set par(linebreaks: "optimized")',
    "#show heading: set text(costs: (runt: 1000%))",
]
"""A heading that wraps never leaves one word alone on its last line: the title «Endringar
i handlingsplanen for Vest-Telemark frå 2025 til» over «2026» reads as two headings. The
line breaks of a heading are chosen together, a runt ten times the default cost."""


_PAGE_FIELDS = {"page": "#counter(page).display()", "pages": "#counter(page).final().first()"}


def _page_number(language: str) -> str:
    """«Side 2 av 5», as the DOCX's footer has it (the PDF had «2 / 5»): the catalogue's
    words around Typst's page counter."""
    marked = words(language)("doc.docx.page", page="\0page\0", pages="\0pages\0")
    parts = marked.split("\0")
    return "".join(
        _PAGE_FIELDS[part] if i % 2 else f"#{string(part)}" for i, part in enumerate(parts) if part
    )


_LONG_WORD = 18
"""Words this long or longer may not fit a narrow table column (``_FIT``)."""
_WIDE_TABLE = 7
"""Tables with this many columns of amounts or more (the table of a period of six years or
more) leave their text column too narrow for an ordinary word («arbeidsplassar», which ran
into the next column): in them a word of ``_WORD_IN_WIDE_TABLE`` characters or more may be
hyphenated too (``fit-wide``). The action plan's table of funding sources has six."""
_WORD_IN_WIDE_TABLE = 8


def _fit_function(name: str, shortest: int) -> list[str]:
    """A Typst function ``name``: a table cell in which a word of ``shortest`` characters
    or more that is wider than the column is hyphenated."""
    pattern = rf"\S{{{shortest},}}"
    return [
        f"#let {name}(body) = layout(size => {{",
        f"  show regex({string(pattern)}): word => context {{",
        "    if measure(word).width > size.width { text(hyphenate: true, word) } else { word }",
        "  }",
        "  body",
        "})",
    ]


_FIT = [*_fit_function("fit", _LONG_WORD), *_fit_function("fit-wide", _WORD_IN_WIDE_TABLE)]
"""``fit``: a table cell in which a word wider than the column (a long compound, a URL) is
hyphenated instead of running out of the cell into the next; a word that fits wraps whole,
as everywhere else. Only cells with a long word get it (``_cell``): the others are laid
out exactly as without it. ``fit-wide``: the same for shorter words, in a wide table."""


_WHOLE = "#let whole(body) = context box(width: measure(body).width, body)"
"""``whole``: text that no line breaks inside, a box as wide as the text. A table cell's
phone number broke at its spaces («+47 35 06» over «80 00») and an e-mail address at its
hyphen or, hyphenated by ``fit``, anywhere: they are set in it (``_cell_inline``)."""

_TYPST_BREAKS = re.compile(r"[ \-–/:]")
"""Where Typst may break a line in a piece ``unbroken`` keeps whole: a space (not the
no-break space of an amount), a hyphen or a dash, a slash, a colon."""


_SMALLEST_TABLE_TEXT = "7pt"
"""The smallest text ``shrunk-to-fit`` sets a table in; narrower still, words are hyphenated
(``fit``)."""
_SHRUNK_TO_FIT = [
    "#let shrunk-to-fit(narrowest, body) = layout(size => context {",
    "  let least = measure(narrowest).width",
    "  if least <= size.width { body } else {",
    "    let insets = 8pt * narrowest.columns.len()",
    "    let ratio = (size.width - insets) / (least - insets)",
    f"    show table: set text(size: calc.max({_SMALLEST_TABLE_TEXT}, 9pt * ratio))",
    "    body",
    "  }",
    "})",
]
"""A table of amounts in the hundreds of millions left its text column too narrow for a
word («bustadbehov» ran into the next column): when the table cannot fit the text width at
its size (its amounts whole, its text column as wide as its longest word), its text is set
smaller by as much as it needs, to ``_SMALLEST_TABLE_TEXT`` at least, as a case officer
shrinks such a table in Word. A table that fits is laid out as without it."""


_A_LINE = "14cm"
"""A word at least this wide may not fit a line of text (16.6 cm on A4 with the margins
above, less a list's indent): only such a word is ever hyphenated outside a table."""
_LONG_RUN = r"\S{30,}"
"""A run of text that may be wider than a line (``_LONGER_THAN_A_LINE``)."""
_LONGER_THAN_A_LINE = [
    f"#show regex({string(_LONG_RUN)}): word => context {{",
    f"  if measure(word).width >= {_A_LINE} {{ text(hyphenate: true, word) }} else {{ word }}",
    "}",
]
"""A word wider than a line (a compound of a hundred letters in a measure's description or
title) ran off the page's right edge, unhyphenated: it is hyphenated (in the document's
language). Every other word is laid out as without the rule."""


def _body(markdown: str, charts: Mapping[str, DocumentChart] | None = None) -> Iterator[str]:
    for block, lead_in in with_lead_ins(document_blocks(markdown)):
        if isinstance(block, Figure):  # sticky to its table where one follows
            yield _figure(block, charts or {}, sticky=lead_in)
        elif lead_in:  # sticky, as a heading is: never alone at a page's foot
            yield f"#block(sticky: true)[{_block(block)}]"
        else:
            yield _block(block)
        yield ""


def _figure(figure: Figure, charts: Mapping[str, DocumentChart], sticky: bool = False) -> str:
    """A chart as a vector image with its title and description as alt text; ``sticky``:
    never alone at a page's foot, away from the table after it."""
    chart = charts.get(figure.chart)
    kept = ", sticky: true" if sticky else ""
    if chart is None:
        text = f"#par[#{string(figure.description)}]"
        return f"#block(sticky: true)[{text}]" if sticky else text
    return (
        f'#block(breakable: false{kept}, image(bytes({string(chart.svg)}), format: "svg",'
        f" width: 100%, alt: {string(chart.alt)}))"
    )


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"#heading(level: {block.level})[{_inline(block.spans)}]"
    if isinstance(block, Paragraph):
        return f"#par[{_inline(block.spans)}]"
    if isinstance(block, ListBlock):
        items = ", ".join(f"[{_item(item)}]" for item in block.items)
        if block.ordered:
            return f"#enum(start: {block.start}, {items})"
        return f"#list({items})"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Rule):
        return "#line(length: 100%, stroke: 0.5pt)"
    if isinstance(block, Figure):  # a chart without its SVG: its description
        return f"#par[#{string(block.description)}]"
    raise TypeError(block)


def _item(item: list[Block]) -> str:
    parts = []
    for block in item:
        if isinstance(block, Paragraph):
            parts.append(_inline(block.spans))
        else:
            parts.append(_block(block))
    return " #parbreak() ".join(parts)


_SHORT_CELL = 20
"""A text column whose every cell is shorter than this (a date, a body, an outcome) is as
wide as its longest cell (``_short_columns``)."""


def _short_columns(table: Table, numeric: list[bool]) -> list[bool]:
    """The text columns of short cells only, when at least one text column is not: they
    are ``auto``, and the columns of longer texts share the rest. As equal shares, the
    table of decisions broke «Kviteseid kommune» beside a column of «2025» with room to
    spare, and hyphenated «distriktsdeparte-mentet» in three lines."""
    short = [
        not is_amount and all(len(plain(cell)) < _SHORT_CELL for cell in _cells(table, column))
        for column, is_amount in enumerate(numeric)
    ]
    if all(s or n for s, n in zip(short, numeric, strict=True)):
        return [False] * len(numeric)
    return short


def _cells(table: Table, column: int) -> list[list[Span]]:
    return [table.header[column]] + [row[column] for row in table.rows if column < len(row)]


def _table(table: Table) -> str:
    numeric = [align == "right" for align in table.align]
    short = _short_columns(table, numeric)
    columns = ", ".join("auto" if n or s else "1fr" for n, s in zip(numeric, short, strict=True))
    aligns = ", ".join("right" if n else "left" for n in numeric)
    shortest = _WORD_IN_WIDE_TABLE if sum(numeric) >= _WIDE_TABLE else _LONG_WORD
    header = [f"[#strong{_cell(cell, shortest)}]" for cell in table.header]  # as in Word
    rows = [
        [_cell(row[i] if i < len(row) else [], shortest) for i in range(len(table.header))]
        for row in table.rows
    ]
    if not table.kept_whole:  # a table kept whole is one unbreakable block already
        rows = [
            [f"table.cell(breakable: false){cells[0]}", *cells[1:]]
            if _short_row(row, len(table.header))
            else cells
            for row, cells in zip(table.rows, rows, strict=True)
        ]
    if table.last_row_kept:
        columns, aligns = f"0pt, {columns}", f"left, {aligns}"
        header, rows = _last_row_kept(header, rows)
    body = ", ".join(cell for row in rows for cell in row)
    typst = (
        f"#table(columns: ({columns},), align: ({aligns},),"
        f" table.header(repeat: true, {', '.join(header)}), {body})"
    )
    if any(numeric) and not all(numeric):
        typst = f"#shrunk-to-fit({_narrowest(table, numeric)}, [{typst}])"
    return f"#block(breakable: false)[{typst}]" if table.kept_whole else typst


_LINE_CHARACTERS = 100
"""Characters of table text in a line across the text width, fewer than fit (9 pt
Libertinus Serif fits some 115 in 16.6 cm): a row's height is overestimated, never less."""
_ROW_LINES = 25
"""The most lines a row is estimated to take for it to be kept on one page: half a page of
table text, so that a row moved whole to the next page leaves at most that much empty."""


def _short_row(row: list[list[Span]], columns: int) -> bool:
    """Whether ``row`` is short enough to be kept on one page, as the DOCX keeps every row
    (``w:cantSplit``): a status report's row was split across two pages in the middle of
    its sentence. Its tallest cell is estimated in lines of a column of an equal share of
    the width (an amount column is narrower, so a text column is wider than that: the
    estimate errs tall). A longer row may break: kept whole, a row taller than a page ran
    off its foot, its text lost."""
    per_line = max(_LINE_CHARACTERS // columns, 1)
    tallest = max(
        (
            sum(len(span.text) for span in cell) // per_line + 1 + sum(s.is_break for s in cell)
            for cell in row
        ),
        default=0,
    )
    return tallest <= _ROW_LINES


_PROBE_ROWS = 3
"""How many of each column's longest pieces ``_narrowest`` measures: the widest one by
Typst's measure is among the longest by characters, but not always the longest."""


def _narrowest(table: Table, numeric: list[bool]) -> str:
    """A Typst table of ``auto`` columns as narrow as ``table`` can be: in an amount
    column its longest cells (an amount never breaks: its spaces are no-break), in a text
    column its longest words (a text wraps between them) of those ``fit`` never hyphenates
    (a longer word, a URL, is hyphenated as before, not shrunk for).
    ``shrunk-to-fit`` measures it."""
    pieces: list[list[str]] = []
    for column, is_amount in enumerate(numeric):
        texts = [
            ("".join(span.text for span in cell if not span.is_break), n == 0)
            for n, cell in enumerate(_cells(table, column))
        ]
        found = {
            (piece, bold)
            for text, bold in texts
            for piece in ([text] if is_amount else _unbreakable(text))
        }
        longest = sorted(found, key=lambda piece: (len(piece[0]), piece), reverse=True)
        # the header's pieces as it sets them, in bold (wider than the rows' text)
        pieces.append(
            [f"strong({string(p)})" if bold else string(p) for p, bold in longest[:_PROBE_ROWS]]
        )
    rows = max(len(column) for column in pieces)
    probe = (column[row] if row < len(column) else "[]" for row in range(rows) for column in pieces)
    return f"table(columns: {len(numeric)}, {', '.join(probe)})"


_KEEP_LAST_TWO = "table.cell(rowspan: 2, breakable: false, inset: 0pt, stroke: none)[]"
"""An empty cell that keeps the two rows it spans on one page (Typst keeps rows together
only through such a cell; its maintainers' way: typst/typst#4841)."""


def _last_row_kept(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The header and rows with a first column of no width, empty but for
    ``_KEEP_LAST_TWO`` over the last two rows: the last row never stands alone on a page."""
    empty = "table.cell(inset: 0pt, stroke: none)[]"
    kept = [[empty, *row] for row in rows[:-2]]
    kept += [[_KEEP_LAST_TWO, *rows[-2]], rows[-1]]
    return [empty, *header], kept


def _unbreakable(text: str) -> list[str]:
    """The pieces of a text cell that a line never breaks inside: its words that ``fit``
    never hyphenates, its numbers and codes whole, an e-mail address's parts."""
    found: list[str] = []
    for piece in pieces(text):
        if piece.email:
            found.extend(email_parts(piece.text))
        elif piece.whole:
            found.append(piece.text)
        else:
            found.extend(word for word in piece.text.split() if _wraps(word))
    return found


def _wraps(word: str) -> bool:
    """Whether a word is one ``fit`` never hyphenates in any table: it must fit whole."""
    return len(word) < _LONG_WORD


def _cell(spans: list[Span], shortest: int = _LONG_WORD) -> str:
    """A table cell's content; ``fit`` where a word may be too long for the column (one of
    ``shortest`` characters or more; ``fit-wide`` where that is shorter than a long word)."""
    content = _cell_inline(spans)
    words = (
        word
        for span in spans
        for piece in pieces(span.text)
        if not piece.whole
        for word in piece.text.split()
    )
    if any(len(word) >= shortest for word in words):
        function = "fit" if shortest >= _LONG_WORD else "fit-wide"
        return f"[#{function}[{content}]]"
    return f"[{content}]"


def _cell_inline(spans: list[Span]) -> str:
    """A table cell's content as ``_inline``, with its numbers, phone numbers and codes that
    Typst could break (at a space, a hyphen, a slash) in ``whole``, and each part of an
    e-mail address in it: the address breaks only after its «@» or before a dot."""
    return _inline(spans, _kept_whole)


def _kept_whole(text: str) -> str:
    """``text`` as Typst, its pieces to keep whole that Typst could break in ``whole``;
    the text between them one string, as without them."""
    parts: list[str] = []
    plain = ""
    for piece in pieces(text):
        boxed = _boxed(piece)
        if boxed is None:
            plain += piece.text
            continue
        parts += [f"#{string(plain)}"] if plain else []
        parts.append(boxed)
        plain = ""
    parts += [f"#{string(plain)}"] if plain or not parts else []
    return "".join(parts)


def _boxed(piece: Piece) -> str | None:
    if piece.email:
        return "".join(f"#whole[#{string(part)}]" for part in email_parts(piece.text))
    if piece.whole and _TYPST_BREAKS.search(piece.text):
        return f"#whole[#{string(piece.text)}]"
    return None


def _plain(text: str) -> str:
    return f"#{string(text)}"


def _inline(spans: list[Span], texts: Callable[[str], str] = _plain) -> str:
    parts = []
    for span in spans:
        if span.is_break:
            parts.append("#linebreak()")
            continue
        text = texts(span.text)
        if span.emphasis:
            text = f"#emph[{text}]"
        if span.strong:
            text = f"#strong[{text}]"
        if span.lang is not None:  # a name in another language (Sami, Kven)
            text = f"#text(lang: {string(span.lang)})[{text}]"
        parts.append(text)
    return "".join(parts)
