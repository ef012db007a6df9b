"""Standard output and error that never fail on a character their encoding lacks.

A Windows console or a stream redirected as cp1252 cannot encode every letter a pilot's
data may hold (Northern Sami ``ŋ``, ``č``, ``ŧ``). Python raises ``UnicodeEncodeError``
there, and the command dies with exit 1, which CI reads as "errors found". Replacing what
the stream cannot encode keeps the exit code the data's.

The replacement is readable: the signs the tool's own texts use (``→`` between an old and
a new value, the minus sign, no-break spaces, quotation marks and dashes) become their ASCII
look-alikes, so that ``planlagt → avslutta`` does not read as ``planlagt ? avslutta``. A
letter becomes ``?``: a file name spelt with another letter would name a file that does not
exist. Under a C locale (``LC_ALL=C``) Python writes a file name it could not decode back as
the bytes it was (``surrogateescape``); that stays so, while a letter of the data no longer
stops the command there.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

#: The error handlers' names (``codecs.register_error``): a file name's undecodable byte
#: becomes ``?``, or, for a stream that wrote it back (``surrogateescape``), that byte.
READABLE = "bygdevekst-readable"
READABLE_ESCAPED = "bygdevekst-readable-escaped"

_LOOK_ALIKES = {
    "\u2192": "->",  # → between an old and a new value
    "\u2190": "<-",
    "\u2212": "-",  # − minus sign
    "\u2013": "-",  # – en dash
    "\u2014": "-",  # — em dash
    "\u00a0": " ",  # no-break space (thousands in amounts, before %)
    "\u202f": " ",  # narrow no-break space
    "\u2009": " ",  # thin space
    "\u00ab": '"',  # «
    "\u00bb": '"',  # »
    "\u201c": '"',  # “
    "\u201d": '"',  # ”
    "\u2018": "'",  # ‘
    "\u2019": "'",  # ’
    "\u2026": "...",  # …
    "\u2022": "*",  # •
    "\u00d7": "x",  # ×
    "\u00ad": "",  # soft hyphen
}

_ESCAPED = range(0xDC80, 0xDD00)
"""Lone surrogates that stand for an undecodable byte of a file name (``surrogateescape``)."""


def _readable(error: UnicodeError, *, escaped: bool = False) -> tuple[str | bytes, int]:
    """The replacement for the first character ``error`` names, and where to go on."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    character = error.object[error.start]
    if escaped and ord(character) in _ESCAPED:
        return bytes([ord(character) - 0xDC00]), error.start + 1
    return _LOOK_ALIKES.get(character, "?"), error.start + 1


def _readable_escaped(error: UnicodeError) -> tuple[str | bytes, int]:
    return _readable(error, escaped=True)


def _register() -> None:
    try:
        codecs.lookup_error(READABLE)
    except LookupError:
        codecs.register_error(READABLE, _readable)
        codecs.register_error(READABLE_ESCAPED, _readable_escaped)


def tolerate_narrow_encodings() -> None:
    """Make stdout and stderr replace characters they cannot encode, readably.

    A stream that already replaces (``PYTHONIOENCODING=cp1252:replace``) keeps its choice;
    one that fails on them (``strict``, and ``surrogateescape`` for anything but a file
    name's byte, as under ``LC_ALL=C``) gets the readable replacement.
    """
    _register()
    chosen = {"strict": READABLE, "surrogateescape": READABLE_ESCAPED}
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in chosen:
            stream.reconfigure(errors=chosen[stream.errors])


class ClosedOutput(io.TextIOBase):
    """Standard output for a command started with it closed (``bygdevekst validate >&-``,
    where Python sets ``sys.stdout`` to None): a write fails as on a closed file, so that
    the command says it cannot write its output instead of failing on None."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    @property
    def buffer(self) -> io.BytesIO:
        """The binary side, which fails alike: ``render -o -`` and ``overview -f xlsx``
        write their bytes there (it was missing: an AttributeError's traceback)."""
        return _ClosedBytes()


class _ClosedBytes(io.BytesIO):
    """``ClosedOutput.buffer``: a write fails as on a closed file."""

    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


#: The exit status of a command whose reader closed the pipe before it had written all
#: (``bygdevekst validate --list-rules | head -3``): 128 + 13 (SIGPIPE), the status a shell
#: gives git or ``cat`` killed by SIGPIPE there, so ``set -o pipefail`` reads both alike.
CLOSED_PIPE = 141


@contextmanager
def closed_pipe_ends_quietly() -> Iterator[None]:
    """Within this block, output or error output whose reader has gone (``| head``) ends the
    command with ``CLOSED_PIPE`` and nothing more written: no traceback, and no "Exception
    ignored" at exit. Standard output and error then write to the null device (as Python's
    documentation of ``SIGPIPE`` shows), so what is still buffered is flushed there.

    Not SIGPIPE's default action: that would kill the command in the middle of a write to
    git (``cat-file --batch``) rather than let it say what went wrong."""
    try:
        yield
    except OSError as error:
        if not isinstance(error, BrokenPipeError) and error.errno != errno.EPIPE:
            raise
        _write_nowhere()
        raise SystemExit(CLOSED_PIPE) from None


def _write_nowhere() -> None:
    """Point the file descriptors of standard output and error at the null device."""
    nowhere = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (sys.stdout, sys.stderr):
            try:
                os.dup2(nowhere, stream.fileno())
            except (OSError, ValueError):  # a test's capture has no descriptor
                continue
    finally:
        os.close(nowhere)


#: Output formats other programs read, and read as UTF-8: JSON (which must be UTF-8), SARIF,
#: GitLab's Code Quality JSON, JUnit XML (which says it is UTF-8), GitHub's workflow commands
#: (the runner decodes UTF-8), and Markdown (a document, as ``render -o -`` writes it).
UTF8_FORMATS = frozenset({"json", "sarif", "gitlab", "junit", "github", "markdown"})


@contextmanager
def stdout_for(output_format: str) -> Iterator[TextIO]:
    """Standard output for ``output_format``: the console's own for text, UTF-8 for the
    ``UTF8_FORMATS`` whatever the console's encoding. On a cp1252 console (Windows, its
    output redirected to a file) a letter it lacks became ``?`` in a file name of the JSON,
    one no reader finds, and JUnit XML declared UTF-8 over cp1252 bytes."""
    stream = sys.stdout
    if output_format not in UTF8_FORMATS or not _narrow(stream):
        yield stream
        return
    assert isinstance(stream, io.TextIOWrapper)
    stream.flush()
    _register()
    wide = io.TextIOWrapper(stream.buffer, encoding="utf-8", errors=READABLE, write_through=True)
    try:
        yield wide
    finally:
        wide.flush()
        wide.detach()  # standard output stays open for the rest of the command


def _narrow(stream: TextIO) -> bool:
    """Whether ``stream`` is a text stream over bytes in an encoding other than UTF-8."""
    if not isinstance(stream, io.TextIOWrapper):
        return False  # a test's capture, or a stream a caller put there: left as it is
    return codecs.lookup(stream.encoding).name != "utf-8"
