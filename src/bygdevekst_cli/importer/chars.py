"""Characters word processors put in text that are not letters anyone reads.

Word and LibreOffice keep a soft hyphen (an optional break, U+00AD) and zero-width breaks
and joiners in a paragraph's text, and write a non-breaking hyphen as U+2011. Left in, they
split words («fora­nkra») so that headings, party names and template sentences no longer
match; every reader passes its text through ``plain`` before anything is matched.
"""

from __future__ import annotations

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
"""Soft hyphen, zero-width space, non-joiner and joiner, word joiner, zero-width no-break."""
_HYPHENS = "\u2010\u2011"
"""Hyphen and non-breaking hyphen: the plain hyphen-minus, as names are written."""
_TABLE = {**dict.fromkeys(map(ord, _INVISIBLE)), **dict.fromkeys(map(ord, _HYPHENS), "-")}


def plain(text: str) -> str:
    """``text`` without invisible break characters, its special hyphens made plain."""
    return text.translate(_TABLE)
