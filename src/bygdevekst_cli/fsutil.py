"""Writing files so that a failure never leaves a half-written or lost file."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

#: Whether this is Windows (a name for the tests to change: ``os.name`` decides which class
#: ``Path()`` makes).
ON_WINDOWS = os.name == "nt"


def resolved(path: Path) -> Path:
    """``path`` absolute with its links followed, as far as they lead.

    ``Path.resolve`` raises on a symbolic link that points at itself (``RuntimeError``
    before Python 3.13); a pilot folder may hold one, and a path used only as a key must
    not stop the run: such a link is kept as it is, under its resolved folder.
    """
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.parent.resolve() / path.name


def name_bytes(text: str) -> bytes:
    """``text`` (a path, or a key or message that holds one) as UTF-8 bytes, for a hash.

    Under a locale that cannot decode a file name (``LC_ALL=C``: ASCII), Python reads the
    bytes of ``æ`` in a folder's name as lone surrogates, which plain ``encode()`` refuses;
    here they turn back into the bytes they stand for. Text without them encodes as before.
    """
    return text.encode("utf-8", "surrogateescape")


def make_folders(folder: Path) -> None:
    """``folder`` and the folders above it, as ``mkdir(parents=True, exist_ok=True)``.

    A file (or a link that leads nowhere) in the way is reported as what it is, a part of
    the path that is not a folder (ENOTDIR), not as the EEXIST ``mkdir`` raises for it:
    «file exists» about a file the user did not name, beside the one they did.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        error = errno.ENOTDIR
        raise NotADirectoryError(error, os.strerror(error), exc.filename) from None


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` to a temporary file beside ``path``, then move it into place.

    The move is atomic on one file system (Windows too), so readers see the old file or
    the new one, never a mix; on failure the temporary file is removed and ``path`` is
    untouched.
    """
    import tempfile  # ~5 ms (random): not for every command that imports this module

    if ON_WINDOWS:
        _refuse_windows_name(path)
    _refuse_read_only(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    make_folders(path.parent)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(_mode_for(path))
        _move_into_place(Path(temporary), path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _move_into_place(temporary: Path, path: Path) -> None:
    """Move ``temporary`` over ``path``. Windows refuses to replace a file another program
    holds open (Word, a document it shows) with ERROR_ACCESS_DENIED, the refusal of a file
    one may not write, and the message said «permission denied» where closing Word is the
    cure; opening the file tells the two apart (ERROR_SHARING_VIOLATION), and that is the
    error raised then."""
    try:
        temporary.replace(path)
    except PermissionError as error:
        held = _held_open(path) if ON_WINDOWS else None
        if held is None:
            raise
        raise held from error


def _held_open(path: Path) -> OSError | None:
    """The error of opening ``path`` for writing when another program holds it open
    (Windows' sharing or lock violation); None when it opens, or fails otherwise."""
    try:
        handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError as error:
        return error if getattr(error, "winerror", None) in (32, 33) else None
    os.close(handle)
    return None


#: Names Windows keeps for devices, with any extension («aux.docx»), in any case.
WINDOWS_DEVICES = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{port}{number}" for port in ("com", "lpt") for number in "0123456789¹²³"]
)
#: Characters no name may hold on Windows (nor in OneDrive or SharePoint).
WINDOWS_FORBIDDEN = frozenset('<>:"|?*') | {chr(n) for n in range(32)}


def windows_refuses(name: str) -> bool:
    """Whether Windows refuses ``name`` as a file or folder name, or makes another of it: a
    device's name (writing «CON» writes to the console), a character it forbids («:» names
    a hidden stream of another file), or a dot or space at the end, which it drops."""
    if name in (".", ".."):
        return False
    return (
        not WINDOWS_FORBIDDEN.isdisjoint(name)
        or name.endswith((".", " "))
        or name.split(".")[0].rstrip(" ").lower() in WINDOWS_DEVICES
    )


def _refuse_windows_name(path: Path) -> None:
    """Refuse, as Windows does for a name it rejects (ERROR_INVALID_NAME), a path with a
    part Windows would not write as it is named: before the temporary file beside it is made
    (under a name Windows would mangle in the same way)."""
    parts = path.parts[1:] if path.anchor else path.parts  # not the drive's «C:»
    if any(windows_refuses(part) for part in parts):
        error = OSError(errno.EINVAL, os.strerror(errno.EINVAL), str(path))
        setattr(error, "winerror", 123)  # noqa: B010 (ERROR_INVALID_NAME; POSIX's OSError lacks it)
        raise error


def _refuse_read_only(path: Path) -> None:
    """Refuse to replace a file marked read-only, or one this user could not write.

    Moving the new file into place needs only the folder's permission on POSIX, so a
    read-only document would silently be replaced; Windows refuses (a file open in Word is
    read-only there too). A file kept read-only on purpose, a signed version, stays as it is
    on both, and the failure names it.
    """
    try:
        mode = path.stat().st_mode
    except OSError:  # absent (a new file), or a folder on the way is not one
        return
    if stat.S_ISREG(mode) and (not mode & 0o222 or not os.access(path, os.W_OK)):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


def write_or_refuse(path: Path, data: bytes | str, display: str) -> None:
    """``atomic_write``, with a failure (a folder of that name, a full disk, no permission)
    as the one-line ``NotWritable`` that names ``display``, not a traceback."""
    from bygdevekst_cli.errors import NotWritable

    try:
        atomic_write(path, data)
    except OSError as exc:
        raise NotWritable(file=display, reason=exc) from None


def _mode_for(path: Path) -> int:
    """The file keeps its mode; a new file gets the usual one (0666 less the umask), not
    the 0600 that ``mkstemp`` gives its temporary file."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return usual_mode()


def usual_mode(*, folder: bool = False) -> int:
    """The mode a new file (0666) or folder (0777) gets, less the umask: what the private
    0600 of ``mkstemp`` and 0700 of ``mkdtemp`` become once the new file or folder is put
    in place, so that other users (a shared drive, a web server) read it as any other."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if folder else 0o666) & ~umask
