"""Standard output and error that never fail on a character their encoding lacks.

A Windows console or a stream redirected as cp1252 cannot encode every letter a pilot's
data may hold (Northern Sami ``ŋ``, ``č``, ``ŧ``). Python raises ``UnicodeEncodeError``
there, and the command dies with exit 1, which CI reads as "errors found". Replacing what
the stream cannot encode keeps the exit code the data's.
"""

from __future__ import annotations

import io
import sys


def tolerate_narrow_encodings() -> None:
    """Make stdout and stderr replace characters they cannot encode (``?``)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="replace")
