"""Ids for parties and pilots: lower case ASCII, safe in file names, stable."""

from __future__ import annotations

import functools
import re
import unicodedata


@functools.cache
def _fold() -> dict[int, str]:
    """The letters folded before NFKD (``data/letters.yaml``)."""
    from bygdevekst_cli.loader import load_package_data

    return str.maketrans(load_package_data("letters.yaml")["fold"])


def slug(text: str, drop: frozenset[str] = frozenset()) -> str:
    """``Universitetet i Søraust-Noreg`` → ``universitetet-i-soraust-noreg``.

    Norwegian letters fold as the bundled pilots fold them (å→a, ø→o, æ→ae); other accents
    are dropped; words in ``drop`` are left out.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_fold()))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    words = [w for w in re.split(r"[^a-z0-9]+", ascii_text) if w and w not in drop]
    return "-".join(words)
