"""Old words where the files now hold language-neutral codes (issue 10, item 8)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
    file's own line (the source map says where the value stands)."""
    for document in files.documents():
        lines: list[str] | None = None
        for kind, field in _WITH_CODES:
            for at, found in document.objects(kind):
                position = document.source.values.get((*at, field))
                if position is None:
                    continue
                if lines is None:
                    lines = _lines(files.folder / document.path)
                line, column = position
                if not 0 < line <= len(lines):
                    continue
                written = lines[line - 1][column - 1 :].split("#")[0].strip().strip("\"'")
                code = old_word(field, written)
                if code is not None and code == getattr(found, field).value:
                    slots = {"value": written, "code": code}
                    yield Hit(document, (*at, field), "old", slots)


def _lines(path: Path) -> list[str]:
    """The file's lines on disk (none when it is not there, e.g. a file read from git)."""
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
