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

import contextlib
import functools
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from bygdevekst_cli import __version__, cache

if TYPE_CHECKING:
    from babel.plural import PluralRule

#: The written standards a pilot can have, and the languages of the command line.
DOCUMENT_LANGUAGES = ("nn", "nb")
CLI_LANGUAGES = ("nn", "nb", "en")

#: The territory of a language's CLDR locale, where the language alone is not the one
#: meant: the command line's English is British (``en_GB``: «19 February 2026», and lists
#: without the serial comma, «A, B and C»).
_TERRITORIES = {"en": "GB"}


def cldr_locale(language: str) -> str:
    """The CLDR locale Babel formats ``language``'s lists, numbers and dates in."""
    territory = _TERRITORIES.get(language)
    return f"{language}_{territory}" if territory else language


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


#: Where the catalogues are without ``importlib.resources``: next to the package in an
#: installed wheel, the repository's ``templates/`` in a source checkout.
_PACKAGE_FOLDER = Path(__file__).resolve().parent
_WORD_FOLDERS = (
    _PACKAGE_FOLDER / "templates" / "words",
    _PACKAGE_FOLDER.parent.parent / "templates" / "words",
)


def catalogue_path(language: str) -> Path:
    """The file of ``language``'s word catalogue, wherever the tool is installed from."""
    for folder in _WORD_FOLDERS:
        path = folder / f"{language}.toml"
        if path.is_file():
            return path
    from importlib import resources  # an unusual install (a zip): ask the import system

    with resources.as_file(resources.files(_PACKAGE).joinpath("words", f"{language}.toml")) as p:
        return Path(p)


def cache_entry_name(language: str, path: Path) -> str:
    """The cache entry of the catalogue at ``path``: one per installation, so that two
    installations (or checkouts) sharing the cache folder do not replace each other's entry
    on every run."""
    from bygdevekst_cli.fsutil import name_bytes

    return f"words-{language}-{zlib.crc32(name_bytes(str(path))):08x}"


@functools.cache
def _catalogue(language: str) -> dict[str, Any]:
    """The flattened catalogue; parsed TOML is kept in the cache keyed by the file's stat.

    Parsing the 50 KiB catalogues with ``tomllib`` costs ~30 ms, reading the cached entry
    well under 1 ms; every command pays it at start-up (help texts come from the catalogue).
    """
    path = catalogue_path(language)
    stat = path.stat()
    key = (__version__, str(path), stat.st_mtime_ns, stat.st_size)
    name = cache_entry_name(language, path)
    entries = cache.load(name, key, tool_data=True)
    if isinstance(entries, dict):
        return entries
    import tomllib

    entries = _flatten(tomllib.loads(path.read_text(encoding="utf-8")))
    cache.store(name, key, entries, tool_data=True)
    return entries


@functools.cache
def _list_patterns(language: str, style: str) -> dict[str, str]:
    """Babel's CLDR list patterns (``start``, ``middle``, ``end``, ``2``) for a language.

    Loading Babel's locale data costs ~45 ms, so the few patterns are kept in the cache,
    keyed by the tool's version (and named by the locale, which is part of what they are).
    """
    locale = cldr_locale(language)
    name = f"list-patterns-{locale}-{style}"
    patterns = cache.load(name, __version__, tool_data=True)
    if isinstance(patterns, dict):
        return patterns
    from babel import Locale

    patterns = dict(Locale.parse(locale).list_patterns[style])
    cache.store(name, __version__, patterns, tool_data=True)
    return patterns


@functools.cache
def _plural_rule(language: str) -> PluralRule:
    """Babel's CLDR plural rule for a language (``{"one": "n in 1"}`` for nn and nb).

    Like the list patterns, the rule's text is kept in the cache: Babel's locale data, which
    holds it, costs ~18 ms to load, and every ``validate`` counts its findings; importing
    ``babel.plural`` and parsing the rule's text cost ~4 ms.
    """
    from babel.plural import PluralRule, RuleError

    name = f"plural-rule-{language}"
    kept = cache.load(name, __version__, tool_data=True)
    if isinstance(kept, dict):
        try:
            return PluralRule(kept)
        except (RuleError, TypeError, ValueError, AttributeError):
            pass  # a damaged entry is a miss
    from babel import Locale

    rule = Locale.parse(language).plural_form
    cache.store(name, __version__, dict(rule.rules), tool_data=True)
    return rule


@functools.cache
def _entries(language: str) -> dict[str, Any]:
    """The words of ``language``; English's missing ones from Bokmål."""
    if language == "en":
        return {**_catalogue("nb"), **_catalogue("en")}
    return _catalogue(language)


class Words:
    """The catalogue of one language, as a callable: ``w("diff.changed", year=2026)``.

    English covers the command line only; a key it lacks is read from Bokmål.
    """

    def __init__(self, language: str | None) -> None:
        """``language``: the catalogue's; None: the command line's at each use
        (``cli_language``), which follows the pilot once the command has read it."""
        self._language = language

    @property
    def language(self) -> str:
        return self._language or cli_language()

    @property
    def _entries(self) -> dict[str, Any]:
        return _entries(self.language)

    def __call__(self, key: str, /, **slots: Any) -> str:
        try:
            pattern = self._entries[key]
        except KeyError:
            raise MissingWord(f"{self.language}: {key}") from None
        if not slots:
            return str(pattern)
        if any(isinstance(value, OSError) for value in slots.values()):
            slots = self._worded_reasons(slots)
        return str(pattern).format(**slots)

    def _worded_reasons(self, slots: dict[str, Any]) -> dict[str, Any]:
        """``slots`` with each ``OSError`` replaced by its reason in this catalogue's words
        (``os_reasons``): a message names why the system refused in its own language,
        not in Python's English ``strerror``."""
        from bygdevekst_cli.os_reasons import reason

        return {
            name: reason(value, self) if isinstance(value, OSError) else value
            for name, value in slots.items()
        }

    def has(self, key: str) -> bool:
        return key in self._entries

    def language_of(self, key: str) -> str:
        """The language ``key``'s words are in: English's own, else the Bokmål it falls back
        to (a list joined into such a sentence is joined in that language)."""
        if self.language == "en" and key not in _catalogue("en"):
            return "nb"
        return self.language

    def sentence(self, key: str) -> Words:
        """The catalogue of the language ``key``'s words are in: a list, plural form or
        number put into that sentence is formed with it, so that a sentence English lacks
        (read from Bokmål) is Bokmål throughout, not Bokmål with an English «and»."""
        language = self.language_of(key)
        return self if language == self.language else words(language)

    def get(self, key: str, default: str | None = None, /, **slots: Any) -> str | None:
        """The entry, or ``default`` when the catalogue has none (labels that may be absent)."""
        return self(key, **slots) if key in self._entries else default

    def plural(self, key: str, count: int, /, **slots: Any) -> str:
        """``key.one`` or ``key.other`` by CLDR's plural rule (of the language the forms are
        in); ``count`` is a slot too."""
        form = _plural_rule(self.language_of(f"{key}.other"))(count)
        choice = f"{key}.{form}" if f"{key}.{form}" in self._entries else f"{key}.other"
        return self(choice, count=count, **slots)

    def join(self, items: Iterable[Any], style: Literal["standard", "or"] = "standard") -> str:
        """``["a", "b", "c"]`` → ``a, b og c`` (``style="or"``: ``a, b eller c``)."""
        values = [str(item) for item in items]
        if len(values) < 2:
            return values[0] if values else ""
        # Babel's format_list, with its patterns read through the cache
        patterns = _list_patterns(self.language, style)
        if len(values) == 2:
            return patterns["2"].format(*values)
        result = patterns["start"].format(values[0], values[1])
        for value in values[2:-1]:
            result = patterns["middle"].format(result, value)
        return patterns["end"].format(result, values[-1])

    def reads_as_list(self, text: str) -> bool:
        """Whether ``text`` holds what joins the items of a list in this language (CLDR's
        «, » and «og»): a name that, in a list of names, reads as more than one."""
        return _list_joiners(self.language).search(text) is not None

    def keys(self) -> frozenset[str]:
        return frozenset(self._entries)


@functools.cache
def _list_joiners(language: str) -> re.Pattern[str]:
    """What stands between two items in the language's list patterns (``{0}, {1}``,
    ``{0} og {1}``): a comma, and a word only as a whole word."""
    joiners = set()
    for pattern in _list_patterns(language, "standard").values():
        joiner = pattern.partition("{0}")[2].partition("{1}")[0].strip()
        if joiner:
            joiners.add(rf"\b{re.escape(joiner)}\b" if joiner.isalnum() else re.escape(joiner))
    return re.compile("|".join(sorted(joiners)), re.IGNORECASE)


@functools.cache
def words(language: str) -> Words:
    """The one accessor: the catalogue of ``language`` (``nn``, ``nb`` or ``en``)."""
    code = str(getattr(language, "value", language))
    if code not in CLI_LANGUAGES:
        raise ValueError(f"unknown language {code!r}")
    return Words(code)


#: Environment variable that chooses the command line's language (``nn``, ``nb``, ``en``).
LANGUAGE_VARIABLE = "BYGDEVEKST_LANGUAGE"


_worked_on: set[str] = set()
"""The written standards of the pilots the running command has read (``works_on``)."""

_named: list[Callable[[], str | None]] = []
"""How to find the written standard of each pilot the running command names but has not
read yet (``names_pilot``)."""


def works_on(*languages: str | None) -> None:
    """The running command has read pilots in these written standards: when they are one,
    its own messages from here on are in it (``cli_language``)."""
    _worked_on.update(str(getattr(x, "value", x)) for x in languages if x is not None)


def names_pilot(language_of: Callable[[], str | None]) -> None:
    """The running command names a pilot (its PILOT argument) that it has not read yet.

    When its arguments are refused before any pilot is read (a bad option after PILOT),
    the refusal is in that pilot's written standard (``speak_named_pilots``), as the
    messages after the pilot is read are: a Nynorsk pilot is not told of one mistake in
    Bokmål and of the next in Nynorsk. ``language_of`` is asked only then, so a run that
    goes well reads nothing more."""
    _named.append(language_of)


def speak_named_pilots() -> None:
    """From here on, speak the written standard of the pilots the command names, as if
    read, unless it has read one already (each asked once: taken off the list first, for
    a question that words a message of its own)."""
    pending = list(_named)
    _named.clear()
    if not _worked_on:
        works_on(*(language_of() for language_of in pending))


@contextlib.contextmanager
def command_language() -> Iterator[None]:
    """One command's run: it starts knowing no pilot, and leaves none known after it."""
    _worked_on.clear()
    _named.clear()
    try:
        yield
    finally:
        _worked_on.clear()
        _named.clear()


def cli_language(pilot_language: str | None = None) -> str:
    """The language of the command line's own messages and help.

    ``BYGDEVEKST_LANGUAGE`` (set by the user or from the configuration) first, then the
    written standard of the pilot the command works on (``pilot_language``, else the one
    standard of the pilots it has read: ``works_on``), then the locale (``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``: ``nn``, ``nb``/``no``, ``en``), else Bokmål.
    """
    chosen = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    if chosen in CLI_LANGUAGES:
        return chosen
    if pilot_language is not None:
        return str(getattr(pilot_language, "value", pilot_language))
    if len(_worked_on) == 1:
        return next(iter(_worked_on))
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


def report_language(pilot_language: str) -> str:
    """The language of a report on a pilot's data (diff, history, the changes a check
    shows): the pilot's written standard, which names its fields, statuses and bodies as
    the data around them does, whichever Norwegian the command line speaks; English when
    the command line speaks English (``BYGDEVEKST_LANGUAGE=en``), for a reader who chose it.
    Documents are never English: they do not ask this."""
    code = str(getattr(pilot_language, "value", pilot_language))
    return "en" if cli_language(code) == "en" else code


def cli_words(pilot_language: str | None = None) -> Words:
    """The catalogue for the command line's messages (see ``cli_language``); without
    ``pilot_language``, in the language of the moment it is used (help texts are made
    before a pilot is read, a command's messages after)."""
    if pilot_language is None:
        return Words(None)
    return words(cli_language(pilot_language))
