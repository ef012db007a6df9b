"""The language layer: every fixed word and sentence pattern the tool shows, per written standard.

The words live in one catalogue per language, ``templates/words/<code>.toml`` (``nn``
Nynorsk, ``nb`` Bokmål, ``en`` English for the command line only), installed as package
data of ``bygdevekst_cli.templates``. TOML because it is read by the standard library
(``tomllib``: nothing to import at start-up beyond it), keeps comments for translators and
holds multi-line sentences; tables give the dotted keys (``[diff] changed = ...`` is
``diff.changed``).

Sentences have named slots in ``str.format`` style (``"Budsjettet for {year} er auka"``).
A key with ``one``/``other`` children is a plural choice (``words.plural(key, n)``); list
joins use Babel's CLDR list patterns ("A, B og C"), so no conjunction lives in Python.

Python and Jinja read the same object: ``words(lang)`` here, ``w`` in templates.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, Literal

#: The written standards a pilot can have, and the languages of the command line.
DOCUMENT_LANGUAGES = ("nn", "nb")
CLI_LANGUAGES = ("nn", "nb", "en")

_PACKAGE = "bygdevekst_cli.templates"


class MissingWord(KeyError):
    """A key that the catalogue does not have (a programming error; tests keep it out)."""


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


@functools.cache
def _catalogue(language: str) -> dict[str, Any]:
    source = resources.files(_PACKAGE).joinpath("words", f"{language}.toml")
    return _flatten(tomllib.loads(source.read_text(encoding="utf-8")))


class Words:
    """The catalogue of one language, as a callable: ``w("diff.changed", year=2026)``.

    English covers the command line only; a key it lacks is read from Bokmål.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self._entries = _catalogue(language)
        if language == "en":
            self._entries = {**_catalogue("nb"), **self._entries}

    def __call__(self, key: str, /, **slots: Any) -> str:
        try:
            pattern = self._entries[key]
        except KeyError:
            raise MissingWord(f"{self.language}: {key}") from None
        return str(pattern).format(**slots) if slots else str(pattern)

    def has(self, key: str) -> bool:
        return key in self._entries

    def get(self, key: str, default: str | None = None, /, **slots: Any) -> str | None:
        """The entry, or ``default`` when the catalogue has none (labels that may be absent)."""
        return self(key, **slots) if key in self._entries else default

    def plural(self, key: str, count: int, /, **slots: Any) -> str:
        """``key.one`` or ``key.other`` by CLDR's plural rule; ``count`` is a slot too."""
        from babel import Locale

        form = Locale.parse(self.language).plural_form(count)
        choice = f"{key}.{form}" if f"{key}.{form}" in self._entries else f"{key}.other"
        return self(choice, count=count, **slots)

    def join(self, items: Iterable[Any], style: Literal["standard", "or"] = "standard") -> str:
        """``["a", "b", "c"]`` → ``a, b og c`` (``style="or"``: ``a, b eller c``)."""
        from babel.lists import format_list

        values = [str(item) for item in items]
        if not values:
            return ""
        return str(format_list(values, style=style, locale=self.language))

    def keys(self) -> frozenset[str]:
        return frozenset(self._entries)


@functools.cache
def words(language: str) -> Words:
    """The one accessor: the catalogue of ``language`` (``nn``, ``nb`` or ``en``)."""
    code = str(getattr(language, "value", language))
    if code not in CLI_LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    return Words(code)


#: Environment variable that chooses the command line's language (``nn``, ``nb``, ``en``).
LANGUAGE_VARIABLE = "BYGDEVEKST_LANGUAGE"


def cli_language(pilot_language: str | None = None) -> str:
    """The language of the command line's own messages and help.

    ``BYGDEVEKST_LANGUAGE`` (set by the user or from the configuration) first, then the
    written standard of the pilot the command works on, then the locale (``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``: ``nn``, ``nb``/``no``, ``en``), else Bokmål.
    """
    chosen = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    if chosen in CLI_LANGUAGES:
        return chosen
    if pilot_language is not None:
        return str(getattr(pilot_language, "value", pilot_language))
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "").lower()
        if not value:
            continue
        code = value.split(".")[0].split("_")[0]
        if code in ("nn", "nb", "en"):
            return code
        if code == "no":
            return "nb"
        break
    return "nb"


def cli_words(pilot_language: str | None = None) -> Words:
    """The catalogue for the command line's messages (see ``cli_language``)."""
    return words(cli_language(pilot_language))
