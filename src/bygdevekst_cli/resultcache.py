"""The results cache of ``validate``: a pilot whose files have not changed is not read again.

As ruff does, results are kept per unit of work and keyed by what they depend on. One
entry per pilot folder (in ``cache.py``'s folder, under ``validate/``) holds

- per file: the parse (data, positions and YAML findings) keyed by the SHA-256 of the
  file's bytes and the language its messages are worded in, so an edited file is parsed
  again and its unchanged neighbours are not;
- for the pilot: every finding of reading and of the rules, keyed by the hashes of all its
  files, the folder's listing, the date the rules compare with, and the language.

Everything is also keyed by the tool: its version and a stamp of its own code and word
catalogues (so a changed rule, a changed message or another install is a miss).

The rules that ask git (BV304, and the amendment rule: a plan naming an
``adopted_revision``) depend on more than the files: such a pilot's rule results are not
kept, only its parses. A damaged entry, an unreadable file or a folder that cannot be
written is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from bygdevekst_cli import cache
from bygdevekst_cli.findings import Finding
from bygdevekst_cli.fsutil import name_bytes
from bygdevekst_cli.language import LANGUAGE_VARIABLE
from bygdevekst_cli.pilotfolder import FolderSource

if TYPE_CHECKING:  # a run served from the cache imports no YAML parser
    from bygdevekst_cli.loader import LoadedYaml

#: Bytes that make a pilot's rule results depend on its git repository, not only its files.
GIT_MARKERS = (b"adopted_revision",)

_ENVIRONMENT = (LANGUAGE_VARIABLE, "LC_ALL", "LC_MESSAGES", "LANG")
"""What chooses the language of the messages (``language.cli_language``)."""


class PilotOutcome(NamedTuple):
    """What checking one pilot gives: its findings and files, and what ``validate``
    needs to report on some of its files only."""

    findings: list[Finding]
    files: list[str]
    broken: Sequence[str] = ()
    """Display paths of pilot-wide files (pilot.yaml, agreement.yaml) that did not read."""
    language: str | None = None
    """The pilot's written standard, when known (for the words of a notice)."""

    def encode(self) -> tuple[Any, ...]:
        return ([f.to_data() for f in self.findings], self.files, self.broken, self.language)

    @classmethod
    def decode(cls, value: Any) -> PilotOutcome:
        findings, files, broken, language = value
        return cls(
            [Finding.from_data(f) for f in findings],
            [str(f) for f in files],
            [str(b) for b in broken],
            None if language is None else str(language),
        )


def _encode_loaded(loaded: LoadedYaml) -> tuple[Any, ...]:
    """A parse as kept: its data, positions (``SourceMap.kept``), findings and first line."""
    source = None if loaded.data is None else loaded.source.kept()
    return (loaded.data, source, [f.to_data() for f in loaded.findings], loaded.first_line)


def _decode_loaded(value: Any, path: Path, display: str) -> LoadedYaml:
    from bygdevekst_cli.loader import LoadedYaml, SourceMap

    data, source, findings, first_line = value
    if not (data is None or isinstance(data, dict)):
        raise TypeError("data")
    positions = SourceMap() if data is None else SourceMap.from_kept(data, source)
    decoded = tuple(Finding.from_data(f) for f in findings)
    return LoadedYaml(path, display, data, positions, decoded, str(first_line))


# --- the key -------------------------------------------------------------------------------


def tool_version() -> str:
    """The tool's version, read when asked (a test can change it)."""
    import bygdevekst_cli

    return str(bygdevekst_cli.__version__)


LIBRARIES = ("yaml", "ruamel.yaml", "pydantic", "pydantic_core", "babel", "typst")
"""The libraries whose behaviour a result depends on: the YAML parsers, validation, number
formats in messages, the PDF's fonts (BV256)."""


@functools.cache
def code_stamp() -> str:
    """A digest of the tool's own files (modules, data, word catalogues) and of the
    ``LIBRARIES``' package files, by name, size and time: results made by other code, or
    with another version of a library, are never served, also between checkouts of one
    version. (``os.scandir``, not ``Path.rglob``: this runs on every cached run; the
    libraries are found without importing them.) The history's caches are keyed by it too.
    """
    from bygdevekst_cli.language import CLI_LANGUAGES, catalogue_path

    package = Path(__file__).resolve().parent
    lines = [str(package)]
    entries = [*_modules(str(package)), *_listing(str(package / "data"))]
    for entry in entries:
        with contextlib.suppress(OSError):
            stat = entry.stat()
            lines.append(f"{entry.path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for language in sorted(CLI_LANGUAGES):
        catalogue = catalogue_path(language)
        with contextlib.suppress(OSError):
            stat = catalogue.stat()
            lines.append(f"{catalogue}\0{stat.st_size}\0{stat.st_mtime_ns}")
    lines.extend(library_stamp(name) for name in LIBRARIES)
    return hashlib.sha256(name_bytes("\n".join(lines))).hexdigest()


def library_stamp(name: str) -> str:
    """Where a library's package file is, its size and time (installing another version
    writes it anew); empty when it cannot be found."""
    from importlib.machinery import PathFinder

    try:
        spec, path = None, None
        for part in name.split("."):  # the path finder imports no parent package
            spec = PathFinder.find_spec(f"{spec.name}.{part}" if spec else part, path)
            path = spec.submodule_search_locations if spec else None
        if spec is None or spec.origin is None:
            return f"{name}\0"
        stat = Path(spec.origin).stat()
    except (ImportError, ValueError, OSError):
        return f"{name}\0"
    return f"{spec.origin}\0{stat.st_size}\0{stat.st_mtime_ns}"


def _listing(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError:
        return []


def _modules(folder: str) -> Iterator[os.DirEntry[str]]:
    """Every ``.py`` file under ``folder``, in a fixed order."""
    for entry in _listing(folder):
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                yield from _modules(entry.path)
        elif entry.name.endswith(".py"):
            yield entry


def _identity(folder: Path, display: str) -> tuple[Any, ...]:
    """What every result of one pilot entry depends on besides the files."""
    environment = tuple(os.environ.get(name, "") for name in _ENVIRONMENT)
    return (tool_version(), code_stamp(), str(folder), display, environment)


def _entry_name(folder: Path, display: str) -> str:
    """One entry per installation, pilot folder and name it is shown by."""
    return cache.entry_name("validate", str(folder), display)


# --- reading a pilot through the cache ---------------------------------------------------


class Snapshot(FolderSource):
    """A pilot folder whose files are read once: their bytes serve hashing and parsing.

    ``fill`` reads every YAML file; ``read`` then answers from those bytes, so what was
    hashed is what is parsed. The history's change store reads the working tree this way too.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        object.__setattr__(self, "_contents", {})  # FolderSource is frozen

    @property
    def contents(self) -> dict[str, bytes]:
        """Each YAML file's bytes, by its path in the pilot folder (after ``fill``)."""
        contents: dict[str, bytes] = self.__dict__["_contents"]
        return contents

    def fill(self) -> tuple[Any, ...]:
        """Read every YAML file's bytes; the listing the reading depends on (raises OSError)."""
        present = self.yaml_files()
        for relative in present:
            self.contents[relative] = FolderSource.read(self, relative)
        return (
            tuple(present),
            tuple(self.links_outside()),
            tuple(self.top_level_names()),
            tuple((name, str(exc)) for name, exc in self.unreadable_folders()),
        )

    def read(self, relative: str) -> bytes:
        found = self.contents.get(relative)
        return found if found is not None else super().read(relative)


@dataclass(repr=False, eq=False)
class _Parses:
    """The parse step with the stored parses in front of it; records every parse used."""

    stored: dict[str, Any]
    used: dict[str, Any] = field(default_factory=dict)
    parsed: int = 0

    def __call__(self, raw: bytes, path: Path, display: str, language: str | None) -> LoadedYaml:
        relative = path.as_posix()
        digest = hashlib.sha256(raw).hexdigest()
        kept = self.stored.get(relative)
        if isinstance(kept, tuple) and len(kept) == 3 and kept[:2] == (digest, language):
            try:
                loaded = _decode_loaded(kept[2], path, display)
            except (TypeError, ValueError, KeyError, IndexError):
                loaded = None
            if loaded is not None:
                self.used[relative] = kept
                return loaded
        from bygdevekst_cli.loader import load_yaml_bytes

        loaded = load_yaml_bytes(raw, path, display, language)
        self.parsed += 1
        self.used[relative] = (digest, language, _encode_loaded(loaded))
        return loaded


def check_pilot_cached(
    folder: Path, display: str, today: dt.date, check: Callable[..., PilotOutcome] | None = None
) -> PilotOutcome:
    """``check`` (default: ``validate.check_pilot``) through the cache (the cache must be
    enabled); it is called only when the entry does not answer."""
    if check is None:
        from bygdevekst_cli.validate import check_pilot

        check = check_pilot
    source = Snapshot(folder)
    try:
        listing = source.fill()
    except OSError:
        return check(folder, display, today)  # the reading reports what is wrong
    contents = source.contents
    name = _entry_name(folder, display)
    identity = _identity(folder, display)
    pilot_key = (
        today.isoformat(),
        listing,
        sorted((rel, hashlib.sha256(raw).hexdigest()) for rel, raw in contents.items()),
    )
    stored = cache.load(name, identity)
    if not isinstance(stored, dict):
        stored = {}
    if stored.get("pilot") == pilot_key:
        try:
            return PilotOutcome.decode(stored["result"])
        except (TypeError, ValueError, KeyError, IndexError):
            pass  # a damaged entry: checked again below, and stored anew
    files = stored.get("files")
    parses = _Parses(files if isinstance(files, dict) else {})
    outcome = check(folder, display, today, source=source, parse=parses)
    entry: dict[str, Any] = {"files": parses.used}
    if not _asks_git(contents.values()):
        entry["pilot"] = pilot_key
        entry["result"] = outcome.encode()
    cache.store(name, identity, entry)
    return outcome


def _asks_git(contents: Iterable[bytes]) -> bool:
    return any(marker in raw for raw in contents for marker in GIT_MARKERS)
