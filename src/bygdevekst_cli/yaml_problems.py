"""The YAML parsers' English problem texts, each by a stable code worded in the catalogue.

libyaml (``scanner.c``, ``parser.c``, ``reader.c``), and the pure-Python parsers of PyYAML
and ruamel.yaml (``scanner.py``, ``parser.py``, ``reader.py``) that say the same things in
other words, report a syntax error as an English problem text. ``PROBLEMS`` gives each text
a code, by how it starts (the pure parsers add the character or token they found); the
catalogue words each code (``load.problem.<code>``) in every written standard. A text not
in the list (a parser's new message) keeps its English words (``problem_words``).

A few structural mistakes (a list then a key, a key then a list item at the same
indentation) the parsers word for a YAML reader («did not find expected <document start>»,
«did not find expected key»); ``structure_words`` says them from the text around the mark,
as a municipality's writer sees them.
"""

from __future__ import annotations

import re

from bygdevekst_cli.findings import cut
from bygdevekst_cli.language import Words

PROBLEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # scanner: where a token cannot be
    ("mapping_values", ("mapping values are not allowed",)),
    ("mapping_keys", ("mapping keys are not allowed",)),
    ("sequence_entries", ("block sequence entries are not allowed", "sequence entries are")),
    ("expected_colon", ("could not find expected ':'",)),
    ("cannot_start", ("found character",)),
    ("end_of_stream", ("found unexpected end of stream",)),
    ("document_marker", ("found unexpected document",)),
    ("flow_colon", ("found unexpected ':'",)),
    ("tab", ("found a tab character",)),
    # scanner: inside a quoted text
    ("escape", ("found unknown escape character",)),
    (
        "escape_digits",
        ("did not find expected hexdecimal number", "expected escape sequence of"),
    ),
    ("unicode_escape", ("found invalid Unicode character escape code",)),
    ("quoted_scalar", ("while scanning a quoted scalar", "while scanning a double-quoted")),
    # scanner: block scalars («|», «>»), and what a line may hold after a marker
    (
        "block_indicator",
        (
            "found an indentation indicator equal to 0",
            "expected indentation indicator",
            "expected chomping or indentation indicators",
        ),
    ),
    (
        "comment_or_break",
        ("did not find expected comment or line break", "expected a comment or a line break"),
    ),
    ("whitespace", ("did not find expected whitespace", "expected ' '")),
    # scanner: anchors, aliases and tags
    (
        "anchor_name",
        ("did not find expected alphabetic or numeric", "expected alphabetic or numeric"),
    ),
    (
        "tag",
        (
            "did not find expected '!'",
            "expected '!'",
            "did not find expected tag URI",
            "expected URI",
            "did not find URI escaped octet",
            "found an incorrect leading UTF-8 octet",
            "found an incorrect trailing UTF-8 octet",
            "did not find the expected '>'",
            "expected '>'",
            "found undefined tag handle",
            "duplicate tag handle",
        ),
    ),
    # scanner and parser: directives («%YAML», «%TAG»)
    (
        "directive",
        (
            "could not find expected directive name",
            "found unknown directive name",
            "found unexpected non-alphabetical character",
            "did not find expected version number",
            "found extremely long version number",
            "did not find expected digit or '.' character",
            "expected a digit",
        ),
    ),
    ("duplicate_directive", ("found duplicate",)),
    ("version", ("found incompatible YAML document",)),
    # parser: the structure
    ("expected_key", ("did not find expected key", "expected <block end>")),
    ("expected_dash", ("did not find expected '-' indicator",)),
    ("list_end", ("did not find expected ',' or ']'", "expected ',' or ']'")),
    ("mapping_end", ("did not find expected ',' or '}'", "expected ',' or '}'")),
    ("node_content", ("did not find expected node content", "expected the node content")),
    (
        "document_start",
        (
            "did not find expected <document start>",
            "expected '<document start>'",
            "found non-comment content after document end marker",
        ),
    ),
    ("stream_start", ("did not find expected <stream-start>",)),
    ("too_deep", ("Maximum nesting level reached", "exceeded maximum nesting depth")),
    ("undefined_alias", ("found undefined alias",)),
    # reader: the characters themselves
    ("control_character", ("control characters are not allowed", "special characters are")),
    (
        "encoding",
        (
            "invalid leading UTF-8 octet",
            "invalid trailing UTF-8 octet",
            "invalid length of a UTF-8 sequence",
            "incomplete UTF-8 octet sequence",
            "invalid Unicode character",
            "incomplete UTF-16",
            "expected low surrogate area",
            "unexpected low surrogate area",
        ),
    ),
    ("too_long", ("input is too long",)),
    ("input", ("input error",)),
)
"""Each code and the starts of the problem texts it words, libyaml's first."""


def problem_code(problem: str) -> str | None:
    """The code of a parser's problem text, or None for a text the list does not know."""
    return next(
        (code for code, starts in PROBLEMS if problem.startswith(starts)),
        None,
    )


def problem_words(problem: str, w: Words, limit: int = 200) -> str:
    """The problem in the catalogue's words; a text the list does not know, as the parser
    wrote it (cut to ``limit`` characters)."""
    code = problem_code(problem)
    return w(f"load.problem.{code}") if code is not None else cut(problem, limit)


# --- structural mistakes, said from the text around the parser's mark --------------------------

_DOCUMENT_END = re.compile(r"\.\.\.(?:\s|$)")
_DOCUMENT_START = re.compile(r"---(?:\s|$)")
_DASH = re.compile(r"-(?:\s|$)")
_KEY = re.compile(r"([^\s#:-][^#]*?|-[^\s#][^#]*?)\s*:(?:\s+([^\s#].*?))?(?:\s+#.*)?\s*$")
"""A key line from its key on: the key and its value on the same line (empty: none)."""

Mark = tuple[int, int]
"""A parser's mark: line and column, from 0."""


def structure_words(
    lines: list[str], problem: str, context: Mark | None, mark: Mark, w: Words
) -> str | None:
    """The parser's ``problem`` at ``mark`` (the collection it was in starting at
    ``context``) said as the structural mistake a person makes, when it is one: a list,
    a table or a text followed by more («[1]» then «b: 2»: the parser says «after the end
    of the document», with no «...» in the file), a key at the indentation of a list's
    items, or a list item at that of a key that has its value already. None otherwise
    (the problem's own words stand). ``lines``: the file's lines."""
    code = problem_code(problem)
    line, column = mark
    if line >= len(lines):
        return None
    if code == "document_start":
        return _after_whole_value(lines, line, w)
    if code not in ("expected_key", "expected_dash") or context is None:
        return None
    start, indent = context
    if indent != column or start >= line:  # a key under nothing: the parser's words
        return None
    return _beside_collection(lines, start, line, column, w)


def _after_whole_value(lines: list[str], line: int, w: Words) -> str | None:
    """A file whose first value (a list in [ ], a table in { }, a quoted text) is whole,
    with more after it on ``line``; None when a «...» ends the document above (the
    parser's words are right then)."""
    first = None
    for number, text in enumerate(lines[:line]):
        if _DOCUMENT_END.match(text):
            return None
        content = text[4:] if text.startswith("--- ") else text
        blank = not content.strip() or content.lstrip().startswith("#")
        if first is None and not (blank or text.startswith("%") or _DOCUMENT_START.match(text)):
            first = number, content.strip()
    if first is None:
        return None
    number, value = first
    kind = {"[": "list", "{": "table"}.get(value[:1], "text")
    return w(
        "load.shape.after_value",
        next=cut(lines[line].strip(), 40),
        what=w(f"load.shape.{kind}"),
        first=cut(value, 40),
        first_line=number + 1,
    )


def _beside_collection(
    lines: list[str], start: int, line: int, column: int, w: Words
) -> str | None:
    """A key where a list's items stand (the list starting on line ``start``, from 0), or
    a list item where the keys of a table stand, after a key that has its value."""
    here = lines[line][column:]
    if not _DASH.match(lines[start][column:]):  # the keys of a table
        return _dash_among_keys(lines, start, line, column, w) if _DASH.match(here) else None
    if _DASH.match(here) or not here.strip():
        return None
    return w(
        "load.shape.key_in_list",
        text=cut(here.strip(), 40),
        start=start + 1,
        item=cut(lines[start].strip(), 40),
    )


def _dash_among_keys(lines: list[str], start: int, line: int, column: int, w: Words) -> str | None:
    """A list item at the indentation of the keys above it: the nearest key there has a
    value already (on its line, or the lines below it)."""
    for number in range(line - 1, start - 1, -1):
        text = lines[number]
        if text[:column].strip(" -") or text[column : column + 1] in ("", " ", "#"):
            continue  # a line of another level, a comment or an empty line
        found = _KEY.match(text, column)
        if found is None:
            return None
        key, value = cut(found.group(1), 40), found.group(2)
        item = cut(lines[line][column:].strip(), 40)
        if value:
            words = {"item": item, "key": key, "line": number + 1, "value": cut(value, 40)}
            return w("load.shape.dash_after_value", **words)
        return w("load.shape.dash_after_block", item=item, key=key, line=number + 1)
    return None
