"""Writing files so that a failure never leaves a half-written or lost file."""

from __future__ import annotations

import errno
import os
import re
import stat
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
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


def seen_from(cwd: Path, path: Path) -> str:
    """``path`` as the user can use it where they stand, ``cwd``: relative to ``cwd`` when
    it lies below it, as ``validate`` names the files of its findings (``display_path``);
    otherwise as it was given (``../pilots/x``, or an absolute path). With forward slashes,
    as every message writes a path, on Windows too."""
    try:
        return resolved(cwd / path).relative_to(cwd.resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def as_named_on_disk(path: Path, parts: int = 2) -> Path:
    """``path`` (an existing one) with its last ``parts`` names spelt as the folder holds
    them: ``pilots/Fjellbygda`` typed on Windows or macOS, whose file systems find
    ``pilots/fjellbygda`` under it, is ``pilots/fjellbygda``, the name git, the rules (a
    pilot's id names its folder) and every message use. A name the folder holds as given,
    or whose case no single entry matches, stays as it is (as on Linux, always)."""
    names: list[str] = []
    for _ in range(parts):
        if path.parent == path:
            break
        names.append(path.name)
        path = path.parent
    for name in reversed(names):  # each folder's listing once its own name is right
        path /= _spelt_in(path, name)
    return path


def _spelt_in(folder: Path, name: str) -> str:
    try:
        held = [entry.name for entry in folder.iterdir()]
    except OSError:
        return name
    if name in held:
        return name
    matches = [entry for entry in held if entry.casefold() == name.casefold()]
    return matches[0] if len(matches) == 1 else name


def name_bytes(text: str) -> bytes:
    """``text`` (a path, or a key or message that holds one) as UTF-8 bytes, for a hash.

    Under a locale that cannot decode a file name (``LC_ALL=C``: ASCII), Python reads the
    bytes of ``æ`` in a folder's name as lone surrogates, which plain ``encode()`` refuses;
    here they turn back into the bytes they stand for. Text without them encodes as before.
    """
    return text.encode("utf-8", "surrogateescape")


def make_folders(folder: Path) -> list[Path]:
    """``folder`` and the folders above it, as ``mkdir(parents=True, exist_ok=True)``; the
    folders it made, outermost first (for ``remove_made_folders`` to undo).

    A file (or a link that leads nowhere) in the way is reported as what it is, a part of
    the path that is not a folder (ENOTDIR), not as the EEXIST ``mkdir`` raises for it:
    «file exists» about a file the user did not name, beside the one they did.
    """
    missing = [path for path in (folder, *folder.parents) if not os.path.lexists(path)]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        error = errno.ENOTDIR
        raise NotADirectoryError(error, os.strerror(error), exc.filename) from None
    return [path for path in reversed(missing) if path.is_dir()]


def remove_made_folders(made: list[Path]) -> None:
    """Undo ``make_folders`` after a failure: remove the folders it made, innermost first,
    each only while it is empty (a folder that holds anything, another run's file too, is
    no longer this run's to remove). Best effort: never an error of its own."""
    for folder in reversed(made):
        with suppress(OSError):
            folder.rmdir()


def atomic_write(
    path: Path, data: bytes | str, *, through_links: bool = False, within: Path | None = None
) -> None:
    """Write ``data`` to a temporary file beside ``path``, then move it into place.

    The move is atomic on one file system (Windows too), so readers see the old file or
    the new one, never a mix; on failure the temporary file is removed and ``path`` is
    untouched. ``through_links``, ``within``: see ``write_all``.
    """
    write_all({path: data}, through_links=through_links, within=within)


def write_all(
    files: Mapping[Path, bytes | str], *, through_links: bool = False, within: Path | None = None
) -> None:
    """Write every file of ``files``, all or nothing: each is first written whole to a
    temporary file beside it, and only then are they moved into place, one by one.

    A failure (or Ctrl+C) at any step puts back what was there: a file that existed is its
    old self again, a file that did not is removed; no temporary file is left. A pilot's
    files written by one command (``import``: pilot.yaml and agreement.yaml) are never half
    new and half old.

    With ``through_links``, a path that is a symbolic link to a file is written through:
    the file it names gets the new content and the link stays, as an editor saves it (for
    a document the user names: the link was replaced by a file of its own, and the file it
    named, the one published, left old). Without, the link itself is replaced: a pilot
    file is never written outside the pilot folder through a link a repository holds.
    With ``within`` (a pilot folder), a link is written through when the file it names lies
    in that folder, the file ``validate`` reads for it (``fmt`` had replaced such a link by
    a formatted copy, and left the file it named as it was); one out of it is replaced.
    """
    targets = {_target_of(path, through_links, within): path for path in files}
    try:
        _write_targets({target: files[path] for target, path in targets.items()})
    except OSError as exc:
        named = targets.get(Path(exc.filename)) if isinstance(exc.filename, str) else None
        if named is not None:
            exc.filename = str(named)  # the path the caller gave
        raise


def _target_of(path: Path, through_links: bool, within: Path | None) -> Path:
    """The path ``write_all`` writes for ``path``: the file its link names when links are
    followed (all, or those leading into ``within``), else ``path`` itself."""
    if through_links:
        return _through_link(path)
    if within is None:
        return path
    target = _through_link(path)
    return target if target.is_relative_to(resolved(within)) else path


def _through_link(path: Path) -> Path:
    """The file a symbolic link ``path`` names, when there is one; else ``path``."""
    try:
        if path.is_symlink() and path.is_file():
            return path.resolve()
    except (OSError, RuntimeError):  # a loop of links: written over as before
        pass
    return path


def _write_targets(files: Mapping[Path, bytes | str]) -> None:
    """``write_all`` of paths that are not links."""
    paths = list(files)
    for path in paths:
        if ON_WINDOWS:
            _refuse_windows_name(path)
        _refuse_read_only(path)
    written: dict[Path, Path] = {}
    made: list[Path] = []  # folders made for the files: removed again when the write fails
    done = False
    try:
        for path in paths:
            with _about(path):
                made += make_folders(path.parent)
                prefix = f".{path.name}."
                remove_stale_temporaries(path.parent, made_names(prefix, ".tmp"))
                handle = _new_temporary(path, written)
                _write_locked(handle, files[path])
                written[path].chmod(_mode_for(path))
        _move_all_into_place(written)
        done = True
    finally:
        for temporary in written.values():
            temporary.unlink(missing_ok=True)
        if not done:
            remove_made_folders(made)


#: The characters of the random part of a temporary file's name, as ``mkstemp``'s.
_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
#: How a temporary file is opened: new (never another's), written only, as ``mkstemp``
#: opens it (binary and not inherited by child processes on Windows).
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_NEW_FILE |= getattr(os, "O_NOINHERIT", 0)


def _temporary_name(path: Path) -> Path:
    """A name for a temporary file beside ``path`` as ``mkstemp`` would give it (eight
    random characters: ``made_names`` matches it), not yet taken when it was chosen."""
    while True:
        random = "".join(_NAME_CHARACTERS[b % len(_NAME_CHARACTERS)] for b in os.urandom(8))
        name = path.parent / f".{path.name}.{random}.tmp"  # «.» too, as mkstemp takes it
        if not os.path.lexists(name):
            return name


def _new_temporary(path: Path, written: dict[Path, Path]) -> int:
    """Make the temporary file for ``path``, entered in ``written`` (which the caller
    removes when done) before it is made, and return its open handle. ``mkstemp`` tells
    its name only once the file is made: Ctrl+C in between left a temporary file that
    nobody removed."""
    while True:
        written[path] = temporary = _temporary_name(path)
        try:
            return os.open(temporary, _NEW_FILE, 0o600)
        except FileExistsError:  # taken since it was chosen: not ours to remove
            del written[path]


def _write_locked(handle: int, data: bytes | str) -> None:
    """Write ``data`` through ``handle`` (a new temporary file), to the disk, under a lock
    that tells another run's ``remove_stale_temporaries`` the file is in use."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with os.fdopen(handle, "wb") as stream:
        lock_in_use(stream.fileno())
        stream.write(payload)
        stream.flush()
        os.fsync(stream.fileno())


def _move_all_into_place(written: dict[Path, Path]) -> None:
    """Move each temporary file over its path; on a failure, the files already moved are
    put back as they were (from a second name kept for each until all are in place)."""
    several = len(written) > 1
    kept: dict[Path, Path | None] = {}
    moved: list[Path] = []
    try:
        for path, temporary in written.items():
            with _about(path):
                kept[path] = old = _temporary_name(path) if several and path.is_file() else None
                if old is not None:  # named before it is made, like the temporary files
                    _keep_old(path, old)
                _move_into_place(temporary, path)
            moved.append(path)
    except BaseException:
        for path in moved:
            _put_back(path, kept[path])
        raise
    finally:
        for old in kept.values():
            if old is not None:
                old.unlink(missing_ok=True)


@contextmanager
def _about(path: Path) -> Iterator[None]:
    """A failure within names ``path`` (``OSError.filename``), the file being written, not
    the temporary file beside it nor none: the caller says which of its files failed."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None or Path(exc.filename).name.startswith(f".{path.name}."):
            exc.filename = str(path)
        raise


def _keep_old(path: Path, old: Path) -> None:
    """A second name, ``old`` (a hard link, else a copy), for the file at ``path`` before
    it is replaced. (A path without a file gets none: a new file, removed to undo.)"""
    import shutil

    try:
        os.link(path, old)
    except OSError:  # a file system without hard links (FAT, some network drives)
        shutil.copy2(path, old)


def _put_back(path: Path, old: Path | None) -> None:
    """Undo the write of ``path``: its kept old file back in place, or a new file removed."""
    try:
        if old is None:
            path.unlink(missing_ok=True)
        else:
            old.replace(path)
    except OSError:
        pass  # the failure being raised already names the file


#: How old (seconds since its last change) a temporary file must be before another run
#: removes it. The lock covers the writing; the age covers the moments without it, between
#: making the file and locking it, and between closing it (Windows cannot move a file that
#: is open) and moving it into place: milliseconds, here many times over.
STALE_AFTER = 60.0


def made_names(prefix: str, suffix: str = "") -> re.Pattern[str]:
    """The names ``tempfile.mkstemp`` and ``mkdtemp`` give with ``prefix`` and ``suffix``
    (eight of its random characters between): those of the temporary files and folders a
    killed run may have left, and no name a user gives."""
    return re.compile(f"{re.escape(prefix)}[a-z0-9_]{{8}}{re.escape(suffix)}")


def lock_in_use(handle: int) -> None:
    """Hold an advisory lock on an open temporary file (or folder) while it is written.

    The system lets go of it when the process ends however it ends (SIGKILL too), so a
    temporary that can be locked by another run is one nobody writes any more. Where there
    is no ``flock`` (Windows) nothing is held: there, a file open in another process
    cannot be removed, which keeps it just as safe.
    """
    try:
        import fcntl
    except ImportError:
        return
    with suppress(OSError):  # a file system without locks: the age alone protects it
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def abandoned(path: Path) -> bool:
    """Whether ``path`` is a temporary left by a run that ended before it could remove it:
    older than ``STALE_AFTER`` and not locked by a running process."""
    try:
        if time.time() - path.lstat().st_mtime < STALE_AFTER:
            return False
        import fcntl
    except ImportError:
        return True  # Windows: removing a file another process holds open fails there
    except OSError:
        return False
    try:
        handle = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # another process writes it
    finally:
        os.close(handle)
    return True


def remove_stale_folders(folder: Path, pattern: re.Pattern[str]) -> None:
    """Remove from ``folder`` the hidden working folders whose names ``pattern`` matches
    that a killed run left (a site half built, an import's pilot folder not yet moved into
    place); one locked by a running process (``lock_in_use``) is left alone. Where folders
    cannot be locked (Windows) none is removed: another run may be writing in it."""
    import shutil

    try:
        import fcntl  # noqa: F401 (only whether folders can be locked here)

        with os.scandir(folder) as listing:
            names = [
                entry.name
                for entry in listing
                if pattern.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)
            ]
    except (ImportError, OSError):
        return
    for name in names:
        if abandoned(folder / name):
            shutil.rmtree(folder / name, ignore_errors=True)


@contextmanager
def folder_in_use(folder: Path) -> Iterator[None]:
    """``folder`` held with ``lock_in_use`` within the block (a folder being built: another
    run's ``remove_stale_folders`` leaves it alone); nothing where a folder cannot be
    opened (Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        lock_in_use(handle)
        yield
    finally:
        os.close(handle)


def remove_stale_temporaries(folder: Path, pattern: re.Pattern[str]) -> None:
    """Remove from ``folder`` the temporary files whose names ``pattern`` matches that a
    killed run left (SIGKILL, a power cut), so that they do not pile up beside the files;
    one another process is still writing is left alone. Best effort: never an error."""
    try:
        with os.scandir(folder) as listing:
            names = [entry.name for entry in listing if pattern.fullmatch(entry.name)]
    except OSError:
        return
    for name in names:
        path = folder / name
        if abandoned(path):
            with suppress(OSError):
                path.unlink()


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


def write_or_refuse(
    path: Path,
    data: bytes | str,
    display: str,
    *,
    through_links: bool = False,
    within: Path | None = None,
) -> None:
    """``atomic_write``, with a failure (a folder of that name, a full disk, no permission)
    as the one-line ``NotWritable`` that names ``display``, not a traceback."""
    from bygdevekst_cli.errors import NotWritable

    try:
        atomic_write(path, data, through_links=through_links, within=within)
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
