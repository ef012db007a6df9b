"""The YAML parsers' English problem texts, each by a stable code worded in the catalogue.

libyaml (``scanner.c``, ``parser.c``, ``reader.c``), and the pure-Python parsers of PyYAML
and ruamel.yaml (``scanner.py``, ``parser.py``, ``reader.py``) that say the same things in
other words, report a syntax error as an English problem text. ``PROBLEMS`` gives each text
a code, by how it starts (the pure parsers add the character or token they found); the
catalogue words each code (``load.problem.<code>``) in every written standard. A text not
in the list (a parser's new message) keeps its English words (``problem_words``).
"""

from __future__ import annotations

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
