"""Transitional: the old word keys, now read from the word catalogues (``language``).

Field, source, status, body and outcome words keep their dotted keys; the others live in the
catalogues' ``diff`` and ``history`` tables. New code calls ``language.words`` directly.
"""

from __future__ import annotations

from bygdevekst_cli.language import words
from bygdevekst_cli.models import Language

_HISTORY = frozenset(
    [
        "history",
        "no_history",
        "no_history_measure",
        "merge",
        "new_measure",
        "closed_measure",
        "dropped_measure",
        "file_added",
        "file_deleted",
        "file_changed",
        "file_moved",
        "file_unreadable",
        "file_readable_again",
        "other_changes",
        "form_only",
        "adoption_tag",
    ]
)


def _key(key: str) -> str:
    if "." in key:
        return key
    return f"history.{key}" if key in _HISTORY else f"diff.{key}"


def word(key: str, language: Language | str) -> str:
    return words(Language(language).value)(_key(key))


def has_word(key: str) -> bool:
    return words("nb").has(_key(key))
