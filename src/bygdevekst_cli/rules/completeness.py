"""What a new pilot still lacks: text left as ``init`` wrote it, and no municipalities yet."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator

from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.placeholders import placeholder_pattern, placeholder_starts
from bygdevekst_cli.rules.registry import Hit, rule


@rule("BV226")
def placeholders_filled_in(files: PilotFiles) -> Iterator[Hit]:
    """Text left as ``init`` wrote it (the pattern looked up once: a pilot has hundreds of
    texts)."""
    fullmatch = placeholder_pattern().fullmatch
    starts = itertools.repeat(placeholder_starts())
    for document in files.documents():
        entries = document.texts
        # Every text's start tested in one pass of C (``map``), no step of Python per text:
        # nearly every document has no placeholder left, and then its texts are done with.
        if not any(map(str.startswith, map(str.lstrip, map(_TEXT, entries)), starts)):
            continue
        for path, text, _ in entries:
            if fullmatch(text.strip()) is not None:
                yield Hit(document, path, "unfilled", {"text": text.strip()})


_TEXT = operator.itemgetter(1)
"""The text of a ``(path, text, is_prose)`` entry."""


@rule("BV227")
def has_municipalities(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is not None and not files.pilot.model.municipalities:
        yield Hit(files.pilot, ("parties",), "none")
