"""A small on-disk cache for what is costly to derive and cheap to key.

Entries live in ``$BYGDEVEKST_CACHE_DIR``, else ``$XDG_CACHE_HOME/bygdevekst``, else
``~/.cache/bygdevekst`` (as ruff and pip keep theirs in the user's cache folder). Each entry
is one ``marshal`` file holding ``(key, value)``: the caller's key names everything the value
depends on (the tool's version, a source file's size and modification time), and a stored
key that differs is a miss. Values are plain data (str, int, list, dict, tuple).

The cache is an optimisation only: a folder that cannot be read or written, or a damaged
entry, is a miss and never an error; entries are written through a temporary file and
renamed, so a reader never sees half an entry.

Two kinds of entry share the folder. Most are derived from the files a command works on
(validation results, parsed plans, a history's changes); ``--no-cache`` (``disabled()``)
turns those off. The rest (``tool_data=True``) are derived from the tool's own installed
files alone (its word catalogues, Babel's locale data, compiled templates, Typst's glyphs),
keyed by those files: they cannot change what a command finds, and they are what every
command pays at start-up, so ``--no-cache`` keeps them. ``BYGDEVEKST_NO_CACHE=1`` turns off
both: nothing is read or written.
"""

from __future__ import annotations

import marshal
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from bygdevekst_cli.fsutil import lock_in_use, remove_stale_temporaries

T = TypeVar("T")

#: Environment variable naming the cache folder; ``BYGDEVEKST_NO_CACHE=1`` turns it off.
CACHE_VARIABLE = "BYGDEVEKST_CACHE_DIR"
NO_CACHE_VARIABLE = "BYGDEVEKST_NO_CACHE"

_turned_off = 0
"""How many ``disabled()`` blocks are open (``--no-cache`` of the running command)."""


@contextmanager
def disabled() -> Iterator[None]:
    """Within this block no entry derived from the files worked on is read or written
    (``--no-cache``); the tool's own data still is (see the module's docstring)."""
    global _turned_off
    _turned_off += 1
    try:
        yield
    finally:
        _turned_off -= 1


def enabled(*, tool_data: bool = False) -> bool:
    """Whether entries of this kind are in use: not turned off by ``BYGDEVEKST_NO_CACHE``,
    nor, for entries derived from the files worked on, in a ``disabled()`` block."""
    if os.environ.get(NO_CACHE_VARIABLE, "").strip() not in ("", "0"):
        return False
    return tool_data or _turned_off == 0


def cache_dir(*, tool_data: bool = False) -> Path | None:
    """The cache folder, or ``None`` when entries of this kind are turned off or there is
    nowhere to keep them: no ``HOME`` and a user the system does not know (a CI container
    run as a bare user id), where ``Path.home()`` raises."""
    if not enabled(tool_data=tool_data):
        return None
    chosen = os.environ.get(CACHE_VARIABLE, "").strip()
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base and Path(base).is_absolute():  # a relative one is invalid (XDG Base Directory)
        return Path(base) / "bygdevekst"
    try:
        return Path.home() / ".cache" / "bygdevekst"
    except (RuntimeError, KeyError):  # RuntimeError: pathlib's "Could not determine home"
        return None


def _entry(name: str, tool_data: bool) -> Path | None:
    folder = cache_dir(tool_data=tool_data)
    return None if folder is None else folder / f"{name}.marshal"


def load(name: str, key: Any, *, tool_data: bool = False) -> Any | None:
    """The value stored under ``name`` for ``key``, or ``None`` on any miss.

    ``tool_data``: the entry is derived from the tool's own files alone (module docstring).
    """
    path = _entry(name, tool_data)
    if path is None:
        return None
    try:
        stored_key, value = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):  # absent, damaged or another shape
        return None
    return value if stored_key == key else None


def store(name: str, key: Any, value: Any, *, tool_data: bool = False) -> None:
    """Keep ``value`` under ``name`` for ``key``; a failure to write is silently a no-op.

    The temporary file is removed whatever stops the write (a full disk, Ctrl+C); those a
    killed run left are removed by the next run that stores in the same folder.
    """
    path = _entry(name, tool_data)
    if path is None:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        data = marshal.dumps((key, value))
        path.parent.mkdir(parents=True, exist_ok=True)
        _sweep_once(path.parent)
        with temporary.open("wb") as stream:
            lock_in_use(stream.fileno())
            stream.write(data)
        temporary.replace(path)
    except (OSError, ValueError):
        _remove(temporary)
    except BaseException:
        _remove(temporary)
        raise


def _remove(temporary: Path) -> None:
    with suppress(OSError):
        temporary.unlink(missing_ok=True)


_TEMPORARY = re.compile(r"\..+\.marshal\.[0-9]+\.tmp")
"""The names of ``store``'s temporary files (``.NAME.marshal.PID.tmp``)."""

_swept: set[Path] = set()
"""The cache folders this process has cleared of stale temporary files."""


def _sweep_once(folder: Path) -> None:
    """Remove the temporary files a killed run left in ``folder``, once per process: a
    folder listing on every store would cost more than the entries save."""
    if folder not in _swept:
        _swept.add(folder)
        remove_stale_temporaries(folder, _TEMPORARY)


def load_checked(name: str, key: Any, *, tool_data: bool = False) -> bytes | None:
    """Bytes kept with ``store_checked``; None on any miss, and when they are not the bytes
    that were kept (a checksum: ``marshal`` reads some damaged data without complaint)."""
    import hashlib

    kept = load(name, key, tool_data=tool_data)
    if not (isinstance(kept, tuple) and len(kept) == 2):
        return None
    digest, raw = kept
    if not isinstance(raw, bytes) or hashlib.sha256(raw).digest() != digest:
        return None
    return raw


def store_checked(name: str, key: Any, raw: bytes, *, tool_data: bool = False) -> None:
    """Keep ``raw`` under ``name`` for ``key``, with its checksum (see ``load_checked``)."""
    import hashlib

    store(name, key, (hashlib.sha256(raw).digest(), raw), tool_data=tool_data)


def load_decoded(
    name: str, key: Any, decode: Callable[[bytes], T], *, tool_data: bool = False
) -> T | None:
    """What ``store_encoded`` kept under ``name`` for ``key``, decoded; None on any miss,
    also when ``decode`` refuses the bytes (``ValueError``, ``EOFError``, ``TypeError``)."""
    raw = load_checked(name, key, tool_data=tool_data)
    if raw is None:
        return None
    try:
        return decode(raw)
    except (ValueError, EOFError, TypeError):
        return None


def store_encoded(
    name: str, key: Any, encode: Callable[[], bytes], *, tool_data: bool = False
) -> None:
    """Keep what ``encode`` gives under ``name`` for ``key``, checksummed; nothing when it
    holds a value ``marshal`` cannot keep (``ValueError``)."""
    try:
        raw = encode()
    except ValueError:
        return
    store_checked(name, key, raw, tool_data=tool_data)


#: Where this installation's code lives: two installations (or checkouts) sharing the cache
#: folder name their entries apart rather than replacing each other's on every run.
INSTALLATION = str(Path(__file__).resolve().parent)


def entry_name(folder: str, *parts: str) -> str:
    """The name of an entry in ``folder`` for what ``parts`` name (a repository, a pilot
    folder), of this installation."""
    import hashlib

    from bygdevekst_cli.fsutil import name_bytes

    where = "\0".join((INSTALLATION, *parts))
    return f"{folder}/{hashlib.sha256(name_bytes(where)).hexdigest()[:32]}"
