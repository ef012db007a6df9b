"""What a new pilot still lacks: text left as ``init`` wrote it, and no municipalities yet."""

from __future__ import annotations

from collections.abc import Iterator

from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.placeholders import placeholder_pattern
from bygdevekst_cli.rules.registry import Hit, rule


@rule("BV226")
def placeholders_filled_in(files: PilotFiles) -> Iterator[Hit]:
    """Text left as ``init`` wrote it (the pattern looked up once: a pilot has hundreds of
    texts)."""
    fullmatch = placeholder_pattern().fullmatch
    for document in files.documents():
        for path, text, _ in document.texts:
            if fullmatch(text.strip()) is not None:
                yield Hit(document, path, "unfilled", {"text": text.strip()})


@rule("BV227")
def has_municipalities(files: PilotFiles) -> Iterator[Hit]:
    if files.pilot is not None and not files.pilot.model.municipalities:
        yield Hit(files.pilot, ("parties",), "none")
