"""The largest file read (BV007), and reading a file only when it is not larger.

Apart from the loader, so that reading a pilot's files for the cache (``resultcache``),
which must not import the parser, refuses a file too large unread as well.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

MAX_BYTES = 1024 * 1024
"""Largest file accepted: a plan is some 10 KB; anything near this is a mistake."""


class FileTooLarge(OSError):
    """A file over ``MAX_BYTES``, refused from its size before a byte of it is read (BV007):
    a file of gigabytes given by mistake (a log, a disk image named .yaml) was read whole
    into memory only to be refused."""

    def __init__(self, size: int, filename: str) -> None:
        super().__init__(errno.EFBIG, os.strerror(errno.EFBIG), filename)
        self.size = size


def read_within_limit(path: Path) -> bytes:
    """``path``'s bytes; ``FileTooLarge``, unread, when its size is over ``MAX_BYTES``. A
    file that grows past it between the two is still refused, by the loader's own check
    of the bytes read."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise FileTooLarge(size, str(path))
    return path.read_bytes()
