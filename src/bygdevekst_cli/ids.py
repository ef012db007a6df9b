"""Ids for parties and pilots: lower case ASCII, safe in file names, stable."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def slug(text: str, drop: frozenset[str] = frozenset()) -> str:
    """``Universitetet i Søraust-Noreg`` → ``universitetet-i-soraust-noreg``.

    Norwegian letters fold as the bundled pilots fold them (å→a, ø→o, æ→ae); other accents
    are dropped; words in ``drop`` are left out.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w and w not in drop]
    return "-".join(words)
