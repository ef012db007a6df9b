"""The importer's matching data: header words, heading patterns and the template's fixed
sentences, read once from ``data/import_matching.yaml`` (no Norwegian in the code).

Keys are dotted paths into that file (``headings.goal``); a missing key is a packaging bug
and raises ``KeyError``.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from bygdevekst_cli.loader import load_package_data

_FILE = "import_matching.yaml"


@functools.cache
def _data() -> dict[str, Any]:
    return load_package_data(_FILE)


def value(key: str) -> Any:
    """The raw value at ``key``."""
    found: Any = _data()
    for part in key.split("."):
        if not isinstance(found, dict) or part not in found:
            raise KeyError(f"data/{_FILE}: no key {key}")
        found = found[part]
    return found


def text(key: str, **slots: str) -> str:
    """A string, with ``{slot}`` filled in when slots are given."""
    found = str(value(key))
    return found.format(**slots) if slots else found


def words(key: str) -> tuple[str, ...]:
    return tuple(str(item) for item in value(key))


@functools.cache
def pattern(key: str, **slots: str) -> re.Pattern[str]:
    """The compiled pattern at ``key`` (``{slot}`` filled in first when slots are given)."""
    return re.compile(text(key, **slots))


def patterns(key: str) -> dict[str, re.Pattern[str]]:
    """A table of named patterns, in the file's order."""
    return {str(name): re.compile(str(source)) for name, source in value(key).items()}
