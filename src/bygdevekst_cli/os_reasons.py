"""Why the operating system refused a file operation, in the catalogue's words.

Python's ``OSError.strerror`` is the C library's English («Permission denied», «File
exists»); put into a Norwegian message it reads as a foreign body. The common reasons are
worded here, by errno name (``errno.EACCES``; a name the platform lacks is skipped) and by
Windows' own codes where they say more than the errno Python derives from them: a file
another program holds open (Word keeps a document it has open locked: ``winerror`` 32 and
33, which Python maps to the unhelpful EACCES), a name or a path Windows refuses, and a
OneDrive placeholder that could not be fetched. A reason
not in the tables keeps the system's text, as before: better English than nothing.

``Words`` words an ``OSError`` given as a slot value with ``reason`` (``reason=exc``), so a
message and its reason are always in the same language, whenever the message is made.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bygdevekst_cli.language import Words

#: errno names and their keys in the catalogues' ``[os_error]`` table.
_ERRNO_NAMES = (
    "ENOENT",
    "EACCES",
    "EPERM",
    "EEXIST",
    "EISDIR",
    "ENOTDIR",
    "ENOSPC",
    "EROFS",
    "ENAMETOOLONG",
    "ELOOP",
    "EBUSY",
    "ETXTBSY",
    "EIO",
    "EBADF",
    "EMFILE",
    "EXDEV",
    "EINVAL",
    "EDQUOT",
    "EFBIG",
    "EILSEQ",  # a name that is not UTF-8 (``pilotfolder.refuse_undecodable``)
)
_BY_ERRNO = {
    getattr(errno, name): f"os_error.{name.lower()}"
    for name in _ERRNO_NAMES
    if hasattr(errno, name)
}

#: Windows' ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION: a file open in another program.
_BY_WINERROR = {32: "os_error.sharing_violation", 33: "os_error.lock_violation"}
#: ERROR_INVALID_NAME (Python's EINVAL: «:» or «?» in a name) and ERROR_FILENAME_EXCED_RANGE
#: (a path over 260 characters, which Python maps to ENOENT: «no such file» about a file
#: that was to be written).
_BY_WINERROR |= {123: "os_error.invalid_name", 206: "os_error.path_too_long"}
#: The Cloud Files errors of a OneDrive or SharePoint placeholder that could not be fetched
#: (Python's EINVAL or EIO): the provider not running, the network gone, the download failed,
#: aborted or cancelled, the sign-in failed, the provider ended.
_BY_WINERROR |= dict.fromkeys((362, 386, 388, 389, 393, 398, 404), "os_error.cloud_file")


def reason_key(exc: OSError) -> str | None:
    """The catalogue key of ``exc``'s reason; None when the tables do not know it. The
    Windows code comes first: it says more than the errno Python derives from it."""
    winerror = getattr(exc, "winerror", None)
    if winerror in _BY_WINERROR:
        return _BY_WINERROR[winerror]
    return _BY_ERRNO.get(exc.errno) if exc.errno is not None else None


def reason(exc: OSError, words: Words | None = None) -> str:
    """``exc``'s reason in ``words``'s language (default: the command line's); the system's
    own text when the tables do not know it."""
    key = reason_key(exc)
    if key is None:
        return exc.strerror or str(exc)
    if words is None:
        from bygdevekst_cli.language import cli_words

        words = cli_words()
    return words(key)


def exception_reason(exc: BaseException, words: Words | None = None) -> str:
    """One line on why reading a foreign file failed: an ``OSError``'s reason in the
    catalogue's words, else the first line of the library's message (or the exception's
    name when it has none)."""
    if isinstance(exc, OSError):
        return reason(exc, words)
    return str(exc).strip().split("\n")[0] or type(exc).__name__
