"""``bygdevekst migrate``: rewrite files of an older format version to the current one.

Version 1 is the format before ``schema_version`` existed; version 2 is the same data with
``schema_version: 2`` as the first key. The key is added as one line of text after the
editor's schema line, so comments, key order, quoting and layout stay exactly as written;
the result is read back and must hold the old data plus the version, or nothing is written.
Files are written through a temporary file (``atomic_write``).

Values that were Norwegian words and are now language-neutral codes (``data/codes.yaml``,
e.g. ``body: formannskap`` -> ``body: executive_committee``) are rewritten in files of
either version, line by line, keeping the line's quoting and comment; the result is checked
the same way. A word that does not stand alone on its line (in ``{...}``, in a block text)
is reported with its line, for the user to rewrite by hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bygdevekst_cli.editing import roundtrip
from bygdevekst_cli.editing.formatrun import kind_in_pilot, refuse_not_pilot_file
from bygdevekst_cli.editing.version import VERSION_KEY, file_version, named_current, with_version
from bygdevekst_cli.errors import UserError
from bygdevekst_cli.findings import cut
from bygdevekst_cli.fsutil import atomic_write
from bygdevekst_cli.language import Words
from bygdevekst_cli.models.base import SCHEMA_VERSION
from bygdevekst_cli.models.codes import old_codes
from bygdevekst_cli.validate import named_files, refuse_link_out, refuse_plans_not_folder


@dataclass(frozen=True)
class Migrated:
    path: Path
    display: str
    text: str
    version: int
    """The version the file was in."""


@dataclass
class MigrateRun:
    migrated: list[Migrated] = field(default_factory=list)
    """Files in an older version (written unless only checking)."""
    errors: list[str] = field(default_factory=list)
    """One line per file that could not be read or migrated."""
    checked: int = 0


def migrate_text(text: str, display: str, w: Words) -> tuple[str, int]:
    """The current-version text of one file and the version it was in (``UserError`` when
    it cannot be migrated: not YAML, a version this tool does not know)."""
    before = roundtrip.loads(text, display)
    version = file_version(before)
    named = VERSION_KEY in before
    if version != SCHEMA_VERSION and version != 1:
        where = f"{display}:{before.lc.key(VERSION_KEY)[0] + 1}"
        value = _as_written(before[VERSION_KEY])
        # «"2"» in quotation marks is text: not «a version this tool does not know»
        known = value in ("1", str(SCHEMA_VERSION))
        key = "migrate.quoted_version" if known else "migrate.unknown_version"
        raise UserError(w(key, file=where, value=value, current=2))
    if version == SCHEMA_VERSION:
        after_text = recode(text)
    else:  # version 1: without the key, or «schema_version: 1» written out
        after_text = recode(named_current(text) if named else with_version(text))
        if after_text == text:  # a «1» the line rewrite did not find: not done safely
            raise UserError(w("migrate.not_safe", file=display))
    after = before if after_text == text else _reread(after_text, display, w)
    left = _old_word_left(after)
    if left is not None:
        line, old, code = left
        where = f"{display}:{line}"
        raise UserError(w("migrate.old_word_left", where=where, old=old, code=code))
    if after_text == text:
        return text, version
    rest = {key: value for key, value in before.items() if key != VERSION_KEY}
    expected = _recoded({VERSION_KEY: SCHEMA_VERSION, **rest})
    if after != expected or (not named and next(iter(after), None) != VERSION_KEY):
        raise UserError(w("migrate.not_safe", file=display))
    return after_text, version


def _as_written(value: Any) -> str:
    """A scalar as YAML writes it (``null``, ``true``), for a message quoting the file."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return cut(str(value))


def _reread(after_text: str, display: str, w: Words) -> CommentedMap:
    """The rewritten text parsed; a rewrite that broke the YAML (a file written as one flow
    mapping) cannot be done safely."""
    try:
        return roundtrip.loads(after_text, display)
    except UserError:
        raise UserError(w("migrate.not_safe", file=display)) from None


def _old_word_left(data: Any) -> tuple[int, str, str] | None:
    """The first old word still in a file after ``recode``, as ``(line, word, code)``.

    ``recode`` rewrites a word that stands alone after its key on its line; one inside
    ``{...}`` or a block text is left, and migrate must say so: otherwise validate (BV232)
    keeps saying «run migrate» and migrate keeps saying everything is current.
    """
    codes = old_codes()
    if isinstance(data, CommentedMap):
        for key, value in data.items():
            table = codes.get(key, {}) if isinstance(key, str) else {}
            if isinstance(value, str) and value in table:
                return data.lc.value(key)[0] + 1, value, table[value]
            found = _old_word_left(value)
            if found is not None:
                return found
    elif isinstance(data, CommentedSeq):
        for item in data:
            found = _old_word_left(item)
            if found is not None:
                return found
    return None


def _line_pattern(key: str, old: str) -> re.Pattern[str]:
    """A line ``key: old`` (in a list item or not, quoted or not, with or without a comment)."""
    return re.compile(
        rf"^(?P<head>[ \t]*(?:-[ \t]+)?{re.escape(key)}:[ \t]+)(?P<q>[\"']?){re.escape(old)}"
        rf"(?P=q)(?P<tail>[ \t]*(?:#.*)?)$",
        re.MULTILINE,
    )


def recode(text: str) -> str:
    """``text`` with every old word of ``data/codes.yaml`` replaced by its code."""
    for key, table in old_codes().items():
        for old, code in table.items():
            text = _line_pattern(key, old).sub(rf"\g<head>\g<q>{code}\g<q>\g<tail>", text)
    return text


def _recoded(data: Any) -> Any:
    """The data as ``recode`` should leave it (to check the text rewrite against)."""
    codes = old_codes()
    if isinstance(data, dict):
        return {
            key: (
                codes[key].get(value, value)
                if key in codes and isinstance(value, str)
                else _recoded(value)
            )
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_recoded(item) for item in data]
    return data


def migrate_paths(paths: Sequence[Path], cwd: Path, w: Words, *, write: bool) -> MigrateRun:
    """Migrate every YAML file of the pilots (or the single files) ``paths`` names."""
    run = MigrateRun()
    for path, display, folder in named_files(paths, cwd):
        try:
            refuse_link_out(path, display, folder)
            refuse_plans_not_folder(path, display, folder)
            refuse_not_pilot_file(path, display, folder)
        except UserError as error:
            run.checked += 1
            run.errors.append(str(error))
            continue
        if kind_in_pilot(path, folder) is None:
            continue  # a YAML file of the pilot's own (notes): it has no format version
        run.checked += 1
        try:
            raw = roundtrip.read_bytes(path, display)
            text = roundtrip.decode(raw, display)
            new, version = migrate_text(text, display, w)
            if new == text:
                continue
            if write:
                _write(path, display, roundtrip.encoded_like(new, raw), w, folder)
        except UserError as error:
            run.errors.append(str(error))
            continue
        run.migrated.append(Migrated(path, display, new, version))
    return run


def _write(path: Path, display: str, data: bytes, w: Words, folder: Path) -> None:
    """Write a migrated file; a link within its pilot folder is written through (as
    ``fmt`` writes it: ``fsutil.write_all``'s ``within``)."""
    try:
        atomic_write(path, data, within=folder)
    except OSError as exc:
        raise UserError(w("migrate.not_written", file=display, reason=exc)) from None
