"""The format version of each file (``schema_version``)."""

from __future__ import annotations

from collections.abc import Iterator

from bygdevekst_cli.models.base import SCHEMA_VERSION
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.rules.registry import Hit, rule

VERSION_KEY = "schema_version"


@rule("BV016", current=SCHEMA_VERSION)
def old_version(files: PilotFiles) -> Iterator[Hit]:
    """A file without ``schema_version`` is version 1: still read, but to be migrated.

    The finding points at the file's first key, where ``schema_version`` belongs."""
    for document in files.documents():
        if VERSION_KEY not in document.model.model_fields_set:
            given = document.model.model_fields_set
            first = next(
                (name for name in type(document.model).model_fields if name in given), None
            )
            at = (first,) if first is not None else ()
            yield Hit(document, at, "old", {"current": SCHEMA_VERSION}, key=True)
