"""Old words where the files now hold language-neutral codes (issue 10, item 8)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bygdevekst_cli.findings import YamlPath
from bygdevekst_cli.models.codes import old_word
from bygdevekst_cli.models.plan import DecidedBy, Treatment
from bygdevekst_cli.pilotset import PilotFiles
from bygdevekst_cli.rules.registry import Hit, rule

_WITH_CODES = ((Treatment, "body"), (DecidedBy, "body"))
"""The objects whose fields hold codes that were words, and those fields."""


@rule("BV232")
def old_words(files: PilotFiles) -> Iterator[Hit]:
    """A field written with the word an older file used (``body: formannskap``): read as its
    code, but the file should be rewritten with ``bygdevekst migrate``.

    The model has already turned the word into its code, so the word is read from the
    file's data as read, before the model."""
    for document in files.documents():
        for kind, field in _WITH_CODES:
            for at, found in document.objects(kind):
                written = _written(document.data, (*at, field))
                code = old_word(field, written)
                if code is not None and code == getattr(found, field).value:
                    slots = {"value": written, "code": code}
                    yield Hit(document, (*at, field), "old", slots)


def _written(data: Any, path: YamlPath) -> Any:
    """The value at ``path`` in a file's data (None where the path leads nowhere)."""
    try:
        for step in path:
            data = data[step]
    except (KeyError, IndexError, TypeError):
        return None
    return data
